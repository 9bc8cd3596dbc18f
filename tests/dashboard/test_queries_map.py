"""Map reads: amounts per unit of a map, carried across the crosswalk, exact where not split."""

from __future__ import annotations

from sqlalchemy import Engine, text

from dashboard.queries.map import map_values, unit_amounts, unit_trend
from dashboard.queries.scope import Scope
from tests.app_fixtures import add_disbursements, add_plans


def _shares(engine: Engine, column: str, code: str) -> dict[str, float]:
    other = "new_code" if column == "old_code" else "old_code"
    with engine.connect() as conn:
        rows = conn.execute(
            text(f"SELECT {other}, share FROM unit_crosswalk WHERE {column} = :c"), {"c": code}
        ).all()
    return dict(rows)


def test_commune_amounts_on_their_own_vintage_are_exact(engine: Engine) -> None:
    add_plans(engine, [dict(year=2024, unit_code="31268", province_code="92", amount_vnd=7),
                       dict(year=2024, unit_code="31268", province_code="92", amount_vnd=5,
                            kind="recurrent")])  # fmt: skip
    add_disbursements(engine, [dict(year=2024, month=3, unit_code="31268", province_code="92",
                                    amount_vnd=4)])  # fmt: skip
    frame = unit_amounts(engine, Scope(year=2024, vintage=2024), "commune")
    assert frame.to_dict("records") == [{"code": "31268", "allocated": 12, "disbursed": 4}]


def test_months_after_upto_month_are_left_out(engine: Engine) -> None:
    rows = [dict(year=2024, month=m, unit_code="31268", province_code="92", amount_vnd=m)
            for m in (1, 2, 3)]  # fmt: skip
    add_disbursements(engine, rows)
    frame = unit_amounts(engine, Scope(year=2024, upto_month=2, vintage=2024), "province")
    assert frame.to_dict("records") == [{"code": "92", "allocated": 0, "disbursed": 3}]


def test_a_divided_legacy_commune_is_split_by_crosswalk_share(engine: Engine) -> None:
    add_plans(engine, [dict(year=2025, unit_code="31268", province_code="92",
                            amount_vnd=1_000_000)])  # fmt: skip
    frame = unit_amounts(engine, Scope(year=2025, vintage=2025), "commune")
    shares = _shares(engine, "old_code", "31268")
    parts = dict(zip(frame["code"], frame["allocated"], strict=True))
    assert parts.keys() == shares.keys()
    assert all(abs(parts[code] - 1_000_000 * share) < 1 for code, share in shares.items())
    assert frame["allocated"].sum() == 1_000_000  # whole đồng, largest remainders


def test_legacy_province_goes_wholly_into_its_new_province(engine: Engine) -> None:
    add_plans(engine, [dict(year=2025, unit_code="31268", province_code="92", amount_vnd=999)])
    frame = unit_amounts(engine, Scope(year=2025, vintage=2025), "province")
    assert frame["allocated"].tolist() == [999]
    assert len(frame) == 1


def test_a_new_commune_is_split_back_over_its_old_communes(engine: Engine) -> None:
    shares = _shares(engine, "new_code", "31288")
    add_disbursements(engine, [dict(year=2025, month=8, vintage=2025, unit_code="31288",
                                    province_code="92", amount_vnd=1_000_000)])  # fmt: skip
    frame = unit_amounts(engine, Scope(year=2025, vintage=2024), "commune")
    total = sum(shares.values())
    parts = dict(zip(frame["code"], frame["disbursed"], strict=True))
    assert parts.keys() == shares.keys()
    assert all(abs(parts[c] - 1_000_000 * share / total) < 1 for c, share in shares.items())
    assert frame["disbursed"].sum() == 1_000_000


def test_rate_and_remaining_per_unit(engine: Engine) -> None:
    add_plans(engine, [dict(year=2024, unit_code="02", province_code="02", amount_vnd=200)])
    add_disbursements(engine, [dict(year=2024, month=1, amount_vnd=50)])
    frame = map_values(engine, Scope(year=2024, vintage=2024), "province", (2024, 12))
    row = frame.iloc[0]
    assert (row["code"], row["remaining"], row["rate"]) == ("02", 150, 0.25)


def test_trend_fills_months_without_payments(engine: Engine) -> None:
    add_disbursements(engine, [dict(year=2024, month=2, unit_code="31268", province_code="92",
                                    amount_vnd=10)])  # fmt: skip
    trend = unit_trend(engine, Scope(year=2024, upto_month=3, vintage=2024), "31268")
    assert trend["cumulative"].tolist() == [0, 10, 10]

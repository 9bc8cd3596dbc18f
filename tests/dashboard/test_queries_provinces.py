"""Province and project progress, the pace benchmark and the lagging provinces, on exact rows."""

from sqlalchemy import Engine

from dashboard.queries.pace import complete_years, expected_rate, pace_gap
from dashboard.queries.provinces import behind_pace, project_progress, province_progress
from tests.app_fixtures import BN, add_disbursements, add_plans, subproject_id


def seed(engine: Engine) -> None:
    """2024: Hà Giang (02) 100 bn, 40 paid by June; Cao Bằng (04) 200 bn, 150 paid.
    2025: Hà Giang plans 80 bn (legacy), pays 10 in March (legacy) and 30 in August on Tuyên
    Quang (08), the post-reform province it went into."""
    da6 = subproject_id(engine, "DA6")
    add_plans(engine, [
        dict(year=2024, amount_vnd=100 * BN + 1),
        dict(year=2024, unit_code="04", province_code="04", amount_vnd=150 * BN),
        dict(year=2024, unit_code="04", province_code="04", amount_vnd=50 * BN,
             subproject_id=da6, kind="recurrent"),
        dict(year=2025, amount_vnd=80 * BN),
    ])  # fmt: skip
    add_disbursements(engine, [
        dict(year=2024, month=6, amount_vnd=40 * BN),
        dict(year=2024, month=5, unit_code="04", province_code="04", amount_vnd=150 * BN),
        dict(year=2025, month=3, amount_vnd=10 * BN),
        dict(year=2025, month=8, vintage=2025, unit_code="08", province_code="08",
             amount_vnd=30 * BN + 3),
    ])  # fmt: skip


def test_province_progress_is_exact(engine: Engine) -> None:
    seed(engine)
    frame = province_progress(engine, 2024, 12).set_index("province_code")
    assert frame.loc["02", "allocated"] == 100 * BN + 1
    assert frame.loc["04", "disbursed"] == 150 * BN
    assert frame.loc["04", "rate"] == 0.75
    assert frame.loc["02", "name"] == "Hà Giang"


def test_a_2025_plan_on_legacy_units_meets_its_reports_on_the_new_province(engine: Engine) -> None:
    seed(engine)
    frame = province_progress(engine, 2025, 12).set_index("province_code")
    assert list(frame.index) == ["08"]
    assert frame.loc["08", "allocated"] == 80 * BN
    assert frame.loc["08", "disbursed"] == 40 * BN + 3
    assert frame.loc["08", "name"] == "Tuyên Quang"


def test_month_cut_applies_to_disbursement_only(engine: Engine) -> None:
    seed(engine)
    frame = province_progress(engine, 2025, 6).set_index("province_code")
    assert frame.loc["08", "allocated"] == 80 * BN
    assert frame.loc["08", "disbursed"] == 10 * BN


def test_project_progress_follows_the_catalogue(engine: Engine) -> None:
    seed(engine)
    frame = project_progress(engine, 2024, 12).set_index("project")
    assert list(frame.index) == ["DA4", "DA6"]
    assert frame.loc["DA4", "allocated"] == 250 * BN + 1
    assert frame.loc["DA6", "disbursed"] == 0
    assert frame.loc["DA6", "name_vi"].startswith("Bảo tồn")


def test_behind_pace_names_the_project_and_kind_holding_the_gap(engine: Engine) -> None:
    seed(engine)
    frame = behind_pace(engine, 2024, 12, expected=0.7, count=1)
    assert frame.province_code.tolist() == ["02"]
    row = frame.iloc[0]
    assert (row.project, row.kind) == ("DA4", "investment")
    assert row.shortfall == round((100 * BN + 1) * 0.7) - 40 * BN


def test_expected_rate_averages_complete_past_years(engine: Engine) -> None:
    seed(engine)
    # 2024 is the only complete year before 2025: by June 40 of 300 bn (+1 đồng) were paid...
    # ...and by May 150 more, so by June 190 / (300 bn + 1).
    assert complete_years(2025, (2025, 12)) == (2022, 2023, 2024)
    rate = expected_rate(engine, 2025, 6, (2025, 12))
    assert rate == 190 * BN / (300 * BN + 1)
    assert expected_rate(engine, 2025, 4, (2025, 12)) == 0.0
    assert pace_gap(0.5, rate) == 0.5 - rate
    assert pace_gap(None, rate) is None


def test_province_map_sends_every_old_province_into_one_new(engine: Engine) -> None:
    from dashboard.queries.scope import province_map, provinces_in_vintage

    with engine.connect() as conn:
        mapping = province_map(conn)
        assert len(mapping) == 63 and len(set(mapping.values())) == 34
        assert mapping["02"] == mapping["08"] == "08"  # Hà Giang went into Tuyên Quang
        assert province_map(conn) == mapping  # kept, and a copy each time
        mapping["02"] = "xx"
        assert province_map(conn)["02"] == "08"
        assert provinces_in_vintage(conn, ("08",), 2025, 2024) == ("02", "08")

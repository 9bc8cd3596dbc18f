"""The overview's reads on a real (SQLite) database with a few fact rows, compared to the đồng."""

from datetime import datetime

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from sqlalchemy import Connection, Engine

from dashboard import queries
from dashboard.queries import DataStatus, Totals
from tests.app_fixtures import BN, add_batch, add_disbursements, add_plans, put_meta

ODD = 123_456_789  # amounts carry odd đồng, so any float rounding on the way would show


def test_data_status_of_an_empty_database(engine: Engine) -> None:
    assert queries.data_status(engine) == DataStatus(data_version=0, is_demo=False, data_as_of=None)


def test_data_status_reads_meta(engine: Engine) -> None:
    put_meta(engine, data_version="7", demo="1", data_as_of="2026-10")
    status = queries.data_status(engine)
    assert (status.data_version, status.is_demo, status.data_as_of) == (7, True, (2026, 10))


def test_data_as_of_falls_back_to_the_latest_disbursement(engine: Engine) -> None:
    add_disbursements(
        engine,
        [
            dict(year=2025, month=11, amount_vnd=1),
            dict(year=2026, month=3, amount_vnd=1),
            dict(year=2026, month=2, amount_vnd=1),
        ],
    )
    assert queries.data_status(engine).data_as_of == (2026, 3)


def test_data_status_counts_import_batches(engine: Engine) -> None:
    add_batch(engine, datetime(2026, 11, 2, 9, 30))
    add_batch(engine, datetime(2026, 11, 20, 8, 0))
    add_batch(engine, datetime(2026, 11, 21, 8, 0), rows=0)  # brought nothing in
    status = queries.data_status(engine)
    assert (status.batches, status.last_import) == (2, datetime(2026, 11, 20).date())


@pytest.mark.parametrize("value", ["", "2026", "2026-13", "abc-de"])
def test_parse_month_rejects_malformed_values(value: str) -> None:
    assert queries.parse_month(value) is None


def _year_2026(engine: Engine | Connection) -> None:
    add_plans(
        engine,
        [
            dict(year=2026, kind="investment", amount_vnd=600 * BN + ODD),
            dict(year=2026, kind="recurrent", amount_vnd=400 * BN + 1),
            dict(year=2026, kind="investment", carry_over=True, amount_vnd=50 * BN + 7),
            dict(year=2025, kind="investment", amount_vnd=999 * BN),  # another year
        ],
    )
    add_disbursements(
        engine,
        [
            dict(year=2026, month=1, kind="investment", amount_vnd=100 * BN + 3),
            dict(year=2026, month=2, kind="investment", amount_vnd=200 * BN + 5),
            dict(year=2026, month=2, kind="recurrent", amount_vnd=40 * BN + 11),
            dict(year=2026, month=2, kind="investment", carry_over=True, amount_vnd=20 * BN + 13),
            dict(year=2026, month=3, kind="investment", amount_vnd=77 * BN),  # after the cut-off
            dict(year=2025, month=2, kind="investment", amount_vnd=555 * BN),  # another year
        ],
    )


def test_national_summary_totals(engine: Engine) -> None:
    _year_2026(engine)
    summary = queries.national_summary(engine, 2026, 2)
    assert summary.total == Totals(1050 * BN + ODD + 8, 360 * BN + 32)
    assert summary.total.rate == pytest.approx((360 * BN + 32) / (1050 * BN + ODD + 8))


def test_national_summary_by_kind(engine: Engine) -> None:
    _year_2026(engine)
    summary = queries.national_summary(engine, 2026, 2)
    assert summary.by_kind == {
        "investment": Totals(650 * BN + ODD + 7, 320 * BN + 21),
        "recurrent": Totals(400 * BN + 1, 40 * BN + 11),
    }


def test_national_summary_by_plan(engine: Engine) -> None:
    _year_2026(engine)
    summary = queries.national_summary(engine, 2026, 2)
    assert summary.by_plan == {
        "current": Totals(1000 * BN + ODD + 1, 340 * BN + 19),
        "carry_over": Totals(50 * BN + 7, 20 * BN + 13),
    }


def test_national_summary_counts_months_up_to_the_cut_off(engine: Engine) -> None:
    _year_2026(engine)
    assert queries.national_summary(engine, 2026, 1).total.disbursed == 100 * BN + 3
    assert queries.national_summary(engine, 2026, 12).total.disbursed == 437 * BN + 32


def test_national_summary_of_a_year_without_data(engine: Engine) -> None:
    summary = queries.national_summary(engine, 2030, 12)
    assert summary.total == Totals(0, 0)
    assert summary.total.rate is None
    assert not summary.has_data
    assert summary.by_kind == {"investment": Totals(0, 0), "recurrent": Totals(0, 0)}


def test_cross_reform_year_is_a_plain_sum(engine: Engine) -> None:
    """2025: plan on legacy units (Hà Giang 02, Tuyên Quang 08), January-June disbursed on the
    same legacy units, July-December on post-reform units (Tuyên Quang 08 absorbed Hà Giang)."""
    add_plans(
        engine,
        [
            dict(
                year=2025, vintage=2024, unit_code="02", province_code="02", amount_vnd=700 * BN + 1
            ),
            dict(
                year=2025, vintage=2024, unit_code="08", province_code="08", amount_vnd=300 * BN + 2
            ),
        ],
    )
    first_half = [
        dict(
            year=2025,
            month=m,
            vintage=2024,
            unit_code="02",
            province_code="02",
            amount_vnd=10 * BN + m,
        )
        for m in range(1, 7)
    ]
    second_half = [
        dict(
            year=2025,
            month=m,
            vintage=2025,
            unit_code="08",
            province_code="08",
            amount_vnd=50 * BN + m,
        )
        for m in range(7, 13)
    ]
    add_disbursements(engine, first_half + second_half)
    summary = queries.national_summary(engine, 2025, 12)
    assert summary.total == Totals(1000 * BN + 3, 360 * BN + sum(range(1, 13)))
    assert queries.national_summary(engine, 2025, 9).total.disbursed == (
        60 * BN + 21 + 150 * BN + 7 + 8 + 9
    )


def test_summary_by_kind(engine: Engine) -> None:
    _year_2026(engine)
    frame = queries.summary_by_kind(engine, 2026, 2)
    expected = pd.DataFrame(
        {
            "kind": ["investment", "recurrent"],
            "allocated": [650 * BN + ODD + 7, 400 * BN + 1],
            "disbursed": [320 * BN + 21, 40 * BN + 11],
        }
    )
    expected["rate"] = expected["disbursed"] / expected["allocated"]
    assert_frame_equal(frame, expected)


def test_summary_by_kind_lists_both_kinds_without_data(engine: Engine) -> None:
    frame = queries.summary_by_kind(engine, 2026, 12)
    assert frame["kind"].tolist() == ["investment", "recurrent"]
    assert frame[["allocated", "disbursed"]].to_numpy().tolist() == [[0, 0], [0, 0]]
    assert frame["rate"].isna().all()


def test_yearly_summary_cuts_the_current_year_at_data_as_of(engine: Engine) -> None:
    _year_2026(engine)
    put_meta(engine, data_as_of="2026-02")
    frame = queries.yearly_summary(engine)
    expected = pd.DataFrame(
        {
            "year": [2025, 2026],
            "allocated": [999 * BN, 1050 * BN + ODD + 8],
            "disbursed": [555 * BN, 360 * BN + 32],
        }
    )
    expected["rate"] = expected["disbursed"] / expected["allocated"]
    expected["upto_month"] = [12, 2]
    assert_frame_equal(frame, expected)


def test_yearly_summary_without_data_as_of_counts_every_month(engine: Engine) -> None:
    _year_2026(engine)
    frame = queries.yearly_summary(engine)  # as of falls back to the latest month: 2026-03
    assert frame.loc[frame.year == 2026, "disbursed"].item() == 437 * BN + 32


def test_yearly_summary_counts_nothing_after_the_data_as_of_year(engine: Engine) -> None:
    add_plans(engine, [dict(year=2026, amount_vnd=10 * BN), dict(year=2027, amount_vnd=5 * BN)])
    add_disbursements(engine, [dict(year=2027, month=1, amount_vnd=BN)])
    put_meta(engine, data_as_of="2026-12")
    frame = queries.yearly_summary(engine).set_index("year")
    assert frame.loc[2027, "disbursed"] == 0
    assert frame.loc[2027, "upto_month"] == 0


def test_yearly_summary_has_years_with_only_one_side(engine: Engine) -> None:
    add_plans(engine, [dict(year=2021, amount_vnd=5 * BN)])
    add_disbursements(engine, [dict(year=2022, month=1, amount_vnd=BN + 1)])
    put_meta(engine, data_as_of="2022-01")
    frame = queries.yearly_summary(engine)
    assert frame[["year", "allocated", "disbursed"]].to_numpy().tolist() == [
        [2021, 5 * BN, 0],
        [2022, 0, BN + 1],
    ]
    assert pd.isna(frame.loc[1, "rate"])


def test_yearly_summary_of_an_empty_database(engine: Engine) -> None:
    frame = queries.yearly_summary(engine)
    assert frame.empty
    assert list(frame.columns) == ["year", "allocated", "disbursed", "rate", "upto_month"]


def test_reads_accept_a_connection(engine: Engine) -> None:
    _year_2026(engine)
    with engine.connect() as conn:
        assert queries.national_summary(conn, 2026, 2).total.allocated == 1050 * BN + ODD + 8
        assert queries.available_years(conn) == [2025, 2026]


def test_available_years(engine: Engine) -> None:
    add_plans(engine, [dict(year=2023, amount_vnd=1)])
    add_disbursements(engine, [dict(year=2021, month=5, amount_vnd=1)])
    assert queries.available_years(engine) == [2021, 2023]


class TestPeriods:
    def test_default_year_is_the_data_as_of_year(self) -> None:
        assert queries.default_year([2024, 2025, 2026], (2025, 12)) == 2025

    def test_default_year_without_as_of_is_the_latest(self) -> None:
        assert queries.default_year([2024, 2026], None) == 2026
        assert queries.default_year([], None) is None

    def test_upto_month(self) -> None:
        assert queries.upto_month_for(2025, (2026, 10)) == 12
        assert queries.upto_month_for(2026, (2026, 10)) == 10
        assert queries.upto_month_for(2027, (2026, 10)) == 0
        assert queries.upto_month_for(2026, None) == 12


@pytest.mark.postgres
def test_sums_are_exact_integers_on_postgresql(pg_engine: Engine) -> None:
    """PostgreSQL's SUM(bigint) is NUMERIC: the reads cast it back, so it arrives as an int.
    The rows live in a transaction that is rolled back: the shared database stays as it was."""
    with pg_engine.connect() as conn, conn.begin() as transaction:
        _year_2026(conn)
        summary = queries.national_summary(conn, 2026, 2)
        frame = queries.yearly_summary(conn)
        transaction.rollback()
    assert summary.total == Totals(1050 * BN + ODD + 8, 360 * BN + 32)
    assert type(summary.total.allocated) is int
    assert frame["allocated"].tolist() == [999 * BN, 1050 * BN + ODD + 8]

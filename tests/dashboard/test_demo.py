import pandas as pd
import pytest
from sqlalchemy import Engine, text

from dashboard.db import get_meta
from dashboard.demo.classification import province_targets
from dashboard.demo.writer import RealDataPresent, load_demo

AS_OF = (2026, 10)


@pytest.fixture(scope="module")
def demo_engine(seeded_sqlite_file, tmp_path_factory) -> Engine:
    import shutil

    from dashboard.db import make_engine

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copy(seeded_sqlite_file, path)
    engine = make_engine(f"sqlite:///{path}")
    load_demo(engine, rows=60_000, seed=7, as_of=AS_OF)
    return engine


def frame(engine: Engine, sql: str) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql(text(sql), conn)


def test_targets_follow_the_published_counts() -> None:
    targets = province_targets()
    assert len(targets) == 51
    assert targets.em.sum() == 3_434
    assert (targets.iii.sum(), targets.ii.sum(), targets.i.sum()) == (1_551, 210, 1_673)
    assert (targets.iii > 0).sum() == 39
    assert targets.loc["02", "iii"] == 133 and targets.loc["14", "iii"] == 126
    assert targets.loc["17"].tolist() == [145, 59, 12, 74]


def test_classification_is_written_for_both_vintages(demo_engine: Engine) -> None:
    counts = frame(demo_engine, "SELECT vintage, region, count(*) n FROM admin_unit "
                                "WHERE em_area GROUP BY vintage, region")  # fmt: skip
    legacy = counts[counts.vintage == 2024].set_index("region").n
    assert legacy.to_dict() == {"I": 1_673, "II": 210, "III": 1_551}
    assert counts[counts.vintage == 2025].n.sum() > 1_000


def test_units_match_the_vintage_of_their_period(demo_engine: Engine) -> None:
    wrong = frame(
        demo_engine,
        """
        SELECT count(*) n FROM disbursement d LEFT JOIN admin_unit u
          ON u.vintage = d.vintage AND u.code = d.unit_code AND u.level = 'commune'
        WHERE u.code IS NULL
           OR (d.vintage = 2024) != (d.year * 100 + d.month < 202507)""",
    )
    assert wrong.n.iloc[0] == 0
    assert frame(demo_engine, "SELECT count(*) n FROM disbursement WHERE vintage = 2025").n[0] > 0


def test_disbursement_never_exceeds_a_plan_cell(demo_engine: Engine) -> None:
    over = frame(
        demo_engine,
        """
        WITH paid AS (
          SELECT year, vintage, unit_code, subproject_id, source, kind, carry_over,
                 sum(amount_vnd) paid
          FROM disbursement WHERE vintage = 2024 AND year < 2025 GROUP BY 1, 2, 3, 4, 5, 6, 7)
        SELECT p.year, p.unit_code, p.amount_vnd, paid.paid FROM paid JOIN capital_plan p
          USING (year, vintage, unit_code, subproject_id, source, kind, carry_over)
        WHERE paid.paid > p.amount_vnd""",
    )
    planned = frame(demo_engine, "SELECT count(*) n FROM capital_plan WHERE year < 2025").n[0]
    assert planned > 0
    assert over.empty


def test_recurrent_lags_investment_and_december_surges(demo_engine: Engine) -> None:
    rates = frame(
        demo_engine,
        """
        SELECT p.year, p.kind, 1.0 * d.paid / p.planned rate FROM
          (SELECT year, kind, sum(amount_vnd) planned FROM capital_plan
           WHERE NOT carry_over GROUP BY 1, 2) p
        JOIN (SELECT year, kind, sum(amount_vnd) paid FROM disbursement
              WHERE NOT carry_over GROUP BY 1, 2) d USING (year, kind)
        WHERE p.year BETWEEN 2022 AND 2025""",
    ).pivot(index="year", columns="kind", values="rate")
    assert (rates.recurrent < rates.investment).all()
    assert rates.investment.between(0.45, 0.95).all()
    months = (
        frame(
            demo_engine,
            "SELECT month, sum(amount_vnd) s FROM disbursement WHERE year = 2024 GROUP BY 1",
        )
        .set_index("month")
        .s
    )
    assert months.idxmax() == 12


def test_provinces_spread_widely(demo_engine: Engine) -> None:
    rates = frame(
        demo_engine,
        """
        SELECT p.province_code, 1.0 * d.paid / p.planned rate FROM
          (SELECT province_code, sum(amount_vnd) planned FROM capital_plan
           WHERE year = 2024 GROUP BY 1) p
        JOIN (SELECT province_code, sum(amount_vnd) paid FROM disbursement
              WHERE year = 2024 AND month <= 10 GROUP BY 1) d USING (province_code)""",
    )
    assert rates.rate.max() - rates.rate.min() > 0.3


def test_central_allocation_is_near_the_reported_total(demo_engine: Engine) -> None:
    central = frame(
        demo_engine,
        "SELECT sum(amount_vnd) s FROM capital_plan WHERE "
        "source = 'central' AND NOT carry_over AND year <= 2025",
    ).s[0]
    assert 85_000e9 < central < 98_000e9  # reported: 89,728 bn allocated by August 2025


def test_meta_marks_demo_and_as_of(demo_engine: Engine) -> None:
    assert get_meta(demo_engine, "demo") == "1"
    assert get_meta(demo_engine, "data_as_of") == "2026-10"
    latest = frame(demo_engine, "SELECT max(year * 100 + month) m FROM disbursement").m[0]
    assert latest == 202610


def test_reports_are_received_mostly_on_time_and_a_few_are_missing(demo_engine: Engine) -> None:
    from dashboard.queries.scope import Scope
    from dashboard.reporting import LATE, MISSING, REPORTED, reporting

    result = reporting(demo_engine, Scope(year=2026), pd.Timestamp(2026, 11, 20).date())
    statuses = result.grid.status.value_counts()
    assert statuses[REPORTED] > 3 * statuses[LATE] > 0
    october = result.grid[result.grid.month == 10]
    missing = october[october.status == MISSING].province_code.tolist()
    assert len(missing) == 3
    paid = frame(demo_engine, "SELECT DISTINCT province_code FROM disbursement "
                              "WHERE year = 2026 AND month = 10")  # fmt: skip
    assert not set(missing) & set(paid.province_code)  # not received: not in the figures
    received = frame(demo_engine, "SELECT max(received_at) m FROM import_coverage").m[0]
    assert pd.Timestamp(received) <= pd.Timestamp.now()  # none received after the load


def test_same_seed_gives_the_same_data(engine: Engine, demo_engine: Engine) -> None:
    load_demo(engine, rows=60_000, seed=7, as_of=AS_OF)
    sql = "SELECT year, kind, sum(amount_vnd) s, count(*) n FROM disbursement GROUP BY 1, 2"
    pd.testing.assert_frame_equal(frame(engine, sql), frame(demo_engine, sql))


def test_demo_refuses_to_replace_real_imports(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO import_batch (kind, filename, sha256, started_at, status, rows_read, "
            "rows_accepted, rows_rejected, rows_warned, is_demo) "
            "VALUES ('disbursement', 'real.xlsx', 'abc', '2026-01-01', 'ok', 1, 1, 0, 0, 0)"
        ))  # fmt: skip
    with pytest.raises(RealDataPresent):
        load_demo(engine, rows=10_000, seed=1, as_of=AS_OF)

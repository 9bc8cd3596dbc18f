"""An officer imports for the provinces granted to them, and nothing else: rows of other
provinces are rejected with the province named, whatever the options; reference data is for
administrators."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from sqlalchemy import Engine

from dashboard.access import ADMIN, ANALYST, OFFICER, Viewer
from dashboard.importer import ImportFailed, import_file
from dashboard.importing.grants import options_for
from dashboard.importing.review import commit_reviewed, review_file
from dashboard.models import CapitalPlan, Disbursement, IndicatorValue
from tests.dashboard.import_helpers import add_indicators, table, write_csv

# Hà Giang (legacy 02) merged into Tuyên Quang (08); Lai Châu (12) is another province
OFFICER_08 = Viewer("officer.tq", OFFICER, frozenset({"08"}))
HG1, HG2, LC1, LC2 = "00949", "00700", "03400", "03405"
MINE = (HG1, HG2, LC1, LC2)
HEADER = ["Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch năm 2023", "Lũy kế đến 30/9/2023"]


def report(path: Path, rows: list[tuple[str, int, int]]) -> Path:
    body = [[code, "DA4.1", "NSTW", "ĐTPT", plan, paid] for code, plan, paid in rows]
    return write_csv(path, [HEADER, *body])


def money(engine: Engine) -> tuple[list, list]:
    plans = table(engine, CapitalPlan, "unit_code", "amount_vnd")
    paid = table(engine, Disbursement, "unit_code", "month", "amount_vnd")
    return (
        plans[plans.unit_code.isin(MINE)].values.tolist(),
        paid[paid.unit_code.isin(MINE)].values.tolist(),
    )


def test_options_of_an_account() -> None:
    officer = options_for(OFFICER_08, year=2023)
    assert (officer.provinces, officer.reference_data, officer.year) == (
        frozenset({"08"}),
        False,
        2023,
    )
    admin = options_for(Viewer("admin", ADMIN))
    assert (admin.provinces, admin.reference_data) == (None, True)
    assert options_for(Viewer("o", OFFICER, None)).provinces == frozenset()
    with pytest.raises(ImportFailed, match="may not import"):
        options_for(Viewer("a", ANALYST, frozenset({"08"})))


def test_a_file_mixing_provinces_stores_only_the_granted_ones(db: Engine, tmp_path: Path) -> None:
    path = report(tmp_path / "mixed.csv", [(HG1, 1_000, 400), (LC1, 2_000, 700), (HG2, 30, 5)])
    options = options_for(OFFICER_08)
    review = review_file(db, path, options=options)
    assert (review.rows_accepted, review.rows_rejected) == (2, 1)
    reasons = review.rejected_issues[["row", "reason"]].values.tolist()
    assert reasons == [[3, "Tỉnh Lai Châu (12) is outside the provinces granted"]]
    assert review.accepted_vnd == 405
    done = commit_reviewed(db, path, review.token, options=options, account=OFFICER_08.name)
    assert (done.status, done.rows_accepted, done.rows_rejected) == ("partial", 2, 1)
    assert money(db) == ([[HG2, 30], [HG1, 1_000]], [[HG2, 9, 5], [HG1, 9, 400]])


def test_legacy_rows_name_the_province_they_merged_into(engine: Engine, tmp_path: Path) -> None:
    path = report(tmp_path / "hg.csv", [(HG1, 10, 1)])
    officer = Viewer("officer.lc", OFFICER, frozenset({"12"}))
    done = import_file(engine, path, options=options_for(officer))
    assert done.status == "rejected"
    assert [i.reason for i in done.issues if i.severity == "error"] == [
        "Tỉnh Hà Giang (02, now part of Tỉnh Tuyên Quang) is outside the provinces granted"
    ]
    assert money(engine) == ([], [])


OPTION_SETS = [
    {"year": None, "month": None, "keep_demo": False},
    {"year": 2023, "month": 9, "keep_demo": True},
    {"year": 2024, "month": 12, "keep_demo": False},
]
KINDS = [None, "capital_plan", "disbursement", "plan_and_disbursement", "indicator_value",
         "classification", "catalogue"]  # fmt: skip


def test_no_option_changes_another_provinces_figures(db: Engine, tmp_path: Path) -> None:
    # Lai Châu holds figures: a plan and year-to-date months an officer's file could restate
    admin_file = report(tmp_path / "lc.csv", [(LC1, 5_000, 100), (LC2, 6_000, 200)])
    assert import_file(db, admin_file).status == "ok"
    theirs = money(db)
    mixed = [(HG1, 1_000, 400), (LC1, 9_999, 9_000), (LC2, 1, 1)]
    for n, (kind, opts) in enumerate(itertools.product(KINDS, OPTION_SETS)):
        path = report(tmp_path / f"m{n}.csv", mixed)
        options = options_for(OFFICER_08, **opts)
        try:
            import_file(db, path, kind, options=options)
        except ImportFailed:
            pass
        try:
            review = review_file(db, path, kind=kind, options=options)
            commit_reviewed(db, path, review.token, kind=kind, options=options)
        except ImportFailed:
            pass
        plans, paid = money(db)
        assert [r for r in plans if r[0] in (LC1, LC2)] == theirs[0], (kind, opts)
        assert [r for r in paid if r[0] in (LC1, LC2)] == theirs[1], (kind, opts)


def test_reference_data_is_for_administrators(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "kv.csv", [["Mã xã", "Khu vực"], [HG1, "III"]])
    with pytest.raises(ImportFailed, match="only an administrator"):
        review_file(engine, path, options=options_for(OFFICER_08))
    with pytest.raises(ImportFailed, match="only an administrator"):
        import_file(engine, path, "classification", options=options_for(OFFICER_08))
    admin = options_for(Viewer("admin", ADMIN))
    assert review_file(engine, path, options=admin).kind == "classification"


def test_indicator_values_of_other_provinces_and_the_country(
    engine: Engine, tmp_path: Path
) -> None:
    add_indicators(engine, "GRANT_X")
    rows = [["Mã chỉ tiêu", "Mã tỉnh", "Mã xã", "Năm", "Giá trị"],
            ["GRANT_X", "02", "", 2023, 1.5], ["GRANT_X", "12", "", 2023, 2.5],
            ["GRANT_X", "", "", 2023, 3.5]]  # fmt: skip
    path = write_csv(tmp_path / "ind.csv", rows)
    # the whole country is given with a "Toàn quốc" name; a blank unit is rejected as no unit
    done = import_file(engine, path, options=options_for(OFFICER_08))
    assert (done.rows_accepted, done.rows_rejected) == (1, 2)
    stored = table(engine, IndicatorValue, "indicator_code", "unit_code", "value")
    assert stored[stored.indicator_code.eq("GRANT_X")].values.tolist() == [["GRANT_X", "02", 1.5]]


def test_no_grants_means_no_rows(engine: Engine, tmp_path: Path) -> None:
    path = report(tmp_path / "none.csv", [(HG1, 10, 1)])
    nobody = options_for(Viewer("officer.none", OFFICER, frozenset()))
    assert import_file(engine, path, options=nobody).status == "rejected"
    assert money(engine) == ([], [])


def test_a_write_outside_the_grants_is_rolled_back(engine: Engine, tmp_path: Path) -> None:
    """The last guard: were a row of another province ever to reach the write, the import's
    transaction is rolled back whole."""
    from dashboard.importing import grants

    path = report(tmp_path / "guard.csv", [(HG1, 10, 1), (LC1, 20, 2)])
    original = grants.reject_outside
    try:
        grants_module_facts = __import__("dashboard.importing.facts", fromlist=["x"])
        grants_module_facts.reject_outside = lambda ctx, recs: None
        with pytest.raises(ImportFailed, match="outside the grants"):
            import_file(engine, path, options=options_for(OFFICER_08))
    finally:
        grants_module_facts.reject_outside = original
    assert money(engine) == ([], [])

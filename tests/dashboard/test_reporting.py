"""Who has reported: the coverage an import writes, and the reporting grid read from it, on SQLite
and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from dashboard.access import OFFICER, Viewer
from dashboard.filters import Calendar, Filters
from dashboard.importer import import_file
from dashboard.importing import pipeline
from dashboard.importing.undo import undo_batch
from dashboard.models import LEGACY, REFORMED, AdminUnit, ImportCoverage
from dashboard.queries.scope import Scope, read_province_map
from dashboard.reporting import (
    DUE,
    LATE,
    MISSING,
    REPORTED,
    deadline,
    latest_month,
    months_shown,
    reporting,
)
from tests.dashboard.import_helpers import table, write_csv

HEADER = ["Năm", "Tháng", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Giải ngân"]
CAO_BANG, TUYEN_QUANG, HA_GIANG = "04", "08", "02"  # Hà Giang merged into Tuyên Quang


def communes(engine: Engine, vintage: int, province: str, count: int) -> list[str]:
    with Session(engine) as session:
        return list(
            session.scalars(
                select(AdminUnit.code)
                .where(AdminUnit.vintage == vintage, AdminUnit.level == "commune",
                       AdminUnit.province_code == province)
                .order_by(AdminUnit.code).limit(count)
            )
        )  # fmt: skip


@pytest.fixture
def program(db: Engine) -> Iterator[dict[tuple[int, str], list[str]]]:
    """Four program communes in Cao Bằng (post-reform) and two each in Hà Giang and Tuyên Quang
    (legacy); the classification is put back afterwards (PostgreSQL is shared)."""
    chosen = {
        (REFORMED, CAO_BANG): communes(db, REFORMED, CAO_BANG, 4),
        (LEGACY, HA_GIANG): communes(db, LEGACY, HA_GIANG, 2),
        (LEGACY, TUYEN_QUANG): communes(db, LEGACY, TUYEN_QUANG, 2),
    }
    _classify(db, chosen, True)
    yield chosen
    _classify(db, chosen, False)


def _classify(db: Engine, chosen: dict[tuple[int, str], list[str]], on: bool) -> None:
    with Session(db) as session, session.begin():
        for (vintage, _), codes in chosen.items():
            session.execute(
                update(AdminUnit)
                .where(AdminUnit.vintage == vintage, AdminUnit.code.in_(codes))
                .values(em_area=on, region="III" if on else None)
            )


def send(
    db: Engine, path: Path, monkeypatch: pytest.MonkeyPatch, received: datetime,
    year: int, month: int, codes: list[str],
) -> int:  # fmt: skip
    """Import a month's disbursement for ``codes``, received at ``received``."""
    monkeypatch.setattr(pipeline, "now", lambda: received)
    rows = [[year, month, code, "DA4.1", "NSTW", "ĐTPT", 1_000_000] for code in codes]
    report = import_file(db, write_csv(path, [HEADER, *rows]))
    assert report.status == "ok", report.issues
    return report.batch_id


def cell(db: Engine, province: str, year: int, month: int, today: date) -> dict:
    scope = Scope(year=year, provinces=(province,))
    grid = reporting(db, scope, today).grid
    return grid[grid["month"] == month].iloc[0].to_dict()


def test_deadline_is_the_day_of_the_next_month() -> None:
    assert deadline(2026, 3, 10) == date(2026, 4, 10)
    assert deadline(2026, 12, 10) == date(2027, 1, 10)
    assert deadline(2026, 1, 31) == date(2026, 2, 28)


def test_months_shown_end_before_the_current_month() -> None:
    today = date(2026, 7, 20)
    assert (months_shown(2025, today), months_shown(2026, today), months_shown(2027, today)) == (
        12, 6, 0,
    )  # fmt: skip
    assert latest_month(2026, today, 10) == 6  # June's deadline (10 July) has passed
    assert latest_month(2026, date(2026, 7, 5), 10) == 5


def test_an_import_writes_its_coverage(
    db: Engine, program: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = program[(REFORMED, CAO_BANG)]
    at = datetime(2025, 9, 5, 9, 30)
    batch = send(db, tmp_path / "m8.csv", monkeypatch, at, 2025, 8, codes[:2])
    got = table(db, ImportCoverage, "batch_id", "kind", "province_code", "year", "month",
                "communes", "amount_vnd", "received_at")  # fmt: skip
    assert got[got.batch_id == batch].values.tolist() == [
        [batch, "disbursement", CAO_BANG, 2025, 8, 2, 2_000_000, at]
    ]


def test_reported_late_and_not_reported(
    db: Engine, program: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = program[(REFORMED, CAO_BANG)]
    send(db, tmp_path / "m8.csv", monkeypatch, datetime(2025, 9, 5, 9), 2025, 8, codes[:2])
    send(db, tmp_path / "m9.csv", monkeypatch, datetime(2025, 10, 15, 9), 2025, 9, codes)
    today = date(2025, 12, 20)
    august, september = cell(db, CAO_BANG, 2025, 8, today), cell(db, CAO_BANG, 2025, 9, today)
    assert (august["status"], august["received_at"], august["share"]) == (
        REPORTED, datetime(2025, 9, 5, 9), 0.5,
    )  # fmt: skip
    assert (september["status"], september["communes"], september["program_communes"],
            september["share"]) == (LATE, 4, 4, 1.0)  # fmt: skip
    october = cell(db, CAO_BANG, 2025, 10, today)
    assert (october["status"], october["share"]) == (MISSING, 0.0)
    assert pd.isna(october["received_at"])
    assert cell(db, CAO_BANG, 2025, 11, date(2025, 12, 5))["status"] == DUE  # due by 10 Dec


def test_a_correction_keeps_the_first_receipt(
    db: Engine, program: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = program[(REFORMED, CAO_BANG)]
    send(db, tmp_path / "a.csv", monkeypatch, datetime(2025, 9, 8), 2025, 8, codes[:1])
    send(db, tmp_path / "b.csv", monkeypatch, datetime(2025, 9, 20), 2025, 8, codes[:3])
    august = cell(db, CAO_BANG, 2025, 8, date(2025, 12, 20))
    assert (august["status"], august["received_at"], august["share"]) == (
        REPORTED, datetime(2025, 9, 8), 0.75,
    )  # fmt: skip
    summary = reporting(db, Scope(year=2025, provinces=(CAO_BANG,)), date(2025, 12, 20)).summary
    assert summary.iloc[0]["last_received"] == datetime(2025, 9, 20)


def test_a_merged_province_reports_when_all_its_old_provinces_have(
    db: Engine, program: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """March 2025 was reported by the old provinces: Hà Giang alone does not make Tuyên Quang's
    month reported, but its communes count in the share."""
    ha_giang = program[(LEGACY, HA_GIANG)]
    send(db, tmp_path / "hg.csv", monkeypatch, datetime(2025, 4, 3), 2025, 3, ha_giang)
    today = date(2025, 12, 1)
    march = cell(db, TUYEN_QUANG, 2025, 3, today)
    assert (march["status"], march["communes"], march["program_communes"]) == (MISSING, 2, 4)
    tuyen_quang = program[(LEGACY, TUYEN_QUANG)]
    send(db, tmp_path / "tq.csv", monkeypatch, datetime(2025, 4, 12), 2025, 3, tuyen_quang)
    march = cell(db, TUYEN_QUANG, 2025, 3, today)
    assert (march["status"], march["received_at"], march["share"]) == (
        LATE, datetime(2025, 4, 12), 1.0,
    )  # fmt: skip


def test_undo_removes_what_the_batch_reported(
    db: Engine, program: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = program[(REFORMED, CAO_BANG)]
    batch = send(db, tmp_path / "m8.csv", monkeypatch, datetime(2025, 9, 5), 2025, 8, codes)
    assert cell(db, CAO_BANG, 2025, 8, date(2025, 12, 20))["status"] == REPORTED
    undo_batch(db, batch)
    assert batch not in set(table(db, ImportCoverage, "batch_id").batch_id)
    assert cell(db, CAO_BANG, 2025, 8, date(2025, 12, 20))["status"] == MISSING


def test_most_overdue_first(
    db: Engine, program: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = program[(REFORMED, CAO_BANG)]
    for month in (7, 8, 9):
        at = datetime(2025, month + 1, 5)
        send(db, tmp_path / f"m{month}.csv", monkeypatch, at, 2025, month, codes)
    scope = Scope(year=2025, provinces=(CAO_BANG, TUYEN_QUANG))
    summary = reporting(db, scope, date(2025, 11, 20)).summary
    assert summary.province_code.tolist() == [TUYEN_QUANG, CAO_BANG]
    assert summary.missing.tolist() == [10, 7]  # Cao Bằng: January to June, and October
    assert summary.first_missing.tolist() == [1, 1]


def test_an_officer_sees_only_their_provinces(db: Engine, program: dict) -> None:
    mapping = read_province_map(db)
    calendar = Calendar(years=(2025,), as_of=(2025, 10), province_map=mapping)
    officer = Viewer(name="officer", role=OFFICER, provinces=frozenset({CAO_BANG}))
    asked = Filters(year=2025, provinces=(CAO_BANG, TUYEN_QUANG)).resolve(calendar)
    scope = asked.to_scope(officer, mapping)
    result = reporting(db, scope, date(2025, 12, 20))
    assert set(result.grid.province_code) == {CAO_BANG}
    assert result.summary.province_code.tolist() == [CAO_BANG]
    elsewhere = Filters(year=2025, provinces=(TUYEN_QUANG,)).resolve(calendar)
    assert reporting(db, elsewhere.to_scope(officer, mapping), date(2025, 12, 20)).grid.empty


def test_a_region_filter_keeps_the_provinces_with_communes_of_the_region(
    db: Engine, program: dict
) -> None:
    listed = lambda regions: set(  # noqa: E731
        reporting(db, Scope(year=2025, regions=regions), date(2025, 12, 20)).summary.province_code
    )
    assert listed(("III",)) == {CAO_BANG, TUYEN_QUANG}  # Tuyên Quang through its old communes
    assert listed(("I",)) == set()

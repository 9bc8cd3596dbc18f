"""The same imports on PostgreSQL (COPY: straight into the table when every key is new, else
into a staging table and INSERT ... ON CONFLICT)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine

from dashboard.db import get_meta
from dashboard.importer import import_file
from dashboard.importing import writing
from dashboard.importing.undo import undo_batch
from dashboard.models import (
    CapitalPlan,
    Disbursement,
)
from tests.dashboard.import_helpers import issues, removed_afterwards, table, write_csv

pytestmark = pytest.mark.postgres

# Lai Châu communes in 2023: data no other test of the shared database writes
COMMUNES = ["03436", "03439", "03440", "03442"]
PLAN_HEADER = [
    "Năm",
    "Mã tỉnh",
    "Mã xã",
    "Dự án",
    "Nguồn vốn",
    "Loại vốn",
    "Kế hoạch vốn (triệu đồng)",
]
DISB_HEADER = ["Kỳ báo cáo", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Lũy kế giải ngân (đồng)"]


@pytest.fixture
def pg(pg_engine: Engine) -> Iterator[Engine]:
    """The shared PostgreSQL database; what these tests write is removed afterwards."""
    with removed_afterwards(pg_engine) as engine:
        yield engine


def scoped(engine: Engine, model: type, *columns: str) -> pd.DataFrame:
    rows = table(engine, model, *columns)
    return rows[rows.year.eq(2023) & rows.unit_code.isin(COMMUNES)].reset_index(drop=True)


def test_plan_then_cumulative_disbursement(pg: Engine, tmp_path: Path) -> None:
    plan = [PLAN_HEADER] + [[2023, 12, c, "DA4.1", "NSTW", "ĐTPT", "1.000,5"] for c in COMMUNES]
    report = import_file(pg, write_csv(tmp_path / "plan.csv", plan))
    assert (report.status, report.rows_accepted) == ("ok", 4)
    disbursed = [
        DISB_HEADER,
        ["01/2023", "03436", "DA4.1", "NSTW", "ĐTPT", "400.000.000"],
        ["02/2023", "03436", "DA4.1", "NSTW", "ĐTPT", "1.100.000.000"],  # above the plan
        ["02/2023", "03439", "DA4.1", "NSTW", "ĐTPT", "50.000.000"],
        ["02/2023", "99999", "DA4.1", "NSTW", "ĐTPT", "1"],
    ]
    report = import_file(pg, write_csv(tmp_path / "disbursed.csv", disbursed))
    assert (report.status, report.rows_accepted, report.rows_warned) == ("partial", 3, 1)
    assert [(i[0], i[2]) for i in issues(report)] == [(3, "warning"), (5, "error")]
    got = scoped(pg, Disbursement, "year", "month", "unit_code", "province_code", "amount_vnd")
    assert got.values.tolist() == [
        [2023, 1, "03436", "12", 400_000_000],
        [2023, 2, "03436", "12", 700_000_000],
        [2023, 2, "03439", "12", 50_000_000],
    ]
    plans = scoped(pg, CapitalPlan, "year", "unit_code", "amount_vnd")
    assert plans.amount_vnd.tolist() == [1_000_500_000] * 4


def test_reimport_and_revision_on_postgres(pg: Engine, tmp_path: Path) -> None:
    version = int(get_meta(pg, "data_version", "0"))
    plan = [PLAN_HEADER, [2023, 12, "03440", "DA4.1", "NSTW", "SN", 7]]
    path = write_csv(tmp_path / "plan.csv", plan)
    first = import_file(pg, path)
    assert import_file(pg, path).duplicate_of == first.batch_id
    plan[1][-1] = 9
    import_file(pg, write_csv(tmp_path / "revised.csv", plan))
    got = scoped(pg, CapitalPlan, "year", "unit_code", "kind", "amount_vnd")
    assert got.values.tolist() == [[2023, "03440", "recurrent", 9_000_000]]
    assert int(get_meta(pg, "data_version")) == version + 2


def test_copy_path_writes_many_rows(
    pg: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writing, "COPY_FROM", 1)  # the COPY path even for a few rows
    rows = [DISB_HEADER[:-1] + ["Giải ngân"]]
    rows += [[f"{m:02d}/2023", c, "DA4.1", "NSTW", "SN", m] for m in range(1, 13) for c in COMMUNES]
    report = import_file(pg, write_csv(tmp_path / "d.csv", rows))
    assert report.rows_accepted == 48
    got = scoped(pg, Disbursement, "year", "month", "unit_code", "amount_vnd")
    assert len(got) == 48 and got.amount_vnd.sum() == 4 * sum(range(1, 13))
    assert get_meta(pg, "data_as_of") >= "2023-12"


def test_copy_path_revises_new_and_known_keys_and_undoes(
    pg: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows whose keys are all new are copied straight into the table; a file that revises
    known keys goes through the staging table and ON CONFLICT. Either way each key is stored
    once, and undo brings back the first file's amounts to the đồng."""
    monkeypatch.setattr(writing, "COPY_FROM", 1)
    header = [*DISB_HEADER[:-1], "Giải ngân"]
    first = [header] + [
        [f"{m:02d}/2023", c, "DA4.1", "NSTW", "SN", m] for m in (1, 2) for c in COMMUNES
    ]
    import_file(pg, write_csv(tmp_path / "first.csv", first))
    # February revised (known keys) and March added (new keys) in one file
    second = [header] + [
        [f"{m:02d}/2023", c, "DA4.1", "NSTW", "SN", 100 * m] for m in (2, 3) for c in COMMUNES
    ]
    revision = import_file(pg, write_csv(tmp_path / "second.csv", second))
    got = scoped(pg, Disbursement, "year", "month", "unit_code", "amount_vnd")
    assert len(got) == 12 and not got.duplicated(["month", "unit_code"]).any()
    assert got.groupby("month").amount_vnd.sum().to_dict() == {1: 4, 2: 800, 3: 1200}
    undo_batch(pg, revision.batch_id)
    got = scoped(pg, Disbursement, "year", "month", "unit_code", "amount_vnd")
    assert got.groupby("month").amount_vnd.sum().to_dict() == {1: 4, 2: 8}

"""The templates and docs/imports.md are current; the templates import cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from dashboard.importer import KINDS, import_file
from dashboard.importing.templates import FOLDER, template_file, write_templates
from dashboard.importing.vocab import FIELDS
from dashboard.models import CapitalPlan, Disbursement, IndicatorValue
from tests.dashboard.import_helpers import add_indicators, table

ORDER = ("catalogue", "classification", "capital_plan", "disbursement", "plan_and_disbursement",
         "indicator_value")  # fmt: skip


def test_committed_templates_are_current(tmp_path: Path) -> None:
    written = write_templates(tmp_path)
    assert sorted(p.name for p in written) == sorted(
        f"{k}.{e}" for k in KINDS for e in ("csv", "xlsx")
    )
    for path in (p for p in written if p.suffix == ".csv"):
        assert (FOLDER / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
    assert all((FOLDER / p.name).is_file() for p in written)


def test_a_template_file_is_the_written_one() -> None:
    for kind in KINDS:
        assert template_file(kind, "csv") == (FOLDER / f"{kind}.csv").read_bytes()
        assert template_file(kind, "xlsx").startswith(b"PK")  # a zip: the workbook
    with pytest.raises(ValueError):
        template_file("../etc/passwd", "csv")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_templates_import_cleanly(engine: Engine, tmp_path: Path, suffix: str) -> None:
    add_indicators(engine, "EM_POVERTY", "EM_INCOME", "GRID_POWER")
    write_templates(tmp_path)
    for kind in ORDER:
        report = import_file(engine, tmp_path / f"{kind}{suffix}")
        assert (report.kind, report.status, report.issues) == (kind, "ok", [])
        assert report.rows_read == report.rows_accepted >= 3
    plans = table(engine, CapitalPlan, "unit_code", "amount_vnd")
    assert plans.values.tolist() == [
        ["00715", 2_350_000_000], ["00718", 845_500_000],
        ["03436", 1_200_000_000], ["03439", 310_250_000],
    ]  # fmt: skip
    # the progress report's totals to June restate the months before: 1,100 + 320.5 + 500 million
    assert table(engine, Disbursement, "amount_vnd").amount_vnd.sum() == 1_920_500_000
    values = table(engine, IndicatorValue, "unit_code", "value")
    assert values.values.tolist() == [["02", 28.9], ["03436", 96.5], ["12", 32.1], ["VN", 12.55]]


def test_every_accepted_header_is_documented() -> None:
    doc = (FOLDER.parent / "imports.md").read_text(encoding="utf-8")
    missing = [a for f in FIELDS.values() for a in f.vi + f.en if a not in doc]
    assert missing == []

"""Builders of messy import files, and readers of what an import wrote."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pandas as pd
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from dashboard.importer import ImportReport
from dashboard.models import Indicator

Row = Sequence[object]


def write_csv(path: Path, rows: Sequence[Row], *, sep: str = ",", encoding: str = "utf-8") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=sep).writerows(rows)
    text = buffer.getvalue()
    if encoding == "cp1258":
        text = windows_1258_text(text)
    path.write_bytes(text.encode(encoding))
    return path


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258_text(text: str) -> str:
    """Vietnamese as Windows-1258 spells it: letters with their shape marks (ă, ê, ơ...)
    precomposed, tone marks as separate combining characters."""
    out: list[str] = []
    base = -1  # the last letter: a shape mark may follow a tone mark in NFD ("ộ")
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and char not in TONES and base >= 0:
            out[base] = unicodedata.normalize("NFC", out[base] + char)
        else:
            base = base if unicodedata.combining(char) else len(out)
            out.append(char)
    return "".join(out)


def write_xlsx(
    path: Path, rows: Sequence[Row], merges: Sequence[str] = (), title: str = "Báo cáo"
) -> Path:
    """A workbook whose first sheet holds ``rows`` from A1; ``merges`` like "D3:E3"."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for cells in merges:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def table(engine: Engine, model: type, *columns: str) -> pd.DataFrame:
    """Rows of ``model`` (only ``columns``), sorted by them, as plain Python values."""
    with Session(engine) as session:
        rows = session.execute(select(*(getattr(model, c) for c in columns))).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=list(columns), dtype=object)
    return frame.sort_values(list(columns)).reset_index(drop=True)


def count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def add_indicators(engine: Engine, *codes: str) -> None:
    with Session(engine) as session, session.begin():
        for ordinal, code in enumerate(codes):
            session.merge(
                Indicator(
                    code=code, program_code="1719-I", ordinal=ordinal, name_vi=f"Chỉ tiêu {code}",
                    name_en=f"Indicator {code}", unit_vi="%", unit_en="%", direction="down",
                )
            )  # fmt: skip


def issues(report: ImportReport) -> list[tuple]:
    return [(i.row, i.column, i.severity, i.reason) for i in report.issues]

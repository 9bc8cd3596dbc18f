"""Builders of messy import files, and readers of what an import wrote."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pandas as pd
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from dashboard.db import set_meta
from dashboard.importer import ImportReport
from dashboard.importing.reference import REFERENCE_KINDS
from dashboard.importing.undo import FACT_MODELS, undo_batch
from dashboard.models import (
    ImportBatch,
    ImportCoverage,
    ImportIssue,
    ImportSuperseded,
    Indicator,
    Meta,
)
from dashboard.rollups import Keys, refresh_rollups, touched

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


@contextmanager
def removed_afterwards(engine: Engine) -> Iterator[Engine]:
    """The shared PostgreSQL database, with what the block imports removed afterwards: the
    facts of its batches (and their roll-ups summed again), its classification and catalogue
    imports undone, its batches with their issues, kept rows and coverage, and the meta values
    as they were."""
    with Session(engine) as session:
        first = session.scalar(select(func.max(ImportBatch.id))) or 0
        meta = dict(session.execute(select(Meta.key, Meta.value)).all())
    try:
        yield engine
    finally:
        mine = select(ImportBatch.id).where(ImportBatch.id > first)
        with Session(engine) as session, session.begin():
            conn, keys = session.connection(), Keys()
            for model in FACT_MODELS:
                keys |= touched(conn, model.__table__, model.batch_id.in_(mine))
                session.execute(delete(model).where(model.batch_id.in_(mine)))
            refresh_rollups(conn, keys)
            reference = session.scalars(
                mine.where(
                    ImportBatch.kind.in_(REFERENCE_KINDS), ImportBatch.status != "undone"
                ).order_by(ImportBatch.id.desc())
            ).all()
        for batch_id in reference:  # reference tables are shared: put back as they were
            undo_batch(engine, batch_id)
        with Session(engine) as session, session.begin():
            for model in (ImportIssue, ImportSuperseded, ImportCoverage):
                session.execute(delete(model).where(model.batch_id.in_(mine)))
            session.execute(delete(ImportBatch).where(ImportBatch.id > first))
            session.execute(delete(Meta).where(Meta.key.not_in(meta)))
            for key, value in meta.items():
                set_meta(session, key, value)

"""The program catalogue (program -> projects -> sub-projects) as an import.

Same columns as ``dashboard/catalogues/ntp1719_phase1.csv``, or their Vietnamese headers; blanks
under the first row naming a program or project are filled as in that file (`catalogue.complete`),
English names default to the Vietnamese ones, and a project without sub-projects may leave the
sub-project columns blank (its line takes the project's code and name).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from dashboard import catalogue
from dashboard.importing.context import Context, Outcome, Progress, Writer
from dashboard.importing.facts import accepted, reject_duplicates
from dashboard.importing.headers import missing
from dashboard.importing.reference import record_catalogue
from dashboard.importing.values import parse_year, per_value

REQUIRED = ("program_code", "project_code")
NAMES = ("program_name", "project_name", "subproject_name")


def prepare(ctx: Context) -> Outcome:
    for name in REQUIRED:
        if name not in ctx.header.fields():
            raise missing(ctx.name, name)
    frame = _frame(ctx)
    _check(ctx, frame)
    reject_duplicates(ctx, frame, ["program_code", "subproject_code"], "program and line code")
    good = accepted(ctx, frame)
    return Outcome(len(ctx.rows), _writer(good[catalogue.COLUMNS]))


def _frame(ctx: Context) -> pd.DataFrame:
    frame = ctx.rows.copy()
    for column in catalogue.COLUMNS:
        if column not in frame:
            frame[column] = ""
    frame = frame.replace("", None)
    frame["subproject_code"] = frame.subproject_code.fillna(frame.project_code)
    completed = catalogue.complete(frame)
    completed["subproject_name_vi"] = completed.subproject_name_vi.fillna(
        completed.project_name_vi.where(completed.subproject_code.eq(completed.project_code))
    )
    for name in NAMES:
        completed[f"{name}_en"] = completed[f"{name}_en"].fillna(completed[f"{name}_vi"])
    return completed.assign(_row=frame._row)


def _check(ctx: Context, frame: pd.DataFrame) -> None:
    for column in ("start_year", "end_year"):
        years = per_value(frame[column].fillna(""), parse_year)
        shown = ctx.shown(column)
        ctx.reject(frame, years.isna(), shown, f"{column.replace('_', ' ')} is not a year")
        frame[column] = years
    backwards = frame.end_year.fillna(0) < frame.start_year.fillna(0)
    ctx.reject(frame, backwards, ctx.shown("end_year"), "end year is before start year")
    for column in ("program_code", "program_name_vi", "project_name_vi", "subproject_name_vi"):
        blank = frame[column].isna()
        ctx.reject(frame, blank, ctx.shown(column), column.replace("_", " ") + " is missing")


def _writer(good: pd.DataFrame) -> Writer:
    def write(session: Session, batch_id: int, progress: Progress | None) -> int:
        record_catalogue(session.connection(), batch_id)  # for undo
        written = catalogue.upsert(session, good.astype({"start_year": int, "end_year": int}))
        if progress:
            progress(written, written)
        return written

    return write

"""The program catalogue (program -> projects -> sub-projects) is data, loaded from a table.

One row per sub-project (budget line); program and project columns may be left blank under the
first row that names them, as a spreadsheet would. A project without sub-projects has one line
with the project's own code. ``catalogues/ntp1719_phase1.csv`` is phase I of the 1719 program.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashboard.db import session_scope
from dashboard.models import Indicator, Program, Project, Subproject

DEFAULT_CATALOGUE = Path(__file__).parent / "catalogues" / "ntp1719_phase1.csv"
DEFAULT_PROGRAM = "1719-I"
COLUMNS = [
    "program_code", "program_name_vi", "program_name_en", "start_year", "end_year",
    "project_code", "project_name_vi", "project_name_en",
    "subproject_code", "subproject_name_vi", "subproject_name_en",
]  # fmt: skip
PROGRAM_COLUMNS = COLUMNS[:5]
PROJECT_COLUMNS = COLUMNS[5:8]


def complete(frame: pd.DataFrame) -> pd.DataFrame:
    """Fill the blanks a spreadsheet leaves under a program or project name."""
    frame = frame[COLUMNS].copy()
    frame["program_code"] = frame.program_code.ffill()
    frame[PROGRAM_COLUMNS] = frame.groupby("program_code")[PROGRAM_COLUMNS].transform("first")
    frame["project_code"] = frame.project_code.ffill()
    keys = ["program_code", "project_code"]
    filled = frame.groupby(keys)[PROJECT_COLUMNS[1:]].transform("first")
    frame[PROJECT_COLUMNS[1:]] = filled
    return frame


def read_default() -> pd.DataFrame:
    return complete(pd.read_csv(DEFAULT_CATALOGUE, dtype=str))


def upsert(session: Session, frame: pd.DataFrame) -> int:
    """Insert or update every program, project and line of a completed catalogue frame."""
    for row in frame.drop_duplicates("program_code").itertuples():
        session.merge(Program(code=row.program_code, name_vi=row.program_name_vi,
                              name_en=row.program_name_en, start_year=int(row.start_year),
                              end_year=int(row.end_year)))  # fmt: skip
    session.flush()
    projects = {}
    for ordinal, row in enumerate(
        frame.drop_duplicates(["program_code", "project_code"]).itertuples()
    ):
        project = _get_or_add(session, Project, row.program_code, row.project_code)
        project.ordinal, project.name_vi, project.name_en = (
            ordinal,
            row.project_name_vi,
            row.project_name_en,
        )
        projects[(row.program_code, row.project_code)] = project
    session.flush()
    for ordinal, row in enumerate(frame.itertuples()):
        line = _get_or_add(session, Subproject, row.program_code, row.subproject_code)
        line.project_id = projects[(row.program_code, row.project_code)].id
        line.ordinal, line.name_vi, line.name_en = (
            ordinal,
            row.subproject_name_vi,
            row.subproject_name_en,
        )
    return len(frame)


def _get_or_add(session: Session, model: type, program_code: str, code: str):  # noqa: ANN202
    found = session.scalar(
        select(model).where(model.program_code == program_code, model.code == code)
    )
    if found is None:
        found = model(program_code=program_code, code=code)
        session.add(found)
    return found


def load_default(engine: Engine) -> int:
    with session_scope(engine) as session:
        return upsert(session, read_default())


def line_ids(session: Session) -> dict[tuple[str, str], int]:
    """(program code, line code) -> sub-project id."""
    rows = session.execute(select(Subproject.program_code, Subproject.code, Subproject.id))
    return {(program, code): id_ for program, code, id_ in rows}


def program_for_year(session: Session, year: int) -> str | None:
    """The program whose period covers ``year`` (the latest starting one when several do)."""
    return session.scalar(
        select(Program.code)
        .where(Program.start_year <= year, Program.end_year >= year)
        .order_by(Program.start_year.desc())
    )


def load_indicators(engine: Engine) -> int:
    """Insert or update the target indicators of phase I (definitions and targets are real)."""
    from dashboard.demo.indicators import read_definitions

    frame = read_definitions()
    with session_scope(engine) as session:
        for row in frame.to_dict("records"):
            session.merge(Indicator(program_code=DEFAULT_PROGRAM, **row))
    return len(frame)

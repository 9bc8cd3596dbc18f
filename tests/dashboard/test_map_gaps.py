"""Why a unit of the map has no figure: not in the program, outside the filter, or no report;
counted separately, adding up to the units without a figure (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from dashboard.models import LEGACY, REFORMED, AdminUnit
from dashboard.queries import map as queries
from dashboard.queries.map_gaps import (
    NO_REPORT,
    NOT_IN_PROGRAM,
    OUTSIDE_FILTER,
    gap_counts,
    is_filtered,
    program_units,
    unfiltered,
)
from dashboard.queries.scope import Scope
from tests.dashboard.test_reporting import CAO_BANG, communes, send

REGION_OF = ("III", "III", "II", "II", "I")  # five program communes of Cao Bằng


@pytest.fixture
def cao_bang(db: Engine) -> Iterator[list[str]]:
    """Five program communes in post-reform Cao Bằng (regions III, III, II, II, I); the
    classification is put back afterwards."""
    codes = communes(db, REFORMED, CAO_BANG, 5)
    with Session(db) as session, session.begin():
        for code, region in zip(codes, REGION_OF, strict=True):
            session.execute(
                update(AdminUnit)
                .where(AdminUnit.vintage == REFORMED, AdminUnit.code == code)
                .values(em_area=True, region=region)
            )
    yield codes
    with Session(db) as session, session.begin():
        session.execute(
            update(AdminUnit)
            .where(AdminUnit.vintage == REFORMED, AdminUnit.code.in_(codes))
            .values(em_area=False, region=None)
        )


def gaps(db: Engine, scope: Scope) -> tuple[dict[str, int], int]:
    """The gap counts of Cao Bằng's communes on the post-reform map, and how many have no
    figure, as the map legend reads them."""
    units = queries.units(db, REFORMED, "commune")
    units = units[units["province_code"] == CAO_BANG]
    values = queries.map_values(db, scope, "commune", None, None)
    without = units[~units["code"].isin(values["code"])]
    lifted = queries.map_values(db, unfiltered(scope), "commune", None, None)
    program = program_units(db, REFORMED, "commune")
    return gap_counts(without, program, lifted["code"], scope, "commune"), len(without)


def test_the_three_kinds_are_counted_apart_and_add_up(
    db: Engine, cao_bang: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # communes 0 and 2 (regions III and II) report August; 1, 3 and 4 do not
    send(db, tmp_path / "m8.csv", monkeypatch, datetime(2025, 9, 5), 2025, 8,
         [cao_bang[0], cao_bang[2]])  # fmt: skip
    everything = Scope(year=2025, upto_month=8, vintage=REFORMED, provinces=(CAO_BANG,))
    counts, without = gaps(db, everything)
    assert counts[NO_REPORT] == 3 and counts[OUTSIDE_FILTER] == 0
    assert sum(counts.values()) == without
    assert counts[NOT_IN_PROGRAM] == without - 3 > 0

    region_iii = Scope(year=2025, upto_month=8, vintage=REFORMED, provinces=(CAO_BANG,),
                       regions=("III",))  # fmt: skip
    assert is_filtered(region_iii) and not is_filtered(everything)
    counts, without = gaps(db, region_iii)
    # outside: commune 2 (reported, region II), communes 3 and 4 (regions II and I); no report:
    # commune 1 (region III) alone; the communes outside the program stay so
    assert (counts[OUTSIDE_FILTER], counts[NO_REPORT]) == (3, 1)
    assert counts[NOT_IN_PROGRAM] == without - 4 > 0
    assert sum(counts.values()) == without


def test_provinces_without_a_program_commune_are_not_in_the_program(
    db: Engine, cao_bang: list[str]
) -> None:
    assert program_units(db, REFORMED, "province") == (CAO_BANG,)
    assert program_units(db, LEGACY, "province") == ()

"""The reporting tab of /data and the overview's panel of it: plain functions over a real
database, the viewer set as the sign-in layer sets it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import TypeVar

import dash
import flask
import pytest
from sqlalchemy import Engine, insert, update

from callbacks.data.reporting import reporting_view
from callbacks.data.reporting_map import status_figure
from callbacks.deps import Deps
from callbacks.overview.reporting import reporting_panel
from dashboard.access import ADMIN, ANALYST, LEADER, OFFICER, Viewer
from dashboard.db import session_scope
from dashboard.models import REFORMED, AdminUnit, ImportBatch, ImportCoverage
from tests.app_fixtures import seed_overview

T = TypeVar("T")
TODAY = date(2026, 11, 20)  # October was due by 10 November
CAO_BANG, TUYEN_QUANG = "04", "08"


def add_coverage(engine: Engine, rows: list[tuple[str, int, datetime]]) -> None:
    """One batch reporting 2026's months: (province, month, received)."""
    with session_scope(engine) as session:
        batch = ImportBatch(kind="disbursement", filename="r.csv", sha256="1" * 64,
                            started_at=datetime(2026, 11, 1), status="ok")  # fmt: skip
        session.add(batch)
        session.flush()
        session.execute(insert(ImportCoverage), [
            {"batch_id": batch.id, "kind": "disbursement", "province_code": p, "year": 2026,
             "month": m, "communes": 3, "amount_vnd": 1, "received_at": at}
            for p, m, at in rows
        ])  # fmt: skip


def seed(engine: Engine) -> None:
    """Program communes in Cao Bằng and Tuyên Quang only; Cao Bằng reports every month by the
    5th, Tuyên Quang sends September on 15 October and never sends October."""
    seed_overview(engine)
    with session_scope(engine) as session:
        session.execute(
            update(AdminUnit)
            .where(AdminUnit.vintage == REFORMED, AdminUnit.code.in_(("01273", "00691")))
            .values(em_area=True, region="III")
        )
    rows = [(CAO_BANG, m, datetime(2026, m + 1, 5)) for m in range(1, 11)]
    rows += [(TUYEN_QUANG, m, datetime(2026, m + 1, 3)) for m in range(1, 9)]
    add_coverage(engine, [*rows, (TUYEN_QUANG, 9, datetime(2026, 10, 15))])


@pytest.fixture
def as_viewer(app: dash.Dash) -> Iterator[Callable[[Viewer, Callable[[], T]], T]]:
    def run(viewer: Viewer, fn: Callable[[], T]) -> T:
        with app.server.test_request_context():
            flask.g.ntp_viewer = viewer
            return fn()

    yield run


def row_of(view: object, code: str) -> object:
    return next(row for row in view.rows if row.code == code)


def test_the_grid_marks_reported_late_and_not_reported(
    engine: Engine, deps: Deps, as_viewer
) -> None:  # noqa: ANN001
    seed(engine)
    admin = Viewer("admin", ADMIN)
    view, options, month = as_viewer(admin, lambda: reporting_view(
        deps, "en", 2026, [], None, TODAY))  # fmt: skip
    assert view.months[0] == "Jan" and len(view.months) == 10  # November is not over
    assert month == 10 and options[-1] == {"label": "Oct 2026", "value": 10}
    tuyen_quang, cao_bang = row_of(view, TUYEN_QUANG), row_of(view, CAO_BANG)
    september, october = tuyen_quang.cells[8], tuyen_quang.cells[9]
    assert (september.status, september.label, september.received) == (
        "late", "Reported late", "15 Oct",
    )  # fmt: skip
    assert (october.status, october.label, october.received) == ("missing", "Not reported", "")
    assert {c.status for c in cao_bang.cells} == {"reported"}
    assert (tuyen_quang.missing, tuyen_quang.late) == ("1", "1")
    assert [r.code for r in view.rows] == [TUYEN_QUANG, CAO_BANG]  # most overdue first
    assert tuyen_quang.cells[0].share == "100%"  # 3 communes reported of 1: all of them
    assert view.province_map is not None  # its boundaries are not built here: a message


def test_an_officer_sees_only_their_provinces(engine: Engine, deps: Deps, as_viewer) -> None:  # noqa: ANN001
    seed(engine)
    officer = Viewer("off", OFFICER, frozenset({CAO_BANG}))
    view, _, _ = as_viewer(officer, lambda: reporting_view(deps, "vi", 2026, [], 10, TODAY))
    assert [r.code for r in view.rows] == [CAO_BANG]
    assert "Tuyên Quang" not in repr(view)


def test_hostile_control_values_give_the_default_view(
    engine: Engine, deps: Deps, as_viewer
) -> None:  # noqa: ANN001
    seed(engine)
    admin = Viewer("admin", ADMIN)
    view, _, month = as_viewer(admin, lambda: reporting_view(
        deps, "en", "<script>", ["IV", "x" * 5000], 99, TODAY))  # fmt: skip
    assert view.title == "Provinces' reporting in 2026" and month == 10


def test_the_map_names_are_escaped_and_each_status_has_its_colour() -> None:
    import pandas as pd

    cells = pd.DataFrame({
        "province_code": ["04", "08"], "name": ["<b>Cao</b>", "Tuyên Quang"],
        "status": ["reported", "missing"], "received_at": [datetime(2026, 11, 5), None],
    })  # fmt: skip
    figure = status_figure(cells, "/geo/x.json", ("04", "08", "11"), "en")
    traces = {tuple(trace["locations"]): trace for trace in figure["data"]}
    assert traces[("11",)]["hoverinfo"] == "skip"  # not in view
    assert traces[("04",)]["customdata"] == ["&lt;b&gt;Cao&lt;/b&gt;: Reported on time<br>"
                                             "received 5 Nov 2026"]  # fmt: skip
    assert traces[("08",)]["colorscale"][0][1] != traces[("04",)]["colorscale"][0][1]


@pytest.mark.parametrize("role", [LEADER, ADMIN])
def test_the_overview_panel_lists_who_has_not_reported_the_latest_month(
    engine: Engine, deps: Deps, as_viewer, role: str
) -> None:  # noqa: ANN001
    seed(engine)
    panel = as_viewer(Viewer("v", role), lambda: reporting_panel(deps, "en", TODAY))
    assert panel.title == "Not reported or late: Oct 2026"
    names = [item.name for item in panel.items]
    assert "Tuyên Quang" in names and "Cao Bằng" not in names
    assert panel.items[0].status == "missing"


def test_the_overview_panel_is_for_leaders_and_admins(
    engine: Engine, deps: Deps, as_viewer
) -> None:  # noqa: ANN001
    seed(engine)
    analyst = Viewer("a", ANALYST, frozenset({CAO_BANG}))
    assert as_viewer(analyst, lambda: reporting_panel(deps, "en", TODAY)) is None

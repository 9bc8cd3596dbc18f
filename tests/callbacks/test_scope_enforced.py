"""Every read obeys the viewer: an analyst granted Cao Bằng (04) gets nothing of Tuyên Quang (08,
which took in Hà Giang, 02) from any page, export, callback or ``/wall/data``, however the
request is crafted. The viewer is set in ``flask.g.ntp_viewer`` as the sign-in layer does."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Callable, Iterator
from typing import TypeVar

import dash
import flask
import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from callbacks.deps import Deps
from callbacks.disbursement import page as disbursement
from callbacks.indicators import page as indicators
from callbacks.map import state as map_state
from callbacks.map.page import map_view
from callbacks.overview import page as overview
from callbacks.tables import export as tables_export
from callbacks.tables import page as tables
from dashboard.access import ANALYST, Viewer
from dashboard.i18n import t
from dashboard.models import IndicatorValue
from dashboard.queries import map as map_queries
from layouts import ids
from tests.app_fixtures import BN, add_disbursements, add_plans, seed_overview

T = TypeVar("T")
ANALYST_04 = Viewer("ana", ANALYST, frozenset({"04"}))
OTHERS = ("Tuyên Quang", "Hà Giang")  # provinces 08 (2025) and 02, 08 (2024) hold seeded money
PLAN_04_2026 = 700 * BN + 11
PAID_04_2026 = sum(3 * BN + m for m in range(1, 11))


def seed(engine: Engine) -> None:
    """``seed_overview`` (money in 02 and 08) and Cao Bằng's own: 2026 on a new commune, 2024
    on an old one."""
    seed_overview(engine)
    new, old = {"vintage": 2025, "unit_code": "01273"}, {"vintage": 2024, "unit_code": "01267"}
    add_plans(engine, [
        dict(year=2026, province_code="04", amount_vnd=PLAN_04_2026, **new),
        dict(year=2024, province_code="04", amount_vnd=500 * BN + 5, **old),
    ])  # fmt: skip
    add_disbursements(engine, [
        *(dict(year=2026, month=m, province_code="04", amount_vnd=3 * BN + m, **new)
          for m in range(1, 11)),
        *(dict(year=2024, month=m, province_code="04", amount_vnd=2 * BN, **old)
          for m in range(1, 13)),
    ])  # fmt: skip


@pytest.fixture
def scoped(app: dash.Dash) -> Iterator[Callable[[Callable[[], T]], T]]:
    """``run(fn)``: ``fn()`` in a request of the analyst of 04; the app's requests too."""
    app.server.before_request(lambda: setattr(flask.g, "ntp_viewer", ANALYST_04))

    def run(fn: Callable[[], T]) -> T:
        with app.server.test_request_context():
            flask.g.ntp_viewer = ANALYST_04
            return fn()

    yield run


def assert_nothing_of_others(output: object) -> None:
    text = output if isinstance(output, str) else repr(output)
    for name in OTHERS:
        assert name not in text


# ---- map ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"year": "2026"},
        {"year": "2026", "provinces": "08"},
        {"year": "2026", "province": "08"},
        {"year": "2024", "vintage": "2024", "level": "commune"},
        {"year": "2024", "vintage": "2024", "level": "commune", "metric": "region"},
        {"year": "2024", "vintage": "2024", "provinces": "02,04"},
    ],
)
def test_the_map_shows_only_the_granted_province(
    engine: Engine, deps: Deps, scoped, params: dict
) -> None:  # noqa: ANN001
    seed(engine)
    view = scoped(lambda: map_view(deps, map_state.from_params(params, "en")))
    assert_nothing_of_others(view)
    assert view.side.error in (None, t("map.no_geometry", "en"))  # no boundaries built here
    units = deps.read(map_queries.units, view.controls[3].value, view.controls[4].value)
    province_of = dict(zip(units["code"], units["province_code"], strict=True))
    shown = [*view.values["locations"], *view.values.get("blank", [])]
    assert shown and {province_of[code] for code in shown} == {"04"}
    assert [c.value for c in view.filters[0].choices] == ["04"]
    assert view.side.note.startswith("Total of your provinces (1): Cao Bằng")


def test_a_crafted_request_for_another_province_gets_no_figure(
    engine: Engine, deps: Deps, scoped
) -> None:  # noqa: ANN001
    seed(engine)
    view = scoped(lambda: map_view(deps, map_state.from_params({"provinces": "08"}, "en")))
    assert view.values["locations"] == [] and view.side.rows == ()


def post_map(app: dash.Dash, client, provinces: list[str]) -> dict:  # noqa: ANN001
    """The map's callback called over HTTP as a crafted request would: a filter of
    ``provinces`` and a drill into province 08 in the state the browser sends back."""
    key = next(k for k in app.callback_map if f"{ids.MAP_GEO}.data" in k)
    callback = app.callback_map[key]
    values = {"year": 2026, "vintage": 2025, "level": "province", "metric": "rate",
              "provinces": provinces}  # fmt: skip
    names = map_state_param_ids()
    inputs = [
        [] if isinstance(item["id"], dict) or item["id"].startswith("{")
        else {**item, "value": values.get(names.get(item["id"], ""))}
        for item in callback["inputs"]
    ]  # fmt: skip
    state = [{**s, "value": None} for s in callback["state"]]
    state[0]["value"] = {"province": "08", "unit": None, "shown_vintage": 2025}  # as map_view sends
    outputs = [dict(zip(("id", "property"), o.rsplit(".", 1), strict=True))
               for o in key.strip(".").split("...")]  # fmt: skip
    body = {"output": key, "outputs": outputs, "inputs": inputs, "state": state,
            "changedPropIds": [f"{ids.MAP_YEAR}.value"]}  # fmt: skip
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    return response.get_json()


def test_the_map_callback_over_http_answers_nothing_of_others(
    engine: Engine, app: dash.Dash, client, scoped
) -> None:  # noqa: ANN001
    seed(engine)
    other = post_map(app, client, ["08"])
    assert_nothing_of_others(other)
    assert "Cao Bằng" not in repr(other["response"][ids.MAP_TABLE])
    both = post_map(app, client, ["04", "08"])
    assert_nothing_of_others(both)
    assert "Cao Bằng" in repr(both)  # the granted province is there: the check above can fail


def map_state_param_ids() -> dict[str, str]:
    from callbacks.map.page import CONTROL_INPUTS, PARAM_NAMES

    return dict(zip(CONTROL_INPUTS, PARAM_NAMES, strict=True))


# ---- disbursement ------------------------------------------------------------------------------


DISBURSEMENT_REQUESTS = [{"year": "2026"}, {"year": "2026", "provinces": "04,08"},
                         {"year": "2024"}, {"year": "2024", "province": "02,04"}]  # fmt: skip


@pytest.mark.parametrize("params", DISBURSEMENT_REQUESTS)
def test_the_disbursement_page_sums_only_the_granted_province(
    engine: Engine, deps: Deps, scoped, params: dict
) -> None:  # noqa: ANN001
    seed(engine)
    view = scoped(lambda: disbursement.disbursement_view(deps, "en", params))
    assert_nothing_of_others(view)
    assert [row[0] for row in view.provinces_table.rows] == ["Tỉnh Cao Bằng"]
    if params["year"] == "2026":
        kpi = next(k for k in view.kpis if k.card_id == ids.DISB_KPI_ALLOCATED)
        assert kpi.value == "700.0"
    assert any("Total of your provinces (1): Cao Bằng" in n for n in view.notices)


def test_asking_the_disbursement_page_only_for_another_province_gives_nothing(
    engine: Engine, deps: Deps, scoped
) -> None:  # noqa: ANN001
    seed(engine)
    view = scoped(lambda: disbursement.disbursement_view(deps, "en", {"provinces": "08"}))
    kpi = next(k for k in view.kpis if k.card_id == ids.DISB_KPI_ALLOCATED)
    assert kpi.value == "0.0" and view.provinces_table.rows == ()
    assert_nothing_of_others(view)


# ---- tables and exports ------------------------------------------------------------------------


TABLES_REQUESTS = [{"year": "2026"}, {"year": "2026", "province": "08"},
                   {"year": "2024", "vintage": "2024"},
                   {"year": "2024", "province": "04", "district": "020"}]  # fmt: skip


@pytest.mark.parametrize("params", TABLES_REQUESTS)
def test_the_tables_list_only_the_granted_province(
    engine: Engine, deps: Deps, scoped, params: dict
) -> None:  # noqa: ANN001
    seed(engine)
    view = scoped(lambda: tables.tables_view(deps, "en", params))
    assert_nothing_of_others(view)
    assert view.grid.row_data
    assert "Total of your provinces (1): Cao Bằng" in view.notices


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_exports_hold_only_the_granted_province(
    engine: Engine, deps: Deps, scoped, kind: str
) -> None:  # noqa: ANN001
    seed(engine)
    download = scoped(lambda: tables_export.export_download(deps, "?year=2026&lang=en", None,
                                                            kind))  # fmt: skip
    content = base64.b64decode(download["content"])
    sheet = scoped(lambda: tables_export.export_sheet(deps, {"year": "2026"}, None))
    assert [row[1] for row in sheet.rows] == ["04"]
    assert sheet.totals[2] == PLAN_04_2026
    if kind == "csv":
        text = content.decode("utf-8-sig")
    else:
        book = load_workbook(io.BytesIO(content), read_only=True)
        text = repr([row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)])
    assert_nothing_of_others(text)
    assert "Cao Bằng" in text


# ---- overview, indicators, wall ----------------------------------------------------------------


def test_the_overview_is_the_sum_of_the_granted_province(
    engine: Engine, deps: Deps, scoped
) -> None:  # noqa: ANN001
    seed(engine)
    view = scoped(lambda: overview.overview_view(deps, "en", "2026"))
    assert_nothing_of_others(view)
    allocated = next(k for k in view.kpis if k.card_id == ids.KPI_ALLOCATED)
    assert allocated.value == "700.0"
    assert any("Total of your provinces (1): Cao Bằng" in n for n in view.notices)
    assert [row[0] for row in view.lagging.rows] in ([], ["Cao Bằng"])


def test_indicator_rankings_hold_only_the_granted_province(
    engine: Engine, deps: Deps, scoped
) -> None:  # noqa: ANN001
    code = deps.read(indicators.indicator_definitions)["code"].iloc[0]
    with engine.begin() as conn:
        conn.execute(IndicatorValue.__table__.insert(), [
            {"indicator_code": code, "unit_code": unit, "vintage": 2025, "year": 2025,
             "value": value} for unit, value in (("04", 11.5), ("08", 22.5), ("VN", 30.0))
        ])  # fmt: skip
    view = scoped(lambda: indicators.indicators_view(deps, "en", code, "2025"))
    assert_nothing_of_others(view)
    assert [row[1] for row in view.detail.ranking_table.rows] == ["Cao Bằng"]


def test_wall_data_holds_nothing_of_other_provinces(engine: Engine, client, scoped) -> None:  # noqa: ANN001
    seed(engine)
    panels = "kpis,map,lagging,scurve:province=08,province:08,province:04"
    response = client.get(f"/wall/data?panels={panels}&lang=en")
    assert response.status_code == 200
    body = response.get_json()
    assert_nothing_of_others(json.dumps(body, ensure_ascii=False))
    kpis = body["panels"][0]
    assert kpis["kpis"][0]["value"] == "700.0"
    assert kpis["note"] == "Total of your provinces (1): Cao Bằng"
    assert body["panels"][3]["kpis"][0]["value"] == "0.0"  # the s-curve asked for 08: nothing

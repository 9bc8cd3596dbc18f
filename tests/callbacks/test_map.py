"""The map page: state from the URL, navigation by clicks, the view over a real database, and the
content-hashed geometry route."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest
from dash import no_update
from sqlalchemy import Engine, insert

from callbacks import geometry, topojson
from callbacks.deps import Deps
from callbacks.map.legend import classify
from callbacks.map.page import map_view, update
from callbacks.map.state import MapState, from_params, navigate
from dashboard import i18n
from dashboard.config import Settings
from dashboard.models import IndicatorValue
from layouts import ids
from tests.app_fixtures import add_disbursements, add_plans


def test_unknown_url_values_are_dropped() -> None:
    state = from_params({"vintage": "1999", "level": "district", "metric": "x",
                         "regions": "I,IV", "lang": "en"}, "vi")  # fmt: skip
    assert state == MapState(lang="en", vintage=2025, level="province", metric="rate",
                             regions=("I",))  # fmt: skip


def test_a_province_in_the_url_shows_its_communes() -> None:
    assert from_params({"province": "14"}, "vi").level == "commune"


def test_query_round_trips() -> None:
    state = MapState(year=2025, vintage=2024, level="commune", province="14", kinds=("recurrent",))
    params = dict(p.split("=") for p in state.query().lstrip("?").split("&"))
    assert from_params(params, "vi") == state


def test_a_province_click_drills_down() -> None:
    click = {"points": [{"location": "14"}]}
    state = navigate(MapState(), ids.MAP_GRAPH, click)
    assert (state.province, state.level) == ("14", "commune")


def test_the_national_crumb_goes_back_up() -> None:
    state = MapState(level="commune", province="14", unit="00001")
    up = navigate(state, {"type": ids.MAP_CRUMB, "code": "VN"}, None)
    assert (up.province, up.unit, up.level) == (None, None, "province")


def test_a_commune_row_click_selects_it() -> None:
    state = MapState(level="commune", province="14")
    assert navigate(state, {"type": ids.MAP_ROW, "code": "04141"}, None).unit == "04141"


def test_pace_gap_uses_diverging_fixed_breaks() -> None:
    classes, legend = classify("pace_gap", pd.Series([-0.5, 0.05, 0.5]), "en")
    assert classes == [0, 3, 5]
    assert len(legend) == 6


def test_view_values_and_no_data_count(engine: Engine, deps: Deps) -> None:
    add_plans(engine, [dict(year=2024, unit_code="02", province_code="02", amount_vnd=200)])
    add_disbursements(engine, [dict(year=2024, month=12, amount_vnd=50)])
    view = map_view(deps, MapState(lang="en", year=2024, vintage=2024))
    assert view.values["locations"] == ["02"]
    assert view.side.gaps == ("62 province units not in the program",)  # none classified
    assert [r.value for r in view.side.rows] == ["25.0%"]


def test_the_legend_counts_why_units_are_grey_and_the_counts_add_up(
    engine: Engine, deps: Deps
) -> None:
    """Five program communes in Cao Bằng: one paid from central capital, one from local, three
    without any report; filtered on central capital, the local one is outside the filter."""
    from sqlalchemy import select
    from sqlalchemy import update as sql_update

    from dashboard.models import AdminUnit

    with engine.begin() as conn:
        codes = conn.scalars(
            select(AdminUnit.code)
            .where(
                AdminUnit.vintage == 2025,
                AdminUnit.level == "commune",
                AdminUnit.province_code == "04",
            )
            .order_by(AdminUnit.code)
            .limit(5)
        ).all()
        conn.execute(
            sql_update(AdminUnit)
            .where(AdminUnit.vintage == 2025, AdminUnit.code.in_(codes))
            .values(em_area=True, region="III")
        )
    row = dict(year=2026, vintage=2025, province_code="04")
    add_plans(
        engine,
        [
            dict(unit_code=codes[0], amount_vnd=100, **row),
            dict(unit_code=codes[1], source="local", amount_vnd=100, **row),
        ],
    )
    add_disbursements(engine, [dict(month=3, unit_code=codes[0], amount_vnd=10, **row),
                               dict(month=3, unit_code=codes[1], source="local",
                                    amount_vnd=10, **row)])  # fmt: skip
    state = MapState(
        lang="en", year=2026, vintage=2025, level="commune", province="04", sources=("central",)
    )
    view = map_view(deps, state)
    grey = len(view.values["blank"])
    counts = {line.split(" commune units ")[1]: int(line.split()[0]) for line in view.side.gaps}
    assert counts["outside the filter"] == 1
    assert counts["without a report for the period"] == 3
    assert counts["not in the program"] == grey - 4 > 0
    assert sum(counts.values()) == grey


def _assigned(patch: object) -> dict[tuple, object]:
    operations = patch.to_plotly_json()["operations"]  # type: ignore[attr-defined]
    return {tuple(op["location"]): op["params"]["value"] for op in operations}


def test_the_background_holds_only_the_units_without_data(engine: Engine, deps: Deps) -> None:
    add_plans(engine, [dict(year=2024, unit_code="02", province_code="02", amount_vnd=200)])
    add_disbursements(engine, [dict(year=2024, month=12, amount_vnd=50)])
    view = map_view(deps, MapState(lang="en", year=2024, vintage=2024))
    assert len(view.values["blank"]) == 62 and "02" not in view.values["blank"]
    params = {"year": 2024, "vintage": 2024, "lang": "en", "kinds": ["investment"]}
    out = update(deps, params, ids.MAP_F_KINDS, None, view.geo)
    assigned = _assigned(out[2])  # a recolour: both traces, values only
    assert out[1] is no_update  # the values travel once, in the patch
    blank, shown = assigned[("data", 0, "locations")], assigned[("data", 1, "locations")]
    assert assigned[("data", 0, "z")] == [0] * len(blank)
    assert len(assigned[("data", 1, "z")]) == len(shown) == 1
    assert sorted(blank + shown) == sorted([*view.values["blank"], "02"])


def test_a_failed_recolour_turns_every_unit_grey(engine: Engine, deps: Deps, monkeypatch) -> None:  # noqa: ANN001
    add_plans(engine, [dict(year=2024, unit_code="02", province_code="02", amount_vnd=200)])
    view = map_view(deps, MapState(lang="en", year=2024, vintage=2024))

    def broken(*args: object) -> None:
        raise RuntimeError("database down")

    monkeypatch.setattr("dashboard.queries.map.map_values", broken)
    params = {"year": 2024, "vintage": 2024, "lang": "en", "sources": ["central"]}
    out = update(deps, params, ids.MAP_F_SOURCES, None, view.geo)
    assert _assigned(out[2])[("data", 1, "locations")] == []
    assert sorted(_assigned(out[2])[("data", 0, "locations")]) == sorted(
        [*view.values["blank"], "02"]
    )


def test_missing_boundaries_show_a_message(engine: Engine, deps: Deps) -> None:
    view = map_view(deps, MapState(lang="en"))
    assert view.geo is None
    assert "No boundaries" in view.side.error


@pytest.fixture
def geo_client(built_geodata: Path, app):  # noqa: ANN001, ANN201
    server = app.server
    server.view_functions["geometry"] = lambda digest, key: geometry.serve(
        built_geodata, digest, key
    )
    return server.test_client(), built_geodata


def test_geometry_is_served_immutable_and_gzipped(geo_client) -> None:  # noqa: ANN001
    client, out = geo_client
    url = geometry.geometry_url(out, "2025-province-national")
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]
    assert len(json.loads(gzip.decompress(response.data))["features"]) >= 34
    assert client.get(url.replace(url.split("/")[2], "0" * 16)).status_code == 404


def test_a_single_value_makes_one_class() -> None:
    codes, legend = classify("rate", pd.Series([0.42]), "vi")
    assert codes == [0] and len(legend) == 1
    codes, legend = classify("disbursed", pd.Series([5, 5, 5]), "en")
    assert codes == [0, 0, 0] and len(legend) == 1
    codes, legend = classify("rate", pd.Series([float("nan")]), "vi")  # a unit without plan
    assert codes == [0] and len(legend) == 1


# ---- indicator metrics ----------------------------------------------------------------------


def _indicator_rows(engine: Engine) -> None:
    """EM_POVERTY (lower is better): 2024 on legacy provinces 02 and 08 (merged into new 08) and
    10 (into new 15), 2025 on the new province 08; national rows besides."""
    rows = [
        ("VN", 2024, 2024, 20.0), ("02", 2024, 2024, 10.0), ("08", 2024, 2024, 30.0),
        ("10", 2024, 2024, 5.0), ("VN", 2025, 2025, 18.0), ("08", 2025, 2025, 40.0),
    ]  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(IndicatorValue), [
            dict(indicator_code="EM_POVERTY", unit_code=u, vintage=v, year=y, value=x)
            for u, v, y, x in rows
        ])  # fmt: skip
    plans = [dict(year=y, unit_code="02", province_code="02", amount_vnd=1) for y in (2024, 2025)]
    add_plans(engine, plans)


def test_an_indicator_metric_is_shown_per_province() -> None:
    state = from_params({"metric": "ind:EM_POVERTY", "level": "commune", "province": "14"}, "vi")
    assert (state.metric, state.level, state.province) == ("ind:EM_POVERTY", "province", None)
    state = navigate(state, ids.MAP_GRAPH, {"points": [{"location": "14"}]})
    assert (state.metric, state.level) == ("rate", "commune")  # a drill-down shows money


def test_indicator_on_its_own_vintage(engine: Engine, deps: Deps) -> None:
    _indicator_rows(engine)
    view = map_view(deps, MapState(lang="en", year=2024, vintage=2024, metric="ind:EM_POVERTY"))
    assert view.values["locations"] == ["08", "02", "10"]  # the worst (highest) first
    assert [r.value for r in view.side.rows] == ["30.0%", "10.0%", "5.0%"]
    assert "VN" not in view.values["blank"] and len(view.values["blank"]) == 60
    assert view.side.gaps == ("60 province units without a report for the period",)
    assert view.side.legend[0].colour == "#253494"  # lower is better: the lowest class darkest
    assert view.side.note == "Indicators are reported per province: the map shows provinces."
    metrics = [c.value for c in view.controls[0].choices]
    assert metrics[:5] == ["rate", "disbursed", "allocated", "remaining", "pace_gap"]
    assert "ind:EM_POVERTY" in metrics
    assert "Ethnic minority poverty rate" in [c.label for c in view.controls[0].choices]


def test_a_legacy_year_on_the_new_map_is_the_mean_of_the_merged(engine: Engine, deps: Deps) -> None:
    _indicator_rows(engine)
    view = map_view(deps, MapState(lang="en", year=2024, vintage=2025, metric="ind:EM_POVERTY"))
    assert view.values["locations"] == ["08", "15"]
    assert [r.value for r in view.side.rows] == ["20.0%", "5.0%"]  # (10 + 30) / 2
    assert "simple mean" in view.side.note and "no population weights" in view.side.note


def test_a_new_year_on_the_old_map_repeats_the_new_value(engine: Engine, deps: Deps) -> None:
    _indicator_rows(engine)
    state = MapState(lang="vi", year=2025, vintage=2024, metric="ind:EM_POVERTY")
    view = map_view(deps, state)
    assert sorted(view.values["locations"]) == ["02", "08"]
    assert [r.value for r in view.side.rows] == ["40,0%", "40,0%"]
    params = {"year": 2024, "vintage": 2024, "lang": "en", "metric": "ind:EM_POVERTY"}
    out = update(deps, params, ids.MAP_YEAR, None, view.geo)  # a recolour keeps the shape
    assert sorted(_assigned(out[2])[("data", 1, "locations")]) == ["02", "08", "10"]


def test_an_unknown_indicator_falls_back_to_the_rate(engine: Engine, deps: Deps) -> None:
    view = map_view(deps, MapState(lang="en", metric="ind:NOPE"))
    assert view.controls[0].value == "rate"


def test_repeated_url_parameters_read_as_a_browser_would() -> None:
    state = from_params({"year": ["2024", "2025"], "provinces": ["08", "04"],
                         "level": ["district", "commune"], "vintage": "2024"}, "vi")  # fmt: skip
    assert (state.year, state.provinces, state.level) == (2025, ("04", "08"), "commune")


def test_a_layer_is_framed_on_its_own_bounds(built_geodata: Path) -> None:
    west, south, east, north = geometry.layer_bounds(built_geodata, "2024-commune-national")
    # the whole territory: Trường Sa's islands reach 115.8°E and 7.8°N
    assert 102 < west < 103 and 7 < south < 8.5 and 115 < east < 117 and 23 < north < 24
    province = geometry.layer_bounds(built_geodata, "2024-commune-detailed-02")  # Hà Giang
    assert west <= province[0] < province[2] <= east and province[3] <= north
    assert province[1] > 22  # the far north, not the whole country


def test_a_filter_leaves_the_other_controls_alone(engine: Engine, deps: Deps) -> None:
    add_plans(engine, [dict(year=2024, unit_code="02", province_code="02", amount_vnd=200)])
    params = {"year": 2024, "vintage": 2024, "lang": "en", "kinds": ["investment"]}
    filtered = update(deps, params, ids.MAP_F_KINDS, None, None)
    moved = update(deps, {**params, "year": 2025}, ids.MAP_YEAR, None, None)
    assert len(filtered) == len(moved)  # one value per output of the callback
    assert filtered[-10:] == (no_update,) * 10 and filtered[-11] != no_update  # the query moves
    metric, metric_options, year = moved[-10:-7]
    assert (metric, year) == ("rate", 2024)  # no data in 2025: the year falls back
    assert {"label": "Disbursement rate", "value": "rate"} in metric_options


# ---- classes, the commune list and the commune detail -----------------------------------------


def test_breaks_that_read_the_same_are_merged() -> None:
    rates = pd.Series([0.6661, 0.6662, 0.6663, 0.6664, 0.1, 0.2, 0.3, 0.4, 0.5, 0.9])
    codes, legend = classify("rate", rates, "vi")
    labels = [item.label for item in legend]
    assert all(low != high for low, _, high in (label.partition(" – ") for label in labels))
    assert set(codes) == set(range(len(legend)))  # no empty class


def test_few_units_make_fewer_classes() -> None:
    codes, legend = classify("rate", pd.Series([0.1, 0.5, 0.9]), "en")
    assert len(legend) == 2 and sorted(set(codes)) == [0, 1]
    assert len(classify("rate", pd.Series([i / 20 for i in range(20)]), "en")[1]) == 5


def test_ties_on_a_break_leave_no_empty_class() -> None:
    codes, legend = classify("rate", pd.Series([0.0] * 7 + [0.5, 0.9] + [1.0] * 5), "en")
    assert set(codes) == set(range(len(legend)))


def test_all_values_alike_show_one_value() -> None:
    assert [c.label for c in classify("rate", pd.Series([0.42, 0.42]), "en")[1]] == ["42.0%"]


def _first_commune(deps: Deps, vintage: int, province: str) -> pd.Series:
    from dashboard.queries import map as queries

    communes = deps.read(queries.units, vintage, "commune")
    return communes[communes["province_code"] == province].sort_values("code").iloc[0]


def test_the_commune_list_names_district_and_province(engine: Engine, deps: Deps) -> None:
    commune = _first_commune(deps, 2024, "02")
    add_plans(engine, [dict(year=2024, unit_code=commune["code"], amount_vnd=900_000_000)])
    state = MapState(lang="en", year=2024, vintage=2024, level="commune", province="02")
    side = map_view(deps, state).side
    assert side.place_header == "District, province"
    assert side.rows[0].place.endswith(", Hà Giang") and side.rows[0].place.count(",") == 1


def test_the_province_list_has_no_place_column(engine: Engine, deps: Deps) -> None:
    add_plans(engine, [dict(year=2024, unit_code="02", amount_vnd=200)])
    assert map_view(deps, MapState(lang="en", year=2024, vintage=2024)).side.place_header == ""


def test_commune_detail_small_amounts_in_millions_projects_in_order(
    engine: Engine, deps: Deps
) -> None:
    from tests.app_fixtures import subproject_id

    code = _first_commune(deps, 2024, "02")["code"]
    rows = [dict(year=2024, unit_code=code, amount_vnd=350_000_000, subproject_id=subproject_id(
        engine, sub)) for sub in ("DA10.1", "DA2", "DA4.1")]  # fmt: skip
    add_plans(engine, rows)
    state = MapState(lang="vi", year=2024, vintage=2024, level="commune", province="02", unit=code)
    detail = map_view(deps, state).side.detail
    assert [row[0] for row in detail.projects] == ["DA2", "DA4", "DA10"]
    assert detail.projects[0][1] == "350,0 triệu đồng"
    assert dict(detail.facts)["Kế hoạch vốn"] == "1,1 tỷ đồng"


def test_pre_reform_boundaries_offer_the_district_level(engine: Engine, deps: Deps) -> None:
    params = {"year": 2024, "vintage": 2024, "lang": "en"}
    out = update(deps, params, ids.MAP_VINTAGE, None, None)
    assert [o["value"] for o in out[-1]] == ["province", "district", "commune"]
    out = update(deps, {**params, "vintage": 2025}, ids.MAP_VINTAGE, None, None)
    assert [o["value"] for o in out[-1]] == ["province", "commune"]


def test_a_province_filter_frames_the_provinces_chosen(built_geodata: Path) -> None:
    country = geometry.layer_bounds(built_geodata, "2024-province-national")
    west, south, east, north = geometry.provinces_bounds(built_geodata, 2024, ("02", "04"))
    assert south > 22 and north <= country[3] and east - west < (country[2] - country[0]) / 2
    assert geometry.provinces_bounds(built_geodata, 2024, ("zz",)) is None


def test_archipelago_names_label_the_maps_that_draw_them(built_geodata: Path, monkeypatch) -> None:
    def names(key: str, lang: str) -> list[str] | None:
        traces = geometry.layer_labels(built_geodata, key, lang)
        return traces and traces[1]["text"]

    assert names("2025-province-national", "vi") == ["Quần đảo Hoàng Sa", "Quần đảo Trường Sa",
                                                     "Côn Đảo"]  # fmt: skip
    dots, text = geometry.layer_labels(built_geodata, "2024-commune-national", "vi")
    assert dots["mode"] == "markers" and len(dots["lon"]) == len(dots["lat"]) > 50  # one an island
    assert text["mode"] == "text" and len(text["lon"]) == len(text["lat"]) == 3
    assert names("2024-district-detailed-48", "en") == ["Hoàng Sa archipelago"]
    # with Hồ Chí Minh city after the reform, Bà Rịa - Vũng Tàu before
    assert names("2025-commune-detailed-79", "en") == names("2024-commune-detailed-77", "en")
    assert names("2025-commune-detailed-79", "en") == ["Côn Đảo"]
    assert geometry.layer_labels(built_geodata, "2024-commune-detailed-02", "vi") is None
    monkeypatch.setitem(i18n.LABELS, "map.islands.con_dao", {"vi": "<b>Côn</b> & Đảo"})
    assert names("2024-commune-detailed-77", "vi") == ["&lt;b&gt;Côn&lt;/b&gt; &amp; Đảo"]


def test_a_far_archipelago_sits_in_an_inset_beside_its_province(built_geodata: Path) -> None:
    inset = geometry.layer_inset(built_geodata, "2024-commune-detailed-56")  # Khánh Hòa
    assert inset["codes"] == ["22736", "22737", "22739"]  # Trường Sa's three communes
    west, south, east, north = inset["mainland"]  # what the main map frames
    assert 108.5 < west < east < 109.6 and 11.5 < south < north < 13
    assert inset["bounds"][0] < 112 and inset["bounds"][2] > 115  # the islands' own frame
    assert geometry.layer_inset(built_geodata, "2024-district-detailed-56")["codes"] == ["576"]
    assert geometry.layer_inset(built_geodata, "2025-commune-detailed-48")["codes"] == ["20333"]
    assert geometry.layer_inset(built_geodata, "2025-commune-detailed-79") is None  # Côn Đảo
    assert geometry.layer_inset(built_geodata, "2024-commune-detailed-02") is None
    dots, names = geometry.layer_labels(built_geodata, "2024-commune-detailed-56", "vi")
    assert dots["geo"] == names["geo"] == "geo2"
    national = geometry.layer_labels(built_geodata, "2024-commune-national", "vi")
    assert all("geo" not in trace for trace in national)


def test_the_map_page_names_its_boundary_file_for_preloading(
    built_geodata: Path, engine: Engine, settings: Settings, dash_registries: None
) -> None:
    from app import create_app

    settings.var_dir.mkdir(parents=True, exist_ok=True)
    (settings.var_dir / "geodata").symlink_to(built_geodata, target_is_directory=True)
    app = create_app(settings, engine)
    client = app.server.test_client()

    def links(url: str) -> list[str]:
        response = client.get(url)
        assert response.status_code == 200
        return response.headers.getlist("Link")

    def preload(url: str) -> str:
        return f"<{url}>; rel=preload; as=fetch; crossorigin"

    commune_file = geometry.geometry_url(built_geodata, "2024-commune-national")
    assert links("/map?level=commune&vintage=2024") == [
        preload(commune_file), preload(topojson.WORLD_URL)]  # fmt: skip
    # the file the page's own view draws, served by the app
    view = map_view(app.server.extensions["ntp_deps"], MapState(level="commune", vintage=2024))
    assert view.geo["url"] == commune_file
    assert client.get(commune_file).status_code == 200
    assert client.get(topojson.WORLD_URL).status_code == 200
    province_file = geometry.geometry_url(built_geodata, "2025-commune-detailed-14")
    assert links("/map?province=14")[0] == preload(province_file)
    assert links("/map?province=%3Cscript%3E") == []  # no such file: nothing named
    assert links("/disbursement") == []

"""The wall display's plain functions and JSON endpoint, against a real database."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from callbacks.deps import Deps
from callbacks.wall import page as wall
from callbacks.wall import panels as wall_panels
from dashboard import fmt
from dashboard.wall_config import Panel, parse_token
from layouts import ids
from layouts import wall as wall_layout
from tests.app_fixtures import seed_overview


def test_kpis_panel_shows_the_exact_national_totals(engine: Engine, deps: Deps) -> None:
    seeded = seed_overview(engine)
    data = wall_panels.kpis_panel(deps, Panel("kpis"), "vi")
    assert data["title"] == "Toàn quốc · Năm 2026, lũy kế đến tháng 10/2026"
    values = [k["value"] for k in data["kpis"]]
    assert values[0] == fmt.amount(seeded.allocated_2026, "vi")
    assert values[1] == fmt.amount(seeded.disbursed_2026_to_oct, "vi")
    assert data["caption"]["as_of"] == "Số liệu đến tháng 10/2026"


def test_kpis_panel_takes_its_year_filter(engine: Engine, deps: Deps) -> None:
    seeded = seed_overview(engine)
    data = wall_panels.kpis_panel(deps, parse_token("kpis:year=2025"), "en")
    assert data["kpis"][0]["value"] == fmt.amount(seeded.allocated_2025, "en")
    assert "2025" in data["title"]


def test_scurve_panel_has_the_figure_and_kpis(engine: Engine, deps: Deps) -> None:
    seeded = seed_overview(engine)
    data = wall_panels.scurve_panel(deps, Panel("scurve"), "vi")
    assert data["figure"]["data"]
    assert data["kpis"][0]["value"] == fmt.amount(seeded.allocated_2026, "vi")


def test_scurve_panel_filters_by_kind(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    whole = wall_panels.scurve_panel(deps, Panel("scurve"), "en")
    part = wall_panels.scurve_panel(deps, parse_token("scurve:kind=investment"), "en")
    assert part["kpis"][0]["value"] != whole["kpis"][0]["value"]
    assert part["title"].endswith("· Development investment")


def test_province_panel_has_the_province_totals(engine: Engine, deps: Deps) -> None:
    seeded = seed_overview(engine)
    data = wall_panels.province_panel(deps, parse_token("province:08"), "vi")
    assert data["kpis"][0]["value"] == fmt.amount(seeded.allocated_2026, "vi")
    assert data["title"].startswith("Tuyên Quang")


def test_province_panel_without_data_says_so(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    data = wall_panels.province_panel(deps, parse_token("province:96"), "en")
    assert data["error"]
    assert data["kpis"] is None


def test_lagging_panel_lists_provinces_behind_pace(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    data = wall_panels.lagging_panel(deps, Panel("lagging"), "en")
    assert data["error"] is None
    assert [row[0] for row in data["table"]["rows"]] == ["Tuyên Quang"]


def test_indicators_panel_is_a_table_with_a_status_per_row(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    data = wall_panels.indicators_panel(deps, Panel("indicators"), "en")
    table = data["table"]
    assert table["headers"][-1] == "Status"
    assert len(table["status"]) == len(table["rows"])


def test_a_failed_read_becomes_a_message_on_the_panel(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE plan_by_province"))  # what the national figures read
    data = wall_panels.panel_data(deps, Panel("kpis"), "en")
    assert data["error"] == wall_panels.t("error.read", "en")


def test_data_endpoint_answers_every_panel_with_the_version(engine: Engine, client) -> None:  # noqa: ANN001
    seed_overview(engine)
    response = client.get("/wall/data?panels=kpis,lagging,scurve,indicators,province:08&lang=en")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["version"] == 3
    assert body["as_of"] == "Data as of Oct 2026"
    assert [p["kind"] for p in body["panels"]] == [
        "kpis", "lagging", "scurve", "indicators", "province"
    ]  # fmt: skip


def test_data_endpoint_rejects_a_bad_panel(engine: Engine, client) -> None:  # noqa: ANN001
    seed_overview(engine)
    response = client.get("/wall/data?panels=clock")
    assert response.status_code == 400
    assert "unknown panel" in response.get_json()["error"]


def test_data_endpoint_is_503_when_the_database_cannot_be_read(engine: Engine, client) -> None:  # noqa: ANN001
    seed_overview(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE meta"))
    assert client.get("/wall/data?panels=kpis").status_code == 503


def test_wall_view_spells_out_the_playlist_for_the_data_endpoint(deps: Deps) -> None:
    view = wall.wall_view(deps, {"panels": "kpis,province:14", "seconds": "5", "lang": "en"})
    assert view.kinds == ("kpis", "province")
    assert view.query == "?panels=kpis%2Cprovince%3Aprovince%3D14&lang=en"
    assert (view.seconds, view.refresh) == (5, 300)


def test_wall_view_uses_the_default_playlist(deps: Deps) -> None:
    view = wall.wall_view(deps, {})
    assert view.kinds[:5] == ("kpis", "map", "lagging", "scurve", "indicators")


def test_a_bad_playlist_shows_the_error_in_the_page(deps: Deps) -> None:
    view = wall.wall_view(deps, {"playlist": "nope", "lang": "en"})
    assert view.error == "The wall display configuration is not valid"
    assert "no such playlist" in view.detail
    assert wall_layout.layout(view).id == ids.WALL


@pytest.mark.parametrize("path", ["/wall", "/wall?panels=kpis&lang=en"])
def test_the_page_is_served(client, path: str) -> None:  # noqa: ANN001
    assert client.get(path).status_code == 200


def test_the_default_playlist_features_provinces_with_many_program_communes() -> None:
    from dashboard.demo.classification import PUBLISHED
    from dashboard.wall_config import load_playlists

    panels = load_playlists(None)["default"].panels
    provinces = [p.value("province") for p in panels if p.kind == "province"]
    assert provinces and "01" not in provinces  # not Hà Nội's five communes
    assert all((PUBLISHED[code][1] or 0) >= 50 for code in provinces)


@pytest.fixture
def geo_deps(built_geodata, tmp_path, app) -> Deps:  # noqa: ANN001
    """The app's deps with the boundary files of the session built (app: over ``tmp_path``)."""
    from tests.server import link_geodata

    link_geodata(tmp_path / "var", built_geodata)
    return app.server.extensions["ntp_deps"]


def test_the_map_legend_names_the_no_data_colour(engine: Engine, geo_deps: Deps) -> None:
    seed_overview(engine)
    deps = geo_deps
    data = wall_panels.map_panel(deps, parse_token("map"), "en")
    colour, label = data["legend"]["items"][-1]
    assert colour == data["map"]["nodata"] == wall_panels.WALL_NO_DATA
    assert label.endswith("not in the program")  # no commune is classified here
    assert colour not in {c for c, _ in data["legend"]["items"][:-1]}


def test_a_province_panel_names_its_province_and_largest_communes(
    engine: Engine, geo_deps: Deps
) -> None:
    from dashboard.queries import map as map_queries
    from tests.app_fixtures import BN, add_plans

    seed_overview(engine)
    deps = geo_deps
    communes = deps.read(map_queries.units, 2025, "commune")
    code = communes[communes["province_code"] == "08"]["code"].iloc[0]
    add_plans(engine, [dict(year=2026, vintage=2025, unit_code=code, province_code="08",
                            amount_vnd=BN)])  # fmt: skip
    data = wall_panels.province_panel(deps, parse_token("province:08"), "vi")
    assert data["table"]["headers"][0].endswith("· Tuyên Quang")
    labels = data["map"]["labels"]
    assert labels == [[code, communes.set_index("code").loc[code, "short_name"]]]


def test_a_province_panel_shows_its_far_archipelago_in_an_inset(
    engine: Engine, geo_deps: Deps
) -> None:
    seed_overview(engine)
    data = wall_panels.province_panel(geo_deps, parse_token("province:48"), "vi")  # Đà Nẵng
    assert data["map"]["inset"]["codes"] == ["20333"]  # Đặc khu Hoàng Sa, beside the mainland
    west, _south, east, _north = data["map"]["inset"]["mainland"]  # the main map's frame
    assert 107 < west < east < 109
    dots, names = data["map"]["islands"]
    assert names["text"] == ["Quần đảo Hoàng Sa"] and dots["geo"] == names["geo"] == "geo2"
    national = wall_panels.map_panel(geo_deps, parse_token("map"), "vi")["map"]
    assert national["inset"] is None and "Quần đảo Trường Sa" in national["islands"][1]["text"]

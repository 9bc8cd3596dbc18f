"""Wall playlists: URL tokens, TOML files and their validation (dashboard.wall_config)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.wall_config import (
    Panel,
    Playlist,
    WallConfigError,
    config_path,
    load_playlists,
    parse_panels,
    parse_playlists,
    parse_token,
    resolve,
)


def test_a_bare_token_is_a_panel_without_filters() -> None:
    assert parse_token("kpis") == Panel("kpis")


def test_province_short_form() -> None:
    assert parse_token("province:14") == Panel("province", (("province", ("14",)),))


def test_filters_with_lists_round_trip_through_the_token() -> None:
    panel = parse_token("scurve:project=DA1|DA4;year=2025;kind=investment")
    assert panel.values("project") == ("DA1", "DA4")
    assert panel.value("year") == "2025"
    assert parse_token(panel.token) == panel


def test_url_panels_are_comma_separated() -> None:
    kinds = [p.kind for p in parse_panels("kpis,map,lagging,scurve,indicators,province:14")]
    assert kinds == ["kpis", "map", "lagging", "scurve", "indicators", "province"]


@pytest.mark.parametrize(
    ("token", "says"),
    [
        ("clock", "unknown panel 'clock'"),
        ("kpis:metric=rate", "panel 'kpis' takes no filter 'metric'"),
        ("map:metric=speed", "metric='speed'"),
        ("province", "needs a province"),
        ("province:1", "a code such as 14"),
        ("province:14|15", "one province"),
        ("scurve:year", "not name=value"),
        ("map:year=2025|2026", "takes one value"),
    ],
)
def test_bad_tokens_say_what_is_wrong(token: str, says: str) -> None:
    with pytest.raises(WallConfigError, match=says):
        parse_token(token)


TOML = """
[playlists.ops]
seconds = 15
refresh = 60
panels = ["kpis", { panel = "scurve", kind = ["investment"], year = 2025 }, "province:01"]
"""


def test_a_toml_playlist_mixes_tokens_and_tables() -> None:
    playlist = parse_playlists(TOML, "wall.toml")["ops"]
    assert playlist == Playlist(
        "ops",
        (
            Panel("kpis"),
            Panel("scurve", (("kind", ("investment",)), ("year", ("2025",)))),
            Panel("province", (("province", ("01",)),)),
        ),
        seconds=15,
        refresh=60,
    )


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[playlists.a]\npanels = [", "not valid TOML"),
        ("[walls.a]\npanels = ['kpis']", "unknown sections walls"),
        ("[playlists.a]\npanels = []", "'panels' must be a non-empty list"),
        ("[playlists.a]\npanels = ['kpis']\nspeed = 2", "unknown keys speed"),
        ("[playlists.a]\npanels = ['kpis']\nseconds = 0", "seconds must be a whole number"),
        ("[playlists.a]\npanels = [3]", "playlist 'a', panel 1"),
        ("[playlists.a]\npanels = ['kpis', 'nope']", "playlist 'a', panel 2: unknown panel"),
    ],
)
def test_bad_files_name_the_file_and_the_place(text: str, says: str) -> None:
    with pytest.raises(WallConfigError, match=says) as info:
        parse_playlists(text, "wall.toml")
    assert str(info.value).startswith("wall.toml")


def test_the_shipped_default_playlist_is_valid() -> None:
    default = load_playlists(None)["default"]
    assert {p.kind for p in default.panels} == {
        "kpis", "map", "lagging", "scurve", "indicators", "province"
    }  # fmt: skip


def test_an_operator_file_replaces_and_adds_playlists(tmp_path: Path) -> None:
    path = tmp_path / "wall.toml"
    path.write_text('[playlists.default]\npanels = ["map"]\n' + TOML, encoding="utf-8")
    playlists = load_playlists(config_path("", tmp_path))
    assert playlists["default"].panels == (Panel("map"),)
    assert "ops" in playlists and "investment" in playlists


def test_a_missing_wall_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(WallConfigError, match="WALL_CONFIG"):
        config_path(str(tmp_path / "nope.toml"), tmp_path)


def test_without_a_file_there_is_no_operator_path(tmp_path: Path) -> None:
    assert config_path("", tmp_path) is None


def test_resolve_url_panels_and_overrides() -> None:
    playlist = resolve({"panels": "kpis,map", "seconds": "1", "refresh": "2"}, {})
    assert playlist == Playlist("url", (Panel("kpis"), Panel("map")), seconds=1, refresh=2)


def test_resolve_a_named_playlist_keeps_its_timing() -> None:
    playlists = parse_playlists(TOML, "wall.toml")
    assert resolve({"playlist": "ops"}, playlists) == playlists["ops"]


def test_resolve_an_unknown_playlist_lists_the_known_ones() -> None:
    with pytest.raises(WallConfigError, match=r"no such playlist \(known: ops\)"):
        resolve({"playlist": "nope"}, parse_playlists(TOML, "wall.toml"))


def test_resolve_rejects_a_bad_interval() -> None:
    with pytest.raises(WallConfigError, match="seconds"):
        resolve({"panels": "kpis", "seconds": "fast"}, {})

"""Ids: every id a callback uses exists in a layout, and ids are written only in layouts/ids.py."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import dash
import flask
from dash.development.base_component import Component
from sqlalchemy import Engine

from callbacks.data import TABS as DATA_TABS
from callbacks.deps import Deps
from dashboard.access import ADMIN, Viewer
from layouts import ids
from layouts.data_upload import GridView, ReviewView, review_panel
from tests.app_fixtures import seed_overview

ROOT = Path(__file__).resolve().parents[2]
REVIEW = ReviewView("review", "vi", changes=GridView("changes", [], [{"old": 1, "new": 2}]),
                    issues=GridView("issues", [], []))  # fmt: skip


def _name(component_id: object) -> str | None:
    """A string id as it is; a pattern-matching (dict) id by its ``type``."""
    if isinstance(component_id, dict):
        return component_id.get("type")
    if isinstance(component_id, str) and component_id.startswith("{"):
        return json.loads(component_id).get("type")  # how Dash keys pattern-matching ids
    return component_id if isinstance(component_id, str) else None


def _ids_in(component: object) -> set[str]:
    found: set[str] = set()
    if isinstance(component, Component):
        for node in (component, *component._traverse()):
            name = _name(getattr(node, "id", None))
            if name:
                found.add(name)
    return found


def _callback_ids(app: dash.Dash) -> set[str]:
    used = set()
    for callback in app.callback_map.values():
        outputs = (
            callback["output"] if isinstance(callback["output"], list) else [callback["output"]]
        )
        used |= {_name(output.component_id) for output in outputs}
        used |= {
            _name(dependency["id"]) for dependency in [*callback["inputs"], *callback["state"]]
        }
    return used - {None}


def _is_pattern_type(app: dash.Dash, name: str) -> bool:
    for callback in app.callback_map.values():
        for dependency in [*callback["inputs"], *callback["state"]]:
            if dependency["id"].startswith("{") and _name(dependency["id"]) == name:
                return True
    return False


def test_every_callback_id_is_in_a_layout(app: dash.Dash, engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    in_layouts = _ids_in(app.layout())
    with app.server.test_request_context("/"):  # as an administrator: every page opens
        flask.g.ntp_viewer = Viewer("admin", ADMIN)
        for page in dash.page_registry.values():
            in_layouts |= _ids_in(page["layout"]())
        for tab in DATA_TABS:  # the data page builds only its open tab
            in_layouts |= _ids_in(dash.page_registry["data"]["layout"](tab=tab.key))
    in_layouts |= _ids_in(review_panel(REVIEW))  # shown once a file is reviewed
    # pattern-matching ids (rows, breadcrumbs) appear only in some views: their type must be an
    # id constant; every plain id must be in a rendered layout
    known = {value for name, value in vars(ids).items() if name.isupper()}
    patterns = {name for name in _callback_ids(app) if name in known and name not in in_layouts}
    assert _callback_ids(app) - in_layouts - patterns == set()
    assert all(_is_pattern_type(app, name) for name in patterns)


def test_page_layouts_use_the_ids_module(app: dash.Dash, engine: Engine) -> None:
    seed_overview(engine)
    rendered = _ids_in(dash.page_registry["overview"]["layout"]())
    known = {value for name, value in vars(ids).items() if name.isupper()}
    assert rendered <= known


def test_no_id_literal_outside_the_ids_module() -> None:
    offenders = []
    for folder in ("layouts", "callbacks"):
        for path in (ROOT / folder).glob("*.py"):
            if path.name == "ids.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.keyword) and node.arg in ("id", "component_id"):
                    if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                        offenders.append(f"{path.name}:{node.value.lineno}")
    assert offenders == []

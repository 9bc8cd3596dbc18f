"""A province filter survives a change of boundary set: the map's switch of boundaries carries it
through the province map (``dashboard.filters.translate``), as the disbursement page's year links
do."""

from __future__ import annotations

from sqlalchemy import Engine

from callbacks.deps import Deps
from callbacks.map.page import CONTROL_OUTPUTS, update
from layouts import ids
from tests.app_fixtures import seed_overview


def provinces_chosen(outputs: tuple) -> object:
    """The provinces dropdown's value among the callback's outputs (the controls come last)."""
    controls = outputs[-len(CONTROL_OUTPUTS) :]
    return controls[CONTROL_OUTPUTS.index((ids.MAP_F_PROVINCES, "value"))]


def test_switching_to_the_old_map_keeps_the_provinces_merged_into_the_filter(
    engine: Engine, deps: Deps
) -> None:
    seed_overview(engine)
    params = {"year": 2024, "vintage": 2024, "provinces": ["08"], "shown_vintage": 2025}
    assert provinces_chosen(update(deps, params, ids.MAP_VINTAGE, None, None)) == ("02", "08")


def test_switching_to_the_new_map_keeps_the_province_they_went_into(
    engine: Engine, deps: Deps
) -> None:
    seed_overview(engine)
    params = {"year": 2024, "vintage": 2025, "provinces": ["02", "04"], "shown_vintage": 2024}
    assert provinces_chosen(update(deps, params, ids.MAP_VINTAGE, None, None)) == ("04", "08")

"""Callback tests build real apps over real databases; Dash's global registries are reset around
every test (autouse), so apps built by different tests never share pages or callbacks."""

import pytest

from tests.app_fixtures import app, client, dash_registries, deps, settings

__all__ = ["app", "client", "dash_registries", "deps", "settings"]


@pytest.fixture(autouse=True)
def _fresh_dash_registries(dash_registries: None) -> None:
    """Every test here starts and ends with empty Dash registries."""

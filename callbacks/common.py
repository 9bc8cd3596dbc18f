"""Helpers shared by the page callbacks: a guarded read and the boundary route.

``guarded(read, lang, what)`` turns a failed read into a ``Failed`` part (the error goes to the
log), so one part's failure leaves the rest of a page. ``ensure_geometry_route`` serves the
content-hashed boundary files (``callbacks.geometry``) once, whichever page asks first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from dash import Dash

from callbacks import geometry
from callbacks.deps import Deps
from callbacks.outage import FAILURES
from dashboard.i18n import t
from layouts.parts import Failed

log = logging.getLogger(__name__)
T = TypeVar("T")
GEOMETRY_ENDPOINT = "geometry"  # the endpoint ``geometry.register_route`` adds


def guarded(read: Callable[[], T], lang: str, what: str) -> T | Failed:
    """``read()``, or a ``Failed`` part with a readable message (the error goes to the log)."""
    try:
        return read()
    except Exception:  # noqa: BLE001 (any failure of a part must leave the rest of the page)
        FAILURES.failed(what)
        return Failed(t("error.read", lang))


def ensure_geometry_route(app: Dash, deps: Deps) -> None:
    """Serve ``/geo/<hash>/<layer>.json`` (added once, whichever page registers it first)."""
    if GEOMETRY_ENDPOINT not in app.server.view_functions:
        geometry.register_route(app.server, Path(deps.settings.geodata_dir))

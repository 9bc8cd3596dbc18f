"""The tables page (``/tables``): the grid of figures and its CSV and Excel exports."""

from dash import Dash

from callbacks.deps import Deps
from callbacks.tables import export, page


def register(app: Dash, deps: Deps) -> None:
    page.register(app, deps)
    export.register(app, deps)

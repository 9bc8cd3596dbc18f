"""The accounts page (``/admin/users``, Flask-rendered forms) and the audit log's export."""

from dash import Dash

from callbacks.admin import users
from callbacks.deps import Deps


def register(app: Dash, deps: Deps) -> None:
    users.register(app.server, deps)

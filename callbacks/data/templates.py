"""The data page's templates: every kind's CSV and XLSX template (``GET
/data/templates/<kind>.<csv|xlsx>``, made by ``dashboard.importing.templates``) and a short guide
in the page's language."""

from __future__ import annotations

from typing import Any

import flask
from dash import Dash

from callbacks.access import current_viewer
from callbacks.data.review import kind_label
from callbacks.deps import Deps
from dashboard.access import Viewer
from dashboard.i18n import t
from dashboard.importing.grants import REFERENCE_KINDS
from dashboard.importing.templates import FORMATS, KINDS, template_file
from layouts import data_templates
from layouts.data_templates import TemplateLink, TemplatesTab

TEMPLATES_PATH = "/data/templates"
MIME = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def content(deps: Deps, viewer: Viewer, lang: str) -> object:
    links = tuple(
        TemplateLink(
            label=kind_label(kind, lang),
            note=t("data.templates.admin_only", lang) if kind in REFERENCE_KINDS else None,
            links=tuple((fmt.upper(), f"{TEMPLATES_PATH}/{kind}.{fmt}") for fmt in FORMATS),
        )
        for kind in KINDS
    )
    view = TemplatesTab(
        intro=t("data.templates.intro", lang),
        guide=t("data.templates.guide", lang),
        kind_header=t("data.templates.kind", lang),
        files_header=t("data.templates.files", lang),
        templates=links,
    )
    return data_templates.tab(view)


def send_template(name: str) -> flask.Response:
    """``<kind>.<fmt>`` for a viewer who may import; 404 for anything else."""
    if not current_viewer().can_import:
        flask.abort(403)
    kind, _, fmt = name.rpartition(".")
    if kind not in KINDS or fmt not in FORMATS:
        flask.abort(404)
    response = flask.make_response(template_file(kind, fmt))
    response.headers["Content-Type"] = MIME[fmt]
    response.headers["Content-Disposition"] = f'attachment; filename="{kind}.{fmt}"'
    return response


def register(app: Dash, deps: Deps, manager: Any) -> None:
    app.server.add_url_rule(f"{TEMPLATES_PATH}/<name>", "data_template", send_template)

"""The data page (``/data``, officers for their provinces and administrators for all): reports in
through the browser. A frame of tabs (``TABS``), each a ``DataTab``: its content for the viewer
and the callbacks and routes it needs. Adding a tab is one entry in ``TABS``.

- ``importing``: upload (``callbacks.data.upload``: ``POST /data/upload``), review before commit,
  commit or discard; long work in background callbacks (``callbacks.data.jobs``).
- ``history``: every batch the viewer may see, its issue report, undo.
- ``templates``: the templates of every kind, and a short guide.
- ``reporting``: who has reported which month (``callbacks.data.reporting``).

Every callback takes its viewer from the request (``callbacks.access.current_viewer``) or, in a
background job, from the server's record of the request that started it; never from an input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import dash
from dash import Dash

from callbacks.access import current_viewer
from callbacks.common import guarded
from callbacks.data import history, importing, jobs, reporting, templates, upload
from callbacks.deps import Deps
from callbacks.shell import href
from dashboard import i18n
from dashboard.access import Viewer
from dashboard.i18n import t
from dashboard.models import REFORMED
from dashboard.queries import map as map_queries
from layouts import data as data_layout
from layouts.components import error_alert
from layouts.data import DataView, Tab
from layouts.parts import Failed

PATH = "/data"


@dataclass(frozen=True)
class DataTab:
    key: str  # the ``?tab=`` of the URL
    label_key: str
    content: Callable[[Deps, Viewer, str], object]  # (deps, viewer, language) -> component
    register: Callable[[Dash, Deps, Any], None]  # (app, deps, background manager)


TABS: tuple[DataTab, ...] = (
    DataTab("upload", "data.tab.upload", importing.content, importing.register),
    DataTab("history", "data.tab.history", history.content, history.register),
    DataTab("templates", "data.tab.templates", templates.content, templates.register),
    DataTab("reporting", "reporting.tab", reporting.content, reporting.register),
)


def scope_note(deps: Deps, viewer: Viewer, lang: str) -> str:
    if viewer.provinces is None:
        return t("data.scope_all", lang)
    units = deps.read(map_queries.units, REFORMED, "province")
    names = dict(zip(units["code"], units["short_name"], strict=True))
    listed = ", ".join(names.get(code, code) for code in sorted(viewer.provinces)) or "–"
    return t("data.scope_some", lang, names=listed)


def data_view(deps: Deps, viewer: Viewer, lang: str, tab: object = None) -> DataView:
    """The page with ``tab`` open (the first when unknown); only the open tab's content is
    built."""
    entry = next((entry for entry in TABS if entry.key == tab), TABS[0])
    return DataView(
        title=t("data.title", lang),
        lang=lang,
        scope_note=scope_note(deps, viewer, lang),
        tabs=tuple(
            Tab(each.key, t(each.label_key, lang), href(PATH, tab=each.key, lang=lang))
            for each in TABS
        ),
        active=entry.key,
        content=_content(deps, viewer, lang, entry),
        tabs_label=t("data.tabs", lang),
    )


def _content(deps: Deps, viewer: Viewer, lang: str, entry: DataTab) -> object:
    """A tab's content; a failed read shows its message in the tab, the other tabs still work."""
    content = guarded(lambda: entry.content(deps, viewer, lang), lang, f"data tab {entry.key}")
    return error_alert(content.message) if isinstance(content, Failed) else content


def page(deps: Deps) -> Callable[..., object]:
    def layout(lang: object = None, tab: object = None, **_params: object) -> object:
        language = i18n.normalize(lang, deps.settings.language)
        viewer = current_viewer()
        if not viewer.can_import:
            return data_layout.forbidden(
                t("data.title", language), t("data.forbidden", language), language
            )
        return data_layout.layout(data_view(deps, viewer, language, tab))

    return layout


def register(app: Dash, deps: Deps) -> None:
    manager = jobs.make_manager(deps.settings)
    app.server.extensions["ntp_jobs"] = manager
    # with Celery there is none: the jobs run in ``ntp-dashboard worker``
    app.server.extensions["ntp_launcher"] = getattr(manager, "launcher", None)
    upload.register_route(app.server, deps)
    for entry in TABS:
        entry.register(app, deps, manager)
    lang = deps.settings.language
    dash.register_page(
        "data",
        path=PATH,
        name=t("nav.data", lang),
        title=f"{t('nav.data', lang)} - {t('app.name', lang)}",
        order=6,
        layout=page(deps),
    )

"""Component libraries loaded only where a page draws them: ``load_lazily(app)``, called once by the
app factory after the pages are registered.

Dash writes a ``<script>`` for the main bundle of every imported component library into every
page. dash-ag-grid's is 1.3 MB (361 KB gzipped) and only the pages with a grid draw one, yet the
map page evaluated it on every cold load. Its AG Grid code proper is already an async chunk that
Dash loads on first render; the main bundle is not, and Dash has no switch for that (its
``dynamic_loading`` option was removed; a ``_js_dist`` entry with ``async`` only covers chunks
that a loaded bundle requests itself).

So the main bundle of each library in ``LAZY`` is marked ``dynamic`` here: Dash still serves it
(fingerprinted, cached for a year) but leaves it out of the page. A ``<meta
name="ntp-lazy-libraries">`` tag names its URL, its components and the pages whose registry entry
lists the library (``callbacks.pages.Page.libraries``); ``assets/lazy_libraries.js`` puts
stand-ins for the components in the library's namespace, which load the bundle the first time one
is drawn (a page reached by a link inside the site) or at once on a listed page (its first
render then already has the library).
"""

from __future__ import annotations

import json
import os
import sys
from importlib import import_module

from dash import Dash
from dash.fingerprint import build_fingerprint

from callbacks.pages import PAGES

META = "ntp-lazy-libraries"  # read by assets/lazy_libraries.js
# namespace -> (its main bundle, the components it defines)
LAZY: dict[str, tuple[str, tuple[str, ...]]] = {
    "dash_ag_grid": ("dash_ag_grid.min.js", ("AgGrid",)),
}


def load_lazily(app: Dash) -> None:
    """Leave the ``LAZY`` bundles out of every page and name them in the page's meta tags."""
    described = {}
    for namespace, (bundle, components) in LAZY.items():
        module = import_module(namespace)
        module._js_dist = [  # noqa: SLF001 (the attribute Dash reads a library's scripts from)
            {**entry, "dynamic": True} if entry.get("relative_package_path") == bundle else entry
            for entry in module._js_dist  # noqa: SLF001
        ]
        described[namespace] = {
            "url": bundle_url(app, namespace, bundle),
            "components": list(components),
            "pages": [page.path for page in PAGES if namespace in page.libraries],
        }
    app.config.meta_tags.append({"name": META, "content": json.dumps(described)})


def bundle_url(app: Dash, namespace: str, bundle: str) -> str:
    """The fingerprinted URL Dash serves ``bundle`` of ``namespace`` at (as in its own pages)."""
    module = sys.modules[namespace]
    modified = int(os.stat(os.path.join(os.path.dirname(module.__file__), bundle)).st_mtime)
    fingerprint = build_fingerprint(bundle, module.__version__, modified)
    return f"{app.config.requests_pathname_prefix}_dash-component-suites/{namespace}/{fingerprint}"

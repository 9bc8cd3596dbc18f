"""Whole answers of the heaviest callbacks, kept in the read cache: ``answered``.

Most callback requests of a morning are the same few page loads: a page's layout (Dash's page
routing callback), the map's main callback and the totals row of the tables, for the same
filters, by viewers of the same scope. Their answer is a function of the request body (outputs,
inputs, states and which input changed), the data version, the day and the viewer's scope
(role, granted provinces, wall playlist) alone, so it is computed once and kept,
gzip-compressed, in the read cache (``Deps.backend``: Redis with ``CACHE_URL``, shared by every
worker and server; else in-process), under a key made of exactly those and a digest of the code.
A hit skips the callback, its reads, its JSON encoding and its compression; and the check of the
request's values (``callbacks.inputs``), since the very same body passed it when the answer was
made.

Only those three callbacks are cached (``cacheable``), and the page routing callback only for the
data pages of ``CACHED_PAGES``: never the navbar (the account's name and the session's CSRF
token), sign-in, admin or wall pages, nor an answer that sets a cookie. The viewer's name is not
in the key, so nothing cached may depend on it.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import flask
import orjson
from sqlalchemy.exc import SQLAlchemyError

from callbacks.access import current_viewer
from callbacks.auth import output_ids
from callbacks.deps import Deps
from callbacks.pages import PAGES
from layouts import ids

# the callbacks whose answers are cached, by the component ids they write to
PAGE_ROUTING = frozenset({"_pages_content", "_pages_store"})  # exactly these
MAP_MAIN = frozenset({ids.MAP_GEO, ids.MAP_VALUES, ids.MAP_GRAPH})  # these and the map's others
TABLES_TOTALS = frozenset({ids.TABLES_GRID})  # exactly: the totals row of the grid's rows
# the data pages (not the wall, whose viewer is a display, nor the admin pages)
DATA_PAGES = ("overview", "map", "disbursement", "indicators", "tables")
CACHED_PAGES = frozenset(page.path for page in PAGES if page.key in DATA_PAGES)
KEY_PREFIX = "answer:"
ROOT = Path(__file__).resolve().parents[1]
CODE = ("app.py", "callbacks", "layouts", "dashboard")  # what makes an answer, besides the data
LEVEL = 6  # gzip level of a kept answer (compressed once, sent many times)


def cacheable(body: object) -> bool:
    """Whether the answer to this callback request may be cached (any body: not yet checked)."""
    if not isinstance(body, dict):
        return False
    written = output_ids(body.get("output"))
    if written >= MAP_MAIN or written == TABLES_TOTALS:
        return True
    inputs = body.get("inputs")
    if written != PAGE_ROUTING or not isinstance(inputs, list):
        return False
    paths = [i.get("value") for i in inputs
             if isinstance(i, dict) and i.get("property") == "pathname"]  # fmt: skip
    return len(paths) == 1 and isinstance(paths[0], str) and paths[0] in CACHED_PAGES


@functools.cache
def code_version() -> str:
    """A digest of the code that makes the answers: a server running other code (a deploy
    under way) neither reads nor writes the answers of this one."""
    digest = hashlib.sha256()
    for name in CODE:
        path = ROOT / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


def answer_key(body: dict, version: int) -> str | None:
    """The cache key of an answer: the whole request body, the dispatch path, the data version,
    the code, the day and the viewer's scope (never the viewer's name); None for a body JSON cannot
    hold again (too deep, integers past 64 bits: refused by the check that follows)."""
    viewer = current_viewer()
    provinces = None if viewer.provinces is None else sorted(viewer.provinces)
    scope = [viewer.role, provinces, viewer.playlist]
    try:
        # the day too: a page may say what is due by today (the overview's reporting panel)
        day = date.today().isoformat()
        raw = orjson.dumps([flask.request.path, version, code_version(), day, scope, body],
                           option=orjson.OPT_SORT_KEYS)  # fmt: skip
    except orjson.JSONEncodeError:
        return None
    return f"{KEY_PREFIX}{hashlib.sha256(raw).hexdigest()}"


def _sent(compressed: bytes) -> flask.Response:
    """A kept answer as the client takes it: gzip when it accepts it (every browser)."""
    if "gzip" not in flask.request.headers.get("Accept-Encoding", ""):
        return flask.Response(gzip.decompress(compressed), mimetype="application/json")
    response = flask.Response(compressed, mimetype="application/json")
    response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    return response


def _key(deps: Deps, body: object) -> str | None:
    """The answer's key; None when the data version cannot be read (the callback then runs as
    if nothing were kept, and its parts say what could not be read)."""
    try:
        version = deps.data_version()
    except SQLAlchemyError:
        return None
    return answer_key(body, version)  # type: ignore[arg-type]


def answered(
    deps: Deps, body: object, check: Callable[[], None], dispatch: Callable[[], object]
) -> object:
    """The callback's answer: from the cache when this request is cacheable and was answered
    before for the same scope and data, else ``check()`` (raises on a bad request) and
    ``dispatch()``, whose answer is kept when cacheable."""
    key = _key(deps, body) if cacheable(body) else None
    if key is None:
        check()
        return dispatch()
    kept = deps.cached(key)
    if isinstance(kept, bytes):
        return _sent(kept)
    # the threads of this worker asking the same (the default view, the morning after an
    # import) wait for the first one's answer instead of all making it at once, each with the
    # memory of a national map's frames, on a worker that runs one at a time anyway (the GIL)
    with deps.single_flight(key):
        kept = deps.cached(key)
        if isinstance(kept, bytes):
            return _sent(kept)
        check()
        response = dispatch()
        _keep(deps, key, response)
    return response


def _keep(deps: Deps, key: str, response: object) -> None:
    """Keep a plain JSON answer (not one that failed, sets a cookie or is compressed already)."""
    if (
        isinstance(response, flask.Response)
        and response.status_code == 200
        and response.mimetype == "application/json"
        and "Set-Cookie" not in response.headers
        and "Content-Encoding" not in response.headers
    ):
        deps.keep(key, gzip.compress(response.get_data(), compresslevel=LEVEL, mtime=0))

"""``POST /data/upload``: a file for import, sent as ``multipart/form-data`` (field ``file``) by
the drop zone of the data page (``assets/data_upload.js``) or any HTTP client.

What is checked, in order, before a byte of the body is read (``guard``, a ``before_request``
hook that runs ahead of the sign-in gate, whose CSRF check reads the form):

1. a session (401), of an account that may import (officer or administrator, else 403);
2. a ``Content-Length`` (411 without one) no larger than ``IMPORT_MAX_MB`` plus the room of the
   form's own lines (413, with a message naming the limit, and ``Connection: close`` so the
   server does not read the rest to keep the connection).

Only then is the request's body limit raised from the site's 4 MB to that size, for this
request alone; the gate checks the origin and the CSRF token (``X-CSRFToken`` header or the
form's ``csrf_token`` field), and the view streams the file into the private upload folder
(``dashboard.uploads``) under a generated name, counting its bytes against the limit again.
The answer is ``{"upload": token, "name": ..., "size": ...}``; the review starts from the token.
"""

from __future__ import annotations

import flask
from werkzeug.exceptions import RequestEntityTooLarge

from callbacks import sessions
from callbacks.access import current_viewer
from callbacks.data import reviews
from callbacks.deps import Deps
from dashboard import uploads
from dashboard.access import ANONYMOUS_READER
from dashboard.i18n import t

UPLOAD_PATH = "/data/upload"
FORM_ROOM = 64 * 1024  # the multipart boundaries, part headers and the CSRF field


def body_limit(deps: Deps) -> int:
    return deps.settings.import_max_bytes + FORM_ROOM


def refuse(status: int, message: str) -> flask.Response:
    response = flask.jsonify({"error": message})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    if status == 413:  # the body is not read: end the connection rather than drain it
        response.headers["Connection"] = "close"
    return response


def too_large(deps: Deps) -> flask.Response:
    lang = deps.settings.language
    return refuse(413, t("data.too_large", lang, mb=deps.settings.import_max_mb))


def guard(deps: Deps) -> flask.Response | None:
    """The checks of an upload made before its body is read (see the module's docstring)."""
    request = flask.request
    if request.path != UPLOAD_PATH:
        return None
    if request.method != "POST":
        return refuse(405, "method not allowed")
    viewer = sessions.current(deps) if deps.settings.auth else ANONYMOUS_READER
    if viewer is None:
        return refuse(401, "sign-in required")
    if not viewer.can_import:
        return refuse(403, "this account may not import files")
    length = request.content_length
    if length is None:
        return refuse(411, "Content-Length required")
    if length > body_limit(deps):
        return too_large(deps)
    request.max_content_length = body_limit(deps)
    return None


def receive(deps: Deps) -> flask.Response:
    """The view: keep the file of the form's ``file`` field as a new upload of the viewer."""
    viewer = current_viewer()
    if not viewer.can_import:  # the guard said so already; the view does not rely on it
        return refuse(403, "this account may not import files")
    try:
        sent = flask.request.files.get("file")
    except RequestEntityTooLarge:
        return too_large(deps)
    if sent is None or not sent.filename:
        return refuse(400, "no file in the form's 'file' field")
    folder = uploads.upload_folder(deps.settings.var_dir)
    uploads.remove_old(folder)  # uploads left unreviewed or uncommitted for a day
    uploads.remove_old(reviews.folder_of(deps.settings.var_dir))
    try:
        token = uploads.store(sent.stream, sent.filename, limit=deps.settings.import_max_bytes,
                              folder=folder, owner=viewer.name)  # fmt: skip
    except uploads.UploadRefused as exc:
        if str(exc) == uploads.too_large(deps.settings.import_max_bytes):
            return too_large(deps)
        return refuse(400, str(exc))
    finally:
        sent.close()
    stored = uploads.info(token, folder, owner=viewer.name)
    response = flask.jsonify({"upload": token, "name": stored.name, "size": stored.size})
    response.headers["Cache-Control"] = "no-store"
    return response


def register_route(server: flask.Flask, deps: Deps) -> None:
    """The route and its guard; the guard runs before every other hook but the outage page's
    (installed later, in front of it), so nothing reads the body before it."""
    server.add_url_rule(UPLOAD_PATH, "data_upload", lambda: receive(deps), methods=["POST"])
    server.before_request_funcs.setdefault(None, []).insert(0, lambda: guard(deps))

"""What the data page's jobs do, as plain functions of a viewer (unit-tested without a browser):
review an upload, commit what was reviewed, discard it, undo a batch. The background callbacks
(``callbacks.data.importing``, ``callbacks.data.history``) run them with the viewer the request
was signed in as (``callbacks.data.jobs``), never one named by the browser.

Every outcome is plain values: a ``ReviewView`` to show, or a message with its colour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from callbacks.data import reviews
from callbacks.data.review import review_view
from callbacks.deps import Deps
from dashboard import audit, uploads
from dashboard.access import Viewer
from dashboard.i18n import t
from dashboard.importing.context import Options
from dashboard.importing.grants import options_for
from dashboard.importing.history import undo_as
from dashboard.importing.report import ImportFailed
from dashboard.importing.review import StaleReview, commit_reviewed, review_file
from layouts.data_upload import ReviewView

Say = Callable[[int | None, str], None]  # (percent done or None, sentence): a job's progress


@dataclass(frozen=True)
class Outcome:
    """What a job leaves on the page: a review, or a message (``colour`` a Bootstrap colour)."""

    review: ReviewView | None = None
    message: str | None = None
    colour: str = "info"
    reviewed: dict | None = None  # the store of the review shown: upload, review token, name
    can_commit: bool = False
    changed: bool = False  # the data changed (a commit or an undo): pages re-read it


def _folder(deps: Deps) -> Path:
    return uploads.upload_folder(deps.settings.var_dir)


def _options(deps: Deps, viewer: Viewer, keep_demo: bool) -> Options:
    """The viewer's grants; keeping the demo data is an administrator's choice only."""
    bound = deps.settings.import_max_amount_ty * 10**9
    return options_for(viewer, keep_demo=bool(keep_demo) and viewer.is_admin, max_amount_vnd=bound)


def review_upload(
    deps: Deps, viewer: Viewer, upload: object, keep_demo: bool, lang: str
) -> Outcome:
    """The dry run of ``upload`` (the viewer's own) with the viewer's grants."""
    try:
        stored = uploads.info(upload, _folder(deps), owner=viewer.name)
        path = uploads.path_of(stored.token, _folder(deps), owner=viewer.name)
        review = review_file(
            deps.engine, path, filename=stored.name, options=_options(deps, viewer, keep_demo),
            max_bytes=deps.settings.import_max_bytes,
        )  # fmt: skip
    except (ImportFailed, uploads.UploadRefused) as exc:
        return Outcome(message=t("data.review.refused", lang, reason=str(exc)), colour="danger")
    reviews.save(deps.settings.var_dir, stored.token, viewer.name, stored.name, review.issues)
    reviewed = {"upload": stored.token, "review": review.token, "name": stored.name,
                "keep_demo": bool(keep_demo) and viewer.is_admin}  # fmt: skip
    can_commit = review.rows_accepted > 0 and review.duplicate_of is None
    return Outcome(review=review_view(review, lang), reviewed=reviewed, can_commit=can_commit)


def _reviewed(reviewed: object) -> tuple[str, str, bool] | None:
    if not isinstance(reviewed, dict):
        return None
    upload, token = reviewed.get("upload"), reviewed.get("review")
    if not isinstance(upload, str) or not isinstance(token, str) or len(token) > 200:
        return None
    return upload, token, reviewed.get("keep_demo") is True


def commit_upload(
    deps: Deps, viewer: Viewer, reviewed: object, lang: str, say: Say, address: str | None = None
) -> Outcome:
    """Write exactly what was reviewed (``commit_reviewed`` checks the review token against the
    file, the data version, the options and the grants), as the viewer; recorded in the audit
    log. Another import writing first: ``say`` tells the page it waits."""
    parts = _reviewed(reviewed)
    if parts is None:
        return Outcome(message=t("data.stale", lang), colour="warning")
    upload, token, keep_demo = parts
    try:
        stored = uploads.info(upload, _folder(deps), owner=viewer.name)
        path = uploads.path_of(stored.token, _folder(deps), owner=viewer.name)
        say(None, t("data.job.checking", lang))
        report = commit_reviewed(
            deps.engine, path, token, filename=stored.name,
            options=_options(deps, viewer, keep_demo), max_bytes=deps.settings.import_max_bytes,
            account=viewer.name, progress=_writing(say, lang), on_wait=_waiting(say, lang),
        )  # fmt: skip
    except StaleReview:
        return Outcome(message=t("data.stale", lang), colour="warning", reviewed=reviewed)
    except (ImportFailed, uploads.UploadRefused) as exc:
        return Outcome(message=t("data.commit_failed", lang, reason=str(exc)), colour="danger")
    detail = {"file": stored.name, "batch": report.batch_id, "status": report.status,
              "accepted": report.rows_accepted, "rejected": report.rows_rejected}  # fmt: skip
    audit.record(deps.engine, viewer.name, audit.IMPORT, stored.name, detail, address)
    forget(deps, stored.token)
    text = t("data.committed", lang, batch=report.batch_id, accepted=report.rows_accepted,
             rejected=report.rows_rejected)  # fmt: skip
    return Outcome(message=text, colour="success", changed=True)


def forget(deps: Deps, upload: str) -> None:
    """The upload and its review are gone (committed or discarded)."""
    uploads.remove(upload, _folder(deps))
    reviews.remove(deps.settings.var_dir, upload)


def discard(deps: Deps, viewer: Viewer, reviewed: object, lang: str) -> Outcome:
    parts = _reviewed(reviewed)
    if parts is None:
        return Outcome()
    try:
        stored = uploads.info(parts[0], _folder(deps), owner=viewer.name)
    except uploads.UploadRefused:
        return Outcome()
    forget(deps, stored.token)
    return Outcome(message=t("data.discarded", lang, name=stored.name))


def undo(
    deps: Deps, viewer: Viewer, batch: object, lang: str, say: Say, address: str | None = None
) -> Outcome:
    """Undo ``batch`` as the viewer (refused outside their grants), recorded in the audit log."""
    if isinstance(batch, bool) or not isinstance(batch, int):
        return Outcome()
    say(None, t("data.job.undoing", lang, batch=batch))
    try:
        done = undo_as(deps.engine, viewer, batch, on_wait=_waiting(say, lang))
    except ImportFailed as exc:
        return Outcome(message=t("data.undo_failed", lang, reason=str(exc)), colour="danger")
    detail = {"undo": batch, "batch": done.undo_batch_id}
    audit.record(deps.engine, viewer.name, audit.UNDO, f"batch {batch}", detail, address)
    text = t("data.undone", lang, batch=batch, removed=done.removed, restored=done.restored)
    return Outcome(message=text, colour="success", changed=True)


def _waiting(say: Say, lang: str) -> Callable[[str], None]:
    return lambda detail: say(None, t("data.job.waiting", lang, detail=detail))


def _writing(say: Say, lang: str) -> Callable[[int, int], None]:
    def progress(done: int, total: int) -> None:
        percent = int(100 * done / total) if total else 100
        say(percent, t("data.job.writing", lang, done=done, total=total))

    return progress

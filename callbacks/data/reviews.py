"""The issues of the last review of each upload, kept beside it for the downloads of the
rejected rows (the page's grid shows the first ``MAX_GRID_ISSUES``; the files hold them all).

``VAR_DIR/reviews/<upload token>.json`` (0600 in a 0700 folder) holds the owner, the file's name
and the issues; it goes with its upload (discarded or committed), and ``remove_old`` of
``dashboard.uploads`` clears what is left after a day.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from dashboard import uploads
from dashboard.importing.report import ISSUE_COLUMNS


def folder_of(var_dir: Path) -> Path:
    folder = Path(var_dir) / "reviews"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _path(var_dir: Path, upload: str) -> Path:
    if not isinstance(upload, str) or not uploads.TOKEN.fullmatch(upload):
        raise uploads.UploadRefused("unknown upload")
    return folder_of(var_dir) / f"{upload}.json"


def save(var_dir: Path, upload: str, owner: str, name: str, issues: pd.DataFrame) -> None:
    rows = issues[ISSUE_COLUMNS].astype(object).where(issues[ISSUE_COLUMNS].notna(), None)
    body = {"owner": owner, "name": name, "issues": rows.values.tolist()}
    path = _path(var_dir, upload)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(body, out, ensure_ascii=False, default=str)


def load(var_dir: Path, upload: str, owner: str) -> tuple[str, pd.DataFrame]:
    """(file name, issues) of the last review of ``upload`` by ``owner``; ``UploadRefused`` for
    anything else."""
    try:
        body = json.loads(_path(var_dir, upload).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise uploads.UploadRefused("no review of this upload") from exc
    if body.get("owner") != owner:
        raise uploads.UploadRefused("no review of this upload")
    issues = pd.DataFrame(body["issues"], columns=ISSUE_COLUMNS).astype({"row": "Int64"})
    return str(body["name"]), issues


def remove(var_dir: Path, upload: str) -> None:
    _path(var_dir, upload).unlink(missing_ok=True)

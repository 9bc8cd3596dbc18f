"""Files uploaded for import, kept in a private folder until they are committed or discarded.

The folder is ``VAR_DIR/uploads`` (mode 0700; every file 0600). A stored file gets a generated
name (a random token); the caller never gives a path, only the token ``store`` returned, and
``path_of`` accepts nothing but a well-formed token of a file that exists (and, when the upload
recorded an owner, only for that owner). The size limit (``IMPORT_MAX_MB``) is enforced while the
bytes stream in: a file over it is refused with ``UploadRefused`` and nothing of it is kept.
Uploads older than a day are removed by ``remove_old`` (every ``store`` calls it first).

    token = store(request_stream, "giai_ngan_T3.xlsx", limit=settings.import_max_bytes,
                  folder=upload_folder(settings.var_dir), owner="nguyen.van.a")
    path = path_of(token, folder, owner="nguyen.van.a")   # for review_file / commit_reviewed
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import secrets
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 1024 * 1024
MAX_AGE_SECONDS = 24 * 3600
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
MAX_NAME = 200


class UploadRefused(ValueError):
    """The upload is not kept: too large, empty, not found or not the caller's. One line."""


@dataclass(frozen=True)
class Upload:
    """What is known of a stored upload (its path is given only by ``path_of``)."""

    token: str
    name: str  # the original file name, cleaned, for display and the import history
    size: int
    owner: str | None
    stored_at: float  # seconds since the epoch


def upload_folder(var_dir: Path) -> Path:
    """``VAR_DIR/uploads``, created private (0700)."""
    folder = Path(var_dir) / "uploads"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder


def clean_name(name: str) -> str:
    """The last part of a user-given file name, without control characters, at most 200."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = re.split(r"[\\/]", text)[-1]
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C").strip(" .")
    return text[:MAX_NAME] or "upload"


def too_large(limit: int) -> str:
    return f"the file is larger than the limit of {limit / 1024 / 1024:g} MB (IMPORT_MAX_MB)"


def store(
    stream: BinaryIO | Iterable[bytes] | bytes,
    original_name: str,
    *,
    limit: int,
    folder: Path,
    owner: str | None = None,
) -> str:
    """Keep the bytes of ``stream`` (a file object, an iterable of chunks, or bytes) as a new
    upload; its token. ``UploadRefused`` when the bytes pass ``limit`` or there are none."""
    folder = Path(folder)
    remove_old(folder)  # no uploads older than a day stay, without a scheduler
    token = secrets.token_urlsafe(24)
    part = folder / f"{token}.part"
    size = 0
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in _chunks(stream):
                size += len(chunk)
                if size > limit:
                    raise UploadRefused(too_large(limit))
                out.write(chunk)
        if size == 0:
            raise UploadRefused("the file is empty")
        meta = {"name": clean_name(original_name), "size": size, "owner": owner,
                "stored_at": time.time()}  # fmt: skip
        _write_private(folder / f"{token}.json", json.dumps(meta).encode())
        os.replace(part, folder / token)
    except BaseException:
        part.unlink(missing_ok=True)
        (folder / f"{token}.json").unlink(missing_ok=True)
        raise
    return token


def store_base64(
    contents: str, original_name: str, *, limit: int, folder: Path, owner: str | None = None
) -> str:
    """Keep an upload sent as base64 text (a browser's ``data:...;base64,`` URL or the bare
    text): refused from its length before anything is decoded when it would pass ``limit``."""
    text = contents.partition(",")[2] if contents.startswith("data:") else contents
    text = "".join(text.split())
    if len(text) // 4 * 3 - text[-2:].count("=") > limit:
        raise UploadRefused(too_large(limit))
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise UploadRefused("the upload is not valid base64 data") from exc
    return store(data, original_name, limit=limit, folder=folder, owner=owner)


def _chunks(stream: BinaryIO | Iterable[bytes] | bytes) -> Iterable[bytes]:
    if isinstance(stream, bytes | bytearray | memoryview):
        data = bytes(stream)
        for start in range(0, len(data), CHUNK):
            yield data[start : start + CHUNK]
        return
    read = getattr(stream, "read", None)
    if read is not None:
        while chunk := read(CHUNK):
            yield chunk
        return
    yield from stream


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def _checked(token: object) -> str:
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        raise UploadRefused("unknown upload")
    return token


def info(token: str, folder: Path, *, owner: str | None = None) -> Upload:
    """What is stored under ``token``; ``UploadRefused`` for a malformed or unknown token, or
    one another account uploaded (when ``owner`` is given)."""
    token = _checked(token)
    folder = Path(folder)
    try:
        meta = json.loads((folder / f"{token}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UploadRefused("unknown upload (it may have been removed after a day)") from exc
    if not (folder / token).is_file():
        raise UploadRefused("unknown upload (it may have been removed after a day)")
    if owner is not None and meta.get("owner") not in (None, owner):
        raise UploadRefused("unknown upload")
    return Upload(token, str(meta["name"]), int(meta["size"]), meta.get("owner"),
                  float(meta["stored_at"]))  # fmt: skip


def path_of(token: str, folder: Path, *, owner: str | None = None) -> Path:
    """The path of the upload ``token`` (validated as ``info`` does), to read or import."""
    info(token, folder, owner=owner)
    return Path(folder) / token


def remove(token: str, folder: Path) -> None:
    """Forget an upload (after its commit, or when discarded); a malformed token is refused."""
    token = _checked(token)
    for path in (Path(folder) / token, Path(folder) / f"{token}.json"):
        path.unlink(missing_ok=True)


def remove_old(folder: Path, *, max_age: float = MAX_AGE_SECONDS, now: float | None = None) -> int:
    """Remove uploads (and unfinished parts) older than ``max_age`` seconds; how many files."""
    now = time.time() if now is None else now
    removed = 0
    if not Path(folder).is_dir():
        return 0
    for path in Path(folder).iterdir():
        stem = path.name.split(".", 1)[0]
        if not TOKEN.fullmatch(stem) or not path.is_file():
            continue
        try:
            if now - path.stat().st_mtime > max_age:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed

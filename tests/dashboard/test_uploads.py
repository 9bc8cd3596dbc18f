"""Uploaded files: a private folder, generated names, the size limit while streaming, tokens
checked, old uploads removed."""

from __future__ import annotations

import base64
import io
import os
import stat
import time
from pathlib import Path

import pytest

from dashboard import uploads
from dashboard.uploads import UploadRefused


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return uploads.upload_folder(tmp_path / "var")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_upload_is_kept_privately_under_a_generated_name(folder: Path) -> None:
    token = uploads.store(io.BytesIO(b"a,b\n1,2\n"), "../../etc/Báo cáo T3.csv", limit=100,
                          folder=folder, owner="officer.a")  # fmt: skip
    assert folder == folder.parent / "uploads" and mode(folder) == 0o700
    assert uploads.TOKEN.fullmatch(token)
    path = uploads.path_of(token, folder, owner="officer.a")
    assert path.parent == folder and path.name == token and mode(path) == 0o600
    assert path.read_bytes() == b"a,b\n1,2\n"
    assert all(mode(p) == 0o600 for p in folder.iterdir())
    info = uploads.info(token, folder)
    assert (info.name, info.size, info.owner) == ("Báo cáo T3.csv", 8, "officer.a")
    assert uploads.store(b"x", "", limit=10, folder=folder) != token  # names are not reused


def test_the_size_limit_is_enforced_while_streaming(folder: Path) -> None:
    read: list[int] = []

    def chunks():  # noqa: ANN202
        for _ in range(10):
            read.append(1)
            yield b"x" * 400_000

    with pytest.raises(UploadRefused, match=r"larger than the limit of 1 MB \(IMPORT_MAX_MB\)"):
        uploads.store(chunks(), "big.csv", limit=1024 * 1024, folder=folder)
    assert len(read) == 3  # stopped at the chunk that passed the limit
    assert list(folder.iterdir()) == []  # nothing kept
    with pytest.raises(UploadRefused, match="empty"):
        uploads.store(b"", "empty.csv", limit=10, folder=folder)
    assert list(folder.iterdir()) == []
    exact = uploads.store(b"y" * 10, "ten.csv", limit=10, folder=folder)
    assert uploads.info(exact, folder).size == 10


def test_base64_uploads_are_refused_by_length_before_decoding(folder: Path) -> None:
    data = b"z" * 2000
    text = "data:text/csv;base64," + base64.b64encode(data).decode()
    with pytest.raises(UploadRefused, match="larger than the limit"):
        uploads.store_base64(text, "a.csv", limit=1999, folder=folder)
    token = uploads.store_base64(text, "a.csv", limit=2000, folder=folder)
    assert uploads.path_of(token, folder).read_bytes() == data
    with pytest.raises(UploadRefused, match="not valid base64"):
        uploads.store_base64("data:;base64,***", "b.csv", limit=100, folder=folder)


@pytest.mark.parametrize(
    "token", ["../secret-key", "/etc/passwd", "", "a" * 31, "a" * 33, "a" * 31 + "/", None, 5]
)
def test_only_well_formed_tokens_of_stored_files_are_opened(folder: Path, token: object) -> None:
    with pytest.raises(UploadRefused):
        uploads.path_of(token, folder)  # type: ignore[arg-type]


def test_an_upload_is_opened_only_by_its_owner(folder: Path) -> None:
    token = uploads.store(b"data", "a.csv", limit=100, folder=folder, owner="officer.a")
    with pytest.raises(UploadRefused, match="unknown upload"):
        uploads.path_of(token, folder, owner="officer.b")
    with pytest.raises(UploadRefused, match="unknown upload"):
        uploads.path_of("A" * 32, folder)
    uploads.remove(token, folder)
    with pytest.raises(UploadRefused):
        uploads.path_of(token, folder, owner="officer.a")


def test_uploads_older_than_a_day_are_removed(folder: Path) -> None:
    old = uploads.store(b"old", "old.csv", limit=100, folder=folder)
    new = uploads.store(b"new", "new.csv", limit=100, folder=folder)
    stale = time.time() - 2 * 24 * 3600
    for path in folder.glob(f"{old}*"):
        os.utime(path, (stale, stale))
    (folder / "unrelated.txt").write_text("kept")
    assert uploads.remove_old(folder) == 2
    assert uploads.path_of(new, folder).read_bytes() == b"new"
    with pytest.raises(UploadRefused):
        uploads.path_of(old, folder)
    assert (folder / "unrelated.txt").exists()


def test_removing_old_uploads_of_a_folder_not_made_yet(tmp_path: Path) -> None:
    assert uploads.remove_old(tmp_path / "none") == 0

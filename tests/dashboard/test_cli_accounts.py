"""``ntp-dashboard users ...`` and ``wall token ...``, run in-process over a copy of the seeded
database."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from dashboard import accounts, wall_tokens
from dashboard.cli import main
from dashboard.db import make_engine

PASSWORD = "a long enough passphrase"


@pytest.fixture
def database(seeded_sqlite_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    shutil.copy(seeded_sqlite_file, tmp_path / "ntp.db")
    url = f"sqlite:///{tmp_path / 'ntp.db'}"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("PUBLIC_URL", "https://ntp.example.vn/")
    return url


def test_add_prints_a_generated_password_once(database: str, capsys) -> None:  # noqa: ANN001
    assert main(["users", "add", "Ana", "--role", "analyst", "--province", "8"]) == 0
    password = capsys.readouterr().out.strip()
    info = accounts.authenticate(make_engine(database), "ana", password)
    assert info.provinces == ("08",) and len(password) == 20


def test_password_from_stdin(database: str, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "lead", "--role", "leader", "--password-stdin"]) == 0
    assert capsys.readouterr().out == ""  # nothing printed: the password was given
    assert accounts.authenticate(make_engine(database), "lead", PASSWORD).role == "leader"


def test_weak_password_and_bad_province_are_one_line_and_exit_2(
    database: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys,  # noqa: ANN001
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("password\n"))
    assert main(["users", "add", "bob", "--role", "leader", "--password-stdin"]) == 2
    assert main(["users", "add", "bob", "--role", "analyst", "--province", "99"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith("ntp-dashboard: error: a password needs at least 10")
    assert err[-1] == "ntp-dashboard: error: not a post-reform province code: 99"


def test_list_grant_revoke_disable(database: str, capsys) -> None:  # noqa: ANN001
    main(["users", "add", "ana", "--role", "analyst", "--province", "04"])
    assert main(["users", "grant", "ana", "08", "14"]) == 0
    assert main(["users", "revoke", "ana", "04"]) == 0
    assert main(["users", "disable", "ana"]) == 0
    capsys.readouterr()
    assert main(["users", "list"]) == 0
    assert capsys.readouterr().out == "ana\tanalyst\t08,14\tdisabled\n"


def test_wall_token_create_list_revoke(database: str, capsys) -> None:  # noqa: ANN001
    assert main(["wall", "token", "create", "--label", "Phòng họp"]) == 0
    url = capsys.readouterr().out.strip()
    assert url.startswith("https://ntp.example.vn/wall?token=")
    token = url.split("token=")[1]
    engine = make_engine(database)
    assert wall_tokens.find(engine, token).playlist == "default"
    assert main(["wall", "token", "list"]) == 0
    assert "\tdefault\tPhòng họp\t" in capsys.readouterr().out
    assert main(["wall", "token", "revoke", "1"]) == 0
    assert wall_tokens.find(engine, token) is None
    assert main(["wall", "token", "revoke", "1"]) == 2
    assert main(["wall", "token", "create", "--playlist", "nope"]) == 2

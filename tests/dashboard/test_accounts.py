"""Accounts, passwords, wall keys, the audit log and the first-run secrets, on a real database."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashboard import accounts, audit, credentials, passwords, wall_tokens
from dashboard.models import Account, AuditEvent, WallToken

GOOD = "a long enough passphrase"


def test_an_analyst_sees_only_the_provinces_granted(engine: Engine) -> None:
    info = accounts.add(engine, "Ana", "analyst", GOOD, ["8", "14"])
    assert info.name == "ana"
    assert info.viewer().provinces == frozenset({"08", "14"})


def test_a_leader_sees_every_province_whatever_its_grants(engine: Engine) -> None:
    assert accounts.add(engine, "lead", "leader", GOOD, ["08"]).viewer().provinces is None


def test_grants_are_post_reform_provinces(engine: Engine) -> None:
    with pytest.raises(accounts.AccountError, match="99"):
        accounts.add(engine, "ana", "analyst", GOOD, ["99"])
    accounts.add(engine, "ana", "analyst", GOOD, ["08"])
    with pytest.raises(accounts.AccountError, match="02"):  # Hà Giang merged into Tuyên Quang
        accounts.grant(engine, "ana", ["02"])
    assert accounts.grant(engine, "ana", ["14"]) == ["08", "14"]
    assert accounts.revoke(engine, "ana", ["08"]) == ["14"]


@pytest.mark.parametrize("bad", ["short", "password1234", "qwertyuiop", "ana-is-my-name"])
def test_weak_passwords_are_refused(engine: Engine, bad: str) -> None:
    with pytest.raises(passwords.WeakPassword):
        accounts.add(engine, "ana", "analyst", bad)


def test_a_generated_password_always_passes_the_rules_for_its_account() -> None:
    # a random 20-character string holds a given two letters about once in fifty draws
    for _ in range(300):
        password = passwords.generate("ab")
        passwords.check_rules(password, "ab")
        assert "ab" not in password.lower() and len(password) == 20


def test_the_hash_is_argon2_and_never_the_password(engine: Engine) -> None:
    accounts.add(engine, "ana", "analyst", GOOD)
    with Session(engine) as session:
        stored = session.scalar(select(Account.password_hash))
    assert stored.startswith("$argon2id$") and GOOD not in stored


def test_authenticate(engine: Engine) -> None:
    accounts.add(engine, "ana", "analyst", GOOD)
    assert accounts.authenticate(engine, "ANA ", GOOD).name == "ana"
    assert accounts.authenticate(engine, "ana", GOOD + "x") is None
    assert accounts.authenticate(engine, "nobody", GOOD) is None
    accounts.set_disabled(engine, "ana", True)
    assert accounts.authenticate(engine, "ana", GOOD) is None


def test_disabling_or_a_new_password_bumps_the_session_version(engine: Engine) -> None:
    first = accounts.add(engine, "ana", "analyst", GOOD)
    accounts.set_password(engine, "ana", GOOD + " two")
    accounts.set_disabled(engine, "ana", True)
    after = accounts.load(engine, first.id)
    assert after.session_version == first.session_version + 2 and after.disabled


def test_changes_are_audited_without_passwords(engine: Engine) -> None:
    accounts.add(engine, "ana", "analyst", GOOD, ["08"], actor="admin")
    accounts.set_password(engine, "ana", GOOD + " two", actor="admin")
    accounts.grant(engine, "ana", ["14"], actor="admin")
    events = audit.recent(engine)
    assert [e.action for e in events] == [audit.GRANT, audit.PASSWORD_SET, audit.ACCOUNT_ADD]
    assert all(e.actor == "admin" and e.target == "ana" for e in events)
    text = audit.to_csv(events).decode("utf-8")
    assert GOOD not in text and '""provinces"": [""14""]' in text


def test_audit_csv_is_safe_against_formulas(engine: Engine) -> None:
    audit.record(engine, "=cmd|' /C calc'!A0", audit.LOGIN_FAILED)
    assert "'=cmd" in audit.to_csv(audit.recent(engine)).decode("utf-8")


def test_wall_keys_are_stored_hashed_and_revocable(engine: Engine) -> None:
    token_id, token = wall_tokens.create(engine, "default", "Phòng họp")
    assert len(token) >= 43  # 32 random bytes
    with Session(engine) as session:
        assert token not in session.scalar(select(WallToken.token_hash))
    viewer = wall_tokens.find(engine, token).viewer()
    assert (viewer.role, viewer.playlist, viewer.provinces) == ("wall", "default", None)
    assert wall_tokens.find(engine, token[:-1] + "x") is None
    assert wall_tokens.revoke(engine, token_id)
    assert wall_tokens.find(engine, token) is None and wall_tokens.load(engine, token_id) is None
    with Session(engine) as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert actions == [audit.TOKEN_CREATE, audit.TOKEN_REVOKE]


def test_first_run_creates_admin_once(engine: Engine, tmp_path: Path) -> None:
    said: list[str] = []
    password = credentials.ensure_initial_admin(engine, tmp_path, said.append)
    path = tmp_path / credentials.ADMIN_PASSWORD_FILE
    assert path.read_text().strip() == password and password in said[0]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert accounts.authenticate(engine, "admin", password).role == "admin"
    assert credentials.ensure_initial_admin(engine, tmp_path, said.append) is None


def test_secret_key_is_made_once_private_and_shared(tmp_path: Path) -> None:
    key = credentials.secret_key("", tmp_path)
    path = tmp_path / credentials.SECRET_KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert credentials.secret_key("", tmp_path) == key and len(key) == 64
    assert credentials.secret_key("from-the-environment", tmp_path) == "from-the-environment"


@pytest.mark.postgres
def test_accounts_on_postgresql(pg_engine: Engine) -> None:
    info = accounts.add(pg_engine, "pg-ana", "officer", GOOD, ["08"])
    assert accounts.authenticate(pg_engine, "pg-ana", GOOD).viewer().provinces == {"08"}
    token_id, token = wall_tokens.create(pg_engine, "default")
    assert wall_tokens.find(pg_engine, token).id == token_id
    assert accounts.load(pg_engine, info.id).name == "pg-ana"

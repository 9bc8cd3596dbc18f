"""Accounts, roles and province grants, and the check of a sign-in. No web here: the sign-in
layer (``callbacks/auth.py``) and the CLI call these functions, which write the audit log in the
same transaction as the change they record.

Grants are post-reform province codes (the 34 of vintage 2025); only analysts and officers are
narrowed by them, the other roles see every province.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, delete, select
from sqlalchemy.orm import Session

from dashboard import audit, passwords
from dashboard.access import ROLES, SCOPED_ROLES, Viewer
from dashboard.db import reading
from dashboard.models import REFORMED, Account, AccountGrant, AdminUnit

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MAX_GRANTS = 34  # every post-reform province


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; the message says why."""


@dataclass(frozen=True)
class AccountInfo:
    """An account as the list, the admin page and the sign-in layer see it (no hash)."""

    id: int
    name: str
    role: str
    disabled: bool
    session_version: int
    provinces: tuple[str, ...]

    def viewer(self) -> Viewer:
        scoped = self.role in SCOPED_ROLES
        return Viewer(self.name, self.role, frozenset(self.provinces) if scoped else None)


def normalize_name(name: str) -> str:
    name = (name or "").strip().lower()
    if not NAME.match(name):
        raise AccountError(
            "a name has 2 to 64 characters: lower-case letters, digits, '.', '_' or '-'"
        )
    return name


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    return role


def province_codes(session: Session, codes: Iterable[str]) -> list[str]:
    """``codes`` checked against the post-reform provinces (zero-padded: "8" -> "08")."""
    wanted = sorted({str(code).strip().zfill(2) for code in codes})
    if len(wanted) > MAX_GRANTS:
        raise AccountError(f"at most {MAX_GRANTS} provinces")
    known = set(
        session.scalars(
            select(AdminUnit.code).where(
                AdminUnit.vintage == REFORMED,
                AdminUnit.level == "province",
                AdminUnit.code.in_(wanted),
            )
        )
    )
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise AccountError(f"not a post-reform province code: {', '.join(unknown)}")
    return wanted


def _account(session: Session, name: str) -> Account:
    account = session.scalar(select(Account).where(Account.name == normalize_name(name)))
    if account is None:
        raise AccountError(f"no account named {name!r}")
    return account


def _info(session: Session, account: Account) -> AccountInfo:
    codes = session.scalars(select(AccountGrant.province_code)
                            .where(AccountGrant.account_id == account.id)
                            .order_by(AccountGrant.province_code))  # fmt: skip
    return AccountInfo(account.id, account.name, account.role, account.disabled,
                       account.session_version, tuple(codes))  # fmt: skip


def add(engine: Engine, name: str, role: str, password: str, provinces: Iterable[str] = (),
        actor: str = "system") -> AccountInfo:  # fmt: skip
    """A new account; the password must meet the rules (``passwords.check_rules``)."""
    name, role = normalize_name(name), _check_role(role)
    passwords.check_rules(password, name)
    with Session(engine) as session, session.begin():
        if session.scalar(select(Account.id).where(Account.name == name)) is not None:
            raise AccountError(f"an account named {name!r} exists")
        codes = province_codes(session, provinces)
        account = Account(name=name, role=role, password_hash=passwords.hash_password(password),
                          disabled=False, session_version=1, created_at=audit.now())  # fmt: skip
        session.add(account)
        session.flush()
        session.add_all(AccountGrant(account_id=account.id, province_code=c) for c in codes)
        detail = {"role": role, "provinces": codes}
        session.add(audit.entry(actor, audit.ACCOUNT_ADD, name, detail))
        session.flush()
        return _info(session, account)


def all_accounts(engine: Engine) -> list[AccountInfo]:
    with Session(engine) as session:
        accounts = session.scalars(select(Account).order_by(Account.name)).all()
        return [_info(session, account) for account in accounts]


def count(engine: Engine) -> int:
    with Session(engine) as session:
        return len(session.scalars(select(Account.id).limit(1)).all())


def set_disabled(engine: Engine, name: str, disabled: bool, actor: str = "system") -> None:
    """Disable (ending its sessions at their next request) or enable an account."""
    with Session(engine) as session, session.begin():
        account = _account(session, name)
        account.disabled = disabled
        account.session_version += 1
        action = audit.ACCOUNT_DISABLE if disabled else audit.ACCOUNT_ENABLE
        session.add(audit.entry(actor, action, account.name))


def set_password(engine: Engine, name: str, password: str, actor: str = "system") -> None:
    """A new password; the account's other sessions end."""
    with Session(engine) as session, session.begin():
        account = _account(session, name)
        passwords.check_rules(password, account.name)
        account.password_hash = passwords.hash_password(password)
        account.session_version += 1
        session.add(audit.entry(actor, audit.PASSWORD_SET, account.name))


def grant(engine: Engine, name: str, codes: Iterable[str], actor: str = "system") -> list[str]:
    """Add province grants; returns the account's grants after."""
    with Session(engine) as session, session.begin():
        account = _account(session, name)
        wanted = province_codes(session, codes)
        have = set(_info(session, account).provinces)
        added = [code for code in wanted if code not in have]
        session.add_all(AccountGrant(account_id=account.id, province_code=c) for c in added)
        session.add(audit.entry(actor, audit.GRANT, account.name, {"provinces": added}))
        return sorted(have | set(added))


def revoke(engine: Engine, name: str, codes: Iterable[str], actor: str = "system") -> list[str]:
    """Remove province grants (the account's sessions see the change at their next request)."""
    with Session(engine) as session, session.begin():
        account = _account(session, name)
        gone = sorted({str(code).strip().zfill(2) for code in codes})
        session.execute(
            delete(AccountGrant).where(
                AccountGrant.account_id == account.id, AccountGrant.province_code.in_(gone)
            )
        )
        session.add(audit.entry(actor, audit.REVOKE, account.name, {"provinces": gone}))
        session.flush()
        return list(_info(session, account).provinces)


def authenticate(engine: Engine, name: str, password: str) -> AccountInfo | None:
    """The account when ``name`` and ``password`` match an enabled account, else None. An
    unknown name, a disabled account and a wrong password take the same time and give the
    same answer."""
    try:
        name = normalize_name(name)
    except AccountError:
        name = ""
    with Session(engine) as session, session.begin():
        account = session.scalar(select(Account).where(Account.name == name)) if name else None
        stored = account.password_hash if account is not None else None
        if not passwords.verify(stored, password) or account is None or account.disabled:
            return None
        if passwords.needs_rehash(account.password_hash):
            account.password_hash = passwords.hash_password(password)
        account.last_login_at = audit.now()
        return _info(session, account)


def exists(engine: Engine, name: str) -> bool:
    try:
        name = normalize_name(name)
    except AccountError:
        return False
    with Session(engine) as session:
        return session.scalar(select(Account.id).where(Account.name == name)) is not None


def load(bind: Engine | Connection, account_id: int) -> AccountInfo | None:
    """The account behind a session, or None when it is gone: one query per request (the
    account joined with its grants), outside a transaction."""
    columns = (Account.id, Account.name, Account.role, Account.disabled, Account.session_version)
    query = (
        select(*columns, AccountGrant.province_code)
        .outerjoin(AccountGrant, AccountGrant.account_id == Account.id)
        .where(Account.id == account_id)
        .order_by(AccountGrant.province_code)
    )
    with reading(bind) as conn:
        rows = conn.execute(query).all()
    if not rows:
        return None
    codes = tuple(row[-1] for row in rows if row[-1] is not None)
    return AccountInfo(*rows[0][:-1], codes)

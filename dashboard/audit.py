"""The audit log: who signed in or failed to, who imported, undid or exported what, who changed
an account or a grant. Callers pass names, files, batches and scopes, never a password or a token.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashboard.export import safe_text
from dashboard.models import AuditEvent

LOGIN, LOGIN_FAILED, LOGOUT = "login", "login_failed", "logout"
IMPORT, UNDO, EXPORT = "import", "undo", "export"
ACCOUNT_ADD, ACCOUNT_DISABLE, ACCOUNT_ENABLE = "account_add", "account_disable", "account_enable"
PASSWORD_SET, GRANT, REVOKE = "password_set", "grant", "revoke"
TOKEN_CREATE, TOKEN_REVOKE = "wall_token_create", "wall_token_revoke"
COLUMNS = ("at", "actor", "action", "target", "detail", "address")


@dataclass(frozen=True)
class Event:
    at: datetime
    actor: str
    action: str
    target: str | None
    detail: str | None
    address: str | None


def now() -> datetime:
    """UTC without a zone: the same stored value on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def entry(
    actor: str,
    action: str,
    target: str | None = None,
    detail: Mapping[str, object] | None = None,
    address: str | None = None,
) -> AuditEvent:
    """A row to add in the caller's transaction (so the change and its record commit together)."""
    return AuditEvent(
        at=now(),
        actor=actor[:64],
        action=action,
        target=target[:255] if target else None,
        detail=json.dumps(dict(detail), ensure_ascii=False, sort_keys=True) if detail else None,
        address=address[:64] if address else None,
    )


def record(
    engine: Engine,
    actor: str,
    action: str,
    target: str | None = None,
    detail: Mapping[str, object] | None = None,
    address: str | None = None,
) -> None:
    """Write one event in a transaction of its own."""
    with Session(engine) as session, session.begin():
        session.add(entry(actor, action, target, detail, address))


def recent(engine: Engine, limit: int = 200, offset: int = 0) -> list[Event]:
    """The newest events first."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit).offset(offset)
    with Session(engine) as session:
        rows = session.scalars(query).all()
    return [Event(r.at, r.actor, r.action, r.target, r.detail, r.address) for r in rows]


def to_csv(events: list[Event]) -> bytes:
    """The events as CSV (UTF-8 with BOM for spreadsheets), safe against formula injection."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for event in events:
        cells = [event.at.isoformat(sep=" ", timespec="seconds"), event.actor, event.action,
                 event.target or "", event.detail or "", event.address or ""]  # fmt: skip
        writer.writerow([safe_text(cell) for cell in cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")

"""Wall display tokens: the key a kiosk's URL carries instead of a sign-in.

A token is 32 random bytes (256 bits, URL-safe text), shown once; only its SHA-256 is stored
(a slow hash adds nothing for a random key of this size). It is bound to one playlist and grants
the wall page and its data only; revoking it ends every display that used it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashboard import audit
from dashboard.access import WALL, Viewer
from dashboard.models import WallToken

TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 64  # a longer string cannot be a token: refused before hashing


@dataclass(frozen=True)
class TokenInfo:
    id: int
    playlist: str
    label: str
    created_at: datetime
    revoked_at: datetime | None

    def viewer(self) -> Viewer:
        """A wall display sees every province, read-only, through its playlist only."""
        return Viewer(name=f"wall:{self.id}", role=WALL, provinces=None, playlist=self.playlist)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _info(row: WallToken) -> TokenInfo:
    return TokenInfo(row.id, row.playlist, row.label, row.created_at, row.revoked_at)


def create(
    engine: Engine, playlist: str, label: str = "", actor: str = "system"
) -> tuple[int, str]:
    """A new token for ``playlist``: (its id, the token itself, to show once)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with Session(engine) as session, session.begin():
        row = WallToken(token_hash=_digest(token), playlist=playlist, label=label[:120],
                        created_at=audit.now())  # fmt: skip
        session.add(row)
        session.flush()
        detail = {"playlist": playlist, "label": label[:120]}
        session.add(audit.entry(actor, audit.TOKEN_CREATE, f"wall:{row.id}", detail))
        return row.id, token


def all_tokens(engine: Engine) -> list[TokenInfo]:
    with Session(engine) as session:
        return [_info(row) for row in session.scalars(select(WallToken).order_by(WallToken.id))]


def revoke(engine: Engine, token_id: int, actor: str = "system") -> bool:
    """Revoke a token; False when there is no such token or it was revoked already."""
    with Session(engine) as session, session.begin():
        row = session.get(WallToken, token_id)
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = audit.now()
        session.add(audit.entry(actor, audit.TOKEN_REVOKE, f"wall:{row.id}"))
        return True


def find(engine: Engine, token: str) -> TokenInfo | None:
    """The live token matching ``token`` (None when unknown or revoked)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    with Session(engine) as session:
        row = session.scalar(select(WallToken).where(WallToken.token_hash == _digest(token)))
        return _info(row) if row is not None and row.revoked_at is None else None


def load(engine: Engine, token_id: int) -> TokenInfo | None:
    """The live token of a wall session (None once revoked)."""
    with Session(engine) as session:
        row = session.get(WallToken, token_id)
        return _info(row) if row is not None and row.revoked_at is None else None

"""One writer at a time: the lock every import, commit and undo holds while it writes.

The lock is shared by every process and server writing to the same database:

- PostgreSQL: a session advisory lock (``pg_advisory_lock``) on a connection of its own, keyed by
  the schema, so two dashboards on two schemas of one database do not wait for each other. The
  holder's name and start time travel in that connection's ``application_name``, where a waiting
  import reads them.
- SQLite: an OS file lock (``fcntl.flock``) on a file beside the database
  (``ntp.db.import-lock``), holding the holder's name and start time; for a database without a
  file, a file in the temporary folder named after the database URL.

Either lock goes with its holder: a process that dies (even by SIGKILL) releases it.

    with import_lock(engine, holder="nguyen.van.a", on_wait=say, timeout=600) as held:
        ...  # write; held.waited tells whether another import went first

``on_wait`` is called once, when the lock is taken by someone else, with a sentence such as
"another import is being written (started 10:42 UTC by tran.thi.b); waiting". Past ``timeout``
seconds ``ImportBusy`` is raised and nothing was done.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from dashboard.importing.report import ImportFailed

POLL_SECONDS = 0.1
APP_PREFIX = "ntp-import "
APP_NAME_MAX = 63  # PostgreSQL cuts application_name at 63 bytes


class ImportBusy(ImportFailed):
    """The lock was not free within the timeout; nothing was done."""


@dataclass(frozen=True)
class Held:
    """The lock, held: whether the holder had to wait for another import, and for how long."""

    holder: str
    since: datetime  # naive UTC
    waited: bool = False
    waited_seconds: float = 0.0
    other: str | None = None  # who held it first, as told to ``on_wait``


@contextmanager
def import_lock(
    engine: Engine,
    *,
    holder: str = "the command line",
    on_wait: Callable[[str], None] | None = None,
    timeout: float | None = None,
) -> Iterator[Held]:
    """Hold the import lock of ``engine``'s database for the block (see the module's text)."""
    lock = _PgLock(engine) if engine.dialect.name == "postgresql" else _FileLock(engine)
    began = time.monotonic()
    told: str | None = None
    try:
        while not lock.try_acquire(holder):
            if told is None:
                told = waiting_message(lock.holder())
                if on_wait is not None:
                    on_wait(told)
            if timeout is not None and time.monotonic() - began >= timeout:
                raise ImportBusy(f"{told.removesuffix('; waiting')}; try again later")
            time.sleep(POLL_SECONDS)
        waited = time.monotonic() - began
        yield Held(holder, lock.since, told is not None, waited if told else 0.0, told)
    finally:
        lock.close()


def waiting_message(holder: tuple[str, datetime | None] | None) -> str:
    if holder is None:
        return "another import is being written; waiting"
    name, since = holder
    when = f"started {since:%H:%M} UTC by {name}" if since else f"by {name}"
    return f"another import is being written ({when}); waiting"


def lock_path(engine: Engine) -> Path:
    """The file locked for a SQLite database: beside it, or in the temporary folder."""
    database = engine.url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        return Path(database).with_name(Path(database).name + ".import-lock")
    digest = hashlib.sha256(engine.url.render_as_string().encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"ntp-dashboard-{digest}.import-lock"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class _FileLock:
    def __init__(self, engine: Engine) -> None:
        self.path = lock_path(engine)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        self.held = False
        self.since = _now()

    def try_acquire(self, holder: str) -> bool:
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        self.held, self.since = True, _now()
        info = json.dumps({"holder": holder, "since": self.since.isoformat(), "pid": os.getpid()})
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, info.encode(), 0)
        return True

    def holder(self) -> tuple[str, datetime | None] | None:
        try:
            info = json.loads(self.path.read_text(encoding="utf-8") or "null")
            return str(info["holder"]), datetime.fromisoformat(info["since"])
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def close(self) -> None:
        try:
            if self.held:
                os.ftruncate(self.fd, 0)
                fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            os.close(self.fd)


class _PgLock:
    def __init__(self, engine: Engine) -> None:
        self.conn: Connection = engine.connect()  # the lock lives in this session
        schema = self.conn.scalar(text("SELECT current_schema()")) or ""
        self.conn.rollback()
        digest = hashlib.sha256(f"ntp-dashboard import {schema}".encode()).digest()
        self.key = int.from_bytes(digest[:8], "big", signed=True)
        self.held = False
        self.since = _now()

    def try_acquire(self, holder: str) -> bool:
        got = bool(self.conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}))
        if got:
            self.held, self.since = True, _now()
            name = f"{APP_PREFIX}{self.since:%Y-%m-%dT%H:%M} {holder}".encode()[:APP_NAME_MAX]
            value = name.decode(errors="ignore")
            setting = text("SELECT set_config('application_name', :v, false)")
            self.conn.execute(setting, {"v": value})
        self.conn.commit()
        return got

    def holder(self) -> tuple[str, datetime | None] | None:
        high, low = (self.key >> 32) & 0xFFFFFFFF, self.key & 0xFFFFFFFF
        name = self.conn.scalar(
            text(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a "
                "ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND "
                "l.classid::bigint = :high AND l.objid::bigint = :low AND l.objsubid = 1 LIMIT 1"
            ),
            {"high": high, "low": low},
        )
        self.conn.commit()
        if not name or not name.startswith(APP_PREFIX):
            return None
        stamp, _, who = name.removeprefix(APP_PREFIX).partition(" ")
        try:
            return who, datetime.fromisoformat(stamp)
        except ValueError:
            return who, None

    def close(self) -> None:
        try:
            if self.held:
                self.conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
                self.conn.execute(text("RESET application_name"))
                self.conn.commit()
        except Exception:
            self.conn.invalidate()  # closing the session releases the lock
            raise
        finally:
            self.conn.close()

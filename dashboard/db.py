"""Engine, sessions and schema migrations (Alembic), for SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from dashboard.models import Meta

MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached or opened."""


# PostgreSQL connections a process keeps open, and at most uses at once: a thread beyond waits for
# one to come back. With room to open more (SQLAlchemy's default, 5 kept and 10 more opened as
# needed) fifty users made a worker open and close a connection for one request in six, each a
# new server process on the database; at fifty users a worker's threads rarely need more than
# fifteen at once, and more would only queue on the database's two cores.
POOL_SIZE = 15


def make_engine(url: str) -> Engine:
    """An engine for ``url``; creates the folder of a SQLite file and tunes SQLite for reads."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # the last connection given back is the next one taken: requests one after the other
        # use one connection, so one page cache fills, not one per connection of the pool
        engine = create_engine(url, pool_use_lifo=True, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=0,
                           connect_args={"connect_timeout": 5})  # fmt: skip
    event.listen(engine, "connect", _postgres_settings)
    return engine


@contextmanager
def reading(bind: Engine | Connection) -> Iterator[Connection]:
    """A connection for a short read of a few rows, outside a transaction (autocommit): on
    PostgreSQL no BEGIN and no ROLLBACK go to the server, two round trips fewer per read. For
    the lookups every request makes (its account, the data version); a statement sees what was
    committed when it started, as it would in a transaction at READ COMMITTED. A Connection
    given is used as it is (several lookups on one)."""
    if isinstance(bind, Connection):
        yield bind
        return
    with bind.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        yield conn


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 (DB-API objects)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for an import
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # each connection of a worker's pool (up to 15) keeps a page cache of its own: at 64 MB, one
    # connection left a process 24 MB larger than at 16 MB after every page's requests, and a
    # cold national map read was as fast at 16 MB (0.83 s against 0.81 s, medians of 12, a
    # million rows): the file's pages stay in the OS's cache either way
    cursor.execute("PRAGMA cache_size=-16384")
    cursor.close()


# A read sums up to a million roll-up rows by unit, project and kind: at the server's default
# 4 MB its hash spilled 30 MB to disk (0.78 s against 0.61 s in memory, ten million rows). JIT
# compilation costs more than it saves on queries of well under a second.
POSTGRES_SETTINGS = {"work_mem": "32MB", "jit": "off"}


def _postgres_settings(dbapi_connection, _record) -> None:  # noqa: ANN001 (DB-API objects)
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True  # a SET outside a transaction lasts the session
    with dbapi_connection.cursor() as cursor:
        for name, value in POSTGRES_SETTINGS.items():
            cursor.execute(f"SET {name} = '{value}'")
    dbapi_connection.autocommit = autocommit


def check_connection(engine: Engine) -> None:
    """Raise DatabaseUnavailable with a one-line reason when the database cannot be reached."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseUnavailable(f"cannot reach database {safe_url(engine)}: {reason}") from None


def safe_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest migration (creates it on an empty database)."""
    check_connection(engine)
    command.upgrade(alembic_config(engine), "head")


def is_migrated(engine: Engine) -> bool:
    return inspect(engine).has_table("alembic_version")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on any error."""
    with session_factory(engine).begin() as session:
        yield session


def get_meta(engine: Engine, key: str, default: str | None = None) -> str | None:
    with Session(engine) as session:
        value = session.scalar(select(Meta.value).where(Meta.key == key))
    return default if value is None else value


def set_meta(session: Session, key: str, value: str) -> None:
    session.merge(Meta(key=key, value=value))


def bump_data_version(session: Session) -> int:
    """Every write that changes figures bumps this; cache keys carry it."""
    current = session.scalar(select(Meta.value).where(Meta.key == "data_version"))
    version = int(current or 0) + 1
    set_meta(session, "data_version", str(version))
    return version


def bulk_insert(
    session: Session,
    table,
    frame,
    chunk: int = 100_000,  # noqa: ANN001 (Table, DataFrame)
) -> int:
    """Insert a DataFrame's rows fast: COPY on PostgreSQL, executemany elsewhere.

    Runs inside the caller's transaction, so a failure leaves nothing behind.
    """
    columns = list(frame.columns)
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for rows in _row_chunks(frame, columns, chunk):
                for row in rows:
                    copy.write_row(row)
        return len(frame)
    # plain DB-API executemany of tuples: dicts and SQLAlchemy's per-row parameter processing
    # took four times as long as SQLite's own insert
    marks = ", ".join("?" * len(columns))
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"
    for rows in _row_chunks(frame, columns, chunk):
        connection.exec_driver_sql(sql, rows)
    return len(frame)


def _row_chunks(frame, columns: list[str], chunk: int) -> Iterator[list[tuple]]:  # noqa: ANN001
    """The rows of ``frame`` as tuples of Python values, ``chunk`` at a time: built column by
    column (``itertuples`` steps through pandas' Arrow-backed text one cell at a time, three
    times slower)."""
    for start in range(0, len(frame), chunk):
        part = frame.iloc[start : start + chunk]
        yield list(zip(*(part[c].tolist() for c in columns), strict=True))

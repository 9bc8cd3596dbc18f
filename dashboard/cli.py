"""ntp-dashboard: set up the database, make demo data, import files, build geodata, serve.

Every expected failure (a missing or bad file, an unreachable database, a bad setting) ends with
one line on stderr and exit status 2, never a traceback. An import whose every row is rejected
ends with status 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from tqdm import tqdm

from dashboard import audit, cli_accounts, config
from dashboard.db import DatabaseUnavailable, make_engine, safe_url

EXIT_ERROR = 2


def _say(message: str) -> None:
    tqdm.write(message, file=sys.stderr)


def cmd_init(settings: config.Settings, args: argparse.Namespace) -> int:
    from dashboard.bootstrap import build_plotly, init_database

    engine = make_engine(settings.database_url)
    init_database(engine, _say)
    build_plotly(settings, _say)
    _say(f"database ready: {safe_url(engine)}")
    return 0


def cmd_demo(settings: config.Settings, args: argparse.Namespace) -> int:
    from dashboard.bootstrap import init_database
    from dashboard.demo.writer import clear_demo, load_demo

    engine = make_engine(settings.database_url)
    init_database(engine, _say)
    if args.clear:
        _say(f"demo data removed: {clear_demo(engine):,} rows; imported data kept")
        return 0
    with tqdm(total=6, desc="demo data", unit="step", file=sys.stderr) as bar:

        def step(message: str) -> None:
            bar.set_postfix_str(message[:60])
            bar.update(1)

        summary = load_demo(engine, args.rows, args.seed, replace=args.replace, progress=step)
        bar.update(bar.total - bar.n)
    _say(
        f"demo data written: {summary.plan_rows:,} plan rows, "
        f"{summary.disbursement_rows:,} disbursement rows, {summary.indicator_rows:,} "
        f"indicator values, data as of {summary.as_of[1]:02d}/{summary.as_of[0]}"
    )
    return 0


def cmd_import(settings: config.Settings, args: argparse.Namespace) -> int:
    from dashboard.bootstrap import init_database
    from dashboard.importer import ImportFailed, Options, import_file

    if str(args.file) == "undo" and args.batch is not None:
        return _undo(settings, args.batch)
    if args.batch is not None:
        raise ImportFailed(f"one file at a time; to undo a batch: import undo {args.batch}")
    if not args.file.is_file():  # said before anything else is printed or set up
        raise ImportFailed(f"{args.file.name}: file not found")
    engine = make_engine(settings.database_url)
    init_database(engine)
    options = Options(
        year=args.year, month=args.month, keep_demo=args.keep_demo,
        max_amount_vnd=settings.import_max_amount_ty * 10**9,
    )  # fmt: skip
    with _Bar(args.file.name) as bar:
        report = import_file(engine, args.file, args.kind, max_bytes=settings.import_max_bytes,
                             progress=bar.progress, options=options, on_wait=_say)  # fmt: skip
    for note in report.notes:
        _say(f"  note: {note}")
    for issue in report.issues[: args.show]:
        where = f"row {issue.row}" if issue.row else "file"
        column = f", column {issue.column!r}" if issue.column else ""
        _say(f"  {issue.severity}: {where}{column}: {issue.reason}")
    if len(report.issues) > args.show:
        _say(f"  ... and {len(report.issues) - args.show} more (see the import history)")
    _say(report.summary())
    detail = {"file": args.file.name, "batch": report.batch_id, "status": report.status}
    audit.record(engine, cli_accounts.actor(), audit.IMPORT, args.file.name, detail)
    return 0 if report.status in ("ok", "partial", "duplicate") else 1


def _undo(settings: config.Settings, batch: int) -> int:
    from dashboard.bootstrap import init_database
    from dashboard.importing.undo import undo_batch

    engine = make_engine(settings.database_url)
    init_database(engine)
    done = undo_batch(engine, batch, on_wait=_say)
    _say(done.summary())
    detail = {"undo": batch, "batch": done.undo_batch_id}
    audit.record(engine, cli_accounts.actor(), audit.UNDO, f"batch {batch}", detail)
    return 0


class _Bar:
    """A progress bar shown only once rows are being written (a refused file shows none)."""

    def __init__(self, name: str) -> None:
        self.name, self.bar = name, None

    def progress(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = tqdm(total=total, desc=self.name, unit="row", file=sys.stderr)
        self.bar.total = total
        self.bar.update(done - self.bar.n)

    def __enter__(self) -> _Bar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


def cmd_geodata(settings: config.Settings, args: argparse.Namespace) -> int:
    from dashboard.bootstrap import build_geodata

    if not build_geodata(settings, _say, force=args.force):
        _say(f"boundary files up to date in {settings.geodata_dir} (sources unchanged; "
             "--force rebuilds them)")  # fmt: skip
    return 0


def serve_command(settings: config.Settings, args: argparse.Namespace) -> list[str]:
    """gunicorn with the app's settings (``dashboard.serving``): its master sets up on the first
    run, once, before the workers start."""
    bind = f"{args.host or settings.host}:{args.port or settings.port}"
    workers = ["--workers", str(args.workers)] if args.workers else []  # else serving's
    return [sys.executable, "-m", "gunicorn", "--config", "python:dashboard.serving",
            "--bind", bind, *workers, "app:server"]  # fmt: skip


def serve_environment(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of the server, each allocator told to give memory back, unless set:
    - glibc's malloc, one arena a process (``MALLOC_ARENA_MAX``): an arena per busy thread,
      with 64 threads a worker, left a worker holding a gigabyte of freed memory after fifty
      users;
    - Arrow (pandas' text columns), glibc's malloc too (``ARROW_DEFAULT_MEMORY_POOL``): its own
      allocator, mimalloc, keeps a heap per thread, and the frames of cold map reads answered by
      different threads stayed in them, taking a worker from 270 to 376 MB (256 MB now), with
      no read slower (README, "Memory of a worker")."""
    environ = dict(os.environ if environ is None else environ)
    environ.setdefault("MALLOC_ARENA_MAX", "1")
    environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    return environ


def cmd_serve(settings: config.Settings, args: argparse.Namespace) -> int:
    command = serve_command(settings, args)
    _say(f"serving on http://{command[command.index('--bind') + 1]}")
    os.execve(sys.executable, command, serve_environment())
    return 0  # not reached


def worker_command(settings: config.Settings, args: argparse.Namespace) -> list[str]:
    """Celery's worker over the app's jobs (the data page's reviews, commits and undos), on the
    Redis of ``CACHE_URL``; ``app:celery_app`` builds the app so its jobs are known."""
    if not settings.cache_url:
        raise config.ConfigError(
            "the worker runs the data page's imports from the Redis of CACHE_URL; set CACHE_URL "
            "(the same for the web servers and the worker). Without it the web server runs them"
        )
    return [sys.executable, "-m", "celery", "--app", "app:celery_app", "worker",
            "--loglevel", "INFO", "--concurrency", str(args.concurrency)]  # fmt: skip


def cmd_worker(settings: config.Settings, args: argparse.Namespace) -> int:
    command = worker_command(settings, args)
    where = urlsplit(settings.cache_url)
    _say(f"worker for the data page's imports: jobs from {where.scheme}://{where.hostname}")
    os.execv(sys.executable, command)
    return 0  # not reached


def cmd_users(settings: config.Settings, args: argparse.Namespace) -> int:
    from dashboard.bootstrap import init_database

    engine = make_engine(settings.database_url)
    init_database(engine)
    return cli_accounts.users(engine, args, _say)


def cmd_wall(settings: config.Settings, args: argparse.Namespace) -> int:
    from dashboard.bootstrap import init_database

    engine = make_engine(settings.database_url)
    init_database(engine)
    return cli_accounts.wall(settings, engine, args, _say)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ntp-dashboard", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init", help="create the schema and load units and the catalogue")
    demo = commands.add_parser("demo", help="replace the data with the deterministic demo set")
    demo.add_argument("--rows", type=int, default=None, help="disbursement rows to aim for")
    demo.add_argument("--seed", type=int, default=None)
    demo.add_argument("--replace", action="store_true", help="even over imported real data")
    demo.add_argument("--clear", action="store_true", help="remove the demo data, keep imports")
    imp = commands.add_parser(
        "import", help="import a CSV or XLSX file, or undo an import: import undo BATCH"
    )
    imp.add_argument("file", type=Path, help="the file, or 'undo' followed by a batch id")
    imp.add_argument("batch", type=int, nargs="?", help="with 'undo': the batch to undo")
    imp.add_argument("--kind", choices=None, help="file kind; detected from the header if omitted")
    imp.add_argument("--show", type=int, default=20, help="issues to print (default 20)")
    imp.add_argument("--year", type=int, help="the year the file reports on, over what it states")
    imp.add_argument("--month", type=int, choices=range(1, 13), metavar="1-12",
                     help="the month the file reports to, over what it states")  # fmt: skip
    imp.add_argument("--keep-demo", action="store_true", help="import although demo data is there")
    geo = commands.add_parser("geodata", help="boundary files")
    geo_commands = geo.add_subparsers(dest="geodata_command", required=True)
    build = geo_commands.add_parser("build", help="build boundaries (cached by source hash)")
    build.add_argument("--force", action="store_true")
    serve = commands.add_parser("serve", help="set up on first run, then serve with gunicorn")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int, help="gunicorn workers (default 3)")
    worker = commands.add_parser(
        "worker", help="run the data page's imports on Celery (with CACHE_URL set)"
    )
    worker.add_argument("--concurrency", type=int, default=2, help="jobs run at once (default 2)")
    cli_accounts.add_parsers(commands)
    return parser


COMMANDS = {"init": cmd_init, "demo": cmd_demo, "import": cmd_import, "geodata": cmd_geodata,
            "serve": cmd_serve, "worker": cmd_worker, "users": cmd_users,
            "wall": cmd_wall}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = config.from_env()
        if args.command == "demo":
            args.rows = args.rows or settings.demo_rows
            args.seed = args.seed if args.seed is not None else settings.demo_seed
        return COMMANDS[args.command](settings, args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 (expected failures become one line, see below)
        if not expected_failure(exc):
            if args.command != "import":
                raise
            exc = _unexpected(args.file, exc)  # an import never ends in a traceback
        print(f"ntp-dashboard: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except MemoryError:
        print("ntp-dashboard: error: out of memory; nothing was written", file=sys.stderr)
        return EXIT_ERROR


def _unexpected(path: Path, exc: Exception) -> str:
    """One line for a failure the importer did not foresee: the transaction was rolled back."""
    first = (str(exc).strip().splitlines() or [""])[0][:200]
    return f"{path.name}: the import failed, nothing was written ({type(exc).__name__}: {first})"


def expected_failure(exc: Exception) -> bool:
    """Failures a user can cause and fix: reported in one line, not as a traceback.

    A missing geodata source raises a FileNotFoundError naming the package to install."""
    from dashboard.accounts import AccountError
    from dashboard.demo.writer import RealDataPresent
    from dashboard.passwords import WeakPassword
    from dashboard.units import UnitsSourceMissing

    expected: tuple[type[BaseException], ...] = (
        DatabaseUnavailable, config.ConfigError, RealDataPresent, UnitsSourceMissing,
        FileNotFoundError, PermissionError, AccountError, WeakPassword,
    )  # fmt: skip
    try:
        from dashboard.importer import ImportFailed

        expected += (ImportFailed,)
    except ImportError:
        pass
    return isinstance(exc, expected)


if __name__ == "__main__":
    sys.exit(main())

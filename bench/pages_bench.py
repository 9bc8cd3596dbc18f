"""Speed of the pages: the national commune map against a naive Dash version, recolour, drill-down,
server time of every callback, peak memory of a gunicorn worker.

    python bench/pages_bench.py [--rows 1000000] [--databases sqlite postgresql] [--pg URL]
                                [--reps 3] [--calls 20] [--cold-calls 5] [--no-callbacks]

It writes the demo set (``load_demo``, seed 1719, data as of 2026-10) into a temporary SQLite file
and a temporary PostgreSQL schema (dropped afterwards), links a geodata build (cached by source
hash under ``--geodata``), and serves each with ``gunicorn app:server`` (2 workers, in-process
read cache). The naive version (``bench/naive_app.py``) is served the same way.

Browser figures come from /usr/bin/chromium (headless, no GPU) driven by Playwright. "Drawn"
is the paint after the ``plotly_afterplot`` event whose figure holds every path of its GeoJSON
(``bench/bench_browser.py``): navigation start -> drawn for a page; the click -> drawn for a
recolour or a drill-down, timed from just before Playwright is told to click and, "from the
press", from the browser's own time stamp of the pointer's press (Playwright's dispatch of the
click left out). A cold run is a new browser context (empty cache); a warm run is a
second navigation in the same context. Runs use the steady state of the server: its read cache
is warmed first (the first load after the start is printed apart), except that each recolour
chooses a filter not chosen before, so its values are read from the database.

Server time of the callbacks: the ``_dash-update-component`` requests the browser sent on every
page (layout, navbar and page callbacks) are replayed over HTTP with ``urllib`` on 127.0.0.1 and
timed round trip: warm (``--calls`` times each, after the read cache holds the answer) and cold
(``--cold-calls`` times, each after bumping ``meta.data_version``, which empties the read cache
as an import would).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from sqlalchemy import Engine, create_engine, text

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

from bench_browser import (  # noqa: E402
    TIMEOUT_MS,
    Chromium,
    Timed,
    Wire,
    choose,
    navigate,
    timed_action,
)
from bench_server import Server, gunicorn  # noqa: E402

from dashboard import plotly_bundle  # noqa: E402
from dashboard.bootstrap import init_database  # noqa: E402
from dashboard.cli import serve_environment  # noqa: E402
from dashboard.db import bump_data_version, make_engine, session_scope  # noqa: E402
from dashboard.demo.writer import load_demo  # noqa: E402
from geodata.build import build  # noqa: E402

PG_URL = os.environ.get("TEST_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
GEODATA = Path(tempfile.gettempdir()) / "ntp-bench-cache" / "geodata"
NATIONAL = "/map?level=commune&vintage=2024"
PROVINCES = "/map?level=province&vintage=2024"
# the map draws two choropleths (units without a value, units with one) and, on a national map,
# the far archipelagos' dots and names (scattergeo): every unit of the layer drawn once
MAP_DRAWN = "e.traces >= 2 && e.features >= 9940 && e.paths >= e.features"
PROVINCES_DRAWN = "e.traces >= 2 && e.features >= 60 && e.paths >= e.features"
RECOLOURED = "e.changed && e.traces >= 2 && e.paths >= e.features"
DRILLED = "e.changed && e.traces >= 2 && e.features < 3000 && e.paths >= e.features"
NAIVE_DRAWN = "e.paths >= 9940"
NAIVE_RECOLOURED = "e.changed && e.paths >= 9940"
# a filter not chosen before in each run: (dropdown, option index)
FILTERS = [("map-f-kinds", 0), ("map-f-kinds", 1), ("map-f-sources", 0), ("map-f-sources", 1),
           ("map-f-sources", 2), ("map-f-regions", 0), ("map-f-regions", 1)]  # fmt: skip


@dataclass
class Figures:
    """What a run measured; lists hold one value per repetition."""

    first_load: float | None = None
    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    recolour: list[Timed] = field(default_factory=list)
    recolour_bytes: list[int] = field(default_factory=list)
    province: list[Timed] = field(default_factory=list)
    province_bytes: list[int] = field(default_factory=list)
    drill: list[Timed] = field(default_factory=list)
    drill_bytes: list[int] = field(default_factory=list)
    peak_mb: float = 0.0
    posts: list[tuple[str, str, str]] = field(default_factory=list)  # (label, url, body)
    traces: str = ""  # the trace types of the plotly.js the map page ran (the partial bundle's)
    scripts: list[tuple[str, int]] = field(default_factory=list)  # (file, bytes) of a cold map


# ---- databases ------------------------------------------------------------------------------


def demo(engine: Engine, rows: int) -> float:
    init_database(engine)
    start = time.perf_counter()
    load_demo(engine, rows=rows, seed=1719, as_of=(2026, 10))
    return time.perf_counter() - start


@contextmanager
def sqlite_database(work: Path, rows: int) -> Iterator[tuple[str, Engine, float]]:
    url = f"sqlite:///{work / 'ntp.db'}"
    engine = make_engine(url)
    seconds = demo(engine, rows)
    try:
        yield url, engine, seconds
    finally:
        engine.dispose()


@contextmanager
def postgres_database(base_url: str, rows: int) -> Iterator[tuple[str, Engine, float]]:
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base_url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = f"{base_url}?options=-csearch_path%3D{schema}"
    engine = make_engine(url)
    try:
        seconds = demo(engine, rows)
        yield url, engine, seconds
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def app_env(database_url: str, var_dir: Path, geodata: Path) -> dict[str, str]:
    """The server's environment: geodata, the partial plotly.js and the runtime served in place of
    Dash's polyfill (built once into the cache beside the geodata, as set-up builds them into
    VAR_DIR) linked in; the environment ``ntp-dashboard serve`` gives gunicorn; no sign-in (a
    closed demo) and no background pre-warm, so that a cold read is a cold read."""
    var_dir.mkdir(parents=True, exist_ok=True)
    plotly_bundle.build(geodata.parent)
    plotly_bundle.build_runtime(geodata.parent)
    for name, target in (("geodata", geodata), ("plotly", geodata.parent / "plotly")):
        link = var_dir / name
        if target.exists() and not link.exists():
            link.symlink_to(target, target_is_directory=True)
    served = serve_environment({})  # what ``ntp-dashboard serve`` adds (its allocators' settings)
    return {**served, "DATABASE_URL": database_url, "VAR_DIR": str(var_dir),
            "DEMO_ON_FIRST_RUN": "0", "CACHE_URL": "", "LANGUAGE": "vi", "AUTH": "off",
            "PREWARM_SECONDS": "0"}  # fmt: skip


# ---- browser runs ---------------------------------------------------------------------------


def naive_run(chromium: Chromium, work: Path, reps: int) -> Figures:
    figures = Figures()
    log = work / "naive.log"
    with gunicorn("naive_app:server", log, {}, extra=("--pythonpath", str(HERE))) as server:
        context = chromium.context("naive-map")
        figures.first_load = navigate(context.new_page(), server.base + "/", NAIVE_DRAWN)
        context.close()
        for rep in range(reps):
            context = chromium.context("naive-map")
            page = context.new_page()
            wire = Wire()
            wire.attach(page)
            figures.cold.append(navigate(page, server.base + "/", NAIVE_DRAWN))
            action = choose(page, "naive-choice", 1 + rep % 2)
            since = time.monotonic()
            figures.recolour.append(timed_action(page, action, NAIVE_RECOLOURED))
            figures.recolour_bytes.append(wire.update_bytes_since(since))
            context.close()
        figures.peak_mb = server.peak_mb()
    return figures


def _map_page(chromium: Chromium, wire: Wire) -> tuple[object, Page]:
    context = chromium.context("map-graph")
    page = context.new_page()
    wire.attach(page)
    return context, page


def _filter(page: Page, wire: Wire, rep: int, label: str) -> tuple[Timed, int]:
    dropdown, index = FILTERS[rep % len(FILTERS)]
    action = choose(page, dropdown, index)
    wire.label = label
    since = time.monotonic()
    timed = timed_action(page, action, RECOLOURED)
    return timed, wire.update_bytes_since(since)


def national_runs(chromium: Chromium, base: str, reps: int, figures: Figures, wire: Wire) -> None:
    for rep in range(reps):
        context, page = _map_page(chromium, wire)
        wire.label = "map"
        figures.cold.append(navigate(page, base + NATIONAL, MAP_DRAWN))
        figures.warm.append(navigate(page, base + NATIONAL, MAP_DRAWN))
        timed, size = _filter(page, wire, rep, "map: filter (national)")
        figures.recolour.append(timed)
        figures.recolour_bytes.append(size)
        context.close()


def drill_runs(chromium: Chromium, base: str, reps: int, figures: Figures, wire: Wire) -> None:
    for rep in range(reps):
        context, page = _map_page(chromium, wire)
        wire.label = "map"
        navigate(page, base + PROVINCES, PROVINCES_DRAWN)
        row = page.locator("#map-table button").nth(rep)
        wire.label = "map: drill-down click"
        since = time.monotonic()
        figures.drill.append(timed_action(page, row.click, DRILLED))
        figures.drill_bytes.append(wire.update_bytes_since(since))
        timed, size = _filter(page, wire, rep, "map: filter (province)")
        figures.province.append(timed)
        figures.province_bytes.append(size)
        if rep == 0:  # a commune's detail panel, for the callback timings
            wire.label = "map: commune detail click"
            page.locator("#map-table button").first.click()
            page.wait_for_selector("#map-detail .card", timeout=TIMEOUT_MS)
        context.close()


def other_pages(chromium: Chromium, base: str, wire: Wire) -> None:
    """Visit every other page once (and use its callbacks) so their requests are captured."""
    context = chromium.context("none")
    page = context.new_page()
    wire.attach(page)
    for label, path in (("overview", "/"), ("indicators", "/indicators"),
                        ("disbursement", "/disbursement"),
                        ("tables", "/tables?year=2024&vintage=2024")):  # fmt: skip
        wire.label = label
        page.goto(base + path, wait_until="networkidle", timeout=TIMEOUT_MS)
    page.wait_for_selector(".ag-pinned-left-cols-container .ag-row", timeout=TIMEOUT_MS)
    wire.label = "tables: export xlsx"
    with page.expect_download(timeout=TIMEOUT_MS):
        page.click("#tables-export-xlsx")
    page.goto(base + "/disbursement", wait_until="networkidle", timeout=TIMEOUT_MS)
    wire.label = "disbursement: filter"
    page.click("#disb-kinds")
    page.get_by_role("option").first.click()
    page.wait_for_url("**kinds=**", timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    context.close()


def scripts(wire: Wire) -> list[tuple[str, int]]:
    """(file name, bytes on the wire) of each script the page fetched."""
    names = []
    for url, size in wire.others:
        path = url.split("?")[0]
        if path.endswith(".js"):
            names.append((path.rsplit("/", 1)[-1], size))
    return names


def product_run(chromium: Chromium, server: Server, reps: int, others: bool = True) -> Figures:
    figures = Figures()
    wire = Wire()
    context, page = _map_page(chromium, wire)
    wire.label = "map"
    figures.first_load = navigate(page, server.base + NATIONAL, MAP_DRAWN)
    figures.traces = page.evaluate("Object.keys(Plotly.PlotSchema.get().traces).sort().join(', ')")
    figures.scripts = scripts(wire)
    context.close()
    warm_both_workers(server.base, wire.posts)
    national_runs(chromium, server.base, reps, figures, wire)
    drill_runs(chromium, server.base, reps, figures, wire)
    if others:  # only to capture their callbacks' requests
        other_pages(chromium, server.base, wire)
    figures.posts = wire.labelled
    figures.peak_mb = server.peak_mb()
    return figures


# ---- callback timings -----------------------------------------------------------------------


def label_of(context: str, body: str) -> str:
    if '"_pages_content.children' in body or "_pages_content.children" in body:
        return f"{context.split(':')[0]}: page layout"
    if "navbar-body" in body:
        return "shell: navbar"
    if ":" in context:
        return context
    output = json.loads(body).get("outputs") or {}
    first = output[0] if isinstance(output, list) else output
    return f"{context}: {first.get('id')}.{str(first.get('property')).split('@')[0]}"


def post(base: str, url: str, body: str) -> float:
    """Round-trip seconds of one replayed callback request (raises on an HTTP error)."""
    path = url[url.index("/_dash-update-component") :]
    request = urllib.request.Request(
        base + path, data=body.encode(), headers={"Content-Type": "application/json"}
    )
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:
        response.read()
    return time.perf_counter() - start


def warm_both_workers(base: str, posts: list[tuple[str, str]]) -> None:
    """Replay ``posts`` from two threads at once, twice, so both workers hold the answers."""

    def replay() -> None:
        for _ in range(2):
            for url, body in posts:
                post(base, url, body)

    threads = [threading.Thread(target=replay) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def callback_times(base: str, engine: Engine, posts: list, calls: int, cold_calls: int) -> dict:
    """{label: (warm seconds, cold seconds)} over the distinct captured requests."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    seen = set()
    for context, url, body in posts:
        if body not in seen:
            seen.add(body)
            groups[label_of(context, body)].append((url, body))
    results = {}
    for label, items in groups.items():
        cold = []
        for index in range(cold_calls):
            with session_scope(engine) as session:
                bump_data_version(session)
            url, body = items[index % len(items)]
            cold.append(post(base, url, body))
        warm_both_workers(base, items)
        warm = [post(base, *items[index % len(items)]) for index in range(calls)]
        results[label] = (warm, cold)
    return results


# ---- report ---------------------------------------------------------------------------------


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def med(values: list) -> float:
    return statistics.median(values) if values else float("nan")


def seconds(timed: list[Timed]) -> list[float]:
    return [t.seconds for t in timed]


def pressed(timed: list[Timed]) -> list[float]:
    """The same actions timed from the press (``Timed``)."""
    return [t.from_press for t in timed]


def spread(values: list[float]) -> str:
    if not values:
        return "–"
    return f"{med(values):6.2f} s (min {min(values):.2f}, max {max(values):.2f}, n={len(values)})"


def print_timed(who: str, what: str, timed: list[Timed], wire: str) -> None:
    """A click's two lines: timed from when Playwright was told to click, and from the press."""
    print(f"{who:8}{what:46}{spread(seconds(timed))}  {wire}")
    print(f"{who:8}{'  the same, from the press':46}{spread(pressed(timed))}")


def print_browser(naive: Figures | None, product: Figures) -> None:
    print("\n== Browser (headless chromium, 2 cores, no GPU) ==")
    if naive:
        print(f"naive   national commune map, first load after start   {naive.first_load:6.2f} s")
        print(f"naive   national commune map, cold                    {spread(naive.cold)}")
        print_timed("naive", "recolour (whole figure)", naive.recolour,
                    f"{med(naive.recolour_bytes) / 1e3:,.0f} KB on the wire")  # fmt: skip
    print(f"product plotly.js trace types: {product.traces}")
    total = sum(max(size, 0) for _, size in product.scripts)
    names = ", ".join(name for name, _ in product.scripts)
    print(f"product scripts of a cold national map: {len(product.scripts)}, "
          f"{total / 1e3:,.0f} KB on the wire: {names}")  # fmt: skip
    print(f"product national commune map, first load after start   {product.first_load:6.2f} s")
    print(f"product national commune map, cold                    {spread(product.cold)}")
    print(f"product national commune map, warm                    {spread(product.warm)}")
    print_timed("product", "recolour after a filter, national", product.recolour,
                f"{med(product.recolour_bytes) / 1e3:,.1f} KB on the wire")  # fmt: skip
    print_timed("product", "recolour after a filter, one province", product.province,
                f"{med(product.province_bytes) / 1e3:,.1f} KB on the wire")  # fmt: skip
    print_timed("product", "drill into a province, click -> drawn", product.drill,
                f"{med(product.drill_bytes) / 1e3:,.1f} KB of callbacks")  # fmt: skip
    if naive and product.cold:
        print(f"speed-up, cold national map: {med(naive.cold) / med(product.cold):.1f}x")


def print_callbacks(name: str, results: dict) -> float:
    print(f"\n== Callback server time, {name} (HTTP round trip on 127.0.0.1, seconds) ==")
    print(f"{'callback':38} {'warm p50':>9} {'warm p95':>9} {'cold p50':>9} {'cold max':>9}")
    worst = 0.0
    for label, (warm, cold) in sorted(results.items()):
        worst = max(worst, p(warm, 0.95))
        print(f"{label:38} {p(warm, 0.5):9.3f} {p(warm, 0.95):9.3f} "
              f"{med(cold):9.3f} {max(cold, default=float('nan')):9.3f}")  # fmt: skip
    return worst


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def print_summary(naive: Figures | None, product: Figures, worst: dict[str, float]) -> None:
    cold, warm = med(product.cold), med(product.warm)
    speedup = med(naive.cold) / cold if naive else float("nan")
    kb = max(med(product.recolour_bytes), med(product.province_bytes)) / 1e3
    rows = [
        ("National commune map, cold", f"{cold:.2f} s", "≤ 3.0 s", verdict(cold <= 3.0)),
        ("  vs naive (cold)", f"{speedup:.2f}× faster", "≥ 3.5×", verdict(speedup >= 3.5)),
        ("National commune map, warm", f"{warm:.2f} s", "≤ 1.2 s", verdict(warm <= 1.2)),
        ("Recolour, bytes on the wire", f"{kb:.1f} KB", "≤ 60 KB", verdict(kb <= 60)),
        ("Recolour, national", f"{med(seconds(product.recolour)):.2f} s", "(report)", "–"),
        ("Recolour, one province", f"{med(seconds(product.province)):.2f} s", "≤ 0.15 s",
         verdict(med(seconds(product.province)) <= 0.15)),
        ("  the same, from the press", f"{med(pressed(product.province)):.2f} s", "≤ 0.15 s",
         verdict(med(pressed(product.province)) <= 0.15)),
        ("Drill into a province", f"{med(seconds(product.drill)):.3f} s", "≤ 1.5 s",
         verdict(med(seconds(product.drill)) <= 1.5)),
    ]  # fmt: skip
    for name, value in worst.items():
        limit = "≤ 150 ms" if name == "SQLite" else "(report)"
        ok = value <= 0.150 if name == "SQLite" else True
        rows.append((f"p95 callback server time, {name}", f"{value * 1000:.0f} ms", limit,
                     verdict(ok) if name == "SQLite" else "–"))  # fmt: skip
    rows.append(("Peak RSS of a gunicorn worker", f"{product.peak_mb:.0f} MB", "≤ 400 MB",
                 verdict(product.peak_mb <= 400)))  # fmt: skip
    print("\n== Summary (medians; README table) ==")
    print("| What | Figure | Target | Verdict |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


# ---- main -----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--databases", nargs="+", choices=("sqlite", "postgresql"),
                        default=["sqlite", "postgresql"])  # fmt: skip
    parser.add_argument("--pg", default=PG_URL, help="PostgreSQL URL (a schema is made in it)")
    parser.add_argument("--reps", type=int, default=3, help="browser runs of each measure")
    parser.add_argument("--calls", type=int, default=20, help="warm replays of each callback")
    parser.add_argument("--cold-calls", type=int, default=5, help="cold replays of each callback")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive version")
    parser.add_argument("--no-callbacks", action="store_true",
                        help="browser figures only: no callback times, no PostgreSQL")  # fmt: skip
    parser.add_argument("--geodata", type=Path, default=GEODATA, help="geodata build (cached)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    build(args.geodata)
    print(f"geodata ready in {time.perf_counter() - started:.1f} s", flush=True)
    naive, product, worst = None, None, {}
    with tempfile.TemporaryDirectory(prefix="ntp-pages-bench-") as folder:
        work = Path(folder)
        if "sqlite" in args.databases:
            with sqlite_database(work, args.rows) as (url, engine, seconds):
                print(f"SQLite demo, {args.rows:,} rows: {seconds:.1f} s", flush=True)
                env = app_env(url, work / "var-sqlite", args.geodata)
                with sync_playwright() as playwright:
                    chromium = Chromium(playwright)
                    if not args.no_naive:
                        naive = naive_run(chromium, work, args.reps)
                        print(f"naive run done ({naive.peak_mb:.0f} MB peak)", flush=True)
                    with gunicorn("app:server", work / "sqlite.log", env, probe="/healthz") as srv:
                        product = product_run(chromium, srv, args.reps, not args.no_callbacks)
                        chromium.close()
                        print(f"browser runs done ({srv.peak_mb():.0f} MB peak)", flush=True)
                        if not args.no_callbacks:
                            results = callback_times(srv.base, engine, product.posts, args.calls,
                                                     args.cold_calls)  # fmt: skip
                        product.peak_mb = max(product.peak_mb, srv.peak_mb())
                print_browser(naive, product)
                if not args.no_callbacks:
                    worst["SQLite"] = print_callbacks("SQLite", results)
        if "postgresql" in args.databases and product is not None and not args.no_callbacks:
            with postgres_database(args.pg, args.rows) as (url, engine, seconds):
                print(f"\nPostgreSQL demo, {args.rows:,} rows: {seconds:.1f} s", flush=True)
                env = app_env(url, work / "var-pg", args.geodata)
                with gunicorn("app:server", work / "pg.log", env, probe="/healthz") as srv:
                    warm_both_workers(srv.base, [(u, b) for _, u, b in product.posts[:4]])
                    results = callback_times(srv.base, engine, product.posts, args.calls,
                                             args.cold_calls)  # fmt: skip
                    pg_peak = srv.peak_mb()
                worst["PostgreSQL"] = print_callbacks("PostgreSQL", results)
                print(f"peak RSS of a worker, PostgreSQL run: {pg_peak:.0f} MB")
                product.peak_mb = max(product.peak_mb, pg_peak)
    if product is not None:
        if naive:
            print(f"\npeak RSS of a worker, naive app: {naive.peak_mb:.0f} MB")
        print_summary(naive, product, worst)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

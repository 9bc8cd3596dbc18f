"""SVG ``choropleth`` against WebGL ``choroplethmap`` for the commune maps, in headless chromium.

    python bench/trace_bench.py [--reps 3] [--var DIR]

Draws the real boundary files (built with ``ntp-dashboard geodata build`` into ``DIR/geodata``,
cached by source hash; a temporary directory by default) with both trace types and times,
per trace type, the median of ``--reps`` runs of:

- first draw: ``Plotly.newPlot`` of the national commune layer of each vintage (2024 legacy,
  2025 reformed), a value for every commune, into an emptied div;
- recolour: ``Plotly.restyle`` of ``z`` with new values (what the map's ``dash.Patch`` of the
  values changes; dcc.Graph applies it with ``Plotly.react``, which recalculates and redraws
  the trace the same way);
- first draw of the legacy province with the most communes at the detailed level.

The SVG figure is the one assets/map.js draws (two traces, mercator, invisible base map, framed
on the layer's bounds plus 2 %). The WebGL figure has the same traces as ``choroplethmap`` on a
MapLibre map whose style is empty (nothing is fetched), centred and zoomed on the layer's
bounding box (computed before the timer starts: a map subplot has no ``fitbounds``).

"Painted" is the next animation frame after the call's promise resolves (after
``plotly_afterplot``, as in bench/bench_browser.py). MapLibre tiles the GeoJSON in a web worker
and draws in its own frames; plotly.js resolves a map's draw only after the map's ``idle`` event
(every source loaded and drawn), and the script waits for ``idle`` itself should the map not be
loaded yet. Each run checks the drawing: for SVG the ``path.choroplethlocation`` count and
their fills; for WebGL, that the map canvas exists and the pixels read back from it in a
``render`` event are not all blank; for both, that the 5 colours of the scale are drawn and,
after a recolour, that the picture changed (a hash of the paths' fills, of the pixels).

Each repetition is a new browser page (plotly.js loaded, one untimed draw of each trace type),
the two trace types measured alternately. The page, plotly.js (from the installed plotly
package) and the GeoJSON files are served from 127.0.0.1; any request to another host is
aborted and fails the run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import plotly
from playwright.sync_api import Browser, Page, Playwright, Route, sync_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

from bench_browser import ARGS, CHROMIUM, TIMEOUT_MS, VIEWPORT  # noqa: E402

from callbacks.topojson import EMPTY_TOPOLOGY, TOPOJSON_URL  # noqa: E402
from geodata.manifest import Layer, Manifest  # noqa: E402
from geodata.manifest import read as read_manifest  # noqa: E402
from layouts.map import GRAPH_CONFIG  # noqa: E402

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
KINDS = ("choropleth", "choroplethmap")
LABELS = {"choropleth": "SVG choropleth", "choroplethmap": "WebGL choroplethmap"}
CLASSES = 5  # the map's legend classes: z is a class index, as in callbacks/map/page.py
SEED = 1719
GRAPH = (800, 560)  # px: the map card on a 1280 px wide screen (layouts/map.py: 560 px high)
# Playwright adds --enable-unsafe-swiftshader itself; the others are tried when it is not enough
SWIFTSHADER = ["--enable-unsafe-swiftshader", "--use-angle=swiftshader"]
WEBGL_ARGS = [
    ("bench_browser.py's arguments", ARGS),
    ("bench_browser.py's arguments + ANGLE SwiftShader", ARGS + SWIFTSHADER),
    ("ANGLE SwiftShader without --disable-gpu",
     [a for a in ARGS if a != "--disable-gpu"] + SWIFTSHADER + ["--use-gl=angle"]),
]  # fmt: skip

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><script src="/plotly.min.js"></script>
<style>html, body { margin: 0; } .graph { width: %dpx; height: %dpx; }</style>
</head><body></body></html>"""

PROBE = """() => {
  const canvas = document.createElement('canvas');
  for (const type of ['webgl2', 'webgl']) {
    const gl = canvas.getContext(type);
    if (!gl) { continue; }
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return {type, renderer: gl.getParameter(gl.RENDERER),
            unmasked: info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : null};
  }
  return null;
}"""

# window.bench: figures, draws and the checks, run in the page
HARNESS = r"""
window.bench = (() => {
  const files = {};
  const line = {color: '#ffffff', width: 0.3};
  const scale = [[0, '#d7191c'], [0.2, '#d7191c'], [0.2, '#fdae61'], [0.4, '#fdae61'],
    [0.4, '#ffffbf'], [0.6, '#ffffbf'], [0.6, '#a6d96a'], [0.8, '#a6d96a'], [0.8, '#1a9641'],
    [1, '#1a9641']];
  const config = __CONFIG__;
  const classes = [...new Set(scale.map(stop => stop[1]))].map(hex => parseInt(hex.slice(1), 16));
  const rgb = text => text.match(/\d+/g).reduce((n, c) => (n << 8) | Number(c), 0);
  let gd = null;

  const frame = () => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));

  async function load(url) {
    if (!files[url]) {
      const response = await fetch(url);
      if (!response.ok) { throw new Error(url + ': ' + response.status); }
      files[url] = await response.json();
    }
    return files[url];
  }

  function box(geojson) {  // [west, south, east, north]
    const b = [Infinity, Infinity, -Infinity, -Infinity];
    const walk = c => {
      if (typeof c[0] === 'number') {
        b[0] = Math.min(b[0], c[0]); b[1] = Math.min(b[1], c[1]);
        b[2] = Math.max(b[2], c[0]); b[3] = Math.max(b[3], c[1]);
      } else { c.forEach(walk); }
    };
    geojson.features.forEach(f => walk(f.geometry.coordinates));
    return b;
  }

  function view(b, width, height) {  // the centre and zoom that fit the box (512 px tiles)
    const y = lat => Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360));
    const zx = Math.log2(width * 360 / ((b[2] - b[0]) * 512));
    const zy = Math.log2(height * 2 * Math.PI / ((y(b[3]) - y(b[1])) * 512));
    const mid = Math.atan(Math.sinh((y(b[1]) + y(b[3])) / 2)) * 180 / Math.PI;
    return {center: {lon: (b[0] + b[2]) / 2, lat: mid}, zoom: Math.min(zx, zy) - 0.05};
  }

  function figure(kind, geojson, z, text) {
    const ids = geojson.features.map(f => f.id);
    const traces = [
      {type: kind, geojson, locations: [], z: [], colorscale: [[0, '#cccccc'], [1, '#cccccc']],
       showscale: false, marker: {line}, hovertemplate: '%{location}<extra></extra>'},
      {type: kind, geojson, locations: ids, z, text, zmin: -0.5, zmax: 4.5, colorscale: scale,
       showscale: false, marker: {line}, hovertemplate: '%{text}<extra></extra>'},
    ];
    const layout = {margin: {l: 0, r: 0, t: 0, b: 0}, paper_bgcolor: 'rgba(0,0,0,0)',
                    dragmode: false, uirevision: 'map'};
    if (kind === 'choropleth') {
      const b = box(geojson), dx = (b[2] - b[0]) * 0.02, dy = (b[3] - b[1]) * 0.02;
      layout.geo = {visible: false, projection: {type: 'mercator'}, bgcolor: 'rgba(0,0,0,0)',
                    lonaxis: {range: [b[0] - dx, b[2] + dx]},
                    lataxis: {range: [b[1] - dy, b[3] + dy]}};  // as assets/map.js frames it
    } else {
      layout.map = {style: {version: 8, sources: {}, layers: []},
                    ...view(box(geojson), gd.clientWidth, gd.clientHeight)};
    }
    return {data: traces, layout};
  }

  function fresh() {
    if (gd) { Plotly.purge(gd); gd.remove(); }
    gd = document.createElement('div');
    gd.className = 'graph';
    document.body.appendChild(gd);
    return gd;
  }

  const map = () => gd._fullLayout.map._subplot.map;

  // plotly.js resolves a map's draw after MapLibre's 'idle' (sources tiled, drawn): wait for
  // it here only should a later plotly.js resolve earlier
  const idle = () => new Promise((done, fail) => {
    map().once('idle', done);
    setTimeout(() => fail(new Error('the map is not idle after 120 s')), 120000);
  });

  async function painted(kind, call) {
    const start = performance.now();
    await call();
    const afterplot = performance.now();
    if (kind === 'choroplethmap' && !map().loaded()) { await idle(); }
    await frame();
    return {afterplot: afterplot - start, painted: performance.now() - start};
  }

  // FNV-1a of what is drawn, to tell whether a recolour changed the picture
  const last = {};
  function hash(items, at) {
    const get = at(items);
    let h = 2166136261;
    for (let i = 0; i < items.length; i++) { h = Math.imul(h ^ get(i), 16777619); }
    return h >>> 0;
  }
  function changed(kind, h) {
    const result = last[kind] !== undefined && last[kind] !== h;
    last[kind] = h;
    return result;
  }

  async function check(kind) {
    if (kind === 'choropleth') {
      const paths = gd.querySelectorAll('path.choroplethlocation');
      const fills = Array.from(paths, p => p.getAttribute('fill'));
      const seen = new Set(fills.filter(Boolean).map(rgb));
      const text = fills.join();
      return {paths: paths.length, classes: classes.filter(c => seen.has(c)).length,
              changed: changed(kind, hash(text, t => t.charCodeAt.bind(t)))};
    }
    const canvas = gd.querySelector('canvas.maplibregl-canvas') || gd.querySelector('canvas');
    if (!canvas) { return {canvas: false}; }
    // the drawing buffer is not preserved: read it back while MapLibre has just drawn
    const pixels = await new Promise(done => {
      map().once('render', () => {
        const gl = canvas.getContext('webgl2') || canvas.getContext('webgl');
        const w = gl.drawingBufferWidth, h = gl.drawingBufferHeight;
        const buffer = new Uint8Array(w * h * 4);
        gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, buffer);
        const colours = new Set();
        let filled = 0;
        for (let i = 0; i < buffer.length; i += 4) {
          if (buffer[i + 3] > 0) {
            filled += 1;
            colours.add((buffer[i] << 16) | (buffer[i + 1] << 8) | buffer[i + 2]);
          }
        }
        done({filled, total: w * h, classes: classes.filter(c => colours.has(c)).length,
              changed: changed(kind, hash(buffer, b => i => b[i]))});
      });
      map().triggerRepaint();
    });
    return {canvas: true, ...pixels};
  }

  async function draw(kind, url, z, text) {
    const geojson = structuredClone(await load(url));  // no state shared between draws
    fresh();
    const fig = figure(kind, geojson, z, text);
    const time = await painted(kind, () => Plotly.newPlot(gd, fig.data, fig.layout, config));
    return {...time, check: await check(kind)};
  }

  async function recolour(kind, z) {
    const time = await painted(kind, () => Plotly.restyle(gd, {z: [z]}, [1]));
    return {...time, check: await check(kind)};
  }

  return {draw, recolour, load};
})();
"""


@dataclass(frozen=True)
class Target:
    """A layer to draw: its label, URL path and feature ids."""

    label: str
    url: str
    ids: list[str]
    recolour: bool


@dataclass
class Results:
    """Seconds per (measurement, trace type), afterplot and painted, and the checks seen."""

    painted: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    afterplot: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    checks: dict[tuple[str, str], list[dict]] = field(default_factory=dict)

    def add(self, measurement: str, kind: str, result: dict) -> None:
        key = (measurement, kind)
        self.painted.setdefault(key, []).append(result["painted"] / 1000)
        self.afterplot.setdefault(key, []).append(result["afterplot"] / 1000)
        self.checks.setdefault(key, []).append(result["check"])


# ---- geometry and values ----------------------------------------------------------------------


def geodata(var_dir: Path) -> Path:
    """``var_dir/geodata``, built with the CLI (a hash check only when it is up to date)."""
    command = [str(Path(sys.executable).parent / "ntp-dashboard"), "geodata", "build"]
    env = {**os.environ, "VAR_DIR": str(var_dir)}
    print(f"geodata: VAR_DIR={var_dir} {' '.join(command[-3:])}", flush=True)
    built = subprocess.run(command, env=env, capture_output=True, text=True)
    if built.returncode:
        sys.exit(f"geodata build failed:\n{built.stderr}")
    return var_dir / "geodata"


def largest_province(manifest: Manifest) -> Layer:
    """The detailed 2024 commune layer of the legacy province with the most communes."""
    layers = [layer for layer in manifest.layers
              if (layer.vintage, layer.level, layer.detail, layer.format)
              == ("2024", "commune", "detailed", "geojson")]  # fmt: skip
    return max(layers, key=lambda layer: layer.features)


def targets(out_dir: Path) -> list[Target]:
    manifest = read_manifest(out_dir)
    layers = [
        (manifest.find("2024", "commune", "national"), "2024 national", True),
        (manifest.find("2025", "commune", "national"), "2025 national", True),
        (largest_province(manifest), "", False),
    ]
    result = []
    for layer, label, recolour in layers:
        features = json.loads((out_dir / layer.file).read_bytes())["features"]
        label = label or f"2024 province {layer.province} detailed"
        label = f"{label} ({len(features):,} communes, {layer.vertices:,} vertices)"
        result.append(Target(label, "/geo/" + layer.file, [f["id"] for f in features], recolour))
    return result


def values(ids: list[str], salt: str) -> tuple[list[int], list[str]]:
    """A legend class and a hover text per commune, pseudo-random but the same every run."""
    rng = random.Random(f"{SEED}-{salt}")
    z = [rng.randrange(CLASSES) for _ in ids]
    return z, [f"{code}<br>{value}" for code, value in zip(ids, z, strict=True)]


# ---- the page's server and the browser ---------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    """``/`` the page, ``/plotly.min.js`` from the plotly package, ``/geo/...`` the layers."""

    def __init__(self, *args, geo_dir: Path, **kwargs) -> None:
        self.geo_dir = geo_dir  # before the base class handles the request
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/":
            self._send((PAGE % GRAPH).encode(), "text/html; charset=utf-8")
        elif path == "/plotly.min.js":
            self._send(PLOTLY_JS.read_bytes(), "text/javascript")
        elif path.startswith(TOPOJSON_URL):  # the app's empty world outline, as it serves it
            self._send(json.dumps(EMPTY_TOPOLOGY).encode(), "application/json")
        elif path.startswith("/geo/") and ".." not in path:
            self._send((self.geo_dir / path[len("/geo/") :]).read_bytes(), "application/json")
        else:
            self.send_error(404)

    def _send(self, body: bytes, mimetype: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", mimetype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # quiet
        pass


@contextmanager
def static_server(geo_dir: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, geo_dir=geo_dir))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class Guard:
    """Aborts and records every request that leaves the page's origin."""

    def __init__(self, origin: str) -> None:
        self.netloc = urlsplit(origin).netloc
        self.blocked: list[str] = []

    def __call__(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and (
            urlsplit(url).netloc != self.netloc
        ):
            self.blocked.append(url)
            route.abort()
        else:
            route.continue_()


def open_page(browser: Browser, origin: str, guard: Guard, errors: list[str]) -> Page:
    page = browser.new_page(viewport=VIEWPORT)
    page.route("**/*", guard)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(origin + "/", timeout=TIMEOUT_MS)
    config = GRAPH_CONFIG | {"topojsonURL": TOPOJSON_URL}  # as layouts/map.py gives its graph
    page.add_script_tag(content=HARNESS.replace("__CONFIG__", json.dumps(config)))
    return page


def launch(playwright: Playwright, origin: str) -> tuple[Browser, str, dict | None, list[str]]:
    """A browser with a WebGL context if any of ``WEBGL_ARGS`` gives one, else the first."""
    tried = []
    for name, args in WEBGL_ARGS:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        page = browser.new_page()
        page.goto(origin + "/", timeout=TIMEOUT_MS)
        webgl = page.evaluate(PROBE)
        page.close()
        if webgl:
            return browser, name, webgl, tried
        tried.append(name)
        browser.close()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    return browser, WEBGL_ARGS[0][0], None, tried


# ---- the runs -----------------------------------------------------------------------------------


def run_page(page: Page, kinds: tuple[str, ...], plan: list[Target], results: Results) -> None:
    """One repetition: an untimed draw per trace type, then every measurement, alternately."""
    for kind in kinds:  # plotly.js and MapLibre code paths, the worker pool: warm
        z, text = values(plan[-1].ids, "warm")
        page.evaluate("a => bench.draw(...a)", [kind, plan[-1].url, z, text])
    for target in plan:
        page.evaluate("url => bench.load(url)", target.url)  # fetch and parse: not timed
        first, recolour = values(target.ids, "first"), values(target.ids, "recolour")[0]
        for kind in kinds:
            drawn = page.evaluate("a => bench.draw(...a)", [kind, target.url, *first])
            results.add(f"first draw, {target.label}", kind, drawn)
            if target.recolour:
                repainted = page.evaluate("a => bench.recolour(...a)", [kind, recolour])
                results.add(f"recolour, {target.label}", kind, repainted)


def check_text(measurement: str, kind: str, checks: list[dict]) -> str:
    """What was drawn, over the repetitions: paths or canvas pixels, the legend colours seen
    (of 5) and, after a recolour, whether the picture changed."""
    classes = f"{min(c.get('classes', 0) for c in checks)}/{CLASSES} class colours"
    if measurement.startswith("recolour"):
        classes += f", changed {sum(bool(c['changed']) for c in checks)}/{len(checks)}"
    if kind == "choropleth":
        return f"{'/'.join(sorted({str(c['paths']) for c in checks}))} paths, {classes}"
    if not all(c.get("canvas") for c in checks):
        return "NO MAP CANVAS"
    filled = [c["filled"] / c["total"] for c in checks]
    blank = "BLANK CANVAS, " if min(filled) == 0 else ""
    return f"{blank}{min(filled):.1%}-{max(filled):.1%} of canvas drawn, {classes}"


def report(results: Results, kinds: tuple[str, ...]) -> None:
    measurements = list(dict.fromkeys(key[0] for key in results.painted))
    width = max(len(m) for m in measurements)
    print(f"\n{'measurement':<{width}}  {'trace':<20} {'afterplot':>9} {'painted':>8} "
          f"{'min-max':>13}  check")  # fmt: skip
    for measurement in measurements:
        for kind in kinds:
            times = results.painted[(measurement, kind)]
            after = statistics.median(results.afterplot[(measurement, kind)])
            spread = f"{min(times):.3f}-{max(times):.3f}"
            checks = check_text(measurement, kind, results.checks[(measurement, kind)])
            print(f"{measurement:<{width}}  {LABELS[kind]:<20} {after:>8.3f}s "
                  f"{statistics.median(times):>7.3f}s {spread:>13}  {checks}")  # fmt: skip
    if len(kinds) == 2:
        print("\nratio WebGL / SVG (medians, painted):")
        for measurement in measurements:
            svg, gl = (statistics.median(results.painted[(measurement, k)]) for k in kinds)
            print(f"  {measurement:<{width}}  {gl / svg:5.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    default_var = Path(tempfile.gettempdir()) / "trace-bench"
    help_var = "VAR_DIR of the geodata build (kept: a next run only checks it)"
    parser.add_argument("--var", type=Path, default=default_var, help=help_var)
    args = parser.parse_args()
    out_dir = geodata(args.var)
    plan = targets(out_dir)
    results, errors = Results(), []
    with static_server(out_dir) as origin, sync_playwright() as playwright:
        guard = Guard(origin)
        browser, flags, webgl, tried = launch(playwright, origin)
        print(f"chromium {browser.version} ({CHROMIUM}), {flags}; graph {GRAPH[0]}x{GRAPH[1]} px")
        kinds = KINDS if webgl else KINDS[:1]
        if webgl:
            print(f"WebGL: {webgl['type']}, renderer {webgl['unmasked'] or webgl['renderer']}")
        else:
            print(f"WebGL: NO CONTEXT in this chromium (tried: {', '.join(tried)}); SVG only")
        try:
            for rep in range(args.reps):
                page = open_page(browser, origin, guard, errors)
                order = kinds if rep % 2 == 0 else kinds[::-1]
                run_page(page, order, plan, results)
                page.close()
                print(f"  repetition {rep + 1}/{args.reps} done", flush=True)
        finally:
            browser.close()
    report(results, kinds)
    for error in dict.fromkeys(errors):
        print(f"page error: {error}")
    if guard.blocked:
        print(f"FAILED: {len(guard.blocked)} request(s) to another host: {guard.blocked[:5]}")
        return 1
    print("requests to another host: none")
    return 0


if __name__ == "__main__":
    sys.exit(main())

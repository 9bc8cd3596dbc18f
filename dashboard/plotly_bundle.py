"""A partial plotly.js bundle holding only the trace types the app draws, built at set-up time.

Dash serves the full plotly.js of the ``plotly`` package (4.8 MB; evaluating it is a second of
every cold page here). ``build`` (run by ``ntp-dashboard init``, which ``make run`` calls)
installs the same version of ``plotly.js`` from the npm registry with esbuild, bundles
``plotly.js/lib/core`` plus ``TRACES`` into ``VAR_DIR/plotly/``, and the app serves that file in
place of the full one (``callbacks/plotly_js.py``). A build is kept in the user's cache folder
too, so another ``VAR_DIR`` on the machine copies it instead of building again. Without npm, or
when the build fails, nothing is written and the app serves Dash's own full bundle. The built
file is generated data: never committed.

``build_runtime`` does the same for the script Dash puts first on every page, ``@babel/polyfill``
(core-js 2 and the regenerator runtime, 99 KB): the browsers that run the partial bundle (ES2018)
need none of core-js, which replaces some native methods with slower ones of its own
(``String.prototype.trim`` among them): profiled on a cold national map, its code took more of
the browser's time than the grid's library did. Of it, Dash's bundles use only the global
``regeneratorRuntime`` (their lazy components say when they are ready with it), so the app
serves npm's ``regenerator-runtime`` in its place when built (``callbacks/plotly_js.py``), and
the full polyfill otherwise.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

# every trace type a figure of the app uses (a test checks the figures against this list)
TRACES = ("bar", "choropleth", "scatter", "scattergeo")
ESBUILD = "esbuild@0.28.2"
ESBUILD_ARGS = (
    "--bundle", "--minify", "--format=iife", "--target=es2018",
    "--define:global=window",  # some of plotly's dependencies name Node's global object
    "--loader:.css=empty",  # the maplibre stylesheet is for map subplots, never drawn here
)  # fmt: skip
REGENERATOR = "regenerator-runtime@0.14.1"  # @babel/polyfill 7.12 holds 0.13, the same API
TIMEOUT = 600  # seconds for npm install and the bundle
CACHE = Path.home() / ".cache" / "ntp-dashboard"  # builds shared by every VAR_DIR of the user


def full_bundle() -> Path:
    """The full plotly.min.js of the installed ``plotly`` package (what Dash serves)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def plotly_version() -> str:
    """The plotly.js version Dash ships, from the banner of the full bundle."""
    with full_bundle().open(encoding="utf-8") as handle:
        head = handle.read(200)
    match = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", head)
    if not match:
        raise RuntimeError(f"no plotly.js version in {full_bundle()}")
    return match.group(1)


def bundle_path(var_dir: Path) -> Path:
    """Where the partial bundle of this plotly.js version and trace list lives."""
    recipe = [plotly_version(), TRACES, ESBUILD, ESBUILD_ARGS, entry_source()]
    digest = hashlib.sha256(json.dumps(recipe).encode()).hexdigest()
    return var_dir / "plotly" / f"plotly-partial-{plotly_version()}-{digest[:10]}.min.js"


def entry_source(traces: tuple[str, ...] = TRACES) -> str:
    """The bundle's entry: plotly's core with the listed traces registered, as window.Plotly."""
    modules = ", ".join(f'require("plotly.js/lib/{name}")' for name in traces)
    return f'var Plotly = require("plotly.js/lib/core");\nPlotly.register([{modules}]);\n' \
        "window.Plotly = Plotly;\n"  # fmt: skip


def build(var_dir: Path) -> Path | None:
    """The partial bundle, built once per version; None where it cannot be built."""
    target = bundle_path(var_dir)
    if target.exists():
        return target
    cached = CACHE / target.name
    if cached.exists():
        _place(cached, target)
        return target
    if not shutil.which("npm"):
        log.info("npm not found: the full plotly.js is served")
        return None
    try:
        _build_into(cached)
        _place(cached, target)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("partial plotly.js not built (%s): the full plotly.js is served", exc)
        return None
    return target


def runtime_path(var_dir: Path) -> Path:
    """Where the regenerator runtime served in place of Dash's polyfill lives."""
    recipe = [REGENERATOR, ESBUILD]
    digest = hashlib.sha256(json.dumps(recipe).encode()).hexdigest()
    return var_dir / "plotly" / f"regenerator-runtime-{digest[:10]}.min.js"


def build_runtime(var_dir: Path) -> Path | None:
    """The regenerator runtime, built once; None where it cannot be built."""
    target = runtime_path(var_dir)
    if target.exists():
        return target
    cached = CACHE / target.name
    if not cached.exists():
        if not shutil.which("npm"):
            log.info("npm not found: Dash's full polyfill is served")
            return None
        try:
            _build_runtime_into(cached)
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning("regenerator runtime not built (%s): Dash's polyfill is served", exc)
            return None
    _place(cached, target)
    return target


def _build_runtime_into(target: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="runtime-build-") as folder:
        work = Path(folder)
        (work / "package.json").write_text('{"name": "ntp-runtime", "private": true}')
        _run(["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts", REGENERATOR,
              ESBUILD], work)  # fmt: skip
        built = work / "regenerator-runtime.min.js"
        esbuild = str(work / "node_modules" / ".bin" / "esbuild")
        source = str(work / "node_modules" / "regenerator-runtime" / "runtime.js")
        # the module sets the global regeneratorRuntime itself; no bundling, only minified
        _run([esbuild, source, "--minify", "--target=es2018", f"--outfile={built}"], work)
        _place(built, target)


def _build_into(target: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="plotly-build-") as folder:
        work = Path(folder)
        (work / "package.json").write_text('{"name": "ntp-plotly", "private": true}')
        (work / "entry.js").write_text(entry_source())
        _run(["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts",
              f"plotly.js@{plotly_version()}", ESBUILD], work)  # fmt: skip
        built = work / "plotly-partial.min.js"
        esbuild = str(work / "node_modules" / ".bin" / "esbuild")
        _run([esbuild, "entry.js", *ESBUILD_ARGS, f"--outfile={built}"], work)
        _place(built, target)


def _place(source: Path, target: Path) -> None:
    """Copy whole or not at all: a server never reads half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    shutil.copyfile(source, partial)
    partial.replace(target)


def _run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)
    if done.returncode:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise subprocess.SubprocessError(f"{command[0]} failed: {' / '.join(tail)}")

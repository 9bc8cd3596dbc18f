"""Build the boundary artifacts once, and again only when the sources change.

`build(out_dir)` hashes the source files' contents together with `PIPELINE_VERSION` and the
tolerances; when `out_dir/manifest.json` records that hash and every file it lists exists, it
returns that manifest without writing anything. Otherwise it runs the pipeline (pipeline.py) into
a staging directory and swaps it in whole, the manifest last, so that a reader never sees half a
build. A lock file serialises concurrent builders (several app workers starting at once). The cached
path imports nothing heavy (no geopandas), so that an app start calling `build` stays fast.

Layout under `out_dir` (all coordinates in EPSG:4326, rounded to 5 decimals):

    manifest.json
    2024/{commune,district,province}-{national,detailed}.parquet
    2024/{commune,district,province}-national.geojson
    2024/{commune,district}-detailed/<province code>.geojson
    2025/{commune,province}-{national,detailed}.parquet
    2025/{commune,province}-national.geojson
    2025/commune-detailed/<province code>.geojson
"""

from __future__ import annotations

import contextlib
import fcntl
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from geodata import manifest as manifest_file
from geodata.manifest import Manifest
from geodata.report import format_report
from geodata.sources import Sources, locate

# Bump when a change of the code changes the artifacts: it is part of the cache key.
PIPELINE_VERSION = "3"
# Simplification tolerance per detail level, in degrees. Measured (docs/geodata.md): at 0.01
# the national commune layer is 0.53 MB gzipped and the simplification under a pixel at national
# scale; at 0.001 the largest province (Nghệ An) is 136 KB gzipped.
TOLERANCES = {"national": 0.01, "detailed": 0.001}


def source_hash(src: Sources) -> str:
    """The cache key: source contents, pipeline version and tolerances."""
    return src.digest(f"{PIPELINE_VERSION}|{sorted(TOLERANCES.items())}")


def cached(out_dir: Path, digest: str) -> Manifest | None:
    """The existing build if it was made from these sources and is complete, else None."""
    try:
        found = manifest_file.read(out_dir)
    except (OSError, ValueError, TypeError, KeyError):
        return None
    complete = all((Path(out_dir) / layer.file).is_file() for layer in found.layers)
    return found if found.source_hash == digest and complete else None


def build(
    out_dir: Path,
    force: bool = False,
    *,
    sources: Sources | None = None,
    report: Callable[[str], object] | None = None,
    progress: Callable[[str], object] | None = None,
) -> Manifest:
    """Build (or reuse) the artifacts under `out_dir`, which the build owns entirely.

    `sources` defaults to the installed packages' files (a missing one raises
    `SourceMissingError` naming the package); `report` receives the coverage report's text
    (pass `print`) and `progress` a line per stage, both only when a build runs (a start that
    finds the cache valid prints nothing). Quiet by default.
    """
    src = sources or locate()
    src.check()
    out_dir = Path(out_dir)
    digest = source_hash(src)
    with _lock(out_dir):
        found = None if force else cached(out_dir, digest)
        built = found is None
        if found is None:
            found = _build(out_dir, src, digest, progress)
    if report is not None and built:
        report(format_report(found))
    return found


@contextlib.contextmanager
def _lock(out_dir: Path) -> Iterator[None]:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(out_dir.with_name(f".{out_dir.name}.lock"), "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def _build(out_dir: Path, src: Sources, digest: str, progress) -> Manifest:
    # Imported here: an app start whose build is cached must not pay for geopandas & co.
    from geodata import pipeline
    from geodata.artifacts import write_layers

    started = time.perf_counter()
    result = pipeline.run(src, TOLERANCES, progress)
    staging = out_dir.with_name(f".{out_dir.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    if progress:
        progress("writing the files")
    layers = write_layers(result.layers, staging)
    built = Manifest(
        pipeline_version=PIPELINE_VERSION,
        source_hash=digest,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        build_seconds=round(time.perf_counter() - started, 2),
        tolerances=dict(TOLERANCES),
        coverage=result.coverage,
        layers=layers,
        labels=result.labels,
    )
    manifest_file.write(built, staging)
    _swap(staging, out_dir)
    return built


def _swap(staging: Path, out_dir: Path) -> None:
    """Replace `out_dir` by `staging` with two renames."""
    old = out_dir.with_name(f".{out_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)

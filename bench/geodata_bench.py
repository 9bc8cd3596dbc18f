"""Benchmark of the boundary pipeline: build time, load time, bytes per layer (not a test).

    python bench/geodata_bench.py [--out DIR]

Builds from the installed packages into DIR (a temporary directory by default, forced so that
the build is timed from scratch), times a cached second build and an app start in a fresh
interpreter, and prints vertices and bytes, raw and gzipped, of every layer against the
budgets: national commune layer <= 1.0 MB gzipped, province outlines <= 200 KB, one province
at the detailed level <= 150 KB.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geodata.build import build  # noqa: E402  (after the path set-up above)
from geodata.manifest import Manifest  # noqa: E402

KB = 1000
BUDGETS_GZIP = {
    ("commune", "national"): 1000 * KB,
    ("province", "national"): 200 * KB,
    ("commune", "detailed"): 150 * KB,
    ("district", "detailed"): 150 * KB,
}
COLD_START = """
import sys, time
started = time.perf_counter()
from pathlib import Path
from geodata import loader
from geodata.build import build
out = Path(sys.argv[1])
build(out)  # what an app start runs: a hash check of the sources, then nothing
paths = [loader.load_geojson_path(out, v, lv) for v in ("2024", "2025")
         for lv in ("commune", "province")]
size = sum(len(path.read_bytes()) for path in paths)
start = time.perf_counter() - started
frame = loader.load_frame(out, "2024", "commune")
print(f"{start:.3f} {time.perf_counter() - started:.3f} {size} {len(frame)}")
"""


def timed_build(out: Path) -> Manifest:
    started = time.perf_counter()

    def stage(name: str) -> None:
        print(f"  {time.perf_counter() - started:6.2f} s  {name}")

    manifest = build(out, force=True, progress=stage)
    print(f"full build: {time.perf_counter() - started:.2f} s (budget 60 s)")
    started = time.perf_counter()
    build(out)
    print(f"cached build (hash check only): {time.perf_counter() - started:.3f} s")
    return manifest


def cold_start(out: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", COLD_START, str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    start, frame, size, features = result.stdout.split()
    print(
        f"app start in a fresh interpreter (imports, cached build check, manifest, the four "
        f"national GeoJSON files read, {int(size) / 1e6:.1f} MB): {float(start):.3f} s "
        f"(budget 1 s); with the 2024 commune GeoParquet ({features} features) loaded as a "
        f"GeoDataFrame too: {float(frame):.3f} s"
    )


def _verdict(layer) -> str:
    budget = BUDGETS_GZIP.get((layer.level, layer.detail))
    if budget is None:
        return ""
    return "ok" if layer.bytes_gzip <= budget else f"OVER {budget // KB} KB"


def layer_table(manifest: Manifest) -> None:
    print(f"{'layer':<28}{'features':>9}{'vertices':>10}{'raw KB':>9}{'gzip KB':>9}")
    geojson = [lay for lay in manifest.layers if lay.format == "geojson"]
    for lay in (lay for lay in geojson if lay.province is None):
        name = f"{lay.vintage} {lay.level} {lay.detail}"
        print(
            f"{name:<28}{lay.features:>9}{lay.vertices:>10}{lay.bytes / KB:>9.0f}"
            f"{lay.bytes_gzip / KB:>9.0f}  {_verdict(lay)}"
        )
    groups = sorted({(lay.vintage, lay.level) for lay in geojson if lay.province})
    for vintage, level in groups:
        parts = [
            lay for lay in geojson if lay.province and (lay.vintage, lay.level) == (vintage, level)
        ]
        big = max(parts, key=lambda lay: lay.bytes_gzip)
        print(
            f"{vintage} {level} detailed, {len(parts)} provinces: median "
            f"{statistics.median(p.bytes_gzip for p in parts) / KB:.0f} KB gzip; largest "
            f"{big.province}: {big.features} features, {big.vertices} vertices, "
            f"{big.bytes / KB:.0f} KB raw, {big.bytes_gzip / KB:.0f} KB gzip  {_verdict(big)}"
        )
    for lay in (lay for lay in manifest.layers if lay.format == "parquet"):
        print(f"{lay.file:<34}{lay.vertices:>10} vertices {lay.bytes / KB:>8.0f} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="build directory (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "geodata"
        manifest = timed_build(out)
        cold_start(out)
        layer_table(manifest)
        print("tolerances:", manifest.tolerances)


if __name__ == "__main__":
    main()

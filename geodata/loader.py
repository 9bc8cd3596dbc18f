"""Read the artifacts of a build (see build.py for the layout) for the pages.

Every function takes the build's directory (the app's `var/geodata/`) and a layer key:
`vintage` "2024" (legacy: commune, district, province) or "2025" (post-reform: commune,
province), `level`, `detail` "national" (whole country) or "detailed" (GeoJSON one province at a
time), and `province`, the parent province's code, for detailed GeoJSON. Reading the manifest
is cached per file modification time, so a rebuild is picked up. Finding and reading GeoJSON
imports neither geopandas nor pyarrow (about 0.4 s); the frame functions do.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from geodata import manifest as manifest_file
from geodata.manifest import Layer, Manifest

if TYPE_CHECKING:
    import geopandas as gpd


def read_manifest(out_dir: Path) -> Manifest:
    """The build's manifest; `FileNotFoundError` says how to build when there is none."""
    path = Path(out_dir) / manifest_file.MANIFEST_FILE
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise FileNotFoundError(
            f"no geodata build in {out_dir}: run `ntp-dashboard geodata build`"
        ) from None
    return _read_manifest(str(path.parent), mtime)


@lru_cache(maxsize=8)
def _read_manifest(out_dir: str, _mtime: int) -> Manifest:
    return manifest_file.read(Path(out_dir))


def find_layer(
    out_dir: Path,
    vintage: str | int,
    level: str,
    detail: str = "national",
    province: str | None = None,
    format: str = "geojson",
) -> Layer:
    """The manifest entry of a layer; `LookupError` lists the layers built."""
    return read_manifest(out_dir).find(str(vintage), level, detail, province, format)


def load_geojson_path(
    out_dir: Path,
    vintage: str | int,
    level: str,
    detail: str = "national",
    province: str | None = None,
) -> Path:
    """Path of a GeoJSON layer, to serve as a static file (the browser caches it)."""
    return Path(out_dir) / find_layer(out_dir, vintage, level, detail, province).file


def load_geojson(
    out_dir: Path,
    vintage: str | int,
    level: str,
    detail: str = "national",
    province: str | None = None,
) -> dict:
    """A GeoJSON layer parsed into a dict (for a figure built server-side)."""
    path = load_geojson_path(out_dir, vintage, level, detail, province)
    return json.loads(path.read_bytes())


def _parquet(out_dir: Path, vintage: str | int, level: str, detail: str) -> Path:
    return Path(out_dir) / find_layer(out_dir, vintage, level, detail, None, "parquet").file


def load_frame(
    out_dir: Path,
    vintage: str | int,
    level: str,
    detail: str = "national",
    province: str | None = None,
) -> gpd.GeoDataFrame:
    """A layer as a GeoDataFrame indexed by unit `code`, with its parent `province` code;
    `province` keeps only that province's units."""
    import geopandas as gpd  # here, not above: serving GeoJSON paths must not pay its import

    filters = [("province", "==", province)] if province else None
    frame = gpd.read_parquet(_parquet(out_dir, vintage, level, detail), filters=filters)
    return frame.set_index("code")


def feature_ids(
    out_dir: Path,
    vintage: str | int,
    level: str,
    detail: str = "national",
    province: str | None = None,
) -> list[str]:
    """The unit codes of a layer, read without its geometry."""
    import pyarrow.parquet as pq  # here, not above: see load_frame

    filters = [("province", "==", province)] if province else None
    table = pq.read_table(
        _parquet(out_dir, vintage, level, detail), columns=["code"], filters=filters
    )
    return table.column("code").to_pylist()

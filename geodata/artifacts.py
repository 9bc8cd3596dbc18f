"""Writing layers: compact GeoJSON for the browser, GeoParquet for analysis, and their figures.

GeoJSON features carry only ``id`` (the unit code, which plotly matches with ``locations``) and
an empty ``properties``; coordinates are already rounded, and GEOS writes them without
whitespace (but a few in full 17-digit form, which `_shorten` rewrites).
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geodata.manifest import Layer
from geodata.topology import DECIMALS, vertex_count

# What a compressing web server would send (flask-compress and nginx default to level 6).
GZIP_LEVEL = 6
# The decimals of a number printed longer than the coordinates were rounded to (5 decimals);
# matching from the dot is ten times faster than from the number's first digit.
_LONG_FRACTION = re.compile(r"\.\d{6,}")


def _shorten(text: str) -> str:
    """Rewrite "21.030639999999998" as "21.03064" (Python prints the shortest round trip)."""
    pieces, done = [], 0
    for found in _LONG_FRACTION.finditer(text):
        start = found.start()
        while start > 0 and (text[start - 1].isdigit() or text[start - 1] == "-"):
            start -= 1
        number = round(float(text[start : found.end()]), DECIMALS)
        pieces += [text[done:start], repr(number)]
        done = found.end()
    return "".join([*pieces, text[done:]])


def geojson_bytes(frame: gpd.GeoDataFrame) -> bytes:
    """A FeatureCollection of `frame`'s geometries keyed by its index (the unit codes)."""
    geometries = shapely.to_geojson(np.asarray(frame.geometry, dtype=object))
    features = ",".join(
        f'{{"type":"Feature","id":{json.dumps(code)},"properties":{{}},"geometry":{geom}}}'
        for code, geom in zip(frame.index, geometries, strict=True)
    )
    return _shorten(f'{{"type":"FeatureCollection","features":[{features}]}}').encode()


def write_geojson(frame: gpd.GeoDataFrame, out_dir: Path, file: str, **key: str | None) -> Layer:
    """Write `frame` as GeoJSON under `out_dir/file` and describe it."""
    data = geojson_bytes(frame)
    path = out_dir / file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return Layer(
        format="geojson",
        file=file,
        features=len(frame),
        vertices=vertex_count(frame.geometry),
        bytes=len(data),
        bytes_gzip=len(gzip.compress(data, GZIP_LEVEL, mtime=0)),
        **key,
    )


def write_parquet(frame: gpd.GeoDataFrame, out_dir: Path, file: str, **key: str | None) -> Layer:
    """Write `frame` (index `code`, plus its parent `province`) as GeoParquet."""
    path = out_dir / file
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.rename_axis("code").reset_index().to_parquet(path, index=False)
    return Layer(
        format="parquet",
        file=file,
        features=len(frame),
        vertices=vertex_count(frame.geometry),
        bytes=path.stat().st_size,
        bytes_gzip=None,
        **key,
    )


def write_layers(by_detail: dict[str, dict], out_dir: Path) -> list[Layer]:
    """GeoParquet of every layer; GeoJSON of the national ones and, at the detailed level, one
    file per province of its communes (and districts)."""
    written = []
    for detail, layers in by_detail.items():
        for (vintage, level), frame in layers.items():
            key = {"vintage": vintage, "level": level, "detail": detail}
            stem = f"{vintage}/{level}-{detail}"
            written.append(write_parquet(frame, out_dir, f"{stem}.parquet", province=None, **key))
            if detail == "national":
                written.append(
                    write_geojson(frame, out_dir, f"{stem}.geojson", province=None, **key)
                )
            elif level != "province":
                written += [
                    write_geojson(part, out_dir, f"{stem}/{code}.geojson", province=code, **key)
                    for code, part in frame.groupby("province")
                ]
    return written

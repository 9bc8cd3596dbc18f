"""Post-reform (2025) communes from the legacy ones, through vietnamadminunits' crosswalk.

`converter_2025.json` lists, per new province, the old communes wholly inside each new commune
(DICT_PROVINCE_WARD_NO_DIVIDED) and the 471 old communes divided between several new ones
(DICT_PROVINCE_WARD_DIVIDED). A new commune is the union of its whole old communes and of its
pieces of divided ones.

The crosswalk says which new communes share a divided old commune, not where the line runs.
The split drawn here is a Voronoi partition of the old polygon, clipped to it, around one seed
per receiving new commune:

- the new commune's published centroid, when it lies inside the old polygon;
- otherwise the middle of the border between the old polygon and the new commune's "core" (the
  union of its whole old communes), so the piece grows from the side where the rest of the new
  commune lies (a centroid elsewhere would hand it the far side of the old commune);
- the published centroid anyway when the new commune has no core.

Each piece is an "atom" (old unit, new commune): both vintages dissolve from the same atoms, so
after one simplification 2024 and 2025 layers share every border they have in common. The split
lines are approximations and are labelled as such in docs/geodata.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geodata import topology
from geodata.matching import legacy_unit_ids


@dataclass
class Crosswalk:
    """Whole assignments (old unit -> new commune) and divided old units' receivers."""

    whole: pd.Series  # new ward code by old unit id
    divided: dict[str, list[str]]  # old unit id -> new ward codes receiving a piece
    new_province: pd.Series  # new province code by new ward code
    new_points: pd.Series  # published centroid (shapely Point) by new ward code


def read_crosswalk(converter: dict, legacy: pd.DataFrame, current: pd.DataFrame) -> Crosswalk:
    """Resolve the converter's keys to codes; an unknown key is an error in the sources."""
    triples = legacy["province_key"] + "_" + legacy["district_key"] + "_" + legacy["ward_key"]
    old_ids = dict(zip(triples, legacy_unit_ids(legacy), strict=True))
    new_codes = dict(
        zip(
            zip(current["province_key"], current["ward_key"], strict=True),
            current["ward_code"],
            strict=True,
        )
    )
    whole = {
        old_ids[old]: new_codes[(province, ward)]
        for province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items()
        for ward, olds in wards.items()
        for old in olds
    }
    divided = {
        old_ids[old]: [new_codes[(province, entry["newWardKey"])] for entry in entries]
        for province, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items()
        for old, entries in olds.items()
    }
    points = shapely.points(current["lon"].to_numpy(), current["lat"].to_numpy())
    return Crosswalk(
        pd.Series(whole, dtype=object),
        divided,
        pd.Series(current["province_code"].to_numpy(), index=current["ward_code"]),
        pd.Series(points, index=current["ward_code"]),
    )


def _border_middle(old: shapely.Geometry, core: shapely.Geometry) -> shapely.Point:
    """Middle of the longest stretch of border between two polygons; the nearest point of
    `old` to `core` when they do not touch."""
    shared = shapely.line_merge(shapely.intersection(old.boundary, core.boundary))
    lines = [p for p in shapely.get_parts(shared) if p.geom_type == "LineString"]
    if not lines:
        return shapely.get_point(shapely.shortest_line(old, core), 0)
    longest = max(lines, key=lambda line: line.length)
    return longest.interpolate(0.5, normalized=True)


def seeds(
    old: shapely.Geometry, receivers: list[str], cores: pd.Series, points: pd.Series
) -> dict[str, shapely.Point]:
    """One seed per receiving new commune (see the module docstring); a receiver whose seed
    coincides with an earlier one's gets none."""
    found: dict[str, shapely.Point] = {}
    for code in receivers:
        point = points[code]
        if not old.contains(point) and code in cores.index:
            point = _border_middle(old, cores[code])
        if not any(point.equals(other) for other in found.values()):
            found[code] = point
    return found


def split(old: shapely.Geometry, seeded: dict[str, shapely.Point]) -> dict[str, shapely.Geometry]:
    """Voronoi cells of the seeds, clipped to the old polygon, by new commune code."""
    if len(seeded) == 1:
        return {next(iter(seeded)): old}
    cells = shapely.get_parts(
        shapely.voronoi_polygons(
            shapely.multipoints(list(seeded.values())), extend_to=old, ordered=True
        )
    )
    pieces = topology.polygonal(shapely.intersection(cells, old))
    return {code: piece for code, piece in zip(seeded, pieces, strict=True) if not piece.is_empty}


def _pieces(units: gpd.GeoSeries, crosswalk: Crosswalk, cores: gpd.GeoSeries) -> list[dict]:
    found = []
    for old_id, receivers in crosswalk.divided.items():
        if old_id not in units.index:
            continue  # no polygon: nothing to split
        old = units[old_id]
        seeded = seeds(old, receivers, cores, crosswalk.new_points)
        found += [
            {"old_id": old_id, "new_code": code, "geometry": piece}
            for code, piece in split(old, seeded).items()
        ]
    return found


def atoms(units: gpd.GeoSeries, crosswalk: Crosswalk) -> gpd.GeoDataFrame:
    """The legacy coverage (geometry by unit id) cut into (old unit, new commune) pieces,
    cleaned again because the split lines add vertices to one side of old borders only."""
    whole = units[units.index.isin(crosswalk.whole.index)]
    rows = gpd.GeoDataFrame(
        {"old_id": whole.index, "new_code": crosswalk.whole[whole.index].to_numpy()},
        geometry=whole.to_numpy(),
        crs=units.crs,
    )
    cores = topology.dissolve(rows, "new_code")
    pieces = pd.DataFrame(
        _pieces(units, crosswalk, cores), columns=["old_id", "new_code", "geometry"]
    )
    geometry = np.concatenate([whole.to_numpy(), pieces.pop("geometry").to_numpy(dtype=object)])
    frame = gpd.GeoDataFrame(
        pd.concat([rows.drop(columns="geometry"), pieces], ignore_index=True),
        geometry=topology.polygonal(shapely.coverage_clean(geometry)),
        crs=units.crs,
    )
    return frame[~frame.is_empty].reset_index(drop=True)

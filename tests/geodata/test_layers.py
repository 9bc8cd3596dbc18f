"""Counts and ids of every layer, checked against the source tables."""

import pandas as pd
import pytest

from geodata.manifest import Manifest
from geodata.names import DISTRICT_TYPES, key, strip_type


def test_legacy_communes_are_five_digit_legacy_codes(layer, legacy, current):
    """Legacy commune codes, and for the five districts without communes the code of the
    special zone (đặc khu) each became, as the app's unit table lists them."""
    ids = layer("2024", "commune").index
    assert ids.is_unique
    extra = set(ids) - set(legacy["ward_code"].dropna())
    zones = set(current.loc[current["ward_name"].str.startswith("Đặc khu"), "ward_code"])
    assert len(extra) == legacy["ward_code"].isna().sum() == 5
    assert extra <= zones


def test_legacy_communes_cover_99_percent(layer, legacy: pd.DataFrame):
    ids = set(layer("2024", "commune").index) | set(layer("2024", "district").index)
    units = legacy["ward_code"].fillna(legacy["district_code"])
    assert units.isin(ids).mean() >= 0.99


def test_every_legacy_province_has_a_geometry(layer, legacy: pd.DataFrame):
    assert set(layer("2024", "province").index) == set(legacy["province_code"])


def test_legacy_districts_lack_geometry_only_when_absent_from_the_source(
    layer, legacy: pd.DataFrame, source_names: pd.DataFrame
):
    drawn = {strip_type(key(name), DISTRICT_TYPES) for name in source_names["district"]}
    missing = legacy[~legacy["district_code"].isin(layer("2024", "district").index)]
    names = {strip_type(key(name), DISTRICT_TYPES) for name in missing["district_name"]}
    assert set(layer("2024", "district").index) <= set(legacy["district_code"])
    assert not names & drawn


def test_post_reform_communes_cover_99_percent(layer, current: pd.DataFrame):
    ids = layer("2025", "commune").index
    assert ids.is_unique and set(ids) <= set(current["ward_code"])
    assert len(ids) / len(current) >= 0.99


def test_every_post_reform_province_has_a_geometry(layer, current: pd.DataFrame):
    assert set(layer("2025", "province").index) == set(current["province_code"])


@pytest.mark.parametrize(
    "vintage,level", [("2024", "commune"), ("2024", "district"), ("2025", "commune")]
)
def test_detailed_and_national_levels_hold_the_same_units(layer, vintage, level):
    national, detailed = layer(vintage, level), layer(vintage, level, "detailed")
    assert set(national.index) == set(detailed.index)


def test_manifest_counts_match_the_files(manifest: Manifest, layer):
    for entry in (lay for lay in manifest.layers if lay.province is None):
        assert entry.features == len(layer(entry.vintage, entry.level, entry.detail))


def test_detailed_geojson_comes_one_file_per_province(manifest: Manifest, legacy, current):
    provinces = {
        lay.province
        for lay in manifest.layers
        if lay.format == "geojson" and (lay.vintage, lay.level) == ("2024", "commune")
    }
    new = {
        lay.province
        for lay in manifest.layers
        if lay.format == "geojson" and (lay.vintage, lay.level) == ("2025", "commune")
    }
    assert provinces - {None} == set(legacy["province_code"])
    assert new - {None} == set(current["province_code"])

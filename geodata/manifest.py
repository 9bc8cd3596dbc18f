"""`manifest.json`: what a build wrote, from which sources, and its coverage report.

Imports nothing heavy, so that an app can find its files without loading geopandas."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

MANIFEST_FILE = "manifest.json"


@dataclass(frozen=True)
class Layer:
    """One file of the manifest."""

    vintage: str
    level: str
    detail: str
    province: str | None
    format: str
    file: str
    features: int
    vertices: int
    bytes: int
    bytes_gzip: int | None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Manifest:
    """The built layers (one entry per file) and how they were made."""

    pipeline_version: str
    source_hash: str
    built_at: str
    build_seconds: float
    tolerances: dict[str, float]
    coverage: dict
    layers: list[Layer] = field(default_factory=list)
    # the archipelagos: {key, inset, lon, lat, points, provinces: {vintage: code},
    # units: {vintage: {level: [codes]}}} (islands.py, pipeline.py)
    labels: list[dict] = field(default_factory=list)

    def find(
        self,
        vintage: str,
        level: str,
        detail: str,
        province: str | None = None,
        format: str = "geojson",
    ) -> Layer:
        """The layer with this key; a `LookupError` lists what exists."""
        for layer in self.layers:
            if (layer.vintage, layer.level, layer.detail, layer.province, layer.format) == (
                str(vintage),
                level,
                detail,
                province,
                format,
            ):
                return layer
        raise LookupError(
            f"no {format} layer {vintage}/{level}/{detail}"
            + (f" for province {province}" if province else "")
            + f"; built: {sorted(self.keys())}"
        )

    def keys(self) -> set[tuple[str, str, str, str]]:
        """(vintage, level, detail, format) of every layer, provinces aside."""
        return {(lay.vintage, lay.level, lay.detail, lay.format) for lay in self.layers}

    def to_dict(self) -> dict:
        data = {k: v for k, v in self.__dict__.items() if k != "layers"}
        return data | {"layers": [layer.to_dict() for layer in self.layers]}

    @classmethod
    def from_dict(cls, data: dict) -> Manifest:
        layers = [Layer(**layer) for layer in data.get("layers", [])]
        return cls(**{k: v for k, v in data.items() if k != "layers"}, layers=layers)


def read(out_dir: Path) -> Manifest:
    """The manifest of a build; `FileNotFoundError` when there is none."""
    with open(Path(out_dir) / MANIFEST_FILE, encoding="utf-8") as fh:
        return Manifest.from_dict(json.load(fh))


def write(manifest: Manifest, out_dir: Path) -> None:
    """Write the manifest last, atomically: its presence marks a complete build."""
    path = Path(out_dir) / MANIFEST_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(manifest.to_dict(), ensure_ascii=False, indent=1), "utf-8")
    os.replace(tmp, path)

"""The build is cached by source hash: a second build writes nothing; a change rebuilds."""

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from geodata import build as build_module
from geodata import loader, pipeline
from geodata.build import build, cached, source_hash
from geodata.manifest import Manifest
from geodata.sources import Sources


def _mtimes(root: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in root.rglob("*") if path.is_file()}


@pytest.fixture
def copy_of_build(geodata_dir: Path, tmp_path: Path) -> Path:
    """The session's build copied (the original stays untouched for the other tests)."""
    out = tmp_path / "geodata"
    shutil.copytree(geodata_dir, out)
    return out


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch, geodata_dir: Path) -> list:
    """Replace the (slow) computation by the session's layers; records each run."""
    runs = []

    def run(src, tolerances, progress=None):
        runs.append(src)
        layers = {
            d: {
                (v, lv): loader.load_frame(geodata_dir, v, lv, d)
                for v, lv in (("2024", "province"), ("2025", "province"))
            }
            for d in tolerances
        }
        return pipeline.Result(layers, loader.read_manifest(geodata_dir).coverage)

    monkeypatch.setattr(pipeline, "run", run)
    return runs


def test_second_build_writes_nothing(geodata_dir: Path, manifest: Manifest, src: Sources):
    before = _mtimes(geodata_dir)
    again = build(geodata_dir, sources=src)
    assert again.built_at == manifest.built_at
    assert _mtimes(geodata_dir) == before


def test_second_build_does_not_run_the_pipeline(copy_of_build: Path, src, fake_pipeline):
    build(copy_of_build, sources=src)
    assert fake_pipeline == []


def test_new_pipeline_version_rebuilds(copy_of_build, src, fake_pipeline, monkeypatch):
    old = loader.read_manifest(copy_of_build).source_hash
    monkeypatch.setattr(build_module, "PIPELINE_VERSION", "test-changed")
    rebuilt = build(copy_of_build, sources=src)
    assert len(fake_pipeline) == 1
    assert rebuilt.source_hash != old
    assert loader.read_manifest(copy_of_build).source_hash == rebuilt.source_hash


def test_force_rebuilds(copy_of_build: Path, src: Sources, fake_pipeline: list):
    build(copy_of_build, force=True, sources=src)
    assert len(fake_pipeline) == 1


def test_changed_source_content_changes_the_hash(src: Sources, tmp_path: Path):
    changed = tmp_path / "converter_2025.json"
    changed.write_bytes(src.converter.read_bytes() + b"\n")
    assert source_hash(replace(src, converter=changed)) != source_hash(src)


def test_changed_source_invalidates_the_cache(geodata_dir: Path, src: Sources, tmp_path: Path):
    changed = tmp_path / "converter_2025.json"
    changed.write_bytes(src.converter.read_bytes() + b"\n")
    assert cached(geodata_dir, source_hash(src)) is not None
    assert cached(geodata_dir, source_hash(replace(src, converter=changed))) is None


def test_incomplete_build_is_not_reused(copy_of_build: Path, src: Sources):
    entry = loader.read_manifest(copy_of_build).find("2025", "province", "national")
    (copy_of_build / entry.file).unlink()
    assert cached(copy_of_build, source_hash(src)) is None


def test_the_report_comes_only_with_a_build(copy_of_build: Path, src: Sources, fake_pipeline):
    said: list[str] = []
    build(copy_of_build, sources=src, report=said.append, progress=said.append)
    assert said == []  # a start that finds the build cached prints nothing
    build(copy_of_build, force=True, sources=src, report=said.append)
    assert len(said) == 1 and "units without geometry: " in said[0]

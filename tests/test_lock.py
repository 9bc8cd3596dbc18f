"""The locks (requirements*.txt, made by ``make lock``) pin every dependency of pyproject.toml to
an exact version with hashes, so ``make run`` and ``make test`` install what the tests passed with.
A dependency added to pyproject.toml without ``make lock`` fails here."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\$", re.MULTILINE)


def _name(requirement: str) -> str:
    """``"psycopg[binary]>=3.2"`` -> ``"psycopg"``, normalised as pip compares names."""
    name = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement.strip())
    assert name, requirement
    return re.sub(r"[-_.]+", "-", name.group(0)).lower()


def _locked(path: Path) -> dict[str, str]:
    return {_name(name): version for name, version in PIN.findall(path.read_text())}


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


RUN_EXTRAS = ("boundaries", "postgres", "redis")  # as the Makefile's RUN_EXTRAS


@pytest.mark.parametrize(
    ("lock", "extras"), [("requirements.txt", RUN_EXTRAS), ("requirements-test.txt", None)]
)
def test_every_dependency_is_locked(lock: str, extras: tuple[str, ...] | None) -> None:
    project = _project()
    wanted = list(project["dependencies"])
    optional = project["optional-dependencies"]
    for extra in optional if extras is None else extras:  # None: all of them
        wanted += [r for r in optional[extra] if _name(r) != "ntp-dashboard"]
    locked = _locked(ROOT / lock)
    missing = sorted({_name(r) for r in wanted} - set(locked))
    assert missing == [], f"not in {lock}: {missing}; run `make lock`"


@pytest.mark.parametrize("lock", ["requirements.txt", "requirements-test.txt"])
def test_every_pin_is_exact_and_hashed(lock: str) -> None:
    lines = (ROOT / lock).read_text().splitlines()
    pins = [i for i, line in enumerate(lines) if re.match(r"[A-Za-z0-9]", line)]
    assert pins
    for i in pins:
        assert PIN.match(lines[i] + "\n"), lines[i]
        assert lines[i + 1].strip().startswith("--hash=sha256:"), lines[i]

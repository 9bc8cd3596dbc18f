"""The import rules of docs/architecture.md, checked on the source with ``ast`` (ruff's banned-api
checks the same per package; this test also fails when a rule file is removed)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# package -> import roots it must not use. dashboard/bootstrap.py reaches into geodata once, lazily
# (the set-up entry point), marked with a noqa; that one line is the allowed exception.
FORBIDDEN = {
    "dashboard": {"dash", "dash_bootstrap_components", "dash_ag_grid", "flask", "flask_caching",
                  "layouts", "callbacks"},
    "layouts": {"sqlalchemy", "dashboard.db", "dashboard.queries", "dashboard.models", "geodata",
                "callbacks"},
    "geodata": {"dash", "flask", "layouts", "callbacks", "dashboard.db", "dashboard.models",
                "dashboard.queries"},
}  # fmt: skip
ALLOWED_EXCEPTIONS = {("dashboard/bootstrap.py", "geodata.build")}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violates(name: str, forbidden: set[str]) -> bool:
    return any(name == root or name.startswith(root + ".") for root in forbidden)


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_respects_the_import_direction(package: str) -> None:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        for name in imports(path):
            if violates(name, FORBIDDEN[package]) and (relative, name) not in ALLOWED_EXCEPTIONS:
                found.append(f"{relative} imports {name}")
    assert found == []


def test_geodata_imports_nothing_of_the_project_but_config() -> None:
    found = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / "geodata").rglob("*.py")
        for name in imports(path)
        if name.startswith("dashboard") and name != "dashboard.config"
    ]
    assert found == []


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_each_package_has_its_lint_rules(package: str) -> None:
    rules = (ROOT / package / "ruff.toml").read_text(encoding="utf-8")
    assert "banned-api" in rules

"""Who is asking: a ``Viewer`` (role and granted provinces), known to every read.

This module is the contract between the web side (which finds the viewer of a request from its
session or wall token) and the reads (which narrow every ``Scope`` to the viewer's grants). It
knows nothing of Flask: a viewer is plain data.

Grants are post-reform provinces (vintage 2025 codes). A grant covers the legacy provinces that
merged into it, so a scoped viewer sees legacy-map data of exactly those.
"""

from __future__ import annotations

from dataclasses import dataclass

ADMIN, LEADER, ANALYST, OFFICER, WALL = "admin", "leader", "analyst", "officer", "wall"
ROLES = (ADMIN, LEADER, ANALYST, OFFICER)  # roles of accounts; WALL is a token's, not an account's
SCOPED_ROLES = (ANALYST, OFFICER)  # see only their granted provinces
IMPORT_ROLES = (ADMIN, OFFICER)


@dataclass(frozen=True)
class Viewer:
    """The person or display behind a request. ``provinces`` is None for a viewer who sees every
    province, else the post-reform province codes granted (possibly none)."""

    name: str
    role: str
    provinces: frozenset[str] | None = None
    playlist: str | None = None  # a wall token's playlist

    @property
    def sees_all(self) -> bool:
        return self.provinces is None

    @property
    def can_import(self) -> bool:
        return self.role in IMPORT_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    def may_see(self, province_2025: str) -> bool:
        return self.provinces is None or province_2025 in self.provinces


# AUTH=off: a read-only anonymous reader of every province, for a closed demo.
ANONYMOUS_READER = Viewer(name="anonymous", role=LEADER)

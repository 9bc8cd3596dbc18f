"""What an import tells its caller: the report, its issues, and the whole-file failure."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

ISSUE_COLUMNS = ["row", "column", "severity", "reason"]


class ImportFailed(Exception):
    """The whole file cannot be imported; the message is one line saying why."""


@dataclass
class Issue:
    row: int | None
    column: str | None
    severity: str  # "error" (the row is rejected) or "warning" (the row is accepted)
    reason: str


@dataclass
class ImportReport:
    batch_id: int | None
    kind: str
    filename: str
    status: str  # "ok", "partial", "rejected" or "duplicate"
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    rows_warned: int
    issues: list[Issue] = field(default_factory=list)
    duplicate_of: int | None = None
    notes: list[str] = field(default_factory=list)  # how the file was read (encoding, sheets)

    def summary(self) -> str:
        if self.status == "duplicate":
            return (
                f"{self.filename}: already imported as batch {self.duplicate_of} "
                f"({self.kind}); nothing changed"
            )
        warned = f", {self.rows_warned} with warnings" if self.rows_warned else ""
        return (
            f"{self.filename}: {self.kind} {self.status} (batch {self.batch_id}): "
            f"{self.rows_read} rows read, {self.rows_accepted} accepted, "
            f"{self.rows_rejected} rejected{warned}"
        )


class Problems:
    """Issues gathered column by column over whole frames, then sorted by row."""

    def __init__(self) -> None:
        self._parts: list[pd.DataFrame] = []

    def add(
        self,
        rows: pd.Series,
        column: str | pd.Series | None,
        reason: str | pd.Series,
        severity: str = "error",
    ) -> None:
        """Issues on ``rows``; ``column`` and ``reason`` are one value or one per row."""
        if len(rows):
            part = pd.DataFrame(
                {
                    "row": rows.to_numpy(),
                    "column": _values(column, rows),
                    "reason": _values(reason, rows),
                }
            )
            self._parts.append(part.assign(severity=severity))

    def note(self, column: str | None, reason: str, severity: str = "warning") -> None:
        """An issue of the file as a whole (no row), e.g. recomputed database months."""
        self._parts.append(pd.DataFrame([[None, column, severity, reason]], columns=ISSUE_COLUMNS))

    def frame(self) -> pd.DataFrame:
        if not self._parts:
            return pd.DataFrame(columns=ISSUE_COLUMNS)
        frame = pd.concat(self._parts, ignore_index=True)[ISSUE_COLUMNS]
        frame = frame.astype({"row": "Int64"}).drop_duplicates()
        return frame.sort_values(["row", "severity"], kind="stable", na_position="first")

    def rejected(self) -> set[int]:
        frame = self.frame()
        return set(frame.loc[frame.severity.eq("error"), "row"].dropna().astype(int))


def _values(value: object, rows: pd.Series) -> object:
    return value.to_numpy() if isinstance(value, pd.Series) else [value] * len(rows)


def as_issues(frame: pd.DataFrame) -> list[Issue]:
    return [
        Issue(None if pd.isna(r.row) else int(r.row), r.column, r.severity, r.reason)
        for r in frame.itertuples()
    ]

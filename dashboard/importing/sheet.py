"""What the file readers hand on: sheets of cells, and what reading them found wrong."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

MAX_COLUMNS = 1_000  # real reports have tens of columns
MAX_ROWS = 300_000  # per workbook sheet (the country has about 10,000 communes)
MAX_SHEETS = 200
MAX_CELL = 32_767  # Excel's own limit of characters in a cell


@dataclass(frozen=True)
class Fault:
    """A row the reader could read only in part: an ``error`` rejects it, a ``warning`` not."""

    row: int
    severity: str
    reason: str


@dataclass
class Sheet:
    """Rows of cells as read (text, numbers, dates or None), and the row number of each as
    Excel or a text editor shows it. A workbook sheet first holds only its first rows (enough
    to find the header); ``load`` reads the rest."""

    name: str
    rows: list[list[object]]
    numbers: list[int]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1
    faults: list[Fault] = field(default_factory=list)
    rest: Callable[[], tuple[list[list[object]], list[int]]] | None = None

    def load(self) -> Sheet:
        if self.rest is not None:
            self.rows, self.numbers = self.rest()
            self.rest = None
        return self

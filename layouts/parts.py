"""The parts a page is made of, as plain values: a KPI, a figure, a table, or a part whose read
failed (its message is shown in its place, and the rest of the page keeps working)."""

from __future__ import annotations

from dataclasses import dataclass

from layouts.components import Caption, error_alert, figure_card, table_card


@dataclass(frozen=True)
class Failed:
    """A part of the page that could not be read: its message is shown instead."""

    message: str


@dataclass(frozen=True)
class Kpi:
    card_id: str
    label: str
    value: str  # "6.821,0"
    unit: str | None = None  # "tỷ đồng"
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class FigurePart:
    graph_id: str
    figure: dict
    caption: Caption
    config: dict | None = None  # extra graph config (a map's topojsonURL)
    height: int = 320


@dataclass(frozen=True)
class TablePart:
    table_id: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: Caption
    numeric: tuple[int, ...] = ()  # positions of the number columns


def part_card(part: FigurePart | TablePart | Failed | None, height: int | None = None) -> object:
    """The card of a part (``height`` overrides a figure's own)."""
    if part is None:
        return None
    if isinstance(part, Failed):
        return error_alert(part.message)
    if isinstance(part, TablePart):
        return table_card(part.table_id, part.headers, part.rows, part.caption, part.numeric)
    return figure_card(part.graph_id, part.figure, part.caption, height or part.height, part.config)

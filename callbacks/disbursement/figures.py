"""The disbursement page's breakdowns (plain-dict plotly) and table parts, built from what
``callbacks.disbursement.page`` read: the splits by project, source, kind and plan; provinces by
pace gap. Nothing here reads the database. The S-curve is in ``callbacks.disbursement.curve``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from callbacks import figures
from dashboard import fmt
from dashboard.i18n import t
from dashboard.models import KINDS, SOURCES
from dashboard.queries import DataStatus, Totals
from layouts import ids
from layouts.parts import FigurePart, TablePart

# ---------------------------------------------------------------- formatting helpers


def _rate(value: float | None) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def points(gap: float | None, lang: str) -> str:
    """A pace gap in percentage points: ``"+2,5 điểm %"`` / ``"-3.1 pp"``."""
    if gap is None:
        return fmt.DASH
    sign = "+" if round(gap * 100, 1) > 0 else ""
    return f"{sign}{fmt.number(gap * 100, lang, 1)} {t('unit.points', lang)}"


def _money_rows(frame: pd.DataFrame, label: Callable[[object], Sequence[str]], lang: str) -> tuple:
    return tuple(
        (
            *label(r),
            fmt.amount(int(r.allocated), lang),
            fmt.amount(int(r.disbursed), lang),
            fmt.percent(_rate(r.rate), lang),
        )
        for r in frame.itertuples()
    )


def _money_headers(lang: str, *first: str) -> tuple[str, ...]:
    unit = fmt.unit_name("ty", lang)
    return (
        *first,
        f"{t('measure.allocated', lang)} ({unit})",
        f"{t('measure.disbursed', lang)} ({unit})",
        t("measure.rate_short", lang),
    )


def _totals(frame: pd.DataFrame) -> dict[str, Totals]:
    return {str(r.key): Totals(int(r.allocated), int(r.disbursed)) for r in frame.itertuples()}


# ---------------------------------------------------------------- breakdowns


def project_parts(
    projects: pd.DataFrame, lines: pd.DataFrame, year: int, status: DataStatus, lang: str
) -> tuple[FigurePart, TablePart, TablePart]:
    """Bars and table by project, and a table by sub-project (``queries.breakdown`` frames)."""
    name = f"name_{lang}" if lang in ("vi", "en") else "name_vi"
    figure = FigurePart(
        ids.DISB_GRAPH_PROJECTS,
        figures.split_figure(_totals(projects), {k: k for k in projects["key"]}, lang),
        figures.caption(t("table.by_project", lang, year=year), status, lang),
    )

    def table(frame: pd.DataFrame, table_id: str, title: str) -> TablePart:
        rows = _money_rows(frame, lambda r: (r.key, getattr(r, name)), lang)
        headers = _money_headers(lang, t("label.code", lang), t("label.name", lang))
        caption = figures.caption(title, status, lang, False)
        return TablePart(table_id, headers, rows, caption, (2, 3, 4))

    return (
        figure,
        table(projects, ids.DISB_TABLE_PROJECTS, t("table.by_project", lang, year=year)),
        table(lines, ids.DISB_TABLE_SUBPROJECTS, t("disb.by_subproject", lang, year=year)),
    )


def split_parts(
    frames: dict[str, pd.DataFrame], year: int, status: DataStatus, lang: str
) -> tuple[FigurePart, FigurePart, TablePart]:
    """Bars by source and by kind, and one table of both and of the plan (``frames`` by
    ``"source"``, ``"kind"`` and ``"carry_over"``)."""
    sources = {s: t(f"capital.{s}", lang) for s in SOURCES}
    kinds = {k: t(f"kind.{k}", lang) for k in KINDS}
    plans = {"False": t("plan.current", lang), "True": t("plan.carry_over", lang)}

    def figure(by: str, labels: dict[str, str], graph_id: str) -> FigurePart:
        totals = _totals(frames[by])
        shown = {key: label for key, label in labels.items() if key in totals}
        title = t({"source": "disb.by_source", "kind": "figure.by_kind"}[by], lang, year=year)
        caption = figures.caption(title, status, lang)
        return FigurePart(graph_id, figures.split_figure(totals, shown, lang), caption)

    rows: list[tuple[str, ...]] = []
    for by, labels in (("source", sources), ("kind", kinds), ("carry_over", plans)):
        group = t(
            {"source": "label.source", "kind": "label.kind"}.get(by, "disb.group.carry_over"), lang
        )
        rows += _money_rows(frames[by], lambda r, g=group, x=labels: (g, x[str(r.key)]), lang)
    headers = _money_headers(lang, t("disb.group", lang), t("disb.item", lang))
    caption = figures.caption(t("disb.table_splits", lang, year=year), status, lang, False)
    return (
        figure("source", sources, ids.DISB_GRAPH_SOURCES),
        figure("kind", kinds, ids.DISB_GRAPH_KINDS),
        TablePart(ids.DISB_TABLE_SPLITS, headers, tuple(rows), caption, (2, 3, 4)),
    )


def provinces_part(
    frame: pd.DataFrame, expected: float | None, year: int, vintage: int, status: DataStatus,
    lang: str,
) -> TablePart:  # fmt: skip
    """Provinces (``queries.provinces``), most behind the usual pace first."""
    frame = frame.assign(gap=frame["rate"] - expected if expected is not None else float("nan"))
    frame = frame.sort_values(["gap", "rate", "name"], na_position="last", kind="stable")
    rows = tuple(
        (*row, points(_rate(gap), lang))
        for row, gap in zip(
            _money_rows(frame, lambda r: (r.name,), lang), frame["gap"], strict=True
        )
    )
    headers = (*_money_headers(lang, t("label.province", lang)), t("disb.pace_gap", lang))
    title = t("disb.provinces", lang, year=year, vintage=vintage)
    caption = figures.caption(title, status, lang, units=True)
    return TablePart(ids.DISB_TABLE_PROVINCES, headers, rows, caption, (1, 2, 3, 4))

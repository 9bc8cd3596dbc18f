"""What the page shows of a review (``dashboard.importing.review.Review``): plain values for
``layouts.data_upload.review_panel``. Money is shown to the đồng."""

from __future__ import annotations

import pandas as pd

from dashboard import fmt
from dashboard.i18n import t
from layouts.data_upload import Fact, GridView, ReviewView, SmallTable

MAX_GRID_ISSUES = 2000  # issues shown in the grid (the download has them all)
SEVERITIES = ("error", "warning", "info", "note")


def dong(vnd: int | None, lang: str) -> str:
    """``1.234.567 đồng``, exact; "–" without a value."""
    return fmt.DASH if vnd is None else f"{fmt.number(int(vnd), lang)} đồng"


def kind_label(kind: str, lang: str) -> str:
    key = f"import.kind.{kind}"
    try:
        return t(key, lang)
    except KeyError:
        return kind


def period_text(period: tuple[int, int | None] | None, lang: str) -> str:
    if not period:
        return fmt.DASH
    year, month = period
    return fmt.month_label(year, month, lang) if month else str(year)


def _facts(review: object, lang: str) -> tuple[Fact, ...]:
    kinds = [kind_label(review.kind, lang)]
    kinds += [kind_label(k, lang) for k in review.kinds if k != review.kind]
    periods = sorted({p for p in review.periods if p}, key=lambda p: (p[0], p[1] or 0))
    shown = period_text(review.period, lang)
    if len(periods) > 1:
        shown += f" ({', '.join(period_text(p, lang) for p in periods[:12])})"
    facts = [
        Fact(t("data.review.kinds", lang), ", ".join(kinds)),
        Fact(t("data.review.period", lang), shown),
        Fact(t("data.review.sheets", lang), ", ".join(review.sheets) or fmt.DASH),
        Fact(t("data.review.rows", lang), t("data.review.rows_value", lang,
             read=review.rows_read, accepted=review.rows_accepted,
             rejected=review.rows_rejected, warned=review.rows_warned)),
        Fact(t("data.review.accepted_sum", lang), dong(review.accepted_vnd, lang)),
    ]  # fmt: skip
    if review.file_total_vnd is None:
        facts.append(Fact(t("data.review.file_total", lang), t("data.review.no_total", lang)))
    else:
        facts.append(Fact(t("data.review.file_total", lang), dong(review.file_total_vnd, lang)))
        difference = review.file_total_vnd - (review.accepted_vnd or 0)
        facts.append(Fact(t("data.review.difference", lang), dong(difference, lang)))
    return tuple(facts)


def _alerts(review: object, lang: str) -> tuple[tuple[str, str], ...]:
    if review.duplicate_of is not None:
        return (("warning", t("data.review.duplicate", lang, batch=review.duplicate_of)),)
    if review.rows_accepted == 0:
        return (("warning", t("data.review.nothing", lang)),)
    return ()


def _by_province(frame: pd.DataFrame, lang: str) -> SmallTable:
    rows = tuple(
        (kind_label(str(r.table), lang), f"{r.province} ({r.province_code})",
         fmt.number(int(r.amount_vnd), lang))
        for r in frame.itertuples()
    )  # fmt: skip
    headers = (t("data.col.table", lang), t("label.province", lang), t("data.col.amount", lang))
    return SmallTable(t("data.review.by_province", lang), headers, rows, numeric=(2,))


def _by_project(frame: pd.DataFrame, lang: str) -> SmallTable:
    rows = tuple(
        (kind_label(str(r.table), lang), str(r.project) if pd.notna(r.project) else fmt.DASH,
         fmt.number(int(r.amount_vnd), lang))
        for r in frame.itertuples()
    )  # fmt: skip
    headers = (t("data.col.table", lang), t("label.project", lang), t("data.col.amount", lang))
    return SmallTable(t("data.review.by_project", lang), headers, rows, numeric=(2,))


def number_column(field: str, header: str, lang: str) -> dict:
    return {
        "field": field,
        "headerName": header,
        "type": "numericColumn",
        "filter": "agNumberColumnFilter",
        "valueFormatter": {"function": f"NTPData.number(params.value, '{lang}')"},
    }


def _plain(value: object) -> object:
    """A JSON value of a frame's cell: None for missing, Python numbers, text otherwise."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value if isinstance(value, int | float | str) else str(value)


def changes_grid(changes: object, lang: str) -> GridView:
    rows = []
    for r in changes.rows.itertuples():
        month = _plain(r.month)
        rows.append({
            "table": kind_label(str(r.table), lang),
            "period": f"{int(month):02d}/{r.year}" if month else str(_plain(r.year) or ""),
            "unit": f"{r.unit or ''} ({r.unit_code})" if _plain(r.unit_code) else "",
            "line": _plain(r.line) or _plain(r.indicator) or "",
            "source": _plain(r.source) or "",
            "kind": _plain(r.kind) or "",
            "old": _plain(r.old),
            "new": _plain(r.new),
        })  # fmt: skip
    columns = [
        {"field": "table", "headerName": t("data.col.table", lang)},
        {"field": "period", "headerName": t("data.col.period", lang), "width": 100},
        {"field": "unit", "headerName": t("data.col.unit", lang), "minWidth": 160},
        {"field": "line", "headerName": t("data.col.line", lang), "width": 110},
        {"field": "source", "headerName": t("label.source", lang), "width": 100},
        {"field": "kind", "headerName": t("label.kind", lang), "width": 110},
        number_column("old", t("data.col.old", lang), lang),
        number_column("new", t("data.col.new", lang), lang),
    ]
    note = None if changes.listed_all else t("data.review.changes_cut", lang, shown=len(rows))
    return GridView(t("data.review.changes", lang), columns, rows, note)


def issue_rows(issues: pd.DataFrame, lang: str, limit: int = MAX_GRID_ISSUES) -> list[dict]:
    labels = {s: t(f"severity.{s}", lang) for s in SEVERITIES}
    return [
        {"row": _plain(r.row), "column": _plain(r.column) or "",
         "severity": labels.get(str(r.severity), str(r.severity)), "reason": str(r.reason)}
        for r in issues.head(limit).itertuples()
    ]  # fmt: skip


def issues_grid(issues: pd.DataFrame, lang: str) -> GridView:
    ordered = issues.assign(_order=issues.severity.ne("error")).sort_values(
        ["_order", "row"], kind="stable", na_position="first"
    )
    rows = issue_rows(ordered, lang)
    columns = [
        {"field": "row", "headerName": t("data.col.row", lang), "width": 90,
         "type": "numericColumn", "filter": "agNumberColumnFilter"},
        {"field": "column", "headerName": t("data.col.column", lang), "width": 200},
        {"field": "severity", "headerName": t("data.col.severity", lang), "width": 120},
        {"field": "reason", "headerName": t("data.col.reason", lang), "flex": 1,
         "minWidth": 300, "wrapText": True, "autoHeight": True},
    ]  # fmt: skip
    note = None
    if len(issues) > len(rows):
        note = t("data.review.issues_cut", lang, shown=len(rows), total=len(issues))
    if issues.empty:
        note = t("data.review.no_issues", lang)
    return GridView(t("data.review.issues", lang), columns, rows, note)


def review_view(review: object, lang: str) -> ReviewView:
    """Everything the page shows of ``review`` (a ``dashboard.importing.review.Review``)."""
    changes = review.changes
    totals = []
    if len(review.by_province):
        totals.append(_by_province(review.by_province, lang))
    if len(review.by_project):
        totals.append(_by_project(review.by_project, lang))
    return ReviewView(
        title=t("data.review.title", lang, name=review.filename),
        lang=lang,
        facts=_facts(review, lang),
        alerts=_alerts(review, lang),
        totals=tuple(totals),
        changes=changes_grid(changes, lang) if len(changes.rows) else None,
        changes_summary=t("data.review.changes_value", lang, new=changes.new,
                          changed=changes.changed, unchanged=changes.unchanged),
        issues=issues_grid(review.issues, lang),
        download_labels=(t("data.download_csv", lang), t("data.download_xlsx", lang)),
        extra=tuple(review.notes),
    )  # fmt: skip

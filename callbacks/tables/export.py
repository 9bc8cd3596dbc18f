"""The tables page's export: the rows the grid shows (their codes, in the grid's order, after its
sorting, column filters and quick search) written to CSV or XLSX from the same cached read as the
screen, with notes saying what the view is, so the file's totals are the screen's."""

from __future__ import annotations

import base64
import re

from dash import Dash, Input, Output, State, ctx

from callbacks import sessions
from callbacks.deps import Deps
from callbacks.shell import parse_query
from callbacks.tables.page import breadcrumbs, column_labels, grid_rows, prefixes, totals_row
from callbacks.tables.request import Request, request_from
from dashboard import audit, export, fmt, i18n
from dashboard.i18n import lower_first, t
from dashboard.models import KINDS
from dashboard.queries.tables import MEASURES, project_codes, table_rows
from layouts import ids

_SAFE = re.compile(r"[^A-Za-z0-9_]")
MAX_ROWS = 20_000
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _export_columns(req: Request, projects: tuple[str, ...]) -> list[tuple[str, str]]:
    """(field, header) of the exported columns: money in đồng, rates as fractions."""
    lang, labels = req.lang, column_labels(req.lang)
    columns = [("name", labels["name"]), ("code", labels["code"])]
    if req.place.level == "commune":
        columns.append(("region", labels["region"]))
    groups = [("", ""), *((f"{k}_", t(f"kind.{k}.short", lang)) for k in KINDS)]
    groups += [(f"{p}_", p) for p in projects]
    for prefix, group in groups:
        for measure in (*MEASURES, "rate"):
            label = f"{group} - {labels[measure]}" if group else labels[measure]
            if measure != "rate":
                label = t("tables.col.vnd", lang, label=label)
            columns.append((f"{prefix}{measure}", label))
    return columns


def _notes(req: Request, deps: Deps) -> tuple[str, ...]:
    """Title (with the demo mark), data as of, the filters and the search of the view."""
    lang, all_, status = req.lang, t("label.all", req.lang), deps.status()
    title = t("nav.tables", lang)
    place = " > ".join(link.label for link in breadcrumbs(req, deps))
    notes = [f"{title} - {t('badge.demo', lang)}" if status.is_demo else title]
    if status.data_as_of:
        notes.append(t("status.as_of", lang, month=fmt.month_label(*status.data_as_of, lang)))
    notes.append(
        t(
            "tables.export_filters",
            lang,
            year=req.year,
            month=req.month,
            place=place,
            vintage=lower_first(t(f"vintage.{req.place.vintage}", lang)),
            project=req.project or all_,
            source=t(f"capital.{req.source}", lang) if req.source else all_,
            kind=t(f"kind.{req.kind}.short", lang) if req.kind else all_,
        )
    )
    if req.q:
        notes.append(t("tables.export_search", lang, text=req.q))
    return tuple(notes)


def export_sheet(deps: Deps, params: dict[str, str], codes: list[str] | None) -> export.Sheet:
    """The rows with ``codes`` (the grid's rows, in its order; None: all) of the view of
    ``params``, exact đồng, with a totals row equal to their sum."""
    lang = i18n.normalize(params.get("lang"), deps.settings.language)
    req = request_from(deps, params, lang)
    if req is None:
        raise LookupError("no data to export")
    projects = deps.read(project_codes)
    rows = grid_rows(deps.read(table_rows, req.scope, req.place), req)
    if codes is not None:
        by_code = {row["code"]: row for row in rows}
        rows = [by_code[code] for code in codes if code in by_code]
    columns = _export_columns(req, projects)
    totals = totals_row(rows, prefixes(projects), t("tables.totals", lang))
    return export.Sheet(
        title=t("nav.tables", lang),
        notes=_notes(req, deps),
        headers=tuple(header for _, header in columns),
        rows=tuple(tuple(row.get(field) for field, _ in columns) for row in rows),
        totals=tuple(totals.get(field) for field, _ in columns),
        rate_columns=frozenset(i for i, (f, _) in enumerate(columns) if f.endswith("rate")),
    )


def file_stem(req: Request) -> str:
    """The file's name says what it holds: ``ntp1719-2026-t10-tinh08-xa`` (year, month, place,
    level, filters), in ASCII so every system keeps it."""
    place = req.place
    parts = ["ntp1719", str(req.year), f"t{req.month:02d}", f"v{place.vintage}"]
    parts += [f"tinh{place.province}"] if place.province else []
    parts += [f"huyen{place.district}"] if place.district else []
    parts.append({"province": "tinh", "district": "huyen", "commune": "xa"}[place.level])
    parts += [value for value in (req.project, req.source, req.kind) if value]
    return "-".join(_SAFE.sub("", part.replace(".", "_")) for part in parts)


def export_download(
    deps: Deps, search: str | None, rows: list[dict] | None, kind: str, text: str | None = None
) -> dict[str, object]:
    """What ``dcc.Download`` takes: the view of the URL ``search`` as ``kind`` (csv or xlsx);
    ``rows``: the grid's rows (None: all of the view); ``text``: the quick search typed."""
    params = parse_query(search)
    if text is not None:
        params["q"] = text
    # a grid never has more rows than a level has units (10,040 legacy communes): a longer list
    # is not the grid's, and is cut rather than looked up row by row
    rows = None if rows is None else [r for r in rows[:MAX_ROWS] if isinstance(r, dict)]
    codes = None if rows is None else [str(row.get("code")) for row in rows if row]
    sheet = export_sheet(deps, params, codes)
    content = export.to_csv(sheet) if kind == "csv" else export.to_xlsx(sheet)
    view = {key: str(value)[:100] for key, value in list(params.items())[:20]}
    sessions.record(deps, audit.EXPORT, f"tables.{kind}", {"view": view, "rows": len(sheet.rows)})
    return {
        "content": base64.b64encode(content).decode("ascii"),
        "filename": f"{file_stem(request_from(deps, params, 'vi'))}.{kind}",
        "type": MIME[kind],
        "base64": True,
    }


def register(app: Dash, deps: Deps) -> None:
    @app.callback(
        Output(ids.TABLES_DOWNLOAD, "data"),
        Input(ids.TABLES_EXPORT_CSV, "n_clicks"),
        Input(ids.TABLES_EXPORT_XLSX, "n_clicks"),
        State(ids.TABLES_GRID, "virtualRowData"),
        State(ids.URL, "search"),
        State(ids.TABLES_SEARCH, "value"),
        prevent_initial_call=True,
    )
    def _export(_csv, _xlsx, rows, search, text):  # noqa: ANN001, ANN202
        kind = "xlsx" if ctx.triggered_id == ids.TABLES_EXPORT_XLSX else "csv"
        return export_download(deps, search, rows, kind, text)

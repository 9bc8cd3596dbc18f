"""Review before commit: what importing a file would do, worked out without writing anything,
and the commit of exactly what was reviewed.

    review = review_file(engine, path, filename="giai_ngan_T3.xlsx", options=options)
    # show review.issues, review.by_province, review.changes ... then, on "commit":
    report = commit_reviewed(engine, path, review.token, filename=..., options=options,
                             account="nguyen.van.a")

The review runs the importer's own preparation (``pipeline.prepare_file``: reading, recognising,
every check) and stops before the write. The commit takes the import lock, checks that nothing
the review depended on has changed (the file's bytes, the data version of the database, the
options and the grants, all in ``review.token``), prepares the file again and writes it as the
command line's import does: with the same data and the same file, the preparation gives the
same rows, so what is written is what was reviewed. If the data changed in between (another
import, an undo), the commit is refused with ``StaleReview`` and the file must be reviewed again.

Money is integer đồng throughout.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, select

from dashboard import export
from dashboard.db import get_meta
from dashboard.importing.context import Options, Progress
from dashboard.importing.lock import import_lock
from dashboard.importing.pipeline import MAX_BYTES, prepare_file, write_prepared
from dashboard.importing.prepared import FACT_TABLES, Prepared
from dashboard.importing.report import ISSUE_COLUMNS, ImportFailed, ImportReport
from dashboard.importing.writing import Planned
from dashboard.models import AdminUnit, Project, Subproject

MAX_LISTED = 500  # changed rows listed in a review (all are counted)
STALE = "the data changed since this review; review the file again"
NOT_REVIEWED = "the file or the options are not those reviewed; review the file again"
TABLE_KINDS = {"capital_plan": "capital_plan", "disbursement": "disbursement",
               "indicator_value": "indicator_value"}  # fmt: skip
CHANGE_COLUMNS = ["table", "year", "month", "unit_code", "unit", "line", "source", "kind",
                  "carry_over", "indicator", "old", "new"]  # fmt: skip


class StaleReview(ImportFailed):
    """The review no longer holds: the data, the file or the options changed since."""


@dataclass(frozen=True)
class FileTotal:
    """A total row of the file ("Tổng cộng") against the sum of the accepted rows it totals."""

    kind: str  # capital_plan or disbursement
    column: str  # the amount column, as the file writes it
    stated_vnd: int
    accepted_vnd: int

    @property
    def difference_vnd(self) -> int:
        return self.stated_vnd - self.accepted_vnd


@dataclass
class Changes:
    """What the commit would do to the fact rows: rows added, rows whose amount (or indicator
    value) changes, rows written again with the same amount. ``rows`` lists changed rows, the
    largest changes first, at most ``MAX_LISTED`` of them (``listed_all`` False when cut):
    columns ``CHANGE_COLUMNS`` (``old`` and ``new`` in đồng; indicator values as numbers)."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    by_table: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["table", "new", "changed", "unchanged"])
    )
    rows: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CHANGE_COLUMNS))
    listed_all: bool = True


@dataclass
class Review:
    """What importing one file would do. ``token`` is what ``commit_reviewed`` takes.

    ``kind`` is the kind detected (or asked for); ``kinds`` the kinds of facts it brings (two for
    a progress report). ``period`` is (year, month or None) the file reports to, ``periods`` every
    (year, month) of its accepted rows. ``issues`` has the columns ``row``, ``column``,
    ``severity`` (error: the row is rejected; warning; info) and ``reason``. ``by_province``:
    ``table``, ``vintage``, ``province_code``, ``province``, ``province_2025``, ``amount_vnd``;
    ``by_project``: ``table``, ``project``, ``amount_vnd``, both of the accepted rows as the file
    states them. ``accepted_vnd`` and ``file_total_vnd`` are of the file's disbursement (or its
    plan when it has no disbursement). ``duplicate_of`` is the earlier batch of the same bytes:
    then nothing would change."""

    token: str
    filename: str
    sha256: str
    data_version: int
    kind: str
    kinds: tuple[str, ...]
    status: str  # what the import would be: ok, partial, rejected or duplicate
    period: tuple[int, int | None] | None
    periods: list[tuple[int, int | None]]
    sheets: list[str]
    notes: list[str]
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    rows_warned: int
    issues: pd.DataFrame
    file_totals: list[FileTotal]
    accepted_vnd: int | None
    file_total_vnd: int | None
    by_province: pd.DataFrame
    by_project: pd.DataFrame
    changes: Changes
    duplicate_of: int | None = None

    def to_dict(self) -> dict:
        """The review as plain JSON-safe data (frames as lists of records, ``None`` for
        missing values), e.g. for a browser store or a background job's result."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["file_totals"] = [asdict(t) for t in self.file_totals]
        data["changes"] = {
            "new": self.changes.new, "changed": self.changes.changed,
            "unchanged": self.changes.unchanged, "listed_all": self.changes.listed_all,
            "by_table": records(self.changes.by_table), "rows": records(self.changes.rows),
        }  # fmt: skip
        for name in ("issues", "by_province", "by_project"):
            data[name] = records(getattr(self, name))
        data["kinds"], data["period"] = list(self.kinds), self.period and list(self.period)
        data["periods"] = [list(p) for p in self.periods]
        return data

    @property
    def rejected_issues(self) -> pd.DataFrame:
        return self.issues[self.issues.severity.eq("error")]

    def summary(self) -> str:
        if self.duplicate_of is not None:
            return (
                f"{self.filename}: already imported as batch {self.duplicate_of}; "
                "nothing would change"
            )
        return (
            f"{self.filename}: {self.kind}: {self.rows_read} rows read, {self.rows_accepted} "
            f"would be accepted, {self.rows_rejected} rejected; {self.changes.new} new rows, "
            f"{self.changes.changed} changed, {self.changes.unchanged} unchanged"
        )


def records(frame: pd.DataFrame) -> list[dict]:
    """The rows of ``frame`` as JSON-safe dicts: numpy numbers as Python ones, NaN as None."""
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _plain(value: object) -> object:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def data_version(engine: Engine) -> int:
    """The database's data version: bumped by every import and undo that changes figures."""
    return int(get_meta(engine, "data_version", "0") or 0)


def review_token(sha256: str, version: int, options: Options, kind: str | None) -> str:
    """``"<data version>-<digest>"``: the digest of the file's SHA-256, the data version, the
    options (with the grants) and the kind asked for."""
    body = asdict(options)
    body["provinces"] = None if options.provinces is None else sorted(options.provinces)
    text = json.dumps([sha256, version, body, kind], sort_keys=True)
    return f"{version}-{hashlib.sha256(text.encode()).hexdigest()}"


def review_file(
    engine: Engine,
    path: Path,
    *,
    filename: str | None = None,
    kind: str | None = None,
    options: Options | None = None,
    max_bytes: int = MAX_BYTES,
) -> Review:
    """Run the import of ``path`` without writing: what it would accept, reject and change.
    Whole-file problems raise ImportFailed (one line), as the import would."""
    options = options or Options()
    version = data_version(engine)  # before reading: a write during the review makes it stale
    prepared = prepare_file(
        engine, path, kind, max_bytes=max_bytes, filename=filename, options=options
    )
    return _review(engine, prepared, version, review_token(prepared.sha256, version, options, kind))


def commit_reviewed(
    engine: Engine,
    path: Path,
    review_token_: str,
    *,
    filename: str | None = None,
    kind: str | None = None,
    options: Options | None = None,
    max_bytes: int = MAX_BYTES,
    account: str | None = None,
    progress: Progress | None = None,
    on_wait: Callable[[str], None] | None = None,
    lock_timeout: float | None = None,
) -> ImportReport:
    """Import ``path`` as reviewed under ``review_token_`` (give the same ``kind`` and
    ``options``), inside the import lock; ``StaleReview`` when anything the review depended on
    changed. ``on_wait`` is told once when another import is being written first."""
    options = options or Options()
    with import_lock(engine, holder=account or "the command line", on_wait=on_wait,
                     timeout=lock_timeout):  # fmt: skip
        version = data_version(engine)
        if not review_token_.startswith(f"{version}-"):
            raise StaleReview(STALE)
        prepared = prepare_file(
            engine, path, kind, max_bytes=max_bytes, filename=filename, options=options
        )
        if review_token(prepared.sha256, version, options, kind) != review_token_:
            raise StaleReview(NOT_REVIEWED)
        return write_prepared(engine, prepared, progress=progress, account=account)


def _review(engine: Engine, prepared: Prepared, version: int, token: str) -> Review:
    read, accepted, rejected, warned = prepared.counts()
    issues = prepared.issues()
    issues = issues[issues.severity.ne("note")].reset_index(drop=True)[ISSUE_COLUMNS]
    money = prepared.money()
    totals = [FileTotal(*t) for t in prepared.file_totals()]
    duplicate = prepared.duplicate
    return Review(
        token=token, filename=prepared.name, sha256=prepared.sha256, data_version=version,
        kind=prepared.kind, kinds=prepared.kinds, status=prepared.status(),
        period=prepared.period(), periods=prepared.periods(), sheets=list(prepared.sheets),
        notes=list(prepared.notes), rows_read=read, rows_accepted=accepted,
        rows_rejected=rejected, rows_warned=warned, issues=issues, file_totals=totals,
        accepted_vnd=prepared.accepted_vnd(), file_total_vnd=prepared.file_total_vnd(),
        by_province=_by_province(engine, money), by_project=_by_project(engine, money),
        changes=changes(engine, prepared.planned()),
        duplicate_of=duplicate.duplicate_of if duplicate is not None else None,
    )  # fmt: skip


def _by_province(engine: Engine, money: pd.DataFrame) -> pd.DataFrame:
    columns = ["table", "vintage", "province_code", "province", "province_2025", "amount_vnd"]
    if money.empty:
        return pd.DataFrame(columns=columns)
    from dashboard.importing.grants import post_reform
    from dashboard.queries.scope import read_province_map

    sums = money.groupby(["table", "vintage", "province_code"], as_index=False).amount_vnd.sum()
    sums["vintage"] = sums.vintage.astype(int)
    names = _province_names(engine)
    sums["province"] = [
        names.get((v, c), c) for v, c in zip(sums.vintage, sums.province_code, strict=True)
    ]
    sums["province_2025"] = post_reform(sums.province_code, sums.vintage, read_province_map(engine))
    sums["amount_vnd"] = [int(a) for a in sums.amount_vnd]
    return sums[columns].sort_values(["table", "province_code"], ignore_index=True)


def _province_names(engine: Engine) -> dict[tuple[int, str], str]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(AdminUnit.vintage, AdminUnit.code, AdminUnit.name).where(
                AdminUnit.level == "province"
            )
        ).all()
    return {(int(v), c): n for v, c, n in rows}


def _lines(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        query = select(
            Subproject.id.label("subproject_id"),
            Subproject.code.label("line"),
            Project.code.label("project"),
        ).join(Project, Subproject.project_id == Project.id)
        return pd.read_sql(query, conn)


def _by_project(engine: Engine, money: pd.DataFrame) -> pd.DataFrame:
    columns = ["table", "project", "amount_vnd"]
    if money.empty:
        return pd.DataFrame(columns=columns)
    lines = _lines(engine)
    frame = money.assign(subproject_id=money.subproject_id.astype("int64")).merge(
        lines, on="subproject_id", how="left"
    )
    sums = frame.groupby(["table", "project"], as_index=False).amount_vnd.sum()
    sums["amount_vnd"] = [int(a) for a in sums.amount_vnd]
    return sums[columns].sort_values(["table", "project"], ignore_index=True)


def changes(engine: Engine, plans: list[Planned]) -> Changes:
    """New, changed and unchanged fact rows if ``plans`` were written now."""
    parts, listed = [], []
    for plan in plans:
        if plan.table.name not in FACT_TABLES or plan.rows.empty:
            continue
        new, changed, unchanged, rows = _compare(engine, plan)
        parts.append((plan.table.name, new, changed, unchanged))
        listed.append(rows)
    if not parts:
        return Changes()
    by_table = pd.DataFrame(parts, columns=["table", "new", "changed", "unchanged"])
    by_table = by_table.groupby("table", as_index=False, sort=False).sum()
    rows = pd.concat(listed, ignore_index=True)
    total = int(by_table.changed.sum())
    if len(rows):
        rows = rows.assign(_size=(rows.new.astype(float) - rows.old.astype(float)).abs())
        rows = rows.sort_values("_size", ascending=False, kind="stable").drop(columns="_size")
    rows = _named(engine, rows.head(MAX_LISTED)).reset_index(drop=True)
    return Changes(
        new=int(by_table.new.sum()), changed=total, unchanged=int(by_table.unchanged.sum()),
        by_table=by_table, rows=rows[CHANGE_COLUMNS], listed_all=total <= MAX_LISTED,
    )  # fmt: skip


def _compare(engine: Engine, plan: Planned) -> tuple[int, int, int, pd.DataFrame]:
    table, rows, key = plan.table, plan.rows, plan.key
    value = "value" if "value" in rows else "amount_vnd"
    where = [table.c.year.in_(sorted({int(y) for y in rows.year}))]
    if "province_code" in table.c and "province_code" in rows:
        where.append(table.c.province_code.in_(sorted(set(rows.province_code))))
    if "indicator_code" in table.c:
        where.append(table.c.indicator_code.in_(sorted(set(rows.indicator_code))))
    with engine.connect() as conn:
        old = pd.read_sql(select(*(table.c[c] for c in [*key, value])).where(*where), conn)
    mine = rows.assign(_key=_keys(rows, key))
    old = old.assign(_key=_keys(old, key)).drop_duplicates("_key")
    both = mine.merge(old[["_key", value]].rename(columns={value: "_old"}), on="_key", how="left")
    found = both._old.notna()
    same = found & _equal(both[value], both._old)
    moved = both[found & ~same]
    listed = moved.assign(table=table.name, old=moved._old, new=moved[value])
    for column in CHANGE_COLUMNS:
        if column not in listed:
            listed[column] = None
    listed["indicator"] = moved.get("indicator_code")
    listed["line"] = moved.get("subproject_id")
    return int((~found).sum()), len(moved), int(same.sum()), listed[[*CHANGE_COLUMNS, "vintage"]]


def _equal(new: pd.Series, old: pd.Series) -> pd.Series:
    if new.dtype.kind == "f" or old.dtype.kind == "f":
        return pd.Series(
            [float(a) == float(b) for a, b in zip(new, old.fillna(float("nan")), strict=True)],
            index=new.index,
        )
    return pd.Series([int(a) == int(b) for a, b in zip(new, old.fillna(-1), strict=True)],
                     index=new.index)  # fmt: skip


def _keys(frame: pd.DataFrame, key: list[str]) -> pd.Series:
    """The key of each row as one text, the same whatever the columns' dtypes."""
    parts = [[_text(v) for v in frame[c].tolist()] for c in key]
    return pd.Series(
        ["|".join(p) for p in zip(*parts, strict=True)], index=frame.index, dtype=object
    )


def _text(value: object) -> str:
    if isinstance(value, bool):
        return str(int(value))
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _named(engine: Engine, rows: pd.DataFrame) -> pd.DataFrame:
    """Unit names and line codes of the listed rows (``vintage``, ``unit_code``, ``line`` the
    sub-project id)."""
    if rows.empty:
        return rows
    codes = sorted({str(c) for c in rows.unit_code.dropna()})
    query = select(AdminUnit.vintage, AdminUnit.code, AdminUnit.name)
    with engine.connect() as conn:
        units = conn.execute(query.where(AdminUnit.code.in_(codes))).all()
    names = {(int(v), c): n for v, c, n in units}
    pairs = zip(rows.vintage, rows.unit_code, strict=True)
    lines = _lines(engine).set_index("subproject_id").line.to_dict()
    return rows.assign(
        unit=[names.get((int(v), str(c)), "") for v, c in pairs],
        line=[lines.get(int(s), "") if _given(s) else "" for s in rows.line],
    )


def _given(value: object) -> bool:
    return value is not None and not pd.isna(value)


def issues_file(issues: pd.DataFrame, title: str, fmt: str) -> bytes:
    """The issues of a review or of a batch (``ISSUE_COLUMNS``) as a CSV or XLSX download."""
    rows = tuple(
        (
            int(r.row) if _given(r.row) else None,
            str(r.column) if _given(r.column) else None,
            str(r.severity),
            str(r.reason),
        )
        for r in issues.itertuples()
    )
    sheet = export.Sheet(title=title, notes=(title,), headers=tuple(ISSUE_COLUMNS), rows=rows)
    if fmt == "csv":
        return export.to_csv(sheet)
    if fmt == "xlsx":
        return export.to_xlsx(sheet)
    raise ValueError(f"unknown format {fmt!r}; expected csv or xlsx")

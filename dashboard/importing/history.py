"""The import history as the data page shows it: batches newest first, scoped to the viewer's
grants; the issue report of one batch; and what undoing a batch would change, for the
confirmation asked before ``undo_as`` does it.

Scoping: a viewer who sees every province sees every batch. A viewer with grants (an officer)
sees a batch when every province it covers lies within the grants, or when they imported it
themselves. A batch's provinces are those of its coverage rows (``import_coverage``), else those
of the fact rows it wrote (post-reform codes: a legacy province counts as the province it merged
into); an undo record covers what the batch it undid covered. A batch that covers no province (a
catalogue, a file whose every row was rejected, a batch undone: its coverage goes with its rows)
is shown to administrators, to the account that imported it and to the account that undid it.
An officer may undo only batches entirely within their grants.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashboard.access import Viewer
from dashboard.importing.grants import post_reform
from dashboard.importing.reference import REFERENCE_KINDS, undo_reference
from dashboard.importing.report import ISSUE_COLUMNS, ImportFailed
from dashboard.importing.undo import UNDOABLE, Undone, undo_batch
from dashboard.models import (
    LEGACY,
    AdminUnit,
    CapitalPlan,
    Disbursement,
    ImportBatch,
    ImportCoverage,
    ImportIssue,
    ImportSuperseded,
    IndicatorValue,
)
from dashboard.queries.scope import read_province_map
from dashboard.units import vintage_of_month, vintage_of_year

MAX_BATCHES = 500
BATCH_COLUMNS = [
    "id", "kind", "kinds", "filename", "sha256", "account", "started_at", "finished_at",
    "period_year", "period_month", "rows_read", "rows_accepted", "rows_rejected", "rows_warned",
    "accepted_vnd", "file_total_vnd", "status", "message",
]  # fmt: skip
UNDO_OF = re.compile(r"undo of batch (\d+)")
FIGURE_KINDS = ("capital_plan", "disbursement", "plan_and_disbursement", "indicator_value")


def batch_history(engine: Engine, viewer: Viewer, *, limit: int = MAX_BATCHES) -> pd.DataFrame:
    """The batches ``viewer`` may see, newest first, at most ``limit`` (bounded by
    ``MAX_BATCHES``): the columns ``BATCH_COLUMNS`` (``status`` ok, partial, rejected, undone;
    an undo is a batch of kind ``undo``), ``provinces`` (the post-reform provinces covered, a
    sorted tuple) and ``undoable`` (the viewer may undo it: a figures batch not undone, within
    their grants; an undo may still be refused while later batches build on it)."""
    limit = max(0, min(int(limit), MAX_BATCHES))
    with Session(engine) as session:
        query = select(*(getattr(ImportBatch, c) for c in BATCH_COLUMNS)).where(
            ImportBatch.is_demo.is_(False)
        )
        frame = pd.read_sql(query.order_by(ImportBatch.id.desc()), session.connection())
    covered = coverage(engine, [int(i) for i in frame.id])
    undone_of = {  # undo record -> the batch it undid
        int(i): int(m.group(1))
        for i, k, f in zip(frame.id, frame.kind, frame.filename, strict=True)
        if k == "undo" and (m := UNDO_OF.fullmatch(str(f)))
    }
    frame["provinces"] = [
        tuple(sorted(covered.get(undone_of.get(int(i), int(i)), set()))) for i in frame.id
    ]
    # an undone batch's coverage is gone with its rows: the account that undid it sees it too
    undoers = {undone_of[int(i)]: a for i, a in zip(frame.id, frame.account, strict=True)
               if int(i) in undone_of}  # fmt: skip
    seen = [
        _may_see(viewer, provinces, account) or undoers.get(int(i)) == viewer.name
        for i, provinces, account in zip(frame.id, frame.provinces, frame.account, strict=True)
    ]
    frame = frame[pd.Series(seen, index=frame.index, dtype=bool)]  # rows, even of none
    frame = frame.head(limit).reset_index(drop=True)
    frame["undoable"] = [
        kind in UNDOABLE and status in ("ok", "partial") and _within(viewer, provinces)
        for kind, status, provinces in zip(frame.kind, frame.status, frame.provinces, strict=True)
    ]
    return frame


def _may_see(viewer: Viewer, provinces: tuple[str, ...], account: object) -> bool:
    if viewer.provinces is None:
        return True
    if account is not None and account == viewer.name:
        return True
    return bool(provinces) and set(provinces) <= viewer.provinces


def _within(viewer: Viewer, provinces: tuple[str, ...] | set[str]) -> bool:
    """The viewer's grants hold every province (a batch of no province: admins only)."""
    if viewer.provinces is None:
        return True
    return bool(provinces) and set(provinces) <= viewer.provinces


def coverage(engine: Engine, batch_ids: list[int]) -> dict[int, set[str]]:
    """The post-reform provinces each batch covers: its ``import_coverage`` rows where it has
    them, else the fact rows it wrote."""
    if not batch_ids:
        return {}
    found: dict[int, set[str]] = {}
    with engine.connect() as conn:
        province_map = read_province_map(conn)
        rows = conn.execute(
            select(ImportCoverage.batch_id, ImportCoverage.province_code, ImportCoverage.year,
                   ImportCoverage.month).distinct()
        ).all()  # fmt: skip
        for batch, province, year, month in rows:
            vintage = vintage_of_year(year) if month is None else vintage_of_month(year, month)
            new = province if vintage != LEGACY else province_map.get(province, province)
            found.setdefault(int(batch), set()).add(new)
        # the fact rows are read only for batches that wrote figures before coverage was kept
        # (rejected, undone, undo and reference batches hold none): the tables are large
        rest = [b for b in batch_ids if b not in found]
        rest = list(
            conn.scalars(
                select(ImportBatch.id).where(
                    ImportBatch.id.in_(rest),
                    ImportBatch.status.in_(("ok", "partial")),
                    ImportBatch.kind.in_(FIGURE_KINDS),
                )
            )
        )
        parts = []
        for model in (CapitalPlan, Disbursement):
            parts.append(
                pd.read_sql(
                    select(model.batch_id, model.vintage, model.province_code)
                    .where(model.batch_id.in_(rest))
                    .distinct(),
                    conn,
                )
            )
        units = (
            select(IndicatorValue.batch_id, IndicatorValue.vintage, AdminUnit.province_code)
            .join(
                AdminUnit,
                (AdminUnit.vintage == IndicatorValue.vintage)
                & (AdminUnit.code == IndicatorValue.unit_code),
            )
            .where(IndicatorValue.batch_id.in_(rest))
            .distinct()
        )
        parts.append(pd.read_sql(units, conn))
    facts = pd.concat(parts, ignore_index=True).dropna()
    if len(facts):
        facts["new"] = post_reform(facts.province_code.astype(str), facts.vintage, province_map)
        for batch, new in zip(facts.batch_id, facts.new, strict=True):
            if new:
                found.setdefault(int(batch), set()).add(str(new))
    return found


def batch_issues(engine: Engine, batch_id: int) -> pd.DataFrame:
    """The issue report of one batch (``ISSUE_COLUMNS``, notes first then by row)."""
    query = select(
        ImportIssue.row_number.label("row"),
        ImportIssue.column,
        ImportIssue.severity,
        ImportIssue.reason,
    ).where(ImportIssue.batch_id == int(batch_id))
    with engine.connect() as conn:
        frame = pd.read_sql(query.order_by(ImportIssue.id), conn)
    return frame.astype({"row": "Int64"})[ISSUE_COLUMNS]


@dataclass
class UndoPreview:
    """What undoing ``batch_id`` would change: fact rows removed and earlier rows restored, per
    table, and the money change per table and province (``by_province``: ``table``,
    ``province_2025``, ``removed_vnd``, ``restored_vnd``, ``change_vnd``, restored minus
    removed). ``blocked_by`` lists later batches to undo first (then ``allowed`` is False and
    ``reason`` says why); ``provinces`` are the post-reform provinces the batch covers."""

    batch_id: int
    filename: str
    kind: str
    status: str
    allowed: bool
    reason: str | None
    removed: int = 0
    restored: int = 0
    by_table: pd.DataFrame = field(default_factory=pd.DataFrame)
    by_province: pd.DataFrame = field(default_factory=pd.DataFrame)
    blocked_by: list[int] = field(default_factory=list)
    provinces: tuple[str, ...] = ()

    def summary(self) -> str:
        if not self.allowed:
            return f"batch {self.batch_id} cannot be undone: {self.reason}"
        return (
            f"undo batch {self.batch_id} ({self.filename}): {self.removed} rows removed, "
            f"{self.restored} earlier rows restored"
        )


MONEY = {CapitalPlan.__tablename__: CapitalPlan, Disbursement.__tablename__: Disbursement}
COUNTED = (*MONEY, IndicatorValue.__tablename__)


def undo_preview(engine: Engine, batch_id: int, viewer: Viewer | None = None) -> UndoPreview:
    """What ``undo_batch(batch_id)`` would do, without doing it (see ``UndoPreview``). With
    ``viewer``, a batch outside their grants is not allowed."""
    from dashboard.importing.undo import _built_on, _undoable

    with Session(engine) as session:
        batch = session.get(ImportBatch, int(batch_id))
        if batch is None:
            raise ImportFailed(f"there is no import batch {batch_id}")
        provinces = tuple(sorted(coverage(engine, [batch.id]).get(batch.id, set())))
        preview = UndoPreview(batch.id, batch.filename, batch.kind, batch.status, True, None,
                              provinces=provinces)  # fmt: skip
        if viewer is not None and not _within(viewer, provinces):
            preview.allowed = False
            preview.reason = "it covers provinces outside your grants"
            return preview
        try:
            _undoable(session, batch.id)
        except ImportFailed as exc:
            preview.allowed, preview.reason = False, str(exc).partition(": ")[2] or str(exc)
            return preview
        later = _built_on(session, batch)
        if later:
            preview.allowed, preview.blocked_by = False, later
            preview.reason = (
                f"later batches changed or built on its figures ({', '.join(map(str, later))});"
                " undo those first, the newest first"
            )
        if batch.kind in REFERENCE_KINDS:
            return _reference_preview(engine, preview)
        conn = session.connection()
        province_map = read_province_map(conn)
        removed, restored = [], []
        for name in COUNTED:
            model = MONEY.get(name) or IndicatorValue
            columns = [model.vintage, model.batch_id]
            if name in MONEY:
                columns += [model.province_code, model.amount_vnd]
            frame = pd.read_sql(select(*columns).where(model.batch_id == batch.id), conn)
            removed.append(frame.assign(table=name))
        kept = session.execute(
            select(ImportSuperseded.table_name, ImportSuperseded.row).where(
                ImportSuperseded.batch_id == batch.id
            )
        ).all()
        live = set(session.scalars(select(ImportBatch.id)))
        for name, row in kept:
            if name not in COUNTED:
                continue
            record = json.loads(row)
            if record.get("batch_id") is not None and record["batch_id"] not in live:
                continue  # not brought back (its batch was removed since), as undo does
            restored.append({"table": name, **record})
    removed_frame = pd.concat(removed, ignore_index=True)
    restored_frame = pd.DataFrame(restored, columns=["table", "vintage", "province_code",
                                                     "amount_vnd"])  # fmt: skip
    if restored and "province_code" not in pd.DataFrame(restored):
        restored_frame["province_code"] = None
    tables = (
        pd.DataFrame(
            {
                "removed": removed_frame.groupby("table").size(),
                "restored": restored_frame.groupby("table").size(),
            }
        )
        .reindex(list(COUNTED))
        .fillna(0)
        .astype(int)
    )
    preview.by_table = tables.rename_axis("table").reset_index()
    preview.removed, preview.restored = int(tables.removed.sum()), int(tables.restored.sum())
    preview.by_province = _money_change(removed_frame, restored_frame, province_map)
    return preview


def _reference_preview(engine: Engine, preview: UndoPreview) -> UndoPreview:
    """A classification or catalogue undo, counted by doing it in a transaction rolled back:
    reference rows removed and restored (no figures change)."""
    with Session(engine) as trial:
        try:
            removed, restored = undo_reference(trial, trial.get(ImportBatch, preview.batch_id))
        except ImportFailed as exc:
            if preview.allowed:
                preview.allowed, preview.reason = False, str(exc).partition(": ")[2] or str(exc)
            return preview
        finally:
            trial.rollback()
    preview.removed, preview.restored = removed, restored
    preview.by_table = pd.DataFrame(
        [[preview.kind, removed, restored]], columns=["table", "removed", "restored"]
    )
    preview.by_province = pd.DataFrame(
        columns=["table", "province_2025", "removed_vnd", "restored_vnd", "change_vnd"]
    )
    return preview


def _money_change(
    removed: pd.DataFrame, restored: pd.DataFrame, province_map: dict[str, str]
) -> pd.DataFrame:
    columns = ["table", "province_2025", "removed_vnd", "restored_vnd", "change_vnd"]
    parts = []
    for frame, sign in ((removed, "removed_vnd"), (restored, "restored_vnd")):
        money = frame[frame.table.isin(list(MONEY))].dropna(subset=["province_code"])
        if money.empty:
            continue
        money = money.assign(
            province_2025=post_reform(money.province_code.astype(str), money.vintage, province_map),
            amount=[int(a) for a in money.amount_vnd],
        )
        parts.append(money.groupby(["table", "province_2025"]).amount.sum().rename(sign))
    if not parts:
        return pd.DataFrame(columns=columns)
    out = pd.concat(parts, axis=1).fillna(0).astype("int64")
    for name in ("removed_vnd", "restored_vnd"):
        if name not in out:
            out[name] = 0
    out["change_vnd"] = out.restored_vnd - out.removed_vnd
    return out.reset_index()[columns]


def undo_as(
    engine: Engine,
    viewer: Viewer,
    batch_id: int,
    *,
    on_wait: Callable[[str], None] | None = None,
    lock_timeout: float | None = None,
) -> Undone:
    """Undo batch ``batch_id`` for ``viewer``: refused for a viewer who may not import, or when
    the batch covers a province outside their grants; the undo records ``viewer.name``."""
    if not viewer.can_import:
        raise ImportFailed(f"the account {viewer.name} may not undo imports")
    provinces = coverage(engine, [int(batch_id)]).get(int(batch_id), set())
    if not _within(viewer, provinces):
        raise ImportFailed(f"batch {batch_id} covers provinces outside your grants")
    return undo_batch(
        engine, int(batch_id), account=viewer.name, on_wait=on_wait, lock_timeout=lock_timeout
    )

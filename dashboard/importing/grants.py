"""What a signed-in account may import: the kinds of files, and the provinces whose figures.

An administrator (and the command line) imports every kind for every province. An officer
imports plans, disbursements, progress reports and indicator values for the post-reform
provinces granted to them: a row for a unit of any other province is rejected with the province
named (a legacy province counts as the post-reform province it merged into), and so is a row of
the whole country. Catalogue and classification files change reference tables for everyone and
are refused for anyone but an administrator.

Two checks hold this: rows are rejected before anything is computed from them (a year-to-date
report's monthly amounts, the months it restates), and after the rows are written, inside the
import's transaction, every fact row the batch wrote is checked to lie within the grants; an
import that would break that is rolled back whole.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from sqlalchemy import Connection, select

from dashboard.access import ADMIN, Viewer
from dashboard.importing.context import MAX_AMOUNT_VND, Context, Options
from dashboard.importing.report import ImportFailed
from dashboard.models import (
    COUNTRY_CODE,
    REFORMED,
    AdminUnit,
    CapitalPlan,
    Disbursement,
    DisbursementSpan,
    IndicatorValue,
)

REFERENCE_KINDS = ("classification", "catalogue")
UNIT_COLUMNS = ("province_code", "province", "unit_code", "district_code", "district",
                "commune_code", "commune")  # fmt: skip


def options_for(
    viewer: Viewer,
    *,
    year: int | None = None,
    month: int | None = None,
    keep_demo: bool = False,
    max_amount_vnd: int = MAX_AMOUNT_VND,
) -> Options:
    """The import options of ``viewer``: their grants and what kinds they may import. Raises
    ImportFailed for a viewer who may not import at all."""
    if not viewer.can_import:
        raise ImportFailed(f"the account {viewer.name} may not import files")
    admin = viewer.role == ADMIN
    return Options(
        year=year, month=month, keep_demo=keep_demo, max_amount_vnd=max_amount_vnd,
        provinces=None if admin else frozenset(viewer.provinces or ()),
        reference_data=admin,
    )  # fmt: skip


def check_kind(options: Options, kind: str, name: str) -> None:
    """Catalogue and classification files only with ``reference_data``."""
    if kind in REFERENCE_KINDS and not options.reference_data:
        raise ImportFailed(
            f"{name}: {kind} files change the reference data of every province; only an "
            "administrator may import them"
        )


def post_reform(
    province: pd.Series, vintage: pd.Series, province_map: Mapping[str, str]
) -> pd.Series:
    """The post-reform province of each (province code, vintage); "" when unknown."""
    legacy = province.map(lambda c: province_map.get(c, "")).astype(object)
    return province.where(vintage.astype(int).eq(REFORMED), legacy).fillna("")


def reject_outside(ctx: Context, recs: pd.DataFrame) -> None:
    """Reject the records whose unit lies outside ``ctx.options.provinces``. ``recs`` has
    ``unit_code``, ``province_code`` (of the unit's vintage, "" when not found) and ``vintage``.
    Records whose unit was not found are already rejected for that."""
    granted = ctx.options.provinces
    if granted is None or recs.empty:
        return
    national = recs.unit_code.eq(COUNTRY_CODE)
    known = recs.province_code.ne("") & recs.province_code.notna() & ~national
    new = post_reform(recs.province_code.fillna(""), recs.vintage, ctx.lookups.province_map)
    outside = known & ~new.isin(granted)
    column = next((ctx.shown(c) for c in UNIT_COLUMNS if c in ctx.header.fields()), None)
    if outside.any():
        names = _province_names(ctx)
        shown = [
            _outside_reason(names, str(p), int(v), str(n))
            for p, v, n in zip(
                recs.province_code[outside], recs.vintage[outside], new[outside], strict=True
            )
        ]
        reasons = pd.Series(shown, index=recs.index[outside], dtype=object)
        ctx.reject(recs, outside, column, reasons.reindex(recs.index))
    ctx.reject(recs, national, column, "national figures are outside the provinces granted")


def _province_names(ctx: Context) -> dict[tuple[int, str], str]:
    units = ctx.lookups.places.units
    provinces = units[units.level.eq("province")]
    return {
        (int(v), str(c)): str(n)
        for v, c, n in zip(provinces.vintage, provinces.code, provinces.name, strict=True)
    }


def _outside_reason(names: dict[tuple[int, str], str], code: str, vintage: int, new: str) -> str:
    name = names.get((vintage, code), code)
    if vintage != REFORMED and new and new != code:
        now = names.get((REFORMED, new), new)
        return f"{name} ({code}, now part of {now}) is outside the provinces granted"
    return f"{name} ({code}) is outside the provinces granted"


FACT_TABLES = (CapitalPlan, Disbursement, DisbursementSpan)


def check_written(
    conn: Connection, batch_id: int, options: Options, province_map: Mapping[str, str]
) -> None:
    """Inside the import's transaction: every fact row batch ``batch_id`` wrote lies within
    ``options.provinces``; ImportFailed otherwise (the transaction is then rolled back)."""
    granted = options.provinces
    if granted is None:
        return
    found: set[tuple[int, str]] = set()
    for model in FACT_TABLES:
        query = select(model.vintage, model.province_code).where(model.batch_id == batch_id)
        found |= {(int(v), p) for v, p in conn.execute(query.distinct()).all()}
    units = (
        select(IndicatorValue.vintage, AdminUnit.province_code)
        .select_from(IndicatorValue)
        .outerjoin(
            AdminUnit,
            (AdminUnit.vintage == IndicatorValue.vintage)
            & (AdminUnit.code == IndicatorValue.unit_code),
        )
        .where(IndicatorValue.batch_id == batch_id)
        .distinct()
    )
    found |= {(int(v), p or "") for v, p in conn.execute(units).all()}
    outside = sorted(
        p for v, p in found if (p if int(v) == REFORMED else province_map.get(p, "")) not in granted
    )
    if outside:
        raise ImportFailed(
            "the import would write figures of provinces outside the grants "
            f"({', '.join(outside)}); nothing was written"
        )

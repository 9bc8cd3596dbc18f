"""Put the demo pieces together: pick the size, run the years, move post-reform months onto the
new units, and hand over each year's tables ready to write."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.demo import money
from dashboard.demo.money import KEY, Combos

LEGACY_YEARS = (2021, 2022, 2023, 2024, 2025)
REFORM_MONTH = 7  # from July 2025 reports are on the post-reform communes
ROWS_PER_CELL = 7.8  # measured: monthly rows one plan cell yields at the default sparsity
ORPHAN_CELLS = 2_500  # measured: province cells no commune drew, given to one commune each
MAX_CELLS = 54


@dataclass(frozen=True)
class DemoInput:
    communes: pd.DataFrame  # legacy EM communes: code, province_code, region
    links: pd.DataFrame  # crosswalk: old_code, new_code, share
    new_province: pd.Series  # post-reform commune code -> its province code
    as_of: tuple[int, int]  # last month with data


@dataclass(frozen=True)
class DemoMoney:
    plans: pd.DataFrame  # KEY + year, vintage, amount_vnd
    disbursements: pd.DataFrame  # KEY + year, month, vintage, amount_vnd


def cells_and_sparsity(rows: int, communes: int) -> tuple[int, float]:
    """Budget cells per commune and year, and the share of empty months, for ``rows`` rows.

    Every EM commune gets at least one cell a year; below that size (about 300,000 rows) months
    get sparser instead, down to about 70,000 rows."""
    per_year = rows / (len(LEGACY_YEARS) * 1.15 * ROWS_PER_CELL)  # 1.15: carry-over and 2026
    per_commune = (per_year - ORPHAN_CELLS) / communes
    if per_commune < 1:
        smallest = (communes + ORPHAN_CELLS) * len(LEGACY_YEARS) * 1.15 * ROWS_PER_CELL
        return 1, min(0.92, 1 - 0.65 * rows / smallest)
    if per_commune <= MAX_CELLS:
        return round(per_commune), 0.35
    return MAX_CELLS, max(0.0, 1 - 0.65 * per_commune / MAX_CELLS)  # all cells: fuller months


def generate_money(
    data: DemoInput, rows: int, seed: int, progress: Callable[[str], None] | None = None
) -> Iterator[DemoMoney]:
    """The demo money one year at a time (the last chunk: the as-of year on post-reform units),
    so that ten million rows never sit in memory at once."""
    rng = np.random.default_rng(seed)
    communes = data.communes.assign(
        weight=data.communes.region.map(money.REGION_WEIGHT)
        * rng.lognormal(0, 0.5, len(data.communes))
    )
    capacity = pd.Series(rng.normal(0, 1, communes.province_code.nunique()),
                         index=sorted(communes.province_code.unique()))  # fmt: skip
    per_commune, sparsity = cells_and_sparsity(rows, len(communes))
    combos = Combos.build()
    carry = None
    for year in LEGACY_YEARS:
        province = money.province_plans(communes, combos, year, rng)
        current = money.spread_to_communes(province, communes, per_commune, rng)
        year_plans = pd.concat([current, carry]) if carry is not None else current
        paid = money.disburse(year_plans, year, capacity, rng, sparsity)
        kinds = ("investment",) if year < 2025 else ("investment", "recurrent")
        carry = money.carried_over(year_plans, paid, kinds)
        if progress:
            progress(f"{year}: {len(year_plans):,} plan rows, {len(paid):,} disbursement rows")
        yield _legacy_year(data, year, year_plans, paid)
    yield _as_of_year(data, carry, capacity, rng, sparsity)


def _legacy_year(data: DemoInput, year: int, plans: pd.DataFrame, paid: pd.DataFrame) -> DemoMoney:
    """One year on legacy units; its reports from the reform month on move to the new units."""
    moved = paid.month >= REFORM_MONTH if year == 2025 else np.zeros(len(paid), dtype=bool)
    after = money.to_new_units(paid[moved].assign(year=year), data.links, data.new_province,
                               [*KEY, "year", "month"])  # fmt: skip
    return DemoMoney(
        plans=plans.assign(year=year, vintage=2024),
        disbursements=pd.concat(
            [paid[~moved].assign(year=year, vintage=2024), after.assign(vintage=2025)],
            ignore_index=True,
        ),  # fmt: skip
    )


def _as_of_year(data, carry, capacity, rng, sparsity) -> DemoMoney:  # noqa: ANN001
    """The as-of year: the capital carried over on post-reform units, paid to the as-of month."""
    year, month = data.as_of
    new_plans = money.to_new_units(carry, data.links, data.new_province, KEY)
    new_paid = money.disburse(new_plans, year, capacity.reindex(
        data.new_province.unique(), fill_value=0.0), rng, sparsity)  # fmt: skip
    new_paid = new_paid[new_paid.month <= month].assign(year=year)
    return DemoMoney(
        plans=new_plans.assign(year=year, vintage=2025),
        disbursements=new_paid.assign(vintage=2025),
    )

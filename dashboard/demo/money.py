"""Demo capital plans and monthly disbursements, calibrated to the published figures.

Calibration (DOMAIN.md §2, §5): about 89,700 bn of central capital allocated over 2021-2025 (the
program started late in 2021); local counterpart about a tenth of central; investment ~57% of a
year's plan, split between projects as in the Phú Thọ and Cao Bằng plans (DA4 largest in
investment; DA3, DA4, DA6 largest in recurrent). Disbursement follows a slow start and a year-end
surge, recurrent lags investment, some provinces lag every year (a persistent capacity), and
unspent investment is carried over (vốn kéo dài) into the next year's plan. 2026 holds phase I
capital extended into 2026. Every province's line amounts are exact; communes share them by
region-weighted demo weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# central allocation per year, VND (2021: the program was approved in October)
CENTRAL_BY_YEAR = {2021: 3_000e9, 2022: 19_000e9, 2023: 21_000e9, 2024: 22_500e9, 2025: 24_200e9}
INVESTMENT_SHARE = 0.57
LOCAL_RATIO = 0.10
LINE_SHARES = {  # fmt: skip
    "investment": {
        "DA1": 11,
        "DA2": 12,
        "DA3.2": 0.5,
        "DA4.1": 56,
        "DA4.2": 3,
        "DA5.1": 7,
        "DA6": 4,
        "DA9.1": 3.5,
        "DA10.2": 3,
    },
    "recurrent": {
        "DA3.1": 12,
        "DA3.2": 13,
        "DA4.1": 25,
        "DA5.1": 4,
        "DA5.2": 2,
        "DA5.3": 5,
        "DA5.4": 2,
        "DA6": 18.6,
        "DA7": 2.6,
        "DA8": 3.4,
        "DA9.1": 0.8,
        "DA9.2": 0.5,
        "DA10.1": 4,
        "DA10.2": 1.5,
        "DA10.3": 2.4,
    },
}
# year-end disbursement rate of the current-year plan, before the province's own capacity
BASE_RATE = {
    "investment": {2021: 0.30, 2022: 0.66, 2023: 0.72, 2024: 0.78, 2025: 0.80},
    "recurrent": {2021: 0.20, 2022: 0.45, 2023: 0.50, 2024: 0.55, 2025: 0.57},
}
CARRY_OVER_KEPT = 0.7  # share of unspent investment extended into the next year
REGION_WEIGHT = {"I": 1.0, "II": 2.0, "III": 3.0}
KEY = ["unit_code", "province_code", "line", "source", "kind", "carry_over"]


@dataclass(frozen=True)
class Combos:
    """The (line, kind, source) budget cells with their national shares."""

    frame: pd.DataFrame

    @classmethod
    def build(cls) -> Combos:
        rows = []
        for kind, shares in LINE_SHARES.items():
            kind_share = INVESTMENT_SHARE if kind == "investment" else 1 - INVESTMENT_SHARE
            total = sum(shares.values())
            for line, share in shares.items():
                central = kind_share * share / total
                rows.append((line, kind, "central", central))
                rows.append((line, kind, "local", central * LOCAL_RATIO))
        return cls(pd.DataFrame(rows, columns=["line", "kind", "source", "share"]))


def monthly_profile(steepness: float) -> np.ndarray:
    """Cumulative share of the year's disbursement at the end of each month: slow until spring,
    then rising, with about a quarter left for December."""
    months = np.arange(1, 13) / 12
    cumulative = 0.74 * months**steepness
    cumulative[-1] = 1.0
    return cumulative


def province_plans(
    communes: pd.DataFrame, combos: Combos, year: int, rng: np.random.Generator
) -> pd.DataFrame:
    """Exact province amounts per budget cell for one year (columns province_code, line, kind,
    source, amount)."""
    weight = communes.region.map(REGION_WEIGHT).groupby(communes.province_code).sum()
    weight = weight * rng.lognormal(0, 0.1, len(weight))
    central = CENTRAL_BY_YEAR[year] * weight / weight.sum()
    cells = combos.frame.merge(central.rename("total").reset_index(), how="cross")
    noise = rng.lognormal(0, 0.25, len(cells))
    cells["amount"] = cells.share * cells.total * noise
    return cells.drop(columns=["share", "total"])


def spread_to_communes(
    plans: pd.DataFrame, communes: pd.DataFrame, per_commune: int, rng: np.random.Generator
) -> pd.DataFrame:
    """Give each commune ``per_commune`` budget cells (weighted draw) and share every province
    cell's amount among the communes that drew it, by their weights."""
    cells = plans[["line", "kind", "source"]].drop_duplicates().reset_index(drop=True)
    national = plans.groupby(["line", "kind", "source"]).amount.sum()
    log_share = np.log(national.reindex(pd.MultiIndex.from_frame(cells)).to_numpy())
    gumbel = rng.gumbel(size=(len(communes), len(cells)))
    keys = log_share[None, :] + gumbel
    take = min(per_commune, len(cells))
    chosen = np.argsort(-keys, axis=1)[:, :take]
    picks = pd.DataFrame({
        "unit_code": np.repeat(communes.code.to_numpy(), take),
        "province_code": np.repeat(communes.province_code.to_numpy(), take),
        "weight": np.repeat(communes.weight.to_numpy(), take),
        "cell": chosen.ravel(),
    })  # fmt: skip
    picks = pd.concat([picks, _cover_orphans(picks, communes, plans, cells, keys)])
    picks = picks.join(cells, on="cell").drop(columns="cell")
    picks = picks.merge(plans, on=["province_code", "line", "kind", "source"])
    share = picks.weight / picks.groupby(
        ["province_code", "line", "kind", "source"]
    ).weight.transform("sum")
    picks["amount_vnd"] = (picks.amount * share / 1e3).round().astype("int64") * 1_000
    picks["carry_over"] = False
    return picks.loc[picks.amount_vnd > 0, [*KEY, "amount_vnd"]].reset_index(drop=True)


def _cover_orphans(picks, communes, plans, cells, keys) -> pd.DataFrame:  # noqa: ANN001
    """Province cells no commune drew go to the commune that wanted them most."""
    drawn = set(zip(picks.province_code, picks.cell, strict=True))
    cell_index = {tuple(r): i for i, r in enumerate(cells.itertuples(index=False, name=None))}
    rows = []
    position = {code: i for i, code in enumerate(communes.code)}
    by_province = communes.groupby("province_code").code.apply(list)
    for province, line, kind, source in plans[
        ["province_code", "line", "kind", "source"]
    ].itertuples(index=False, name=None):
        cell = cell_index[(line, kind, source)]
        if (province, cell) in drawn:
            continue
        members = by_province[province]
        best = max(members, key=lambda code: keys[position[code], cell])
        weight = communes.weight.iloc[position[best]]
        rows.append((best, province, weight, cell))
    return pd.DataFrame(rows, columns=["unit_code", "province_code", "weight", "cell"])


def disburse(
    plans: pd.DataFrame,
    year: int,
    capacity: pd.Series,
    rng: np.random.Generator,
    sparsity: float,
) -> pd.DataFrame:
    """Monthly disbursement rows (KEY + month, amount_vnd) of one year's plan rows.

    The year-end total is exact in đồng: months are differences of a rounded cumulative curve.
    """
    n = len(plans)
    skill = capacity.reindex(plans.province_code).to_numpy()
    base = np.where(plans.kind == "investment", BASE_RATE["investment"].get(year, 0.8),
                    BASE_RATE["recurrent"].get(year, 0.6))  # fmt: skip
    base = np.where(plans.carry_over, 0.85, base)
    rate = np.clip(base * np.exp(0.45 * skill) * rng.lognormal(0, 0.2, n), 0, 0.99)
    # investment pays out steadily, recurrent late (≈ 40% vs 23% of the plan by end of August)
    centre = np.where(plans.kind == "investment", 1.1, 1.8)
    steep = np.clip(centre - 0.4 * skill + rng.normal(0, 0.25, n), 0.8, 3.0)
    steep = np.where(plans.carry_over, 1.2, steep)  # carried-over works finish early
    curve = 0.74 * (np.arange(1, 13)[None, :] / 12) ** steep[:, None]
    curve[:, -1] = 1.0
    steps = np.diff(curve, axis=1, prepend=0.0) * rng.gamma(2.0, 0.5, (n, 12))
    steps[rng.random((n, 12)) < sparsity] = 0.0
    steps[steps.sum(axis=1) == 0, 11] = 1.0
    cumulative = np.cumsum(steps, axis=1) / steps.sum(axis=1, keepdims=True)
    total = plans.amount_vnd.to_numpy() * rate
    cum_vnd = np.round(cumulative * total[:, None] / 1e3).astype("int64") * 1_000
    monthly = np.diff(cum_vnd, axis=1, prepend=0)
    rows, months = np.nonzero(monthly > 0)
    out = plans.iloc[rows][KEY].reset_index(drop=True)
    out["month"] = months + 1
    out["amount_vnd"] = monthly[rows, months]
    return out


def carried_over(plans: pd.DataFrame, spent: pd.DataFrame, kinds: tuple[str, ...]) -> pd.DataFrame:
    """Next year's carry-over plan rows: a share of what each current-year cell left unspent."""
    keyed = plans[~plans.carry_over & plans.kind.isin(kinds)].set_index(KEY).amount_vnd
    used = spent.groupby(KEY).amount_vnd.sum().reindex(keyed.index, fill_value=0)
    left = ((keyed - used) * CARRY_OVER_KEPT / 1e6).round().astype("int64") * 1_000_000
    out = left[left > 0].rename("amount_vnd").reset_index()
    out["carry_over"] = True
    return out


def to_new_units(
    frame: pd.DataFrame, links: pd.DataFrame, new_province: pd.Series, keys: list[str]
) -> pd.DataFrame:
    """Move rows from legacy to post-reform communes (area shares for divided communes),
    keeping every total exact: the rounding remainder goes to the row's largest part."""
    moved = frame.reset_index(drop=True).rename_axis("row").reset_index()
    moved = moved.merge(links, left_on="unit_code", right_on="old_code")
    moved["part"] = np.floor(moved.amount_vnd * moved.share).astype("int64")
    largest = moved.groupby("row").share.idxmax()
    paid = moved.groupby("row").part.sum()
    moved.loc[largest.to_numpy(), "part"] += (moved.amount_vnd.groupby(moved.row).first() - paid
                                              ).to_numpy()  # fmt: skip
    moved["unit_code"] = moved.new_code
    moved["province_code"] = moved.new_code.map(new_province)
    moved["amount_vnd"] = moved.part
    return moved.groupby(keys, as_index=False, sort=False).amount_vnd.sum()

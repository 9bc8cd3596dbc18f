"""One rule for carrying amounts from the units of one boundary set to those of the other, used by
the map and the tables alike, exact to the đồng.

A legacy commune's amount goes to the new communes it became, in proportion to
``unit_crosswalk.share``; a new commune's amount goes back to the old communes it was formed from,
in proportion to the share of each that went into it. Each amount is split in whole đồng: the
floor of each exact part, then the đồng left over one each to the largest remainders (ties to the
lower code), so the parts always add up to the amount. Provinces follow their communes (old
provinces merged whole, so a legacy province's amount is its new province's part exactly).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.models import LEGACY

# each unit's shares as integers summing to about a billion: precise to the đồng on a billion, and
# small enough that every product in ``_parts`` fits in 64 bits
SHARE_SCALE = 1_000_000_000


def directed(walk: pd.DataFrame, source: int) -> pd.DataFrame:
    """The crosswalk (old_code, new_code, share) as seen from the units of ``source``: columns
    old_code (a unit of ``source``), new_code (a unit of the other set), share."""
    if source == LEGACY:
        return walk[["old_code", "new_code", "share"]]
    return walk.rename(columns={"old_code": "new_code", "new_code": "old_code"})[
        ["old_code", "new_code", "share"]
    ]


def apportion(frame: pd.DataFrame, crosswalk: pd.DataFrame) -> pd.DataFrame:
    """Split ``frame``'s integer ``amount`` of each ``key`` (an ``old_code`` of ``crosswalk``)
    over its ``new_code``s by ``share``, in whole đồng by largest remainder. Keys missing from
    ``crosswalk`` keep their amount with an empty new code ("")."""
    frame = frame.reset_index(drop=True).rename_axis("row").reset_index()
    normalised = crosswalk["share"] / crosswalk.groupby("old_code")["share"].transform("sum")
    weights = crosswalk.assign(weight=(normalised.fillna(0) * SHARE_SCALE).round().astype("int64"))
    weights = weights[weights["weight"] > 0].drop(columns="share")  # a zero share takes nothing
    weights["total"] = weights.groupby("old_code")["weight"].transform("sum")
    merged = frame.merge(weights, left_on="key", right_on="old_code", how="left")
    merged["new_code"] = merged["new_code"].fillna("")
    merged[["weight", "total"]] = merged[["weight", "total"]].fillna(1).astype("int64")
    merged["part"], merged["remainder"] = _parts(
        merged["amount"], merged["weight"], merged["total"]
    )
    left = merged["amount"] - merged.groupby("row")["part"].transform("sum")
    order = merged.sort_values(["row", "remainder", "new_code"], ascending=[True, False, True])
    rank = order.groupby("row").cumcount().reindex(merged.index)
    merged["amount"] = merged["part"] + (rank < left).astype("int64")
    merged["key"] = merged["new_code"]
    return merged[frame.columns.drop("row")]


def _parts(amount: pd.Series, weight: pd.Series, total: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """floor(amount * weight / total) and its remainder, exactly, in 64-bit integers: with
    amount = whole * total + rest, the part is whole * weight + (rest * weight) // total, and
    neither product can overflow (weight <= total, rest < total, total about ``SHARE_SCALE``)."""
    amount, weight, total = (s.to_numpy(dtype="int64") for s in (amount, weight, total))
    if (amount < 0).any():  # not met in data (the importer refuses negative amounts): exact anyway
        exact = amount.astype(object) * weight.astype(object)
        return (exact // total).astype("int64"), (exact % total).astype("int64")
    whole, rest = np.divmod(amount, total)
    scaled = rest * weight
    return whole * weight + scaled // total, scaled % total

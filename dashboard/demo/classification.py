"""Demo region classification (Region I/II/III, ethnic-minority area) of the legacy communes.

The real lists (Decision 861/QĐ-TTg and its amendments) are in no package, so the demo follows the
published counts: 3,434 communes in 51 provinces, 1,673 Region I, 210 Region II and 1,551 Region III
in 39 provinces, with the per-province Region III counts that were published (Hà Giang 133, Cao
Bằng 126, ...) and Hòa Bình, Sơn La, Nghệ An and Vĩnh Long as reported. Within a province the most
remote communes (farthest from its wards and towns) are taken first, so regions cluster as real ones
do. Everything written here is labelled ``classification_source = "demo"``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

TOTAL_COMMUNES, REGION_II, REGION_III = 3_434, 210, 1_551

# province code -> (EM communes, Region III communes) as published (Sơn La reported 202 EM
# communes; 200 remain after later mergers). WEIGHTS fill the rest: demo weights scaled so that
# the national totals come out exactly.
PUBLISHED = {  # fmt: skip
    "02": (None, 133),
    "04": (None, 126),
    "06": (None, 67),
    "08": (None, 50),
    "10": (None, 70),
    "15": (None, 59),
    "19": (None, 15),
    "38": (None, 21),
    "20": (None, 88),
    "24": (None, 28),
    "25": (None, 26),
    "11": (None, 94),
    "12": (None, 58),
    "14": (200, 126),
    "17": (145, 59),
    "40": (131, None),
    "86": (5, 2),
}
WEIGHTS = {  # fmt: skip
    "02": (180, 0),
    "04": (158, 0),
    "06": (104, 0),
    "08": (110, 0),
    "10": (140, 0),
    "11": (122, 0),
    "12": (100, 0),
    "15": (150, 0),
    "19": (100, 0),
    "20": (185, 0),
    "22": (60, 0),
    "24": (100, 0),
    "25": (100, 0),
    "26": (20, 0),
    "01": (14, 0),
    "37": (20, 0),
    "38": (175, 0),
    "40": (0, 62),
    "42": (20, 4),
    "44": (30, 12),
    "45": (35, 14),
    "46": (30, 8),
    "48": (4, 0),
    "49": (95, 55),
    "51": (70, 40),
    "52": (45, 18),
    "54": (40, 14),
    "56": (35, 12),
    "58": (30, 14),
    "60": (25, 6),
    "62": (95, 65),
    "64": (165, 70),
    "66": (150, 53),
    "67": (60, 20),
    "68": (90, 18),
    "70": (50, 6),
    "72": (10, 0),
    "74": (5, 0),
    "75": (20, 0),
    "77": (10, 0),
    "84": (70, 8),
    "89": (30, 4),
    "91": (40, 4),
    "92": (10, 0),
    "93": (15, 0),
    "94": (90, 20),
    "95": (25, 4),
    "96": (15, 0),
}
HOA_BINH_REGION_II = 12


def largest_remainder(weights: dict[str, float], total: int) -> dict[str, int]:
    """Integers proportional to ``weights`` that add up to exactly ``total``."""
    keys = list(weights)
    raw = np.array([weights[k] for k in keys], dtype=float)
    scaled = raw / raw.sum() * total if raw.sum() else raw
    counts = np.floor(scaled).astype(int)
    order = np.argsort(-(scaled - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return dict(zip(keys, counts.tolist(), strict=True))


def _fixed_and_free(index: int, national: int) -> dict[str, int]:
    fixed = {p: v[index] for p, v in PUBLISHED.items() if v[index] is not None}
    free = {p: w[index] for p, w in WEIGHTS.items() if p not in fixed and w[index] > 0}
    return {**fixed, **largest_remainder(free, national - sum(fixed.values()))}


def province_targets() -> pd.DataFrame:
    """Per province: EM communes and communes of Region III, II and I (exact national totals)."""
    em = _fixed_and_free(0, TOTAL_COMMUNES)
    iii = _fixed_and_free(1, REGION_III)
    frame = pd.DataFrame({"em": pd.Series(em), "iii": pd.Series(iii)}).fillna(0).astype(int)
    frame["em"] = frame[["em", "iii"]].max(axis=1)
    rest = (frame.em - frame.iii).to_dict()
    rest.pop("17")
    ii = largest_remainder(rest, REGION_II - HOA_BINH_REGION_II)
    frame["ii"] = pd.Series({**ii, "17": HOA_BINH_REGION_II})
    frame.loc["86", "ii"] = 0  # Vĩnh Long reports no Region II commune
    frame["ii"] = frame.ii.fillna(0).astype(int)
    _rebalance_region_ii(frame)
    frame["i"] = frame.em - frame.iii - frame.ii
    return frame.sort_index()


def _rebalance_region_ii(frame: pd.DataFrame) -> None:
    """Put back any Region II commune taken by the Vĩnh Long rule on the largest province."""
    missing = REGION_II - int(frame.ii.sum())
    if missing:
        frame.loc[(frame.em - frame.iii - frame.ii).idxmax(), "ii"] += missing


def classify(communes: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Assign region and EM flag to legacy communes (columns code, province_code, name, lat, lon).

    Returns code, region ("I"/"II"/"III"), em_area for the 3,434 chosen communes.
    """
    rng = np.random.default_rng(seed)
    communes = communes.astype({"lat": float, "lon": float})
    targets = province_targets()
    chosen = []
    for province, group in communes.groupby("province_code"):
        if province not in targets.index:
            continue
        row = targets.loc[province]
        ranked = _by_remoteness(group, rng)
        regions = ["III"] * row.iii + ["II"] * row.ii + ["I"] * row.i
        if len(regions) > len(ranked):
            raise ValueError(f"province {province} has fewer communes than its demo target")
        chosen.append(pd.DataFrame({"code": ranked.code.iloc[: len(regions)], "region": regions}))
    result = pd.concat(chosen, ignore_index=True)
    result["em_area"] = True
    return result


def _by_remoteness(group: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Rural communes first, the farthest from the province's towns and wards first."""
    is_rural = group.name.str.startswith("Xã") | group.name.str.startswith("Huyện")
    towns = group[~is_rural]
    centre = (
        (towns.lat.mean(), towns.lon.mean()) if len(towns) else (group.lat.mean(), group.lon.mean())
    )
    distance = np.hypot(group.lat - centre[0], group.lon - centre[1]).fillna(0)
    jitter = rng.normal(0, 0.15 * (distance.std() or 1.0), len(group))
    score = distance + jitter + np.where(is_rural, 100.0, 0.0)
    return group.assign(score=score).sort_values("score", ascending=False)


def reformed_classification(legacy: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """New communes inherit the most difficult region of their old communes (the worst case,
    as DOMAIN §8 suggests), and the EM flag if any old commune had it."""
    rank = {"I": 1, "II": 2, "III": 3}
    merged = links.merge(legacy, left_on="old_code", right_on="code")
    merged["rank"] = merged.region.map(rank)
    worst = merged.groupby("new_code")["rank"].max()
    inverse = {v: k for k, v in rank.items()}
    return pd.DataFrame({"code": worst.index, "region": worst.map(inverse).values, "em_area": True})

"""Demo indicator values, national and per province, 2021-2025.

Definitions and targets are real (``catalogues/indicators_1719.csv``, DOMAIN.md §3); the values
are demo. National series run from a start value to the level reported for the latest year
(e.g. EM poverty 12.55% at end-2024, EM income 43.4 million VND, 96.7% of households on the grid);
provinces scatter around the national value, lower where more communes are Region III.
Values up to 2024 are on the legacy provinces, 2025 on the post-reform ones.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

DEFINITIONS = Path(__file__).parent.parent / "catalogues" / "indicators_1719.csv"
YEARS = np.arange(2021, 2026)
# code -> (value in 2021, reported or demo value in 2025); demo where no figure was published
SERIES = {
    "EM_INCOME": (17.0, 45.9),
    "EM_POVERTY": (23.0, 9.3),
    "DBKK_EXIT": (0.0, 38.0),
    "PRESCHOOL_5Y": (88.0, 93.5),
    "PRENATAL_CARE": (68.0, 79.0),
    "HEALTH_INSURANCE": (90.0, 93.0),
    "LITERACY": (85.0, 89.5),
    "GRID_POWER": (93.0, 96.9),
    "NTM_COMMUNES": (20.0, 38.0),
    "VOCATIONAL": (40.0, 54.8),
}


def read_definitions() -> pd.DataFrame:
    frame = pd.read_csv(DEFINITIONS, dtype={"code": str})
    return frame.astype(object).where(frame.notna(), None)


def national_values(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for code, (start, end) in SERIES.items():
        path = np.linspace(start, end, len(YEARS)) + rng.normal(
            0, abs(end - start) * 0.02, len(YEARS)
        )
        rows += [
            (code, int(year), round(float(value), 2))
            for year, value in zip(YEARS, path, strict=True)
        ]
    return pd.DataFrame(rows, columns=["indicator_code", "year", "value"])


def province_values(
    national: pd.DataFrame, hardship: pd.Series, rng: np.random.Generator
) -> pd.DataFrame:
    """``hardship``: province code -> share of its EM communes in Region III (0..1)."""
    effect = pd.Series(rng.normal(0, 0.08, len(hardship)), index=hardship.index) - 0.25 * (
        hardship - hardship.mean()
    )
    frame = national.merge(
        effect.rename("effect").rename_axis("unit_code").reset_index(), how="cross"
    )
    sign = np.where(frame.indicator_code == "EM_POVERTY", -1.0, 1.0)
    value = frame.value * (1 + sign * frame.effect)
    percent = frame.indicator_code != "EM_INCOME"
    frame["value"] = np.where(percent, np.clip(value, 0, 100), value).round(2)
    return frame.drop(columns="effect")

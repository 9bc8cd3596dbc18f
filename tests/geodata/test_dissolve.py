"""Higher levels are the unions of the lower ones, so that all levels share borders."""

import numpy as np
import pandas as pd
import pytest
import shapely

# Share of a unit's area by which it may differ from the union of its parts (rounding noise).
TOLERANCE = 1e-6


def _mismatch(parts: pd.DataFrame, parents: pd.DataFrame, parent_of: pd.Series) -> pd.Series:
    """Area of the symmetric difference between each parent and its parts' union, relative."""
    groups = parts.groupby(parent_of.reindex(parts.index).to_numpy())
    unions = groups.geometry.agg(lambda g: shapely.union_all(g.to_numpy()))
    shared = parents.index.intersection(unions.index)
    assert len(shared) >= 0.99 * len(parents)
    sym = shapely.symmetric_difference(
        parents.geometry[shared].to_numpy(), unions[shared].to_numpy()
    )
    return pd.Series(
        shapely.area(sym) / shapely.area(parents.geometry[shared].to_numpy()), index=shared
    )


@pytest.mark.parametrize("detail", ["national", "detailed"])
def test_districts_are_the_union_of_their_communes(layer, legacy, detail):
    parent = legacy.dropna(subset=["ward_code"]).set_index("ward_code")["district_code"]
    mismatch = _mismatch(
        layer("2024", "commune", detail), layer("2024", "district", detail), parent
    )
    assert mismatch.max() <= TOLERANCE


def test_provinces_are_the_union_of_their_districts(layer, legacy):
    parent = legacy.drop_duplicates("district_code").set_index("district_code")["province_code"]
    mismatch = _mismatch(layer("2024", "district"), layer("2024", "province"), parent)
    assert mismatch.max() <= TOLERANCE


def test_post_reform_provinces_are_the_union_of_their_communes(layer, current):
    parent = current.set_index("ward_code")["province_code"]
    mismatch = _mismatch(layer("2025", "commune"), layer("2025", "province"), parent)
    assert mismatch.max() <= TOLERANCE


def test_both_vintages_cover_the_same_land(layer):
    old = shapely.union_all(layer("2024", "province").geometry.to_numpy())
    new = shapely.union_all(layer("2025", "province").geometry.to_numpy())
    assert shapely.symmetric_difference(old, new).area <= TOLERANCE * old.area


def test_the_layer_is_a_coverage_without_overlaps(layer):
    geoms = layer("2024", "commune").geometry.to_numpy()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = left < right
    shared = shapely.area(shapely.intersection(geoms[left[keep]], geoms[right[keep]]))
    # 1e-8 square degrees is about 120 m²: a rounding sliver, not an overlap.
    assert np.all(shared <= 1e-8)

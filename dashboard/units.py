"""Administrative units of both vintages and the 2025 crosswalk, from the ``vietnamadminunits``
package (its ``data/dataset.db`` and ``data/converter_2025.json``).

Legacy vintage (2024): 63 provinces, 696 districts and 10,040 lowest-level units: 10,035 communes
with GSO codes plus the 5 island districts that had no communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa,
Lý Sơn, Côn Đảo). Those five are kept at commune level under the code of the special zone (đặc khu)
they became, which GSO carried over, so data on them maps straight through the reform.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, delete, func, insert, select

from dashboard.db import session_scope
from dashboard.models import COUNTRY_CODE, LEGACY, REFORMED, AdminUnit, UnitCrosswalk

COLUMNS = [c.name for c in AdminUnit.__table__.columns]


class UnitsSourceMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class UnitSource:
    dataset: Path
    converter: Path

    @classmethod
    def from_package(cls) -> UnitSource:
        try:
            import vietnamadminunits
        except ImportError:
            raise UnitsSourceMissing(
                "the package vietnamadminunits is missing: pip install vietnamadminunits"
            ) from None
        data = Path(vietnamadminunits.__file__).parent / "data"
        return cls(data / "dataset.db", data / "converter_2025.json")

    def check(self) -> None:
        for path in (self.dataset, self.converter):
            if not path.is_file():
                raise UnitsSourceMissing(
                    f"{path} not found: reinstall the package vietnamadminunits"
                )


def _read(src: UnitSource, sql: str) -> pd.DataFrame:
    with sqlite3.connect(f"file:{src.dataset}?mode=ro", uri=True) as conn:
        return pd.read_sql_query(sql, conn)


def _country(vintage: int) -> dict:
    return {
        "vintage": vintage,
        "code": COUNTRY_CODE,
        "level": "country",
        "name": "Việt Nam",
        "short_name": "Việt Nam",
        "name_key": "vietnam",
    }


def legacy_units(src: UnitSource) -> pd.DataFrame:
    raw = _read(src, "SELECT * FROM admin_units_legacy")
    provinces = raw.drop_duplicates("provinceCode").assign(
        level="province",
        code=lambda d: d.provinceCode,
        name=lambda d: d.province,
        short_name=lambda d: d.provinceShort,
        name_key=lambda d: d.provinceShortKey,
        parent_code=COUNTRY_CODE,
        province_code=lambda d: d.provinceCode,
        district_code=None,
        lat=lambda d: d.provinceLat,
        lon=lambda d: d.provinceLon,
    )
    districts = raw.drop_duplicates("districtCode").assign(
        level="district",
        code=lambda d: d.districtCode,
        name=lambda d: d.district,
        short_name=lambda d: d.districtShort,
        name_key=lambda d: d.districtShortKey,
        parent_code=lambda d: d.provinceCode,
        province_code=lambda d: d.provinceCode,
        district_code=lambda d: d.districtCode,
        lat=lambda d: d.districtLat,
        lon=lambda d: d.districtLon,
    )
    communes = raw[raw.wardCode.notna()].assign(
        level="commune",
        code=lambda d: d.wardCode,
        name=lambda d: d.ward,
        short_name=lambda d: d.wardShort,
        name_key=lambda d: d.wardShortKey,
        parent_code=lambda d: d.districtCode,
        province_code=lambda d: d.provinceCode,
        district_code=lambda d: d.districtCode,
        lat=lambda d: d.wardLat,
        lon=lambda d: d.wardLon,
    )
    frame = pd.concat([provinces, districts, communes, _island_districts(src, raw)])
    frame = pd.concat([pd.DataFrame([_country(LEGACY)]), frame], ignore_index=True)
    return _finish(frame.assign(vintage=LEGACY))


def _island_districts(src: UnitSource, raw: pd.DataFrame) -> pd.DataFrame:
    """The districts without communes, as commune-level units coded like their special zone."""
    islands = raw[raw.wardCode.isna()]
    zones = _read(
        src,
        "SELECT wardShortKey, wardCode, wardLat, wardLon FROM admin_units "
        "WHERE wardType = 'Đặc khu'",
    )
    merged = islands.merge(
        zones,
        left_on="districtShortKey",
        right_on="wardShortKey",
        suffixes=("", "_new"),
        validate="one_to_one",
    )
    if len(merged) != len(islands):
        raise UnitsSourceMissing("vietnamadminunits: an island district has no special zone")
    return merged.assign(
        level="commune",
        code=lambda d: d.wardCode_new,
        name=lambda d: d.district,
        short_name=lambda d: d.districtShort,
        name_key=lambda d: d.districtShortKey,
        parent_code=lambda d: d.districtCode,
        province_code=lambda d: d.provinceCode,
        district_code=lambda d: d.districtCode,
        lat=lambda d: d.wardLat_new,
        lon=lambda d: d.wardLon_new,
    )


def reformed_units(src: UnitSource) -> pd.DataFrame:
    raw = _read(src, "SELECT * FROM admin_units")
    provinces = raw.drop_duplicates("provinceCode").assign(
        level="province",
        code=lambda d: d.provinceCode,
        name=lambda d: d.province,
        short_name=lambda d: d.provinceShort,
        name_key=lambda d: d.provinceShortKey,
        parent_code=COUNTRY_CODE,
        province_code=lambda d: d.provinceCode,
        lat=lambda d: d.provinceLat,
        lon=lambda d: d.provinceLon,
        area_km2=None,
    )
    communes = raw.assign(
        level="commune",
        code=lambda d: d.wardCode,
        name=lambda d: d.ward,
        short_name=lambda d: d.wardShort,
        name_key=lambda d: d.wardShortKey,
        parent_code=lambda d: d.provinceCode,
        province_code=lambda d: d.provinceCode,
        lat=lambda d: d.wardLat,
        lon=lambda d: d.wardLon,
        area_km2=lambda d: d.wardAreaKm2,
    )
    frame = pd.concat([pd.DataFrame([_country(REFORMED)]), provinces, communes], ignore_index=True)
    return _finish(frame.assign(vintage=REFORMED, district_code=None))


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    for column in COLUMNS:
        if column not in frame:
            frame[column] = None
    frame["em_area"] = False
    frame = frame[COLUMNS].astype(object).where(frame[COLUMNS].notna(), None)
    return frame.reset_index(drop=True)


def crosswalk(src: UnitSource) -> pd.DataFrame:
    """Legacy commune code -> post-reform commune code with the share of the old commune's area.

    The converter lists whole communes per new commune, and for the 471 communes divided between
    new ones, the new communes with their areas. The share of a divided commune that went to each
    new one is not published; we take it proportional to the new communes' areas, which the
    geodata build refines by overlaying the real polygons.
    """
    legacy = _read(
        src,
        "SELECT provinceKey, districtKey, wardKey, wardCode, districtShortKey "
        "FROM admin_units_legacy",
    )
    old_code = {
        f"{r.provinceKey}_{r.districtKey}_{r.wardKey}": r.wardCode
        for r in legacy.itertuples()
        if r.wardCode
    }
    new = _read(src, "SELECT provinceKey, wardKey, wardCode FROM admin_units")
    new_code = {(r.provinceKey, r.wardKey): r.wardCode for r in new.itertuples()}
    converter = json.loads(src.converter.read_text(encoding="utf-8"))
    rows = []
    for province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward, olds in wards.items():
            target = new_code[(province, ward)]
            for old in olds:
                # island districts are keyed "province_district_" and carry the zone's code
                rows.append((old_code.get(old, target), target, 1.0, True))
    # a divided commune may be listed under two new provinces: weigh its parts together
    for province, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, parts in olds.items():
            for part in parts:
                target = new_code[(province, part["newWardKey"])]
                area = part["newWardAreaKm2"] or 1.0
                rows.append((old_code[old], target, area, bool(part["isDefaultNewWard"])))
    frame = pd.DataFrame(rows, columns=["old_code", "new_code", "share", "is_default"])
    frame["share"] = frame.share / frame.groupby("old_code").share.transform("sum")
    return frame


@dataclass(frozen=True)
class UnitCounts:
    vintage: int
    provinces: int
    districts: int
    communes: int


def load_units(engine: Engine, src: UnitSource | None = None) -> None:
    """Replace the administrative units and the crosswalk with the package's (one transaction).

    Region and ethnic-minority-area flags of units that keep their code are preserved.
    """
    src = src or UnitSource.from_package()
    src.check()
    units = pd.concat([legacy_units(src), reformed_units(src)], ignore_index=True)
    links = crosswalk(src)
    with session_scope(engine) as session:
        kept = session.execute(
            select(
                AdminUnit.vintage,
                AdminUnit.code,
                AdminUnit.region,
                AdminUnit.em_area,
                AdminUnit.classification_source,
            )
        ).all()
        session.execute(delete(UnitCrosswalk))
        session.execute(delete(AdminUnit))
        session.execute(insert(AdminUnit), units.to_dict("records"))
        session.execute(insert(UnitCrosswalk), links.to_dict("records"))
        for vintage, code, region, em_area, source in kept:
            unit = session.get(AdminUnit, (vintage, code)) if source else None
            if unit is not None:
                unit.region, unit.em_area, unit.classification_source = region, em_area, source


def unit_counts(engine: Engine, vintage: int) -> UnitCounts:
    with session_scope(engine) as session:
        rows = dict(
            session.execute(
                select(AdminUnit.level, func.count())
                .where(AdminUnit.vintage == vintage)
                .group_by(AdminUnit.level)
            ).all()
        )
    return UnitCounts(
        vintage, rows.get("province", 0), rows.get("district", 0), rows.get("commune", 0)
    )


def vintage_of_month(year: int, month: int) -> int:
    """Reports up to June 2025 are on the legacy units, from July 2025 on the new ones."""
    return LEGACY if (year, month) < (2025, 7) else REFORMED


def vintage_of_year(year: int) -> int:
    """Yearly plans up to 2025 were set on the legacy units; from 2026 on the new ones."""
    return LEGACY if year <= 2025 else REFORMED

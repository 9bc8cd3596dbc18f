from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from dashboard.models import LEGACY, REFORMED, AdminUnit, UnitCrosswalk
from dashboard.units import UnitSource, crosswalk, unit_counts, vintage_of_month


def test_legacy_counts(engine: Engine) -> None:
    counts = unit_counts(engine, LEGACY)
    assert (counts.provinces, counts.districts, counts.communes) == (63, 696, 10_040)


def test_reformed_counts(engine: Engine) -> None:
    counts = unit_counts(engine, REFORMED)
    assert (counts.provinces, counts.districts, counts.communes) == (34, 0, 3_321)


def test_island_districts_are_commune_level_units(engine: Engine) -> None:
    with Session(engine) as session:
        ly_son = session.scalars(
            select(AdminUnit).where(
                AdminUnit.vintage == LEGACY,
                AdminUnit.name == "Huyện Lý Sơn",
                AdminUnit.level == "commune",
            )
        ).one()
        zone = session.get(AdminUnit, (REFORMED, ly_son.code))
    assert ly_son.district_code == "536"
    assert zone is not None and zone.short_name == "Lý Sơn"


def test_every_legacy_commune_maps_to_new_communes_in_full(engine: Engine) -> None:
    with Session(engine) as session:
        totals = session.execute(
            select(UnitCrosswalk.old_code, func.sum(UnitCrosswalk.share)).group_by(
                UnitCrosswalk.old_code
            )
        ).all()
        new_codes = set(session.scalars(select(UnitCrosswalk.new_code).distinct()))
    assert len(totals) == 10_040
    assert all(abs(total - 1.0) < 1e-9 for _, total in totals)
    assert len(new_codes) == 3_321


def test_divided_communes_keep_several_shares() -> None:
    links = crosswalk(UnitSource.from_package())
    divided = links[links.share < 1.0]
    assert divided.old_code.nunique() >= 400  # the converter lists 471 divided communes
    assert (divided.groupby("old_code").new_code.count() >= 2).all()


def test_vintage_follows_the_reform_date() -> None:
    assert vintage_of_month(2025, 6) == LEGACY
    assert vintage_of_month(2025, 7) == REFORMED

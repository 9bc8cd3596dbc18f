"""The one filter vocabulary: parsing URL parameters, resolving defaults, and the scope builder
that applies a viewer's grants (grants x filters x both vintages)."""

from __future__ import annotations

import pytest

from dashboard.access import ANALYST, LEADER, Viewer
from dashboard.filters import (
    MAX_CODES,
    Calendar,
    Filters,
    codes,
    from_query,
    granted_provinces,
    translate,
)
from dashboard.queries.scope import NOWHERE

# a part of the real map: new 08 took in old 02 and 08, new 15 old 10 and 15, 04 stayed alone
PROVINCES = {"02": "08", "08": "08", "10": "15", "15": "15", "04": "04"}
CALENDAR = Calendar(years=(2023, 2024, 2025, 2026), as_of=(2026, 10), province_map=PROVINCES)
LEADER_VIEWER = Viewer("lead", LEADER)
ANALYST_08 = Viewer("ana", ANALYST, frozenset({"08"}))
ANALYST_08_15 = Viewer("ana2", ANALYST, frozenset({"08", "15"}))
NOBODY = Viewer("none", ANALYST, frozenset())


def scope(viewer: Viewer, **filters: object):  # noqa: ANN201 (a Scope)
    resolved = Filters(**filters).resolve(CALENDAR)
    return resolved.to_scope(viewer, PROVINCES)


class TestParsing:
    def test_reads_every_name_of_the_vocabulary(self) -> None:
        filters = from_query(
            {
                "year": "2025",
                "month": "8",
                "vintage": "2024",
                "provinces": "08,02",
                "regions": "III",
                "projects": ["DA4"],
                "sources": "central",
                "kinds": "investment",
                "plan": "carry_over",
            }
        )
        assert filters == Filters(
            2025,
            8,
            2024,
            ("02", "08"),
            ("III",),
            ("DA4",),
            ("central",),
            ("investment",),
            "carry_over",
        )

    def test_singular_names_read_as_plurals_and_province_is_not_a_filter(self) -> None:
        filters = from_query(
            {
                "project": "DA4",
                "source": "local",
                "kind": "recurrent",
                "region": "I",
                "province": "08",
            }
        )
        assert filters.projects == ("DA4",) and filters.sources == ("local",)
        assert filters.kinds == ("recurrent",) and filters.regions == ("I",)
        assert filters.provinces == ()

    def test_unknown_values_are_dropped(self) -> None:
        filters = from_query(
            {
                "vintage": "2023",
                "sources": "moon,central",
                "kinds": "x",
                "plan": "both",
                "year": "20x5",
            }
        )
        assert filters == Filters(sources=("central",))

    def test_every_list_is_bounded(self) -> None:
        many = ",".join(f"{i:04d}" for i in range(100_000))
        assert len(from_query({"provinces": many}).provinces) == MAX_CODES
        assert len(codes([str(i) for i in range(10_000)])) == MAX_CODES
        assert codes("x" * 100 + ",08") == ("08",)  # an overlong code is no code

    def test_params_round_trip(self) -> None:
        filters = Filters(2025, 8, 2025, ("04", "08"), projects=("DA4",), plan="current")
        params = {k: v for k, v in filters.params().items() if v is not None}
        assert from_query(params) == filters


class TestResolve:
    def test_defaults_are_the_as_of_year_and_its_reported_months(self) -> None:
        resolved = Filters().resolve(CALENDAR, (2025, 2024))
        assert (resolved.year, resolved.month, resolved.vintage) == (2026, 10, 2025)

    def test_a_year_without_data_and_a_month_not_reported_fall_back(self) -> None:
        assert Filters(year=2019, month=3).resolve(CALENDAR).year == 2026
        assert Filters(year=2026, month=11).resolve(CALENDAR).month == 10
        assert Filters(year=2025, month=11).resolve(CALENDAR).month == 11

    def test_the_vintage_is_one_the_page_allows(self) -> None:
        assert Filters(vintage=2024).resolve(CALENDAR, (2025,)).vintage == 2025
        assert Filters(vintage=2024).resolve(CALENDAR, (2025, 2024)).vintage == 2024

    def test_provinces_follow_a_change_of_boundary_set(self) -> None:
        old = Filters(year=2024, vintage=2024, provinces=("02", "04"))
        assert old.resolve(CALENDAR, (2025,)).provinces == ("04", "08")
        new = Filters(year=2024, vintage=2025, provinces=("08",))
        assert new.resolve(CALENDAR, (2024,)).provinces == ("02", "08")

    def test_no_data_is_an_error(self) -> None:
        with pytest.raises(LookupError):
            Filters().resolve(Calendar((), None, PROVINCES))

    def test_a_scope_needs_resolved_filters(self) -> None:
        with pytest.raises(ValueError):
            Filters().to_scope(LEADER_VIEWER, PROVINCES)


class TestScopeBuilder:
    """Grants x filters x both vintages."""

    @pytest.mark.parametrize("vintage", [2024, 2025])
    def test_a_viewer_of_every_province_gets_the_filters_as_asked(self, vintage: int) -> None:
        assert scope(LEADER_VIEWER, vintage=vintage).provinces == ()
        assert scope(LEADER_VIEWER, vintage=vintage, provinces=("04",)).provinces == ("04",)

    @pytest.mark.parametrize(("vintage", "expected"), [(2025, ("08",)), (2024, ("02", "08"))])
    def test_asking_for_nothing_gives_exactly_the_granted_provinces(
        self, vintage: int, expected: tuple[str, ...]
    ) -> None:
        assert scope(ANALYST_08, vintage=vintage).provinces == expected

    @pytest.mark.parametrize(
        ("vintage", "asked", "expected"),
        [
            (2025, ("04", "08"), ("08",)),
            (2024, ("02", "04", "10"), ("02", "10")),
            (2025, ("08", "15"), ("08", "15")),
        ],
    )
    def test_a_request_is_narrowed_to_the_grants(
        self, vintage: int, asked: tuple[str, ...], expected: tuple[str, ...]
    ) -> None:
        assert scope(ANALYST_08_15, vintage=vintage, provinces=asked).provinces == expected

    @pytest.mark.parametrize(("vintage", "asked"), [(2025, ("04",)), (2024, ("04", "10"))])
    def test_asking_only_for_other_provinces_matches_nothing(
        self, vintage: int, asked: tuple[str, ...]
    ) -> None:
        assert scope(ANALYST_08, vintage=vintage, provinces=asked).provinces == (NOWHERE,)

    @pytest.mark.parametrize("vintage", [2024, 2025])
    def test_a_viewer_granted_nothing_sees_nothing(self, vintage: int) -> None:
        assert scope(NOBODY, vintage=vintage).provinces == (NOWHERE,)

    def test_the_other_filters_pass_through(self) -> None:
        built = scope(
            ANALYST_08,
            year=2025,
            month=6,
            vintage=2025,
            projects=("DA4",),
            sources=("central",),
            kinds=("recurrent",),
            regions=("III",),
            plan="current",
        )
        assert (built.year, built.upto_month, built.vintage) == (2025, 6, 2025)
        assert (built.projects, built.sources, built.kinds, built.regions) == (
            ("DA4",),
            ("central",),
            ("recurrent",),
            ("III",),
        )
        assert built.carry_over is False

    def test_grants_on_the_legacy_map_cover_the_provinces_merged_into_them(self) -> None:
        assert granted_provinces(ANALYST_08_15, 2024, PROVINCES) == ("02", "08", "10", "15")
        assert granted_provinces(LEADER_VIEWER, 2024, PROVINCES) is None

    def test_translate_both_ways(self) -> None:
        assert translate(("02", "10"), 2024, 2025, PROVINCES) == ("08", "15")
        assert translate(("15",), 2025, 2024, PROVINCES) == ("10", "15")
        assert translate(("zz",), 2024, 2025, PROVINCES) == ()

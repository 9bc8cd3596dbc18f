from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from dashboard import fmt


class TestMoney:
    @pytest.mark.parametrize(
        ("vnd", "lang", "expected"),
        [
            (1_234_500_000_000, "vi", "1.234,5 tỷ đồng"),
            (1_234_500_000_000, "en", "1,234.5 billion VND"),
            (137_664_000_000_000, "vi", "137.664,0 tỷ đồng"),
            (0, "vi", "0,0 tỷ đồng"),
            (0, "en", "0.0 billion VND"),
            (-1_234_500_000_000, "vi", "-1.234,5 tỷ đồng"),
            (-1_234_500_000_000, "en", "-1,234.5 billion VND"),
        ],
    )
    def test_in_ty(self, vnd: int, lang: str, expected: str) -> None:
        assert fmt.money(vnd, lang) == expected

    @pytest.mark.parametrize(
        ("vnd", "expected"),
        [
            (1_250_000_000, "1,3 tỷ đồng"),  # a tie rounds up
            (1_249_999_999, "1,2 tỷ đồng"),  # one đồng below the tie rounds down
            (-1_250_000_000, "-1,3 tỷ đồng"),  # half up = away from zero on a tie
            (-40_000_000, "0,0 tỷ đồng"),  # no "-0,0"
            (9_999_999_999_999_999, "10.000.000,0 tỷ đồng"),  # exact beyond float precision
        ],
    )
    def test_rounds_half_up_exactly(self, vnd: int, expected: str) -> None:
        assert fmt.money(vnd, "vi") == expected

    def test_in_trieu(self) -> None:
        assert fmt.money(12_345_678, "vi", unit="trieu") == "12,3 triệu đồng"
        assert fmt.money(12_345_678, "en", unit="trieu") == "12.3 million VND"

    @pytest.mark.parametrize(
        ("vnd", "expected"),
        [
            (2_500_000_000, "2,5 tỷ đồng"),
            (2_500_000, "2,5 triệu đồng"),
            (950_000, "950.000 đồng"),
            (-3_000_000_000, "-3,0 tỷ đồng"),
        ],
    )
    def test_auto_picks_the_unit_by_size(self, vnd: int, expected: str) -> None:
        assert fmt.money(vnd, "vi", unit="auto") == expected

    def test_decimals(self) -> None:
        assert fmt.money(1_234_567_890, "vi", decimals=3) == "1,235 tỷ đồng"
        assert fmt.money(1_234_567_890, "en", decimals=0) == "1 billion VND"

    def test_takes_only_integer_vnd(self) -> None:
        with pytest.raises(TypeError):
            fmt.money(1.5e9, "vi")  # type: ignore[arg-type]

    def test_amount_is_the_number_part(self) -> None:
        assert fmt.amount(1_234_500_000_000, "vi") == "1.234,5"
        assert fmt.amount(1_234_500_000_000, "en") == "1,234.5"

    def test_unknown_language_is_vietnamese(self) -> None:
        assert fmt.money(1_000_000_000, "fr") == "1,0 tỷ đồng"


def test_scaled_is_a_float_in_the_unit() -> None:
    assert fmt.scaled(1_234_500_000_000) == 1234.5
    assert fmt.scaled(2_500_000, "trieu") == 2.5


class TestNumber:
    def test_groups_thousands(self) -> None:
        assert fmt.number(1234567, "vi") == "1.234.567"
        assert fmt.number(1234567, "en") == "1,234,567"

    def test_decimals(self) -> None:
        assert fmt.number(1234.56, "vi", 1) == "1.234,6"
        assert fmt.number(Decimal("0.125"), "en", 2) == "0.13"
        assert fmt.number(Fraction(1, 8), "en", 2) == "0.13"

    def test_none_is_a_dash(self) -> None:
        assert fmt.number(None, "vi") == "–"


class TestPercent:
    @pytest.mark.parametrize(
        ("ratio", "lang", "expected"),
        [
            (0.123, "vi", "12,3%"),
            (0.123, "en", "12.3%"),
            (0.00125, "vi", "0,1%"),  # 0.125 % -> 0.1 %
            (0.00375, "vi", "0,4%"),  # a tie, not lost to binary floating point
            (1.2345, "en", "123.5%"),
            (0, "vi", "0,0%"),
            (-0.05, "en", "-5.0%"),
            (Fraction(1, 3), "vi", "33,3%"),
        ],
    )
    def test_formats(self, ratio: float, lang: str, expected: str) -> None:
        assert fmt.percent(ratio, lang) == expected

    def test_decimals(self) -> None:
        assert fmt.percent(0.12345, "vi", decimals=2) == "12,35%"
        assert fmt.percent(0.5, "en", decimals=0) == "50%"

    def test_none_is_a_dash(self) -> None:
        assert fmt.percent(None, "vi") == "–"


class TestMonthLabel:
    def test_vietnamese(self) -> None:
        assert fmt.month_label(2026, 10, "vi") == "tháng 10/2026"
        assert fmt.month_label(2025, 7, "vi") == "tháng 7/2025"

    def test_english(self) -> None:
        assert fmt.month_label(2026, 10, "en") == "Oct 2026"

    def test_rejects_a_bad_month(self) -> None:
        with pytest.raises(ValueError):
            fmt.month_label(2026, 13, "vi")


def test_month_name() -> None:
    assert (fmt.month_name(10, "vi"), fmt.month_name(10, "en")) == ("tháng 10", "Oct")


def test_date_label() -> None:
    assert fmt.date_label(date(2026, 11, 5), "vi") == "05/11/2026"
    assert fmt.date_label(date(2026, 11, 5), "en") == "5 Nov 2026"


def test_unit_name() -> None:
    assert fmt.unit_name("ty", "vi") == "tỷ đồng"
    assert fmt.unit_name("ty", "en") == "billion VND"

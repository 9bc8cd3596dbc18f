from dashboard import i18n
from dashboard.i18n import LABELS, t


def test_every_key_has_both_languages() -> None:
    assert i18n.missing() == []


def test_placeholders_are_the_same_in_both_languages() -> None:
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    differing = [key for key, entry in LABELS.items() if fields(entry["vi"]) != fields(entry["en"])]
    assert differing == []


def test_vietnamese_is_the_default() -> None:
    assert t("nav.overview") == "Tổng quan"
    assert t("nav.overview", "en") == "Overview"


def test_an_unknown_language_falls_back_to_vietnamese() -> None:
    assert t("badge.demo", "fr") == "Dữ liệu minh họa"


def test_fills_placeholders() -> None:
    assert t("status.as_of", "vi", month="tháng 10/2026") == "Số liệu đến tháng 10/2026"
    assert t("status.as_of", "en", month="Oct 2026") == "Data as of Oct 2026"


def test_product_name() -> None:
    assert t("app.name", "vi") == "Giám sát Chương trình MTQG 1719"
    assert t("app.name", "en") == "NTP 1719 monitor"


class TestNormalize:
    def test_known_codes(self) -> None:
        assert i18n.normalize("en") == "en"
        assert i18n.normalize(" EN ") == "en"

    def test_missing_or_odd_values_give_the_default(self) -> None:
        assert i18n.normalize(None) == "vi"
        assert i18n.normalize("de", default="en") == "en"
        assert i18n.normalize(42) == "vi"

    def test_repeated_parameter_takes_the_last(self) -> None:
        assert i18n.normalize(["vi", "en"]) == "en"

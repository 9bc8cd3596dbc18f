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
    assert t("app.name", "vi") == "Giám sát CTMTQG 1719"
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


def test_a_word_shared_by_pages_is_defined_once() -> None:
    """No two groups (``map.``, ``tables.``...) hold the same label: shared words have one key.
    The sign-in and admin pages (Jinja templates with their own label set) are left out."""
    seen: dict[tuple[str, str], str] = {}
    repeated = []
    for key, entry in LABELS.items():
        if key.split(".")[0] in ("admin", "login"):
            continue
        text = (entry["vi"], entry["en"])
        if text in seen and seen[text].split(".")[0] != key.split(".")[0]:
            repeated.append((seen[text], key))
        seen.setdefault(text, key)
    assert repeated == []


def test_one_term_each() -> None:
    texts = " ".join(f"{e['vi']} {e['en']}" for k, e in LABELS.items())
    for other in ("Cả nước", "Chương trình MTQG", " pts", "Nationwide", "thường lệ"):
        assert other not in texts


def test_every_literal_key_in_the_pages_exists() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    sources = [*root.glob("callbacks/*.py"), *root.glob("layouts/*.py"), root / "app.py"]
    used = {m[1] for p in sources for m in re.finditer(r'\bt\(\s*"([a-z0-9_.]+)"', p.read_text())}
    assert sorted(used - set(LABELS)) == []

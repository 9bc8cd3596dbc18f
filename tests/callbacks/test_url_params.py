from callbacks import url_params


def test_last_takes_the_last_of_a_repeat_and_reads_blank_as_missing() -> None:
    assert url_params.last(["2024", "2025"]) == "2025"
    assert url_params.last(" DA4 ") == "DA4"
    assert url_params.last("") is None
    assert url_params.last([]) is None
    assert url_params.last(None) is None


def test_as_int_reads_whole_numbers_only() -> None:
    assert url_params.as_int("2025") == 2025
    assert url_params.as_int(["2024", "8"]) == 8
    assert url_params.as_int("8.5") is None
    assert url_params.as_int("abc") is None
    assert url_params.as_int(None) is None


def test_codes_keep_order_drop_blanks_repeats_and_unknowns() -> None:
    assert url_params.codes("08,04,,08") == ("08", "04")
    assert url_params.codes(["04", " 08 ", ""]) == ("04", "08")
    assert url_params.codes("central,moon,local", ("central", "local")) == ("central", "local")
    assert url_params.codes(None) == ()

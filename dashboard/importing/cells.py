"""Cell text as a person means it: Excel's text-forcing formula and digits of other scripts.

``="01666"`` is how Excel keeps a leading zero in a CSV file: it is the code 01666. Digits of
other scripts (full-width ０-９, Arabic-Indic ٠-٩ and every other Unicode decimal digit) become
ASCII digits, so that numbers and codes read the same however they were typed.
"""

from __future__ import annotations

import re
import sys
import unicodedata

_TEXT_FORMULA = re.compile(r'\s*="((?:[^"]|"")*)"\s*')
# every Unicode decimal digit other than 0-9, mapped to its ASCII digit
DIGITS = {
    code: ord("0") + unicodedata.digit(chr(code))
    for code in range(128, sys.maxunicode + 1)
    if unicodedata.category(chr(code)) == "Nd"
}
# full-width signs that only appear around digits: the decimal point, comma, minus and plus
DIGITS |= {0xFF0E: ord("."), 0xFF0C: ord(","), 0xFF0D: ord("-"), 0xFF0B: ord("+")}
DIGITS |= {0x066B: ord("."), 0x066C: ord(","), 0x3000: ord(" ")}  # Arabic separators, wide space
# where such digits live, outside the Vietnamese letters: two ranges scan fast (a class of
# every digit would be a long list of ranges, tried one by one for every character)
_MAYBE = re.compile("[\u0660-\u1e9f\u1f00-\U0010ffff]")
_CHARS = frozenset(map(chr, DIGITS))


def has_other_digits(text: str) -> bool:
    """Whether ``text`` holds a digit of another script (or a full-width sign)."""
    return not text.isascii() and not _CHARS.isdisjoint(_MAYBE.findall(text))


def ascii_digits(text: str) -> str:
    """``text`` with every non-ASCII digit (and full-width sign) as its ASCII character."""
    return text.translate(DIGITS) if has_other_digits(text) else text


def clean(value: object) -> object:
    """A cell as read: text gets ``="..."`` unwrapped and ASCII digits; other values pass."""
    if not isinstance(value, str):
        return value
    if value.startswith(("=", " ")) and '="' in value:
        match = _TEXT_FORMULA.fullmatch(value)
        if match:
            value = match.group(1).replace('""', '"')
    return ascii_digits(value)

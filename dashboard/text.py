"""Name keys that ignore diacritics, case, spacing and punctuation.

"Thừa Thiên Huế", "thua thien hue" and "THỪA THIÊN - HUẾ" all give "thuathienhue".
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_UNIT_PREFIXES = (
    "thanh pho",
    "thi xa",
    "thi tran",
    "dac khu",
    "tinh",
    "huyen",
    "quan",
    "phuong",
    "xa",
    "tp.",
    "tp",
    "tx.",
    "tx",
    "tt.",
    "tt",
)


def fold(text: str) -> str:
    """Lower case without diacritics; đ becomes d. Spaces are kept."""
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def name_key(text: str) -> str:
    """Diacritic-, case- and space-insensitive key, the same shape as vietnamadminunits' keys."""
    return _NON_ALNUM.sub("", fold(text))


def short_key(text: str) -> str:
    """Like ``name_key`` but without a leading unit type ("Xã", "Huyện", "Tỉnh", "TP." ...)."""
    folded = fold(text)
    for prefix in _UNIT_PREFIXES:
        if folded.startswith(prefix + " ") or (prefix.endswith(".") and folded.startswith(prefix)):
            folded = folded[len(prefix) :]
            break
    return _NON_ALNUM.sub("", folded)


_DIGITS = re.compile(r"(\d+)")


def natural_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """Sorts codes as people count: "DA2" before "DA10", "DA3.2" before "DA3.10"."""
    parts = _DIGITS.split(str(code))
    return tuple((1, int(p)) if p.isdigit() else (0, p) for p in parts if p)

"""The text encoding of a CSV file, told from its bytes and from how plausible the text reads.

A byte order mark decides (UTF-8, UTF-16, UTF-32); so does the NUL pattern of UTF-16 without
one. Strict UTF-8 comes next. Otherwise each single-byte candidate decodes the file and the one
whose text holds the fewest characters that Vietnamese or English never use wins. A text still
full of such characters (a TCVN3 or VNI file of the old Vietnamese fonts, UTF-8 decoded twice)
is refused rather than read as garbled headers.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from dashboard.importing.report import ImportFailed

SINGLE_BYTE = (("cp1258", "Windows-1258"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1"))
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
SAMPLE = 64 * 1024
UNRECOGNISED = (
    "the file's encoding could not be recognised; save it from Excel as "
    '"CSV UTF-8 (Comma delimited)" and import that file'
)
_VOWEL_MARKS = {"a": "\u0302\u0306", "e": "\u0302", "o": "\u0302\u031b", "u": "\u031b", "i": "",
                "y": ""}  # fmt: skip
_TONES = set("\u0300\u0301\u0303\u0309\u0323")
# typographic signs a report may hold: dashes, quotes, ellipsis, degree, squares, the đồng sign
_SIGNS = set("\u00a0\u00b0\u00b2\u00b3\u00b1\u00d7\u00f7\u00bd\u00bc\u00be\u20ab\u2116\u2212")


def _vietnamese(char: str) -> bool:
    """A letter of the Vietnamese alphabet (any case, any tone), ASCII excluded."""
    if char in "đĐ":
        return True
    base, *marks = unicodedata.normalize("NFD", char.lower())
    allowed = _VOWEL_MARKS.get(base)
    if allowed is None or not marks:
        return False
    shapes = [m for m in marks if m not in _TONES]
    tones = [m for m in marks if m in _TONES]
    return len(shapes) <= 1 and len(tones) <= 1 and all(m in allowed for m in shapes)


def odd(char: str) -> bool:
    """A character that marks a wrong decoding: controls, Latin letters and signs that neither
    Vietnamese nor English uses (CJK and other scripts are not judged)."""
    code = ord(char)
    if code < 0x20:
        return char not in "\t\r\n"
    if code < 0x7F or char in _SIGNS or 0x2010 <= code <= 0x203A:
        return False
    if code <= 0x24F or 0x1E00 <= code <= 0x1EFF:  # Latin-1, Latin Extended, Vietnamese block
        return not _vietnamese(char)
    return code == 0xFFFD or 0x2500 <= code <= 0x259F  # replacement char, box drawing


def oddness(text: str) -> tuple[int, int]:
    """(odd characters, non-ASCII characters) of a text."""
    if text.isascii() and text.isprintable():
        return 0, 0
    counts = Counter(c for c in text if not c.isascii() or (ord(c) < 0x20 and c not in "\t\r\n"))
    bad = sum(n for c, n in counts.items() if odd(c))
    return bad, sum(n for c, n in counts.items() if not c.isascii())


def garbled(text: str) -> bool:
    """Mojibake: several odd characters, and a tenth or more of the non-ASCII ones."""
    bad, foreign = oddness(text[:SAMPLE])
    return bad >= 3 and bad * 10 >= foreign


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text in NFC, the encoding's name) or ImportFailed with the reason."""
    text, label = _by_marks(data, name) or _utf8(data) or _single_byte(data)
    if garbled(text):
        raise ImportFailed(f"{name}: {UNRECOGNISED}")
    if not unicodedata.is_normalized("NFC", text):  # Windows-1258 writes tones as combining marks
        text = unicodedata.normalize("NFC", text)
    return text, label


def wide(data: bytes) -> bool:
    """Text of two or four bytes a character (which holds NUL bytes, unlike other text)."""
    return any(data.startswith(bom) for bom, _, _ in BOMS[:2] + BOMS[3:]) or bool(_utf16(data))


def _utf16(data: bytes) -> str | None:
    """UTF-16 without a byte order mark: every other byte of ASCII text is NUL."""
    head = data[:4096]
    even, odd_ = head[0::2].count(0), head[1::2].count(0)
    if len(head) >= 8 and max(even, odd_) * 3 >= len(head) // 2 and min(even, odd_) == 0:
        return "utf-16-le" if odd_ else "utf-16-be"
    return None


def _by_marks(data: bytes, name: str) -> tuple[str, str] | None:
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], codec, label, name)
    codec = _utf16(data)
    return _strict(data, codec, "UTF-16", name) if codec else None


def _strict(data: bytes, codec: str, label: str, name: str) -> tuple[str, str]:
    try:
        return data.decode(codec), label
    except UnicodeDecodeError as exc:
        where = f"{label} text broken at byte {exc.start:,}"
        raise ImportFailed(f"{name}: {where}; {UNRECOGNISED}") from None


def _utf8(data: bytes) -> tuple[str, str] | None:
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return None


def _single_byte(data: bytes) -> tuple[str, str]:
    best: tuple[int, str, str] | None = None
    sample = data[:SAMPLE]
    for codec, label in SINGLE_BYTE:
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        bad = oddness(unicodedata.normalize("NFC", text))[0]
        if best is None or bad < best[0]:
            best = (bad, codec, label)
    _, codec, label = best  # latin-1 decodes anything
    return data.decode(codec, errors="replace"), label

"""Reading query parameters, as Dash pages passes them to a layout or a callback receives them.

A parameter may arrive as a string, or as a list when the URL repeats it (the last one counts, as
in a browser's form submission); anything that does not parse reads as missing, so a hand-edited
link shows the default view instead of an error.
"""

from __future__ import annotations

from collections.abc import Collection


def last(value: object) -> str | None:
    """The parameter's text (the last of a repeat); None when missing or blank."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    text = str(value).strip() if value is not None else ""
    return text or None


def as_int(value: object) -> int | None:
    """``"2025"`` -> 2025; None when missing or not a whole number."""
    text = last(value)
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def codes(value: object, allowed: Collection[str] | None = None) -> tuple[str, ...]:
    """``"04,08"`` or ``["04", "08"]`` -> ``("04", "08")``: in order, blanks and repeats dropped,
    and only codes in ``allowed`` when given."""
    parts = value if isinstance(value, list | tuple) else str(value or "").split(",")
    found = dict.fromkeys(str(p).strip() for p in parts if p is not None and str(p).strip())
    return tuple(c for c in found if allowed is None or c in allowed)

"""The shape of every value a callback request carries, checked before Dash runs the callback.

Any callback can be called over HTTP with any values, so a request is checked once, here: the
body is a Dash callback request for a declared output with the declared number of inputs, no
deeper than ``MAX_DEPTH``, and each value has the shape of its (component id, property):
``shape_of``. A bad one raises ``BadInput`` (answered 400 by ``callbacks.hardening``); callbacks
then take their values as the shapes say.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from numbers import Real

from dashboard.queries.tables import MEASURES
from layouts import ids

MAX_DEPTH = 24  # a Dash request nests about 8 deep; a grid's rows a few more
MAX_ITEMS = 1000  # a list of choices, clicks or pattern-matched components
MAX_ROWS = 20_000  # a grid's rows (a province's communes at most, with room)
MAX_TEXT = 4000  # a URL's query, a search
NUMBER_FIELDS = (*MEASURES, "rate")  # a grid field ending in one of these holds a number

Shape = Callable[[object], None]  # raises BadInput


class BadInput(ValueError):
    """A request or one of its values has the wrong shape; the message says which, briefly."""


def _scalar(value: object) -> bool:
    return value is None or isinstance(value, str | bool | Real) and len(str(value)) <= MAX_TEXT


def _bounded_list(value: object, limit: int, what: str) -> list:
    if not isinstance(value, list):
        raise BadInput(f"{what}: expected a list")
    if len(value) > limit:
        raise BadInput(f"{what}: more than {limit} items")
    return value


def text(value: object) -> None:
    if value is not None and not (isinstance(value, str) and len(value) <= MAX_TEXT):
        raise BadInput("expected text")


def count(value: object) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise BadInput("expected a whole number")


def flag(value: object) -> None:
    if value is not None and not isinstance(value, bool):
        raise BadInput("expected true or false")


def choice(value: object) -> None:
    """A control's value: one plain value or a list of them."""
    items = _bounded_list(value, MAX_ITEMS, "value") if isinstance(value, list) else [value]
    if not all(_scalar(item) for item in items):
        raise BadInput("expected a plain value or a list of them")


def mapping(value: object) -> None:
    if value is not None and not isinstance(value, dict):
        raise BadInput("expected an object")


def fields(**shapes: Shape) -> Shape:
    """An object with only these keys, each of its shape."""

    def check(value: object) -> None:
        mapping(value)
        for key, item in (value or {}).items():
            if key not in shapes:
                raise BadInput(f"unexpected key {key!r}"[:80])
            shapes[key](item)

    return check


def params(value: object) -> None:
    """URL parameters kept in a store: names to plain values or lists of them."""
    mapping(value)
    for item in _bounded_list(list((value or {}).values()), MAX_ITEMS, "parameters"):
        choice(item)


def click(value: object) -> None:
    """A graph's clickData: ``{"points": [{...}, ...]}``."""
    mapping(value)
    if value is not None:
        points = _bounded_list(value.get("points", []), MAX_ITEMS, "points")
        if not all(isinstance(point, dict) for point in points):
            raise BadInput("points: expected objects")


def grid_rows(value: object) -> None:
    """A grid's rows: objects of plain values, numbers in the amount and rate fields."""
    if value is None:
        return
    for row in _bounded_list(value, MAX_ROWS, "rows"):
        if not isinstance(row, dict):
            raise BadInput("rows: expected objects")
        for key, item in row.items():
            plain = _scalar(item) and not isinstance(item, bool)
            if not plain or (str(key).endswith(NUMBER_FIELDS) and isinstance(item, str)):
                raise BadInput(f"rows: bad value in {key!r}"[:80])


def anything(value: object) -> None:
    """Depth and size are bounded for the whole request already."""


BY_PROPERTY: dict[str, Shape] = {
    "value": choice,
    "n_clicks": count,
    "pathname": text,
    "search": text,
    "href": text,
    "hash": text,
    "clickData": click,
    "virtualRowData": grid_rows,
    "rowData": grid_rows,
    "selectedRows": grid_rows,
    "eventData": mapping,
    "dashGridOptions": mapping,
}
BY_ID: dict[tuple[str, str], Shape] = {
    (ids.MAP_STATE, "data"): fields(province=text, unit=text, shown_vintage=count),
    (ids.MAP_GEO, "data"): mapping,
    (ids.MAP_VALUES, "data"): mapping,
    (ids.MAP_LANG, "data"): text,
    (ids.MAP_QUERY, "data"): text,
    (ids.DISB_PARAMS, "data"): params,
    (ids.DATA_UPLOADED, "data"): fields(upload=text, name=text, size=count),
    (ids.DATA_REVIEWED, "data"): fields(upload=text, review=text, name=text, keep_demo=flag),
    (ids.DATA_CHANGED, "data"): count,
    (ids.DATA_UNDO_BATCH, "data"): count,
}


def shape_of(component_id: object, prop: str) -> Shape:
    key = (component_id, prop) if isinstance(component_id, str) else ("", prop)
    return BY_ID.get(key) or BY_PROPERTY.get(prop, anything)


def _within_depth(value: object, limit: int = MAX_DEPTH) -> None:
    """Iteratively, so a hostile nesting cannot exhaust the stack here either."""
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if level > limit:
            raise BadInput(f"nested deeper than {limit}")
        if isinstance(item, dict):
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, level + 1) for child in item)


def _check_item(item: object) -> None:
    if not isinstance(item, dict) or not isinstance(item.get("property"), str):
        raise BadInput("expected {id, property, value} objects")
    component, prop = item.get("id"), item["property"]
    if not isinstance(component, str | dict):
        raise BadInput("bad component id")
    try:
        shape_of(component, prop)(item.get("value"))
    except BadInput as exc:
        name = component if isinstance(component, str) else component.get("type", "?")
        raise BadInput(f"{str(name)[:40]}.{prop[:40]}: {exc}") from None


def _check_values(items: object, declared: list, kind: str) -> None:
    if len(_bounded_list(items, len(declared), kind)) != len(declared):
        raise BadInput(f"{kind}: expected {len(declared)} values")
    for item in items:
        for one in _bounded_list(item, MAX_ITEMS, kind) if isinstance(item, list) else [item]:
            _check_item(one)


def _check_outputs(outputs: object, output: str) -> None:
    """One ``{id, property}`` per output the key names ("..a.b...c.d.." for several)."""
    several = output.startswith("..")
    expected = len(output.strip(".").split("...")) if several else 1
    items = outputs if several else [outputs]
    if not isinstance(items, list) or len(items) != expected:
        raise BadInput(f"outputs: expected {expected}")
    for item in items:
        for one in _bounded_list(item, MAX_ITEMS, "outputs") if isinstance(item, list) else [item]:
            if not isinstance(one, dict) or not isinstance(one.get("property"), str):
                raise BadInput("outputs: expected {id, property} objects")


def check_request(body: object, callbacks: Mapping[str, dict]) -> None:
    """Raise ``BadInput`` unless ``body`` is a well-formed request for one of ``callbacks``
    (Dash's ``callback_map``) whose every value has its shape."""
    if not isinstance(body, dict):
        raise BadInput("expected a Dash callback request")
    _within_depth(body)
    output = body.get("output")
    if not isinstance(output, str) or output not in callbacks:
        raise BadInput("unknown output")
    _check_outputs(body.get("outputs"), output)
    spec = callbacks[output]
    _check_values(body.get("inputs", []), spec.get("inputs", []), "inputs")
    _check_values(body.get("state", []), spec.get("state", []), "state")
    changed = _bounded_list(body.get("changedPropIds", []), MAX_ITEMS, "changedPropIds")
    if not all(isinstance(prop, str) for prop in changed):
        raise BadInput("changedPropIds: expected text")

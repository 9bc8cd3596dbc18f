"""The map page (``/map``): provinces coloured by a measure, drill-down to communes."""

from callbacks.map.page import register

__all__ = ["register"]

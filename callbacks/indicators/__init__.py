"""The indicators page (``/indicators``): one indicator's ranking, map and trend."""

from callbacks.indicators.page import register

__all__ = ["register"]

"""The overview page (``/``): key figures, pace, alerts, projects and the province map."""

from callbacks.overview.page import register

__all__ = ["register"]

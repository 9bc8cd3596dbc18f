"""The wall display (``/wall``): a full-screen rotation of panels fed by ``/wall/data``."""

from callbacks.wall.page import register

__all__ = ["register"]

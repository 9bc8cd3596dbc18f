"""Callbacks: one package per page (registered from ``callbacks.pages``), each with plain
functions (unit-tested against a real database) and a thin ``register(app, deps)`` that wires them
to Dash; shared modules at the top. Figures are built as plain dicts in ``callbacks.figures``; what
callbacks need (engine, settings, cache) comes in ``callbacks.deps``.
"""

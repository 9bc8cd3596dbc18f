"""Callbacks: one module per page, each a plain function (unit-tested against a real database)
plus a thin ``register(app, deps)`` that wires it to Dash. Figures are built as plain dicts in
``callbacks.figures``; what callbacks need (engine, settings, cache) comes in ``callbacks.deps``.
"""

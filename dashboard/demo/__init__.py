"""Deterministic, realistic demo data: classification, capital plans, disbursements, indicators.

Everything comes from one seed, so two runs with the same seed and size give the same database.
See ``money.py`` and ``classification.py`` for the calibration against published figures.
"""

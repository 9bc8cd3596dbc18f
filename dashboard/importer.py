"""Imports of the data as provinces send it: CSV or XLSX files of capital plans, disbursements,
indicator values, commune classifications and the program catalogue.

    report = import_file(engine, Path("giai_ngan_T3_2025.xlsx"))
    print(report.summary())

The work is done in `dashboard.importing` (one module per step and per kind of data); this module
is the public entry. Formats, accepted headers and validation rules: docs/imports.md.
"""

from __future__ import annotations

from dashboard.importing.context import Options
from dashboard.importing.headers import detect_kind
from dashboard.importing.pipeline import KINDS, MAX_BYTES, import_file
from dashboard.importing.report import ImportFailed, ImportReport, Issue

__all__ = [
    "KINDS",
    "MAX_BYTES",
    "ImportFailed",
    "ImportReport",
    "Issue",
    "Options",
    "detect_kind",
    "import_file",
]

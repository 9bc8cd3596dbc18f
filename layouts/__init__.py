"""Page layouts: functions of plain values that return Dash components; they never query.

Component ids live in ``layouts.ids``; labels come from ``dashboard.i18n`` and numbers are
formatted with ``dashboard.fmt``.
"""

"""The overview's reporting panel, for leaders and administrators: the provinces that have not
reported the latest month due, or reported it late, not reported first, with a link to the
reporting view (``/data``, tab "Reporting") for those who may open it."""

from __future__ import annotations

from datetime import date

import pandas as pd

from callbacks import pages, scoping
from callbacks.access import current_viewer
from callbacks.deps import Deps
from callbacks.shell import href
from dashboard import fmt
from dashboard.access import ADMIN, LEADER
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.models import REFORMED
from dashboard.reporting import latest_month, reporting
from layouts.overview import PanelItem, ReportingPanel

PANEL_ROLES = (LEADER, ADMIN)
SHOWN = 8  # provinces named; the others are counted
VIEW = "/data"


def _item(row: pd.Series, lang: str) -> PanelItem:
    text = t(f"reporting.status.{row['status']}", lang)
    received = row["received_at"]
    if received is not None and not pd.isna(received):
        day = fmt.date_label(pd.Timestamp(received).date(), lang)
        text = f"{text} ({t('reporting.received', lang, date=day)})"
    return PanelItem(str(row["status"]), str(row["name"]), text)


def reporting_panel(deps: Deps, lang: str, today: date) -> ReportingPanel | None:
    """The panel for the request's viewer (None for other roles, or before any month is due)."""
    viewer = current_viewer()
    if viewer.role not in PANEL_ROLES:
        return None
    day = deps.settings.report_deadline_day
    year = today.year if latest_month(today.year, today, day) else today.year - 1
    scope = Filters(year=year, month=12, vintage=REFORMED).to_scope(
        viewer, scoping.province_map(deps)
    )
    result = deps.read(reporting, scope, today, day)
    if result.latest is None or result.summary.empty:
        return None
    overdue = result.overdue_latest()
    month = fmt.month_label(year, result.latest, lang)
    opens = (pages.page_of(VIEW) is not None and viewer.can_import
             and pages.may_open(viewer.role, VIEW))  # fmt: skip
    return ReportingPanel(
        title=t("reporting.panel_title", lang, month=month),
        items=tuple(_item(row, lang) for _, row in overdue.head(SHOWN).iterrows()),
        more=t("reporting.panel_more", lang, count=len(overdue) - SHOWN)
        if len(overdue) > SHOWN else None,
        clear=t("reporting.panel_clear", lang, month=month),
        link=href(VIEW, tab="reporting", lang=lang) if opens else None,
        link_label=t("reporting.panel_link", lang),
    )  # fmt: skip

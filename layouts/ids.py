"""Every component id of the app, in one place. No id string literal anywhere else."""

# shell
URL = "url"  # the app's own dcc.Location (Dash pages keeps its own, _pages_location)
NAVBAR = "navbar"
NAVBAR_BODY = "navbar-body"  # filled from the URL: links, language switch, data status
HTML_LANG = "html-lang"  # store whose value the <html lang> attribute follows

# overview page
OVERVIEW = "overview"
OVERVIEW_YEARS = "overview-years"
OVERVIEW_KPIS = "overview-kpis"
KPI_ALLOCATED = "kpi-allocated"
KPI_DISBURSED = "kpi-disbursed"
KPI_RATE = "kpi-rate"
GRAPH_YEARLY = "graph-yearly"
TABLE_YEARLY = "table-yearly"
GRAPH_BY_KIND = "graph-by-kind"
GRAPH_BY_PLAN = "graph-by-plan"
KPI_PACE = "kpi-pace"
OVERVIEW_ALERTS = "overview-alerts"
GRAPH_BY_PROJECT = "graph-by-project"
TABLE_BY_PROJECT = "table-by-project"
TABLE_LAGGING = "table-lagging"

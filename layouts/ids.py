"""Every component id of the app, in one place. No id string literal anywhere else."""

# shell
URL = "url"  # the app's own dcc.Location (Dash pages keeps its own, _pages_location)
NAVBAR = "navbar"
NAVBAR_MENU = "navbar-menu"  # the part that folds behind a button on narrow screens
NAVBAR_BODY = "navbar-body"  # filled from the URL: links, language switch, data status
PRINT_HEADER = "print-header"  # filled by assets/print.js
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
GRAPH_PROVINCE_MAP = "graph-province-map"

# disbursement page
DISBURSEMENT = "disbursement"
DISB_LOCATION = "disb-location"  # rewritten by the filter dropdowns (refresh="callback-nav")
DISB_PARAMS = "disb-params"  # store: the URL parameters the dropdowns do not own
DISB_FILTERS = "disb-filters"
DISB_YEARS = "disb-years"
DISB_MONTHS = "disb-months"
DISB_PROVINCES = "disb-provinces"
DISB_PROJECTS = "disb-projects"
DISB_SOURCES = "disb-sources"
DISB_KINDS = "disb-kinds"
DISB_PLAN = "disb-plan"
DISB_KPIS = "disb-kpis"
DISB_KPI_ALLOCATED = "disb-kpi-allocated"
DISB_KPI_DISBURSED = "disb-kpi-disbursed"
DISB_KPI_RATE = "disb-kpi-rate"
DISB_KPI_FORECAST = "disb-kpi-forecast"
DISB_GRAPH_SCURVE = "disb-graph-scurve"
DISB_TABLE_SCURVE = "disb-table-scurve"
DISB_FORECAST = "disb-forecast"
DISB_GRAPH_PROJECTS = "disb-graph-projects"
DISB_TABLE_PROJECTS = "disb-table-projects"
DISB_TABLE_SUBPROJECTS = "disb-table-subprojects"
DISB_GRAPH_SOURCES = "disb-graph-sources"
DISB_GRAPH_KINDS = "disb-graph-kinds"
DISB_TABLE_SPLITS = "disb-table-splits"
DISB_TABLE_PROVINCES = "disb-table-provinces"

# indicators page
INDICATORS = "indicators"
INDICATOR_RULE = "indicator-rule"
INDICATOR_SUMMARY = "indicator-summary"
INDICATOR_CARDS = "indicator-cards"
INDICATOR_CARD = "indicator-card"  # + "-" + indicator code, see indicator_card()
INDICATOR_DETAIL = "indicator-detail"
INDICATOR_YEARS = "indicator-years"
GRAPH_INDICATOR_TREND = "graph-indicator-trend"
TABLE_INDICATOR_TREND = "table-indicator-trend"
GRAPH_INDICATOR_RANKING = "graph-indicator-ranking"
TABLE_INDICATOR_RANKING = "table-indicator-ranking"
GRAPH_INDICATOR_MAP = "graph-indicator-map"


def indicator_card(code: str) -> str:
    """``"indicator-card-EM_POVERTY"``: the card of one indicator."""
    return f"{INDICATOR_CARD}-{code}"


# map page
MAP_PAGE = "map-page"
MAP_GRAPH = "map-graph"
MAP_TITLE = "map-title"
MAP_CRUMBS = "map-crumbs"
MAP_ALERT = "map-alert"
MAP_LEGEND = "map-legend"
MAP_NOTE = "map-note"
MAP_DETAIL = "map-detail"
MAP_TABLE = "map-table"
MAP_GEO = "map-geo"  # store: {"url", "key"} of the boundary file the figure is drawn from
MAP_VALUES = "map-values"  # store: the values assets/map.js colours the map with
MAP_STATE = "map-state"  # store: drill state (province, unit)
MAP_QUERY = "map-query"  # store: the URL query of the view, pushed to the history
MAP_LANG = "map-lang"
MAP_PUSHED = "map-pushed"  # store: output of the clientside history push
MAP_METRIC = "map-metric"
MAP_YEAR = "map-year"
MAP_MONTH = "map-month"
MAP_VINTAGE = "map-vintage"
MAP_LEVEL = "map-level"
MAP_F_PROVINCES = "map-f-provinces"
MAP_F_REGIONS = "map-f-regions"
MAP_F_PROJECTS = "map-f-projects"
MAP_F_SOURCES = "map-f-sources"
MAP_F_KINDS = "map-f-kinds"
MAP_ROW = "map-row"
MAP_CRUMB = "map-crumb"


def map_row(code: str) -> dict:
    return {"type": MAP_ROW, "code": code}


def map_crumb(code: str) -> dict:
    return {"type": MAP_CRUMB, "code": code}


# tables page
TABLES = "tables"
TABLES_FILTERS = "tables-filters"
TABLES_BREADCRUMBS = "tables-breadcrumbs"
TABLES_SEARCH = "tables-search"
TABLES_GRID = "tables-grid"
TABLES_EXPORT_CSV = "tables-export-csv"
TABLES_EXPORT_XLSX = "tables-export-xlsx"
TABLES_DOWNLOAD = "tables-download"

# wall page
WALL = "wall"
WALL_CLOCK = "wall-clock"
WALL_AS_OF = "wall-as-of"
WALL_DEMO = "wall-demo"
WALL_STALE = "wall-stale"

# the reporting tab of /data (who has reported) and the overview's panel of it
REPORTING = "reporting"
REPORTING_YEAR = "reporting-year"
REPORTING_REGIONS = "reporting-regions"
REPORTING_MONTH = "reporting-month"
REPORTING_BODY = "reporting-body"
REPORTING_GRID = "reporting-grid"
GRAPH_REPORTING_MAP = "graph-reporting-map"
OVERVIEW_REPORTING = "overview-reporting"

# data page (/data): imports with review before commit, their history, the templates
DATA = "data"
DATA_TABS = "data-tabs"
DATA_DROP = "data-drop"  # the drop zone; assets/data_upload.js sends its file to /data/upload
DATA_UPLOAD_BAR = "data-upload-bar"  # the file's transfer, set by assets/data_upload.js
DATA_UPLOAD_MSG = "data-upload-msg"
DATA_UPLOADED = "data-uploaded"  # store: {"upload", "name", "size"} the upload route answered
DATA_KEEP_DEMO = "data-keep-demo"  # an administrator's "import beside the demo data"
DATA_JOB = "data-job"  # progress bar, status and cancel of the running job, shown while it runs
DATA_JOB_BAR = "data-job-bar"
DATA_JOB_TEXT = "data-job-text"
DATA_CANCEL = "data-cancel"
DATA_REVIEW = "data-review"  # the review of the uploaded file, then the commit's outcome
DATA_REVIEWED = "data-reviewed"  # store: {"upload", "review", "name"} of the review shown
DATA_ACTIONS = "data-actions"  # commit and discard, hidden while a job runs
DATA_COMMIT = "data-commit"
DATA_DISCARD = "data-discard"
DATA_REREVIEW = "data-rereview"
DATA_ISSUES_GRID = "data-issues-grid"
DATA_ISSUES_CSV = "data-issues-csv"
DATA_ISSUES_XLSX = "data-issues-xlsx"
DATA_ISSUES_DOWNLOAD = "data-issues-download"
DATA_CHANGES_GRID = "data-changes-grid"
DATA_CHANGED = "data-changed"  # store: bumped when a commit or an undo changed the data
DATA_HISTORY_GRID = "data-history-grid"
DATA_HISTORY_MSG = "data-history-msg"
DATA_HISTORY_CSV = "data-history-csv"
DATA_HISTORY_XLSX = "data-history-xlsx"
DATA_HISTORY_DOWNLOAD = "data-history-download"
DATA_UNDO = "data-undo"
DATA_UNDO_MODAL = "data-undo-modal"
DATA_UNDO_TITLE = "data-undo-title"
DATA_UNDO_TEXT = "data-undo-text"
DATA_UNDO_BATCH = "data-undo-batch"  # store: the batch the confirmation is about
DATA_UNDO_CONFIRM = "data-undo-confirm"
DATA_UNDO_CLOSE = "data-undo-close"
DATA_UNDO_JOB = "data-undo-job"
DATA_UNDO_BAR = "data-undo-bar"
DATA_UNDO_STATUS = "data-undo-status"
DATA_TEMPLATES = "data-templates"

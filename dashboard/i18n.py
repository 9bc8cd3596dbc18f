"""Interface labels in Vietnamese (the default) and English, kept as data: one dict per key.

``t("kpi.rate", "en")`` -> ``"Disbursement rate"``; placeholders are filled with ``str.format``:
``t("status.as_of", "vi", month="tháng 10/2026")``. Names of projects and units come from the
database (``name_vi`` / ``name_en``), not from here.
"""

from __future__ import annotations

from collections.abc import Iterable

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

LABELS: dict[str, dict[str, str]] = {
    # shell
    "app.name": {"vi": "Giám sát Chương trình MTQG 1719", "en": "NTP 1719 monitor"},
    "app.description": {
        "vi": "Theo dõi kế hoạch vốn và giải ngân Chương trình MTQG phát triển kinh tế - xã hội "
        "vùng đồng bào dân tộc thiểu số và miền núi",
        "en": "Capital plans and disbursement of the National Target Program for ethnic minority "
        "and mountainous areas",
    },
    "nav.main": {"vi": "Các trang", "en": "Pages"},
    "nav.overview": {"vi": "Tổng quan", "en": "Overview"},
    "nav.language": {"vi": "Ngôn ngữ", "en": "Language"},
    "lang.vi": {"vi": "Tiếng Việt", "en": "Vietnamese"},
    "lang.en": {"vi": "Tiếng Anh", "en": "English"},
    "badge.demo": {"vi": "Dữ liệu minh họa", "en": "Demo data"},
    "badge.demo_hint": {
        "vi": "Số liệu được tạo ra để trình diễn, không phải số liệu thật",
        "en": "Generated for demonstration: these are not real figures",
    },
    "status.as_of": {"vi": "Số liệu đến {month}", "en": "Data as of {month}"},
    "status.no_data": {"vi": "Chưa có số liệu", "en": "No data yet"},
    "status.unavailable": {
        "vi": "Không đọc được trạng thái dữ liệu",
        "en": "Data status unavailable",
    },
    "page.not_found": {"vi": "Không tìm thấy trang", "en": "Page not found"},
    "page.back_home": {"vi": "Về trang tổng quan", "en": "Back to the overview"},
    # overview
    "overview.title": {"vi": "Tổng quan chương trình", "en": "Program overview"},
    "overview.year": {"vi": "Năm", "en": "Year"},
    "overview.period_upto": {
        "vi": "Năm {year}, lũy kế đến {month}",
        "en": "{year}, cumulative to {month}",
    },
    "overview.period_full": {"vi": "Năm {year}, cả năm", "en": "{year}, full year"},
    "overview.period_none": {
        "vi": "Năm {year}, chưa có số liệu giải ngân",
        "en": "{year}, no disbursement reported yet",
    },
    "kpi.allocated": {"vi": "Kế hoạch vốn được giao", "en": "Capital allocated"},
    "kpi.disbursed": {"vi": "Đã giải ngân", "en": "Disbursed"},
    "kpi.rate": {"vi": "Tỷ lệ giải ngân", "en": "Disbursement rate"},
    "kpi.current_plan": {"vi": "Giao trong năm: {amount}", "en": "Current-year plan: {amount}"},
    "kpi.carry_over": {"vi": "Năm trước chuyển sang: {amount}", "en": "Carried over: {amount}"},
    "kpi.upto": {"vi": "Lũy kế đến {month}", "en": "Cumulative to {month}"},
    "kpi.full_year": {"vi": "Cả năm {year}", "en": "Full year {year}"},
    "kpi.same_period": {"vi": "Cùng kỳ năm {year}: {rate}", "en": "Same period of {year}: {rate}"},
    "kind.investment": {"vi": "Vốn đầu tư phát triển", "en": "Development investment"},
    "kind.recurrent": {"vi": "Vốn sự nghiệp", "en": "Recurrent (non-business)"},
    "kind.investment.short": {"vi": "Đầu tư", "en": "Investment"},
    "kind.recurrent.short": {"vi": "Sự nghiệp", "en": "Recurrent"},
    "plan.current": {"vi": "Vốn giao trong năm", "en": "Current-year plan"},
    "plan.carry_over": {"vi": "Vốn năm trước chuyển sang", "en": "Carried over"},
    "measure.allocated": {"vi": "Kế hoạch vốn", "en": "Allocated"},
    "measure.disbursed": {"vi": "Đã giải ngân", "en": "Disbursed"},
    "measure.rate": {"vi": "Tỷ lệ giải ngân", "en": "Disbursement rate"},
    "measure.rate_short": {"vi": "Tỷ lệ", "en": "Rate"},
    "figure.yearly": {
        "vi": "Kế hoạch vốn và giải ngân theo năm",
        "en": "Capital allocated and disbursed by year",
    },
    "figure.by_kind": {"vi": "Theo loại vốn, năm {year}", "en": "By kind of capital, {year}"},
    "figure.by_plan": {
        "vi": "Vốn năm trước chuyển sang và vốn giao trong năm, năm {year}",
        "en": "Carried-over and current-year capital, {year}",
    },
    "figure.units": {"vi": "Đơn vị: {unit}", "en": "Unit: {unit}"},
    # overview: pace, projects, lagging provinces, alerts
    "unit.points": {"vi": "điểm %", "en": "pts"},
    "kpi.pace": {"vi": "So với tiến độ thường lệ", "en": "Against the usual pace"},
    "kpi.pace_none": {"vi": "Chưa đủ số liệu các năm trước", "en": "Not enough past years"},
    "kpi.pace_usual": {
        "vi": "Các năm trước, đến {month}: {rate}",
        "en": "Past years, by {month}: {rate}",
    },
    "kpi.pace_ahead": {"vi": "Nhanh hơn thường lệ", "en": "Ahead of the usual pace"},
    "kpi.pace_behind": {"vi": "Chậm hơn thường lệ", "en": "Behind the usual pace"},
    "project.short": {"vi": "Dự án {code}", "en": "Project {code}"},
    "figure.by_project": {
        "vi": "Tiến độ theo dự án, năm {year}",
        "en": "Progress by project, {year}",
    },
    "table.by_project": {"vi": "Theo dự án, năm {year}", "en": "By project, {year}"},
    "table.project": {"vi": "Mã", "en": "Code"},
    "table.name": {"vi": "Tên", "en": "Name"},
    "table.province": {"vi": "Tỉnh", "en": "Province"},
    "table.pace_gap": {"vi": "So với thường lệ", "en": "Against usual pace"},
    "table.behind_on": {"vi": "Chậm nhiều nhất ở", "en": "Furthest behind on"},
    "table.lagging": {
        "vi": "5 tỉnh chậm nhất so với tiến độ thường lệ",
        "en": "The 5 provinces furthest behind the usual pace",
    },
    "overview.behind_on": {
        "vi": "{project} ({kind}): thiếu {amount}",
        "en": "{project} ({kind}): {amount} short",
    },
    "overview.alerts": {"vi": "Cần chú ý", "en": "Needs attention"},
    "info.no_pace": {
        "vi": "Chưa có năm trước đủ 12 tháng số liệu để so sánh tiến độ.",
        "en": "No earlier year with twelve months of data to compare the pace with.",
    },
    "alert.far_behind": {
        "vi": "{count} tỉnh chậm hơn tiến độ thường lệ trên {points} điểm %.",
        "en": "{count} provinces are more than {points} points behind the usual pace.",
    },
    "alert.recurrent_lags": {
        "vi": "Vốn sự nghiệp giải ngân {recurrent}, chậm xa vốn đầu tư ({investment}).",
        "en": "Recurrent capital is {recurrent} disbursed, far behind investment ({investment}).",
    },
    "table.yearly": {"vi": "Số liệu theo năm", "en": "Figures by year"},
    "table.year": {"vi": "Năm", "en": "Year"},
    "table.period": {"vi": "Kỳ số liệu", "en": "Period"},
    "period.full_year": {"vi": "Cả năm", "en": "Full year"},
    "period.upto": {"vi": "Đến {month}", "en": "To {month}"},
    "period.none": {"vi": "Chưa có", "en": "None yet"},
    "source.db": {
        "vi": "Nguồn: Cơ sở dữ liệu Chương trình MTQG 1719",
        "en": "Source: NTP 1719 database",
    },
    "source.batches": {
        "vi": "{count} lần nhập số liệu, gần nhất {date}",
        "en": "{count} imports, latest {date}",
    },
    "source.demo": {
        "vi": "Nguồn: Dữ liệu minh họa, không phải số liệu thật",
        "en": "Source: demo data, not real figures",
    },
    "error.read": {
        "vi": "Không đọc được số liệu cho phần này. Các phần khác vẫn hoạt động; "
        "vui lòng thử lại sau.",
        "en": "The figures for this part could not be read. The rest of the page still works; "
        "please try again later.",
    },
    "info.no_data": {
        "vi": "Cơ sở dữ liệu chưa có số liệu kế hoạch vốn hoặc giải ngân.",
        "en": "The database holds no capital plan or disbursement figures yet.",
    },
    "info.year_missing": {
        "vi": "Không có số liệu năm {asked}; đang hiển thị năm {year}.",
        "en": "There are no figures for {asked}; showing {year}.",
    },
}


def normalize(lang: object, default: str = DEFAULT_LANGUAGE) -> str:
    """A supported language code from a URL parameter (may be missing, repeated or odd)."""
    if isinstance(lang, list | tuple):
        lang = lang[-1] if lang else None
    if isinstance(lang, str) and lang.strip().lower() in LANGUAGES:
        return lang.strip().lower()
    return default if default in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The label ``key`` in ``lang`` (Vietnamese for another language), filled with ``values``."""
    entry = LABELS[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def missing(languages: Iterable[str] = LANGUAGES) -> list[tuple[str, str]]:
    """(key, language) pairs without a non-empty label: the i18n test expects none."""
    return [
        (key, lang) for key, entry in LABELS.items() for lang in languages if not entry.get(lang)
    ]

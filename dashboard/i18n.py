"""Interface labels in Vietnamese (the default) and English, kept as data: one dict per key.

``t("measure.rate", "en")`` -> ``"Disbursement rate"``; placeholders are filled with ``str.format``:
``t("status.as_of", "vi", month="tháng 10/2026")``. Names of projects and units come from the
database (``name_vi`` / ``name_en``), not from here.
"""

from __future__ import annotations

from collections.abc import Iterable

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

LABELS: dict[str, dict[str, str]] = {
    # shared words: one key per domain term, used by every page
    "label.year": {"vi": "Năm", "en": "Year"},
    "label.month": {"vi": "Đến tháng", "en": "Up to month"},
    "label.vintage": {"vi": "Địa giới", "en": "Boundaries"},
    "vintage.2024": {"vi": "Trước sắp xếp (63 tỉnh)", "en": "Pre-reform (63 provinces)"},
    "vintage.2025": {"vi": "Sau sắp xếp (34 tỉnh)", "en": "Post-reform (34 provinces)"},
    "label.project": {"vi": "Dự án", "en": "Project"},
    "label.source": {"vi": "Nguồn vốn", "en": "Source of capital"},
    "label.kind": {"vi": "Loại vốn", "en": "Kind of capital"},
    "capital.central": {"vi": "Ngân sách trung ương", "en": "Central budget"},
    "capital.local": {"vi": "Ngân sách địa phương", "en": "Local budget"},
    "capital.credit": {"vi": "Vốn tín dụng chính sách", "en": "Policy credit"},
    "capital.other": {"vi": "Nguồn vốn khác", "en": "Other sources"},
    "label.code": {"vi": "Mã", "en": "Code"},
    "label.name": {"vi": "Tên", "en": "Name"},
    "label.province": {"vi": "Tỉnh, thành phố", "en": "Province"},
    "label.national": {"vi": "Toàn quốc", "en": "Whole country"},
    "label.all": {"vi": "Tất cả", "en": "All"},
    "measure.remaining": {"vi": "Còn lại chưa giải ngân", "en": "Remaining"},
    "measure.pace_gap": {
        "vi": "Chênh lệch so với bình quân cùng kỳ các năm trước",
        "en": "Gap to the past years' average",
    },
    "measure.region": {"vi": "Khu vực", "en": "Region class"},
    # shell
    "app.name": {"vi": "Giám sát CTMTQG 1719", "en": "NTP 1719 monitor"},
    "app.description": {
        "vi": "Theo dõi kế hoạch vốn và giải ngân CTMTQG phát triển kinh tế - xã hội "
        "vùng đồng bào dân tộc thiểu số và miền núi",
        "en": "Capital plans and disbursement of the National Target Program for ethnic minority "
        "and mountainous areas",
    },
    "nav.main": {"vi": "Các trang", "en": "Pages"},
    "nav.overview": {"vi": "Tổng quan", "en": "Overview"},
    "nav.menu": {"vi": "Mở trình đơn", "en": "Open the menu"},
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
    "unit.points": {"vi": "điểm %", "en": "pp"},
    "kpi.pace": {
        "vi": "So với bình quân cùng kỳ các năm trước",
        "en": "Against the past years' average",
    },
    "kpi.pace_none": {"vi": "Chưa đủ số liệu các năm trước", "en": "Not enough past years"},
    "kpi.pace_usual": {
        "vi": "Các năm trước, đến {month}: {rate}",
        "en": "Past years, by {month}: {rate}",
    },
    "kpi.pace_ahead": {"vi": "Nhanh hơn các năm trước", "en": "Ahead of past years"},
    "kpi.pace_behind": {"vi": "Chậm hơn các năm trước", "en": "Behind past years"},
    "project.short": {"vi": "Dự án {code}", "en": "Project {code}"},
    "figure.by_project": {
        "vi": "Tiến độ theo dự án, năm {year}",
        "en": "Progress by project, {year}",
    },
    "table.by_project": {"vi": "Theo dự án, năm {year}", "en": "By project, {year}"},
    "table.pace_gap": {"vi": "So với các năm trước", "en": "Against past years"},
    "table.behind_on": {"vi": "Chậm nhiều nhất ở", "en": "Furthest behind on"},
    "table.lagging": {
        "vi": "5 tỉnh chậm nhất so với bình quân cùng kỳ các năm trước",
        "en": "The 5 provinces furthest behind the past years' average",
    },
    "overview.behind_on": {
        "vi": "{project} ({kind}): thiếu {amount}",
        "en": "{project} ({kind}): {amount} short",
    },
    "overview.alerts": {"vi": "Cần chú ý", "en": "Needs attention"},
    "figure.province_map": {
        "vi": "Tỷ lệ giải ngân theo tỉnh, năm {year} (%)",
        "en": "Disbursement rate by province, {year} (%)",
    },
    "info.no_pace": {
        "vi": "Chưa có năm trước đủ 12 tháng số liệu để so sánh tiến độ.",
        "en": "No earlier year with twelve months of data to compare the pace with.",
    },
    "alert.far_behind": {
        "vi": "{count} tỉnh chậm hơn bình quân cùng kỳ các năm trước trên {points} điểm %.",
        "en": "{count} provinces are more than {points} pp behind the past years' average.",
    },
    "alert.recurrent_lags": {
        "vi": "Vốn sự nghiệp giải ngân {recurrent}, chậm xa vốn đầu tư ({investment}).",
        "en": "Recurrent capital is {recurrent} disbursed, far behind investment ({investment}).",
    },
    "table.yearly": {"vi": "Số liệu theo năm", "en": "Figures by year"},
    "table.period": {"vi": "Kỳ số liệu", "en": "Period"},
    "period.full_year": {"vi": "Cả năm", "en": "Full year"},
    "period.upto": {"vi": "Đến {month}", "en": "To {month}"},
    "period.none": {"vi": "Chưa có", "en": "None yet"},
    "source.db": {
        "vi": "Nguồn: Cơ sở dữ liệu CTMTQG 1719",
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
    "error.unavailable_title": {
        "vi": "Cơ sở dữ liệu tạm thời không truy cập được",
        "en": "The database is unavailable",
    },
    "error.unavailable": {
        "vi": "Không kết nối được tới cơ sở dữ liệu. Trang sẽ tự tải lại khi có kết nối.",
        "en": "The database cannot be reached. This page reloads itself when it is back.",
    },
    "info.no_data": {
        "vi": "Cơ sở dữ liệu chưa có số liệu kế hoạch vốn hoặc giải ngân.",
        "en": "The database holds no capital plan or disbursement figures yet.",
    },
    "info.year_missing": {
        "vi": "Không có số liệu năm {asked}; đang hiển thị năm {year}.",
        "en": "There are no figures for {asked}; showing {year}.",
    },
    # indicators page
    "nav.indicators": {"vi": "Chỉ tiêu", "en": "Indicators"},
    "indicators.title": {"vi": "Các chỉ tiêu mục tiêu", "en": "Target indicators"},
    "indicators.rule": {
        "vi": "Cách đánh giá: so sánh giá trị toàn quốc mới nhất với đường thẳng từ giá trị gốc "
        "(nếu chưa có giá trị gốc: từ giá trị báo cáo đầu tiên) đến chỉ tiêu kế tiếp (2025, sau đó "
        "2030) tại năm của giá trị mới nhất, theo chiều tốt lên của chỉ tiêu (tăng hoặc giảm). "
        "Đã đạt: đạt hoặc vượt chỉ tiêu; đúng tiến độ: bằng hoặc tốt hơn đường thẳng; có nguy cơ: "
        "chậm hơn không quá 10% mức thay đổi cần đạt; chậm tiến độ: chậm hơn nữa.",
        "en": "How the status is decided: the latest national value is compared with the "
        "straight path from the baseline (without one: from the first reported value) to the "
        "next target (2025, then 2030) in the latest value's year, in the direction that is "
        "better for the indicator (up or down). Achieved: the target reached or passed; on "
        "track: at or better than the path; at risk: behind it by at most 10% of the planned "
        "change; off track: further behind.",
    },
    "indicators.demo_note": {
        "vi": "Định nghĩa và chỉ tiêu là thật (Nghị quyết 120/2020/QH14, Quyết định "
        "1719/QĐ-TTg); các giá trị là dữ liệu minh họa.",
        "en": "Definitions and targets are real (Resolution 120/2020/QH14, Decision "
        "1719/QĐ-TTg); the values are demo data.",
    },
    "indicators.none": {
        "vi": "Cơ sở dữ liệu chưa có danh mục chỉ tiêu.",
        "en": "The database holds no indicator definitions yet.",
    },
    "indicators.unknown": {
        "vi": "Không có chỉ tiêu mã {code}; đang hiển thị chỉ tiêu đầu tiên.",
        "en": "There is no indicator coded {code}; showing the first one.",
    },
    "indicators.baseline": {"vi": "Giá trị gốc", "en": "Baseline"},
    "indicators.latest": {"vi": "Mới nhất", "en": "Latest"},
    "indicators.target": {"vi": "Chỉ tiêu {year}", "en": "{year} target"},
    "indicators.no_target": {"vi": "Không có chỉ tiêu định lượng", "en": "No numeric target"},
    "indicators.status.achieved": {"vi": "Đã đạt", "en": "Achieved"},
    "indicators.status.on_track": {"vi": "Đúng tiến độ", "en": "On track"},
    "indicators.status.at_risk": {"vi": "Có nguy cơ", "en": "At risk"},
    "indicators.status.off_track": {"vi": "Chậm tiến độ", "en": "Off track"},
    "indicators.status.no_target": {"vi": "Không đánh giá được", "en": "Not assessed"},
    "indicators.status.no_data": {"vi": "Chưa có số liệu để đánh giá", "en": "No data to assess"},
    "indicators.count.achieved": {"vi": "{count} đã đạt", "en": "{count} achieved"},
    "indicators.count.on_track": {"vi": "{count} đúng tiến độ", "en": "{count} on track"},
    "indicators.count.at_risk": {"vi": "{count} có nguy cơ", "en": "{count} at risk"},
    "indicators.count.off_track": {"vi": "{count} chậm tiến độ", "en": "{count} off track"},
    "indicators.count.no_target": {
        "vi": "{count} không đánh giá được",
        "en": "{count} not assessed",
    },
    "indicators.count.no_data": {"vi": "{count} chưa có số liệu", "en": "{count} without data"},
    "indicators.path": {"vi": "Lộ trình đến chỉ tiêu", "en": "Path to the target"},
    "indicators.targets": {"vi": "Các mốc chỉ tiêu", "en": "Targets"},
    "indicators.no_value": {"vi": "Không có số liệu", "en": "No value"},
    "indicators.rank": {"vi": "Hạng", "en": "Rank"},
    "indicators.value": {"vi": "Giá trị", "en": "Value"},
    "indicators.trend": {
        "vi": "Toàn quốc theo năm, so với chỉ tiêu",
        "en": "National trend against the targets",
    },
    "indicators.trend_table": {"vi": "Toàn quốc theo năm", "en": "Whole country by year"},
    "indicators.ranking": {
        "vi": "Xếp hạng các tỉnh năm {year}, từ tốt nhất ({units})",
        "en": "Provinces ranked best to worst, {year} ({units})",
    },
    "indicators.ranking_table": {
        "vi": "Bảng xếp hạng các tỉnh năm {year}",
        "en": "Province ranking table, {year}",
    },
    "indicators.vintage.2024": {
        "vi": "63 tỉnh, thành phố trước sắp xếp",
        "en": "the 63 provinces before the 2025 reform",
    },
    "indicators.vintage.2025": {
        "vi": "34 tỉnh, thành phố sau sắp xếp",
        "en": "the 34 provinces after the 2025 reform",
    },
    "indicators.map": {"vi": "Bản đồ các tỉnh năm {year}", "en": "Provinces, {year}"},
    "indicators.map_unavailable": {
        "vi": "Chưa có dữ liệu ranh giới để vẽ bản đồ; bảng và biểu đồ xếp hạng vẫn hoạt động.",
        "en": "The boundary files are not available, so the map cannot be drawn; the ranking "
        "chart and table still work.",
    },
    "indicators.no_provinces": {
        "vi": "Chưa có số liệu theo tỉnh cho chỉ tiêu này.",
        "en": "No province figures for this indicator yet.",
    },
    "indicators.show_tables": {
        "vi": "Xem dưới dạng bảng (xếp hạng tỉnh, toàn quốc theo năm)",
        "en": "Show as tables (province ranking, national values by year)",
    },
    # map page
    "nav.map": {"vi": "Bản đồ", "en": "Map"},
    "map.heading": {"vi": "Bản đồ giải ngân", "en": "Disbursement map"},
    "map.title": {"vi": "{metric} theo {level}, {period}", "en": "{metric} by {level}, {period}"},
    "map.metric": {"vi": "Thước đo", "en": "Measure"},
    "map.region_class": {"vi": "Khu vực {region}", "en": "Region {region}"},
    "map.points": {"vi": "{value} điểm %", "en": "{value} pp"},
    "map.level": {"vi": "Cấp", "en": "Level"},
    "map.level.province": {"vi": "Tỉnh", "en": "Province"},
    "map.level.district": {"vi": "Huyện", "en": "District"},
    "map.level.commune": {"vi": "Xã", "en": "Commune"},
    "map.filters": {"vi": "Bộ lọc", "en": "Filters"},
    "map.gaps": {"vi": "Không tô màu:", "en": "Not coloured:"},
    "map.gap.not_in_program": {
        "vi": "{count} {level} không thuộc Chương trình",
        "en": "{count} {level} units not in the program",
    },
    "map.gap.outside_filter": {
        "vi": "{count} {level} ngoài bộ lọc",
        "en": "{count} {level} units outside the filter",
    },
    "map.gap.no_report": {
        "vi": "{count} {level} chưa có báo cáo trong kỳ",
        "en": "{count} {level} units without a report for the period",
    },
    "map.table": {"vi": "Bảng số liệu theo bản đồ", "en": "The map's figures"},
    "map.islands.hoang_sa": {"vi": "Quần đảo Hoàng Sa", "en": "Hoàng Sa archipelago"},
    "map.islands.truong_sa": {"vi": "Quần đảo Trường Sa", "en": "Trường Sa archipelago"},
    "map.islands.con_dao": {"vi": "Côn Đảo", "en": "Côn Đảo"},
    "map.table_note": {
        "vi": "{shown} trên {total} đơn vị có số liệu; tỷ lệ xếp từ thấp đến cao, "
        "số tiền từ lớn đến nhỏ.",
        "en": "{shown} of {total} units with data; rates from lowest, amounts from largest.",
    },
    "map.place.district": {"vi": "Huyện, tỉnh", "en": "District, province"},
    "map.cumulative": {"vi": "Lũy kế", "en": "Cumulative"},
    "map.no_geometry": {
        "vi": "Chưa có dữ liệu ranh giới cho bản đồ này (chạy `ntp-dashboard geodata build`).",
        "en": "No boundaries built for this map (run `ntp-dashboard geodata build`).",
    },
    "map.note": {
        "vi": "Số liệu năm {year} báo cáo theo địa giới {other} được quy đổi: {rule}",
        "en": "Figures of {year} reported on the {other} boundaries are converted: {rule}",
    },
    "map.rule.2025": {
        "vi": "xã cũ chia về các xã mới theo tỷ lệ trong bảng chuyển đổi; "
        "tỉnh cũ nhập nguyên vào tỉnh mới.",
        "en": "an old commune's amount goes to the new communes it became by the crosswalk share; "
        "an old province goes wholly into its new province.",
    },
    "map.rule.2024": {
        "vi": "số của một xã mới được chia lại cho các xã cũ hợp thành, "
        "theo tỷ lệ phần mỗi xã cũ nhập vào.",
        "en": "a new commune's amount is split back over the old communes it was formed from, "
        "in proportion to the share of each that went into it.",
    },
    "map.ind_note": {
        "vi": "Chỉ tiêu được báo cáo theo tỉnh: bản đồ hiển thị ở cấp tỉnh.",
        "en": "Indicators are reported per province: the map shows provinces.",
    },
    "map.table_note_ind": {
        "vi": "{shown} trên {total} tỉnh có số liệu; xếp từ kém nhất đến tốt nhất.",
        "en": "{shown} of {total} provinces with data; from the worst to the best.",
    },
    "map.ind_rule.2025": {
        "vi": "giá trị của tỉnh mới là trung bình cộng giản đơn của các tỉnh cũ hợp thành "
        "(không gia quyền theo dân số).",
        "en": "a new province's value is the simple mean of the old provinces merged into it "
        "(no population weights).",
    },
    "map.ind_rule.2024": {
        "vi": "mỗi tỉnh cũ nhận giá trị của tỉnh mới mà nó nhập vào.",
        "en": "each old province takes the value of the new province it went into.",
    },
    # end of map page
    # disbursement page
    "nav.disbursement": {"vi": "Giải ngân", "en": "Disbursement"},
    "disb.title": {"vi": "Tiến độ giải ngân", "en": "Disbursement progress"},
    "disb.show_table": {"vi": "Xem bảng số liệu", "en": "Show the figures as a table"},
    "disb.clear": {"vi": "Bỏ mọi bộ lọc", "en": "Clear all filters"},
    "disb.expected": {"vi": "Bình quân cùng kỳ các năm trước", "en": "Past years' average"},
    "disb.expected_national": {
        "vi": "Bình quân cùng kỳ các năm trước, toàn quốc",
        "en": "Past years' average, national",
    },
    "disb.plan_line": {"vi": "Kế hoạch: 100% ({amount})", "en": "Plan: 100% ({amount})"},
    "disb.axis_rate": {"vi": "% kế hoạch vốn", "en": "% of the plan"},
    "disb.axis_month": {"vi": "Tháng", "en": "Month"},
    "disb.lumped": {
        "vi": "gồm {months}, báo cáo lũy kế (không có số từng tháng)",
        "en": "includes {months}, reported as a year-to-date total (no monthly figures)",
    },
    "disb.scurve": {
        "vi": "Lũy kế giải ngân theo tháng, năm {year}, so với kế hoạch và các năm trước",
        "en": "Cumulative disbursement by month, {year}, against the plan and past years",
    },
    "disb.table_scurve": {
        "vi": "Lũy kế giải ngân theo tháng (% kế hoạch của từng năm), năm {year}",
        "en": "Cumulative disbursement by month (% of each year's plan), {year}",
    },
    "disb.forecast": {"vi": "Dự báo cuối năm", "en": "Year-end forecast"},
    "disb.forecast_title": {"vi": "Dự báo cuối năm {year}", "en": "Year-end forecast, {year}"},
    "disb.forecast_hover": {
        "vi": "Dự báo cuối năm: {rate} (khoảng {band})",
        "en": "Year-end forecast: {rate} (range {band})",
    },
    "disb.kpi_forecast": {"vi": "Dự báo tỷ lệ cuối năm", "en": "Projected year-end rate"},
    "disb.band": {"vi": "Khoảng dự báo: {band}", "en": "Range: {band}"},
    "disb.no_forecast_short": {"vi": "Chưa dự báo được", "en": "No forecast"},
    "disb.usual_at": {
        "vi": "Bình quân cùng kỳ các năm trước: {rate}",
        "en": "Past years' average: {rate}",
    },
    "disb.gap": {"vi": "Chênh lệch: {gap}", "en": "Gap: {gap}"},
    "disb.projected": {
        "vi": "Tỷ lệ giải ngân cuối năm dự báo: {rate} (khoảng {band}; độ lệch chuẩn {sd}).",
        "en": "Projected year-end disbursement rate: {rate} (range {band}; standard deviation "
        "{sd}).",
    },
    "disb.needed": {
        "vi": "Để đạt {target}, cần giải ngân {amount} mỗi tháng, từ {first} đến tháng 12.",
        "en": "Reaching {target} takes {amount} a month, from {first} to Dec.",
    },
    "disb.needed_last": {
        "vi": "Để đạt {target}, cần giải ngân {amount} trong tháng 12.",
        "en": "Reaching {target} takes {amount} in December.",
    },
    "disb.target_full": {"vi": "100% kế hoạch", "en": "100% of the plan"},
    "disb.target_usual": {
        "vi": "mức cuối năm bình quân các năm trước ({rate})",
        "en": "the past years' average year-end rate ({rate})",
    },
    "disb.year_complete": {
        "vi": "Năm đã đủ 12 tháng số liệu: tỷ lệ giải ngân cả năm {rate}.",
        "en": "All twelve months are reported: the full-year rate is {rate}.",
    },
    "disb.no_forecast": {
        "vi": "Chưa đủ số liệu để dự báo (cần ít nhất một năm trước đủ 12 tháng và đã có giải "
        "ngân trong năm).",
        "en": "Not enough data to forecast (it needs an earlier year with twelve months reported "
        "and some disbursement this year).",
    },
    "disb.method": {
        "vi": "Cách tính: với mỗi năm trước đủ 12 tháng ({years}), cùng bộ lọc, lấy tỷ số giữa "
        "lũy kế giải ngân cuối năm và lũy kế đến cùng tháng này. Tỷ lệ dự báo = tỷ lệ hiện tại "
        "× trung bình các tỷ số đó; khoảng dự báo dùng tỷ số nhỏ nhất và lớn nhất. Năm chưa "
        "giải ngân gì đến tháng này bị bỏ qua. Bình quân cùng kỳ các năm trước: theo từng tháng, "
        "trung bình các năm trước đó với cùng bộ lọc (toàn quốc khi bộ lọc không có số liệu "
        "các năm trước).",
        "en": "Method: for each earlier year with all twelve months reported ({years}), with "
        "the same filters, take the ratio of its year-end cumulative disbursement to its "
        "cumulative disbursement at this month. Projected rate = current rate × the mean of "
        "those ratios; the range uses the smallest and largest ratio. A year with nothing "
        "disbursed by this month is left out. The past years' average: month by month, the mean "
        "of the earlier years with the same filters (the national one when the filters have no "
        "past years).",
    },
    "disb.by_subproject": {"vi": "Theo tiểu dự án, năm {year}", "en": "By sub-project, {year}"},
    "disb.by_source": {"vi": "Theo nguồn vốn, năm {year}", "en": "By source of capital, {year}"},
    "disb.table_splits": {
        "vi": "Theo nguồn vốn, loại vốn và kế hoạch, năm {year}",
        "en": "By source, kind and plan, {year}",
    },
    "disb.group": {"vi": "Nhóm", "en": "Group"},
    "disb.item": {"vi": "Hạng mục", "en": "Item"},
    "disb.group.carry_over": {"vi": "Kỳ giao vốn", "en": "Plan year"},
    "disb.provinces": {
        "vi": "Các tỉnh theo chênh lệch với bình quân cùng kỳ các năm trước (chậm nhất trước), "
        "năm {year}",
        "en": "Provinces by gap to the past years' average (most behind first), {year}",
    },
    "disb.pace_gap": {"vi": "Chênh lệch tiến độ", "en": "Pace gap"},
    "disb.vintage_rule": {
        "vi": "Năm {year} có số liệu trên đơn vị hành chính sau sắp xếp: các tỉnh được hiển thị "
        "theo 34 tỉnh mới; số liệu của tỉnh cũ được cộng vào tỉnh mới mà tỉnh cũ sáp nhập vào.",
        "en": "{year} has figures on the post-reform units: provinces are shown as the 34 new "
        "provinces; figures of each old province are added to the new province it merged into.",
    },
    # end of disbursement page
    # tables page
    "nav.tables": {"vi": "Bảng số liệu", "en": "Tables"},
    "tables.title": {"vi": "Bảng số liệu theo địa bàn", "en": "Figures by area"},
    "tables.search": {
        "vi": "Tìm tên (không cần dấu), mã...",
        "en": "Search a name (accents optional), code...",
    },
    "tables.export_csv": {"vi": "Tải CSV", "en": "Download CSV"},
    "tables.export_xlsx": {"vi": "Tải Excel", "en": "Download Excel"},
    "tables.grid.province": {"vi": "Theo tỉnh, năm {year}", "en": "By province, {year}"},
    "tables.grid.district": {"vi": "Theo huyện, năm {year}", "en": "By district, {year}"},
    "tables.grid.commune": {"vi": "Theo xã, năm {year}", "en": "By commune, {year}"},
    "tables.col.place": {"vi": "Địa bàn", "en": "Area"},
    "tables.col.name": {"vi": "Tên đơn vị", "en": "Name"},
    "tables.col.total": {"vi": "Tổng", "en": "Total"},
    "tables.col.vnd": {"vi": "{label} (đồng)", "en": "{label} (VND)"},
    "tables.col.in_unit": {"vi": "{label} ({unit})", "en": "{label} ({unit})"},
    "tables.unassigned": {
        "vi": "Chưa phân bổ xuống cấp này",
        "en": "Not allotted to this level",
    },
    "tables.totals": {"vi": "Tổng cộng", "en": "Total"},
    "tables.hint": {
        "vi": "Bấm vào một dòng (hoặc Enter) để xem cấp dưới.",
        "en": "Click a row (or press Enter) to see the level below.",
    },
    "tables.rule.mixed": {
        "vi": "Năm {year} có số liệu trên địa giới sau sắp xếp nên chỉ xem theo địa giới mới.",
        "en": "{year} has figures on post-reform units, so it is shown on post-reform units only.",
    },
    "tables.rule.legacy": {
        "vi": "Số liệu năm {year} ghi trên địa giới trước sắp xếp; có thể xem theo địa giới mới.",
        "en": "{year} was recorded on pre-reform units; it can also be shown on post-reform units.",
    },
    "tables.rule.convert": {
        "vi": "Quy đổi sang địa giới mới: tỉnh cũ nhập trọn vào tỉnh mới; số của xã cũ chia cho "
        "các xã mới theo tỷ lệ diện tích, làm tròn đến đồng, tổng không đổi.",
        "en": "Conversion to post-reform units: an old province goes wholly into its new "
        "province; an old commune's amount is split over its new communes by area share, in whole "
        "đồng, keeping the total.",
    },
    "tables.vintage_missing": {
        "vi": "Năm {year} không xem được theo địa giới này; đang hiển thị địa giới sau sắp xếp.",
        "en": "{year} cannot be shown on these units; showing post-reform units.",
    },
    "tables.export_filters": {
        "vi": "Năm {year}, giải ngân đến tháng {month}; {place}; địa giới: {vintage}; "
        "dự án: {project}; nguồn vốn: {source}; loại vốn: {kind}",
        "en": "{year}, disbursed to month {month}; {place}; boundaries: {vintage}; "
        "project: {project}; source: {source}; kind: {kind}",
    },
    "tables.export_search": {"vi": "Tìm kiếm: {text}", "en": "Search: {text}"},
    # end of tables page
    # wall page
    "wall.title": {"vi": "Trung tâm điều hành · CTMTQG 1719", "en": "Operating centre · NTP 1719"},
    "wall.loading": {"vi": "Đang tải số liệu…", "en": "Loading data…"},
    "wall.stale": {
        "vi": "Mất kết nối – số liệu cũ từ {time}",
        "en": "Connection lost – data stale since {time}",
    },
    "wall.config_error": {
        "vi": "Cấu hình màn hình tường không hợp lệ",
        "en": "The wall display configuration is not valid",
    },
    "wall.kpis": {"vi": "Toàn quốc · {period}", "en": "Whole country · {period}"},
    "wall.lagging": {
        "vi": "Các tỉnh chậm nhất so với bình quân cùng kỳ các năm trước · {period}",
        "en": "Provinces furthest behind the past years' average · {period}",
    },
    "wall.indicators": {"vi": "Tiến độ các chỉ tiêu", "en": "Progress of the target indicators"},
    "wall.status": {"vi": "Đánh giá", "en": "Status"},
    "wall.no_province": {
        "vi": "Không có số liệu của tỉnh {code}",
        "en": "No data for province {code}",
    },
    "wall.panel.kpis": {"vi": "Số liệu toàn quốc", "en": "National figures"},
    "wall.panel.map": {"vi": "Bản đồ tỉnh", "en": "Province map"},
    "wall.panel.lagging": {"vi": "Tỉnh chậm tiến độ", "en": "Provinces behind pace"},
    "wall.panel.scurve": {"vi": "Đường giải ngân lũy kế", "en": "Cumulative disbursement"},
    "wall.panel.indicators": {"vi": "Các chỉ tiêu", "en": "Target indicators"},
    "wall.panel.province": {"vi": "Một tỉnh", "en": "One province"},
    # end of wall page
    # scope of a viewer granted some provinces
    "scope.granted": {
        "vi": "Tổng các tỉnh được cấp quyền ({count}): {names}",
        "en": "Total of your provinces ({count}): {names}",
    },
    # end of scope
    # sign-in and accounts
    "login.title": {"vi": "Đăng nhập", "en": "Sign in"},
    "login.name": {"vi": "Tên đăng nhập", "en": "User name"},
    "login.password": {"vi": "Mật khẩu", "en": "Password"},
    "login.submit": {"vi": "Đăng nhập", "en": "Sign in"},
    "login.other_language": {"vi": "English", "en": "Tiếng Việt"},
    "login.failed": {
        "vi": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "en": "Wrong user name or password.",
    },
    "login.throttled": {
        "vi": "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.",
        "en": "Too many failed sign-ins. Try again in 15 minutes.",
    },
    "nav.logout": {"vi": "Đăng xuất", "en": "Sign out"},
    "nav.admin": {"vi": "Quản trị", "en": "Admin"},
    "admin.title": {"vi": "Tài khoản và nhật ký", "en": "Accounts and audit log"},
    "admin.accounts": {"vi": "Tài khoản", "en": "Accounts"},
    "admin.name": {"vi": "Tên", "en": "Name"},
    "admin.role": {"vi": "Vai trò", "en": "Role"},
    "admin.provinces": {"vi": "Tỉnh được xem", "en": "Provinces granted"},
    "admin.all_provinces": {"vi": "Mọi tỉnh", "en": "All provinces"},
    "admin.province_codes": {"vi": "Mã tỉnh (sau sắp xếp)", "en": "Province codes (post-reform)"},
    "admin.state": {"vi": "Trạng thái", "en": "State"},
    "admin.enabled": {"vi": "Đang hoạt động", "en": "Enabled"},
    "admin.disabled": {"vi": "Đã khóa", "en": "Disabled"},
    "admin.actions": {"vi": "Thao tác", "en": "Actions"},
    "admin.enable": {"vi": "Mở khóa", "en": "Enable"},
    "admin.disable": {"vi": "Khóa", "en": "Disable"},
    "admin.reset_password": {"vi": "Đặt lại mật khẩu", "en": "Reset password"},
    "admin.grant": {"vi": "Cấp quyền", "en": "Grant"},
    "admin.revoke": {"vi": "Thu hồi", "en": "Revoke"},
    "admin.add": {"vi": "Thêm tài khoản", "en": "Add an account"},
    "admin.add_submit": {"vi": "Thêm", "en": "Add"},
    "admin.password_optional": {
        "vi": "Mật khẩu (để trống: tạo ngẫu nhiên)",
        "en": "Password (empty: generated)",
    },
    "admin.added": {"vi": "Đã thêm tài khoản {name}.", "en": "Account {name} added."},
    "admin.saved": {"vi": "Đã lưu.", "en": "Saved."},
    "admin.password_once": {
        "vi": "Mật khẩu mới (chỉ hiển thị lần này): {password}",
        "en": "New password (shown only this once): {password}",
    },
    "admin.not_yourself": {
        "vi": "Không thể tự khóa tài khoản của mình.",
        "en": "You cannot disable your own account.",
    },
    "admin.audit": {"vi": "Nhật ký thao tác", "en": "Audit log"},
    "admin.audit_export": {"vi": "Tải về (CSV)", "en": "Download (CSV)"},
    "admin.at": {"vi": "Thời điểm (UTC)", "en": "Time (UTC)"},
    "admin.actor": {"vi": "Người thực hiện", "en": "Who"},
    "admin.action": {"vi": "Thao tác", "en": "Action"},
    "admin.target": {"vi": "Đối tượng", "en": "Target"},
    "admin.detail": {"vi": "Chi tiết", "en": "Detail"},
    "admin.address": {"vi": "Địa chỉ", "en": "Address"},
    # end of sign-in and accounts
    # who has reported (/data, tab "Reporting"; the overview's panel)
    "reporting.tab": {"vi": "Tình hình báo cáo", "en": "Reporting"},
    "reporting.title": {
        "vi": "Tình hình báo cáo của các tỉnh, năm {year}",
        "en": "Provinces' reporting in {year}",
    },
    "reporting.map_month": {"vi": "Tháng trên bản đồ", "en": "Month on the map"},
    "reporting.map_title": {
        "vi": "Tình hình báo cáo {month}",
        "en": "Reporting for {month}",
    },
    "reporting.status.reported": {"vi": "Đã báo cáo đúng hạn", "en": "Reported on time"},
    "reporting.status.late": {"vi": "Báo cáo muộn", "en": "Reported late"},
    "reporting.status.missing": {"vi": "Chưa báo cáo", "en": "Not reported"},
    "reporting.status.due": {"vi": "Chưa đến hạn", "en": "Not yet due"},
    "reporting.legend": {"vi": "Chú giải", "en": "Key"},
    "reporting.rule": {
        "vi": "Báo cáo tháng hạn chót là ngày {day} tháng sau. Mỗi ô: trạng thái, ngày nhận "
        "báo cáo đầu tiên và tỷ lệ xã thuộc Chương trình có số liệu. Tháng trước 7/2025 do các "
        "tỉnh cũ báo cáo: tính theo tỉnh mới mà chúng hợp thành.",
        "en": "A month's report is due by day {day} of the next month. Each cell: the status, "
        "when the first report arrived and the share of the program's communes it covered. "
        "Months before July 2025 were reported by the old provinces: shown for the new "
        "province they merged into.",
    },
    "reporting.received": {"vi": "nhận {date}", "en": "received {date}"},
    "reporting.covered": {"vi": "{share} số xã", "en": "{share} of communes"},
    "reporting.missing_months": {"vi": "Số tháng chưa báo cáo", "en": "Months not reported"},
    "reporting.late_months": {"vi": "Số tháng muộn", "en": "Months late"},
    "reporting.last_received": {"vi": "Nhận gần nhất", "en": "Last received"},
    "reporting.plan_received": {"vi": "Kế hoạch năm", "en": "Year's plan"},
    "reporting.none": {
        "vi": "Không có tỉnh nào trong phạm vi xem.",
        "en": "No province in view.",
    },
    "reporting.no_month": {
        "vi": "Chưa có tháng nào của năm {year} đến hạn báo cáo.",
        "en": "No month of {year} is due yet.",
    },
    "reporting.panel_title": {
        "vi": "Chưa báo cáo hoặc báo cáo muộn: {month}",
        "en": "Not reported or late: {month}",
    },
    "reporting.panel_clear": {
        "vi": "Mọi tỉnh đã báo cáo {month} đúng hạn.",
        "en": "Every province reported {month} on time.",
    },
    "reporting.panel_more": {"vi": "và {count} tỉnh khác", "en": "and {count} more"},
    "reporting.panel_link": {"vi": "Xem tình hình báo cáo", "en": "See the reporting"},
    # data page (/data): upload, review, commit, history, undo, templates
    "nav.data": {"vi": "Nhập số liệu", "en": "Data"},
    "data.title": {"vi": "Nhập số liệu báo cáo", "en": "Report data"},
    "data.tabs": {"vi": "Các phần của trang số liệu", "en": "Parts of the data page"},
    "data.tab.upload": {"vi": "Tải lên và kiểm tra", "en": "Upload and review"},
    "data.tab.history": {"vi": "Lịch sử nhập", "en": "Import history"},
    "data.tab.templates": {"vi": "Mẫu biểu", "en": "Templates"},
    "data.forbidden": {
        "vi": "Trang này dành cho cán bộ nhập số liệu và quản trị viên.",
        "en": "This page is for data officers and administrators.",
    },
    "data.scope_all": {
        "vi": "Bạn nhập được số liệu của mọi tỉnh.",
        "en": "You may import the figures of every province.",
    },
    "data.scope_some": {
        "vi": "Bạn nhập được số liệu của: {names}. Các dòng của tỉnh khác bị loại.",
        "en": "You may import the figures of: {names}. Rows of other provinces are rejected.",
    },
    "data.drop": {
        "vi": "Kéo thả tệp CSV hoặc XLSX vào đây, hoặc bấm để chọn tệp (tối đa {mb} MB)",
        "en": "Drop a CSV or XLSX file here, or click to choose one (at most {mb} MB)",
    },
    "data.too_large": {
        "vi": "Tệp lớn hơn giới hạn {mb} MB (IMPORT_MAX_MB) nên không được nhận.",
        "en": "The file is larger than the limit of {mb} MB (IMPORT_MAX_MB); it was not accepted.",
    },
    "data.uploading": {"vi": "Đang tải lên {name}…", "en": "Uploading {name}…"},
    "data.upload_failed": {
        "vi": "Không tải lên được: {reason}",
        "en": "The upload failed: {reason}",
    },
    "data.keep_demo": {
        "vi": "Nhập cùng dữ liệu minh họa (giữ dữ liệu minh họa)",
        "en": "Import beside the demo data (keep it)",
    },
    "data.job.reading": {
        "vi": "Đang đọc và kiểm tra {name} (chưa ghi gì)…",
        "en": "Reading and checking {name} (nothing is written)…",
    },
    "data.job.waiting": {
        "vi": "Đang chờ: một lần nhập khác đang ghi vào cơ sở dữ liệu ({detail}).",
        "en": "Waiting: another import is being written ({detail}).",
    },
    "data.job.writing": {
        "vi": "Đang ghi {done} / {total} dòng…",
        "en": "Writing {done} of {total} rows…",
    },
    "data.job.checking": {
        "vi": "Đang kiểm tra lại tệp trước khi ghi…",
        "en": "Checking the file again before writing…",
    },
    "data.job.undoing": {"vi": "Đang hoàn tác lần nhập {batch}…", "en": "Undoing batch {batch}…"},
    "data.cancel": {"vi": "Hủy", "en": "Cancel"},
    "data.commit": {"vi": "Ghi vào cơ sở dữ liệu", "en": "Commit"},
    "data.discard": {"vi": "Bỏ tệp này", "en": "Discard"},
    "data.rereview": {"vi": "Kiểm tra lại", "en": "Review again"},
    "data.review.title": {
        "vi": "Kết quả kiểm tra {name} (chưa ghi vào cơ sở dữ liệu)",
        "en": "Review of {name} (nothing written yet)",
    },
    "data.review.kinds": {"vi": "Loại số liệu", "en": "Kinds"},
    "data.review.period": {"vi": "Kỳ báo cáo", "en": "Period"},
    "data.review.sheets": {"vi": "Trang tính đã đọc", "en": "Sheets read"},
    "data.review.rows": {"vi": "Số dòng", "en": "Rows"},
    "data.review.rows_value": {
        "vi": "{read} dòng: {accepted} được nhận, {rejected} bị loại, {warned} có cảnh báo",
        "en": "{read} rows: {accepted} accepted, {rejected} rejected, {warned} with warnings",
    },
    "data.review.file_total": {"vi": "Dòng tổng của tệp", "en": "The file's total row"},
    "data.review.accepted_sum": {"vi": "Tổng các dòng được nhận", "en": "Sum of accepted rows"},
    "data.review.difference": {"vi": "Chênh lệch", "en": "Difference"},
    "data.review.no_total": {"vi": "Tệp không có dòng tổng", "en": "The file has no total row"},
    "data.review.by_province": {"vi": "Tổng theo tỉnh", "en": "Totals by province"},
    "data.review.by_project": {"vi": "Tổng theo dự án", "en": "Totals by project"},
    "data.review.changes": {"vi": "Thay đổi trong cơ sở dữ liệu", "en": "Changes to the database"},
    "data.review.changes_value": {
        "vi": "{new} dòng mới, {changed} dòng thay đổi, {unchanged} dòng không đổi",
        "en": "{new} new rows, {changed} changed, {unchanged} unchanged",
    },
    "data.review.changes_cut": {
        "vi": "Chỉ liệt kê {shown} thay đổi lớn nhất.",
        "en": "Only the {shown} largest changes are listed.",
    },
    "data.review.issues": {
        "vi": "Dòng bị loại và cảnh báo",
        "en": "Rejected rows and warnings",
    },
    "data.review.issues_cut": {
        "vi": "Bảng hiển thị {shown} / {total} vấn đề; tệp tải về có đủ.",
        "en": "The grid shows {shown} of {total} issues; the download has them all.",
    },
    "data.review.no_issues": {"vi": "Không có dòng nào bị loại.", "en": "No row was rejected."},
    "data.review.duplicate": {
        "vi": "Tệp này đã được nhập (lần nhập {batch}); ghi lại sẽ không thay đổi gì.",
        "en": "This file was imported already (batch {batch}); nothing would change.",
    },
    "data.review.nothing": {
        "vi": "Không có dòng nào được nhận: không có gì để ghi.",
        "en": "No row was accepted: there is nothing to commit.",
    },
    "data.review.refused": {
        "vi": "Tệp không nhập được: {reason}",
        "en": "The file cannot be imported: {reason}",
    },
    "data.download_csv": {"vi": "Tải về CSV", "en": "Download CSV"},
    "data.download_xlsx": {"vi": "Tải về XLSX", "en": "Download XLSX"},
    "data.col.row": {"vi": "Dòng", "en": "Row"},
    "data.col.column": {"vi": "Cột", "en": "Column"},
    "data.col.severity": {"vi": "Mức", "en": "Severity"},
    "data.col.reason": {"vi": "Lý do", "en": "Reason"},
    "data.col.table": {"vi": "Số liệu", "en": "Figures"},
    "data.col.unit": {"vi": "Đơn vị", "en": "Unit"},
    "data.col.line": {"vi": "Dự án/tiểu dự án", "en": "Line"},
    "data.col.period": {"vi": "Kỳ", "en": "Period"},
    "data.col.old": {"vi": "Cũ (đồng)", "en": "Old (đồng)"},
    "data.col.new": {"vi": "Mới (đồng)", "en": "New (đồng)"},
    "data.col.amount": {"vi": "Số tiền (đồng)", "en": "Amount (đồng)"},
    "severity.error": {"vi": "Bị loại", "en": "Rejected"},
    "severity.warning": {"vi": "Cảnh báo", "en": "Warning"},
    "severity.info": {"vi": "Ghi chú", "en": "Note"},
    "severity.note": {"vi": "Ghi chú", "en": "Note"},
    "import.kind.capital_plan": {"vi": "Kế hoạch vốn", "en": "Capital plan"},
    "import.kind.disbursement": {"vi": "Số liệu giải ngân", "en": "Disbursements"},
    "import.kind.plan_and_disbursement": {
        "vi": "Báo cáo tiến độ (kế hoạch và giải ngân)",
        "en": "Progress report (plan and disbursement)",
    },
    "import.kind.indicator_value": {"vi": "Giá trị chỉ tiêu", "en": "Indicator values"},
    "import.kind.classification": {"vi": "Phân định khu vực xã", "en": "Commune classes"},
    "import.kind.catalogue": {"vi": "Danh mục chương trình", "en": "Program catalogue"},
    "import.kind.undo": {"vi": "Hoàn tác", "en": "Undo"},
    "import.kind.disbursement_span": {"vi": "Kỳ lũy kế", "en": "Year-to-date spans"},
    "data.committed": {
        "vi": "Đã ghi lần nhập {batch}: {accepted} dòng được nhận, {rejected} dòng bị loại.",
        "en": "Batch {batch} written: {accepted} rows accepted, {rejected} rejected.",
    },
    "data.stale": {
        "vi": "Số liệu đã thay đổi từ lúc kiểm tra; chưa ghi gì. Hãy kiểm tra lại tệp.",
        "en": "The data changed since this review; nothing was written. Review the file again.",
    },
    "data.commit_failed": {"vi": "Không ghi được: {reason}", "en": "Nothing was written: {reason}"},
    "data.discarded": {"vi": "Đã bỏ tệp {name}.", "en": "{name} discarded."},
    "data.history.title": {"vi": "Các lần nhập số liệu", "en": "Imports"},
    "data.history.pick": {
        "vi": "Chọn một lần nhập trong bảng để tải báo cáo lỗi hoặc hoàn tác.",
        "en": "Select a batch in the grid to download its issue report or to undo it.",
    },
    "data.history.none": {"vi": "Chưa có lần nhập nào.", "en": "No imports yet."},
    "data.col.batch": {"vi": "Lần nhập", "en": "Batch"},
    "data.col.account": {"vi": "Người nhập", "en": "By"},
    "data.col.at": {"vi": "Thời điểm (UTC)", "en": "When (UTC)"},
    "data.col.file": {"vi": "Tệp", "en": "File"},
    "data.col.hash": {"vi": "SHA-256", "en": "SHA-256"},
    "data.col.kinds": {"vi": "Loại số liệu", "en": "Kinds"},
    "data.col.accepted": {"vi": "Dòng nhận", "en": "Accepted"},
    "data.col.rejected": {"vi": "Dòng loại", "en": "Rejected"},
    "data.col.accepted_vnd": {"vi": "Tổng được nhận (đồng)", "en": "Accepted total (đồng)"},
    "data.col.file_total_vnd": {"vi": "Tổng của tệp (đồng)", "en": "File's total (đồng)"},
    "data.col.status": {"vi": "Trạng thái", "en": "Status"},
    "batch.ok": {"vi": "Đã ghi", "en": "Committed"},
    "batch.partial": {"vi": "Đã ghi một phần", "en": "Committed in part"},
    "batch.rejected": {"vi": "Bị loại cả tệp", "en": "Rejected"},
    "batch.undone": {"vi": "Đã hoàn tác", "en": "Undone"},
    "batch.duplicate": {"vi": "Trùng tệp đã nhập", "en": "Duplicate"},
    "data.issue_report": {"vi": "Báo cáo lỗi", "en": "Issue report"},
    "data.undo": {"vi": "Hoàn tác…", "en": "Undo…"},
    "data.undo.title": {"vi": "Hoàn tác lần nhập {batch}?", "en": "Undo batch {batch}?"},
    "data.undo.effect": {
        "vi": "Tệp {name}: {removed} dòng của lần nhập này sẽ bị xóa và {restored} dòng "
        "trước đó được khôi phục.",
        "en": "File {name}: {removed} rows of this batch will be removed and {restored} earlier "
        "rows restored.",
    },
    "data.undo.money": {
        "vi": "{figures} của {province}: {change}",
        "en": "{figures} of {province}: {change}",
    },
    "data.undo.refused": {
        "vi": "Không thể hoàn tác: {reason}",
        "en": "It cannot be undone: {reason}",
    },
    "data.undo.confirm": {"vi": "Hoàn tác lần nhập này", "en": "Undo this import"},
    "data.undo.close": {"vi": "Đóng", "en": "Close"},
    "data.undone": {
        "vi": "Đã hoàn tác lần nhập {batch}: {removed} dòng đã xóa, "
        "{restored} dòng được khôi phục.",
        "en": "Batch {batch} undone: {removed} rows removed, {restored} rows restored.",
    },
    "data.undo_failed": {"vi": "Chưa hoàn tác: {reason}", "en": "Not undone: {reason}"},
    "data.templates.intro": {
        "vi": "Mỗi loại số liệu có một mẫu CSV và một mẫu XLSX với tiêu đề cột tiếng Việt và mã "
        "đơn vị thật. Điền số liệu của tỉnh mình vào mẫu rồi tải lên ở thẻ đầu tiên.",
        "en": "Each kind of figures has a CSV and an XLSX template with Vietnamese headers and "
        "real unit codes. Fill in your province's figures and upload the file in the first tab.",
    },
    "data.templates.guide": {
        "vi": "Hướng dẫn ngắn: (1) giữ nguyên dòng tiêu đề cột; các cột không dùng có thể để "
        "trống. (2) Ghi mã xã 5 chữ số (giữ số 0 ở đầu) hoặc tên xã cùng huyện, tỉnh. (3) Ghi "
        'đơn vị tiền ở tiêu đề cột, ví dụ "(triệu đồng)"; không ghi thì hiểu là đồng. (4) Kỳ '
        'báo cáo dạng 03/2025 hoặc ghi một lần ở dòng tiêu đề: "Số liệu tính đến ngày '
        '30/6/2025". (5) Tải tệp lên, xem kết quả kiểm tra, rồi mới bấm Ghi; lần nhập sai có '
        "thể hoàn tác ở thẻ Lịch sử nhập.",
        "en": "A short guide: (1) keep the header row; columns you do not use may stay blank. "
        "(2) Give 5-digit commune codes (with their leading zeros) or the commune's name with "
        'its district and province. (3) Put the money unit in the header, e.g. "(triệu '
        'đồng)"; without one, amounts are in đồng. (4) Write periods as 03/2025, or once in a '
        'title line: "Số liệu tính đến ngày 30/6/2025". (5) Upload the file, read the review, '
        "then commit; a wrong import can be undone in the Import history tab.",
    },
    "data.templates.kind": {"vi": "Loại số liệu", "en": "Kind"},
    "data.templates.files": {"vi": "Mẫu", "en": "Templates"},
    "data.templates.admin_only": {
        "vi": "(chỉ quản trị viên nhập được)",
        "en": "(administrators only)",
    },
    # end of the data page
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


def lower_first(text: str) -> str:
    """A label written mid-sentence: "Sau sắp xếp (34 tỉnh)" -> "sau sắp xếp (34 tỉnh)"."""
    return text[:1].lower() + text[1:]


def missing(languages: Iterable[str] = LANGUAGES) -> list[tuple[str, str]]:
    """(key, language) pairs without a non-empty label: the i18n test expects none."""
    return [
        (key, lang) for key, entry in LABELS.items() for lang in languages if not entry.get(lang)
    ]

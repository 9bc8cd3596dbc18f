"""What headers and cell values may say, in Vietnamese and English, as data.

Headers are matched by `dashboard.text.name_key`, so case, diacritics, spaces and punctuation do
not matter. Amount headers are read word by word instead ("Kế hoạch vốn (triệu đồng)", or
"Giải ngân" over "NSTW" in a two-row header), see `headers.read_measure`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.text import fold, name_key


@dataclass(frozen=True)
class Field:
    label: str
    vi: tuple[str, ...]
    en: tuple[str, ...]

    def keys(self) -> set[str]:
        return {name_key(alias) for alias in self.vi + self.en} - {""}

    def expected(self) -> str:
        return f"{' / '.join(self.vi)} (English: {' / '.join(self.en)})"


F = Field
FIELDS: dict[str, Field] = {
    "year": F("year", ("Năm", "Năm kế hoạch", "Năm KH", "Năm báo cáo"), ("Year", "Plan year")),
    "period": F(
        "reporting period",
        ("Kỳ báo cáo", "Tháng", "Kỳ", "Tháng báo cáo", "Tháng/năm", "Thời gian"),
        ("Period", "Month", "Reporting period"),
    ),
    "province_code": F("province code", ("Mã tỉnh", "Mã tỉnh/TP"), ("Province code",)),
    "district_code": F("district code", ("Mã huyện", "Mã quận/huyện"), ("District code",)),
    "commune_code": F(
        "commune code", ("Mã xã", "Mã xã/phường", "Mã xã/phường/thị trấn"), ("Commune code",)
    ),
    "unit_code": F(
        "unit code", ("Mã ĐVHC", "Mã đơn vị hành chính", "Mã địa bàn"), ("Unit code", "Admin code")
    ),
    "province": F(
        "province", ("Tỉnh", "Tên tỉnh", "Tỉnh/thành phố", "Tỉnh/TP"), ("Province", "Province name")
    ),
    "district": F("district", ("Huyện", "Tên huyện", "Quận/huyện"), ("District", "District name")),
    "commune": F(
        "commune",
        ("Xã", "Tên xã", "Xã/phường", "Xã/phường/thị trấn", "Tên đơn vị", "Đơn vị"),
        ("Commune", "Commune name", "Ward"),
    ),
    "line": F(
        "project or sub-project",
        ("Dự án, tiểu dự án", "Dự án/tiểu dự án", "Mã dự án/tiểu dự án", "Nội dung"),
        ("Line", "Line code", "Budget line", "Project/sub-project"),
    ),
    "project": F("project", ("Mã dự án", "Dự án", "Dự án thành phần"), ("Project", "Project code")),
    "subproject": F(
        "sub-project",
        ("Mã tiểu dự án", "Tiểu dự án", "Mã TDA"),
        ("Subproject", "Sub-project", "Subproject code", "Sub-project code"),
    ),
    "source": F("source of funds", ("Nguồn vốn", "Nguồn"), ("Source", "Funding source")),
    "fund_kind": F(
        "kind of capital", ("Loại vốn", "Tính chất vốn"), ("Kind", "Capital kind", "Fund kind")
    ),
    "carry_over": F(
        "carry-over flag",
        ("Vốn kéo dài", "Kéo dài", "Chuyển nguồn"),
        ("Carry-over", "Carried over"),
    ),
    "program": F("program", ("Chương trình", "Mã chương trình"), ("Program", "Program code")),
    "indicator": F("indicator", ("Mã chỉ tiêu", "Chỉ tiêu"), ("Indicator", "Indicator code")),
    "value": F("value", ("Giá trị", "Số liệu", "Kết quả"), ("Value",)),
    "region": F("region", ("Khu vực", "Phân định khu vực", "KV"), ("Region",)),
    "em_area": F(
        "ethnic-minority-area flag",
        ("Vùng DTTS", "Vùng đồng bào DTTS", "Thuộc vùng DTTS"),
        ("EM area", "Ethnic minority area"),
    ),
    "vintage": F("unit vintage", ("Năm áp dụng", "Bản đồ"), ("Vintage", "Unit vintage")),
    "ignore": F("ignored", ("STT", "TT", "Số TT", "Ghi chú"), ("No.", "Note", "Notes")),
    # the catalogue: its CSV's own column names, plus the Vietnamese ones
    "program_code": F("program code", ("Mã chương trình",), ("program_code", "Program code")),
    "program_name_vi": F("program name", ("Tên chương trình",), ("program_name_vi",)),
    "program_name_en": F(
        "English program name", ("Tên chương trình (tiếng Anh)",), ("program_name_en",)
    ),
    "start_year": F("start year", ("Năm bắt đầu",), ("start_year", "Start year")),
    "end_year": F("end year", ("Năm kết thúc",), ("end_year", "End year")),
    "project_code": F("project code", ("Mã dự án",), ("project_code", "Project code")),
    "project_name_vi": F("project name", ("Tên dự án",), ("project_name_vi",)),
    "project_name_en": F("English project name", ("Tên dự án (tiếng Anh)",), ("project_name_en",)),
    "subproject_code": F(
        "sub-project code", ("Mã tiểu dự án",), ("subproject_code", "Subproject code")
    ),
    "subproject_name_vi": F("sub-project name", ("Tên tiểu dự án",), ("subproject_name_vi",)),
    "subproject_name_en": F(
        "English sub-project name", ("Tên tiểu dự án (tiếng Anh)",), ("subproject_name_en",)
    ),
}

UNIT_FIELDS = (
    "commune_code", "district_code", "province_code", "unit_code",
    "commune", "district", "province",
)  # fmt: skip
LINE_FIELDS = ("line", "subproject", "project")
FACT_FIELDS = (*UNIT_FIELDS, *LINE_FIELDS, "source", "fund_kind", "carry_over", "program")
CATALOGUE_FIELDS = tuple(name for name in FIELDS if name.startswith(("program_", "project_")))
CATALOGUE_FIELDS += ("start_year", "end_year", "subproject_code")
CATALOGUE_FIELDS += ("subproject_name_vi", "subproject_name_en")

KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "capital_plan": ("year", *FACT_FIELDS),
    "disbursement": ("period", "year", *FACT_FIELDS),
    "plan_and_disbursement": ("period", "year", *FACT_FIELDS),
    "indicator_value": ("indicator", "year", "value", *UNIT_FIELDS),
    "classification": ("region", "em_area", "vintage", *UNIT_FIELDS),
    "catalogue": CATALOGUE_FIELDS,
}
KIND_MEASURES = {"capital_plan": ("plan",), "disbursement": ("disbursed", "cumulative")}
KIND_MEASURES["plan_and_disbursement"] = (*KIND_MEASURES["capital_plan"], "disbursed", "cumulative")


def alias_map(kind: str | None) -> dict[str, str]:
    """name_key of a header -> field, for one kind (or for all kinds when ``kind`` is None)."""
    names = KIND_FIELDS[kind] if kind else tuple(FIELDS)
    mapping: dict[str, str] = {}
    for name in (*names, "ignore"):
        for key in FIELDS[name].keys():
            mapping.setdefault(key, name)
    return mapping


_NON_WORD = re.compile(r"[^a-z0-9]+")
# Words of amount headers and of source/kind cells: phrase -> (category, value).
PHRASES: dict[str, tuple[str, object]] = {}


def words(text: str) -> list[str]:
    """Lower-case words without diacritics or punctuation: "(Tr.đ)" -> ["tr", "d"]."""
    return _NON_WORD.sub(" ", fold(text)).split()


def _add(category: str, value: object, *phrases: str) -> None:
    for phrase in phrases:
        PHRASES[" ".join(words(phrase))] = (category, value)


_add("measure", "plan", "kế hoạch vốn", "kế hoạch", "số vốn", "vốn kế hoạch", "dự toán")
_add("measure", "plan", "amount", "plan", "planned", "allocated", "allocation")
_add("measure", "disbursed", "giải ngân", "disbursed", "disbursement")
_add("measure", "cumulative", "lũy kế", "luỹ kế", "cumulative", "ytd", "year to date", "to date")
_add("measure", "cumulative", "từ đầu năm", "đến thời điểm báo cáo", "đến cuối kỳ")
# "Giải ngân đến 30/9/2023", "... đến hết tháng 9": money paid out up to a date is a running total
_add("to_date", True, "đến", "đến hết", "tính đến", "đến ngày", "tính đến ngày", "hết", "tới")
_add("to_date", True, "đến hết tháng", "đến tháng", "to", "until", "up to", "as of")
_add("period", True, "trong kỳ", "trong tháng", "kỳ báo cáo", "kỳ này", "tháng này")
_add("period", True, "in period", "in the period", "this period", "monthly")
_add("total", True, "tổng số", "tổng cộng", "tổng", "cộng", "total")
_add("scale", 1_000_000, "triệu đồng", "triệu", "tr đ", "trđ", "million vnd", "million", "vnd m")
_add("scale", 1_000_000_000, "tỷ đồng", "tỷ", "tỉ đồng", "tỉ", "billion vnd", "billion", "vnd bn")
_add("scale", 1_000, "nghìn đồng", "ngàn đồng", "thousand vnd", "thousand")
_add("scale", 1, "đồng", "vnd", "vnđ", "đ")
_add("source", "central", "nstw", "ngân sách trung ương", "trung ương", "central", "central budget")
_add("source", "local", "nsđp", "ngân sách địa phương", "địa phương", "local", "local budget")
_add("source", "credit", "tín dụng chính sách", "tín dụng", "credit", "policy credit")
_add("source", "other", "khác", "huy động khác", "nguồn khác", "other", "other sources")
_add("fund_kind", "investment", "đtpt", "đầu tư phát triển", "đầu tư", "investment")
_add("fund_kind", "recurrent", "sự nghiệp", "sn", "kinh phí sự nghiệp", "recurrent")
_add("carry_over", True, "vốn kéo dài", "kéo dài", "chuyển nguồn", "carry over", "carried over")
_add("filler", None, "vốn", "số", "năm", "được giao", "giao", "trong đó", "gồm", "chia ra", "đã")
_add("filler", None, "đvt", "đơn vị tính", "nguồn", "ngân sách", "giá trị", "tiền", "số tiền")
_add("filler", None, "in", "of", "the", "funds", "value", "tháng", "ngày", "quý", "i", "ii", "iii")
_add("filler", None, "iv", "báo cáo", "kỳ", "month", "year", "quarter")

TOTAL_KEYS = {
    name_key(text)
    for text in ("Tổng cộng", "Tổng", "Cộng", "Tổng số", "Total", "Grand total", "Subtotal",
                 "Toàn tỉnh", "Toàn huyện", "Tổng cộng toàn tỉnh", "Cộng toàn tỉnh")
}  # fmt: skip
COUNTRY_KEYS = {name_key(text) for text in ("Toàn quốc", "Cả nước", "VN", "Việt Nam")}
TRUE_KEYS = {"co", "x", "1", "yes", "y", "true", "dung", "thuoc", "vungdtts"}
FALSE_KEYS = {"khong", "0", "no", "n", "false", "sai", "khongthuoc"}
VINTAGE_KEYS = {
    **dict.fromkeys(("2024", "cu", "legacy", "old", "truocsapnhap", "63tinh"), 2024),
    **dict.fromkeys(("2025", "moi", "new", "reformed", "sausapnhap", "34tinh"), 2025),
}

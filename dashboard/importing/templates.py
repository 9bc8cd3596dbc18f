"""Import templates, one CSV and one XLSX per kind, with Vietnamese headers and real codes.

    python -m dashboard.importing.templates [folder]      # default: docs/templates

The CSV files write numbers the Vietnamese way ("2.350", "845,5"); the workbooks carry a title
row above the header as provincial reports do, and codes as text so their leading zeros stay.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

FOLDER = Path(__file__).resolve().parents[2] / "docs" / "templates"
HG, LC = ("02", "Hà Giang"), ("12", "Lai Châu")
DONG_VAN, MUONG_TE, LAI_CHAU = ("026", "Đồng Văn"), ("107", "Mường Tè"), ("105", "TP. Lai Châu")

TEMPLATES: dict[str, tuple[str, list[str], list[list[object]]]] = {
    "capital_plan": (
        "KẾ HOẠCH VỐN NĂM 2025 - CHƯƠNG TRÌNH MTQG 1719",
        ["Năm", "Mã tỉnh", "Tỉnh", "Mã huyện", "Huyện", "Mã xã", "Xã", "Dự án/tiểu dự án",
         "Nguồn vốn", "Loại vốn", "Vốn kéo dài", "Kế hoạch vốn (triệu đồng)"],
        [
            [2025, *HG, *DONG_VAN, "00715", "Xã Lũng Cú", "DA4.1", "NSTW", "ĐTPT", "không", 2350],
            [2025, *HG, *DONG_VAN, "00718", "Xã Má Lé", "DA1", "NSTW", "Sự nghiệp", "không", 845.5],
            [2025, *LC, *MUONG_TE, "03436", "Xã Thu Lũm", "DA4.1", "NSĐP", "ĐTPT", "không", 1200],
            [2025, *LC, *MUONG_TE, "03439", "Xã Ka Lăng", "DA3.2", "NSTW", "SN", "có", 310.25],
        ],
    ),
    "disbursement": (
        "BÁO CÁO GIẢI NGÂN VỐN CHƯƠNG TRÌNH MTQG 1719",
        ["Kỳ báo cáo", "Mã tỉnh", "Tỉnh", "Mã xã", "Xã", "Dự án/tiểu dự án", "Nguồn vốn",
         "Loại vốn", "Giải ngân trong kỳ (triệu đồng)"],
        [
            ["03/2025", *HG, "00715", "Xã Lũng Cú", "DA4.1", "NSTW", "ĐTPT", 450],
            ["03/2025", *HG, "00718", "Xã Má Lé", "DA1", "NSTW", "Sự nghiệp", 120.5],
            ["03/2025", *LC, "03436", "Xã Thu Lũm", "DA4.1", "NSĐP", "ĐTPT", 300],
            ["04/2025", *HG, "00715", "Xã Lũng Cú", "DA4.1", "NSTW", "ĐTPT", 610],
        ],
    ),
    "plan_and_disbursement": (
        "BÁO CÁO TIẾN ĐỘ GIẢI NGÂN 6 THÁNG NĂM 2025 (Số liệu tính đến ngày 30/6/2025)",
        ["Mã tỉnh", "Tỉnh", "Mã xã", "Xã", "Dự án/tiểu dự án", "Nguồn vốn", "Loại vốn",
         "Kế hoạch năm 2025 (triệu đồng)", "Lũy kế giải ngân đến 30/6/2025 (triệu đồng)"],
        [
            [*HG, "00715", "Xã Lũng Cú", "DA4.1", "NSTW", "ĐTPT", 2350, 1100],
            [*HG, "00718", "Xã Má Lé", "DA1", "NSTW", "Sự nghiệp", 845.5, 320.5],
            [*LC, "03436", "Xã Thu Lũm", "DA4.1", "NSĐP", "ĐTPT", 1200, 500],
        ],
    ),
    "indicator_value": (
        "SỐ LIỆU CHỈ TIÊU CHƯƠNG TRÌNH MTQG 1719",
        ["Mã chỉ tiêu", "Mã tỉnh", "Tỉnh", "Mã xã", "Xã", "Năm", "Giá trị"],
        [
            ["EM_POVERTY", "", "Toàn quốc", "", "", 2024, 12.55],
            ["EM_POVERTY", *HG, "", "", 2024, 28.9],
            ["EM_INCOME", *LC, "", "", 2024, 32.1],
            ["GRID_POWER", *LC, "03436", "Xã Thu Lũm", 2024, 96.5],
        ],
    ),
    "classification": (
        "PHÂN ĐỊNH XÃ THEO KHU VỰC VÙNG ĐỒNG BÀO DTTS VÀ MIỀN NÚI",
        ["Mã tỉnh", "Tỉnh", "Mã huyện", "Huyện", "Mã xã", "Xã", "Khu vực", "Vùng DTTS",
         "Năm áp dụng"],
        [
            [*HG, *DONG_VAN, "00715", "Xã Lũng Cú", "III", "có", 2024],
            [*HG, *DONG_VAN, "00718", "Xã Má Lé", "III", "có", 2024],
            [*LC, *MUONG_TE, "03436", "Xã Thu Lũm", "III", "có", 2024],
            [*LC, *LAI_CHAU, "03386", "Phường Quyết Thắng", "I", "có", 2024],
        ],
    ),
}  # fmt: skip


def _catalogue() -> tuple[str, list[str], list[list[object]]]:
    """Rows of the phase I catalogue itself, so importing the template changes nothing."""
    from dashboard.catalogue import DEFAULT_CATALOGUE

    with DEFAULT_CATALOGUE.open(encoding="utf-8") as source:
        rows = [r for r in csv.DictReader(source) if r["project_code"] in ("DA1", "DA4", "DA9")]
    headers = {
        "program_code": "Mã chương trình", "program_name_vi": "Tên chương trình",
        "program_name_en": "Tên chương trình (tiếng Anh)", "start_year": "Năm bắt đầu",
        "end_year": "Năm kết thúc", "project_code": "Mã dự án", "project_name_vi": "Tên dự án",
        "project_name_en": "Tên dự án (tiếng Anh)", "subproject_code": "Mã tiểu dự án",
        "subproject_name_vi": "Tên tiểu dự án", "subproject_name_en": "Tên tiểu dự án (tiếng Anh)",
    }  # fmt: skip
    body = [[r[column] for column in headers] for r in rows]
    for row in body[1:]:  # as a spreadsheet would: the program is named once, at the top
        row[1:5] = ["", "", "", ""]
    return "DANH MỤC DỰ ÁN, TIỂU DỰ ÁN", list(headers.values()), body


def vn_number(value: object) -> object:
    """2350 -> "2.350", 845.5 -> "845,5" (years and text unchanged)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or 1900 < value < 2100:
        return value
    whole, _, fraction = f"{value:,}".partition(".")
    text = whole.replace(",", ".")
    return f"{text},{fraction}" if fraction and fraction.strip("0") else text


def write_csv(path: Path, headers: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows([[vn_number(v) for v in row] for row in rows])


def write_xlsx(path: Path, title: str, headers: list[str], rows: list[list[object]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Mẫu"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(headers)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, header in enumerate(headers, 1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = max(10, min(40, len(header) + 4))
        for (cell,) in sheet.iter_rows(min_row=4, min_col=index, max_col=index):
            if isinstance(cell.value, str):
                cell.number_format = "@"  # text: codes keep their leading zeros
    book.save(path)


KINDS = (*TEMPLATES, "catalogue")
FORMATS = ("csv", "xlsx")


def template_file(kind: str, fmt: str) -> bytes:
    """The bytes of the ``fmt`` ("csv" or "xlsx") template of ``kind`` (one of ``KINDS``), as
    ``write_templates`` writes them; ValueError for another kind or format."""
    if kind not in KINDS or fmt not in FORMATS:
        raise ValueError(f"no {fmt!r} template of {kind!r}")
    title, headers, rows = _catalogue() if kind == "catalogue" else TEMPLATES[kind]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{kind}.{fmt}"
        if fmt == "csv":
            write_csv(path, headers, rows)
        else:
            write_xlsx(path, title, headers, rows)
        return path.read_bytes()


def write_templates(folder: Path = FOLDER) -> list[Path]:
    """Write ``<kind>.csv`` and ``<kind>.xlsx`` for every kind; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, (title, headers, rows) in {**TEMPLATES, "catalogue": _catalogue()}.items():
        write_csv(folder / f"{kind}.csv", headers, rows)
        write_xlsx(folder / f"{kind}.xlsx", title, headers, rows)
        written += [folder / f"{kind}.csv", folder / f"{kind}.xlsx"]
    return written


if __name__ == "__main__":
    for path in write_templates(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER):
        print(path)

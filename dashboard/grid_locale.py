"""The data grid's own texts (filter menus, sorting, screen-reader hints) in Vietnamese.

AG Grid writes these itself, in English unless it is given ``localeText``; the keys are AG Grid's.
English pages keep AG Grid's own texts. Number separators follow ``dashboard.fmt``.
"""

from __future__ import annotations

GRID_TEXT_VI: dict[str, str] = {
    # filter menus
    "filterOoo": "Lọc...",
    "searchOoo": "Tìm...",
    "selectAll": "(Chọn tất cả)",
    "selectAllSearchResults": "(Chọn mọi kết quả)",
    "blanks": "(Trống)",
    "noMatches": "Không có kết quả",
    "equals": "Bằng",
    "notEqual": "Khác",
    "blank": "Trống",
    "notBlank": "Không trống",
    "empty": "Chọn một điều kiện",
    "lessThan": "Nhỏ hơn",
    "greaterThan": "Lớn hơn",
    "lessThanOrEqual": "Nhỏ hơn hoặc bằng",
    "greaterThanOrEqual": "Lớn hơn hoặc bằng",
    "inRange": "Trong khoảng",
    "inRangeStart": "Từ",
    "inRangeEnd": "Đến",
    "contains": "Có chứa",
    "notContains": "Không chứa",
    "startsWith": "Bắt đầu bằng",
    "endsWith": "Kết thúc bằng",
    "andCondition": "VÀ",
    "orCondition": "HOẶC",
    "applyFilter": "Áp dụng",
    "resetFilter": "Đặt lại",
    "clearFilter": "Xóa",
    "cancelFilter": "Hủy",
    "textFilter": "Lọc chữ",
    "numberFilter": "Lọc số",
    "filters": "Bộ lọc",
    "columns": "Cột",
    # column menu and sorting
    "pinColumn": "Ghim cột",
    "pinLeft": "Ghim bên trái",
    "pinRight": "Ghim bên phải",
    "noPin": "Bỏ ghim",
    "autosizeThisColumn": "Tự chỉnh độ rộng cột này",
    "autosizeAllColumns": "Tự chỉnh độ rộng mọi cột",
    "resetColumns": "Đặt lại các cột",
    "sortAscending": "Sắp xếp tăng dần",
    "sortDescending": "Sắp xếp giảm dần",
    "sortUnSort": "Bỏ sắp xếp",
    # rows and pages
    "noRowsToShow": "Không có dòng nào",
    "loadingOoo": "Đang tải...",
    "loadingError": "Lỗi",
    "page": "Trang",
    "of": "trên",
    "to": "đến",
    "more": "thêm",
    "firstPage": "Trang đầu",
    "previousPage": "Trang trước",
    "nextPage": "Trang sau",
    "lastPage": "Trang cuối",
    "invalidNumber": "Số không hợp lệ",
    "thousandSeparator": ".",
    "decimalSeparator": ",",
    # what a screen reader hears
    "ariaChecked": "đã chọn",
    "ariaUnchecked": "chưa chọn",
    "ariaIndeterminate": "chọn một phần",
    "ariaColumn": "Cột",
    "ariaColumnGroup": "Nhóm cột",
    "ariaRowSelect": "Nhấn Space để chọn dòng này",
    "ariaSearch": "Tìm",
    "ariaSearchFilterValues": "Tìm giá trị lọc",
    "ariaFilterInput": "Ô nhập điều kiện lọc",
    "ariaFilterValue": "Giá trị lọc",
    "ariaFilterFromValue": "Lọc từ giá trị",
    "ariaFilterToValue": "Lọc đến giá trị",
    "ariaFilteringOperator": "Phép so sánh",
    "ariaFilterMenuOpen": "Mở bộ lọc",
    "ariaLabelColumnMenu": "Trình đơn cột",
    "ariaLabelColumnFilter": "Bộ lọc cột",
    "ariaMenuColumn": "Nhấn Alt + mũi tên xuống để mở trình đơn cột",
    "ariaSortableColumn": "Nhấn Enter để sắp xếp",
    "ariaHidden": "ẩn",
    "ariaVisible": "hiện",
}


def grid_text(lang: str) -> dict[str, str]:
    """``localeText`` for the grid on a page in ``lang`` (empty: AG Grid's English)."""
    return dict(GRID_TEXT_VI) if lang == "vi" else {}

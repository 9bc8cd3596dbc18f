"""Makers of hostile import files: hand-built workbooks (any sheet count, dimension, cell), and
damaged variants of a valid CSV file. Each maker is small and fast, for the fuzz suite."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from xml.sax.saxutils import escape

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'  # noqa: E501
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}</Types>"
)
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def column_letters(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_xml(rows: list[list[object]], dimension: str | None = None, merges: str = "") -> str:
    """A worksheet of inline strings and numbers."""
    body = []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, value in enumerate(row, 1):
            ref = f"{column_letters(c)}{r}"
            if isinstance(value, int | float):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif value is not None:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
        body.append(f'<row r="{r}">{"".join(cells)}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>{dim}<sheetData>{"".join(body)}</sheetData>{merges}</worksheet>'  # noqa: E501


def workbook(sheets: dict[str, str]) -> bytes:
    """An .xlsx file of the given sheet XMLs (name -> XML), built without a library."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
            for i in range(1, len(sheets) + 1)
        )
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(sheets=overrides))
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        entries = "".join(
            f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(sheets, 1)
        )
        z.writestr("xl/workbook.xml", f"<workbook {NS} {RNS}><sheets>{entries}</sheets></workbook>")
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG}">{rels}</Relationships>'
        )
        for i, xml in enumerate(sheets.values(), 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", xml)
    return out.getvalue()


# --- damaged variants of a valid CSV file (bytes in, bytes out) ------------------------------

Mutation = Callable[[bytes, random.Random], bytes]


def _line(lines: list[bytes], rng: random.Random) -> int:
    """A line other than the header, when there is one."""
    return rng.randrange(1, len(lines)) if len(lines) > 1 else 0


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def insert_nul(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + b"\x00" + data[at:]


def swap_separator(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    i = _line(lines, rng)
    lines[i] = lines[i].replace(b",", rng.choice([b";", b"\t"]))
    return b"\n".join(lines)


def duplicate_lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    i = _line(lines, rng)
    return b"\n".join(lines[: i + 1] + [lines[i]] * rng.randint(1, 50) + lines[i + 1 :])


def recode(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", errors="replace")
    encoding = rng.choice(["utf-16", "utf-8-sig", "cp1258", "latin-1", "utf-32"])
    return text.encode(encoding, errors="replace")


def wide_digits(data: bytes, rng: random.Random) -> bytes:
    base = rng.choice([0xFF10, 0x0660, 0x06F0, 0x0966])
    table = {ord(str(d)): chr(base + d) for d in range(10)}
    return data.decode("utf-8", "replace").translate(table).encode("utf-8")


def quote_noise(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + rng.choice([b'"', b'="', b'""', b"\r", b"\n,"]) + data[at:]


def mojibake(data: bytes, rng: random.Random) -> bytes:
    return (
        data.decode("utf-8", errors="replace").encode("utf-8").decode("cp1252", "replace").encode()
    )


def junk_cells(data: bytes, rng: random.Random) -> bytes:
    junk = rng.choice(
        [b"1e400", b"NaN", b"inf", b"-0", b"9" * 40, b"(5)", b"1.2.3", b"\xc2\xa0", b"--", b"#REF!"]
    )
    lines = data.split(b"\n")
    i = _line(lines, rng)
    cells = lines[i].split(b",")
    cells[rng.randrange(len(cells))] = junk
    lines[i] = b",".join(cells)
    return b"\n".join(lines)


MUTATIONS: list[Mutation] = [
    truncate, flip_bytes, insert_nul, swap_separator, duplicate_lines, recode, wide_digits,
    quote_noise, mojibake, junk_cells,
]  # fmt: skip

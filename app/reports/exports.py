"""Every report as CSV (UTF-8 with a byte-order mark, so Excel reads CJK text) and as XLSX.

A report is a list of ``Table``s. Text cells that a spreadsheet would run as a formula (starting
with = + - @, a tab or a carriage return) get a leading apostrophe, by the one rule all exports
share (``app.core.spreadsheet.excel_safe``); numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from flask import Response

from app.core.spreadsheet import excel_safe

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)


def _safe(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    return excel_safe(str(value))


def to_csv(tables: list[Table]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for number, table in enumerate(tables):
        if number:
            writer.writerow([])
        writer.writerow([_safe(table.title)])
        writer.writerow([_safe(h) for h in table.headers])
        writer.writerows([_safe(v) for v in row] for row in table.rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet_title(title: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\']", " ", title).strip()[:28] or "Sheet"
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        name = f"{base[:25]} {n}"
    taken.add(name.lower())
    return name


def to_xlsx(tables: list[Table]) -> bytes:
    # openpyxl takes ~0.2 s to import: loaded with the first export, not with the app
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, taken))
        sheet.append([_safe(table.title)])
        sheet.append([_safe(h) for h in table.headers])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_safe(v) for v in row])
        for column in sheet.columns:
            width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(tables: list[Table], fmt: str, stem: str) -> Response:
    if fmt == "xlsx":
        body, mimetype = to_xlsx(tables), XLSX_TYPE
    else:
        body, mimetype = to_csv(tables), "text/csv"
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{stem}.{fmt}"',
            "Cache-Control": "no-store",
        },
    )

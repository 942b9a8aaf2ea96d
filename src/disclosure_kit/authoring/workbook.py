"""A report as an Excel workbook laid out like the official tables, and the map to read it back.

Agencies keep their figures in Excel. The workbook has one sheet for the report information and
narratives, then one sheet per table drawn from ``model.layout.table_grid`` (the official merged
layout), with label cells locked (sheet protection without a password: it guards against slips,
not people), data validation by cell kind, and a note listing the table's identities (勾稽关系).

A hidden sheet ``_map`` records, for every JSON pointer, the sheet and cell that hold it and the
JSON type it had, so ``check.workbook`` (which owns this format and reads it for every command)
reads the workbook back exactly: a round trip loses nothing (null stays null, 0 stays 0, an
integer amount stays an integer, an integer beyond 2^53 travels as text, an absent key stays
absent). Whatever the sheets do not show (``x-`` extensions, ``$schema``, keys the schema does not
know) travels as ``[pointer, value]`` JSON in the hidden sheet ``_extra``. Totals are formulas and
broken identities show red while the clerk types (``workbook_rules``). Report text that starts
like a formula (``=``, ``+``, ``-``, ``@``) is stored as text.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..check.identities import MISSING, raw_value
from ..check.sourcemap import escape_token
from ..check.workbook_format import (
    BIGINT,
    EXACT_INT,
    EXTRA_SHEET,
    MAP_FORMAT,
    MAP_HEADER,
    MAP_SHEET,
    MAP_VERSION,
    UNIT_SUFFIX,
    sheet_name_of,
)
from ..model.editions import Edition, Node
from ..model.layout import GridCell, TableGrid, placed, table_grid
from .workbook_rules import formula_cells, mark_identities

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["EXTRA_SHEET", "MAP_FORMAT", "MAP_HEADER", "MAP_SHEET", "UNIT_SUFFIX", "workbook_bytes"]
CHUNK = 32000  # an Excel cell holds at most 32,767 characters
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_FORBIDDEN = "[]:*?/\\"
FONT = "宋体"  # the usual face of Chinese government forms; LibreOffice substitutes a CJK font
STYLE_TITLE, STYLE_BORDER, STYLE_HEADER, STYLE_CAPTION = "dk-title", "dk-border", "dk-header", "dk-caption"
STYLE_LABEL, STYLE_SECTION, STYLE_INTEGER, STYLE_NUMBER, STYLE_TEXT, STYLE_CHECK = (
    "dk-label", "dk-section", "dk-integer", "dk-number", "dk-text", "dk-check")


def sheet_title(label: str, taken: set[str]) -> str:
    """A legal, unique sheet name (≤ 31 characters, none of ``[]:*?/\\``)."""
    base = "".join("_" if ch in SHEET_FORBIDDEN else ch for ch in label)[:31] or "sheet"
    name, n = base, 2
    while name in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def json_type(value: Any) -> str:
    if value is MISSING:
        return "absent"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return BIGINT if abs(value) > EXACT_INT else "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    return "json"



class _Writer:
    """Builds the workbook; keeps the pointer map as it goes."""

    def __init__(self, edition: Edition, data: dict[str, Any]) -> None:
        from openpyxl import Workbook

        self.edition = edition
        self.data = data
        self.wb = Workbook()
        self.taken: set[str] = set()
        self.map_rows: list[tuple[str, str, str, str, str]] = []
        self.targets: dict[str, list[str]] = {}  # cell kind -> data cells of the current sheet
        self.coords: dict[str, str] = {}  # pointer -> cell of the current sheet
        self._register_styles()

    # -- styles
    def _register_styles(self) -> None:
        """Named styles, registered once: assigning a name is cheap, building a style per cell is not."""
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side

        thin = Side(style="thin", color="000000")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        fill = PatternFill("solid", fgColor="F2F2F2")
        center = Alignment(wrap_text=True, vertical="center", horizontal="center")
        left = Alignment(wrap_text=True, vertical="top", horizontal="left")
        label = Alignment(wrap_text=True, vertical="center", horizontal="left")
        unlocked = Protection(locked=False)
        font, bold = Font(name=FONT, size=11), Font(name=FONT, size=11, bold=True)
        specs = {
            STYLE_TITLE: {"font": Font(name=FONT, bold=True, size=13)},
            STYLE_BORDER: {"border": border, "font": font},
            STYLE_HEADER: {"border": border, "fill": fill, "alignment": center, "font": font},
            STYLE_CAPTION: {"border": border, "fill": fill, "alignment": center, "font": bold},
            STYLE_LABEL: {"border": border, "fill": fill, "alignment": label, "font": font},
            STYLE_SECTION: {"border": border, "fill": fill, "alignment": left, "font": bold},
            STYLE_INTEGER: {"border": border, "alignment": center, "protection": unlocked, "number_format": "0",
                            "font": font},
            STYLE_NUMBER: {"border": border, "alignment": center, "protection": unlocked, "font": font},
            STYLE_TEXT: {"border": border, "alignment": left, "protection": unlocked, "font": font},
            STYLE_CHECK: {"border": border, "alignment": center, "fill": fill, "font": font},
        }
        for name, attrs in specs.items():
            self.wb.add_named_style(NamedStyle(name=name, **attrs))

    def put(self, ws: Worksheet, row: int, col: int, value: Any, style: str | None = None) -> Any:
        """Write a value in a named style; text that Excel would take as a formula is stored as text."""
        cell = ws.cell(row=row, column=col)
        if style is not None:
            cell.style = style
        if value is None or value is MISSING:
            cell.value = None
        elif isinstance(value, bool | float) or (isinstance(value, int) and abs(value) <= EXACT_INT):
            cell.value = value
        else:  # text, JSON, and integers a spreadsheet's doubles cannot hold exactly
            text = value if isinstance(value, str) else _json(value)
            cell.value = text
            cell.data_type = "s"
            if text.startswith(FORMULA_START):
                cell.quotePrefix = True
        return cell

    def record(self, pointer: str, ws: Worksheet, refs: list[str], kind: str, value: Any) -> None:
        self.map_rows.append((pointer, ws.title, ",".join(refs), kind, json_type(value)))

    # -- report information and narratives
    def meta_sheet(self) -> None:
        ws = self.wb.active
        ws.title = sheet_title(self.edition.schema["properties"]["meta"]["title"], self.taken)
        ws.column_dimensions["A"].width = 30
        ws.column_dimensions["B"].width = 42
        ws.column_dimensions["C"].width = 90
        ws.cell(row=1, column=1, value=self.edition.title.zh).style = STYLE_TITLE
        ws.cell(row=1, column=3, value=f"{self.edition.schema.get('x-format-title', '')}"
                                       f"（{self.edition.schema.get('x-notice', '')}）")
        row = 2
        props = self.edition.schema["properties"]
        for key in ("edition", "schema_version"):
            self._meta_row(ws, row, props[key], f"/{key}", self.data.get(key, MISSING), locked=True)
            row += 1
        meta = self.data.get("meta", {})
        for key, field in props["meta"].get("properties", {}).items():
            value = meta.get(key, MISSING) if isinstance(meta, dict) else MISSING
            self._meta_row(ws, row, field, f"/meta/{key}", value, locked=False)
            row += 1
        if isinstance(meta, dict):
            for key, value in meta.items():  # keys the schema does not know travel as they are
                if key not in props["meta"].get("properties", {}):
                    self._meta_row(ws, row, {"title": key}, "/meta/" + escape_token(key), value, locked=False)
                    row += 1
        for node in self.edition.narratives():
            row = self._narrative(ws, row, node)
        ws.protection.sheet = True
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    def _meta_row(self, ws: Worksheet, row: int, field: dict[str, Any], pointer: str, value: Any,
                  locked: bool) -> None:
        for col, text in ((1, field.get("title", "")), (2, field.get("x-title-en", ""))):
            self.put(ws, row, col, text, STYLE_LABEL)
        cell = self.put(ws, row, 3, value, STYLE_LABEL if locked else STYLE_TEXT)
        self.record(pointer, ws, [cell.coordinate], "meta", value)

    def _narrative(self, ws: Worksheet, row: int, node: Node) -> int:
        value = self.data.get(node.key, MISSING)
        self.put(ws, row, 1, node.label.zh, STYLE_SECTION)
        self.put(ws, row, 2, node.label.en, STYLE_LABEL)
        text = value if isinstance(value, str) else None
        chunks = [text[i:i + CHUNK] for i in range(0, len(text), CHUNK)] if text else [None]
        refs = []
        for i, chunk in enumerate(chunks):
            cell = self.put(ws, row + i, 3, chunk if text is not None else value, STYLE_TEXT)
            refs.append(cell.coordinate)
            if chunk:
                lines = chunk.count("\n") + len(chunk) // 60 + 1
                ws.row_dimensions[row + i].height = min(409, 15 * lines)
        self.record(node.pointer, ws, refs, "narrative", value)
        return row + len(chunks)

    # -- tables
    def table_sheet(self, table: Node) -> None:
        from openpyxl.comments import Comment

        grid = table_grid(self.edition, table)
        ws = self.wb.create_sheet(sheet_title(sheet_name_of(table.label.zh, table.schema.get("x-number")),
                                              self.taken))
        title = ws.cell(row=1, column=1, value=table.label.zh)
        title.style = STYLE_TITLE
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.width)
        first = 2
        validations = self._validations(ws)
        self.targets = {}
        self.coords = {}
        for i, j, gc in placed([row.cells for row in grid.rows]):
            r, c = first + i, j + 1  # sheet rows and columns count from 1
            if gc.rowspan > 1 or gc.colspan > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r + gc.rowspan - 1, end_column=c + gc.colspan - 1)
            for rr in range(r, r + gc.rowspan):
                for cc in range(c, c + gc.colspan):
                    if (rr, cc) != (r, c):
                        ws.cell(row=rr, column=cc).style = STYLE_BORDER
            if gc.kind == "data":
                self._data_cell(ws, r, c, gc, validations)
            else:
                style = {"row-header": STYLE_LABEL, "caption": STYLE_CAPTION, "corner": STYLE_CAPTION}
                self.put(ws, r, c, gc.text("zh"), style.get(gc.kind, STYLE_HEADER))
                if gc.rowspan == 1:
                    width = sum(_column_width(grid, cc) for cc in range(c, c + gc.colspan))
                    lines = -(-len(gc.text("zh")) * 2 // max(int(width) - 1, 1))
                    current = ws.row_dimensions[r].height or 15
                    ws.row_dimensions[r].height = max(current, 15 * lines)
        from openpyxl.worksheet.cell_range import MultiCellRange

        for kind, coords in self.targets.items():  # one assignment per rule: dv.add() per cell is quadratic
            validations[kind].sqref = MultiCellRange(" ".join(coords))
        for pointer, formula in formula_cells(self.edition, self.data, self.coords).items():
            ws[self.coords[pointer]].value = formula
        mark_identities(ws, self.edition, table, self.coords, first + len(grid.rows) - 1, grid.label_columns)
        rules = self._rules_of(table)
        if rules:
            anchor = ws.cell(row=first, column=1)
            anchor.comment = Comment("勾稽关系 / identities:\n" + "\n".join(rules), "disclosure-kit",
                                     width=420, height=40 + 40 * len(rules))
        self._widths(ws, grid)
        ws.protection.sheet = True
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    def _validations(self, ws: Worksheet) -> dict[str, Any]:
        from openpyxl.worksheet.datavalidation import DataValidation

        def dv(kind: str, op: str | None, f1: str, f2: str | None, zh: str) -> DataValidation:
            v = DataValidation(type=kind, operator=op, formula1=f1, formula2=f2, allow_blank=True,
                               showErrorMessage=True, errorTitle="数值不符合要求", error=zh)
            ws.add_data_validation(v)
            return v

        return {
            "count": dv("whole", "greaterThanOrEqual", "0", None, "请填写不小于 0 的整数；无数据请留空或填 0"),
            "signed": dv("whole", "between", "-1000000000", "1000000000", "请填写整数（减少用负数）"),
            "amount": dv("decimal", "greaterThanOrEqual", "0", None, "请填写不小于 0 的数字"),
            "money": dv("decimal", "greaterThanOrEqual", "0", None, "请填写不小于 0 的数字"),
        }

    def _data_cell(self, ws: Worksheet, r: int, c: int, gc: GridCell, validations: dict[str, Any]) -> None:
        cell_def = gc.cell
        assert cell_def is not None
        value = raw_value(self.data, cell_def.path)
        shown = value.get("value", MISSING) if cell_def.kind == "money" and isinstance(value, dict) else value
        cell = self.put(ws, r, c, shown, STYLE_INTEGER if cell_def.kind in ("count", "signed") else STYLE_NUMBER)
        self.targets.setdefault(cell_def.kind if cell_def.kind in validations else "count", []).append(cell.coordinate)
        if cell_def.kind == "money":
            typed = "dict:" + json_type(shown) if isinstance(value, dict) else json_type(value)
            self.map_rows.append((cell_def.pointer, ws.title, cell.coordinate, "money", typed))
            unit = value.get("unit", MISSING) if isinstance(value, dict) else MISSING
            ucell = self.put(ws, r, c + gc.colspan, unit, STYLE_TEXT)
            from openpyxl.worksheet.datavalidation import DataValidation

            units = [u for u in cell_def.node.schema.get("properties", {}).get("unit", {}).get("enum", []) if u]
            if units:
                dv = DataValidation(type="list", formula1='"' + ",".join(units) + '"', allow_blank=True)
                ws.add_data_validation(dv)
                dv.add(ucell.coordinate)
            self.record(cell_def.pointer + UNIT_SUFFIX, ws, [ucell.coordinate], "unit", unit)
        else:
            self.record(cell_def.pointer, ws, [cell.coordinate], cell_def.kind, value)
        self.coords[cell_def.pointer] = cell.coordinate

    def _rules_of(self, table: Node) -> list[str]:
        prefix = table.pointer + "/"
        out = []
        for rule in self.edition.schema.get("x-identities", []):
            terms = [t if isinstance(t, str) else t["pointer"] for t in rule["left"] + rule["right"]]
            if any(t.startswith(prefix) for t in terms):
                out.append(f"• {rule['title']}")
        return out

    def _widths(self, ws: Worksheet, grid: TableGrid) -> None:
        from openpyxl.utils import get_column_letter

        for col in range(1, grid.width + 2):
            ws.column_dimensions[get_column_letter(col)].width = _column_width(grid, col)

    # -- hidden sheets
    def hidden_sheets(self) -> None:
        ws = self.wb.create_sheet(MAP_SHEET)
        ws.append((MAP_FORMAT, MAP_VERSION, self.edition.id, self.edition.version, ""))
        ws.append(MAP_HEADER)
        for row in self.map_rows:
            ws.append(row)
        for row in ws.iter_rows():
            for cell in row:
                cell.data_type = "s"
        ws.sheet_state = "hidden"
        ws.protection.sheet = True
        mapped = {row[0] for row in self.map_rows if not row[0].endswith(UNIT_SUFFIX)}
        extra = leftovers(self.data, mapped)
        xs = self.wb.create_sheet(EXTRA_SHEET)
        text = _json(extra)
        for i in range(0, max(len(text), 1), CHUNK):
            self.put(xs, i // CHUNK + 1, 1, text[i:i + CHUNK])
        xs.sheet_state = "hidden"
        xs.protection.sheet = True


def _json(value: Any) -> str:
    """JSON text of any report value: integers of any size (beyond orjson's 64 bits) stay exact."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _column_width(grid: TableGrid, col: int) -> float:
    """Widths in characters: wide label columns, narrow figure columns."""
    if col <= grid.label_columns:
        return (18, 20, 56)[min(col - 1, 2)] if grid.label_columns > 1 else 30
    return 11 if grid.width > 6 else 18


def leftovers(data: Any, mapped: set[str], pointer: str = "") -> list[list[Any]]:
    """``[pointer, value]`` of everything no mapped cell holds (extensions, unknown keys, odd shapes)."""
    if pointer in mapped:
        return []
    prefix = pointer + "/"
    if not any(m.startswith(prefix) for m in mapped):
        return [[pointer, data]]
    if not isinstance(data, dict):
        return [[pointer, data]]
    if not data:
        return [[pointer, {}]]
    out: list[list[Any]] = []
    for key, value in data.items():
        out += leftovers(value, mapped, f"{pointer}/{escape_token(key)}")
    return out


def workbook_bytes(edition: Edition, data: dict[str, Any]) -> bytes:
    """The report as an .xlsx file (bytes, ready for an atomic write)."""
    import io

    writer = _Writer(edition, data)
    writer.meta_sheet()
    for table in edition.tables():
        writer.table_sheet(table)
    writer.hidden_sheets()
    buf = io.BytesIO()
    writer.wb.save(buf)
    return buf.getvalue()

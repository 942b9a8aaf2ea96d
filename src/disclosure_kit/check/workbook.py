"""The workbook of ``export --to xlsx`` read back as a report: data, and where each value stands.

A workbook is a report file like YAML or JSON: ``validate``, ``fill``, ``render`` and the API load
it through ``loading.load_path``, and every finding names its sheet and Excel cell (``表三!J5``)
besides the table, row and column. The format itself (sheet names, the hidden ``_map``, the totals written
as formulas) is ``workbook_format``, shared with the writer (``authoring.workbook``).

Reading is bounded before any library sees the file: the zip is inflated once within the limits
of ``fileio.limits`` (a zip bomb or a sheet of whitespace stops there), every map row must name
single cells inside ``sheet_rows`` (a map naming ``A1:XFD1048576`` is refused, never expanded), and
only the rectangle of cells the map names is read from each sheet, in openpyxl's streaming mode.

Values are what the spreadsheet shows: a formula's cached value. A total we wrote as a formula
with no cached value (a file saved by a library that does not calculate) is computed from its
parts; a cached value that disagrees with its formula is a finding (``xlsx.stale_value``).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..fileio.limits import limits
from ..fileio.reading import ReadRefused, check_zip
from ..model.editions import Edition, edition_key, get_edition
from .findings import ERROR, Finding
from .loading import Loaded, LoadError
from .messages import register_templates
from .sourcemap import SourceMap, pointer_keys
from .workbook_format import (
    BIGINT,
    EXACT_INT,
    EXTRA_SHEET,
    MAP_FORMAT,
    MAP_HEADER,
    MAP_SHEET,
    UNIT_SUFFIX,
    derived_totals,
    excel_ref,
    formula_value,
    same_number,
    split_ref,
    sum_formula,
)

register_templates({
    "xlsx.unreadable": ("无法读取工作簿：{reason}", "cannot read the workbook: {reason}"),
    "xlsx.not_ours": (
        "工作簿缺少隐藏的 _map 工作表，不是由 disclosure-kit export 生成的，无法按单元格还原",
        "the workbook has no hidden _map sheet: it was not written by disclosure-kit export",
    ),
    "xlsx.bad_map": (
        "工作簿的 _map 工作表第 {row} 行无法使用：{reason}",
        "row {row} of the workbook's _map sheet cannot be used: {reason}",
    ),
    "xlsx.too_large": (
        "工作簿超出读取上限：{what}（上限 {limit}）",
        "the workbook is beyond the reading limits: {what} (limit {limit})",
    ),
    "xlsx.stale_value": (
        "单元格保存的值 {cached} 与其公式的结果 {computed} 不一致（公式未重新计算）；"
        "请在 Excel/WPS 中按 F9 重新计算后保存",
        "the cell's saved value {cached} differs from its formula's result {computed} (not recalculated); "
        "recalculate (F9) in Excel/WPS and save",
    ),
    "xlsx.formula_uncomputed": (
        "单元格的公式 {formula} 没有计算结果，无法读取其值；请在 Excel/WPS 中打开并保存，或直接填写数字",
        "the cell's formula {formula} has no calculated value to read; open and save the workbook in "
        "Excel/WPS, or type the number",
    ),
})



# --------------------------------------------------------------------------- reading


@dataclass
class _Entry:
    """One row of ``_map``."""

    number: int
    pointer: str
    sheet: str
    refs: list[str]
    kind: str
    typed: str


@dataclass
class _Book:
    values: dict[tuple[str, str], Any] = field(default_factory=dict)  # (sheet, A1) -> cached value
    formulas: dict[tuple[str, str], str] = field(default_factory=dict)  # (sheet, A1) -> formula text
    findings: list[Finding] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)  # pointer -> 表三!J5
    derived: set[str] = field(default_factory=set)  # pointers whose value our own formula computes


def load_workbook_bytes(raw: bytes, name: str) -> Loaded:
    """A workbook's report as a ``Loaded`` whose source map gives each pointer's sheet and cell."""
    book = read_book(raw, name)
    return Loaded(book.data, "", "xlsx", SourceMap(cells=book.cells, formulas=book.derived), book.findings)


def read_workbook_bytes(raw: bytes, name: str) -> tuple[dict[str, Any], list[Finding], dict[str, str]]:
    """(report data, findings, pointer -> ``sheet!A1``); raises ``LoadError`` for an unreadable file."""
    book = read_book(raw, name)
    return book.data, book.findings, book.cells


def read_book(raw: bytes, name: str) -> _Book:
    """The workbook read back: data, findings, cells, and the totals its own formulas compute."""
    try:
        check_zip(raw)
    except ReadRefused as exc:
        if exc.code == "zip_bomb":
            raise LoadError("xlsx.too_large", what=str(exc.params.get("member")),
                            limit=exc.params.get("limit")) from None
        raise LoadError("xlsx.unreadable", reason=str(exc.params.get("reason", exc.code))) from None
    try:
        from openpyxl import load_workbook

        cached = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        written = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception as exc:  # zip, XML or openpyxl errors: the file is not a readable workbook
        raise LoadError("xlsx.unreadable", reason=f"{type(exc).__name__}: {exc}") from None
    try:
        if MAP_SHEET not in cached.sheetnames:
            raise LoadError("xlsx.not_ours")
        header, entries, findings = _read_map(cached, name)
        book = _Book(findings=findings)
        _read_cells(cached, written, entries, book)
        extra = _read_extra(cached, name, book)
    finally:
        cached.close()
        written.close()
    edition_id = edition_key(header[2]) if len(header) > 2 else None
    edition = get_edition(edition_id) if edition_id else None
    _assemble(entries, book, extra, edition, name)
    return book


def _rows(ws: Any, max_col: int, what: str) -> list[tuple[Any, ...]]:
    bound = limits().sheet_rows
    rows = []
    for row in ws.iter_rows(max_col=max_col, values_only=True):
        rows.append(row)
        if len(rows) > bound:
            raise LoadError("xlsx.too_large", what=f"{what}: rows", limit=bound)
    return rows


def _read_map(wb: Any, name: str) -> tuple[tuple[Any, ...], list[_Entry], list[Finding]]:
    rows = _rows(wb[MAP_SHEET], len(MAP_HEADER), MAP_SHEET)
    if len(rows) < 2 or rows[0][0] != MAP_FORMAT or tuple(rows[1][: len(MAP_HEADER)]) != MAP_HEADER:
        raise LoadError("xlsx.bad_map", row=1, reason="unknown header")
    entries, findings = [], []
    sheets = set(wb.sheetnames)
    for number, row in enumerate(rows[2:], start=3):
        pointer, sheet, refs, kind, typed = (list(row) + [None] * 5)[:5]
        bad = None
        if not isinstance(pointer, str) or not isinstance(refs, str) or sheet not in sheets:
            bad = "pointer, sheet or cells missing"
        else:
            cells = [r for r in refs.split(",") if r]
            where = [split_ref(r) for r in cells]
            if not cells or any(w is None or w[0] > limits().sheet_rows for w in where):
                bad = f"not single cells within {limits().sheet_rows} rows: {refs[:60]}"
        if bad is not None:
            findings.append(Finding("xlsx.bad_map", ERROR, name, pointer if isinstance(pointer, str) else "",
                                    params={"row": number, "reason": bad}))
            continue
        entries.append(_Entry(number, pointer, sheet, cells, str(kind or ""), str(typed or "null")))
    return rows[0], entries, findings


def _read_cells(cached: Any, written: Any, entries: list[_Entry], book: _Book) -> None:
    """Cached values and formulas of exactly the cells the map names, a bounded rectangle per sheet."""
    wanted: dict[str, set[tuple[int, int]]] = {}
    for e in entries:
        wanted.setdefault(e.sheet, set()).update(split_ref(r) for r in e.refs)  # type: ignore[misc]
    for sheet, cells in wanted.items():
        max_row = max(r for r, _ in cells)
        max_col = max(c for _, c in cells)
        if max_row * max_col > limits().sheet_cells:
            raise LoadError("xlsx.too_large", what=f"{sheet}: {max_row} × {max_col} cells", limit=limits().sheet_cells)
        for target, store in ((cached, book.values), (written, book.formulas)):
            for r, row in enumerate(target[sheet].iter_rows(max_row=max_row, max_col=max_col, values_only=True), 1):
                for c, value in enumerate(row, 1):
                    if (r, c) in cells and value is not None:
                        key = (sheet, _coordinate(r, c))
                        if store is book.values or (isinstance(value, str) and value.startswith("=")):
                            store[key] = value


def _coordinate(row: int, col: int) -> str:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _read_extra(wb: Any, name: str, book: _Book) -> list[Any]:
    if EXTRA_SHEET not in wb.sheetnames:
        return []
    text = "".join(str(r[0]) for r in _rows(wb[EXTRA_SHEET], 1, EXTRA_SHEET) if r and r[0] is not None)
    try:
        extra = json.loads(text) if text else []
    except ValueError as exc:
        book.findings.append(Finding("xlsx.bad_map", ERROR, name, params={"row": 1, "reason": f"_extra: {exc}"}))
        return []
    return extra if isinstance(extra, list) else []


def _assemble(entries: list[_Entry], book: _Book, extra: list[Any], edition: Edition | None, name: str) -> None:
    by_pointer = {e.pointer: e for e in entries}
    totals = derived_totals(edition) if edition is not None else {}
    resolved: dict[str, Any] = {}

    def value_of(e: _Entry) -> Any:
        if e.pointer in resolved:
            return resolved[e.pointer]
        resolved[e.pointer] = None  # a cycle through hand-made formulas reads as blank
        key = (e.sheet, e.refs[0])
        formula = book.formulas.get(key) if len(e.refs) == 1 else None
        cached = book.values.get(key) if len(e.refs) == 1 else _joined(book, e)
        value = cached
        if formula is not None:
            parts = [by_pointer.get(p) for p in totals.get(e.pointer, ())]
            ours = parts and all(p is not None and p.sheet == e.sheet and len(p.refs) == 1 for p in parts)
            if ours and _normal(formula) == _normal(sum_formula([p.refs[0] for p in parts])):  # type: ignore[union-attr]
                computed = formula_value([value_of(p) for p in parts])  # type: ignore[arg-type]
                book.derived.add(e.pointer)
                if cached is None or cached == "":
                    value = computed
                elif not same_number(cached, computed):
                    book.findings.append(Finding("xlsx.stale_value", ERROR, name, e.pointer, cell=excel_ref(*key),
                                                 params={"cached": cached, "computed": computed}))
            elif cached is None:
                book.findings.append(Finding("xlsx.formula_uncomputed", ERROR, name, e.pointer, cell=excel_ref(*key),
                                             params={"formula": formula}))
        resolved[e.pointer] = value
        return value

    data: dict[str, Any] = {}
    cells: dict[str, str] = {}
    for e in entries:
        raw = value_of(e)
        where = excel_ref(e.sheet, e.refs[0])
        if e.pointer.endswith(UNIT_SUFFIX):
            base = e.pointer[: -len(UNIT_SUFFIX)]
            cells[base + "/unit"] = where
            holder = _get_dict(data, base)
            if holder is not None and not (e.typed == "absent" and raw is None):
                holder["unit"] = convert(raw, e.typed)
            continue
        cells[e.pointer] = where
        if e.kind == "money" and e.typed.startswith("dict:"):
            inner = e.typed[5:]
            money: dict[str, Any] = {}
            if not (inner == "absent" and raw is None):
                money["value"] = convert(raw, inner)
            cells[e.pointer + "/value"] = where
            data = _set(data, e.pointer, money)
            continue
        if e.typed == "absent" and raw is None:
            continue
        data = _set(data, e.pointer, convert(raw, e.typed))
    for item in extra:
        if isinstance(item, list) and len(item) == 2 and isinstance(item[0], str):
            data = _set(data, item[0], item[1])
    book.data, book.cells = data, cells


def _joined(book: _Book, e: _Entry) -> Any:
    """A long text split over several cells, joined again."""
    texts = [book.values.get((e.sheet, r)) for r in e.refs]
    texts = [t for t in texts if t is not None]
    return "".join(str(t) for t in texts) if texts else None


def _normal(formula: str) -> str:
    return formula.replace(" ", "").replace("$", "").upper()


def convert(value: Any, typed: str) -> Any:
    """The cell's value as the JSON type recorded at export (when it still fits).

    Values are never coerced beyond what the type allows: text typed into a count cell stays text,
    and ``validate`` then says so with its place.
    """
    if isinstance(value, dt.datetime):
        value = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    elif isinstance(value, dt.date | dt.time):
        value = value.isoformat()
    if value is None or value == "":
        return "" if typed == "str" else None  # an empty cell that held text (a blank narrative) stays text
    if typed == "json" and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    if typed == BIGINT and isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value):
        return int(value)
    if typed == "float" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if typed in ("int", "null", "absent", BIGINT) and isinstance(value, float) and value.is_integer() \
            and abs(value) <= EXACT_INT:
        return int(value)
    return value


def _set(data: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    path = pointer_keys(pointer)
    if not path:
        return value if isinstance(value, dict) else data
    node = data
    for key in path[:-1]:
        nxt = node.get(key)
        if not isinstance(nxt, dict):
            nxt = node[key] = {}
        node = nxt
    node[path[-1]] = value
    return data


def _get_dict(data: dict[str, Any], pointer: str) -> dict[str, Any] | None:
    node: Any = data
    for key in pointer_keys(pointer):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node if isinstance(node, dict) else None

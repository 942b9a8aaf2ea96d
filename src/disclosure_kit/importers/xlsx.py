"""Read back a workbook written by ``disclosure-kit export --to xlsx``.

The hidden ``_map`` sheet says which cell holds which JSON pointer and what JSON type the value
had, so the report comes back exactly as it was exported (see ``authoring/workbook.py``), plus whatever
the author typed into the unlocked cells. Values are never coerced beyond what the type column
allows: text typed into a count cell stays text, and ``validate`` then says so with its place.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import orjson

from ..authoring.workbook import EXTRA_SHEET, MAP_FORMAT, MAP_HEADER, MAP_SHEET, UNIT_SUFFIX
from ..check.findings import ERROR, Finding
from ..check.messages import register_templates

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
})


def _unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


def _path(pointer: str) -> list[str]:
    return [_unescape(p) for p in pointer.split("/")[1:]] if pointer else []


def _set(data: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    path = _path(pointer)
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


def _convert(value: Any, typed: str) -> Any:
    """The cell's value as the JSON type recorded at export (when it still fits)."""
    if isinstance(value, dt.datetime):
        value = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    elif isinstance(value, dt.date | dt.time):
        value = value.isoformat()
    if value is None or value == "":
        return None
    if typed == "json" and isinstance(value, str):
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:
            return value
    if typed == "float" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if typed in ("int", "null", "absent") and isinstance(value, float) and value.is_integer():
        return int(value)
    if typed == "str" and isinstance(value, int | float) and not isinstance(value, bool):
        return value  # the author replaced text by a number: keep what was typed
    return value


def _read(wb: Any, sheet: str, refs: str) -> Any:
    ws = wb[sheet]
    values = [ws[ref].value for ref in refs.split(",") if ref]
    if len(values) == 1:
        return values[0]
    texts = [v for v in values if v is not None]
    return "".join(str(v) for v in texts) if texts else None


def read_workbook(path: Path) -> tuple[dict[str, Any], list[Finding]]:
    """The report held by an exported workbook, and findings when it cannot be read back."""
    from openpyxl import load_workbook

    name = str(path)
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # zip, XML or openpyxl errors: the file is not a readable workbook
        return {}, [Finding("xlsx.unreadable", ERROR, name, params={"reason": f"{type(exc).__name__}: {exc}"})]
    if MAP_SHEET not in wb.sheetnames:
        return {}, [Finding("xlsx.not_ours", ERROR, name)]
    rows = list(wb[MAP_SHEET].iter_rows(values_only=True))
    if len(rows) < 2 or rows[0][0] != MAP_FORMAT or tuple(rows[1][: len(MAP_HEADER)]) != MAP_HEADER:
        return {}, [Finding("xlsx.bad_map", ERROR, name, params={"row": 1, "reason": "unknown header"})]
    data: dict[str, Any] = {}
    findings: list[Finding] = []
    for number, row in enumerate(rows[2:], start=3):
        pointer, sheet, refs, kind, typed = (list(row) + [None] * 5)[:5]
        if not isinstance(pointer, str) or sheet not in wb.sheetnames or not isinstance(refs, str):
            findings.append(Finding("xlsx.bad_map", ERROR, name, params={"row": number, "reason": repr(row)}))
            continue
        try:
            raw = _read(wb, sheet, refs)
        except (KeyError, ValueError) as exc:
            findings.append(Finding("xlsx.bad_map", ERROR, name, pointer, params={"row": number, "reason": str(exc)}))
            continue
        if pointer.endswith(UNIT_SUFFIX):
            base = pointer[: -len(UNIT_SUFFIX)]
            holder = _get_dict(data, base)
            if holder is not None and not (typed == "absent" and raw is None):
                holder["unit"] = _convert(raw, typed)
            continue
        if kind == "money" and isinstance(typed, str) and typed.startswith("dict:"):
            inner = typed[5:]
            money: dict[str, Any] = {}
            if not (inner == "absent" and raw is None):
                money["value"] = _convert(raw, inner)
            data = _set(data, pointer, money)
            continue
        if typed == "absent" and raw is None:
            continue
        data = _set(data, pointer, _convert(raw, typed or "null"))
    if EXTRA_SHEET in wb.sheetnames:
        text = "".join(str(r[0]) for r in wb[EXTRA_SHEET].iter_rows(values_only=True) if r and r[0] is not None)
        try:
            extra = orjson.loads(text) if text else []
        except orjson.JSONDecodeError as exc:
            findings.append(Finding("xlsx.bad_map", ERROR, name, params={"row": 1, "reason": f"_extra: {exc}"}))
            extra = []
        for pointer, value in extra:
            data = _set(data, pointer, value)
    return data, findings


def _get_dict(data: dict[str, Any], pointer: str) -> dict[str, Any] | None:
    node: Any = data
    for key in _path(pointer):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node if isinstance(node, dict) else None

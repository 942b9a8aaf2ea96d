"""Data and writers shared by the sources of the second generalisation pass (``make_second_pass``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from disclosure_kit.model.editions import get_edition

HERE = Path(__file__).resolve().parent
COLS = ["natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
        "legal_services_org", "other_org", "total"]
T4 = ["review", "litigation/direct", "litigation/after_review"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]


def t3_rows(edition: str) -> list[tuple[str, str]]:
    """(path inside table three, official label) of every data row, in the official order."""
    ed = get_edition(edition)
    out = []
    for c in ed.cells:
        if c.table.key == "applications" and c.node.key == "total":
            out.append(("/".join(c.path[1:-1]), c.rows[-1].label.zh))
    return out


def t3_values(edition: str, seed: int) -> dict[str, list[int]]:
    """Consistent values: every row total, （七）总计 and the balance hold."""
    rows = [p for p, _ in t3_rows(edition)]
    results = [p for p in rows if p.startswith("results/") and p != "results/total"]
    out: dict[str, list[int]] = {}
    for i, path in enumerate(results):
        six = [(seed * (i + 3) + k * 7) % 5 if k in (0, 1) else (1 if (i + k + seed) % 9 == 0 else 0)
               for k in range(6)]
        out[path] = [*six, sum(six)]
    total = [sum(out[p][k] for p in results) for k in range(7)]
    out["results/total"] = total
    carried_over = [1, 0, 0, 0, 0, 0, 1]
    forward = [2, 1, 0, 0, 0, 0, 3]
    out["carried_over"] = carried_over
    out["carried_forward"] = forward
    out["new_received"] = [total[k] + forward[k] - carried_over[k] for k in range(7)]
    return {p: out[p] for p in rows}


def t4_values(seed: int) -> dict[str, list[int]]:
    out = {}
    for i, group in enumerate(T4):
        four = [(seed + i + k) % 3 for k in range(4)]
        out[group] = [*four, sum(four)]
    return out


def cells_t3(values: dict[str, list[int]], columns: list[str] = COLS) -> dict[str, Any]:
    return {f"/applications/{p}/{c}": v[COLS.index(c)] for p, v in values.items() for c in columns}


def cells_t4(values: dict[str, list[int]]) -> dict[str, Any]:
    return {f"/review_litigation/{g}/{c}": v[k] for g, v in values.items() for k, c in enumerate(T4_COLS)}


def t2_cells(edition: str, rows: dict[str, list[Any]]) -> dict[str, Any]:
    """Cells of table-two rows (``{"article_20_1/regulations": [0, 0, 2]}``), one value per column
    in the schema's order; ``None`` leaves a cell out (the source prints nothing it can hold)."""
    cells = get_edition(edition).cells
    out: dict[str, Any] = {}
    for row, values in rows.items():
        prefix = f"/active_disclosure/{row}/"
        pointers = [c.pointer for c in cells if c.pointer.startswith(prefix)]
        out.update({p: v for p, v in zip(pointers, values, strict=True) if v is not None})
    return out


def article_20_1(regulations: list[Any], normative: list[Any], edition: str = "2021") -> dict[str, Any]:
    """The 第二十条第（一）项 cells: 规章 and (行政)规范性文件."""
    return t2_cells(edition, {"article_20_1/regulations": regulations, "article_20_1/normative_documents": normative})


def write(name: str, text: str | bytes, expected: dict[str, Any]) -> None:
    path = HERE / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    stem = name.rsplit(".", 1)[0]
    (HERE / f"{stem}.expected.json").write_text(
        json.dumps({"source": name, **expected}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def html_table(rows: list[list[str]], attrs: str = 'border="1"') -> str:
    return f"<table {attrs}>" + "".join(
        "<tr>" + "".join(c if c.startswith("<td") else f"<td>{c}</td>" for c in row) + "</tr>" for row in rows
    ) + "</table>"


def t3_html_rows(edition: str, values: dict[str, list[int]], order: list[str] = COLS) -> list[list[str]]:
    rows = []
    for path, label in t3_rows(edition):
        rows.append([label, *[str(values[path][COLS.index(c)]) for c in order]])
    return rows


T3_HEAD = ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T4_HEAD_TEXT = "行政复议 | 未经复议直接起诉 | 复议后起诉"


def t4_line(values: dict[str, list[int]]) -> str:
    return " ".join(str(v) for g in T4 for v in values[g])

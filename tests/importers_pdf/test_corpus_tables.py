"""Every table cell of the three corpus PDFs, rebuilt by the reader, equals the published value.

The expected values in ``expected/<name>.json`` were read from poppler's ``pdftotext -layout``
(not from this reader), keyed by the JSON pointer of the official cell. For the two Hongze reports
the single （六）其他处理 row is keyed by the 2019 pointers (``…/other_handling/<column>``), since
that is the layout the published table uses.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import groupby

import pytest

from disclosure_kit.model.editions import Cell, get_edition

from .helpers import PDFS, data_rows, document, expected, grid, label_key, tables

# Labels as published where they differ from the official ones (kept verbatim, never corrected).
PUBLISHED_LABELS = {
    ("hongze-qu-2023", "/applications/results/withheld/prohibited_by_law"): "2.其他法律行政止公开",
    ("hongze-qu-2024", "/applications/results/withheld/prohibited_by_law"): "2.其他法律行政止公开",
}


def _cells() -> dict[str, Cell]:
    out: dict[str, Cell] = {}
    for edition in ("2019", "2021"):
        out.update({c.pointer: c for c in get_edition(edition).cells})
    return out


CELLS = _cells()


def _number(text: str) -> Decimal:
    return Decimal(text)


def _expected_rows(name: str, prefix: str) -> list[tuple[str, list[Decimal]]]:
    """(official leaf row label, values) per row, in the published order, from the expected file."""
    values = {p: v for p, v in expected(name).items() if p.startswith(prefix)}
    rows = []
    for row_pointer, group in groupby(values, key=lambda p: p.rsplit("/", 1)[0]):
        pointers = list(group)
        label = PUBLISHED_LABELS.get((name, row_pointer)) or CELLS[pointers[0]].row_label("zh").split(" / ")[-1]
        rows.append((label_key(label), [Decimal(str(values[p])) for p in pointers]))
    return rows


def _read_rows(table) -> list[tuple[str, list[Decimal]]]:
    return [(label_key(label), [_number(c.text) for c in cells]) for label, cells in data_rows(table)]


@pytest.mark.parametrize("name", PDFS)
def test_three_tables_found(name: str) -> None:
    assert len(tables(document(name))) == 3


@pytest.mark.parametrize("name", PDFS)
def test_table_two_every_cell(name: str) -> None:
    two = tables(document(name))[0]
    assert _read_rows(two) == _expected_rows(name, "/active_disclosure/")


@pytest.mark.parametrize("name", PDFS)
def test_table_three_every_cell(name: str) -> None:
    three = tables(document(name))[1]
    assert _read_rows(three) == _expected_rows(name, "/applications/")


@pytest.mark.parametrize("name", PDFS)
def test_table_four_every_cell_under_its_official_header(name: str) -> None:
    four = tables(document(name))[2]
    g = grid(four)
    pointers = [p for p in expected(name) if p.startswith("/review_litigation/")]
    ((label, cells),) = data_rows(four)
    assert label == ""
    assert [_number(c.text) for c in cells] == [Decimal(str(expected(name)[p])) for p in pointers]
    headers = [" / ".join(t for t in dict.fromkeys(row[c].text for row in g[:3]) if t) for c in range(15)]
    official = [CELLS[p].column_label("zh") for p in pointers]
    if name == "hongze-qu-2024":
        # As published: a separate blank header cell stands over the first three 行政诉讼 columns.
        assert [g[0][c].text for c in (5, 6, 7, 8)] == ["", "", "", "行政诉讼"]
        assert g[0][5].colspan == 3 and g[0][8].colspan == 7
        official[5:8] = [h.removeprefix("行政诉讼 / ") for h in official[5:8]]
    assert headers == official


@pytest.mark.parametrize("name", PDFS)
def test_table_three_column_headers(name: str) -> None:
    g = grid(tables(document(name))[1])
    heads = [" / ".join(dict.fromkeys(row[c].text for row in g[:3])) for c in range(3, 10)]
    assert heads == [
        "申请人情况 / 自然人",
        "申请人情况 / 法人或其他组织 / 商业企业",
        "申请人情况 / 法人或其他组织 / 科研机构",
        "申请人情况 / 法人或其他组织 / 社会公益组织",
        "申请人情况 / 法人或其他组织 / 法律服务机构",
        "申请人情况 / 法人或其他组织 / 其他",
        "申请人情况 / 总计",
    ]
    assert g[0][0].text == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert (g[0][0].rowspan, g[0][0].colspan) == (3, 3)


@pytest.mark.parametrize(
    ("name", "expected_headers"),
    [
        ("hongze-qu-2023", ["本年制发件数"] * 3 + ["本年处理决定数量"] * 3 + ["本年收费金额（单位：万元）"]),
        ("huaian-shi-2024", ["本年制发件数"] * 3 + ["本年处理决定数量"] * 3 + ["本年收费金额（单位：万元）"]),
    ],
)
def test_table_two_uses_2021_columns(name: str, expected_headers: list[str]) -> None:
    """The Hongze mixed layout: table 二 has the 2021 columns (本年制发件数 …, 万元 fees)."""
    g = grid(tables(document(name))[0])
    header_rows = [r for r, row in enumerate(g) if row[0] is not None and row[0].text == "信息内容"]
    assert len(header_rows) == 4
    first_heads = [g[r][c].text for r in header_rows for c in (1,)]
    assert first_heads == [expected_headers[0], expected_headers[3], expected_headers[4], expected_headers[6]]
    assert [g[header_rows[0]][c].text for c in (1, 2, 3)] == ["本年制发件数", "本年废止件数", "现行有效件数"]
    captions = [row[0].text for row in g if row[0] is not None and row[0].text.startswith("第二十条")]
    assert [c.replace(" ", "") for c in captions] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]


@pytest.mark.parametrize(
    ("name", "other_rows", "label_colspan"),
    [("hongze-qu-2023", 1, 2), ("hongze-qu-2024", 1, 1), ("huaian-shi-2024", 3, 1)],
)
def test_other_handling_rows(name: str, other_rows: int, label_colspan: int) -> None:
    """Hongze has the single 2019-style （六）其他处理 row; Huai'an the three 2021 sub-rows.

    Hongze 2024 draws a border after （六）其他处理 and （七）总计, leaving a blank cell beside
    each label (seen in the rendered page): the grid keeps it as published.
    """
    g = grid(tables(document(name))[1])
    other = [row for row in g if row[1] is not None and row[1].text == "（六）其他处理"]
    assert len(other) == other_rows
    assert other[0][1].rowspan == other_rows
    assert other[0][1].colspan == label_colspan
    if other_rows == 1:
        assert other[0][1 + label_colspan].text == ("0" if label_colspan == 2 else "")
    else:
        assert [row[2].text for row in other] == [
            "1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "2、申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "3、其他",
        ]

"""Table rebuilding and stitching on synthetic pages: the path an OCR engine would feed.

Each case is a page break seen in published reports, reduced to its smallest form.
"""

from __future__ import annotations

import pytest

from disclosure_kit.importers.model import SourceBlock, SourceTable, SourceUnreadable
from disclosure_kit.importers.pdf import document_from_layers
from disclosure_kit.importers.pdf_layout import PageLayer, Ruling, find_tables

from .helpers import grid
from .layers import page, ruled_table, text_glyphs

XS = [100.0, 300.0, 400.0]


def _texts(table: SourceTable) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def _two_pages(first: list[list[str]], second: list[list[str]]) -> SourceTable:
    ys1 = [600.0 + 30 * i for i in range(len(first) + 1)]
    ys2 = [80.0 + 30 * i for i in range(len(second) + 1)]
    g1, r1 = ruled_table(XS, ys1, first)
    g2, r2 = ruled_table(XS, ys2, second)
    doc = document_from_layers("x.pdf", [page(1, g1, r1), page(2, g2, r2)])
    (table,) = [it for it in doc.items if isinstance(it, SourceTable)]
    return table


def test_repeated_header_is_dropped() -> None:
    table = _two_pages([["项目", "数量"], ["1.甲", "5"], ["2.乙", "6"]], [["项目", "数量"], ["3.丙", "7"]])
    assert _texts(table) == [["项目", "数量"], ["1.甲", "5"], ["2.乙", "6"], ["3.丙", "7"]]
    assert [row.cells[1].origin.page for row in table.rows] == [1, 1, 1, 2]


def test_row_split_by_the_page_break_is_joined() -> None:
    table = _two_pages([["项目", "数量"], ["5.要求行政机关确认或重新出", ""]], [["具已获取信息", "9"]])
    assert _texts(table) == [["项目", "数量"], ["5.要求行政机关确认或重新出具已获取信息", "9"]]
    assert table.rows[1].cells[1].origin.page == 2


def test_blank_data_cell_is_not_glued_to_the_number_above() -> None:
    table = _two_pages([["项目", "数量"], ["1.甲", "4"]], [["2.乙", ""]])
    assert _texts(table) == [["项目", "数量"], ["1.甲", "4"], ["2.乙", ""]]


def test_plain_labels_on_both_sides_stay_two_rows() -> None:
    table = _two_pages([["信息内容", "数量"], ["行政处罚", "4119"]], [["行政强制", "195"]])
    assert _texts(table) == [["信息内容", "数量"], ["行政处罚", "4119"], ["行政强制", "195"]]


def test_tables_separated_by_a_heading_are_not_stitched() -> None:
    g1, r1 = ruled_table(XS, [700.0, 730.0, 760.0], [["项目", "数量"], ["1.甲", "4"]])
    g2, r2 = ruled_table(XS, [120.0, 150.0], [["行政复议", "1"]])
    g2 += text_glyphs("四、政府信息公开行政复议、行政诉讼情况", 100, 90)
    doc = document_from_layers("x.pdf", [page(1, g1, r1), page(2, g2, r2)])
    kinds = [type(it).__name__ for it in doc.items]
    assert kinds == ["SourceTable", "SourceBlock", "SourceTable"]
    heading = doc.items[1]
    assert isinstance(heading, SourceBlock) and heading.heading
    assert heading.text == "四、政府信息公开行政复议、行政诉讼情况"


def test_merged_cells_come_from_missing_borders() -> None:
    # Middle vertical border only in the lower row: the top row is one cell spanning two columns.
    rulings = [Ruling(100, y, 400, y) for y in (100.0, 130.0, 160.0)]
    rulings += [Ruling(100, 100, 100, 160), Ruling(400, 100, 400, 160), Ruling(300, 130, 300, 160)]
    glyphs = text_glyphs("申请人情况", 200, 110) + text_glyphs("自然人", 110, 140) + text_glyphs("3", 310, 140)
    (table,) = find_tables(PageLayer(1, 595, 842, glyphs, rulings))
    cells = [[(c.text, c.rowspan, c.colspan) for c in row] for row in table.rows]
    assert cells == [[("申请人情况", 1, 2)], [("自然人", 1, 1), ("3", 1, 1)]]


def test_missing_bottom_border_is_implied_by_the_vertical_lines() -> None:
    glyphs, rulings = ruled_table(XS, [100.0, 130.0, 160.0], [["1.甲", "4"], ["2.乙", "5"]], skip_bottom=True)
    (table,) = find_tables(PageLayer(1, 595, 842, glyphs, rulings))
    assert [[c.text for c in row] for row in table.rows] == [["1.甲", "4"], ["2.乙", "5"]]


def test_vertical_label_one_character_per_line_is_one_text() -> None:
    glyphs, rulings = ruled_table([100.0, 120.0, 300.0], [100.0, 200.0], [["", "（一）予以公开"]])
    for i, ch in enumerate("三、本年度办理结果"):
        glyphs += text_glyphs(ch, 105, 105 + 10 * i)
    (table,) = find_tables(PageLayer(1, 595, 842, glyphs, rulings))
    assert [c.text for c in table.rows[0]] == ["三、本年度办理结果", "（一）予以公开"]


def test_page_footer_is_dropped_and_paragraph_runs_on_across_pages() -> None:
    line1 = text_glyphs("一、总体情况", 120, 100)
    body1 = text_glyphs("甲" * 40, 100, 130)  # a full line: the paragraph may go on
    foot1 = text_glyphs("— 1 —", 280, 800)
    body2 = text_glyphs("乙乙。", 100, 80)
    foot2 = text_glyphs("-2-", 280, 800)
    doc = document_from_layers("x.pdf", [page(1, line1 + body1 + foot1, []), page(2, body2 + foot2, [])])
    assert [(b.text, b.heading, b.origin.page) for b in doc.items] == [
        ("一、总体情况", True, 1),
        ("甲" * 40 + "乙乙。", False, 1),
    ]


def test_no_text_layer_raises_with_the_page_count() -> None:
    with pytest.raises(SourceUnreadable) as info:
        document_from_layers("scan.pdf", [page(1, [], [], images=1), page(2, [], [], images=1)])
    assert info.value.code == "import.pdf_no_text"
    assert info.value.params == {"pages": 2}


def test_one_scanned_page_among_text_pages_is_noted() -> None:
    doc = document_from_layers("x.pdf", [page(1, text_glyphs("一、总体情况", 120, 100), []), page(2, [], [], images=1)])
    assert doc.notes == ["page 2: no text layer (image only)"]


def test_grid_helper_expands_spans() -> None:
    table = _two_pages([["项目", "数量"], ["1.甲", "5"]], [["2.乙", "6"]])
    assert [[c.text for c in row] for row in grid(table)] == [["项目", "数量"], ["1.甲", "5"], ["2.乙", "6"]]


def test_table_without_borders_gives_one_block_per_row() -> None:
    glyphs = text_glyphs("二、主动公开政府信息情况", 120, 100)
    for i, (label, nums) in enumerate([("规章", "1 0 11"), ("行政规范性文件", "8 26 66")]):
        top = 130 + 30 * i
        glyphs += text_glyphs(label, 100, top)
        for k, n in enumerate(nums.split()):
            glyphs += text_glyphs(n, 300 + 60 * k, top)
    doc = document_from_layers("x.pdf", [page(1, glyphs, [])])
    assert [(b.text, b.heading) for b in doc.items] == [
        ("二、主动公开政府信息情况", True),
        ("规章  1  0  11", False),
        ("行政规范性文件  8  26  66", False),
    ]


def test_blank_form_keeps_its_blank_cells_apart_across_the_break() -> None:
    """A blank form (no number anywhere): blank data cells on the new page are new cells."""
    table = _two_pages([["项目", "数量"], ["（七）总计", ""]], [["四、结转下年度继续办理", ""]])
    assert _texts(table) == [["项目", "数量"], ["（七）总计", ""], ["四、结转下年度继续办理", ""]]
    assert [c.rowspan for row in table.rows for c in row.cells] == [1, 1, 1, 1, 1, 1]


def test_unnumbered_leaf_label_with_its_own_numbers_is_a_new_row() -> None:
    """Only an outer label (not the one beside the numbers) takes the tail of its text."""
    table = _two_pages([["项目", "数量"], ["1.属于国家秘密", "2"]], [["其他法律行政法规禁止公开", "30"]])
    assert _texts(table) == [["项目", "数量"], ["1.属于国家秘密", "2"], ["其他法律行政法规禁止公开", "30"]]


def test_a_frame_around_the_page_is_not_a_table() -> None:
    frame = [Ruling(50, 50, 545, 50), Ruling(50, 790, 545, 790), Ruling(50, 50, 50, 790), Ruling(545, 50, 545, 790)]
    glyphs = text_glyphs("一、总体情况", 120, 100) + text_glyphs("正文。", 100, 130)
    doc = document_from_layers("x.pdf", [page(1, glyphs, frame)])
    assert [(type(it).__name__, getattr(it, "text", None)) for it in doc.items] == [
        ("SourceBlock", "一、总体情况"),
        ("SourceBlock", "正文。"),
    ]

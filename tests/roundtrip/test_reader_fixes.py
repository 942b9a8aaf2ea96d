"""The PDF reader faults the round trip revealed, each reduced to a synthetic page.

Pages are built from glyphs and ruling lines (the form an OCR step would hand over), so each
test pins one rule of the reader without LibreOffice or Chromium.
"""

from __future__ import annotations

from disclosure_kit.importers.model import SourceBlock, SourceTable
from disclosure_kit.importers.pdf import document_from_layers
from disclosure_kit.importers.pdf_glyphs import fix_text
from disclosure_kit.importers.pdf_layout import Glyph, PageLayer, Ruling

SIZE = 10.0
WIDTH, HEIGHT = 595.0, 842.0


def glyphs(text: str, x: float, top: float, size: float = SIZE) -> list[Glyph]:
    """One glyph per character: Chinese a full em wide, other characters half an em."""
    out = []
    for ch in text:
        width = size if ord(ch) > 0x2000 else size / 2
        out.append(Glyph(ch, x, top, x + width, top + size))
        x += width
    return out


def ruled(xs: list[float], ys: list[float], rows: list[list[str]]) -> tuple[list[Glyph], list[Ruling]]:
    rulings = [Ruling(xs[0], y, xs[-1], y) for y in ys] + [Ruling(x, ys[0], x, ys[-1]) for x in xs]
    out: list[Glyph] = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            out += glyphs(text, xs[c] + 2, (ys[r] + ys[r + 1]) / 2 - SIZE / 2)
    return out, rulings


def page(number: int, content: list[Glyph], rulings: list[Ruling] | None = None) -> tuple[PageLayer, int]:
    return PageLayer(number, WIDTH, HEIGHT, content, rulings or []), 0


def blocks(*pages: tuple[PageLayer, int]) -> list[tuple[str, bool]]:
    doc = document_from_layers("x.pdf", list(pages))
    return [(b.text, b.heading) for b in doc.items if isinstance(b, SourceBlock)]


def test_blank_value_column_is_not_taken_for_labels_across_a_page_break() -> None:
    """自然人 blank in every row: its cells stay one per row, never merged over the break."""
    xs = [100.0, 250.0, 300.0, 350.0]
    g1, r1 = ruled(xs, [700.0 + 30 * i for i in range(3)], [["项目", "自然人", "总计"], ["一、本年新收", "", "5"]])
    g2, r2 = ruled(xs, [80.0, 110.0, 140.0], [["项目", "自然人", "总计"], ["二、上年结转", "", "6"]])
    doc = document_from_layers("x.pdf", [page(1, g1, r1), page(2, g2, r2)])
    (table,) = [it for it in doc.items if isinstance(it, SourceTable)]
    assert [[(c.text, c.rowspan) for c in row.cells] for row in table.rows] == [
        [("项目", 1), ("自然人", 1), ("总计", 1)],
        [("一、本年新收", 1), ("", 1), ("5", 1)],
        [("二、上年结转", 1), ("", 1), ("6", 1)],
    ]
    assert [row.cells[1].origin.page for row in table.rows] == [1, 1, 2]


def test_merged_label_cell_still_continues_over_the_break() -> None:
    """The control for the test above: a blank cell left of the row's label is the label above."""
    xs = [100.0, 200.0, 300.0, 350.0]
    g1, r1 = ruled(xs, [700.0, 730.0, 760.0], [["项目", "", "总计"], ["三、本年度办理结果", "（一）予以公开", "5"]])
    g2, r2 = ruled(xs, [80.0, 110.0], [["", "（二）部分公开", "6"]])
    doc = document_from_layers("x.pdf", [page(1, g1, r1), page(2, g2, r2)])
    (table,) = [it for it in doc.items if isinstance(it, SourceTable)]
    assert [[(c.text, c.rowspan) for c in row.cells] for row in table.rows] == [
        [("项目", 1), ("", 1), ("总计", 1)],
        [("三、本年度办理结果", 2), ("（一）予以公开", 1), ("5", 1)],
        [("（二）部分公开", 1), ("6", 1)],
    ]


def test_long_title_filling_the_width_is_one_heading() -> None:
    """A title set larger than the body wraps: its first line fills the width, yet it is centred."""
    title = glyphs("临州市数据开放局2023年政府信息公开工作年度", 77.5, 80, size=20)  # 22 em: 440 pt
    rest = glyphs("报告", 277.5, 106, size=20)
    body = glyphs("正" * 44, 77.5, 150) + glyphs("文" * 44, 77.5, 164) + glyphs("文。", 77.5, 178)
    assert blocks(page(1, title + rest + body)) == [
        ("临州市数据开放局2023年政府信息公开工作年度报告", True),
        ("正" * 44 + "文" * 44 + "文。", False),
    ]


def test_list_items_with_a_hanging_indent_are_one_paragraph_each() -> None:
    """``1.`` at the margin, its wrapped lines under the text; ``2.`` back at the margin."""
    lines = [
        ("1.甲" + "甲" * 39, 100.0),
        ("甲" * 39, 110.0),
        ("甲甲。", 110.0),
        ("2.乙" + "乙" * 39, 100.0),
        ("乙" * 39, 110.0),
        ("乙" * 39, 110.0),
    ]
    content = glyphs("一、总体情况", 100, 60)
    for n, (text, x) in enumerate(lines):
        content += glyphs(text, x, 80 + 14 * n)
    assert blocks(page(1, content)) == [
        ("一、总体情况", True),
        ("1.甲" + "甲" * 39 + "甲" * 39 + "甲甲。", False),
        ("2.乙" + "乙" * 39 + "乙" * 78, False),
    ]


def test_number_then_tab_stop_is_a_list_item_not_a_borderless_row() -> None:
    content = glyphs("10.", 100, 80) + glyphs("临" * 38, 125, 80) + glyphs("州" * 38, 125, 94)
    assert blocks(page(1, content)) == [("10. " + "临" * 38 + "州" * 38, False)]


def test_page_number_set_just_above_the_bottom_band_is_dropped() -> None:
    """LibreOffice's footer ``— 1 —`` starts 0.5 pt above the bottom tenth of the page."""
    body1 = glyphs("甲" * 40, 100, 700)
    foot = glyphs("— 1 —", 280, HEIGHT * 0.9 - 0.5, size=14)
    body2 = glyphs("乙乙。", 100, 80)
    assert blocks(page(1, body1 + foot), page(2, body2)) == [("甲" * 40 + "乙乙。", False)]


def test_whole_character_radicals_become_the_ideograph() -> None:
    """Chromium maps 民 to ⺠ (U+2EA0) and 门 to ⻔ (U+2ED4); Kangxi radicals (⼀) were already handled."""
    assert fix_text("中华人⺠共和国") == "中华人民共和国"
    assert fix_text("部⻔⼀⾏") == "部门一行"
    assert fix_text("⺀⺍") == "⺀⺍"  # component forms with no whole-character equivalent stay

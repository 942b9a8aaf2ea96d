"""Running text, headings, page footers, merged labels and provenance of the corpus PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from disclosure_kit.check.messages import TEMPLATES
from disclosure_kit.importers.model import SourceUnreadable
from disclosure_kit.importers.pdf import read_pdf
from disclosure_kit.importers.pdf_glyphs import Painted, Shape, fix_text, rulings
from disclosure_kit.importers.pdf_plumber import paths

from .helpers import PDFS, blocks, document, grid, tables

HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("hongze-qu-2023", ["洪泽区人民政府2023年政府信息公开工作年度报告"]),
        ("hongze-qu-2024", ["淮安市洪泽区人民政府2024年政府信息公开工作年度报告"]),
        ("huaian-shi-2024", ["淮安市人民政府2024年政府信息公开工作年度报告"]),
    ],
)
def test_headings_in_reading_order(name: str, title: list[str]) -> None:
    """The title printed over two centred lines is one heading block; then the six sections."""
    doc = document(name)
    assert [b.text for b in blocks(doc) if b.heading] == title + HEADINGS
    kinds = [("T" if not hasattr(it, "text") else ("H" if it.heading else "P")) for it in doc.items]
    # Each table sits right after its section heading.
    for heading in HEADINGS[1:4]:
        i = next(k for k, it in enumerate(doc.items) if getattr(it, "text", None) == heading)
        assert kinds[i + 1] == "T"
    assert doc.kind == "pdf" and doc.name == f"{name}.pdf" and doc.notes == []


@pytest.mark.parametrize("name", PDFS)
def test_page_footers_are_dropped(name: str) -> None:
    texts = [b.text for b in blocks(document(name))]
    assert not [t for t in texts if re.fullmatch(r"[-—\s]*\d+[-—\s]*", t)]
    assert not [t for t in texts if re.search(r"-\d-$", t)]


def test_paragraph_running_over_a_page_break_is_one_block() -> None:
    doc = document("hongze-qu-2023")
    (para,) = [b for b in blocks(doc) if b.text.startswith("加强区政府门户网站")]
    assert para.text.endswith(
        "严格执行“分级审核、先审后发”程序，落实“三审三校”制度，从严从实把好政治关、法律关、"
        "政策关、保密关、文字关，未经审核的信息一律不准发布。"
    )
    assert para.origin.page == 1


def test_hongze_2023_review_figures_as_published() -> None:
    """The table-four row as printed, including the two wrong 总计 cells (0 where 11 and 5 are due)."""
    four = tables(document("hongze-qu-2023"))[2]
    assert [c.text for c in four.rows[3].cells] == [
        "10",
        "1",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "5",
        "0",
        "0",
        "0",
        "0",
    ]


@pytest.mark.parametrize(("name", "rowspan"), [("hongze-qu-2023", 20), ("hongze-qu-2024", 20), ("huaian-shi-2024", 22)])
def test_vertical_label_spans_the_results_block_across_the_page_break(name: str, rowspan: int) -> None:
    g = grid(tables(document(name))[1])
    label = g[5][0]
    assert label.text == "三、本年度办理结果"
    assert label.rowspan == rowspan
    assert all(row[0] is label for row in g[5 : 5 + rowspan])


def test_label_cut_by_the_page_break_is_joined() -> None:
    """Huai'an 2024 prints （四）无 on page 4 and 法提供 on page 5: one cell of three rows."""
    g = grid(tables(document("huaian-shi-2024"))[1])
    (cell,) = {id(row[1]): row[1] for row in g if row[1] is not None and row[1].text.startswith("（四）")}.values()
    assert (cell.text, cell.rowspan, cell.origin.page) == ("（四）无法提供", 3, 4)
    rows = [row for row in g if row[1] is cell]
    assert [row[2].text for row in rows] == [
        "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
    ]
    assert [row[2].origin.page for row in rows] == [4, 5, 5]


def test_provenance_is_page_and_box_of_the_printed_number() -> None:
    """Boxes agree with poppler's ``pdftotext -bbox`` (3050: x 496.319–511.203, y 409.45–417.07)."""
    g = grid(tables(document("huaian-shi-2024"))[1])
    total = next(row for row in g if row[1] is not None and row[1].text == "（七）总计")[9]
    assert total.text == "3050"
    assert total.origin.page == 5
    assert total.origin.bbox == (496.32, 409.62, 511.2, 417.07)
    upheld = tables(document("hongze-qu-2023"))[2].rows[3].cells[0]
    assert (upheld.text, upheld.origin.page, upheld.origin.bbox) == ("10", 4, (86.16, 452.06, 100.26, 466.11))
    three = tables(document("huaian-shi-2024"))[1]
    assert three.origin.page == 4 and three.origin.bbox == (71.45, 370.04, 521.4, 782.39)


def test_image_only_pdf_has_no_text_layer(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "scan.pdf"
    pages = [Image.new("RGB", (300, 420), "white"), Image.new("RGB", (300, 420), "white")]
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:])
    with pytest.raises(SourceUnreadable) as info:
        read_pdf(path)
    assert (info.value.code, info.value.params) == ("import.pdf_no_text", {"pages": 2})
    zh, en = TEMPLATES["import.pdf_no_text"]
    assert zh.format(pages=2).startswith("PDF 没有可读的文字（共 2 页）")
    assert en.format(pages=2).startswith("the PDF has no readable text (2 pages)")


def test_damaged_pdf_is_unreadable_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not a pdf body")
    with pytest.raises(SourceUnreadable) as info:
        read_pdf(path)
    assert info.value.code == "import.pdf_unreadable"
    assert "reason" in info.value.params


def test_glyph_repairs() -> None:
    assert fix_text("(cid:123)") == "\ufffd"
    assert fix_text("⼀、总体情况") == "一、总体情况"  # Kangxi radical ⼀ (U+2F00) -> 一
    assert fix_text("（三）") == "（三）"  # full-width brackets are never normalised


class _Page:
    def __init__(self, lines: list[dict], rects: list[dict], curves: list[dict] | None = None) -> None:
        self.lines, self.rects, self.curves = lines, rects, curves or []


def test_only_drawn_borders_are_rulings() -> None:
    white_fill = {
        "x0": 74,
        "top": 100,
        "x1": 518,
        "bottom": 127,
        "fill": True,
        "stroke": False,
        "non_stroking_color": (1.0, 1.0, 1.0),
    }
    thin_black = {
        "x0": 74,
        "top": 100,
        "x1": 518,
        "bottom": 100.5,
        "fill": True,
        "stroke": False,
        "non_stroking_color": (0.0,),
    }
    shaded = {
        "x0": 76,
        "top": 193,
        "x1": 516,
        "bottom": 235,
        "fill": True,
        "stroke": False,
        "non_stroking_color": (0.776, 0.851, 0.945),
    }
    line = {"x0": 75, "top": 122.3, "x1": 517, "bottom": 122.3, "stroking_color": (0.0, 0.0, 0.0)}
    got = rulings(paths(_Page([line], [white_fill, thin_black, shaded])))
    assert [(r.x0, r.top, r.x1, r.bottom) for r in got] == [(75, 122.3, 517, 122.3), (74, 100, 518, 100.5)]


def _curve(ops: list[tuple[str, tuple[float, float]]], stroke: bool, fill: bool, colour: tuple[float, ...]) -> Painted:
    return Painted(Shape("curve", tuple(ops)), stroke, fill, colour if stroke else None, None if stroke else colour)


def test_borders_drawn_as_one_path_are_rulings() -> None:
    ops = [("m", (10, 20)), ("l", (110, 20)), ("l", (110, 40)), ("l", (10, 40)), ("h", (10, 20)),
           ("m", (60, 20)), ("c", (60, 40))]  # a box, then a Bézier that only moves the pen
    got = [(r.x0, r.top, r.x1, r.bottom) for r in rulings([_curve(ops, True, False, (0,))])]
    assert got == [(10, 20, 110, 20), (110, 20, 110, 40), (10, 40, 110, 40), (10, 20, 10, 40)]
    assert rulings([_curve(ops, True, False, (1, 1, 1))]) == []
    bar = [("m", (10, 20)), ("l", (110, 20)), ("c", (110, 20.4)), ("l", (10, 20.4))]
    assert [(r.x0, r.top, r.x1, r.bottom) for r in rulings([_curve(bar, False, True, (0,))])] == [(10, 20, 110, 20.4)]
    tall = [("m", (10, 20)), ("l", (110, 20)), ("c", (110, 60)), ("l", (10, 60))]
    assert rulings([_curve(tall, False, True, (0,))]) == []


def test_subpaths_are_classed_as_pdfminer_does() -> None:
    rect = Shape.of([("m", (10, 20)), ("l", (110, 20)), ("l", (110, 40)), ("l", (10, 40)), ("l", (10, 20)),
                     ("h", (10, 20))])  # PDFium's ``re``: four sides and a close
    assert (rect.kind, rect.bbox) == ("rect", (10, 20, 110, 40))
    assert Shape.of([("m", (10, 20)), ("l", (110, 20))]).kind == "line"
    skewed = Shape.of([("m", (10, 20)), ("l", (110, 21)), ("l", (110, 40)), ("l", (10, 40)), ("h", (10, 20))])
    assert skewed.kind == "curve"

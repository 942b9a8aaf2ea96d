"""DOCX and ODT renderers: facts read from ``word/document.xml``, ``styles.xml`` and ODF ``content.xml``.

Every assertion names an exact value: the span of a merged cell, a font name, a margin in twips,
the number in a cell. Labels are read from the edition (the schema), never typed here, except
where the test checks that the schema label itself reached the document.
"""

from __future__ import annotations

import copy
import io
import os
import re
import shutil
import subprocess
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from disclosure_kit.check.pipeline import check_data, check_file
from disclosure_kit.model.editions import get_edition
from disclosure_kit.renderers.base import RenderContext
from disclosure_kit.renderers.docx import DocxRenderer, OdtRenderer

ROOT = Path(__file__).resolve().parents[2]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
ODF = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
}
EDITIONS = ("2019", "2021")
RESULTS_ROWS = {"2019": 20, "2021": 22}  # data rows under 三、本年度办理结果 (docs/format.md, table three)


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@cache
def fixture_report(edition: str) -> dict[str, Any]:
    result = check_file(str(ROOT / "fixtures" / "examples" / f"{edition}.yaml"))
    assert result.report is not None and result.errors == 0
    return result.report


def context(report: dict[str, Any], name: str = "report.yaml") -> RenderContext:
    result = check_data(report, name)
    assert result.edition is not None
    return RenderContext(report=report, edition=get_edition(result.edition), result=result)


@cache
def rendered_docx(edition: str) -> bytes:
    return DocxRenderer().render(context(copy.deepcopy(fixture_report(edition))))


def part(docx: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return etree.fromstring(z.read(name))


def tables(docx: bytes) -> list[etree._Element]:
    return part(docx, "word/document.xml").findall("w:body/w:tbl", NS)


def cell_text(tc: etree._Element) -> str:
    return "".join(t.text or "" for t in tc.iter(w("t")))


def grid_cells(tbl: etree._Element) -> list[list[dict[str, Any]]]:
    """Each row's cells with their grid column, gridSpan, vMerge value and text."""
    out = []
    for tr in tbl.findall("w:tr", NS):
        row, col = [], 0
        for tc in tr.findall("w:tc", NS):
            span_el = tc.find("w:tcPr/w:gridSpan", NS)
            merge_el = tc.find("w:tcPr/w:vMerge", NS)
            span = int(span_el.get(w("val"))) if span_el is not None else 1
            merge = None if merge_el is None else merge_el.get(w("val"), "continue")
            row.append({"col": col, "span": span, "merge": merge, "text": cell_text(tc), "tc": tc})
            col += span
        out.append(row)
    return out


def vertical_extent(rows: list[list[dict[str, Any]]], r: int, col: int) -> int:
    """How many rows the vMerge that restarts at (r, col) covers."""
    assert next(c for c in rows[r] if c["col"] == col)["merge"] == "restart"
    n = 1
    for row in rows[r + 1:]:
        below = next((c for c in row if c["col"] == col), None)
        if below is None or below["merge"] != "continue":
            break
        n += 1
    return n


def find(rows: list[list[dict[str, Any]]], text: str) -> tuple[int, dict[str, Any]]:
    for i, row in enumerate(rows):
        for c in row:
            if c["text"] == text:
                return i, c
    raise AssertionError(f"no cell with text {text!r}")


def label(edition: str, pointer: str) -> str:
    node = get_edition(edition).node(pointer)
    assert node is not None, pointer
    return node.label.zh


# ----------------------------------------------------------------------------- merges


@pytest.mark.parametrize("edition", EDITIONS)
def test_table_three_corner_is_gridspan_3_and_vmerge_over_3_rows(edition: str) -> None:
    rows = grid_cells(tables(rendered_docx(edition))[1])
    corner = rows[0][0]
    assert corner["text"] == get_edition(edition).node("/applications").schema["x-corner"]["title"]
    assert (corner["col"], corner["span"], corner["merge"]) == (0, 3, "restart")
    assert [(r[0]["span"], r[0]["merge"], r[0]["text"]) for r in rows[1:3]] == [(3, "continue", "")] * 2
    assert vertical_extent(rows, 0, 0) == 3
    assert rows[3][0]["merge"] is None  # 一、本年新收… starts a new cell
    # 申请人情况 spans the seven value columns; 自然人 and 总计 are merged over two header rows.
    assert (rows[0][1]["span"], rows[0][1]["col"]) == (7, 3)
    r, natural = find(rows, label(edition, "/applications/new_received/natural_person"))
    assert (r, natural["col"], natural["merge"], vertical_extent(rows, r, natural["col"])) == (1, 3, "restart", 2)
    _, legal_persons = find(rows, "法人或其他组织")
    assert (legal_persons["col"], legal_persons["span"]) == (4, 5)


@pytest.mark.parametrize("edition", EDITIONS)
def test_results_label_is_merged_vertically_over_all_result_rows(edition: str) -> None:
    rows = grid_cells(tables(rendered_docx(edition))[1])
    r, results = find(rows, label(edition, "/applications/results"))
    assert (r, results["col"], results["span"], results["merge"]) == (5, 0, 1, "restart")
    assert vertical_extent(rows, r, 0) == RESULTS_ROWS[edition]
    r3, withheld = find(rows, label(edition, "/applications/results/withheld"))
    assert (withheld["col"], vertical_extent(rows, r3, 1)) == (1, 8)
    _, disclosed = find(rows, label(edition, "/applications/results/disclosed"))
    assert (disclosed["col"], disclosed["span"]) == (1, 2)
    _, carried = find(rows, label(edition, "/applications/carried_forward"))
    assert (carried["col"], carried["span"], carried["merge"]) == (0, 3, None)
    assert len(rows) == 3 + 2 + RESULTS_ROWS[edition] + 1


@pytest.mark.parametrize("edition", EDITIONS)
def test_table_four_header_merges(edition: str) -> None:
    rows = grid_cells(tables(rendered_docx(edition))[2])
    assert len(rows) == 4
    top = [(c["text"], c["span"], c["merge"]) for c in rows[0]]
    assert top == [
        (label(edition, "/review_litigation/review"), 5, None),
        (label(edition, "/review_litigation/litigation"), 10, None),
    ]
    assert [(c["span"], c["merge"]) for c in rows[1]] == [(1, "restart")] * 5 + [(5, None), (5, None)]
    assert rows[1][5]["text"] == label(edition, "/review_litigation/litigation/direct")
    assert [c["merge"] for c in rows[2][:5]] == ["continue"] * 5
    assert [c["text"] for c in rows[2][5:10]] == [
        label(edition, f"/review_litigation/litigation/direct/{k}")
        for k in ("upheld", "corrected", "other", "pending", "total")
    ]
    report = fixture_report(edition)["review_litigation"]
    values = [c["text"] for c in rows[3]]
    assert values == [str(v) for v in (
        *report["review"].values(), *report["litigation"]["direct"].values(),
        *report["litigation"]["after_review"].values(),
    )]


def test_table_two_captions_and_widened_value_cells_2021() -> None:
    rows = grid_cells(tables(rendered_docx("2021"))[0])
    captions = [r[0] for r in rows if len(r) == 1]
    assert [c["text"] for c in captions] == [
        label("2021", f"/active_disclosure/{k}")
        for k in ("article_20_1", "article_20_5", "article_20_6", "article_20_8")
    ]
    assert {c["span"] for c in captions} == {4}
    assert {c["tc"].find("w:tcPr/w:shd", NS).get(w("fill")) for c in captions} == {"C6D9F1"}
    # captions and column-head rows stay with the next row; data rows do not
    keep = [r[0]["tc"].find("w:p/w:pPr/w:keepNext", NS) is not None for r in rows]
    assert keep == [True, True, False, False, True, True, False, True, True, False, False, True, True, False]
    styles = {p.find("w:pPr/w:pStyle", NS).get(w("val")) for r in rows for c in r for p in c["tc"].findall("w:p", NS)}
    assert styles == {"TableText"}
    _, decisions = find(rows, label("2021", "/active_disclosure/article_20_5/licensing/decisions"))
    assert (decisions["col"], decisions["span"]) == (1, 3)
    r, fees = find(rows, label("2021", "/active_disclosure/article_20_8/fees"))
    assert [(c["text"], c["span"]) for c in rows[r]] == [(fees["text"], 1), ("0.092", 3)]


def test_table_two_money_cell_with_unit_2019() -> None:
    rows = grid_cells(tables(rendered_docx("2019"))[0])
    r, procurement = find(rows, label("2019", "/active_disclosure/article_20_9/procurement"))
    count = str(fixture_report("2019")["active_disclosure"]["article_20_9"]["procurement"]["items"])
    assert [(c["text"], c["span"]) for c in rows[r]] == [(procurement["text"], 1), (count, 1), ("1863.45万元", 2)]


# ----------------------------------------------------------------------------- values, header rows, alignment


@pytest.mark.parametrize(("edition", "expected"), [("2019", "222"), ("2021", "123")])
def test_total_row_natural_person_value(edition: str, expected: str) -> None:
    rows = grid_cells(tables(rendered_docx(edition))[1])
    r, total = find(rows, label(edition, "/applications/results/total"))
    natural = next(c for c in rows[r] if c["col"] == 3)
    assert natural["text"] == expected
    assert natural["tc"].find("w:p/w:pPr/w:jc", NS).get(w("val")) == "center"
    assert total["tc"].find("w:p/w:pPr/w:jc", NS).get(w("val")) == "left"


@pytest.mark.parametrize(("edition", "table", "header_rows"), [
    ("2019", 1, 3), ("2021", 1, 3), ("2019", 2, 3), ("2021", 2, 3), ("2021", 0, 0),
])
def test_header_rows_repeat_on_each_page(edition: str, table: int, header_rows: int) -> None:
    trs = tables(rendered_docx(edition))[table].findall("w:tr", NS)
    flags = [tr.find("w:trPr/w:tblHeader", NS) is not None for tr in trs]
    assert flags == [True] * header_rows + [False] * (len(trs) - header_rows)
    assert all(tr.find("w:trPr/w:cantSplit", NS) is not None for tr in trs)


@pytest.mark.parametrize("edition", EDITIONS)
def test_tables_have_full_single_borders_and_text_width(edition: str) -> None:
    for tbl in tables(rendered_docx(edition)):
        borders = tbl.find("w:tblPr/w:tblBorders", NS)
        assert [(b.tag.split("}")[1], b.get(w("val")), b.get(w("sz"))) for b in borders] == [
            (side, "single", "4") for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        ]
        assert tbl.find("w:tblPr/w:tblW", NS).attrib == {w("w"): "8845", w("type"): "dxa"}
        assert sum(int(c.get(w("w"))) for c in tbl.findall("w:tblGrid/w:gridCol", NS)) == 8845


def test_table_three_columns_follow_the_template_proportions() -> None:
    cols = [int(c.get(w("w"))) for c in tables(rendered_docx("2021"))[1].findall("w:tblGrid/w:gridCol", NS)]
    # template-2021-blank.docx: 754 / 921 / 3271 for the labels, 685 for each of the seven values.
    assert cols == [684, 836, 2970, 621, 621, 621, 621, 621, 621, 629]


# ----------------------------------------------------------------------------- page, fonts, styles


@pytest.mark.parametrize("edition", EDITIONS)
def test_page_is_a4_with_gbt9704_margins_and_page_number_footer(edition: str) -> None:
    docx = rendered_docx(edition)
    sect = part(docx, "word/document.xml").find("w:body/w:sectPr", NS)
    assert sect.find("w:pgSz", NS).attrib == {w("w"): "11906", w("h"): "16838"}
    margins = {k.split("}")[1]: v for k, v in sect.find("w:pgMar", NS).attrib.items()}
    # 37 / 35 / 28 / 26 mm in twips (1 mm = 1440 / 25.4 twips)
    assert (margins["top"], margins["bottom"], margins["left"], margins["right"]) == ("2098", "1984", "1587", "1474")
    footer = part(docx, "word/footer1.xml")
    assert "".join(t.text for t in footer.iter(w("t"))) == "— 1 —"
    assert [i.text for i in footer.iter(w("instrText"))] == [" PAGE "]
    assert footer.find(".//w:jc", NS).get(w("val")) == "center"


def _style_fonts(styles: etree._Element, style_id: str) -> tuple[str, str, str]:
    st = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
    fonts = st.find("w:rPr/w:rFonts", NS)
    return fonts.get(w("eastAsia")), fonts.get(w("ascii")), st.find("w:rPr/w:sz", NS).get(w("val"))


def test_east_asian_fonts_and_sizes_in_styles() -> None:
    styles = part(rendered_docx("2021"), "word/styles.xml")
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert defaults.find("w:rFonts", NS).get(w("eastAsia")) == "仿宋_GB2312"
    assert defaults.find("w:sz", NS).get(w("val")) == "32"  # 三号 16 pt
    assert _style_fonts(styles, "Title") == ("方正小标宋简体", "Times New Roman", "44")  # 二号
    assert styles.find("w:style[@w:styleId='Title']/w:pPr/w:jc", NS).get(w("val")) == "center"
    assert _style_fonts(styles, "Heading1") == ("黑体", "Times New Roman", "32")
    assert _style_fonts(styles, "Heading2") == ("楷体_GB2312", "Times New Roman", "32")
    assert _style_fonts(styles, "TableText") == ("仿宋_GB2312", "Times New Roman", "21")  # table text 五号
    theme_attrs = [a for el in styles.iter() for a in el.attrib if "theme" in a.lower()]
    assert theme_attrs == []


def test_document_body_order_and_styles() -> None:
    body = part(rendered_docx("2021"), "word/document.xml").find("w:body", NS)
    kinds = []
    for el in body:
        if el.tag == w("tbl"):
            kinds.append("table")
        elif el.tag == w("p"):
            style = el.find("w:pPr/w:pStyle", NS)
            if style is not None and style.get(w("val")) in ("Title", "Heading1"):
                kinds.append((style.get(w("val")), cell_text(el)))
    edition = get_edition("2021")
    expected: list[Any] = [("Title", "临州市交通运输局2023年政府信息公开工作年度报告")]
    for node in edition.sections():
        expected.append(("Heading1", node.label.zh))
        if node.role == "table":
            expected.append("table")
    assert kinds == expected


def test_core_properties_title_author_and_dates() -> None:
    core = part(rendered_docx("2021"), "docProps/core.xml")
    ns = {"dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/"}
    assert core.find("dc:title", ns).text == "临州市交通运输局2023年政府信息公开工作年度报告"
    assert core.find("dc:creator", ns).text == "临州市交通运输局"
    assert core.find("dcterms:created", ns).text == "2024-01-26T00:00:00Z"


def test_same_report_gives_same_bytes() -> None:
    report = copy.deepcopy(fixture_report("2021"))
    assert DocxRenderer().render(context(report)) == DocxRenderer().render(context(copy.deepcopy(report)))


# ----------------------------------------------------------------------------- hostile text


def test_report_text_lands_literally_never_as_markup() -> None:
    report = copy.deepcopy(fixture_report("2021"))
    agency = '<script>alert("x")</script> & "某局"\x07'
    report["meta"]["agency"] = agency
    del report["meta"]["title"]
    report["problems"] = 'A <b>raw</b> tag & a "straight" quote, “三安全一稳定”.'
    report["applications"]["results"]["total"]["natural_person"] = None
    docx = DocxRenderer().render(context(report))
    document = part(docx, "word/document.xml")
    texts = [cell_text(p) for p in document.iter(w("p"))]
    clean = agency.replace("\x07", "")
    assert texts[0] == f"{clean}2023年政府信息公开工作年度报告"
    assert 'A <b>raw</b> tag & a "straight" quote, “三安全一稳定”.' in texts
    assert not list(document.iter("script", "b"))
    ns = {"dc": "http://purl.org/dc/elements/1.1/"}
    assert part(docx, "docProps/core.xml").find("dc:creator", ns).text == clean
    rows = grid_cells(tables(docx)[1])
    r, _ = find(rows, label("2021", "/applications/results/total"))
    assert [c["text"] for c in rows[r] if c["col"] >= 3] == ["", "7", "0", "1", "3", "0", "134"]


# ----------------------------------------------------------------------------- ODT


@pytest.mark.parametrize("edition", EDITIONS)
def test_odt_is_an_odf_zip_with_real_spans(edition: str) -> None:
    odt = OdtRenderer().render(context(copy.deepcopy(fixture_report(edition))))
    with zipfile.ZipFile(io.BytesIO(odt)) as z:
        first = z.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        content = etree.fromstring(z.read("content.xml"))
        meta = etree.fromstring(z.read("meta.xml"))
    tbls = content.findall(".//table:table", ODF)
    assert len(tbls) == 3
    t = ODF["table"]

    def cells(tbl: etree._Element) -> list[etree._Element]:
        return list(tbl.iter(f"{{{t}}}table-cell"))

    def text(cell: etree._Element) -> str:
        return "".join(cell.itertext()).strip()

    corner = cells(tbls[1])[0]
    assert (corner.get(f"{{{t}}}number-columns-spanned"), corner.get(f"{{{t}}}number-rows-spanned")) == ("3", "3")
    results = next(c for c in cells(tbls[1]) if text(c) == label(edition, "/applications/results"))
    assert results.get(f"{{{t}}}number-rows-spanned") == str(RESULTS_ROWS[edition])
    review = next(c for c in cells(tbls[2]) if text(c) == label(edition, "/review_litigation/review"))
    assert review.get(f"{{{t}}}number-columns-spanned") == "5"
    # ODF covers every spanned position: each row of table three holds exactly ten cell slots.
    for row in tbls[1].iter(f"{{{t}}}table-row"):
        assert len(row) == 10
    header = list(tbls[1].iter(f"{{{t}}}table-row"))[1]
    assert [etree.QName(c).localname for c in header][:4] == ["covered-table-cell"] * 3 + ["table-cell"]
    styles = {s.get(f"{{{ODF['style']}}}name"): s for s in content.find("office:automatic-styles", ODF)}
    cell_props = styles["TableRowCell"].find("style:table-cell-properties", ODF)
    fo = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
    assert cell_props.get(f"{{{fo}}}border") == "0.5pt solid #000000"
    assert meta.find(".//dc:creator", ODF).text == fixture_report(edition)["meta"]["agency"]
    caption = cells(tbls[0])[0]
    assert (text(caption), caption.get(f"{{{t}}}style-name")) == (
        label(edition, "/active_disclosure/article_20_1"), "DKCaptionCell")
    total = next(c for c in cells(tbls[1]) if text(c) == label(edition, "/applications/results/total"))
    assert total.find("text:p", ODF).get(f"{{{ODF['text']}}}style-name") == "DKTableLeft"


# ----------------------------------------------------------------------------- LibreOffice


def _run(args: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=180, **kw)


def test_libreoffice_pdf_embeds_a_cjk_font_and_has_sane_page_count(tmp_path: Path) -> None:
    for tool in ("soffice", "pdffonts", "pdfinfo", "pdftotext"):
        assert shutil.which(tool), f"{tool} is required (scripts/setup.sh installs it)"
    names = []
    for edition in EDITIONS:
        path = tmp_path / f"report-{edition}.docx"
        path.write_bytes(rendered_docx(edition))
        names.append(str(path))
    profile = (tmp_path / "lo-profile").as_uri()
    env = {**os.environ, "HOME": str(tmp_path)}
    _run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
          "--outdir", str(tmp_path), *names], env=env)
    for edition in EDITIONS:
        pdf = tmp_path / f"report-{edition}.pdf"
        fonts = _run(["pdffonts", str(pdf)]).stdout.splitlines()[2:]
        cjk = [line.split()[0] for line in fonts if "CJK" in line and " yes " in line]
        assert cjk, f"no embedded CJK font in {pdf.name}: {fonts}"
        pages = int(re.search(r"^Pages:\s+(\d+)", _run(["pdfinfo", str(pdf)]).stdout, re.M).group(1))
        assert 3 <= pages <= 10
        text = _run(["pdftotext", "-layout", str(pdf), "-"]).stdout
        assert fixture_report(edition)["meta"]["agency"] in text
        assert re.search(r"—\s*1\s*—", text)


# ----------------------------------------------------------------------------- incomplete reports, English


def test_incomplete_report_renders_blank_cells_and_empty_sections() -> None:
    """Under ``render --force`` a report may lack whole sections: the tables stay, their cells blank."""
    report = copy.deepcopy(fixture_report("2019"))
    for key in ("applications", "overview", "meta"):
        del report[key]
    docx = DocxRenderer().render(context(report))
    rows = grid_cells(tables(docx)[1])
    r, _ = find(rows, label("2019", "/applications/results/total"))
    assert [c["text"] for c in rows[r] if c["col"] >= 3] == [""] * 7
    title = part(docx, "word/document.xml").find("w:body/w:p", NS)
    assert cell_text(title) == get_edition("2019").title.zh
    import docx as python_docx  # the package must also open with python-docx

    assert len(python_docx.Document(io.BytesIO(docx)).tables) == 3


def test_english_headings_and_labels() -> None:
    report = copy.deepcopy(fixture_report("2021"))
    ctx = context(report)
    ctx.lang = "en"
    docx = DocxRenderer().render(ctx)
    edition = get_edition("2021")
    body = part(docx, "word/document.xml").find("w:body", NS)
    headings = [cell_text(p) for p in body.findall("w:p", NS)
                if p.find("w:pPr/w:pStyle[@w:val='Heading1']", NS) is not None]
    assert headings == [n.label.en for n in edition.sections()]
    rows = grid_cells(tables(docx)[1])
    _, total = find(rows, edition.node("/applications/results/total").label.en)
    assert total["col"] == 1


def test_markdown_table_in_a_narrative_does_not_shift_the_official_tables() -> None:
    report = copy.deepcopy(fixture_report("2021"))
    report["overview"] = "概述。\n\n| 项目 | 数量 |\n|---|---|\n| 培训 | 2 |\n"
    docx = DocxRenderer().render(context(report))
    found = tables(docx)
    assert len(found) == 4
    assert [[c["text"] for c in r] for r in grid_cells(found[0])] == [["项目", "数量"], ["培训", "2"]]
    assert found[0].find("w:tblPr/w:tblBorders/w:insideH", NS).get(w("val")) == "single"
    rows = grid_cells(found[2])
    assert rows[0][0]["span"] == 3 and vertical_extent(rows, 0, 0) == 3  # table three still formatted
    odt = OdtRenderer().render(context(report))
    with zipfile.ZipFile(io.BytesIO(odt)) as z:
        content = etree.fromstring(z.read("content.xml"))
    odf_tables = content.findall(".//table:table", ODF)
    assert len(odf_tables) == 4
    assert len(next(odf_tables[2].iter(f"{{{ODF['table']}}}table-row"))) == 10  # covered cells added


def test_pandoc_failure_is_a_render_failure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import pypandoc

    from disclosure_kit.renderers.office import RenderFailure

    monkeypatch.setattr(pypandoc, "get_pandoc_path", lambda: str(tmp_path / "no-such-pandoc"))
    with pytest.raises(RenderFailure, match="pandoc --to=docx could not run"):
        DocxRenderer().render(context(copy.deepcopy(fixture_report("2021"))))
    monkeypatch.setattr(pypandoc, "get_pandoc_path", lambda: shutil.which("false"))
    with pytest.raises(RenderFailure, match=r"pandoc --to=odt failed \(exit 1\)"):
        OdtRenderer().render(context(copy.deepcopy(fixture_report("2021"))))


def test_committed_reference_documents_match_the_build_script() -> None:
    """renderers/docx/reference.* are exactly what scripts/build_reference_docx.py makes (rebuild on change)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_reference_docx", ROOT / "scripts" / "build_reference_docx.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.build() == (ROOT / "renderers" / "docx" / "reference.docx").read_bytes()
    assert script.build_odt() == (ROOT / "renderers" / "docx" / "reference.odt").read_bytes()


# ----------------------------------------------------------------------------- closing block (落款)


def test_docx_closing_block_is_the_last_paragraph_right_aligned() -> None:
    body = part(rendered_docx("2021"), "word/document.xml").find("w:body", NS)
    last = body.findall("w:p", NS)[-1]
    assert last.find("w:pPr/w:pStyle", NS).get(w("val")) == "Closing"
    runs = [t.text for t in last.iter(w("t"))]
    assert runs == ["临州市交通运输局", "2024年1月26日"] and len(last.findall("w:r/w:br", NS)) == 1
    style = part(rendered_docx("2021"), "word/styles.xml").find("w:style[@w:styleId='Closing']", NS)
    assert style.find("w:pPr/w:jc", NS).get(w("val")) == "right"
    assert style.find("w:pPr/w:ind", NS).get(w("right")) == "640"  # two 三号 characters in
    assert style.find("w:pPr/w:spacing", NS).get(w("before")) == "560"  # one blank 28 pt line above


def test_odt_closing_block_is_the_last_paragraph_right_aligned() -> None:
    odt = OdtRenderer().render(context(copy.deepcopy(fixture_report("2019"))))
    with zipfile.ZipFile(io.BytesIO(odt)) as z:
        content = etree.fromstring(z.read("content.xml"))
        styles = etree.fromstring(z.read("styles.xml"))
    ns = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
          "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
          "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"}
    last = content.findall(".//text:p", ns)[-1]
    assert last.get(f"{{{ns['text']}}}style-name") == "Closing"
    assert "".join(last.itertext()) == "临州市自然资源和规划局2021年1月28日"
    assert last.find("text:line-break", ns) is not None
    props = styles.find(".//style:style[@style:name='Closing']/style:paragraph-properties", ns)
    assert props.get(f"{{{ns['fo']}}}text-align") == "end" and props.get(f"{{{ns['fo']}}}margin-right") == "32pt"

"""Render → publish → import: every table cell, the edition and the shown metadata come back.

Each report (the two bundled examples and an edge variation of each, see ``support``) is rendered
to DOCX and HTML, then published the ways agencies publish: the DOCX as is, the DOCX re-saved by
LibreOffice (an office suite rewrites the XML), a PDF made from that DOCX by LibreOffice, and a
PDF printed from the HTML page by headless Chromium. The blank national template (2021) filled in
with the same numbers goes the same way, except for Chromium. In the edge cases' PDFs, table
three runs over a page break with its header rows repeated, so they exercise the PDF reader's
stitching. Conversions run once per module (two LibreOffice processes, each for all
DOCX files, in parallel with Chromium).

The edge cases leave the first cell of table four's single, unlabelled data row (行政复议·结果维持)
blank: a row without a label keeps its leading blank cells in place (``importers/tokens.py``).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from disclosure_kit.check.findings import ERROR
from disclosure_kit.importers.run import Imported, import_path
from disclosure_kit.renderers.docx import DocxRenderer
from disclosure_kit.renderers.html import HtmlRenderer

from .support import (
    AGENCY,
    EDITIONS,
    LARGE,
    PARAGRAPH,
    TEMPLATE_2021,
    cells,
    checked,
    chromium_pdf,
    edge,
    example,
    fill_template,
    render,
    start_libreoffice,
    typed,
)

CASES = [(f"{kind}{ed}", ed, kind) for ed in EDITIONS for kind in ("example", "edge")]
FORMATS = ("docx", "libreoffice.docx", "libreoffice.pdf", "chromium.pdf")
# The blank national template (2021 only) filled in with the numbers: DOCX as filled, and its PDF.
TEMPLATES = [("template-example2021", "2021", "example"), ("template-edge2021", "2021", "edge")]
TEMPLATE_FORMATS = ("docx", "libreoffice.docx", "libreoffice.pdf")
PUBLISHED = [(name, ed, fmt) for name, ed, _ in CASES for fmt in FORMATS]
PUBLISHED += [(name, ed, fmt) for name, ed, _ in TEMPLATES for fmt in TEMPLATE_FORMATS]


@dataclass
class Published:
    name: str
    edition: str
    report: dict[str, Any]
    files: dict[str, Path]


def _files(base: Path, name: str) -> dict[str, Path]:
    return {
        "docx": base / f"{name}.docx",
        "libreoffice.docx": base / "lo-docx" / f"{name}.docx",
        "libreoffice.pdf": base / "lo" / f"{name}.pdf",
        "chromium.pdf": base / f"{name}.chromium.pdf",
    }


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Published]:
    base = tmp_path_factory.mktemp("roundtrip")
    out: dict[str, Published] = {}
    for name, edition, kind in CASES:
        data = example(edition) if kind == "example" else edge(edition)
        result = checked(data, f"{name}.yaml")
        files = _files(base, name)
        files["docx"].write_bytes(render(result, DocxRenderer()))
        (base / f"{name}.html").write_bytes(render(result, HtmlRenderer()))
        out[name] = Published(name, edition, data, files)
    for name, edition, kind in TEMPLATES:
        data = checked(example(edition) if kind == "example" else edge(edition), f"{name}.yaml").report
        assert data is not None
        # The title as the example has it, with the case's own agency.
        title = example(edition)["meta"]["title"].replace(example(edition)["meta"]["agency"], data["meta"]["agency"])
        files = _files(base, name)
        del files["chromium.pdf"]
        files["docx"].write_bytes(fill_template(TEMPLATE_2021, data, edition, title))
        out[name] = Published(name, edition, data, files)
    docx = [p.files["docx"] for p in out.values()]
    offices = [
        start_libreoffice(docx, base / "lo", base / "lo-profile"),
        start_libreoffice(docx, base / "lo-docx", base / "lo-docx-profile", "docx:MS Word 2007 XML"),
    ]
    try:
        for name, _, _ in CASES:
            chromium_pdf(base / f"{name}.html", out[name].files["chromium.pdf"], base / "chromium-profile")
    finally:
        errors = [office.communicate(timeout=300)[1] for office in offices]
    assert [office.returncode for office in offices] == [0, 0], errors
    assert all(path.is_file() for p in out.values() for path in p.files.values())
    return out


@pytest.fixture(scope="module")
def imported(published: dict[str, Published]) -> dict[tuple[str, str], Imported]:
    return {(name, fmt): import_path(published[name].files[fmt]) for name, _, fmt in PUBLISHED}


@pytest.mark.parametrize(("name", "edition", "fmt"), PUBLISHED)
def test_every_cell_comes_back(
    published: dict[str, Published], imported: dict[tuple[str, str], Imported], name: str, edition: str, fmt: str
) -> None:
    source = published[name]
    got = imported[(name, fmt)].result
    assert got.edition == edition
    assert got.report is not None
    assert got.report["x-import"]["edition"]["basis"] == "layout"
    want = cells(source.report, edition)
    back = cells(got.report, edition)
    assert back == want
    assert typed(back) == typed(want)
    # Nothing of the tables was set aside or left unread on the way.
    assert [f for f in got.findings if f.code.startswith("import.") and f.severity != "info"] == []
    assert got.report["x-import"].get("unplaced", []) == []


@pytest.mark.parametrize(("name", "edition", "fmt"), PUBLISHED)
def test_agency_and_year_come_back(
    published: dict[str, Published], imported: dict[tuple[str, str], Imported], name: str, edition: str, fmt: str
) -> None:
    meta = published[name].report["meta"]
    got = imported[(name, fmt)].result
    assert got.report is not None
    assert (got.report["meta"]["agency"], got.report["meta"]["year"]) == (meta["agency"], meta["year"])
    if meta["title"] is not None and not name.startswith("template"):  # else the renderer's or ours
        assert got.report["meta"]["title"] == meta["title"]
    if fmt == "chromium.pdf":  # only the HTML page shows the publication date
        assert got.report["meta"]["published"] == meta["published"]
    assert [f.code for f in got.findings if f.severity == ERROR and f.code.startswith(("schema.", "import."))] == []


def test_edge_cases_carry_what_they_claim(published: dict[str, Published]) -> None:
    """The variations are really there (so the round trip above really tests them)."""
    r19, r21 = published["edge2019"].report, published["edge2021"].report
    assert r19["meta"]["agency"] == r21["meta"]["agency"] == AGENCY
    assert r19["active_disclosure"]["article_20_5"]["licensing"]["change"] == -1036
    assert r19["active_disclosure"]["article_20_9"]["procurement"]["amount"] == {"value": 251000, "unit": "元"}
    assert r21["active_disclosure"]["article_20_8"]["fees"]["amount"] == 12486.5
    assert r21["applications"]["results"]["disclosed"]["natural_person"] is None
    assert r19["applications"]["results"]["disclosed"]["research_institution"] is None
    assert sum(v == LARGE for v in cells(r21, "2021").values()) >= 5
    assert r21["review_litigation"]["review"]["upheld"] is None  # see the module docstring
    assert r19["active_disclosure"]["article_20_1"]["regulations"]["new_made"] is None
    assert r21["active_disclosure"]["article_20_1"]["regulations"]["issued"] is None


@pytest.mark.parametrize("fmt", ["libreoffice.pdf", "chromium.pdf"])
@pytest.mark.parametrize("name", ["edge2019", "edge2021"])
def test_table_three_is_cut_by_a_page_break_with_its_header_repeated(
    published: dict[str, Published], imported: dict[tuple[str, str], Imported], name: str, fmt: str
) -> None:
    """The PDFs do what the stitching must undo: table three on two pages, its header printed twice."""
    pdf = published[name].files[fmt]
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    header = [n for n, text in enumerate(pages, start=1) if "申请人情况" in text]
    assert len(header) == 2 and header[1] == header[0] + 1
    provenance = imported[(name, fmt)].provenance
    rows = [p for p in provenance if p.startswith("/applications/")]
    assert {provenance[p]["origin"]["page"] for p in rows} == set(header)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["edge2019", "edge2021"])
def test_long_narrative_comes_back_paragraph_by_paragraph(
    imported: dict[tuple[str, str], Imported], name: str, fmt: str
) -> None:
    """Ten list items over four pages, each wrapped under its text (a hanging indent), then three
    plain paragraphs: each comes back whole, across page breaks and page numbers.

    LibreOffice does not print a 、 that falls at the end of a line (it is missing from the PDF's
    text and from its picture alike), so for that PDF the comparison ignores 、.
    """
    got = imported[(name, fmt)].result
    assert got.report is not None

    def plain(text: str) -> str:
        return text.replace("、", "") if fmt == "libreoffice.pdf" else text

    items = got.report["overview"].split("\n\n")
    assert len(items) == 10
    assert all(plain(item).endswith(plain(PARAGRAPH)) for item in items)
    assert [plain(p) for p in got.report["problems"].split("\n\n")] == [plain(PARAGRAPH)] * 3


@pytest.mark.parametrize(("name", "edition", "fmt"), [p for p in PUBLISHED if p[2].endswith(".pdf")])
def test_pdfium_and_pdfminer_rebuild_the_same_cells(
    published: dict[str, Published], name: str, edition: str, fmt: str
) -> None:
    """The importer's PDF reader (PDFium) against the reference one (pdfminer) on these PDFs."""
    from disclosure_kit.importers.model import SourceTable
    from disclosure_kit.importers.pdf import read_pdf

    def cells(engine: str) -> list[list[list[tuple[str, int, int, int | None]]]]:
        doc = read_pdf(published[name].files[fmt], engine=engine)
        return [[[(c.text, c.rowspan, c.colspan, c.origin.page) for c in row.cells] for row in item.rows]
                for item in doc.items if isinstance(item, SourceTable)]

    fast = cells("pdfium")
    assert len(fast) == 3
    assert fast == cells("pdfplumber")

"""The three corpus PDFs rasterised and read back by OCR: the cells of the text-layer import.

Each report is rasterised with ``pdftoppm -r 200`` and put back into an image-only PDF (JPEG, as
scanners write them) — generated here, never stored. Its import must give at least 98 % of the
table cells of the text-layer import, and no cell different: a cell OCR cannot read is blank,
with a finding on that page whose box holds the cell. The PNG pages, imported one by one, give
the numbers of the text layer's tables on that page, under the same rule.

This is the one full-accuracy OCR run of the suite (about two minutes on two cores).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from importers_pdf.engines import tables
from importers_pdf.helpers import PDFS, corpus_pdf
from PIL import Image

from disclosure_kit.importers.ocr import read_image
from disclosure_kit.importers.pdf import read_pdf
from disclosure_kit.importers.run import Imported, import_path
from disclosure_kit.model.editions import get_edition

NUMBER_CHARS = set("0123456789.")


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[Path]]]:
    """Each corpus PDF as an image-only PDF and as PNG pages."""
    out = {}
    for name in PDFS:
        folder = tmp_path_factory.mktemp(name)
        subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(corpus_pdf(name)), str(folder / "page")],
                       check=True)
        pngs = sorted(folder.glob("page-*.png"))
        pages = [Image.open(p).convert("L") for p in pngs]
        scan = folder / f"{name}.scan.pdf"
        pages[0].save(scan, "PDF", save_all=True, append_images=pages[1:], resolution=200)
        out[name] = (scan, pngs)
    return out


def _value(report: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = report
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _inside(box: Any, outer: Any) -> bool:
    return outer[0] - 1 <= box[0] and box[2] <= outer[2] + 1 and outer[1] - 1 <= box[1] and box[3] <= outer[3] + 1


@pytest.fixture(scope="module")
def imports(scans: dict[str, tuple[Path, list[Path]]]) -> dict[str, tuple[Imported, Imported]]:
    return {name: (import_path(corpus_pdf(name)), import_path(scans[name][0])) for name in PDFS}


@pytest.mark.parametrize("name", PDFS)
def test_scanned_report_gives_the_text_layer_cells(name: str, imports: dict[str, tuple[Imported, Imported]]) -> None:
    text, scan = imports[name]
    assert text.result.report is not None and scan.result.report is not None
    assert scan.result.edition == text.result.edition
    edition = get_edition(text.result.edition)
    equal, blank, different = [], [], []
    for cell in edition.cells:
        want, got = _value(text.result.report, cell.path), _value(scan.result.report, cell.path)
        (equal if got == want else blank if got is None else different).append(cell)
    assert different == [], [(c.pointer, _value(scan.result.report, c.path)) for c in different]
    assert len(equal) / len(edition.cells) >= 0.98, [c.pointer for c in blank]
    # every cell left blank is a finding of OCR on its page, whose box holds the printed value
    unread = [f for f in scan.result.findings if f.code == "import.ocr_cell_unread"]
    for cell in blank:
        origin = text.provenance[cell.pointer]["origin"]
        assert any(f.params["page"] == origin["page"] and _inside(origin["bbox"], f.params["bbox"]) for f in unread), \
            cell.pointer
    pages = {f.code: f.params for f in scan.result.findings}["import.page_ocr"]
    assert pages == {"pages": "1-6" if name == "huaian-shi-2024" else "1-5"}


@pytest.mark.parametrize("name", PDFS)
def test_png_pages_give_the_text_layer_numbers(name: str, scans: dict[str, tuple[Path, list[Path]]]) -> None:
    reference = read_pdf(corpus_pdf(name))
    by_page: dict[int, list[str]] = {}
    for table in tables(reference):
        for row in table:
            for text, _, _, page in row:
                if text and set(text) <= NUMBER_CHARS and page is not None:
                    by_page.setdefault(page, []).append(text)
    total = agree = 0
    for number, png in enumerate(scans[name][1], start=1):
        if number not in by_page:
            continue
        doc = read_image(png)
        got = [t for table in tables(doc) for row in table for t, _, _, _ in row if t and set(t) <= NUMBER_CHARS]
        want = by_page[number]
        unread = [r for r in doc.remarks if r.code == "import.ocr_cell_unread"]
        # page by page, the numbers read are the printed ones in order, less those reported unread
        assert _subsequence(got, want), (number, got, want)
        assert len(want) - len(got) <= len(unread), (number, len(want), len(got))
        total += len(want)
        agree += len(got)
    assert agree / total >= 0.98, (agree, total)


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(x == y for y in it) for x in short)


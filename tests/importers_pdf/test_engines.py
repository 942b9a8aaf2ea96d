"""PDFium (the importer's reader) rebuilds exactly the cells that pdfminer (the reference) does.

The round-trip PDFs (LibreOffice, Chromium) are compared in ``tests/roundtrip``; here the corpus
reports and the import cases. Text blocks are identical too on these files; the boxes agree to a
hundredth of a point (PDFium keeps coordinates as 32-bit floats).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_kit.importers.pdf import read_pdf

from .engines import blocks, box_gap, tables
from .helpers import CORPUS, PDFS, corpus_pdf

CASES = CORPUS.parent / "import-cases"


@pytest.mark.parametrize("name", PDFS)
def test_corpus_cells_blocks_and_boxes_are_identical(name: str) -> None:
    fast, reference = read_pdf(corpus_pdf(name)), read_pdf(corpus_pdf(name), engine="pdfplumber")
    assert tables(fast) == tables(reference)
    assert len(tables(fast)) == 3
    assert blocks(fast) == blocks(reference)
    assert box_gap(fast, reference) < 0.02


@pytest.mark.parametrize("name", ["r6b-table3-cut-libreoffice.pdf", "r11-image-page.pdf"])
def test_import_case_cells_are_identical(name: str) -> None:
    fast = read_pdf(CASES / name, ocr=False)
    reference = read_pdf(CASES / name, engine="pdfplumber")
    assert tables(fast) == tables(reference)
    assert blocks(fast) == blocks(reference)


def test_rotated_page_reads_as_displayed(tmp_path: Path) -> None:
    """A page with /Rotate 90 is read in its displayed frame, as pdfminer does."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(corpus_pdf("hongze-qu-2024")))
    for page in document:
        page.set_rotation(90)
    rotated = tmp_path / "rotated.pdf"
    document.save(rotated)
    fast, reference = read_pdf(rotated), read_pdf(rotated, engine="pdfplumber")
    assert tables(fast) == tables(reference)
    assert blocks(fast) == blocks(reference)

"""Test helpers: the corpus, a cached read of each PDF, and a plain grid view of a SourceTable.

The grid view expands row and column spans the way a browser lays out an HTML table, so a test
can ask "which cell covers row r, column c" and "what header stands above column c" without any
of the reader's own code.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from disclosure_kit.importers.model import SourceBlock, SourceCell, SourceDocument, SourceTable
from disclosure_kit.importers.pdf import read_pdf

HERE = Path(__file__).resolve().parent
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
PDFS = ("hongze-qu-2023", "hongze-qu-2024", "huaian-shi-2024")
NUMBER = re.compile(r"^\d+(\.\d+)?$")
ENUMERATOR = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+[.、])")


def corpus_pdf(name: str) -> Path:
    path = CORPUS / f"{name}.pdf"
    if not path.is_file():
        raise FileNotFoundError(f"corpus file missing: {path} (shared/ must sit beside the checkout)")
    return path


@cache
def document(name: str) -> SourceDocument:
    return read_pdf(corpus_pdf(name))


def expected(name: str) -> dict[str, int | float]:
    return json.loads((HERE / "expected" / f"{name}.json").read_text(encoding="utf-8"))


def tables(doc: SourceDocument) -> list[SourceTable]:
    return [it for it in doc.items if isinstance(it, SourceTable)]


def blocks(doc: SourceDocument) -> list[SourceBlock]:
    return [it for it in doc.items if isinstance(it, SourceBlock)]


def grid(table: SourceTable) -> list[list[SourceCell | None]]:
    """Rows x columns, each position holding the cell that covers it (spans expanded)."""
    out: list[list[SourceCell | None]] = []
    for r, row in enumerate(table.rows):
        while len(out) <= r:
            out.append([])
        c = 0
        for cell in row.cells:
            while c < len(out[r]) and out[r][c] is not None:
                c += 1
            for rr in range(r, r + cell.rowspan):
                while len(out) <= rr:
                    out.append([])
                for cc in range(c, c + cell.colspan):
                    while len(out[rr]) <= cc:
                        out[rr].append(None)
                    out[rr][cc] = cell
            c += cell.colspan
    return out


def data_rows(table: SourceTable) -> list[tuple[str, list[SourceCell]]]:
    """Rows that hold numbers: (the label of the innermost label cell, the number cells in order)."""
    g = grid(table)
    out = []
    for r, row in enumerate(g):
        numbers = [
            cell
            for c, cell in enumerate(row)
            if cell is not None and NUMBER.match(cell.text) and (c == 0 or row[c - 1] is not cell)
        ]
        labels = [cell for cell in row if cell is not None and cell.text and not NUMBER.match(cell.text)]
        if numbers:
            out.append((labels[-1].text if labels else "", numbers))
        del r
    return out


def label_key(text: str) -> str:
    """A label without its numbering (1. / 1、 / （一） / 一、) for comparing with the official one."""
    return ENUMERATOR.sub("", text)

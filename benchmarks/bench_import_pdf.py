"""Read the corpus PDFs with the PDF importer and, in the same run, with two baselines.

    .venv/bin/python benchmarks/bench_import_pdf.py [--rounds 3] [--corpus DIR]

Times, over the same files (default: the three PDFs of ../shared/corpus):
  * ``read_pdf`` — the importer: text layer, ruling lines, tables rebuilt and stitched, paragraphs;
  * ``pdftotext -layout`` (poppler, C) — text only, no table structure: the speed floor;
  * pdfplumber ``page.extract_text()`` — the same parser as the importer, text only.
Prints pages per second and reports per second for each (best of the rounds), and the share of the
importer's time spent in pdfminer's own parsing versus the table rebuilding.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from disclosure_kit.importers.pdf import document_from_layers, read_pdf  # noqa: E402
from disclosure_kit.importers.pdf_plumber import page_layers  # noqa: E402

NAMES = ("hongze-qu-2023", "hongze-qu-2024", "huaian-shi-2024")


def _best(rounds: int, run: Callable[[], None]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    files = [args.corpus / f"{n}.pdf" for n in NAMES]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        sys.exit(f"missing corpus files: {missing}")

    import pdfplumber

    pages = 0
    for f in files:
        with pdfplumber.open(f) as pdf:
            pages += len(pdf.pages)

    def importer() -> None:
        for f in files:
            read_pdf(f)

    def layers_only() -> None:
        for f in files:
            for _ in page_layers(f):
                pass

    cached = {f: list(page_layers(f)) for f in files}

    def rebuild_only() -> None:
        for f in files:
            document_from_layers(f.name, cached[f])

    def plumber_text() -> None:
        for f in files:
            with pdfplumber.open(f) as pdf:
                for page in pdf.pages:
                    page.extract_text()

    rows: list[tuple[str, float]] = [("disclosure-kit read_pdf (tables + text)", _best(args.rounds, importer))]
    if shutil.which("pdftotext"):

        def poppler() -> None:
            for f in files:
                subprocess.run(["pdftotext", "-layout", str(f), "-"], check=True, capture_output=True)

        rows.append(("baseline: pdftotext -layout (poppler, text only)", _best(args.rounds, poppler)))
    rows.append(("baseline: pdfplumber extract_text (text only)", _best(args.rounds, plumber_text)))
    parse = _best(args.rounds, layers_only)
    rebuild = _best(args.rounds, rebuild_only)

    print(f"{len(files)} reports, {pages} pages, best of {args.rounds} rounds")
    print(f"{'':52} {'seconds':>8} {'pages/s':>9} {'reports/s':>10}")
    for label, seconds in rows:
        print(f"{label:52} {seconds:8.3f} {pages / seconds:9.1f} {len(files) / seconds:10.2f}")
    print(
        f"importer split: pdfminer parsing {parse:.3f} s, table and text rebuilding {rebuild:.3f} s "
        f"({rebuild / (parse + rebuild):.1%} of the total)"
    )


if __name__ == "__main__":
    main()

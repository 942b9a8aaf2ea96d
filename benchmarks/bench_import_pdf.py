"""PDF reading speed: PDFium (the importer) against pdfminer (the old reader) and pdftotext.

    .venv/bin/python benchmarks/bench_import_pdf.py [--rounds 3] [--no-roundtrip] [--ocr]

Files: the three corpus PDFs, and the round-trip PDFs (the bundled examples and their edge
variants rendered to PDF by LibreOffice and by Chromium, made in a temporary folder first). For
each set, in the same run (so the machine's load weighs on all alike), best of the rounds:

  * ``read_pdf``              — the importer: PDFium text layer and borders, tables, paragraphs;
  * ``read_pdf pdfplumber``   — the same stages on pdfminer's parse: the reader before PDFium;
  * ``pdftotext -layout``     — poppler (C), text only, no table structure: the speed floor;
  * with ``--baseline-src DIR``: ``read_pdf`` of another checkout (``git archive main | tar -x -C
    DIR``), in a subprocess, on the same files: today's reader, stages and all.

It asserts that both readers rebuild identical table cells (text, spans, page) on every file,
and prints the machine's load average next to the figures. ``--ocr`` also times OCR of the
corpus rasterised at 200 dpi (pages per second).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from importers_pdf.engines import tables  # noqa: E402

from disclosure_kit.importers.pdf import read_pdf  # noqa: E402

NAMES = ("hongze-qu-2023", "hongze-qu-2024", "huaian-shi-2024")


def _best(rounds: int, run: Callable[[], None]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def _pages(files: list[Path]) -> int:
    import pypdfium2

    return sum(len(pypdfium2.PdfDocument(str(f))) for f in files)


def roundtrip_pdfs(folder: Path) -> list[Path]:
    """The examples and edge cases rendered to PDF by LibreOffice and Chromium (as the round-trip tests do)."""
    from roundtrip.support import checked, chromium_pdf, edge, example, render, start_libreoffice

    from disclosure_kit.renderers.docx import DocxRenderer
    from disclosure_kit.renderers.html import HtmlRenderer

    docx: list[Path] = []
    out: list[Path] = []
    for edition in ("2019", "2021"):
        for kind, data in (("example", example(edition)), ("edge", edge(edition))):
            name = f"{kind}{edition}"
            result = checked(data, f"{name}.yaml")
            (folder / f"{name}.docx").write_bytes(render(result, DocxRenderer()))
            (folder / f"{name}.html").write_bytes(render(result, HtmlRenderer()))
            docx.append(folder / f"{name}.docx")
            chromium_pdf(folder / f"{name}.html", folder / f"{name}.chromium.pdf", folder / "chromium-profile")
            out.append(folder / f"{name}.chromium.pdf")
    office = start_libreoffice(docx, folder / "lo", folder / "lo-profile")
    office.communicate(timeout=600)
    return out + sorted((folder / "lo").glob("*.pdf"))


BASELINE = """
import sys, time
from pathlib import Path
from disclosure_kit.importers.pdf import read_pdf
files = [Path(f) for f in sys.argv[2:]]
times = []
for _ in range(int(sys.argv[1])):
    start = time.perf_counter()
    for f in files:
        read_pdf(f)
    times.append(time.perf_counter() - start)
print(min(times))
"""


def baseline(src: Path, files: list[Path], rounds: int) -> float:
    """Best time of ``read_pdf`` from another checkout's ``src`` over the files (a subprocess)."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run([sys.executable, "-c", BASELINE, str(rounds), *map(str, files)], env=env, check=True,
                          capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


def measure(label: str, files: list[Path], rounds: int, baseline_src: Path | None = None) -> None:
    different = [f.name for f in files if tables(read_pdf(f)) != tables(read_pdf(f, engine="pdfplumber"))]
    assert not different, f"the readers disagree on {different}"
    pages = _pages(files)
    rows = [
        ("read_pdf (PDFium)", _best(rounds, lambda: [read_pdf(f) for f in files])),
        ("read_pdf engine=pdfplumber (before)",
         _best(rounds, lambda: [read_pdf(f, engine="pdfplumber") for f in files])),
    ]
    if baseline_src is not None:
        rows.append((f"read_pdf of {baseline_src.parent.name} (today)", baseline(baseline_src, files, rounds)))
    if shutil.which("pdftotext"):
        poppler = lambda: [subprocess.run(["pdftotext", "-layout", str(f), "-"], check=True, capture_output=True)  # noqa: E731
                           for f in files]
        rows.append(("pdftotext -layout (text only)", _best(rounds, poppler)))
    print(f"\n{label}: {len(files)} files, {pages} pages, identical cells in both readers, best of {rounds}")
    print(f"{'':40} {'seconds':>8} {'pages/s':>9}")
    for name, seconds in rows:
        print(f"{name:40} {seconds:8.3f} {pages / seconds:9.1f}")
    for name, seconds in rows[1:]:
        if name.startswith("read_pdf"):
            print(f"PDFium is {seconds / rows[0][1]:.1f}× {name}")


def measure_ocr(corpus: Path, folder: Path) -> None:
    from PIL import Image

    for name in NAMES:
        subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(corpus / f"{name}.pdf"), str(folder / name)],
                       check=True)
        pages = [Image.open(p).convert("L") for p in sorted(folder.glob(f"{name}-*.png"))]
        scan = folder / f"{name}.scan.pdf"
        pages[0].save(scan, "PDF", save_all=True, append_images=pages[1:], resolution=200)
        start = time.perf_counter()
        read_pdf(scan)
        seconds = time.perf_counter() - start
        print(f"OCR {name}: {len(pages)} pages in {seconds:.1f} s, {len(pages) / seconds:.2f} pages/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--no-roundtrip", action="store_true", help="only the corpus PDFs")
    parser.add_argument("--ocr", action="store_true", help="also time OCR of the rasterised corpus")
    parser.add_argument("--baseline-src", type=Path, help="the src/ folder of another checkout to time too")
    args = parser.parse_args()
    files = [args.corpus / f"{n}.pdf" for n in NAMES]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        sys.exit(f"missing corpus files: {missing}")
    print(f"load average (1, 5, 15 min): {' '.join(f'{v:.2f}' for v in os.getloadavg())} on {os.cpu_count()} cores")
    measure("corpus", files, args.rounds, args.baseline_src)
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_roundtrip:
            measure("round-trip PDFs (LibreOffice, Chromium)", roundtrip_pdfs(Path(tmp)), args.rounds,
                    args.baseline_src)
        if args.ocr:
            measure_ocr(args.corpus, Path(tmp))
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()

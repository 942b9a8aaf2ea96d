"""Imported reports per second, per input kind, with baselines measured in the same run.

    .venv/bin/python benchmarks/bench_import.py [--seconds 2]

For each kind of source in the corpus (HTML page, OCR text, Markdown extraction, flattened text
excerpts, DOCX) it times, in one process, repeated over about ``--seconds`` each:
  * the whole import of one file: read + assemble (labels, edition, placement, provenance) +
    validation of the imported report (``import_path``);
  * baseline 1: the reader alone (parse the file into a SourceDocument), i.e. the cost any tool
    pays to read the file at all;
  * baseline 2: validating the imported report alone (``check_data``), i.e. what ``validate``
    pays per report.
Prints reports per second and milliseconds per report for each.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from disclosure_kit.check.pipeline import check_data
from disclosure_kit.importers.run import import_path, read_source

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
KINDS: dict[str, list[str]] = {
    "html (captured page)": ["shuyang-fagaiju-2023.html"],
    "text (OCR, Markdown-like)": ["shuyang-xianzhengfu-2025-ocr.txt"],
    "markdown (PDF extraction)": ["shanghai-kewei-2024.md", "shanghai-bangongting-2025.md"],
    "text (flattened excerpts)": [f"excerpts/{p.name}" for p in sorted((CORPUS / "excerpts").glob("*.txt"))],
    "docx (template)": ["template-2021-blank.docx"],
}


def rate(fn: Callable[[], object], items: int, seconds: float) -> tuple[float, float]:
    """(reports per second, ms per report) of ``fn``, which handles ``items`` reports per call."""
    fn()  # warm caches (schema, OpenCC, compiled validators)
    calls = 0
    start = time.perf_counter()
    while True:
        fn()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    per_second = calls * items / elapsed
    return per_second, 1000.0 / per_second


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"corpus not found at {CORPUS}")
    print(f"{'kind':28} {'files':>5} {'import/s':>10} {'ms':>7} | {'read only/s':>11} {'ms':>7} "
          f"| {'validate only/s':>15} {'ms':>7}")
    for kind, names in KINDS.items():
        paths = [CORPUS / n for n in names]
        reports = [import_path(p).result.report for p in paths]

        def full(paths: list[Path] = paths) -> None:
            for p in paths:
                import_path(p)

        def read(paths: list[Path] = paths) -> None:
            for p in paths:
                read_source(p)

        def validate(reports: list = reports) -> None:  # type: ignore[type-arg]
            for r in reports:
                check_data(r, "bench")

        f_rate, f_ms = rate(full, len(paths), args.seconds)
        r_rate, r_ms = rate(read, len(paths), args.seconds)
        v_rate, v_ms = rate(validate, len(paths), args.seconds)
        print(f"{kind:28} {len(paths):>5} {f_rate:>10.1f} {f_ms:>7.2f} | {r_rate:>11.1f} {r_ms:>7.2f} "
              f"| {v_rate:>15.1f} {v_ms:>7.2f}")


if __name__ == "__main__":
    main()

"""Imported reports per second, per input kind: this code beside a baseline revision, in one run.

    .venv/bin/python benchmarks/bench_import.py [--seconds 2] [--baseline REV]

For each kind of source (an HTML page, OCR text, Markdown extractions, flattened text excerpts, a
DOCX, the small generalisation sources) it times the whole import of each file: read + the stages
(tokens, tables, matching, placing, metadata) + validation of the imported report (``import_path``).

The baseline is another revision of the package (by default the last one before the importer was
cut into stages), taken with ``git archive`` into a temporary folder and run from there. Both are
timed in child processes, in ``--rounds`` alternating rounds for each kind so that the load of the
machine falls on both alike; each round counts the CPU time of its process (not the wall time, which
on a shared machine includes waiting for a core), and the best round of each is printed side by side
with the ratio. For this code it also prints the time of each stage (in process, milliseconds per
report, CPU time too).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
GENERALISE = ROOT / "tests" / "importers" / "generalise"
CASES = ROOT / "tests" / "importers" / "cases"
BASELINE = "263abba"  # the last revision before the rework of the importer into stages
KINDS: dict[str, list[Path]] = {
    "html (captured page)": [CORPUS / "shuyang-fagaiju-2023.html"],
    "text (OCR, Markdown-like)": [CORPUS / "shuyang-xianzhengfu-2025-ocr.txt"],
    "markdown (PDF extraction)": [CORPUS / "shanghai-kewei-2024.md", CORPUS / "shanghai-bangongting-2025.md"],
    "text (flattened excerpts)": sorted((CORPUS / "excerpts").glob("*.txt")),
    "docx (template)": [CORPUS / "template-2021-blank.docx"],
    "small sources (cases, a-h)": sorted(p for p in [*CASES.glob("*.txt"), *GENERALISE.glob("[a-h]-*")]
                                         if p.suffix in (".txt", ".md", ".html")),
}


def rate(fn: Callable[[], object], items: int, seconds: float) -> tuple[float, float]:
    """(reports per CPU second, CPU ms per report) of ``fn``, which handles ``items`` reports per call.

    CPU time of this process, not wall time: on a machine shared with other work, waiting for a core
    is not the import's cost (the round still lasts ``seconds`` of wall time)."""
    fn()  # warm caches (schema, OpenCC, compiled validators)
    calls = 0
    start, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        fn()
        calls += 1
    per_second = calls * items / (time.process_time() - cpu)
    return per_second, 1000.0 / per_second


def worker(kind: str, seconds: float) -> None:
    """In a child: time the import of one kind with whatever ``disclosure_kit`` is on the path."""
    from disclosure_kit.importers.run import import_path

    paths = KINDS[kind]

    def full() -> None:
        for p in paths:
            import_path(p)

    print(json.dumps(rate(full, len(paths), seconds)))


def child(kind: str, seconds: float, src: Path) -> tuple[float, float]:
    """One timed round in a fresh process importing ``disclosure_kit`` from ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, __file__, "--worker", kind, "--seconds", str(seconds)],
                         env=env, capture_output=True, text=True, check=True, timeout=600)
    per_second, ms = json.loads(out.stdout.strip().splitlines()[-1])
    return per_second, ms


def extract(revision: str, into: Path) -> Path:
    """The package of ``revision`` (with its schema/ and renderers/) unpacked under ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", revision, "src", "schema",
                              "renderers"], capture_output=True, check=True).stdout
    tar = into / "baseline.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as t:
        t.extractall(into, filter="data")
    return into / "src"


def stages(paths: list[Path], passes: int = 3) -> dict[str, float]:
    """Milliseconds per report spent in each stage of this code (best of ``passes``, caches warm)."""
    from disclosure_kit.importers.assemble import assemble
    from disclosure_kit.importers.run import read_source

    names = ("read", "tokens", "tables", "matching", "assemble (all stages)", "validate")
    for p in paths:
        assemble(read_source(p))  # warm
    best = dict.fromkeys(names, float("inf"))
    for _ in range(passes):
        spent = _one_pass(paths, names)
        best = {n: min(best[n], spent[n]) for n in names}
    return best


def _one_pass(paths: list[Path], names: tuple[str, ...]) -> dict[str, float]:
    from disclosure_kit.check.pipeline import check_data
    from disclosure_kit.importers.assemble import assemble
    from disclosure_kit.importers.matching import match_labels
    from disclosure_kit.importers.run import read_source
    from disclosure_kit.importers.tables import find_tables
    from disclosure_kit.importers.tokens import tokenize

    spent = dict.fromkeys(names, 0.0)
    clock = time.process_time
    for p in paths:
        t0 = clock()
        doc = read_source(p)
        t1 = clock()
        stream = tokenize(doc)
        t2 = clock()
        layout = find_tables(stream)
        t3 = clock()
        match_labels(layout)
        t4 = clock()
        result = assemble(doc)
        t5 = clock()
        check_data(result.report, "bench")
        t6 = clock()
        for name, d in zip(spent, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5), strict=True):
            spent[name] += d * 1000 / len(paths)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="length of one round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline", default=BASELINE, help="git revision to compare with")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.seconds)
        return
    if not CORPUS.is_dir():
        raise SystemExit(f"corpus not found at {CORPUS}")
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1/5/15 min)")
    print("reports per CPU second and CPU ms per report, best of the rounds")
    print(f"{'kind':28} {'files':>5} | {'this import/s':>13} {'ms':>7} | {args.baseline + ' import/s':>16} "
          f"{'ms':>7} | {'ratio':>5}")
    with tempfile.TemporaryDirectory() as tmp:
        base_src = extract(args.baseline, Path(tmp))
        for kind, paths in KINDS.items():
            rounds = [(child(kind, args.seconds, ROOT / "src"), child(kind, args.seconds, base_src))
                      for _ in range(args.rounds)]
            now = max((r[0] for r in rounds), key=lambda r: r[0])
            then = max((r[1] for r in rounds), key=lambda r: r[0])
            print(f"{kind:28} {len(paths):>5} | {now[0]:>13.1f} {now[1]:>7.2f} | {then[0]:>16.1f} {then[1]:>7.2f} "
                  f"| {now[0] / then[0]:>5.2f}")
    print("\nthis code, ms per report in each stage (in process, best of three passes):")
    names = list(stages(KINDS["html (captured page)"]))
    print(f"{'kind':28} " + " ".join(f"{n[:12]:>12}" for n in names))
    for kind, paths in KINDS.items():
        spent = stages(paths)
        print(f"{kind:28} " + " ".join(f"{spent[n]:>12.2f}" for n in names))


if __name__ == "__main__":
    main()

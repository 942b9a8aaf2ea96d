"""What choosing the declared schema version costs per report, next to the whole check, in one run.

    .venv/bin/python benchmarks/bench_versions.py [--reports 20000]

Times, on the 2021 example already loaded (no file reading: the cost measured is the pipeline's):
  * ``select_edition`` alone (the declared version, its lookup and the newer-version note);
  * ``check_edition`` on the edition directly: the check before versions existed (the baseline);
  * ``check_data``: the whole check as ``validate`` runs it, version selection included;
  * start-up: ``disclosure-kit validate`` on one file, median of 7 runs (process start, imports,
    manifest and one edition built).
Prints microseconds per report and the share of the check that the version selection takes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "fixtures" / "examples" / "2021.yaml"


def per_call(fn, n: int) -> float:
    """Microseconds per call, best of three rounds of ``n`` calls."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, time.perf_counter() - start)
    return best / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=20000)
    n = parser.parse_args().reports
    from disclosure_kit.check.pipeline import check_data, check_edition
    from disclosure_kit.check.versions import select_edition
    from disclosure_kit.model.editions import get_edition

    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    edition = get_edition("2021", data["schema_version"])
    check_data(data, "x.yaml")  # warm: editions built, validators compiled
    select = per_call(lambda: select_edition(data, "2021", "x.yaml"), n)
    baseline = per_call(lambda: check_edition(edition, data, "x.yaml"), max(1, n // 10))
    whole = per_call(lambda: check_data(data, "x.yaml"), max(1, n // 10))
    exe = Path(sys.executable).with_name("disclosure-kit")
    runs = []
    for _ in range(7):
        start = time.perf_counter()
        subprocess.run([str(exe), "validate", str(EXAMPLE)], capture_output=True, check=True)
        runs.append(time.perf_counter() - start)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"select_edition (declared version)     {select:8.2f} µs/report")
    print(f"check_edition, no selection (baseline) {baseline:8.2f} µs/report")
    print(f"check_data, as validate runs it        {whole:8.2f} µs/report")
    print(f"version selection share of the check   {100 * select / whole:8.2f} %")
    print(f"validate one file, start-up included   {1000 * statistics.median(runs):8.1f} ms (median of 7)")


if __name__ == "__main__":
    main()

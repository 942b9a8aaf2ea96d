"""Benchmark ``disclosure-kit dataset`` at several sizes, with check-jsonschema as the baseline.

    python benchmarks/bench_dataset.py [--sizes 10000 100000] [--jobs 1 2] [--work DIR]

For each size N it generates N synthetic reports (``generate_reports.py``, JSON only, seed 1),
then, in the same run:

* ``disclosure-kit dataset DIR -o OUT --jobs J`` for each J: wall time, reports per second, the
  peak RSS of the largest single process and the peak of the summed RSS of the whole process tree
  (main + workers, sampled every 50 ms with psutil), and whether the findings are exactly the
  injected ones;
* the baseline: ``check-jsonschema --schemafile schema/<edition>/report.schema.json`` over the
  same files (batches of 4,000 paths per call, because of the command-line length limit), which
  only checks the schema: no identities, no cross-report checks, no output files. It runs at
  about 30 files per second here, so at most ``--baseline-max`` files (default 10,000, the first in
  sorted order) are given to it; its row states how many it checked.

Prints one table, then the figures as one JSON line. Outputs are deleted after each run (100,000
reports make about 20 GB of observations).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_reports import generate  # noqa: E402

BATCH = 4000


def measure(cmd: list[str]) -> dict[str, Any]:
    """Run a command; wall time, exit code, peak RSS of the largest process and of the tree (MiB)."""
    start = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_tree = peak_one = 0
    while proc.poll() is None:
        try:
            procs = [proc, *proc.children(recursive=True)]
            rss = []
            for p in procs:
                with contextlib.suppress(psutil.Error):  # a worker may exit between the two calls
                    rss.append(p.memory_info().rss)
            peak_tree = max(peak_tree, sum(rss))
            peak_one = max(peak_one, max(rss, default=0))
        except psutil.Error:
            pass
        time.sleep(0.05)
    wall = time.perf_counter() - start
    return {"wall": wall, "rc": proc.returncode, "peak_one_mib": peak_one / 2**20, "peak_tree_mib": peak_tree / 2**20}


def run_dataset(reports: Path, out: Path, jobs: int, manifest: dict[str, Any]) -> dict[str, Any]:
    shutil.rmtree(out, ignore_errors=True)
    figures = measure([str(BIN / "disclosure-kit"), "dataset", str(reports), "-o", str(out), "--jobs", str(jobs),
                       "--no-progress"])
    found = json.loads((out / "findings.json").read_text("utf-8"))
    got = sorted((f["file"], f["code"], f["pointer"]) for f in found)
    expected = sorted((e["file"], e["code"], e["pointer"]) for e in manifest["expected_findings"])
    figures["exact"] = got == expected
    figures["findings"] = len(got)
    figures["output_gib"] = sum(p.stat().st_size for p in out.iterdir()) / 2**30
    shutil.rmtree(out, ignore_errors=True)
    return figures


def run_baseline(reports: Path, limit: int) -> dict[str, Any]:
    """check-jsonschema over the first ``limit`` files, each against its edition's schema (by year)."""
    by_edition: dict[str, list[str]] = {"2019": [], "2021": []}
    for path in sorted(reports.rglob("*.json"))[:limit]:
        year = int(path.stem.split("-")[1][:4])
        by_edition["2019" if year <= 2020 else "2021"].append(str(path))
    wall = 0.0
    peak = 0.0
    for edition, files in by_edition.items():
        schema = ROOT / "schema" / edition / "report.schema.json"
        for start in range(0, len(files), BATCH):
            figures = measure([str(BIN / "check-jsonschema"), "--schemafile", str(schema),
                               *files[start:start + BATCH]])
            wall += figures["wall"]
            peak = max(peak, figures["peak_one_mib"])
    return {"wall": wall, "peak_one_mib": peak, "files": sum(len(f) for f in by_edition.values())}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--work", type=Path, default=None, help="folder for reports and outputs (default: a temp dir)")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--baseline-max", type=int, default=10000,
                        help="check-jsonschema on at most this many of the files (it runs at ~30 files/s)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="dk-bench-"))
    rows: list[dict[str, Any]] = []
    for n in args.sizes:
        gen = work / f"n{n}"
        manifest_path = gen / "manifest.json"
        if manifest_path.exists() and json.loads(manifest_path.read_text())["n"] == n:
            manifest = json.loads(manifest_path.read_text())
        else:
            shutil.rmtree(gen, ignore_errors=True)
            t = time.perf_counter()
            manifest = generate(n, gen, seed=1, error_rate=0.05, yaml_share=0.0)
            print(f"generated {manifest['files']} files in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        files = manifest["files"]
        for jobs in args.jobs:
            fig = run_dataset(gen / "reports", work / f"out{n}", jobs, manifest)
            rows.append({"n": files, "tool": f"dataset --jobs {jobs}", **fig, "per_s": files / fig["wall"]})
            print(rows[-1], file=sys.stderr)
        if not args.no_baseline:
            base = run_baseline(gen / "reports", args.baseline_max)
            rows.append({"n": base["files"], "tool": "check-jsonschema (baseline)", **base,
                         "per_s": base["files"] / base["wall"]})
            print(rows[-1], file=sys.stderr)
    print(f"{'reports':>8} {'tool':<30} {'wall s':>8} {'reports/s':>10} {'peak MiB (1 proc)':>18} "
          f"{'peak MiB (tree)':>16} {'exact':>6}")
    for r in rows:
        print(f"{r['n']:>8} {r['tool']:<30} {r['wall']:>8.1f} {r['per_s']:>10.0f} {r['peak_one_mib']:>18.1f} "
              f"{r.get('peak_tree_mib', float('nan')):>16.1f} {r.get('exact', ''):>6}")
    print(json.dumps({"cpus": os.cpu_count(), "load_avg": os.getloadavg(), "rows": rows}))


if __name__ == "__main__":
    main()

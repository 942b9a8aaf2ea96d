"""Benchmark ``disclosure-kit dataset`` per output kind, with ``validate`` alone as the baseline.

    python benchmarks/bench_dataset.py [--sizes 10000 100000] [--jobs 1 2] [--to csv jsonl parquet] [--work DIR]

For each size N it generates N synthetic reports (``generate_reports.py``, JSON only, seed 1, 5 % of
agencies with one injected error), then, in the same run and on the same files:

* the baseline: ``disclosure-kit validate DIR`` (checking only: no output files, no cross-report
  checks);
* ``disclosure-kit dataset DIR -o OUT --to KIND --jobs J`` for each output kind and each J.

For every run it measures the wall time, the CPU time of the whole process tree (user + system,
from ``wait4``: the workers are reaped by the main process, so their time is included), reports
per second of wall time and per CPU-second (the fair figure on a machine shared with other jobs),
the CPU time of the main process alone (does it keep up with its workers?), the size of the
observations file and of the whole package per report, the peak of the summed RSS
of the process tree (sampled every 50 ms with psutil) and whether the findings are exactly the
injected ones. The load average is printed beside each run. Outputs are deleted after each run.
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

BIN = Path(sys.executable).parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_reports import generate  # noqa: E402


def measure(cmd: list[str]) -> dict[str, Any]:
    """Run a command: wall and CPU seconds (whole tree), exit code, peak RSS of the tree (MiB)."""
    load = os.getloadavg()[0]
    start = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    main_cpu = 0.0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        with contextlib.suppress(psutil.Error):
            times = proc.cpu_times()
            main_cpu = times.user + times.system  # the main process alone (last sample before exit)
            rss = 0
            for p in [proc, *proc.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):  # a worker may exit between the two calls
                    rss += p.memory_info().rss
            peak = max(peak, rss)
        time.sleep(0.05)
    return {"wall": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime, "main_cpu": main_cpu,
            "rc": os.waitstatus_to_exitcode(status), "peak_mib": peak / 2**20, "load": load}


def run_dataset(reports: Path, out: Path, kind: str, jobs: int, manifest: dict[str, Any]) -> dict[str, Any]:
    shutil.rmtree(out, ignore_errors=True)
    figures = measure([str(BIN / "disclosure-kit"), "dataset", str(reports), "-o", str(out), "--to", kind,
                       "--jobs", str(jobs), "--no-progress"])
    found = json.loads((out / "findings.json").read_text("utf-8"))
    got = sorted((f["file"], f["code"], f["pointer"]) for f in found)
    expected = sorted((e["file"], e["code"], e["pointer"]) for e in manifest["expected_findings"])
    figures["exact"] = got == expected
    figures["observations_bytes"] = (out / f"observations.{kind}").stat().st_size
    figures["package_bytes"] = sum(p.stat().st_size for p in out.iterdir())
    shutil.rmtree(out, ignore_errors=True)
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--to", nargs="+", default=["csv", "jsonl", "parquet"], choices=["csv", "jsonl", "parquet"])
    parser.add_argument("--work", type=Path, default=None, help="folder for reports and outputs (default: a temp dir)")
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
        for jobs in args.jobs:  # validate alone on the same files, with the same number of processes
            base = measure([str(BIN / "disclosure-kit"), "validate", "--jobs", str(jobs), str(gen / "reports")])
            rows.append({"n": files, "tool": "validate (baseline)", "kind": "", "jobs": jobs, **base})
            print(rows[-1], file=sys.stderr)
        for kind in args.to:
            for jobs in args.jobs:
                fig = run_dataset(gen / "reports", work / f"out{n}", kind, jobs, manifest)
                rows.append({"n": files, "tool": "dataset", "kind": kind, "jobs": jobs, **fig})
                print(rows[-1], file=sys.stderr)
    print(f"{'reports':>8} {'tool':<20} {'--to':<8} {'jobs':>4} {'wall s':>7} {'cpu s':>7} {'rep/s':>7} "
          f"{'rep/cpu-s':>9} {'main cpu':>8} {'obs B/rep':>9} {'pkg B/rep':>9} {'peak MiB':>8} {'load':>5} "
          f"{'exact':>5}")
    for r in rows:
        n = r["n"]
        obs = f"{r['observations_bytes'] / n:.0f}" if "observations_bytes" in r else ""
        pkg = f"{r['package_bytes'] / n:.0f}" if "package_bytes" in r else ""
        print(f"{n:>8} {r['tool']:<20} {r['kind']:<8} {r['jobs']:>4} {r['wall']:>7.1f} {r['cpu']:>7.1f} "
              f"{n / r['wall']:>7.0f} {n / r['cpu']:>9.0f} {r['main_cpu']:>8.1f} {obs:>9} {pkg:>9} "
              f"{r['peak_mib']:>8.0f} {r['load']:>5.1f} {r.get('exact', '')!s:>5}")
    print(json.dumps({"cpus": os.cpu_count(), "rows": rows}))


if __name__ == "__main__":
    main()

"""Validate N report files with disclosure-kit, with check-jsonschema and at the floor, in one run.

    .venv/bin/python benchmarks/bench_validate.py [--sizes 10000,100000] [--workdir DIR]
                                                  [--baseline-sample 10000] [--keep]

For each size N it generates N JSON reports (``generate_reports.py``: both editions, a tenth of
the agencies with one injected error of every kind) and times, as whole commands started from
the shell, each measured by ``wait4`` (CPU of the process and its workers, peak RSS of the
largest process):

  * the **floor**: read every file, ``orjson.loads`` it and ask jsonschema-rs whether it is valid
    against its edition, in one Python process (no duplicate keys, identities, positions);
  * ``disclosure-kit validate --format json -o FILE`` with ``--jobs 1`` and ``--jobs 2``: schema,
    blank cells, every identity, every finding located (line and column), streamed;
  * ``check-jsonschema --schemafile <edition schema> FILES…``, schema only, in batches of 2,000
    files (the command line has a length limit); at sizes above ``--baseline-sample`` it runs on
    that many of the same files, and its cost per file is compared.

Then one small file with start-up, for both tools (median of 7). The load of the machine
(``os.getloadavg``) is printed before and after: the machine is shared, and every figure of one
size is measured in the same minutes as its baselines.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_reports import generate  # noqa: E402

FLOOR = """
import os, sys, orjson, jsonschema_rs
schemas = {e: jsonschema_rs.Draft202012Validator(orjson.loads(open(os.path.join(sys.argv[2], e,
           "report.schema.json"), "rb").read()), validate_formats=True) for e in ("2019", "2021")}
valid = 0
for root, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        if name.endswith(".json"):
            with open(os.path.join(root, name), "rb") as f:
                raw = f.read()
            try:
                data = orjson.loads(raw)
                valid += schemas[str(data["edition"])].is_valid(data)
            except (orjson.JSONDecodeError, KeyError, TypeError):
                pass
print(valid)
"""


@dataclass
class Cost:
    """What one command cost."""

    wall: float
    cpu: float
    peak_mib: float
    code: int

    def per_file(self, n: int) -> str:
        return (f"CPU {self.cpu / n * 1000:7.3f} ms/file ({n / self.cpu:7.0f} files/s per core), "
                f"wall {self.wall / n * 1000:7.3f} ms/file, peak {self.peak_mib:6.1f} MiB, exit {self.code}")


# Commands are started by a small helper process, not by this one: a child's peak RSS counts the
# memory it was forked with (before exec), and this process holds the list of 100,000 paths.
LAUNCHER = """
import json, os, subprocess, sys, time
for line in sys.stdin:
    start = time.perf_counter()
    proc = subprocess.Popen(json.loads(line), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    print(json.dumps([time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                      os.waitstatus_to_exitcode(status)]), flush=True)
"""
_launcher: subprocess.Popen[str] | None = None


def measure(cmd: list[str]) -> Cost:
    """Wall time, CPU (the process and the workers it waited for) and peak RSS of one command."""
    global _launcher
    if _launcher is None:
        _launcher = subprocess.Popen([sys.executable, "-I", "-S", "-c", LAUNCHER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
    assert _launcher.stdin is not None and _launcher.stdout is not None
    _launcher.stdin.write(json.dumps(cmd) + "\n")
    _launcher.stdin.flush()
    return Cost(*json.loads(_launcher.stdout.readline()))


def check_jsonschema(files: list[Path]) -> Cost:
    """check-jsonschema over ``files``, per edition (from the year in the name), in batches."""
    total = Cost(0.0, 0.0, 0.0, 0)
    for edition in ("2019", "2021"):
        mine = [str(p) for p in files if (int(p.stem.rsplit("-", 1)[1][:4]) <= 2020) == (edition == "2019")]
        schema = ROOT / "schema" / edition / "report.schema.json"
        for i in range(0, len(mine), 2000):
            cost = measure([str(BIN / "check-jsonschema"), "--schemafile", str(schema), *mine[i:i + 2000]])
            total = Cost(total.wall + cost.wall, total.cpu + cost.cpu, max(total.peak_mib, cost.peak_mib),
                         max(total.code, cost.code))
    return total


def load() -> str:
    """The 1, 5 and 15-minute load averages."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def bench_size(n: int, work: Path, sample: int) -> dict[str, float]:
    folder = work / f"n{n}"
    manifest = generate(n, folder, seed=7, error_rate=0.1, yaml_share=0.0)
    reports = folder / "reports"
    files = sorted(reports.rglob("*.json"))
    print(f"\n== {len(files)} report files ({len(manifest['injected'])} with an injected error), "
          f"load {load()}")
    floor = measure([sys.executable, "-c", FLOOR, str(reports), str(ROOT / "schema")])
    print(f"  floor (read + orjson + jsonschema-rs is_valid)   {floor.per_file(len(files))}")
    ours = {}
    for jobs in (1, 2):
        out = work / f"result-{n}-{jobs}.json"
        ours[jobs] = measure([str(BIN / "disclosure-kit"), "validate", str(reports), "--format", "json", "-o", str(out),
                              "--jobs", str(jobs)])
        print(f"  disclosure-kit validate --jobs {jobs}                {ours[jobs].per_file(len(files))}")
    same = (work / f"result-{n}-1.json").read_bytes() == (work / f"result-{n}-2.json").read_bytes()
    subset = files[:: max(1, len(files) // sample)][:sample] if len(files) > sample else files
    base = check_jsonschema(subset)
    print(f"  check-jsonschema (schema only, {len(subset)} files)   {base.per_file(len(subset))}")
    cpu1 = ours[1].cpu / len(files)
    print(f"  --jobs 2 output identical to --jobs 1: {same}; CPU per file: {cpu1 / (floor.cpu / len(files)):.1f}x "
          f"the floor, check-jsonschema {base.cpu / len(subset) / cpu1:.1f}x ours (target >= 20x); wall speed-up "
          f"of --jobs 2: {ours[1].wall / ours[2].wall:.2f}x; load {load()}")
    return {"peak1": ours[1].peak_mib, "peak2": ours[2].peak_mib, "cpu1": cpu1}


def median_wall(cmd: list[str], runs: int = 7) -> float:
    return statistics.median(measure(cmd).wall for _ in range(runs))


def main() -> None:
    measure([sys.executable, "-c", "pass"])  # the launcher starts while this process is small
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated numbers of files")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--baseline-sample", type=int, default=10_000, help="files given to check-jsonschema at most")
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="dk-bench-validate-"))
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    print(f"load at start {load()}, {os.cpu_count()} cores, work in {work}")
    sizes = [int(s) for s in args.sizes.split(",")]
    figures = {n: bench_size(n, work, args.baseline_sample) for n in sizes}
    if len(sizes) > 1:
        small, large = figures[sizes[0]], figures[sizes[-1]]
        print(f"\npeak memory {sizes[-1]} vs {sizes[0]} files: --jobs 1 {large['peak1'] / small['peak1']:.2f}x, "
              f"--jobs 2 {large['peak2'] / small['peak2']:.2f}x (target <= 1.2x)")
    one = ROOT / "fixtures" / "examples" / "2021.yaml"
    single = median_wall([str(BIN / "disclosure-kit"), "validate", str(one)])
    single_base = median_wall([str(BIN / "check-jsonschema"), "--schemafile",
                               str(ROOT / "schema" / "2021" / "report.schema.json"), str(one)])
    print(f"one small file, start-up included (median of 7): disclosure-kit {single:.3f} s, "
          f"check-jsonschema {single_base:.3f} s; load at end {load()}")
    if not args.keep:
        shutil.rmtree(work)


def compile_package() -> None:
    """Byte-compile the package as ``pip install`` does for a wheel.

    An editable install compiles on first import, unless PYTHONDONTWRITEBYTECODE is set (it is in
    some sandboxes), in which case every run would pay ~60 ms of compiling and the start-up figure
    would measure the sandbox, not the tool.
    """
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("disclosure_kit")
    assert spec is not None and spec.submodule_search_locations
    for folder in spec.submodule_search_locations:
        compileall.compile_dir(folder, quiet=1)


if __name__ == "__main__":
    compile_package()
    main()

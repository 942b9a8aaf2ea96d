"""Validate N report files with disclosure-kit and with check-jsonschema, in the same run.

    .venv/bin/python benchmarks/bench_validate.py [--files 10000] [--workdir DIR]

Writes N JSON reports (both editions, a tenth of them with an arithmetic error) into a work
directory, then times, as whole commands started from the shell:
  * ``disclosure-kit validate DIR`` — full check: schema, blank cells, every identity, every
    finding located (line and column) — in one process over all files;
  * ``check-jsonschema --schemafile <edition schema> FILES…`` — schema checks only, the baseline,
    once per edition over the same files;
  * one small file, start-up included, for both tools (median of 7 runs).
Prints the cost per file and the ratio.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def make_reports(n: int, out: Path, seed: int = 7) -> dict[str, list[Path]]:
    rng = random.Random(seed)
    examples = {e: yaml.safe_load((ROOT / "fixtures" / "examples" / f"{e}.yaml").read_text(encoding="utf-8"))
                for e in ("2019", "2021")}
    files: dict[str, list[Path]] = {"2019": [], "2021": []}
    for i in range(n):
        edition = "2019" if i % 4 == 0 else "2021"
        data = copy.deepcopy(examples[edition])
        data["meta"]["agency"] = f"临州市第{i}局"
        data["meta"]["year"] = 2020 if edition == "2019" else 2021 + i % 4
        if i % 10 == 3:  # an arithmetic error
            data["applications"]["results"]["total"]["natural_person"] += rng.randint(1, 5)
        folder = out / edition / f"{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"report-{i:06d}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        files[edition].append(path)
    return files


def timed(cmd: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, proc.returncode


def median_wall(cmd: list[str], runs: int = 7) -> float:
    return statistics.median(timed(cmd)[0] for _ in range(runs))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="dk-bench-validate-"))
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    files = make_reports(args.files, work)
    n = sum(len(v) for v in files.values())
    print(f"{n} report files in {work} ({len(files['2019'])} of 2019, {len(files['2021'])} of 2021)")

    ours, rc = timed([str(BIN / "disclosure-kit"), "validate", "--format", "json", "-o",
                      str(work / "result.json"), str(work / "2019"), str(work / "2021")])
    summary = json.loads((work / "result.json").read_text())["summary"]
    print(f"disclosure-kit validate (schema + identities + located findings): {ours:.2f} s, "
          f"{ours / n * 1000:.3f} ms/file, exit {rc}, {summary['invalid_files']} invalid files, "
          f"{summary['errors']} errors")

    base = 0.0
    for edition, paths in files.items():
        schema = ROOT / "schema" / edition / "report.schema.json"
        seconds, rc = timed([str(BIN / "check-jsonschema"), "--schemafile", str(schema),
                             *[str(p) for p in paths]])
        base += seconds
        print(f"  check-jsonschema {edition}: {seconds:.2f} s for {len(paths)} files (exit {rc})")
    print(f"check-jsonschema (schema only, baseline): {base:.2f} s, {base / n * 1000:.3f} ms/file")
    print(f"per-file speed-up: {base / ours:.1f}x (target >= 10x)")

    one = ROOT / "fixtures" / "examples" / "2021.yaml"
    single = median_wall([str(BIN / "disclosure-kit"), "validate", str(one)])
    single_base = median_wall([str(BIN / "check-jsonschema"), "--schemafile",
                               str(ROOT / "schema" / "2021" / "report.schema.json"), str(one)])
    print(f"one small file, start-up included (median of 7): disclosure-kit {single:.3f} s "
          f"(target < 0.3 s), check-jsonschema {single_base:.3f} s")
    if args.workdir is None:
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

"""Hostile inputs to ``dataset`` (issue 17, classes 1, 3, 6, 7, 8, 9, 10), each run as a user would.

Every case runs the command in a subprocess under a memory cap (``support.run_cli``) and asserts
the exit code, the finding, that the user's files are untouched, and time and peak memory within
the bounds stated here. Inputs are generated, never stored.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml

from .support import run_cli, tree_snapshot
from .test_validate import _without_file_permission_override

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = yaml.safe_load((ROOT / "fixtures" / "examples" / "2021.yaml").read_text("utf-8"))


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _report(**meta: Any) -> bytes:
    report = json.loads(json.dumps(EXAMPLE))
    report["meta"].update(meta)
    return orjson.dumps(report)


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# --------------------------------------------------------------------------- class 1


def test_class1_foreign_folder_with_a_datapackage_is_never_replaced(tmp_path: Path) -> None:
    _write(tmp_path / "in" / "r.json", _report())
    _write(tmp_path / "out" / "datapackage.json", b'{"resources": []}')
    _write(tmp_path / "out" / "notes.txt", "我的笔记".encode())
    before = tree_snapshot(tmp_path)
    run = run_cli("dataset", tmp_path / "in", "-o", tmp_path / "out", "--no-progress", memory_mib=1024, timeout=60)
    assert run.code == 2 and not run.traceback
    assert "not a dataset written by disclosure-kit" in run.stderr and "refusing to replace it" in run.stderr
    assert tree_snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]  # no temporary folder left
    assert run.seconds < 30 and run.peak_mib < 300


def test_class1_output_that_holds_an_input_is_refused(tmp_path: Path) -> None:
    _write(tmp_path / "work" / "reports" / "r.json", _report())
    first = run_cli("dataset", tmp_path / "work" / "reports", "-o", tmp_path / "work" / "ds", "--no-progress")
    assert first.code == 0, first.stderr
    # an input inside the output folder (even one of ours) would be deleted by the replacement
    _write(tmp_path / "work" / "ds" / "sub" / "mine.json", _report(year=2022))
    before = tree_snapshot(tmp_path)
    for inputs, out in (((tmp_path / "work" / "ds" / "sub"),), tmp_path / "work" / "ds"), \
                       (((tmp_path / "work"),), tmp_path / "work"):
        run = run_cli("dataset", *inputs, "-o", out, "--no-progress", memory_mib=1024, timeout=60)
        assert run.code == 2 and not run.traceback, run.stderr
        assert "holds the input" in run.stderr
    assert tree_snapshot(tmp_path) == before
    file_out = tmp_path / "work" / "reports" / "r.json"
    run = run_cli("dataset", tmp_path / "work" / "reports", "-o", file_out, "--no-progress")
    assert run.code == 2 and tree_snapshot(tmp_path) == before


def test_class1_a_dataset_of_ours_is_replaced(tmp_path: Path) -> None:
    _write(tmp_path / "in" / "r.json", _report())
    for _ in range(2):
        run = run_cli("dataset", tmp_path / "in", "-o", tmp_path / "out", "--no-progress")
        assert run.code == 0, run.stderr
    marker = json.loads((tmp_path / "out" / ".disclosure-kit-output.json").read_text("utf-8"))
    assert (marker["format"], marker["kind"]) == ("disclosure-kit/marker", "dataset")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]


# --------------------------------------------------------------------------- class 3


@pytest.mark.parametrize(("old", "new", "code", "pointer", "status"), [
    # beyond 64 bits, and a lone surrogate: refused by the loader, the file is unreadable
    ('"total":136', '"total":18446744073709551616', "load.number_range", "/applications/new_received/total",
     "unreadable"),
    ('"临州市交通运输局"', '"\\ud800"', "load.surrogate", "/meta/agency", "unreadable"),
    # within 64 bits but beyond 2^53: read, and refused by open data (a double would change it)
    ('"total":136', '"total":1152921504606846976', "opendata.out_of_range", "/applications/new_received/total",
     "invalid"),
])
def test_class3_odd_values_are_findings_of_their_file(
    tmp_path: Path, old: str, new: str, code: str, pointer: str, status: str
) -> None:
    odd = _report().decode("utf-8")
    assert old in odd
    _write(tmp_path / "in" / "a-odd.json", odd.replace(old, new, 1).encode("utf-8"))
    _write(tmp_path / "in" / "b-good.json", _report(year=2022))
    run = run_cli("dataset", tmp_path / "in", "-o", tmp_path / "out", "--no-progress", "--to", "csv",
                  "--to", "parquet", memory_mib=2048, timeout=60)
    assert run.code == 1 and not run.traceback, run.stderr
    findings = {(f["file"], f["code"], f["pointer"]) for f in _csv(tmp_path / "out" / "findings.csv")}
    assert ("a-odd.json", code, pointer) in findings
    reports = {r["file"]: r for r in _csv(tmp_path / "out" / "reports.csv")}
    assert (reports["a-odd.json"]["status"], reports["b-good.json"]["status"]) == (status, "valid")
    observations = _csv(tmp_path / "out" / "observations.csv")
    if status == "invalid":
        cell = [r for r in observations if r["report_id"] == reports["a-odd.json"]["report_id"]
                and r["row_id"] == "new_received" and r["column_id"] == "total"]
        assert [(r["value"], r["status"]) for r in cell] == [("", "invalid")]  # never published changed
    assert len(observations) == (400 if status == "invalid" else 200)  # the good report, every cell
    assert run.seconds < 60 and run.peak_mib < 600


def test_class3_symlink_loops_do_not_stop_the_run(tmp_path: Path) -> None:
    _write(tmp_path / "in" / "ok.json", _report())
    os.symlink(".", tmp_path / "in" / "loop")
    os.symlink("b.json", tmp_path / "in" / "a.json")
    os.symlink("a.json", tmp_path / "in" / "b.json")
    run = run_cli("dataset", tmp_path / "in", "-o", tmp_path / "out", "--no-progress", "--lang", "en",
                  memory_mib=1024, timeout=60)
    assert run.code == 1 and not run.traceback, run.stderr
    assert "skipped: symlinked-folder 1" in run.stderr
    reports = {r["file"]: r["status"] for r in _csv(tmp_path / "out" / "reports.csv")}
    assert reports == {"a.json": "unreadable", "b.json": "unreadable", "ok.json": "valid"}
    codes = {(f["file"], f["code"]) for f in _csv(tmp_path / "out" / "findings.csv")}
    assert codes == {("a.json", "load.io"), ("b.json", "load.io")}
    assert [(s["path"], s["reason"]) for s in _csv(tmp_path / "out" / "skipped.csv")] == [("loop", "symlinked-folder")]
    assert run.seconds < 30 and run.peak_mib < 300


# --------------------------------------------------------------------------- class 6


def test_class6_one_large_report_does_not_amplify(tmp_path: Path) -> None:
    big = json.loads(_report())
    big["meta"]["agency"] = "机" * (3 * 1024 * 1024)  # 9 MB of text in one field
    _write(tmp_path / "in" / "big.json", orjson.dumps(big))
    size_in = _size(tmp_path / "in")
    run = run_cli("dataset", tmp_path / "in", "-o", tmp_path / "out", "--no-progress", "--to", "csv", "--to", "jsonl",
                  memory_mib=2048, timeout=120)
    assert run.code == 1 and not run.traceback, run.stderr
    assert ("big.json", "schema.length", "/meta/agency") in {
        (f["file"], f["code"], f["pointer"]) for f in _csv(tmp_path / "out" / "findings.csv")}
    assert _size(tmp_path / "out") < 1_000_000 < size_in  # before: 1.9 GB of output, then MemoryError
    assert run.seconds < 60 and run.peak_mib < 1024


def test_class6_many_tiny_files_cost_a_bounded_size_each(tmp_path: Path) -> None:
    n = 2000
    for i in range(n):
        _write(tmp_path / "in" / f"{i // 500}" / f"{i}.json", b'{"edition":"2021"}')
    run = run_cli("dataset", tmp_path / "in", "-o", tmp_path / "out", "--no-progress", memory_mib=1024, timeout=180)
    assert run.code == 1 and not run.traceback
    per_file = (_size(tmp_path / "out") - 500_000) / n  # less the fixed part (dimension tables, page)
    assert per_file < 8_000  # before: 196 KB of output per 18-byte file (50,000 files: 9.8 GB)
    assert not (tmp_path / "out" / "observations.csv").read_text("utf-8").splitlines()[1:]  # no cell present
    rows = _csv(tmp_path / "out" / "reports.csv")
    assert len(rows) == n and {r["absent_cells"] for r in rows} == {"203"}  # 200 table cells, 3 fee fields
    assert run.seconds < 120 and run.peak_mib < 300


# --------------------------------------------------------------------------- class 7


def _generate(tmp_path: Path, n: int) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate_reports import generate
    finally:
        sys.path.pop(0)
    generate(n, tmp_path / "gen", seed=5, error_rate=0.0, yaml_share=0.0)
    return tmp_path / "gen" / "reports"


def _descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    stat = handle.read().rsplit(b")", 1)[1].split()
                if stat[0] != b"Z":
                    parents[int(entry)] = int(stat[1])
            except OSError:
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _start(reports: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "disclosure_kit", "dataset", str(reports), "-o", str(out),
                             "--jobs", "2", "--no-progress"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for_workers(proc: subprocess.Popen[bytes], folder: Path, name: str) -> set[int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = _descendants(proc.pid)
        if len(workers) >= 2 and any(p.name.startswith(f".{name}.") for p in folder.iterdir()):
            time.sleep(0.5)  # well into the run
            return _descendants(proc.pid)
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        time.sleep(0.05)
    raise AssertionError("the run never started its workers")


def _gone(pids: set[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(os.path.exists(f"/proc/{p}") and _state(p) != "Z" for p in pids):
            return True
        time.sleep(0.1)
    return False


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0].decode()
    except OSError:
        return "gone"


def test_class7_sigterm_cleans_up_and_stops_the_workers(tmp_path: Path) -> None:
    reports = _generate(tmp_path, 3000)
    out = tmp_path / "out"
    run = run_cli("dataset", reports, "-o", out, "--no-progress", timeout=300)
    assert run.code == 0, run.stderr
    before = tree_snapshot(out)
    proc = _start(reports, out)
    workers = _wait_for_workers(proc, tmp_path, "out")
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)  # the main process; its pipes close once every descendant is gone too
    assert _gone(workers, 10)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143 and b"Traceback" not in err, err
    assert tree_snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gen", "out"]  # the temporary folder is gone


def test_class7_sigkill_of_the_parent_kills_the_workers_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    reports = _generate(tmp_path, 3000)
    out = tmp_path / "out"
    proc = _start(reports, out)
    workers = _wait_for_workers(proc, tmp_path, "out")
    proc.kill()
    proc.wait(timeout=30)
    assert _gone(workers, 10), "workers outlived their parent"
    proc.communicate(timeout=30)
    stale = [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]
    assert len(stale) == 1 and f"-{proc.pid}-" in stale[0].name  # named after its owner (fileio.tempfiles)
    old = time.time() - 3600
    os.utime(stale[0], (old, old))  # an hour later: past the grace a fresh folder is given
    foreign = tmp_path / ".out.mine.tmp"  # looks like ours, is not: never removed
    _write(foreign / "keep.txt", b"mine")
    os.utime(foreign, (old, old))
    run = run_cli("dataset", reports.parent / "reports" / "g0000", "-o", out, "--no-progress", timeout=120)
    assert run.code == 0, run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.mine.tmp", "gen", "out"]
    assert (foreign / "keep.txt").read_bytes() == b"mine"


# --------------------------------------------------------------------------- class 8


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="capabilities are Linux's")
def test_class8_unreadable_folder_is_a_finding(tmp_path: Path) -> None:
    _write(tmp_path / "in" / "ok.json", _report())
    _write(tmp_path / "in" / "locked" / "r.json", _report(year=2022))
    os.chmod(tmp_path / "in" / "locked", 0)
    try:
        run = run_cli("dataset", tmp_path / "in", "-o", tmp_path / "out", "--no-progress", "--lang", "en",
                      preexec=_without_file_permission_override, memory_mib=1024, timeout=60)
    finally:
        os.chmod(tmp_path / "in" / "locked", 0o755)
    assert run.code == 1 and not run.traceback, run.stderr
    assert "skipped: unreadable-folder 1" in run.stderr
    findings = [(f["file"], f["code"], f["scope"], f["severity"]) for f in _csv(tmp_path / "out" / "findings.csv")]
    assert findings == [("locked", "load.dir_unreadable", "input", "error")]  # the code validate gives
    assert [(s["path"], s["reason"], s["detail"]) for s in _csv(tmp_path / "out" / "skipped.csv")] == [
        ("locked", "unreadable-folder", "Permission denied")]
    assert [r["file"] for r in _csv(tmp_path / "out" / "reports.csv")] == ["ok.json"]
    assert run.seconds < 30 and run.peak_mib < 300


# --------------------------------------------------------------------------- class 9


def test_class9_unreachable_scheduler(tmp_path: Path) -> None:
    _write(tmp_path / "in" / "ok.json", _report())
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    run = run_cli("dataset", tmp_path / "in", "-o", tmp_path / "out", "--engine", "dask", "--scheduler",
                  f"tcp://127.0.0.1:{port}", "--scheduler-timeout", "2", memory_mib=2048, timeout=90)
    assert run.code == 3 and not run.traceback, run.stderr  # tool.system, as docs/cli.md says
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port} within 2 s" in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]
    assert run.seconds < 60  # before: a traceback after 30 s


# --------------------------------------------------------------------------- class 10


def test_class10_output_inside_the_input_tree_is_not_read_back(tmp_path: Path) -> None:
    _write(tmp_path / "in" / "ok.json", _report())
    for _ in range(2):
        run = run_cli("dataset", tmp_path / "in", "-o", tmp_path / "in" / "out", "--no-progress", "--lang", "en")
        assert run.code == 0 and not run.traceback, run.stderr
    assert [r["file"] for r in _csv(tmp_path / "in" / "out" / "reports.csv")] == ["ok.json"]
    assert [(s["path"], s["reason"]) for s in _csv(tmp_path / "in" / "out" / "skipped.csv")] == [
        ("out", "output-folder")]
    validate = run_cli("validate", tmp_path / "in")  # validate takes the same files
    assert validate.code == 0, validate.stdout


def test_class10_empty_findings_pass_frictionless(tmp_path: Path) -> None:
    from frictionless import validate

    _write(tmp_path / "in" / "ok.json", _report())
    run = run_cli("dataset", tmp_path / "in", "-o", tmp_path / "out", "--no-progress", "--to", "csv", "--to",
                  "jsonl", "--to", "parquet", memory_mib=2048)
    assert run.code == 0, run.stderr
    assert (tmp_path / "out" / "findings.json").read_bytes() == b"[]\n"
    report = validate(tmp_path / "out" / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "type", "note"])

"""``validate`` streams: output as files are checked, the same on any number of cores, flat memory,
and a clean stop on Ctrl-C and SIGTERM that leaves no worker behind."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
from hostile.support import run_cli

from disclosure_kit.check.output import OutputSpec, result_json
from disclosure_kit.check.pipeline import CheckOptions, check_files, iter_report_paths
from disclosure_kit.check.run import CHUNK, run_check
from disclosure_kit.model.resources import schema_dir

from .casefiles import case_dirs, report_file

ROOT = Path(__file__).resolve().parents[2]
EX21 = ROOT / "fixtures" / "examples" / "2021.yaml"
EX19 = ROOT / "fixtures" / "examples" / "2019.yaml"


def cli(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "disclosure_kit", "validate", *map(str, args)],
                          capture_output=True, timeout=timeout)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every case of tests/cases (load errors, schema errors, identities, blanks, encodings), both
    examples, 300 generated reports with and without errors, a broken link and a FIFO."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate_reports import generate

    top = tmp_path_factory.mktemp("mixed")
    for case in case_dirs():
        source = report_file(case)
        shutil.copy(source, top / f"{case.parent.name}-{case.name}{source.suffix}")
    shutil.copy(EX21, top / "example-2021.yaml")
    shutil.copy(EX19, top / "example-2019.yaml")
    generate(300, top / "generated", seed=3, error_rate=0.3, yaml_share=0.1)
    os.symlink("nowhere.json", top / "broken-link.json")
    os.mkfifo(top / "fifo.yaml")
    return top


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl"])
def test_jobs_2_writes_exactly_what_jobs_1_writes(mixed: Path, fmt: str) -> None:
    one = cli(mixed, "--format", fmt, "--jobs", "1")
    two = cli(mixed, "--format", fmt, "--jobs", "2")
    default = cli(mixed, "--format", fmt)  # fewer files than AUTO_JOBS_FROM: one core
    assert one.returncode == two.returncode == default.returncode == 2  # the broken link: a path that is not there
    assert one.stderr == two.stderr == b""
    assert two.stdout == one.stdout == default.stdout
    files = len(list(iter_report_paths([str(mixed)])))
    assert files > 3 * CHUNK  # chunks from both workers, interleaved
    if fmt == "jsonl":
        assert json.loads(one.stdout.splitlines()[-1])["files"] == files


def test_streamed_json_document_is_byte_for_byte_the_1_0_document(mixed: Path) -> None:
    """The 1.0 shape is kept for its readers; streaming it changes nothing they can see."""
    for strict, lang in ((False, "zh"), (True, "en")):
        expected = result_json(check_files([str(mixed)], CheckOptions(strict=strict)), lang)
        out = io.BytesIO()
        run_check([str(mixed)], CheckOptions(strict=strict), OutputSpec("json", lang, strict), out, jobs=1)
        assert out.getvalue() == expected


def test_json_lines_validate_against_the_2_0_schema(mixed: Path) -> None:
    schema = json.loads((schema_dir() / "check-result" / "2.0" / "check-result.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    out = cli(mixed, "--format", "jsonl", "--jobs", "2").stdout.decode()
    records = [json.loads(line) for line in out.splitlines()]
    for record in records:
        validator.validate(record)
    assert [r["record"] for r in records[:2]] == ["run", "file"]
    assert records[0]["version"] == "2.0" and records[-1]["record"] == "summary"
    document = json.loads(cli(mixed, "--format", "json").stdout)
    assert [{k: v for k, v in r.items() if k != "record"} for r in records[1:-1]] == document["files"]
    assert {k: v for k, v in records[-1].items() if k != "record"} == document["summary"]


def _flood(folder: Path, files: int) -> None:
    """Reports with 104 findings each: 100 keys the format does not know, 4 tables missing."""
    folder.mkdir()
    body = json.dumps({"edition": "2021", **{f"k{i}": i for i in range(100)}}, indent=1)
    for i in range(files):
        (folder / f"r{i:05d}.json").write_text(body)


def test_a_stream_of_100k_findings_is_written_without_memory_growth(tmp_path: Path) -> None:
    _flood(tmp_path / "small", 100)
    _flood(tmp_path / "large", 1000)
    runs = {}
    for name in ("small", "large"):
        out = tmp_path / f"{name}.jsonl"
        runs[name] = run_cli("validate", tmp_path / name, "--format", "jsonl", "-o", out, "--jobs", "1",
                             memory_mib=1024, timeout=240)
        assert runs[name].code == 1 and not runs[name].traceback
        summary = json.loads(out.read_text().splitlines()[-1])
        assert (summary["files"], summary["errors"]) == ((100, 10_400) if name == "small" else (1000, 104_000))
    assert runs["large"].peak_mib < runs["small"].peak_mib + 12, (runs["small"].peak_mib, runs["large"].peak_mib)


# --------------------------------------------------------------------------- stopping


def _slow_tree(folder: Path, files: int = 3000) -> Path:
    """YAML reports (about 3 ms each): long enough to stop a run in the middle."""
    folder.mkdir(exist_ok=True)
    data = EX21.read_bytes()
    for i in range(files):
        (folder / f"r{i:05d}.yaml").write_bytes(data)
    return folder


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start(args: list[str]) -> tuple[subprocess.Popen[bytes], list[int]]:
    proc = subprocess.Popen([sys.executable, "-m", "disclosure_kit", "validate", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.05)
        workers = _children(proc.pid)
    assert len(workers) >= 2, "the pool did not start"
    time.sleep(0.5)  # let some chunks be written
    return proc, workers


def _gone(pids: list[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


@needs_proc
@pytest.mark.parametrize(("how", "code"), [("SIGINT", 130), ("SIGTERM", 143), ("SIGHUP", 129)])
def test_ctrl_c_sigterm_and_sighup_stop_the_run_and_its_workers(tmp_path: Path, how: str, code: int) -> None:
    tree = _slow_tree(tmp_path / "tree")
    target = tmp_path / "out" / "result.json"
    proc, workers = _start([str(tree), "--jobs", "2", "--format", "json", "-o", str(target)])
    if how == "SIGINT":
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal does: the whole foreground group
    else:
        os.kill(proc.pid, getattr(signal, how))  # what systemd, containers and CI send: the parent
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == code
    assert stderr.decode() == (f"disclosure-kit validate: cli.interrupted [错误] 已中断（{how}）："
                               "未写完的文件已删除，已有的文件未改动\n")
    assert _gone(workers)
    assert list(target.parent.iterdir()) == []  # neither the result nor a temporary file


@needs_proc
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_die_with_a_parent_killed_outright(tmp_path: Path) -> None:
    proc, workers = _start([str(_slow_tree(tmp_path / "tree")), "--jobs", "2", "-q"])
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert _gone(workers)


def test_standard_output_closed_early_is_not_a_traceback(tmp_path: Path) -> None:
    tree = _slow_tree(tmp_path / "tree", 400)
    proc = subprocess.Popen(f"{sys.executable} -m disclosure_kit validate {tree} | head -1", shell=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate(timeout=60)
    assert out.decode().splitlines() == [f"{tree / 'r00000.yaml'}: 通过"]
    assert err == b""

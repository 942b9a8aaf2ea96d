"""Issue 17 class 7 at the command line: SIGTERM is Ctrl-C, and nothing of ours outlives a killed run.

systemd, containers and CI stop a program with SIGTERM; a terminal that closes sends SIGHUP. Each
must end the command like Ctrl-C: the file being written removed, one line saying so, exit code
128 + the signal, no traceback. A run killed outright (SIGKILL) cannot clean up, so the next run
that writes into the same folder removes the temporary entries whose owner is gone, and only those.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from disclosure_kit.fileio import tempfiles
from disclosure_kit.fileio.atomic import atomic_write

from .support import run_cli, tree_snapshot

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "fixtures" / "examples" / "2021.yaml"
BOUND_SECONDS = 30.0  # from the signal to the exit, and for each command here (about 1 s measured)


def _handler_installed(pid: int, signum: int) -> bool:
    """Whether the process catches ``signum`` (the SigCgt mask of /proc/PID/status): it is past start-up."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), 16)
    return bool(caught >> (signum - 1) & 1)


def _start(args: list[str], cwd: Path, **kw) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-m", "disclosure_kit", *args], cwd=cwd, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    deadline = time.monotonic() + BOUND_SECONDS
    while not _handler_installed(proc.pid, signal.SIGTERM):
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    return proc


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130), (signal.SIGHUP, 129)],
                         ids=["SIGTERM", "SIGINT", "SIGHUP"])
def test_a_stop_signal_ends_the_command_like_ctrl_c(tmp_path: Path, signum: int, code: int) -> None:
    """``validate - -o out.json`` waits for its standard input: the signal always finds it at work."""
    (tmp_path / "out.json").write_text("last run's findings", encoding="utf-8")
    proc = _start(["validate", "-", "--format", "json", "-o", "out.json"], tmp_path)
    time.sleep(0.3)
    sent = time.monotonic()
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=BOUND_SECONDS)
    assert time.monotonic() - sent < BOUND_SECONDS
    assert proc.returncode == code
    assert err.decode() == (f"disclosure-kit validate: cli.interrupted [错误] 已中断（{signal.Signals(signum).name}）："
                            "未写完的文件已删除，已有的文件未改动\n")
    assert out == b""
    assert tree_snapshot(tmp_path) == {"out.json": b"last run's findings"}


def test_sighup_ignored_by_the_parent_stays_ignored(tmp_path: Path) -> None:
    """Under ``nohup`` the command must survive the terminal closing."""
    proc = _start(["validate", "-"], tmp_path, preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    proc.send_signal(signal.SIGHUP)
    out, err = proc.communicate(EXAMPLE.read_bytes(), timeout=BOUND_SECONDS)
    assert proc.returncode == 0, err
    assert out.decode().splitlines()[0] == "-: 通过"


def test_sigterm_during_a_dataset_leaves_nothing(tmp_path: Path) -> None:
    """The dataset is written in a temporary folder beside OUT: SIGTERM removes it, OUT never appears."""
    (tmp_path / "in").mkdir()
    raw = EXAMPLE.read_bytes()
    for i in range(600):
        (tmp_path / "in" / f"r{i:03d}.yaml").write_bytes(raw)
    proc = _start(["dataset", "in", "-o", "ds", "--no-progress"], tmp_path)
    time.sleep(1.0)
    assert proc.poll() is None  # 600 reports take several seconds: still at work
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=BOUND_SECONDS)
    assert proc.returncode == 143
    assert err.decode() == ("disclosure-kit dataset: cli.interrupted [错误] 已中断（SIGTERM）："
                            "未写完的文件已删除，已有的文件未改动\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]  # no ds, no hidden temporary folder


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_stale_temporaries_of_dead_runs_are_swept(tmp_path: Path) -> None:
    """A later write into the folder removes what killed runs left; nothing else."""
    here, gone = tempfiles.host_tag(), _dead_pid()
    other = "0badc0de" if here != "0badc0de" else "0badc0df"
    (tmp_path / "r.yaml").write_bytes(EXAMPLE.read_bytes())
    entries = {
        f".r.xlsx.dk-{here}-{gone}-a1b2c3d4.tmp": (120, True),  # owner gone: removed
        f".ds.dk-{here}-{gone}-e5f6g7h8.tmp": (120, True),  # a dataset's folder, owner gone: removed
        f".r.html.dk-{here}-{os.getpid()}-i9j0k1l2.tmp": (3 * 86400, False),  # owner alive (this test): kept
        f".r.html.dk-{here}-{gone}-m3n4o5p6.tmp": (5, False),  # owner gone but written a moment ago: kept
        f".r.pdf.dk-{other}-{gone}-q7r8s9t0.tmp": (2 * 86400, True),  # another machine, two days old: removed
        f".r.pdf.dk-{other}-{gone}-u1v2w3x4.tmp": (3600, False),  # another machine, an hour old: kept
        ".backup.20240101.tmp": (30 * 86400, False),  # not ours: never touched
        "notes.tmp": (30 * 86400, False),
    }
    for name, (age, _) in entries.items():
        path = tmp_path / name
        if name.startswith(".ds."):
            path.mkdir()
            (path / "observations.csv").write_bytes(b"x" * 1000)
        else:
            path.write_bytes(b"half a file")
        _age(path, age)
    run = run_cli("export", "r.yaml", "-o", "r.xlsx", cwd=tmp_path, timeout=BOUND_SECONDS)
    assert run.code == 0 and not run.traceback, run.stderr
    assert run.seconds < BOUND_SECONDS and run.peak_mib < 300
    kept = {name for name, (_, stale) in entries.items() if not stale}
    assert {p.name for p in tmp_path.iterdir()} == kept | {"r.yaml", "r.xlsx"}


def test_the_system_temporary_folder_is_swept_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    tempfiles.forget_sweeps()
    stale = tmp_path / f"disclosure-kit-typst.dk-{tempfiles.host_tag()}-{_dead_pid()}-abcd1234.tmp"
    stale.mkdir()
    _age(stale, 600)
    foreign = tmp_path / "dk-typst-abcd1234"  # a name of ours from before the tags, or anybody's: kept
    foreign.mkdir()
    with tempfiles.temporary_dir("import") as work:
        assert work.parent == tmp_path and work.name.startswith(f"disclosure-kit-import.{tempfiles.owner_tag()}")
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted([foreign.name, work.name])
    assert sorted(p.name for p in tmp_path.iterdir()) == [foreign.name]


def test_an_interrupted_write_removes_its_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "out.html").write_bytes(b"old")

    def produce(handle) -> None:
        handle.write(b"half")
        raise KeyboardInterrupt  # what cli's handler raises for SIGTERM (cli.Interrupted)

    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "out.html", produce)
    assert tree_snapshot(tmp_path) == {"out.html": b"old"}

"""Run a command of the tool as a user would, under a memory and time bound, and measure it.

Hostile inputs (zip bombs, endless files, huge flow lists) must fail fast and small. Running them
in a subprocess with ``RLIMIT_AS`` makes a regression fail with a clear assertion instead of
swapping the machine; ``os.wait4`` in a small launcher gives the command's own peak RSS.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

MIB = 1024 * 1024
EXAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "examples"


@dataclass
class Run:
    """What one command did: its exit code, its output, and what it cost."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mib: float
    timed_out: bool

    @property
    def traceback(self) -> bool:
        return "Traceback (most recent call last)" in self.stdout + self.stderr


# The command is started by a small launcher, not by the test process itself: Linux keeps a
# process's peak RSS across fork and exec, so a command forked from a test process that has grown
# to 400 MB would report 400 MB as its own peak. Forked from the launcher (a bare interpreter), it
# reports what it used. The launcher sends the command's exit code and peak RSS on a pipe.
_LAUNCHER = """
import os, resource, subprocess, sys
cap, file_size, report = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
def limit():
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    if file_size >= 0:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
proc = subprocess.Popen(sys.argv[4:], preexec_fn=limit)
_, status, usage = os.wait4(proc.pid, 0)
os.write(report, f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}".encode())
"""


def run_cli(
    *args: str | os.PathLike[str],
    memory_mib: int = 1024,
    timeout: float = 60.0,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
    file_size: int | None = None,
    preexec: Callable[[], None] | None = None,
) -> Run:
    """``python -m disclosure_kit ARGS`` with an address-space cap of ``memory_mib`` and a timeout;
    ``file_size`` caps every file the command writes (``RLIMIT_FSIZE``: a write past it fails with
    EFBIG, as on a full disk; Python ignores the signal that would otherwise kill it); ``preexec``
    runs in the child before the launcher (to drop a privilege, for instance), so the launcher's
    limits and the command both live under it."""
    full_env = {**os.environ, **(env or {})}
    read_end, write_end = os.pipe()
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-c", _LAUNCHER, str(memory_mib * MIB), str(-1 if file_size is None else file_size),
         str(write_end),
         sys.executable, "-m", "disclosure_kit", *map(str, args)],
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=full_env, pass_fds=(write_end,),
        start_new_session=True,  # the launcher and the command are killed together on a timeout
        preexec_fn=preexec,
    )
    os.close(write_end)
    chunks: dict[str, bytes] = {}

    def _drain(name: str, stream: IO[bytes]) -> None:
        chunks[name] = stream.read()

    readers = [threading.Thread(target=_drain, args=(n, s)) for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    for t in readers:
        t.start()
    if stdin is not None and proc.stdin is not None:
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.write(stdin)
        proc.stdin.close()
    killer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
    killer.start()
    proc.wait()
    killer.cancel()
    with os.fdopen(read_end, "rb") as report:
        said = report.read().split()
    for t in readers:
        t.join()
    seconds = time.monotonic() - start
    code, peak_kib = (int(said[0]), int(said[1])) if len(said) == 2 else (-signal.SIGKILL, 0)
    return Run(code, chunks["out"].decode("utf-8", "replace"), chunks["err"].decode("utf-8", "replace"),
               seconds, peak_kib / 1024, seconds >= timeout)


def tree_snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to assert that nothing of a user's was touched."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_report(folder: Path, name: str = "r.yaml", edition: str = "2021") -> Path:
    """The example report of ``edition`` written into ``folder`` as ``name``: its YAML as it is, or
    for a ``.json`` name the same data as indented JSON (the tests and the benchmark of hostile
    command lines start from it)."""
    import json

    import yaml

    path = folder / name
    if name.endswith(".json"):
        data = yaml.safe_load((EXAMPLES / f"{edition}.yaml").read_text(encoding="utf-8"))
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        path.write_bytes((EXAMPLES / f"{edition}.yaml").read_bytes())
    return path

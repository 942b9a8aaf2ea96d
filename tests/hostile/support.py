"""Run a command of the tool as a user would, under a memory and time bound, and measure it.

Hostile inputs (zip bombs, endless files, huge flow lists) must fail fast and small. Running them
in a subprocess with ``RLIMIT_AS`` makes a regression fail with a clear assertion instead of
swapping the machine; ``os.wait4`` gives the child's own peak RSS and CPU time.
"""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

MIB = 1024 * 1024


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
    runs in the child before the command (to drop a privilege, for instance)."""

    def _limit() -> None:
        cap = memory_mib * MIB
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        if file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
        if preexec is not None:
            preexec()

    full_env = {**os.environ, **(env or {})}
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "disclosure_kit", *map(str, args)],
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=full_env, preexec_fn=_limit,
    )
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
    killer = threading.Timer(timeout, proc.kill)
    killer.start()
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak RSS and CPU, not the session's
    killer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for t in readers:
        t.join()
    seconds = time.monotonic() - start
    return Run(proc.returncode, chunks["out"].decode("utf-8", "replace"), chunks["err"].decode("utf-8", "replace"),
               seconds, usage.ru_maxrss / 1024, seconds >= timeout)


def tree_snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to assert that nothing of a user's was touched."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

"""The Dask engine on a real cluster: a scheduler and two workers started as separate processes with
the ``dask`` command-line tools, on 127.0.0.1 only. The output must be byte-identical to ``--jobs 1``."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .test_synthetic import OUTPUTS

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(*args: str | Path, env: dict[str, str] | None = None, timeout: float = 240
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "disclosure_kit", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``dask scheduler`` and two ``dask worker`` processes; yields the scheduler address."""
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("dask")
    procs: list[subprocess.Popen[bytes]] = []

    def start(*args: str, log: str) -> None:
        with open(logs / log, "wb") as handle:
            procs.append(subprocess.Popen([str(BIN / "dask"), *args], stdout=handle, stderr=subprocess.STDOUT,
                                          cwd=logs))

    try:
        start("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard", log="scheduler.log")
        for i in range(2):
            start("worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--nworkers", "1",
                  "--no-dashboard", "--local-directory", str(logs / f"w{i}"), "--name", f"w{i}", log=f"w{i}.log")
        deadline = time.monotonic() + 90
        with Client(address, timeout=60, set_as_default=False) as client:
            while len(client.scheduler_info()["workers"]) < 2:
                assert time.monotonic() < deadline, (logs / "w0.log").read_text()
                time.sleep(0.2)
            assert {w["name"] for w in client.scheduler_info()["workers"].values()} == {"w0", "w1"}
            pids = client.run(os.getpid)
        assert len(set(pids.values()) - {os.getpid()}) == 2  # two worker processes, neither is this one
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(20)
            if proc.poll() is None:
                proc.kill()


def test_cli_on_separate_scheduler_and_workers_matches_jobs_1(
    synthetic: dict[str, Any], cluster: str, tmp_path: Path
) -> None:
    out = tmp_path / "dask"
    res = _cli("dataset", synthetic["reports"], "-o", out, "--engine", "dask", "--scheduler", cluster,
               "--to", "csv", "--to", "jsonl", "--to", "parquet", "--no-progress")
    assert res.returncode == 1, res.stderr  # the synthetic set has injected errors
    assert res.stderr.startswith("共 41 份报告：通过 32，有错误 5，无法读取 4；错误 11 个，警告 7 个")
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (synthetic["out"] / name).read_bytes(), name


def test_unreachable_scheduler_is_a_clear_system_error(synthetic: dict[str, Any], tmp_path: Path) -> None:
    port = _free_port()  # nothing listens there
    start = time.monotonic()
    res = _cli("dataset", synthetic["reports"], "-o", tmp_path / "out", "--engine", "dask",
               "--scheduler", f"tcp://127.0.0.1:{port}", "--scheduler-timeout", "2")
    assert res.returncode == 3  # tool.system (docs/cli.md): the network said no, not the user
    assert "tool.system" in res.stderr
    assert "Traceback" not in res.stderr
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port} within 2 s" in res.stderr
    assert time.monotonic() - start < 60
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir()] == []  # no temporary folder left


def test_missing_dask_extra_says_what_to_install(synthetic: dict[str, Any], tmp_path: Path) -> None:
    shadow = tmp_path / "shadow" / "distributed"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError(\"No module named 'distributed'\")\n")
    res = _cli("dataset", synthetic["reports"], "-o", tmp_path / "out", "--engine", "dask",
               "--scheduler", "tcp://127.0.0.1:1", env={"PYTHONPATH": str(tmp_path / "shadow")})
    assert res.returncode == 3  # tool.dependency (docs/cli.md)
    assert "tool.dependency" in res.stderr
    assert "Traceback" not in res.stderr
    assert "pip install 'disclosure-kit[dask]'" in res.stderr
    assert not (tmp_path / "out").exists()

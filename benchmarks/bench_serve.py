"""Bounded load on loopback against ``disclosure-kit serve``: validate next to a bare JSON echo.

    .venv/bin/python benchmarks/bench_serve.py [--clients 8] [--requests 3000]

Starts the service (with its echo endpoint) on a free 127.0.0.1 port in a subprocess, then, with
N concurrent keep-alive clients (asyncio, in this process) and a fixed number of requests each
phase:
  1. ``POST /api/v1/echo``      the 2021 example as JSON: parse and answer it (the baseline);
  2. ``POST /api/v1/validate``  the same JSON body: the full check, the check-result JSON back;
  3. ``POST /api/v1/validate``  again, while a hostile PDF (four million glyphs, minutes of
     layout) is being imported by the same server in its bounded worker process.
Prints requests/s, p50 and p99 latency per phase, the server process's peak memory, the ratios
against the targets (validate ≥ half the echo throughput; p99 under the hostile import < 3× the
normal p99), and the load average. Every loop is bounded in count; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import orjson
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from web.hostile import slow_pdf  # noqa: E402  (the same hostile PDF as tests/web/test_hostile.py)

SERVER = (
    "import sys, uvicorn\n"
    "from disclosure_kit.web.app import create_app\n"
    "from disclosure_kit.web.config import ServeConfig\n"
    "uvicorn.run(create_app(ServeConfig(echo=True)), host='127.0.0.1', port=int(sys.argv[1]), log_level='warning',\n"
    "            timeout_graceful_shutdown=2)\n"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def client(port: int, path: str, body: bytes, count: int, latencies: list[float]) -> None:
    """One keep-alive connection sending ``count`` requests one after the other."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    for _ in range(count):
        start = time.perf_counter()
        writer.write(head + body)
        status = await reader.readline()
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - start)
        if b" 200 " not in status:
            raise RuntimeError(f"{path}: {status!r}")
    writer.close()


def phase(port: int, path: str, body: bytes, clients: int, requests: int) -> dict[str, float]:
    latencies: list[float] = []

    async def run() -> float:
        start = time.perf_counter()
        await asyncio.gather(*(client(port, path, body, requests // clients, latencies) for _ in range(clients)))
        return time.perf_counter() - start

    seconds = asyncio.run(run())
    latencies.sort()
    return {"rps": len(latencies) / seconds, "p50": statistics.median(latencies) * 1000,
            "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000, "n": len(latencies)}


def peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def hostile_import(port: int, pdf: bytes, outcome: dict[str, object]) -> None:
    """Upload the slow PDF and wait for the answer (the server stops it at its time limit)."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    start = time.perf_counter()
    conn.request("POST", "/api/v1/import?filename=slow.pdf", pdf, {"content-type": "application/octet-stream"})
    response = conn.getresponse()
    outcome["status"] = response.status
    outcome["body"] = response.read()[:200]
    outcome["seconds"] = time.perf_counter() - start
    conn.close()


def median_round(results: list[dict[str, float]]) -> dict[str, float]:
    """Each figure's median over the rounds."""
    return {k: statistics.median(r[k] for r in results) for k in results[0]}


def show(name: str, r: dict[str, float]) -> None:
    print(f"  {name:<34} {r['rps']:8.0f} req/s   p50 {r['p50']:6.2f} ms   p99 {r['p99']:6.2f} ms"
          f"   ({r['n']:.0f} requests)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000, help="requests per round (bounded)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    report = yaml.safe_load((ROOT / "fixtures" / "examples" / "2021.yaml").read_text(encoding="utf-8"))
    body = orjson.dumps(report)
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TMPDIR": tmp, "DISCLOSURE_KIT_LIMITS": "seconds_per_source=300"}
        server = subprocess.Popen([sys.executable, "-c", SERVER, str(port)], env=env)
        try:
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            time.sleep(1.0)  # the fork server has preloaded the readers
            for path in ("/api/v1/echo", "/api/v1/validate"):  # warm-up, not counted
                phase(port, path, body, args.clients, 400)
            rounds: dict[str, list[dict[str, float]]] = {"echo": [], "validate": [], "attack": []}
            for _ in range(args.rounds):  # alternated, so that the machine's other load hits both alike
                rounds["echo"].append(phase(port, "/api/v1/echo", body, args.clients, args.requests))
                rounds["validate"].append(phase(port, "/api/v1/validate", body, args.clients, args.requests))
            outcome: dict[str, object] = {}
            hostile = threading.Thread(target=hostile_import, args=(port, slow_pdf(4_000_000), outcome))
            hostile.start()
            time.sleep(1.0)  # the import process is parsing
            for _ in range(args.rounds):
                rounds["attack"].append(phase(port, "/api/v1/validate", body, args.clients, args.requests))
            still_running = hostile.is_alive()
            peak = peak_mib(server.pid)
        finally:
            server.terminate()
            server.wait(30)
        hostile.join(30)
    print(f"bench_serve: {args.clients} clients, {args.requests} requests per round, "
          f"body {len(body)} bytes (the 2021 example as JSON)")
    echo, validate, under_attack = (median_round(rounds[k]) for k in ("echo", "validate", "attack"))
    print(f"  median of {args.rounds} rounds each (echo and validate alternated):")
    show("echo (baseline)", echo)
    show("validate", validate)
    show("validate during a hostile import", under_attack)
    print(f"  server process peak memory: {peak:.0f} MiB")
    print(f"  validate / echo throughput: {validate['rps'] / echo['rps']:.2f} (target ≥ 0.50)")
    print(f"  p99 during the hostile import / normal p99: {under_attack['p99'] / validate['p99']:.2f} "
          f"(target < 3.00); the import was still running at the end of the phase: {still_running}")
    print(f"  load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} "
          f"(1/5/15 min), {os.cpu_count()} cores")


if __name__ == "__main__":
    main()

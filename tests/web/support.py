"""A real ``disclosure-kit serve`` on 127.0.0.1 for the tests, and a small HTTP client for it.

The server is the command a clerk's office runs, started as a subprocess on a free loopback port
with its own temporary folder (to prove uploads leave nothing behind) and its own limits; the
client is ``http.client`` so that a test can stream a body of any size without holding it.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "fixtures" / "examples"
CORPUS = ROOT.parent / "shared" / "corpus"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0]


@dataclass
class Server:
    """One running ``disclosure-kit serve``; ``stop`` ends it (and its import workers)."""

    port: int
    tmp: Path
    proc: subprocess.Popen[bytes]
    log: Path
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body: bytes | Iterable[bytes] | None = None,
                headers: dict[str, str] | None = None, timeout: float = 60) -> Answer:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return Answer(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
        finally:
            conn.close()

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, body: bytes, media_type: str) -> Answer:
        return self.request("POST", path, body, {"content-type": media_type})

    def upload(self, path: str, filename: str, data: bytes, fields: dict[str, str] | None = None,
               timeout: float = 60) -> Answer:
        body, media = multipart(filename, data, fields)
        return self.request("POST", path, body, {"content-type": media}, timeout=timeout)

    def healthy(self) -> bool:
        try:
            return self.get("/api/v1/health").status == 200
        except OSError:
            return False

    def rss_peak_kib(self) -> int:
        """The server process's own peak resident memory (VmHWM)."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


def multipart(filename: str, data: bytes, fields: dict[str, str] | None = None) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in (fields or {}).items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def start_server(tmp: Path, limits: str = "", workers: int = 2, import_memory: int = 1024,
                 env: dict[str, str] | None = None) -> Server:
    """Start ``disclosure-kit serve`` on a free port and wait until it answers."""
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "tmp").mkdir(exist_ok=True)
    port = free_port()
    full_env = {**os.environ, "TMPDIR": str(tmp / "tmp"), **(env or {})}
    full_env.pop("DISCLOSURE_KIT_LIMITS", None)
    if limits:
        full_env["DISCLOSURE_KIT_LIMITS"] = limits
    log = tmp / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "disclosure_kit", "serve", "--port", str(port), "--workers", str(workers),
             "--import-memory", str(import_memory), "--examples", str(EXAMPLES), "--log-level", "warning"],
            stdout=out, stderr=subprocess.STDOUT, env=full_env, cwd=tmp)
    server = Server(port, tmp, proc, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text(errors='replace')}")
        if server.healthy():
            return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError("the server did not answer within 60 s")


def leftovers(server: Server) -> list[str]:
    """Files left in the server's temporary folder (uploads must leave none; multiprocessing's
    own folder for the fork server's socket lives as long as the server)."""
    root = server.tmp / "tmp"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if not p.relative_to(root).parts[0].startswith("pymp-"))  # the fork server's socket

"""Hostile uploads against a real server: each gets a clear answer, and the server stays healthy.

The server runs with a 3-second import limit and a 1 GiB memory limit per import process, in its
own temporary folder; at the end that folder must hold nothing (uploads are only ever written to
temporary files that are always deleted, even when the import process was killed).
"""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from .hostile import docx_with_entity, slow_pdf, xhtml_with_entity, zip_bomb
from .support import EXAMPLES, Answer, Server, leftovers, start_server

MIB = 1024 * 1024


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = start_server(tmp_path_factory.mktemp("hostile"), limits="seconds_per_source=3", import_memory=1024)
    yield srv
    srv.stop()


def still_healthy(server: Server) -> None:
    """The server answers a real check correctly right after the hostile request."""
    answer = server.upload("/api/v1/validate", "2021.yaml", (EXAMPLES / "2021.yaml").read_bytes())
    assert answer.status == 200 and answer.json()["summary"]["exit_code"] == 0
    assert server.proc.poll() is None


def findings(answer: Answer) -> list[tuple[str, str]]:
    return [(f["code"], f["severity"]) for f in answer.json()["result"]["files"][0]["findings"]]


def stream_body(server: Server, total: int, declare_length: bool) -> tuple[int, bytes, int]:
    """POST ``total`` bytes in 1 MiB chunks without holding them; stop as soon as the server answers.

    Returns (status, body, bytes sent).
    """
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    head = [b"POST /api/v1/import?filename=big.pdf HTTP/1.1", b"Host: 127.0.0.1",
            b"Content-Type: application/octet-stream"]
    head.append(b"Content-Length: %d" % total if declare_length else b"Transfer-Encoding: chunked")
    sock.sendall(b"\r\n".join(head) + b"\r\n\r\n")
    chunk = b"%PDF" + b"\0" * (MIB - 4)
    sent = 0
    try:
        while sent < total and not select.select([sock], [], [], 0)[0]:
            piece = chunk if declare_length else b"%x\r\n" % len(chunk) + chunk + b"\r\n"
            sock.sendall(piece)
            sent += len(chunk)
        if not declare_length and sent >= total:
            sock.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    data = b""
    while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < _length(data):
        part = sock.recv(65536)
        if not part:
            break
        data += part
    sock.close()
    head_text, _, body = data.partition(b"\r\n\r\n")
    return int(head_text.split()[1]), body, sent


def _length(data: bytes) -> int:
    for line in data.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":")[1])
    return 0


@pytest.mark.parametrize("declare_length", [True, False], ids=["content-length", "chunked"])
def test_a_200_mb_body_is_refused_without_being_held(hostile_server: Server, declare_length: bool) -> None:
    before = hostile_server.rss_peak_kib()
    status, body, sent = stream_body(hostile_server, 200 * MIB, declare_length)
    assert status == 413
    assert b'"code":"web.too_large"' in body
    if declare_length:
        assert sent < 200 * MIB  # refused on the declared length, before the body was read
    assert hostile_server.rss_peak_kib() - before < 32 * 1024  # never held: under 32 MiB more at peak
    still_healthy(hostile_server)


def test_docx_zip_bomb(hostile_server: Server) -> None:
    bomb = zip_bomb("word/document.xml", 64)
    assert len(bomb) < MIB // 8
    start = time.monotonic()
    answer = hostile_server.upload("/api/v1/import", "bomb.docx", bomb)
    assert time.monotonic() - start < 20
    assert answer.status == 200
    assert findings(answer) == [("import.source_unreadable", "error")]
    assert "too large" in answer.json()["result"]["files"][0]["findings"][0]["message"]
    still_healthy(hostile_server)


def test_xlsx_zip_bomb(hostile_server: Server) -> None:
    """A real exported workbook whose sheet two inflates to 17 million empty rows (minutes and
    gigabytes for the spreadsheet library): refused by the zip budget before it is parsed."""
    from disclosure_kit.authoring.workbook import workbook_bytes
    from disclosure_kit.model.editions import get_edition

    data = yaml.safe_load((EXAMPLES / "2021.yaml").read_text(encoding="utf-8"))
    bomb = zip_bomb("xl/worksheets/sheet2.xml", 100, workbook_bytes(get_edition("2021"), data), b"<row/>")
    assert len(bomb) < MIB // 2
    start = time.monotonic()
    answer = hostile_server.upload("/api/v1/import", "bomb.xlsx", bomb)
    assert time.monotonic() - start < 8
    assert answer.status == 200
    first = answer.json()["result"]["files"][0]["findings"][0]
    assert (first["code"], first["severity"], first["params"]["what"]) == ("xlsx.too_large", "error",
                                                                            "xl/worksheets/sheet2.xml")
    still_healthy(hostile_server)


def test_external_entities_are_never_resolved(hostile_server: Server, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-4417", encoding="utf-8")
    sources = (("entity.docx", docx_with_entity(str(secret))), ("entity.xhtml", xhtml_with_entity(str(secret))))
    for name, data in sources:
        answer = hostile_server.upload("/api/v1/import", name, data)
        assert answer.status == 200, answer.body
        assert b"TOP-SECRET-4417" not in answer.body
        assert answer.json()["result"]["files"][0]["errors"] >= 1
    still_healthy(hostile_server)


def test_a_pdf_that_takes_minutes_is_stopped_and_others_are_served_meanwhile(hostile_server: Server) -> None:
    pdf = slow_pdf(4_000_000)  # about two minutes of layout for the PDF reader
    assert len(pdf) < 200_000
    latencies: list[float] = []
    stop = threading.Event()

    def check_meanwhile() -> None:
        body = (EXAMPLES / "2021.yaml").read_bytes()
        while not stop.is_set():
            t = time.monotonic()
            assert hostile_server.upload("/api/v1/validate", "2021.yaml", body).status == 200
            latencies.append(time.monotonic() - t)
            time.sleep(0.05)

    other = threading.Thread(target=check_meanwhile)
    other.start()
    start = time.monotonic()
    answer = hostile_server.upload("/api/v1/import?lang=en", "slow.pdf", pdf)
    took = time.monotonic() - start
    stop.set()
    other.join()
    assert answer.status == 504 and answer.media_type == "application/problem+json"
    problem = answer.json()
    assert problem["code"] == "import.timeout" and problem["params"] == {"seconds": 3}
    assert problem["title"].startswith("the import did not finish within 3 s and was stopped")
    assert 3 <= took < 8
    assert len(latencies) >= 10 and max(latencies) < 1.0
    still_healthy(hostile_server)


def test_empty_files(hostile_server: Server) -> None:
    empty_pdf = hostile_server.upload("/api/v1/import", "empty.pdf", b"")
    assert empty_pdf.status == 200 and [c for c, _ in findings(empty_pdf)] == ["import.pdf_unreadable"]
    empty_yaml = hostile_server.upload("/api/v1/validate", "empty.yaml", b"").json()
    assert [f["code"] for f in empty_yaml["files"][0]["findings"]] == ["load.empty"]
    nothing = hostile_server.upload("/api/v1/validate", "", b"")
    assert nothing.status == 400 and nothing.json()["code"] == "web.no_input"
    still_healthy(hostile_server)


def test_wrong_extensions(hostile_server: Server) -> None:
    exe = hostile_server.upload("/api/v1/import", "report.exe", b"MZ\x90\x00")
    assert exe.status == 415 and exe.json()["code"] == "web.unsupported_file"
    assert exe.json()["params"]["suffix"] == ".exe"
    pdf_named_docx = hostile_server.upload("/api/v1/import", "report.docx", b"%PDF-1.4\n%%EOF\n")
    assert findings(pdf_named_docx) == [("import.source_unreadable", "error")]
    page = hostile_server.upload("/check", "report.sh", b"#!/bin/sh\nrm -rf /\n")
    assert page.status == 415 and page.json()["code"] == "web.unsupported_file"
    still_healthy(hostile_server)


def test_uploads_leave_no_file_behind(hostile_server: Server) -> None:
    """Runs last in this module: every upload above, killed import included, left nothing."""
    assert leftovers(hostile_server) == []


def test_stopping_the_server_during_a_long_import_answers_503_without_a_traceback(tmp_path: Path) -> None:
    """SIGTERM while an import runs: uvicorn's grace period (5 s) runs out and it cancels the request;
    the client gets ``web.shutting_down`` and the server's log holds no traceback."""
    server = start_server(tmp_path / "srv", limits="seconds_per_source=120")
    answers: list[Answer] = []
    pdf = slow_pdf(4_000_000)
    upload = threading.Thread(target=lambda: answers.append(server.upload("/api/v1/import", "slow.pdf", pdf)))
    upload.start()
    time.sleep(2)  # the import is running in its worker
    server.proc.terminate()
    server.proc.wait(30)
    upload.join(30)
    log = server.log.read_text(errors="replace")
    assert "Traceback" not in log and "Exception in ASGI application" not in log, log
    assert [(a.status, a.json()["code"]) for a in answers] == [(503, "web.shutting_down")]
    assert leftovers(server) == []


def test_a_source_just_over_its_limit_gets_the_finding_of_import_not_a_crash(tmp_path: Path) -> None:
    """The body bound leaves room for a form around the file, so an upload can pass it and still be
    over ``source_bytes``: the answer is the finding ``import`` gives for that file, with no traceback."""
    server = start_server(tmp_path / "srv", limits="source_bytes=2000")
    source = tmp_path / "big.pdf"
    source.write_bytes(b"%PDF-1.4\n" + b"\0" * 2991)
    try:
        answer = server.upload("/api/v1/import", "big.pdf", source.read_bytes())
    finally:
        server.stop()
    cli = subprocess.run([sys.executable, "-m", "disclosure_kit", "import", "big.pdf", "-o", "big.yaml",
                          "--format", "json"], capture_output=True, cwd=tmp_path,
                         env={**os.environ, "DISCLOSURE_KIT_LIMITS": "source_bytes=2000"})
    assert answer.status == 200, answer.body
    assert answer.json()["result"]["files"] == json.loads(cli.stdout)["files"]
    assert findings(answer) == [("import.source_too_large", "error")]
    assert "Traceback" not in server.log.read_text(errors="replace")

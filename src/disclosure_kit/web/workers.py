"""Imports of untrusted files (PDF, DOCX, XLSX, HTML) in separate processes, each one bounded.

A hostile or merely huge source must not stall or crash the service, nor slow other users'
requests. So each import runs in a fresh process forked from a ``forkserver`` (which preloads the
readers once, so a fork costs milliseconds, not the second an interpreter start would) with:

* an address-space limit (``RLIMIT_AS``): a decompression bomb gets ``MemoryError`` or dies,
  and the service sees ``import.memory``;
* a wall-clock limit (``fileio.limits().seconds_per_source``): past it the process is killed and
  the service answers ``import.timeout``;
* a lower scheduling priority (``nice 19``), so a long import yields the CPU to interactive checks;
* its own temporary folder inside the job's folder, which the service deletes in every case,
  even after killing the process (which then never ran its own clean-up).

The upload is written only into that job folder. At most ``import_workers`` imports run at once;
a request that would wait behind more than ``import_queue`` others gets ``web.busy`` at once.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import resource
import shutil
import tempfile
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import IO, Any

from .config import ServeConfig
from .problems import Problem

# Imported once by the fork server (0.8 s), not by every import; a name that fails is skipped.
PRELOAD = ["disclosure_kit.web.workers", "disclosure_kit.api", "disclosure_kit.importers.run",
           "disclosure_kit.importers.assemble", "disclosure_kit.importers.pdf", "disclosure_kit.importers.html",
           "disclosure_kit.importers.docx", "disclosure_kit.importers.xlsx", "disclosure_kit.check.schema",
           "pdfplumber", "openpyxl", "docx", "bs4", "lxml.html", "jsonschema"]
NICE = 19  # imports are batch work: they take whatever CPU interactive checks leave
EXIT_MEMORY = 75  # the import process ran out of its address space (nothing left to report it with)


@dataclass
class ImportOutcome:
    """What an import process sends back: the checked result, the provenance, the layout notes."""

    result: Any  # check.findings.FileResult
    provenance: dict[str, Any] = field(default_factory=dict)
    layout: dict[str, Any] = field(default_factory=dict)


def _child(conn: Connection, job_dir: str, upload: str, name: str, edition: str, memory_bytes: int) -> None:
    """Runs in the import process: limits first, then the same ``api.import_source`` as the CLI, on
    the uploaded file itself (read within ``source_bytes`` there, as ``import`` reads a path)."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.nice(NICE)
    tempfile.tempdir = os.path.join(job_dir, "tmp")  # anything the readers write dies with the job
    os.environ["TMPDIR"] = tempfile.tempdir
    try:
        from .. import api

        imported = api.import_source(upload, name=name, edition=edition)
        conn.send(ImportOutcome(imported.result, imported.provenance, imported.layout))
    except MemoryError:
        os._exit(EXIT_MEMORY)  # sending a message could need memory too: the exit code says it
    finally:
        conn.close()


class ImportPool:
    """Starts one bounded process per import; call ``start`` once before use and ``close`` at exit."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.slots = asyncio.Semaphore(config.import_workers)
        self.waiting = 0
        self.context: Any = None
        self.running: set[Any] = set()
        self.closed = False

    def start(self) -> None:
        """Start the fork server now (it imports the readers once), not on the first upload."""
        from multiprocessing import forkserver

        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(PRELOAD)
        forkserver.ensure_running()

    def close(self) -> None:
        """At shutdown: kill the imports still running (their requests then end at once)."""
        self.closed = True
        for proc in list(self.running):
            proc.kill()

    async def run(self, payload: IO[bytes], suffix: str, name: str, edition: str = "auto") -> ImportOutcome:
        """Import one uploaded source; raises ``Problem`` when it is bounded out."""
        if self.closed or self.waiting >= self.config.import_workers + self.config.import_queue:
            raise Problem(503, "web.busy", headers={"retry-after": "5"})
        self.waiting += 1
        try:
            async with self.slots:
                return await asyncio.to_thread(self._run_blocking, payload, suffix, name, edition)
        finally:
            self.waiting -= 1

    def _run_blocking(self, payload: IO[bytes], suffix: str, name: str, edition: str) -> ImportOutcome:
        from ..fileio.tempfiles import temp_dir

        job_dir = str(temp_dir("job"))  # owned: a job folder left by a killed server is swept later
        try:
            os.mkdir(os.path.join(job_dir, "tmp"))
            upload = os.path.join(job_dir, "upload" + suffix)
            payload.seek(0)
            with open(upload, "wb") as handle:
                shutil.copyfileobj(payload, handle, 1024 * 1024)
            return self._supervise(job_dir, upload, name, edition)
        finally:
            shutil.rmtree(job_dir, ignore_errors=True)

    def _supervise(self, job_dir: str, upload: str, name: str, edition: str) -> ImportOutcome:
        seconds = self.config.import_seconds
        receiver, sender = self.context.Pipe(duplex=False)
        proc = self.context.Process(
            target=_child, daemon=True,
            args=(sender, job_dir, upload, name, edition, self.config.memory_bytes))
        proc.start()
        self.running.add(proc)
        sender.close()
        try:
            if not receiver.poll(seconds):
                proc.kill()
                raise Problem(504, "import.timeout", seconds=_plain(seconds))
            try:
                outcome = receiver.recv()
            except (EOFError, OSError):
                proc.join(5)
                raise self._died(proc.exitcode) from None
            if _ran_out_of_memory(outcome):
                raise Problem(422, "import.memory", limit_mib=self.config.import_memory_mib)
            return outcome
        finally:
            receiver.close()
            if proc.is_alive():
                proc.kill()
            proc.join(5)
            self.running.discard(proc)

    def _died(self, exitcode: int | None) -> Problem:
        if exitcode == EXIT_MEMORY:
            return Problem(422, "import.memory", limit_mib=self.config.import_memory_mib)
        return Problem(500, "import.crashed", reason=f"exit code {exitcode}")


def _ran_out_of_memory(outcome: ImportOutcome) -> bool:
    """``api.import_source`` turns any exception into a ``tool.error`` finding; a MemoryError there
    is the address-space limit doing its job, not a fault of the tool."""
    return any(f.code == "tool.error" and "MemoryError" in str(f.params.get("detail", ""))
               for f in outcome.result.findings)


def _plain(seconds: float) -> int | float:
    return int(seconds) if float(seconds).is_integer() else seconds

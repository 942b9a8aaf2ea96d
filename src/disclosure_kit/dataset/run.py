"""One dataset run: inputs -> a directory of data files, written all or nothing.

Everything is written into a temporary directory beside OUT; only when every file is complete is
it renamed to OUT (a previous dataset at OUT is replaced). Ctrl-C, a crash or a full disk removes
the temporary directory and leaves OUT untouched. Files are processed as a stream in a stable
order (input arguments in the order given, each directory sorted), so the bytes of every output
depend only on the inputs, never on ``--jobs`` or the engine.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson

from ..check.findings import ExitCode
from ..check.loading import DEFAULT_MAX_BYTES, REPORT_SUFFIXES
from . import engines, records
from .crossyear import cross_findings
from .package import descriptor
from .store import Store
from .summary import Tally, write_summary
from .worker import WorkOptions

DATA_FILES = ("observations.csv", "observations.jsonl", "reports.csv", "findings.csv", "findings.json")


class DatasetUsageError(Exception):
    """Wrong inputs or an output that must not be overwritten (exit code 2)."""


@dataclass(frozen=True)
class DatasetOptions:
    """How to run: language of messages, parallelism, engine."""

    lang: str = "zh"
    jobs: int = 1
    engine: str = "local"  # local | dask
    scheduler: str | None = None
    strict: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    progress: bool | None = None  # None: only when stderr is a terminal


@dataclass
class DatasetResult:
    """Totals of a run and the exit code they imply."""

    out: Path
    reports: int = 0
    valid: int = 0
    invalid: int = 0
    unreadable: int = 0
    errors: int = 0
    warnings: int = 0
    tool_errors: int = 0
    strict: bool = False

    @property
    def exit_code(self) -> ExitCode:
        if self.tool_errors:
            return ExitCode.FAILURE
        if self.errors or (self.strict and self.warnings):
            return ExitCode.FINDINGS
        return ExitCode.OK


class HashingWriter:
    """A binary file that knows its size and sha256 when closed (for datapackage.json)."""

    def __init__(self, path: Path) -> None:
        self.handle: IO[bytes] = open(path, "wb")  # noqa: SIM115 - closed in close()
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.handle.write(data)

    def close(self) -> tuple[int, str]:
        """Flush to disk (the folder is renamed into place next: it must be complete) and close."""
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        return self.size, self.digest.hexdigest()


class Progress:
    """A one-line progress bar on a terminal; silent in pipelines."""

    def __init__(self, total: int, enabled: bool | None) -> None:
        self.total = total
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.done = 0
        self.start = self.last = time.monotonic()

    def step(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self.last > 0.1 or self.done == self.total):
            self.last = now
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            rate = self.done / max(now - self.start, 1e-9)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {rate:.0f}/s")
            sys.stderr.flush()

    def finish(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _walk(folder: Path) -> Iterator[Path]:
    """Report files under a folder, depth first, each folder's entries sorted by name.

    Only one folder listing is held at a time, so 100,000 files cost no more memory than 1,000;
    hidden entries are skipped, as in ``validate``.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=True):
            yield from _walk(Path(entry.path))
        elif entry.name.lower().endswith(REPORT_SUFFIXES):
            yield Path(entry.path)


@dataclass(frozen=True)
class Inputs:
    """The input arguments, checked; iterate to get (absolute path, display name) pairs, lazily.

    The display name is the path relative to the common folder of the inputs, with ``/``, so it
    is the same on every machine and engine.
    """

    paths: tuple[Path, ...]
    common: Path

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for path in self.paths:
            files = _walk(path) if path.is_dir() else iter([path])
            for file in files:
                absolute = file.absolute()
                yield str(absolute), absolute.relative_to(self.common).as_posix()

    def count(self) -> int:
        return sum(1 for path in self.paths for _ in (_walk(path) if path.is_dir() else [path]))


def collect(inputs: list[str]) -> Inputs:
    """Check the input arguments (exit code 2 when one is missing)."""
    if not inputs:
        raise DatasetUsageError("no input directory")
    paths, roots = [], []
    for raw in inputs:
        path = Path(raw)
        if not path.exists():
            raise DatasetUsageError(f"{raw}: no such file or directory")
        path = Path(os.path.abspath(path))
        paths.append(path)
        roots.append(path if path.is_dir() else path.parent)
    return Inputs(tuple(paths), Path(os.path.commonpath([str(r) for r in roots])))


def _check_out(out: Path) -> None:
    """OUT may be new, empty, or a dataset written before; anything else is never overwritten."""
    if not out.exists():
        return
    if not out.is_dir():
        raise DatasetUsageError(f"{out}: exists and is not a directory")
    if any(out.iterdir()) and not (out / "datapackage.json").is_file():
        raise DatasetUsageError(f"{out}: not empty and not a dataset written by disclosure-kit; refusing to replace it")


def _publish(tmp: Path, out: Path) -> None:
    """Rename the finished temporary folder to OUT (mkdtemp made it private: open it up first)."""
    umask = os.umask(0o022)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
        os.replace(out, old / out.name)
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, out)


class _JsonArray:
    """Write a JSON array item by item."""

    def __init__(self, writer: HashingWriter) -> None:
        self.writer = writer
        self.first = True
        writer.write(b"[")

    def add(self, item: bytes) -> None:
        self.writer.write((b"\n" if self.first else b",\n") + item)
        self.first = False

    def close(self) -> None:
        self.writer.write(b"]\n" if self.first else b"\n]\n")


def build_dataset(inputs: list[str], out: Path, options: DatasetOptions = DatasetOptions()) -> DatasetResult:
    """Validate every report under ``inputs`` and write the dataset to ``out``."""
    out = Path(out)
    items = collect(inputs)
    _check_out(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        result = _write_all(items, tmp, out, options)
        _publish(tmp, out)
        return result
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _write_all(items: Inputs, tmp: Path, out: Path, options: DatasetOptions) -> DatasetResult:
    result = DatasetResult(out=out, strict=options.strict)
    store = Store(tmp / ".state.sqlite")
    writers = {name: HashingWriter(tmp / name) for name in DATA_FILES}
    sizes: dict[str, tuple[int, str]] = {}
    try:
        writers["observations.csv"].write(records.header_csv(records.OBSERVATION_FIELDS))
        writers["findings.csv"].write(records.header_csv(records.FINDING_FIELDS))
        writers["reports.csv"].write(records.header_csv(records.REPORT_FIELDS))
        findings_json = _JsonArray(writers["findings.json"])
        tally = Tally()
        show = sys.stderr.isatty() if options.progress is None else options.progress
        progress = Progress(items.count() if show else 0, show)
        work = WorkOptions(lang=options.lang, max_bytes=options.max_bytes)
        for outcome in engines.run(items, work, options.engine, options.jobs, options.scheduler):
            store.add(outcome)
            writers["observations.csv"].write(outcome.observations_csv)
            writers["observations.jsonl"].write(outcome.observations_jsonl)
            for rec in outcome.findings:
                writers["findings.csv"].write(records.finding_csv(rec))
                findings_json.add(records.finding_json(rec))
                if rec["code"].startswith("tool."):
                    result.tool_errors += 1
            tally.add((r["code"], r["severity"]) for r in outcome.findings)
            progress.step()
        progress.finish()
        store.finish_loading()
        _cross(store, options.lang, writers, findings_json, tally)
        store.finish_cross()
        findings_json.close()
        for r in store.reports():
            writers["reports.csv"].write(records.report_csv(r))
            result.reports += 1
            setattr(result, r["status"], getattr(result, r["status"]) + 1)
            result.errors += r["errors"]
            result.warnings += r["warnings"]
        for name, writer in writers.items():
            sizes[name] = writer.close()
        counts = store.counts()
        totals = _totals(result, counts)
        with open(tmp / "summary.html", "wb") as handle:
            write_summary(handle, options.lang, counts, tally, store.reports(), totals)
        (tmp / "datapackage.json").write_bytes(
            orjson.dumps(descriptor(sizes), option=orjson.OPT_INDENT_2) + b"\n"
        )
    finally:
        for writer in writers.values():
            with contextlib.suppress(Exception):
                writer.handle.close()
        store.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp / ".state.sqlite")
    return result


def _cross(store: Store, lang: str, writers: dict[str, HashingWriter], findings_json: _JsonArray, tally: Tally) -> None:
    """Append the cross-report findings, counting them per report as they come (grouped by report)."""
    group: list[tuple[str, str]] = []
    last = None
    for cf in cross_findings(store):
        rec = records.finding_record(cf.finding, lang, cf.agency, cf.year, "cross-report", cf.other_file)
        writers["findings.csv"].write(records.finding_csv(rec))
        findings_json.add(records.finding_json(rec))
        store.add_cross(cf.seq, cf.finding.severity)
        if cf.seq != last and group:
            tally.add(group)
            group = []
        last = cf.seq
        group.append((cf.finding.code, cf.finding.severity))
    if group:
        tally.add(group)


def _totals(result: DatasetResult, counts: dict[str, Any]) -> dict[str, Any]:
    readable = result.reports - result.unreadable
    share = f"{100 * counts['identity_broken'] / readable:.1f}%" if readable else "—"
    return {
        "reports": result.reports, "valid": result.valid, "invalid": result.invalid,
        "unreadable": result.unreadable, "errors": result.errors, "warnings": result.warnings,
        "identity_share": share, "identity_broken": counts["identity_broken"],
    }

"""One dataset run: inputs -> a folder of data files, written all or nothing.

Everything is written into a temporary folder beside OUT, named as ours and as belonging to this
process (``fileio.tempfiles``); only when every file is complete is it renamed to OUT. OUT is replaced only when it is
new, empty, or a folder this tool wrote (``fileio.markers``): a folder of the user's is never
touched, whatever it contains. Ctrl-C, SIGTERM, a crash or a full disk removes the temporary
folder and leaves OUT untouched; a folder left by a run that was killed outright (SIGKILL, power
loss) is removed by the next run once its process is gone. Files are taken exactly as
``validate`` takes them (``check.pipeline.iter_report_paths``) and processed as a stream in that
order, so the bytes of every output depend only on the inputs, never on ``--jobs`` or the engine.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from .. import __version__
from ..check.findings import ERROR, ExitCode, Finding
from ..check.loading import DEFAULT_MAX_BYTES
from ..check.pipeline import Unlisted, iter_report_paths
from ..fileio.atomic import sync_file
from ..fileio.markers import OUTPUT_MARKER, output_kind, write_marker
from ..fileio.tempfiles import temp_dir
from ..opendata.safety import clean_text
from . import engines, records
from .crossyear import cross_findings
from .dims import DIMENSIONS
from .files import FORMATS, TableFiles
from .package import Licence, descriptor, parse_licence
from .store import Store
from .summary import Tally, write_summary
from .tables import SKIPPED, all_tables
from .worker import TEXT_KINDS, Outcome, WorkOptions


class DatasetUsageError(Exception):
    """Wrong inputs or an output that must not be overwritten (exit code 2)."""


@dataclass(frozen=True)
class DatasetOptions:
    """How to run: language of messages, output formats, licence, parallelism, engine."""

    lang: str = "zh"
    jobs: int = 1
    engine: str = "local"  # local | dask
    scheduler: str | None = None
    scheduler_timeout: float = 10.0
    strict: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    progress: bool | None = None  # None: only when stderr is a terminal
    formats: tuple[str, ...] = TEXT_KINDS  # csv, jsonl, parquet
    license: str | None = None  # an SPDX licence id or an address


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
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count
    strict: bool = False

    @property
    def exit_code(self) -> ExitCode:
        if self.tool_errors:
            return ExitCode.FAILURE
        if self.errors or (self.strict and self.warnings):
            return ExitCode.FINDINGS
        return ExitCode.OK


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


@dataclass
class Inputs:
    """The input arguments, checked; iterate to get (path, display name, report id), lazily.

    Files are found by ``validate``'s discovery; what it passes over is collected in
    ``skipped`` as (display path, reason, detail). The display name is the path relative to the
    common folder of the inputs, with ``/``, so it is the same on every machine and engine.
    """

    paths: tuple[Path, ...]
    common: Path
    skipped: list[tuple[str, str, str]] = field(default_factory=list)

    def name(self, path: str | os.PathLike[str]) -> str:
        absolute = os.path.abspath(path)  # string work: pathlib costs more than a check per file
        prefix = str(self.common).rstrip(os.sep) + os.sep
        relative = absolute[len(prefix):] if absolute.startswith(prefix) else absolute
        return relative.replace(os.sep, "/")

    def _skip(self, path: str, reason: str, detail: str = "") -> None:
        self.skipped.append((clean_text(self.name(path)), reason, detail))

    def __iter__(self) -> Iterator[tuple[str, str, int]]:
        report_id = 0
        for file in iter_report_paths([str(p) for p in self.paths], self._skip):
            if isinstance(file, Unlisted):  # a folder that cannot be listed: skipped, and an error finding
                self._skip(file, "unreadable-folder", file.reason)
                continue
            report_id += 1
            yield os.path.abspath(file), clean_text(self.name(file)), report_id

    def count(self) -> int:
        return sum(1 for f in iter_report_paths([str(p) for p in self.paths]) if not isinstance(f, Unlisted))


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


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_out(out: Path, items: Inputs) -> None:
    """OUT may be new, empty, or a dataset folder of ours that holds no input; never anything else."""
    real = Path(os.path.realpath(out))
    for path in items.paths:
        if _inside(Path(os.path.realpath(path)), real):
            raise DatasetUsageError(f"{out}: holds the input {path}; refusing to replace it")
    if not out.exists() and not out.is_symlink():
        return
    if out.is_symlink() or not out.is_dir():
        raise DatasetUsageError(f"{out}: exists and is a symbolic link or not a folder; refusing to replace it")
    if any(out.iterdir()) and output_kind(out) != "dataset":
        raise DatasetUsageError(f"{out}: not empty and not a dataset written by disclosure-kit "
                                f"(no {OUTPUT_MARKER}); refusing to replace it")


def _publish(tmp: Path, out: Path) -> None:
    """Rename the finished temporary folder to OUT (mkdtemp made it private: open it up first)."""
    umask = os.umask(0o022)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)
    if out.exists():
        old = temp_dir(out.name, out.parent)  # owned: a kill right here leaves a folder the next run removes
        os.replace(out, old / out.name)
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, out)


def build_dataset(inputs: list[str], out: Path, options: DatasetOptions = DatasetOptions()) -> DatasetResult:
    """Validate every report under ``inputs`` and write the dataset to ``out``."""
    out = Path(os.path.abspath(out))
    items = collect(inputs)
    licence = parse_licence(options.license) if options.license is not None else None
    check_out(out, items)
    unknown = set(options.formats) - set(FORMATS)
    if unknown or not options.formats:
        raise DatasetUsageError(f"unknown output format(s): {', '.join(sorted(unknown)) or '(none)'}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_dir(out.name, out.parent)  # owned by this process; swept by a later run once it is gone
    try:
        result = _write_all(items, tmp, out, options, licence)
        _publish(tmp, out)
        return result
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _write_all(items: Inputs, tmp: Path, out: Path, options: DatasetOptions, licence: Licence | None) -> DatasetResult:
    result = DatasetResult(out=out, strict=options.strict)
    formats = tuple(f for f in FORMATS if f in options.formats)
    store = Store(tmp / ".state.sqlite")
    files = TableFiles(tmp, all_tables(), formats)
    try:
        tally = Tally()
        show = sys.stderr.isatty() if options.progress is None else options.progress
        progress = Progress(items.count() if show else 0, show)
        work = WorkOptions(lang=options.lang, max_bytes=options.max_bytes,
                           text=tuple(f for f in formats if f in TEXT_KINDS))
        run = engines.run(items, work, options.engine, options.jobs, options.scheduler, options.scheduler_timeout)
        with contextlib.closing(run):  # an error here stops the workers now, not when the generator is collected
            for outcome in run:
                _add(outcome, files, store, tally, items, result)
                progress.step()
        progress.finish()
        _skipped(items, files, tally, result, options.lang)
        store.finish_loading()
        _cross(store, options.lang, files, tally)
        store.finish_cross()
        for row in store.reports():
            files.add("reports", row)
            result.reports += 1
            setattr(result, row["status"], getattr(result, row["status"]) + 1)
            result.errors += row["errors"]
            result.warnings += row["warnings"]
        for name, rows in DIMENSIONS.items():
            for row in rows():
                files.add(name, row)
        resources = files.close()
        counts = store.counts()
        with open(tmp / "summary.html", "wb") as handle:
            write_summary(handle, options.lang, counts, tally, store.reports(), _totals(result, counts),
                          items.skipped, [r["path"] for r in resources])
        tables = {r["name"]: files.table_of(r["name"]) for r in resources}
        package = descriptor(resources, tables, licence,
                             {"reports": result.reports, "skipped": sum(result.skipped.values())})
        (tmp / "datapackage.json").write_bytes(orjson.dumps(package, option=orjson.OPT_INDENT_2) + b"\n")
        for name in ("summary.html", "datapackage.json"):  # the data files are synced as they close
            sync_file(tmp / name)
        write_marker(tmp, OUTPUT_MARKER, kind="dataset", tool=f"disclosure-kit {__version__}")
    except BaseException:
        files.abort()
        raise
    finally:
        store.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp / ".state.sqlite")
    return result


def _add(o: Outcome, files: TableFiles, store: Store, tally: Tally, items: Inputs, result: DatasetResult) -> None:
    """Append one file's outcome; a file that is not a report is listed as skipped instead."""
    if o.skipped is not None:
        items.skipped.append((o.file, *o.skipped))
        return
    store.add(o)
    files.add_outcome(o)
    for rec in o.findings:
        files.add("findings", rec)
        if rec["code"].startswith("tool."):
            result.tool_errors += 1
    tally.add((r["code"], r["severity"]) for r in o.findings)


def _skipped(items: Inputs, files: TableFiles, tally: Tally, result: DatasetResult, lang: str) -> None:
    """List what was passed over; a folder that could not be read is also an error finding."""
    for path, reason, detail in items.skipped:
        files.add(SKIPPED.name, {"path": path, "reason": reason, "detail": detail or None})
        result.skipped[reason] = result.skipped.get(reason, 0) + 1
        if reason == "unreadable-folder":
            finding = Finding("load.dir_unreadable", ERROR, path, params={"reason": detail})  # as validate says
            files.add("findings", records.finding_record(finding, lang, None, None, "input", None))
            tally.add([(finding.code, ERROR)])
            result.errors += 1


def _cross(store: Store, lang: str, files: TableFiles, tally: Tally) -> None:
    """Append the cross-report findings, counting them per report as they come (grouped by report)."""
    group: list[tuple[str, str]] = []
    last = None
    for cf in cross_findings(store):
        rec = records.finding_record(cf.finding, lang, cf.agency, cf.year, "cross-report", cf.seq, cf.other_file)
        files.add("findings", rec)
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
        "skipped": sum(result.skipped.values()),
    }

"""Finding, FileResult and CheckResult: what a check found, and the exit code it implies.

A finding carries data (code, severity, place, parameters), never a rendered sentence: the
message is produced in the reader's language by ``messages.py`` when it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

ERROR = "error"
WARNING = "warning"
INFO = "info"


USAGE_CODES = frozenset({"load.not_found"})
"""Findings that say the command line was wrong (a path that does not exist): exit code 2."""


class ExitCode(IntEnum):
    """Exit codes of every command: what happened, readable by a pipeline."""

    OK = 0
    FINDINGS = 1  # a report has errors (or warnings under --strict)
    USAGE = 2  # wrong usage: unknown option, no input
    FAILURE = 3  # the tool itself failed


@dataclass
class Place:
    """Official labels of the table, row and column a finding is about."""

    table_id: str
    table_zh: str
    table_en: str
    row_id: str
    row_zh: str
    row_en: str
    column_id: str
    column_zh: str
    column_en: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": {"id": self.table_id, "zh": self.table_zh, "en": self.table_en},
            "row": {"id": self.row_id, "zh": self.row_zh, "en": self.row_en},
            "column": {"id": self.column_id, "zh": self.column_zh, "en": self.column_en},
        }


@dataclass
class Finding:
    """One thing a check found in one file."""

    code: str
    severity: str
    file: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None
    params: dict[str, Any] = field(default_factory=dict)
    place: Place | None = None
    cell: str | None = None  # in a workbook: the sheet and cell, in Excel's notation ('表三'!E14)

    def flat(self) -> dict[str, Any]:
        """Code, severity, place and cell ids as one flat record (open data, dataset tables)."""
        p = self.place
        return {
            "code": self.code,
            "severity": self.severity,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
            "table_id": p.table_id if p else None,
            "row_id": p.row_id if p else None,
            "column_id": p.column_id if p else None,
        }

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.line or 0, self.column or 0, self.code, self.pointer)


@dataclass
class FileResult:
    """The findings of one input file."""

    file: str
    edition: str | None = None
    schema_version: str | None = None
    findings: list[Finding] = field(default_factory=list)
    report: dict[str, Any] | None = None  # the loaded report, when it could be loaded

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)

    def status(self, strict: bool = False) -> str:
        if self.errors or (strict and self.warnings):
            return "invalid"
        return "valid"


@dataclass
class CheckResult:
    """Findings of many files, and the exit code they imply."""

    files: list[FileResult] = field(default_factory=list)
    strict: bool = False

    @property
    def errors(self) -> int:
        return sum(f.errors for f in self.files)

    @property
    def warnings(self) -> int:
        return sum(f.warnings for f in self.files)

    def tally(self) -> Tally:
        """The counts of these files, as ``validate`` keeps them while it streams."""
        tally = Tally()
        for r in self.files:
            tally.count(r, self.strict)
        return tally

    @property
    def exit_code(self) -> ExitCode:
        """What ``validate`` exits with for the same files (one rule, in ``Tally``)."""
        return self.tally().exit_code(self.strict)


@dataclass
class Tally:
    """The counts of checked files: all that ``validate`` keeps of a file once its output is written."""

    files: int = 0
    invalid: int = 0
    errors: int = 0
    warnings: int = 0
    failed: bool = False  # a tool.* finding: the tool itself failed
    usage: bool = False  # a finding that says the command line was wrong (a path that does not exist)

    def count(self, result: FileResult, strict: bool) -> None:
        self.files += 1
        if not result.findings:
            return
        errors, warnings = result.errors, result.warnings
        self.errors += errors
        self.warnings += warnings
        self.invalid += bool(errors or (strict and warnings))
        self.failed = self.failed or any(f.code.startswith("tool.") for f in result.findings)
        self.usage = self.usage or any(f.code in USAGE_CODES for f in result.findings)

    def add(self, other: Tally) -> None:
        self.files += other.files
        self.invalid += other.invalid
        self.errors += other.errors
        self.warnings += other.warnings
        self.failed = self.failed or other.failed
        self.usage = self.usage or other.usage

    def exit_code(self, strict: bool) -> ExitCode:
        """Tool failure (3) before usage (2) before findings (1); ``CheckResult.exit_code`` asks here."""
        if self.failed:
            return ExitCode.FAILURE
        if self.usage:
            return ExitCode.USAGE
        if self.errors or (strict and self.warnings):
            return ExitCode.FINDINGS
        return ExitCode.OK

    def summary(self, strict: bool) -> dict[str, int]:
        return {"files": self.files, "invalid_files": self.invalid, "errors": self.errors,
                "warnings": self.warnings, "exit_code": int(self.exit_code(strict))}

"""Cases as data: ``tests/cases/<group>/<case>/`` holds one report file and ``expected.json``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from disclosure_kit.check.findings import Finding
from disclosure_kit.check.messages import message

CASES = Path(__file__).resolve().parent.parent / "cases"


def case_dirs() -> list[Path]:
    return sorted(p for p in CASES.glob("*/*") if (p / "expected.json").exists())


def report_file(case: Path) -> Path:
    return next(p for p in sorted(case.iterdir()) if p.name.startswith("report."))


def finding_record(f: Finding) -> dict[str, Any]:
    """What a case asserts of each finding: code, severity, place, and both messages exactly."""
    return {
        "code": f.code,
        "severity": f.severity,
        "line": f.line,
        "column": f.column,
        "pointer": f.pointer,
        "row": f.place.row_id if f.place else None,
        "cell_column": f.place.column_id if f.place else None,
        "message_zh": message(f, "zh"),
        "message_en": message(f, "en"),
    }

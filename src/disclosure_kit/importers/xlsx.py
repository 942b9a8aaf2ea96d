"""Read back a workbook written by ``disclosure-kit export --to xlsx`` (``import`` of an .xlsx).

The workbook is a report file in its own right: ``check.workbook`` reads it for every command,
bounded, with the sheet and cell of each value. ``import`` only adds the size limit of a source.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..check.findings import ERROR, Finding
from ..check.loading import LoadError
from ..check.workbook import read_workbook_bytes
from ..fileio.limits import limits
from ..fileio.reading import ReadRefused, read_file


def read_workbook(path: Path) -> tuple[dict[str, Any], list[Finding]]:
    """The report held by an exported workbook, and findings when it cannot be read back."""
    name = str(path)
    try:
        data, findings, _ = read_workbook_bytes(read_file(path, limits().source_bytes), name)
    except ReadRefused as exc:
        return {}, [Finding("xlsx.unreadable", ERROR, name, params={"reason": exc.code})]
    except LoadError as exc:
        return {}, [Finding(exc.code, ERROR, name, "", exc.line, exc.column, params=exc.params)]
    return data, findings

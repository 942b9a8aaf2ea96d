"""Text and JSON output of a CheckResult.

The JSON shape is documented and versioned (``schema/check-result/``); text output is
``file:line:column: code message`` grouped per file, with a closing summary.
"""

from __future__ import annotations

from typing import IO, Any

import orjson

from .. import __version__
from .findings import CheckResult, FileResult, Finding
from .grouping import blank_groups, fillable, grouped
from .messages import message

RESULT_FORMAT = "disclosure-kit/check-result"
RESULT_VERSION = "1.1"
RESULT_SCHEMA_ID = "https://disclosure-kit.org/schema/check-result/1.1/check-result.schema.json"


def finding_dict(f: Finding, lang: str, group: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": f.code,
        "severity": f.severity,
        "line": f.line,
        "column": f.column,
        "pointer": f.pointer,
        "message": message(f, lang),
        "params": f.params,
    }
    out["place"] = f.place.to_dict() if f.place else None
    if f.cell is not None:
        out["cell"] = f.cell
    if group is not None:
        out["group"] = group
    return out


def file_dict(r: FileResult, lang: str, strict: bool) -> dict[str, Any]:
    groups = blank_groups(r.findings)
    return {
        "file": r.file,
        "edition": r.edition,
        "schema_version": r.schema_version,
        "status": r.status(strict),
        "errors": r.errors,
        "warnings": r.warnings,
        "findings": [finding_dict(f, lang, groups.get(id(f))) for f in r.findings],
    }


def result_dict(result: CheckResult, lang: str = "zh") -> dict[str, Any]:
    """The documented, versioned JSON shape of a check (see schema/check-result/)."""
    return {
        "$schema": RESULT_SCHEMA_ID,
        "format": RESULT_FORMAT,
        "version": RESULT_VERSION,
        "tool": {"name": "disclosure-kit", "version": __version__},
        "lang": lang,
        "strict": result.strict,
        "files": [file_dict(r, lang, result.strict) for r in result.files],
        "summary": {
            "files": len(result.files),
            "invalid_files": sum(1 for r in result.files if r.status(result.strict) == "invalid"),
            "errors": result.errors,
            "warnings": result.warnings,
            "exit_code": int(result.exit_code),
        },
    }


def result_json(result: CheckResult, lang: str = "zh") -> bytes:
    return orjson.dumps(result_dict(result, lang), option=orjson.OPT_INDENT_2) + b"\n"


SEVERITY_WORDS = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}


def finding_line(f: Finding, lang: str) -> str:
    where = f.file
    if f.line is not None:
        where += f":{f.line}:{f.column or 1}"
    elif f.cell is not None:
        where += f":{f.cell}"
    sev = SEVERITY_WORDS.get(f.severity, (f.severity, f.severity))[1 if lang == "en" else 0]
    return f"{where}: {f.code} [{sev}] {message(f, lang)}"


def write_text(result: CheckResult, out: IO[str], lang: str = "zh", quiet: bool = False) -> None:
    """Findings grouped per file, then one summary line."""
    for r in result.files:
        if not r.findings:
            if not quiet:
                out.write(f"{r.file}: " + ("ok\n" if lang == "en" else "通过\n"))
            continue
        for f in grouped(r.findings, fillable(r.edition)):
            out.write(finding_line(f, lang) + "\n")
    invalid = sum(1 for r in result.files if r.status(result.strict) == "invalid")
    if lang == "en":
        out.write(
            f"{len(result.files)} file(s) checked, {invalid} with errors: "
            f"{result.errors} error(s), {result.warnings} warning(s)\n"
        )
    else:
        out.write(
            f"共检查 {len(result.files)} 个文件，{invalid} 个有错误：错误 {result.errors} 个，"
            f"警告 {result.warnings} 个\n"
        )

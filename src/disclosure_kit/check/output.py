"""Text and JSON output of a check, written as each file is checked.

Three shapes, all documented (``docs/validate.md``; JSON shapes in ``schema/check-result/``):

* ``text``: ``file:line:column: code [severity] message`` per finding (``file: 通过`` for a clean
  file), then a summary line. Every line is escaped for the terminal (``chars.escape_terminal``).
* ``json``: the check-result 1.x document (``files`` then ``summary``), streamed: byte for byte
  what ``result_json`` writes for the same results, without holding them.
* ``jsonl``: check-result 2.0, JSON Lines: a ``run`` record, one ``file`` record per file, and a
  ``summary`` record last (absent when the run was interrupted).

A file's output is rendered where it was checked (``file_chunk``, in a worker process when there
are several), so the writer only concatenates bytes and adds up ``Tally`` counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

import orjson

from .. import __version__
from .chars import escape_terminal
from .findings import CheckResult, FileResult, Finding, Tally
from .grouping import blank_groups, fillable, grouped
from .messages import message, pick

RESULT_FORMAT = "disclosure-kit/check-result"
RESULT_VERSION = "1.1"
RESULT_SCHEMA_ID = "https://disclosure-kit.org/schema/check-result/1.1/check-result.schema.json"
STREAM_VERSION = "2.0"
STREAM_SCHEMA_ID = "https://disclosure-kit.org/schema/check-result/2.0/check-result.schema.json"
FORMATS = ("text", "json", "jsonl")
SEVERITY_WORDS = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}


@dataclass(frozen=True)
class OutputSpec:
    """How each checked file is written."""

    format: str = "text"  # one of FORMATS
    lang: str = "zh"
    strict: bool = False
    quiet: bool = False  # text: no line for a clean file


def finding_dict(f: Finding, lang: str, group: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": f.code,
        "severity": f.severity,
        "line": f.line,
        "column": f.column,
        "pointer": f.pointer,
        "message": message(f, lang),
        "params": f.params,
        "place": f.place.to_dict() if f.place else None,
    }
    if f.cell is not None:
        out["cell"] = f.cell
    if group is not None:
        out["group"] = group
    return out


def file_dict(r: FileResult, lang: str, strict: bool) -> dict[str, Any]:
    groups = blank_groups(r.findings) if r.findings else {}
    return {
        "file": r.file,
        "edition": r.edition,
        "schema_version": r.schema_version,
        "status": r.status(strict),
        "errors": r.errors,
        "warnings": r.warnings,
        "findings": [finding_dict(f, lang, groups.get(id(f))) for f in r.findings],
    }


def _head(lang: str, strict: bool) -> dict[str, Any]:
    return {"$schema": RESULT_SCHEMA_ID, "format": RESULT_FORMAT, "version": RESULT_VERSION,
            "tool": {"name": "disclosure-kit", "version": __version__}, "lang": lang, "strict": strict}


def result_dict(result: CheckResult, lang: str = "zh") -> dict[str, Any]:
    """The documented, versioned JSON shape of a check (see schema/check-result/)."""
    return {**_head(lang, result.strict), "files": [file_dict(r, lang, result.strict) for r in result.files],
            "summary": result.tally().summary(result.strict)}


def result_json(result: CheckResult, lang: str = "zh") -> bytes:
    return orjson.dumps(result_dict(result, lang), option=orjson.OPT_INDENT_2) + b"\n"


def severity_word(severity: str, lang: str) -> str:
    """错误/警告/提示 (error/warning/info): the word every output (terminal, pages, Markdown) prints."""
    return pick(SEVERITY_WORDS.get(severity, (severity, severity)), lang)


def finding_line(f: Finding, lang: str) -> str:
    """One finding as one line of text, escaped for a terminal."""
    where = f.file
    if f.line is not None:
        where += f":{f.line}:{f.column or 1}"
    elif f.cell is not None:
        where += f":{f.cell}"
    return escape_terminal(f"{where}: {f.code} [{severity_word(f.severity, lang)}] {message(f, lang)}")


def summary_line(tally: Tally, lang: str) -> str:
    if lang == "en":
        return (f"{tally.files} file(s) checked, {tally.invalid} with errors: "
                f"{tally.errors} error(s), {tally.warnings} warning(s)\n")
    return (f"共检查 {tally.files} 个文件，{tally.invalid} 个有错误：错误 {tally.errors} 个，"
            f"警告 {tally.warnings} 个\n")


def text_lines(r: FileResult, lang: str, quiet: bool) -> str:
    if not r.findings:
        return "" if quiet else escape_terminal(r.file) + (": ok\n" if lang == "en" else ": 通过\n")
    return "".join(finding_line(f, lang) + "\n" for f in grouped(r.findings, fillable(r.edition)))


def write_text(result: CheckResult, out: IO[str], lang: str = "zh", quiet: bool = False) -> None:
    """Findings grouped per file, then one summary line."""
    for r in result.files:
        out.write(text_lines(r, lang, quiet))
    out.write(summary_line(result.tally(), lang))


def file_chunk(r: FileResult, spec: OutputSpec) -> bytes:
    """What one checked file adds to the output, in the shape ``spec`` asks for."""
    if spec.format == "text":
        return text_lines(r, spec.lang, spec.quiet).encode("utf-8")
    record = file_dict(r, spec.lang, spec.strict)
    if spec.format == "jsonl":
        return orjson.dumps({"record": "file", **record}) + b"\n"
    # an item of the 1.x document's "files" array, indented as OPT_INDENT_2 indents it there
    return b",\n    " + orjson.dumps(record, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n    ")


class StreamWriter:
    """Writes the output of a run as it comes: a head, the files' chunks, and a closing summary."""

    def __init__(self, out: IO[bytes], spec: OutputSpec) -> None:
        self.out, self.spec = out, spec
        self._first = True
        if spec.format == "json":
            head = orjson.dumps({**_head(spec.lang, spec.strict), "files": 0}, option=orjson.OPT_INDENT_2)
            out.write(head[: head.rindex(b"0")] + b"[")
        elif spec.format == "jsonl":
            out.write(orjson.dumps({"record": "run", **_head(spec.lang, spec.strict),
                                    "$schema": STREAM_SCHEMA_ID, "version": STREAM_VERSION}) + b"\n")

    def write(self, chunk: bytes) -> None:
        if not chunk:
            return
        if self._first and self.spec.format == "json":
            chunk = chunk[1:]  # the first item has no comma before it
        self._first = False
        self.out.write(chunk)

    def close(self, tally: Tally) -> None:
        spec, out = self.spec, self.out
        summary = tally.summary(spec.strict)
        if spec.format == "text":
            out.write(summary_line(tally, spec.lang).encode("utf-8"))
        elif spec.format == "jsonl":
            out.write(orjson.dumps({"record": "summary", **summary}) + b"\n")
        else:
            tail = orjson.dumps({"summary": summary}, option=orjson.OPT_INDENT_2)  # '{\n  "summary": …\n}'
            out.write((b"]" if self._first else b"\n  ]") + b",\n" + tail[2:-2] + b"\n}\n")

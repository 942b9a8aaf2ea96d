"""``disclosure-kit import SOURCE…``: published report (web page, text, Markdown, DOCX, PDF) -> report file.

Each value says where it came from (``<out>.provenance.json``), the import findings and the
validation findings of the imported report are printed together, and the exit code is that of
``validate``: 0 clean, 1 the report has errors, 2 wrong usage, 3 the tool failed.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from .common import FORMAT_OPTION, LANG_OPTION, STRICT_OPTION, Lang, OutputFormat, guard_outputs, report_kind


class EditionChoice(str, Enum):
    auto = "auto"
    e2019 = "2019"
    e2021 = "2021"


class ReportFormat(str, Enum):
    yaml = "yaml"
    json = "json"


_ONE_TOKEN = r"-?[0-9.]+|null|true|false|'[^']*'|\{[^{}]*\}"
PROVENANCE_FORMAT = "disclosure-kit/import-provenance"
PROVENANCE_VERSION = "1.0"


def dump_report(report: dict[str, Any], fmt: str, source: str) -> bytes:
    """YAML (keys in schema order, Chinese as is, narratives as block scalars) or JSON."""
    if fmt == "json":
        import orjson

        return orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n"
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    body = yaml.dump(report, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=4096)
    safe_source = source.replace("\n", " ").replace("\r", " ")
    return f"# imported by disclosure-kit from {safe_source}\n{label_comments(body, report)}".encode()


def label_comments(body: str, report: dict[str, Any]) -> str:
    """Append the official label as a comment to each key of the schema (``regulations:  # 规章``)."""
    import re

    from ..model.editions import edition_key, get_edition

    key_id = edition_key(report.get("edition"))
    if key_id is None:
        return body
    edition = get_edition(key_id)
    out: list[str] = []
    path: list[tuple[int, str]] = []
    block_indent: int | None = None
    for line in body.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None and (not line.strip() or indent > block_indent):
            out.append(line)  # inside a narrative block scalar
            continue
        block_indent = None
        m = re.match(r"^( *)([A-Za-z_][A-Za-z0-9_]*):( .*)?$", line)
        if not m:
            out.append(line)
            continue
        while path and path[-1][0] >= indent:
            path.pop()
        path.append((indent, m.group(2)))
        node = edition.node("/" + "/".join(k for _, k in path))
        rest = (m.group(3) or "").strip()
        if rest.startswith("|"):
            block_indent = indent
        complete = rest == "" or rest.startswith("|") or re.fullmatch(_ONE_TOKEN, rest)
        if node is not None and node.role not in ("report", "value", "meta") and complete:
            line += f"  # {node.label.zh}"  # never after a scalar that may go on over lines
        out.append(line)
    return "\n".join(out) + "\n"


def provenance_bytes(source: str, report_name: str, imported: Any) -> bytes:
    import orjson

    data = {
        "format": PROVENANCE_FORMAT,
        "version": PROVENANCE_VERSION,
        "source": source,
        "report": report_name,
        "edition": imported.result.edition,
        "layout": imported.layout,
        "cells": imported.provenance,
    }
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


def provenance_path(report_path: Path) -> Path:
    return report_path.with_name(report_path.stem + ".provenance.json")


def import_command(
    sources: list[Path] = typer.Argument(..., help="来源文件：.html .txt .md .docx .pdf .xlsx / source files"),
    output_arg: str | None = typer.Option(
        None, "--output", "-o", help="输出文件或目录（多个来源时为目录）/ output file, or directory for several"
    ),
    edition: EditionChoice = typer.Option(EditionChoice.auto, "--edition", help="格式版本 auto|2019|2021"),
    fmt: ReportFormat | None = typer.Option(
        None, "--to", help="报告文件格式 yaml|json（默认取 -o 的扩展名，否则 yaml）/ kind of report file"),
    findings_format: OutputFormat = FORMAT_OPTION,
    lang: Lang = LANG_OPTION,
    strict: bool = STRICT_OPTION,
) -> None:
    """导入已发布的年度报告 / import published reports into report files, then validate them.

    Exit codes: 0 clean, 1 the report has errors, 2 wrong usage, 3 the tool failed.
    """
    from ..check.findings import CheckResult
    from ..check.output import result_json, write_text
    from ..fileio.atomic import atomic_write_bytes
    from ..importers.run import import_path

    output = Path(output_arg) if output_arg else None
    to_dir = output is not None and (output.is_dir() or output_arg.endswith(("/", "\\")) or len(sources) > 1)
    kind = report_kind(None if to_dir else output, lang, ("yaml", "json"), fmt.value if fmt else None)
    suffix = "." + kind
    if output is not None and len(sources) > 1 and output.exists() and not output.is_dir():
        typer.echo(f"-o {output}: 多个来源文件需要一个目录 / several sources need a directory", err=True)
        raise typer.Exit(2)
    targets = [output / (s.stem + suffix) if to_dir else output for s in sources] if output is not None else []
    guard_outputs([*targets, *map(provenance_path, targets)], sources, lang)
    result = CheckResult(strict=strict)
    for i, source in enumerate(sources):
        imported = import_path(source, edition.value)
        result.files.append(imported.result)
        report = imported.result.report
        if report is None:
            continue
        data = dump_report(report, kind, str(source))
        if not targets:  # no -o: the report goes to stdout
            sys.stdout.buffer.write(data)
            continue
        target = targets[i]
        atomic_write_bytes(target, data)
        atomic_write_bytes(provenance_path(target), provenance_bytes(str(source), target.name, imported))
    stream = sys.stderr if output is None else sys.stdout
    if findings_format is OutputFormat.json:
        stream.buffer.write(result_json(result, lang.value))
        stream.flush()
    else:
        write_text(result, stream, lang.value)
    raise typer.Exit(int(result.exit_code))


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)

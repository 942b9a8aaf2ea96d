"""``disclosure-kit validate PATH…``: schema errors and broken identities, located and explained."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .. import api
from ..check.output import result_json, write_text
from ..fileio.atomic import atomic_write_bytes
from .common import (
    FORMAT_OPTION,
    LANG_OPTION,
    MAX_BYTES_OPTION,
    STRICT_OPTION,
    Lang,
    OutputFormat,
    guard_output,
    only_reports,
)


def validate(
    paths: list[str] = typer.Argument(..., help="报告文件或目录（递归查找 .json/.yaml/.yml），- 表示标准输入"),
    strict: bool = STRICT_OPTION,
    lang: Lang = LANG_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
    max_bytes: int = MAX_BYTES_OPTION,
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件而非标准输出 / write to a file"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="只显示有问题的文件 / only files with findings"),
    reports_only: bool = typer.Option(
        False, "--reports-only",
        help="跳过不是报告的文件（顶层没有 edition 键），用于 pre-commit / skip named files that are not reports"),
) -> None:
    """校验年度报告文件 / validate report files against the schema and its identities.

    Exit codes: 0 clean, 1 the report has errors, 2 wrong usage, 3 the tool failed.
    """
    guard_output(output, paths, lang, expand=True)
    if reports_only:
        paths = only_reports(paths, lang)
    result = api.validate(paths, strict=strict, max_bytes=max_bytes)
    if fmt is OutputFormat.json:
        data = result_json(result, lang.value)
        if output:
            atomic_write_bytes(output, data)
        else:
            sys.stdout.buffer.write(data)
    elif output:
        import io

        buf = io.StringIO()
        write_text(result, buf, lang.value, quiet)
        atomic_write_bytes(output, buf.getvalue().encode("utf-8"))
    else:
        write_text(result, sys.stdout, lang.value, quiet)
    raise typer.Exit(int(result.exit_code))


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)

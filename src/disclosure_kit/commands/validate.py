"""``disclosure-kit validate PATH…``: schema errors and broken identities, located and explained.

Findings are written as each file is checked (``check.run``), on every core when there are many
files; the output never depends on ``--jobs``. Ctrl-C, SIGTERM and SIGHUP stop the run and its
workers (``cli`` turns them into exit code 128 + the signal): with ``-o`` nothing is written then,
on standard output what was written stays, without its summary.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import IO

import typer

from ..check.output import OutputSpec
from ..check.parallel import WorkerDied
from ..check.pipeline import CheckOptions
from ..check.run import run_check
from ..fileio.atomic import atomic_write
from .common import LANG_OPTION, MAX_BYTES_OPTION, STRICT_OPTION, Lang, guard_output, only_reports


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


def validate(
    paths: list[str] = typer.Argument(..., help="报告文件或目录（递归查找 .json/.yaml/.yml），- 表示标准输入"),
    strict: bool = STRICT_OPTION,
    lang: Lang = LANG_OPTION,
    fmt: ValidateFormat = typer.Option(
        ValidateFormat.text, "--format",
        help="输出格式 text|json|jsonl（jsonl：逐文件一行）/ output format (jsonl: one line per file)"),
    max_bytes: int = MAX_BYTES_OPTION,
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件而非标准输出 / write to a file"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="只显示有问题的文件 / only files with findings"),
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", min=1,
        help="并行进程数（默认：文件多时用全部 CPU 核）/ worker processes (default: every core for many files)"),
    reports_only: bool = typer.Option(
        False, "--reports-only",
        help="跳过不是报告的文件（顶层没有 edition 键），用于 pre-commit / skip named files that are not reports"),
) -> None:
    """校验年度报告文件 / validate report files against the schema and its identities.

    Exit codes: 0 clean, 1 the report has errors, 2 wrong usage, 3 the tool failed, 128 + the
    signal when interrupted (130 Ctrl-C, 143 SIGTERM).
    """
    guard_output(output, paths, lang, expand=True)
    if reports_only:
        paths = only_reports(paths, lang)
    options = CheckOptions(strict=strict, max_bytes=max_bytes)
    spec = OutputSpec(fmt.value, lang.value, strict, quiet)
    if output:
        codes: list[int] = []
        atomic_write(output, lambda handle: codes.append(_run(paths, options, spec, handle, jobs)))
        raise typer.Exit(codes[0])
    raise typer.Exit(_run(paths, options, spec, sys.stdout.buffer, jobs))


def _run(paths: list[str], options: CheckOptions, spec: OutputSpec, out: IO[bytes], jobs: int | None) -> int:
    try:
        return int(run_check(paths, options, spec, out, jobs).exit_code(options.strict))
    except WorkerDied as exc:
        typer.echo(f"disclosure-kit validate: 工作进程意外退出 / a worker process died: {exc}", err=True)
        return 3


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)

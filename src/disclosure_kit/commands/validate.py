"""``disclosure-kit validate PATH…``: schema errors and broken identities, located and explained.

Findings are written as each file is checked (``check.run``), on every core when there are many
files; output order never depends on ``--jobs``. Ctrl-C and SIGTERM stop the run and its workers
(exit 130 and 143); with ``-o`` nothing is written then, on standard output what was written stays,
without its summary.
"""

from __future__ import annotations

import os
import signal
import sys
from enum import Enum
from pathlib import Path
from typing import IO, Any

import typer

from ..check.output import OutputSpec
from ..check.parallel import WorkerDied
from ..check.pipeline import CheckOptions
from ..check.run import run_check
from ..fileio.atomic import atomic_write
from .common import LANG_OPTION, MAX_BYTES_OPTION, STRICT_OPTION, Lang


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class _Terminated(Exception):
    """SIGTERM, raised in the main thread so the run stops as on Ctrl-C."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise _Terminated()


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
) -> None:
    """校验年度报告文件 / validate report files against the schema and its identities.

    Exit codes: 0 clean, 1 the report has errors, 2 wrong usage, 3 the tool failed, 130/143
    interrupted (Ctrl-C / SIGTERM).
    """
    options = CheckOptions(strict=strict, max_bytes=max_bytes)
    spec = OutputSpec(fmt.value, lang.value, strict, quiet)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        if output:
            codes: list[int] = []
            atomic_write(output, lambda handle: codes.append(_run(paths, options, spec, handle, jobs)))
            code = codes[0]
        else:
            code = _run(paths, options, spec, sys.stdout.buffer, jobs)
    except KeyboardInterrupt:
        code = _stopped("Ctrl-C", 130)
    except _Terminated:
        code = _stopped("SIGTERM", 143)
    except BrokenPipeError:  # the reader went away (| head): stop quietly, as a shell tool does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 141
    finally:
        signal.signal(signal.SIGTERM, previous)
    raise typer.Exit(code)


def _run(paths: list[str], options: CheckOptions, spec: OutputSpec, out: IO[bytes], jobs: int | None) -> int:
    try:
        return int(run_check(paths, options, spec, out, jobs).exit_code(options.strict))
    except WorkerDied as exc:
        sys.stdout.flush()
        typer.echo(f"disclosure-kit validate: 工作进程意外退出 / a worker process died: {exc}", err=True)
        return 3


def _stopped(what: str, code: int) -> int:
    typer.echo(f"已中断（{what}），结果不完整 / interrupted ({what}); the output is incomplete", err=True)
    return code


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)

"""``disclosure-kit dataset DIR… -o OUT``: many reports -> one checked, publishable dataset."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from .common import LANG_OPTION, MAX_BYTES_OPTION, STRICT_OPTION, Lang


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class Format(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


def dataset(
    inputs: list[str] = typer.Argument(
        ..., help="报告目录或文件（与 validate 取同样的文件）/ report folders or files (the files validate takes)"
    ),
    output: Path = typer.Option(..., "--output", "-o", help="输出目录（整体替换）/ output folder, replaced as a whole"),
    to: list[Format] = typer.Option(
        [Format.csv, Format.jsonl], "--to", help="数据文件格式，可重复 / table format, repeatable: csv|jsonl|parquet"
    ),
    license_: str | None = typer.Option(
        None, "--license", help="许可协议：SPDX 标识（如 CC-BY-4.0）或网址 / licence: an SPDX id or a URL"
    ),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="本机并行进程数 / worker processes (local engine)"),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local|dask"),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Dask 调度器地址 / Dask scheduler address"),
    scheduler_timeout: float = typer.Option(
        10.0, "--scheduler-timeout", min=0.1, help="连接调度器的超时秒数 / seconds to reach the scheduler"
    ),
    strict: bool = STRICT_OPTION,
    lang: Lang = LANG_OPTION,
    max_bytes: int = MAX_BYTES_OPTION,
    progress: bool | None = typer.Option(
        None, "--progress/--no-progress", help="进度条（默认仅在终端显示）/ progress bar (default: on a terminal)"
    ),
) -> None:
    """生成开放数据集 / turn a tree of report files into one validated open dataset.

    Writes observations, narratives, reports, findings, skipped and the dimension tables (tables,
    rows, columns, cells) in each format of --to, findings.json, datapackage.json and summary.html
    into OUTPUT. Exit codes (docs/cli.md): 0 clean, 1 reports have errors, 2 wrong usage (also: an
    OUTPUT that is not ours), 3 the tool failed (also: an unreachable scheduler, the dask extra
    missing); 130 on Ctrl-C, 143 on SIGTERM: nothing is written.
    """
    from ..dataset.engines import EngineError
    from ..dataset.package import LicenceError
    from ..dataset.run import DatasetOptions, DatasetUsageError, build_dataset

    if engine is Engine.dask and not scheduler:
        typer.echo("--engine dask 需要 --scheduler ADDRESS / --engine dask needs --scheduler ADDRESS", err=True)
        raise typer.Exit(2)
    options = DatasetOptions(lang=lang.value, jobs=jobs, engine=engine.value, scheduler=scheduler,
                             scheduler_timeout=scheduler_timeout, strict=strict, max_bytes=max_bytes,
                             progress=progress, formats=tuple(dict.fromkeys(f.value for f in to)), license=license_)
    try:
        result = build_dataset(inputs, output, options)
    except (DatasetUsageError, EngineError, LicenceError) as exc:
        typer.echo(f"disclosure-kit dataset: {exc}", err=True)
        raise typer.Exit(2) from None
    skipped = ", ".join(f"{reason} {count}" for reason, count in sorted(result.skipped.items()))
    if lang is Lang.en:
        typer.echo(f"{result.reports} report(s): {result.valid} valid, {result.invalid} with errors, "
                   f"{result.unreadable} unreadable; {result.errors} error(s), {result.warnings} warning(s); "
                   f"skipped: {skipped or 'none'} -> {result.out}", err=True)
    else:
        typer.echo(f"共 {result.reports} 份报告：通过 {result.valid}，有错误 {result.invalid}，无法读取 "
                   f"{result.unreadable}；错误 {result.errors} 个，警告 {result.warnings} 个；跳过：{skipped or '无'}"
                   f" -> {result.out}", err=True)
    raise typer.Exit(int(result.exit_code))


def register(app: typer.Typer) -> None:
    app.command("dataset")(dataset)

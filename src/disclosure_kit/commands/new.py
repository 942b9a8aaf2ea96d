"""``disclosure-kit new --edition E``: a blank report to fill in, every key labelled."""

from __future__ import annotations

import sys
from pathlib import Path

import typer


def new(
    edition: str = typer.Option(..., "--edition", help="格式版本 2019|2021 / edition"),
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件（默认标准输出）/ write to a file"),
    schema_ref: str | None = typer.Option(
        None, "--schema-ref",
        help="首行 yaml-language-server 指向的模式（默认为模式 $id；可填相对路径；空字符串表示不写）"
             " / schema the editor modeline points to (default: the schema $id; '' for none)"),
    force: bool = typer.Option(False, "--force", help="覆盖已有文件 / overwrite an existing file"),
) -> None:
    """生成空白报告（YAML，附官方标签注释）/ write a blank report in YAML with the official labels.

    Exit codes: 0 written, 2 unknown edition or the file exists (without --force).
    """
    from ..authoring.reportfile import new_report_text
    from ..fileio.atomic import atomic_write_bytes
    from ..model.editions import EDITIONS, get_edition

    if edition not in EDITIONS:
        typer.echo(f"disclosure-kit new: unknown edition {edition!r} ({'|'.join(EDITIONS)})", err=True)
        raise typer.Exit(2)
    text = new_report_text(get_edition(edition), schema_ref).encode("utf-8")
    if output is None:
        sys.stdout.buffer.write(text)
        return
    if output.exists() and not force:
        typer.echo(f"disclosure-kit new: {output} exists; use --force to overwrite", err=True)
        raise typer.Exit(2)
    atomic_write_bytes(output, text)


def register(app: typer.Typer) -> None:
    app.command("new")(new)

"""``disclosure-kit new --edition E``: a blank report to fill in, every key labelled."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .common import LANG_OPTION, Lang, guard_output, report_kind, say


def new(
    edition: str = typer.Option(..., "--edition", help="格式版本 2019|2021 / edition"),
    output: Path | None = typer.Option(
        None, "--output", "-o",
        help="写入文件（.xlsx 为工作簿，否则 YAML；默认标准输出）/ write to a file (.xlsx: a workbook)"),
    schema_ref: str | None = typer.Option(
        None, "--schema-ref",
        help="首行 yaml-language-server 指向的模式（默认为模式 $id；可填相对路径；空字符串表示不写）"
             " / schema the editor modeline points to (default: the schema $id; '' for none)"),
    overwrite: bool = typer.Option(False, "--overwrite", help="覆盖已有文件 / overwrite an existing file"),
    lang: Lang = LANG_OPTION,
) -> None:
    """生成空白报告（YAML，附官方标签注释；或 .json、.xlsx 工作簿）/ write a blank report (YAML, JSON or a workbook).

    The kind follows the name given to -o: .yaml/.yml (the default, on standard output without -o),
    .json, or .xlsx (a workbook); any other name is refused. Exit codes: 0 written, 2 unknown
    edition, a --schema-ref with a line break or control character, a name of another kind, or
    the file exists (without --overwrite).
    """
    from ..authoring.reportfile import blank_for_author, new_report_text
    from ..check.findings import ERROR, Finding
    from ..check.messages import register_templates
    from ..fileio.atomic import atomic_write_bytes
    from ..model.editions import EDITIONS, get_edition

    register_templates({
        "new.edition": ("未知的格式版本 {value}（可用：{known}）", "unknown edition {value} (known: {known})"),
        "new.exists": ("文件已存在，未覆盖；如要覆盖请加 --overwrite",
                       "the file exists and was not overwritten; use --overwrite"),
        "new.schema_ref": ("--schema-ref 不能含换行或控制字符：{value}",
                           "--schema-ref cannot hold a line break or a control character: {value}"),
    })
    where = str(output) if output else "disclosure-kit new"
    if edition not in EDITIONS:
        say(Finding("new.edition", ERROR, where, params={"value": edition, "known": "|".join(EDITIONS)}), lang.value)
        raise typer.Exit(2)
    if schema_ref is not None and not schema_ref.isprintable():
        say(Finding("new.schema_ref", ERROR, where, params={"value": ascii(schema_ref)}), lang.value)
        raise typer.Exit(2)
    guard_output(output, [], lang)
    kind = report_kind(output, lang)
    if output is not None and output.exists() and not overwrite:
        say(Finding("new.exists", ERROR, where), lang.value)
        raise typer.Exit(2)
    ed = get_edition(edition)
    if output is not None and kind != "yaml":
        from ..authoring.reportfile import json_text
        from ..authoring.workbook import workbook_bytes

        blank = blank_for_author(ed)
        atomic_write_bytes(output, workbook_bytes(ed, blank) if kind == "xlsx" else json_text(blank))
        return
    text = new_report_text(ed, schema_ref).encode("utf-8")
    if output is None:
        sys.stdout.buffer.write(text)
        return
    atomic_write_bytes(output, text)


def register(app: typer.Typer) -> None:
    app.command("new")(new)

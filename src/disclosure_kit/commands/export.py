"""``disclosure-kit export FILE --to xlsx``: the report as a workbook laid out like the tables."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from .common import FORMAT_OPTION, LANG_OPTION, Lang, OutputFormat, guard_output, report_findings, report_kind


class ExportFormat(str, Enum):
    xlsx = "xlsx"


def export(
    file: Path = typer.Argument(..., help="报告文件 / report file"),
    to: ExportFormat = typer.Option(ExportFormat.xlsx, "--to", help="xlsx"),
    output: Path | None = typer.Option(None, "--output", "-o", help="输出文件（默认与报告同名）/ output file"),
    lang: Lang = LANG_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """导出为 Excel 工作簿（合并单元格、标签锁定、数据有效性）/ export the report to a workbook.

    `disclosure-kit import` reads such a workbook back without loss. Exit codes: 0 written,
    1 the report cannot be read or holds text a workbook cannot (a control character), 2 wrong
    usage (the output is the report itself, or a folder).
    """
    from ..authoring.reportfile import load_for_edit
    from ..authoring.workbook import workbook_bytes
    from ..authoring.workbook_text import unwritable_text
    from ..check.findings import ERROR, Finding
    from ..check.messages import register_templates
    from ..fileio.atomic import atomic_write_bytes

    name = str(file)
    target = output or file.with_suffix("." + to.value)
    guard_output(target, [file], lang)
    report_kind(target, lang, (to.value,), to.value)
    loaded, edition, problems = load_for_edit(name)
    if edition is None:
        raise typer.Exit(report_findings(name, problems, None, lang.value, fmt, False))
    register_templates({"export.control_char": (
        "含有工作簿无法保存的控制字符 {char}，未导出；请删去该字符",
        "holds the control character {char}, which a workbook cannot hold; nothing exported. Remove it")})
    unwritable = [Finding("export.control_char", ERROR, name, pointer,
                          *(loaded.sourcemap.value(pointer) or (None, None)), params={"char": char})
                  for pointer, char in unwritable_text(loaded.data)]
    if unwritable:
        raise typer.Exit(report_findings(name, unwritable, edition.id, lang.value, fmt, False))
    atomic_write_bytes(target, workbook_bytes(edition, loaded.data))


def register(app: typer.Typer) -> None:
    app.command("export")(export)

"""``disclosure-kit migrate FILE --to 2021`` (another edition) or ``--to 2021@1.1.0`` (a newer schema version)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .common import FORMAT_OPTION, LANG_OPTION, Lang, OutputFormat, guard_output, report_findings, report_kind


def migrate(
    file: Path = typer.Argument(..., help="要迁移的报告文件 / report file"),
    to: str = typer.Option("2021", "--to", help="目标格式版本，或同一格式的新模式版本（2021@1.1.0）"
                                                 " / target edition, or edition@version"),
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="写入文件（.yaml .yml .json .xlsx；默认标准输出）/ output file"),
    lang: Lang = LANG_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """迁移到新格式版本，列出无处安放的值和须人工填写的单元格 / migrate a report to another edition.

    Only values with the same meaning are carried; nothing is invented. The report goes to
    --output (or standard output); the findings go to standard output with --output, else to
    standard error. Exit codes: 0 migrated (the findings list what to do by hand), 1 cannot migrate.
    """
    from ..authoring.migrate import migrate_data
    from ..authoring.reportfile import dump_report, header_lines, load_for_edit
    from ..fileio.atomic import atomic_write_bytes
    from ..model.editions import get_edition

    name = str(file)
    guard_output(output, [file], lang)
    kind = report_kind(output, lang)
    loaded, edition, problems = load_for_edit(name)
    if edition is None:
        raise typer.Exit(report_findings(name, problems, None, lang.value, fmt, output is None))
    if "@" in to:  # a newer schema version of the same edition (2021@1.1.0)
        from ..authoring.upgrade import upgrade_data

        result = upgrade_data(loaded.data, to, name)
    else:
        result = migrate_data(loaded.data, to, name)
    if result.data is None:
        raise typer.Exit(report_findings(name, result.findings, edition.id, lang.value, fmt, output is None))
    target_edition, _, target_version = to.partition("@")
    target = get_edition(target_edition, target_version or None)
    header = header_lines(target, target.schema_id)
    try:
        if kind == "xlsx":
            from ..authoring.workbook import workbook_bytes

            data = workbook_bytes(target, result.data)
        else:
            data = dump_report(target, result.data, output or "stdout.yaml", header)
    except ValueError as exc:  # the YAML would not read back the same: a tool failure, nothing written
        from ..check.findings import ERROR, Finding

        failure = [Finding("tool.error", ERROR, name, params={"detail": str(exc)})]
        raise typer.Exit(report_findings(name, failure, target.id, lang.value, fmt, output is None)) from None
    if output:
        atomic_write_bytes(output, data)
    else:
        sys.stdout.buffer.write(data)
    raise typer.Exit(report_findings(name, result.findings, target.id, lang.value, fmt, output is None))


def register(app: typer.Typer) -> None:
    app.command("migrate")(migrate)

"""``disclosure-kit fill FILE``: compute the blank cells that the identities determine."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .common import FORMAT_OPTION, LANG_OPTION, Lang, OutputFormat
from .migrate import report_findings


def fill(
    file: Path = typer.Argument(..., help="报告文件 / report file"),
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件（默认标准输出）/ output file"),
    in_place: bool = typer.Option(False, "--in-place", "-i", help="改写原文件 / rewrite the file itself"),
    lang: Lang = LANG_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """按勾稽关系补算空白单元格（合计、（七）总计、表四总计），不改动已填的值 / fill computable blanks.

    A filled cell that disagrees is reported, never overwritten. YAML is rewritten with the
    official label comments; the file's leading comment lines (modeline, title) are kept, other
    comments are not. Exit codes: 0 done, 1 an identity does not hold or the file cannot be read.
    """
    from ..authoring.fill import fill_data
    from ..authoring.reportfile import dump_report, leading_comments, load_for_edit
    from ..fileio.atomic import atomic_write_bytes

    if in_place and output is not None:
        typer.echo("disclosure-kit fill: use either --output or --in-place", err=True)
        raise typer.Exit(2)
    name = str(file)
    target = file if in_place else output
    loaded, edition, problems = load_for_edit(name)
    if edition is None:
        raise typer.Exit(report_findings(name, problems, None, lang.value, fmt, target is None))
    data, findings = fill_data(edition, loaded.data, name)
    header = leading_comments(loaded.text) if loaded.kind == "yaml" else None
    where = target or ("stdout.json" if loaded.kind == "json" else "stdout.yaml")
    try:
        text = dump_report(edition, data, where, header)
    except ValueError as exc:  # the YAML would not read back the same: a tool failure, nothing written
        from ..check.findings import ERROR, Finding

        failure = [Finding("tool.error", ERROR, name, params={"detail": str(exc)})]
        raise typer.Exit(report_findings(name, failure, edition.id, lang.value, fmt, target is None)) from None
    if target is not None:
        atomic_write_bytes(target, text)
    else:
        sys.stdout.buffer.write(text)
    raise typer.Exit(report_findings(name, findings, edition.id, lang.value, fmt, target is None))


def register(app: typer.Typer) -> None:
    app.command("fill")(fill)

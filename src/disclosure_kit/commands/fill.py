"""``disclosure-kit fill FILE``: compute the blank cells that the identities determine."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .common import FORMAT_OPTION, LANG_OPTION, Lang, OutputFormat, guard_output, report_findings


def fill(
    file: Path = typer.Argument(..., help="报告文件（.yaml .yml .json 或 export 导出的 .xlsx）/ report file"),
    output: str | None = typer.Option(
        None, "--output", "-o", help="写到另一个文件，- 为标准输出（默认改写原文件）/ write elsewhere; - for stdout"),
    check: bool = typer.Option(False, "--check", help="只列出将填写的单元格，不写文件 / only say what would be filled"),
    in_place: bool = typer.Option(False, "--in-place", "-i", hidden=True, help="默认行为 / the default"),
    lang: Lang = LANG_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """按勾稽关系补算空白单元格（合计、（七）总计、表四总计），不改动已填的值 / fill computable blanks.

    The file is updated in place (atomically), changing only the blank values it fills: comments,
    layout and every other value stay byte for byte. A file with errors other than broken
    identities is refused with the findings of validate. Exit codes: 0 filled (or nothing to
    fill), 1 the file has errors, an identity still does not hold, or (with --check) there is
    something to fill; 2 wrong usage; 3 the tool failed.
    """
    from ..authoring.fill import fill_file

    del in_place  # the default since 0.2; kept so that old scripts keep working
    name = str(file)
    guard_output(output, [], lang)  # -o FILE itself is the same as in place: allowed
    to_stdout = output == "-"
    target = None if check or to_stdout else Path(output) if output else file
    outcome = fill_file(name, target, write=not check, kind_of_output=None if to_stdout else output)
    if to_stdout and outcome.data is not None:
        sys.stdout.buffer.write(outcome.data)
    code = report_findings(name, outcome.findings, outcome.edition, lang.value, fmt, to_stdout)
    if outcome.usage:
        code = 2
    raise typer.Exit(max(code, 1) if check and outcome.filled else code)


def register(app: typer.Typer) -> None:
    app.command("fill")(fill)

"""What every command shares: options (one meaning per name), exit codes, and refusing bad outputs.

The meaning of each shared option name and the exit code of each shared situation are listed in
one table, ``docs/cli.md``; ``tests/hostile/test_commands.py`` walks every command and checks them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from enum import Enum
from pathlib import Path

import typer

from ..check.findings import ERROR, INFO, ExitCode, Finding
from ..check.messages import register_templates
from ..fileio.targets import USAGE_CODES, WriteRefused, check_target, refuse_outputs_onto_inputs


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


LANG_OPTION = typer.Option(Lang.zh, "--lang", help="消息语言 zh|en（默认中文）/ language of messages")
FORMAT_OPTION = typer.Option(
    OutputFormat.text, "--format", help="问题与列表的输出格式 text|json / format of the findings (or listing) printed")
STRICT_OPTION = typer.Option(False, "--strict", help="警告也视为错误 / treat warnings as errors")
FORCE_OPTION = typer.Option(False, "--force", help="报告有错误也写出 / write even if the report has errors")


def _limit_in_force(value: int | None) -> int:
    """``--max-bytes`` left out means the limit in force (``DISCLOSURE_KIT_LIMITS`` or the default)."""
    from ..fileio.limits import limits

    return limits().max_bytes if value is None else value


MAX_BYTES_OPTION = typer.Option(
    None, "--max-bytes", min=1, callback=_limit_in_force, show_default=False,
    help="单个文件大小上限（字节；默认 10 MiB，见 docs/limits.md）/ size limit per file in bytes (default 10 MiB)",
)

REPORT_HINT = "cli.report_hint"

# Exit codes beyond ExitCode (0 clean, 1 findings, 2 usage, 3 tool failure): 128 + the signal, as shells do.
EXIT_SIGNAL_BASE = 128

register_templates({
    "write.output_is_input": (
        "输出文件就是输入文件 {input}（同一个文件），写入会覆盖它，未写入；请用 -o 指定另一个文件",
        "the output is the input {input} (the same file); writing would replace it, so nothing was written. "
        "Name another file with -o",
    ),
    "write.is_directory": ("是一个目录，这里需要一个文件名；未写入",
                           "is a folder, a file name is needed here; nothing written"),
    "write.not_a_directory": ("路径中的某一级是文件而不是目录，未写入",
                              "a part of the path is a file, not a folder; nothing written"),
    "write.no_permission": ("没有写入权限（{reason}），未写入", "no permission to write ({reason}); nothing written"),
    "write.read_only": ("所在的文件系统是只读的，未写入", "the file system is read-only; nothing written"),
    "write.no_space": (
        "磁盘已满或超出文件大小上限（{reason}），未写入；原有文件未改动",
        "the disk is full or a file size limit was reached ({reason}); nothing written, any existing file is unchanged",
    ),
    "write.name_too_long": ("文件名过长，未写入", "the file name is too long; nothing written"),
    "write.io": ("无法写入（{reason}），原有文件未改动", "cannot write ({reason}); any existing file is unchanged"),
    "cli.interrupted": (
        "已中断（{signal}）：未写完的文件已删除，已有的文件未改动",
        "interrupted ({signal}): files not finished were removed, existing files are unchanged",
    ),
    "tool.dependency": ("缺少所需的组件：{detail}", "a component this needs is not installed: {detail}"),
    "tool.system": ("系统拒绝了这一操作：{detail}", "the system refused an operation: {detail}"),
    "cli.report_hint": (
        "这是工具的缺陷，请把这一行报告给维护者（设置环境变量 DISCLOSURE_KIT_DEBUG=1 可显示详细信息）",
        "this is a fault of the tool: please report this line (DISCLOSURE_KIT_DEBUG=1 shows the details)",
    ),
})


def say(finding: Finding, lang: str) -> None:
    """One finding on standard error, as ``validate`` prints it."""
    from ..check.output import finding_line

    sys.stderr.write(finding_line(finding, lang) + "\n")
    sys.stderr.flush()


def report_findings(name: str, findings: list, edition: str | None, lang: str, fmt: OutputFormat,
                    to_stderr: bool) -> int:
    """Print the findings of one file the way ``validate`` does (text or ``--format json``); return the
    exit code they imply. ``migrate``, ``fill`` and ``export`` report through this."""
    from ..check.findings import CheckResult, FileResult
    from ..check.output import result_json, write_text

    result = CheckResult(files=[FileResult(file=name, edition=edition, findings=findings)])
    if fmt is OutputFormat.json:
        data = result_json(result, lang)
        (sys.stderr.buffer if to_stderr else sys.stdout.buffer).write(data)
    else:
        write_text(result, sys.stderr if to_stderr else sys.stdout, lang)
    return int(result.exit_code)


def write_refused(exc: WriteRefused, lang: str) -> int:
    """Say why a write was refused; return its exit code (2 for the output named, 3 for the system)."""
    say(Finding(f"write.{exc.code}", ERROR, exc.path, params={"reason": "", **exc.params}), lang)
    return int(ExitCode.USAGE if exc.code in USAGE_CODES else ExitCode.FAILURE)


def guard_outputs(outputs: Iterable[str | Path | None], inputs: Iterable[str | Path], lang: Lang | str,
                  expand: bool = False) -> None:
    """Refuse, before any work, an output that is a folder or the same file as an input (exit 2).

    ``inputs`` are the paths of the command line; with ``expand`` the folders among them are
    walked for their report files (only when an output exists: a new file cannot be an input).
    ``None`` and ``-`` (standard output) are no files and pass.
    """
    files = [o for o in outputs if o is not None and str(o) != "-"]
    if not files:
        return
    lang = lang.value if isinstance(lang, Lang) else lang
    try:
        for output in files:
            check_target(output)
        if expand:
            from ..check.pipeline import iter_report_paths

            inputs = iter_report_paths(str(p) for p in inputs)
        refuse_outputs_onto_inputs(files, inputs)
    except WriteRefused as exc:
        raise typer.Exit(write_refused(exc, lang)) from None


def guard_output(output: str | Path | None, inputs: Iterable[str | Path], lang: Lang | str,
                 expand: bool = False) -> None:
    """``guard_outputs`` for one output."""
    guard_outputs([output], inputs, lang, expand)


REPORT_KINDS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "xlsx"}

register_templates({
    "output.kind": (
        "报告文件的扩展名应为 {kinds}，不能写成 {suffix}（文件内容会与扩展名不符）",
        "a report file is named {kinds}, not {suffix} (the content would not match the name)",
    ),
    "output.kind_conflict": (
        "-o 的扩展名 {suffix} 与 --to {asked} 不符", "the name given to -o ends in {suffix}, which is not --to {asked}",
    ),
})


def report_kind(output: str | Path | None, lang: Lang | str, allowed: tuple[str, ...] = ("yaml", "json", "xlsx"),
                asked: str | None = None) -> str:
    """The kind of report file to write (yaml, json, xlsx): from ``--to`` when given, else from the
    name given to ``-o``; a name that says another kind (YAML into ``x.xlsx``) is refused with exit 2."""
    lang = lang.value if isinstance(lang, Lang) else lang
    if output is None or str(output) == "-":
        return asked or allowed[0]
    suffix = Path(output).suffix.lower()
    kind = REPORT_KINDS.get(suffix)
    if kind is None or kind not in allowed:
        kinds = "|".join(s for s, k in REPORT_KINDS.items() if k in allowed)
        say(Finding("output.kind", ERROR, str(output), params={"kinds": kinds, "suffix": suffix or "''"}), lang)
        raise typer.Exit(int(ExitCode.USAGE))
    if asked is not None and kind != asked:
        say(Finding("output.kind_conflict", ERROR, str(output), params={"suffix": suffix, "asked": asked}), lang)
        raise typer.Exit(int(ExitCode.USAGE))
    return kind


register_templates({
    "validate.not_a_report": ("不是报告（顶层没有 edition 键），已跳过",
                              "not a report (no top-level edition key); skipped"),
})


def only_reports(paths: list[str], lang: Lang | str) -> list[str]:
    """The named files that are reports (``--reports-only``, for hooks); one info line per file skipped.

    Folders are kept as given: their walk already keeps report suffixes and skips hidden folders.
    """
    from ..check.triage import is_report

    lang = lang.value if isinstance(lang, Lang) else lang
    kept = []
    for path in paths:
        if Path(path).is_dir() or is_report(path):
            kept.append(path)
        else:
            say(Finding("validate.not_a_report", INFO, path), lang)
    return kept

"""``disclosure-kit render PATH… --to NAME`` and ``disclosure-kit renderers``.

``render`` checks every report first (``check.pipeline.check_file``, the same findings and text as
``validate``) and refuses one with errors unless ``--force`` or ``--annotate`` (which marks the
cells with findings, so it is meant for reports with errors). Output naming:

* one input file, one ``--to`` and ``-o`` naming a file (not an existing directory, no trailing
  slash): that file;
* otherwise ``-o`` is a directory (default ``./out``) and each output is
  ``DIR/<stem><suffix>``; a report found inside a directory argument keeps its sub-folder below
  that directory, so two ``2023.yaml`` in different folders do not collide. Two inputs that would
  still land on the same output are refused before anything is written.

Renderers return bytes; this command writes them with ``fileio.atomic.atomic_write_bytes``, so an output
appears whole or not at all. Exit codes as ``validate``: 0 all rendered and clean, 1 a report has
errors (refused, or rendered under ``--force``), 2 wrong usage (unknown renderer, no input, clashing
outputs), 3 the tool or a renderer failed.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import typer

from ..check.findings import ERROR, CheckResult, ExitCode, FileResult, Finding
from ..check.messages import register_templates
from .common import (
    FORCE_OPTION,
    FORMAT_OPTION,
    LANG_OPTION,
    MAX_BYTES_OPTION,
    STRICT_OPTION,
    Lang,
    OutputFormat,
    guard_outputs,
    say,
    write_refused,
)

register_templates({
    "render.refused": (
        "报告有 {errors} 个错误、{warnings} 个警告，未生成 {formats}；请修正后重试，或使用 --force 强制生成",
        "the report has {errors} error(s) and {warnings} warning(s); {formats} not written. "
        "Fix it, or use --force",
    ),
    "render.unreadable": (
        "报告无法读取或无法确定格式版本，不能生成 {formats}",
        "the report cannot be read or its edition is unknown; {formats} not written",
    ),
    "render.failed": ("渲染器 {renderer} 失败：{detail}", "renderer {renderer} failed: {detail}"),
    "render.unknown": (
        "未知的输出格式 {renderer}；可用：{known}（见 disclosure-kit renderers）",
        "unknown output format {renderer}; available: {known} (see disclosure-kit renderers)",
    ),
    "render.broken": (
        "输出格式 {renderer} 无法加载：{detail}",
        "output format {renderer} cannot be loaded: {detail}",
    ),
    "render.no_input": ("没有找到报告文件（.json/.yaml/.yml）", "no report files found (.json/.yaml/.yml)"),
    "render.clash": (
        "多个输入会写到同一个输出文件 {output}：{inputs}",
        "several inputs would write the same output {output}: {inputs}",
    ),
    "render.written": ("已生成 {output}", "wrote {output}"),
    "render.option": (
        "渲染选项应写作 名称=值（例如 footer=off），而不是 {option}",
        "a renderer option is written NAME=VALUE (e.g. footer=off), not {option}",
    ),
})

DEFAULT_OUT_DIR = Path("out")
STDIN_STEM = "stdin"


@dataclass(frozen=True)
class Source:
    """One report to render: the name to check, and its output stem relative to the output directory."""

    name: str
    stem: Path


def expand_sources(paths: list[str]) -> list[Source]:
    """Files as given (stem = file stem); directories recursively (stem keeps the sub-folder)."""
    from ..check.pipeline import STDIN, iter_report_paths

    out = []
    for raw in paths:
        if raw == STDIN:
            out.append(Source(raw, Path(STDIN_STEM)))
        elif Path(raw).is_dir():
            for found in iter_report_paths([raw]):
                rel = Path(os.path.relpath(found, raw))
                out.append(Source(found, rel.with_suffix("")))
        else:
            out.append(Source(raw, Path(Path(raw).stem)))
    return out


def output_paths(sources: list[Source], suffixes: list[str], output: str | None) -> dict[tuple[int, int], Path]:
    """Destination of each (source index, format index), following the naming rules above."""
    single_file = (
        output is not None
        and len(sources) == 1
        and len(suffixes) == 1
        and not output.endswith(("/", os.sep))
        and not Path(output).is_dir()
    )
    if single_file:
        assert output is not None
        return {(0, 0): Path(output)}
    base = Path(output) if output is not None else DEFAULT_OUT_DIR
    return {
        (i, j): base / src.stem.with_name(src.stem.name + suffix)
        for i, src in enumerate(sources)
        for j, suffix in enumerate(suffixes)
    }


def _check(name: str, strict: bool, max_bytes: int) -> tuple[FileResult, bytes]:
    """Check one report (``api.check``) from the bytes read once, and return them too: the open-data
    renderers hash exactly the bytes that were checked, not a second reading of the file."""
    from .. import api
    from ..check.loading import LoadError, read_bytes
    from ..check.pipeline import STDIN

    if name == STDIN:
        raw = sys.stdin.buffer.read(max_bytes + 1)
    else:
        try:
            raw = read_bytes(name, max_bytes)
        except LoadError:  # not readable: api.check says so with the finding validate gives
            return api.check(name, strict=strict, max_bytes=max_bytes), b""
    return api.check(raw, name=name, strict=strict, max_bytes=max_bytes), raw


def render(
    paths: list[str] = typer.Argument(..., help="报告文件或目录（递归查找 .json/.yaml/.yml），- 表示标准输入"),
    to: list[str] = typer.Option(
        ..., "--to", "-t", help="输出格式，可重复；见 disclosure-kit renderers / output format (repeatable)"
    ),
    output: str | None = typer.Option(
        None, "--output", "-o",
        help="输出文件（单个输入、单个格式时）或目录（默认 ./out）/ output file or directory (default ./out)",
    ),
    force: bool = FORCE_OPTION,
    annotate: bool = typer.Option(
        False, "--annotate",
        help="在表格中标出有问题的单元格（有错误也生成）/ mark cells that have findings (even with errors)"
    ),
    option: list[str] = typer.Option(
        [], "--option", "-O",
        help="渲染选项 名称=值，可重复，例如 footer=off（网页不显示工具名）/ renderer option NAME=VALUE (footer=off)",
    ),
    strict: bool = STRICT_OPTION,
    lang: Lang = LANG_OPTION,
    max_bytes: int = MAX_BYTES_OPTION,
) -> None:
    """生成网页、Word、Markdown 等文档 / render reports into documents (html, markdown, docx, …).

    Exit codes: 0 ok, 1 a report has errors, 2 wrong usage, 3 the tool or a renderer failed.
    """
    from .. import api
    from ..fileio.atomic import atomic_write_bytes
    from ..fileio.targets import WriteRefused
    from ..renderers import registry

    code = ExitCode.OK
    options: dict[str, str] = {}
    for item in option:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            say(Finding("render.option", ERROR, "disclosure-kit", params={"option": item}), lang.value)
            raise typer.Exit(int(ExitCode.USAGE))
        options[key.strip()] = value.strip()
    renderers = []
    names = list(dict.fromkeys(to))  # a repeated --to renders once
    for name in names:
        try:
            renderers.append(registry.get(name))
        except registry.RendererError as exc:
            unknown = exc.reason == "unknown renderer"
            say(Finding("render.unknown" if unknown else "render.broken", ERROR, "disclosure-kit",
                        params={"renderer": name, "detail": exc.reason, "known": ", ".join(exc.known)}),
                lang.value)
            code = max(code, ExitCode.USAGE if unknown else ExitCode.FAILURE)
    if code:
        raise typer.Exit(int(code))

    sources = expand_sources(paths)
    if not sources:
        say(Finding("render.no_input", ERROR, " ".join(paths)), lang.value)
        raise typer.Exit(int(ExitCode.USAGE))
    dests = output_paths(sources, [r.suffix for r in renderers], output)
    clashes: dict[Path, list[str]] = {}
    for (i, _j), dest in dests.items():
        clashes.setdefault(dest.resolve(), []).append(sources[i].name)
    for dest, inputs in clashes.items():
        if len(inputs) > 1:
            say(Finding("render.clash", ERROR, inputs[0], params={"output": str(dest), "inputs": ", ".join(inputs)}),
                lang.value)
            code = ExitCode.USAGE
    if code:
        raise typer.Exit(int(code))
    guard_outputs(dests.values(), [s.name for s in sources], lang)

    formats = ", ".join(names)
    for i, src in enumerate(sources):
        result, raw = _check(src.name, strict, max_bytes)
        for f in result.findings:
            say(f, lang.value)
        code = max(code, CheckResult(files=[result], strict=strict).exit_code)  # 3 tool, 2 no such file, 1
        if result.report is None or result.edition is None or result.schema_version is None:
            say(Finding("render.unreadable", ERROR, src.name, params={"formats": formats}), lang.value)
            code = max(code, ExitCode.FINDINGS)
            continue
        if result.status(strict) == "invalid":
            code = max(code, ExitCode.FINDINGS)
            if not (force or annotate):  # annotating a report's findings is what --annotate is for
                say(Finding("render.refused", ERROR, src.name, params={
                    "errors": result.errors, "warnings": result.warnings, "formats": formats}), lang.value)
                continue
        for j in range(len(renderers)):
            try:  # the decision to render despite errors was taken above: force
                data = api.render(result, names[j], lang=lang.value, annotate=annotate, force=True,
                                  source_bytes=raw, options=options)
                if not isinstance(data, bytes):
                    raise TypeError(f"render() returned {type(data).__name__}, not bytes")
                atomic_write_bytes(dests[(i, j)], data)
            except WriteRefused as exc:  # the system's refusal, said as such; the other outputs are still tried
                code = max(code, ExitCode(write_refused(exc, lang.value)))
                continue
            except Exception as exc:  # one failing renderer never stops the others
                say(Finding("render.failed", ERROR, src.name,
                            params={"renderer": names[j], "detail": f"{type(exc).__name__}: {exc}"}), lang.value)
                code = max(code, ExitCode.FAILURE)
                continue
            typer.echo(str(dests[(i, j)]))
    raise typer.Exit(int(code))


def renderers_command(
    lang: Lang = LANG_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """列出可用的输出格式（内置与已安装插件）/ list renderers: built-in and installed plug-ins.

    Exit code 0 when every renderer loads, 3 when one of them cannot be loaded (it is listed with
    the reason; the others still work).
    """
    from ..renderers import registry

    entries = registry.entries()
    broken = any(not e.ok for e in entries)
    if fmt is OutputFormat.json:
        import orjson

        rows = [{
            "name": e.name, "suffix": e.renderer.suffix if e.renderer else None,
            "media_type": e.renderer.media_type if e.renderer else None,
            "description": e.renderer.description if e.renderer else None,
            "origin": e.origin, "distribution": e.distribution, "version": e.version, "target": e.target,
            "error": e.error,
        } for e in entries]
        sys.stdout.buffer.write(orjson.dumps(rows, option=orjson.OPT_INDENT_2) + b"\n")
    else:
        en = lang is Lang.en
        for e in entries:
            if e.renderer is not None:
                typer.echo(f"{e.name}\t{e.renderer.suffix}\t{e.renderer.media_type}\t{e.origin}\t"
                           f"{e.renderer.description}")
            else:
                failed = "cannot be loaded" if en else "无法加载"
                typer.echo(f"{e.name}\t-\t-\t{e.origin}\t{failed}: {e.target}: {e.error}")
    raise typer.Exit(int(ExitCode.FAILURE if broken else ExitCode.OK))


def register(app: typer.Typer) -> None:
    app.command("render")(render)
    app.command("renderers")(renderers_command)

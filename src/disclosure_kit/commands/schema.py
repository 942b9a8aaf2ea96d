"""``disclosure-kit schema list|diff|docs|lint|release|site``: tools for the people who maintain the schema."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from .common import FORMAT_OPTION, LANG_OPTION, Lang, OutputFormat, guard_output

schema_app = typer.Typer(help="模式（schema）工具：列出版本、比较差异、检查、发布、生成文档与网站 / schema tools",
                         no_args_is_help=True)


class DocFormat(str, Enum):
    markdown = "markdown"
    html = "html"


def _emit(data: bytes, output: Path | None) -> None:
    from ..fileio.atomic import atomic_write_bytes

    if output:
        atomic_write_bytes(output, data)
    else:
        sys.stdout.buffer.write(data)


@schema_app.command("list")
def schema_list(fmt: OutputFormat = FORMAT_OPTION, lang: Lang = LANG_OPTION) -> None:
    """列出格式版本、已发布的模式版本、$id 与工作副本状态 / list editions, released versions, $ids, drafts."""
    del lang  # the listing is data; --lang is accepted like everywhere (it sets the language of usage errors)
    import orjson

    from ..schematools.versions import edition_rows

    rows = edition_rows()
    if fmt is OutputFormat.json:
        _emit(orjson.dumps(rows, option=orjson.OPT_INDENT_2) + b"\n", None)
        return
    for r in rows:
        typer.echo(f"{r['edition']}\t{r['schema_version']}\t{r['$id']}\t{r['title']}（{r['notice']}）\t"
                   f"released: {', '.join(r['versions'])}\tdraft: {r['draft']}")


@schema_app.command("diff")
def schema_diff(
    a: str = typer.Argument(..., help="旧模式：2021@1.0.0（已发布）、2021（工作副本）或模式文件路径 / old schema"),
    b: str = typer.Argument(..., help="新模式（同上）/ new schema"),
    fmt: OutputFormat = FORMAT_OPTION,
    lang: Lang = LANG_OPTION,
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件 / write to a file"),
) -> None:
    """比较两个模式版本或两个格式版本 / what changed between two schema versions or editions.

    Exit codes: 0 no change, 1 changes listed, 2 a schema cannot be found or read, 3 the schema
    folder is invalid (run schema lint).
    """
    import orjson

    from ..schematools.diff import SchemaSpecError, diff_editions, diff_text, load_schema_spec

    guard_output(output, [a, b], lang)
    try:
        old, new = load_schema_spec(a), load_schema_spec(b)
    except SchemaSpecError as exc:
        typer.echo(f"disclosure-kit schema diff: {exc}", err=True)
        raise typer.Exit(2) from None
    diff = diff_editions(old, new)
    if fmt is OutputFormat.json:
        _emit(orjson.dumps(diff.to_dict(), option=orjson.OPT_INDENT_2) + b"\n", output)
    else:
        _emit(diff_text(diff, lang.value).encode("utf-8"), output)
    raise typer.Exit(1 if diff.changes else 0)


@schema_app.command("docs")
def schema_docs(
    edition: str = typer.Option(..., "--edition", help="格式版本 2019|2021 / edition"),
    version: str | None = typer.Option(None, "--version", help="已发布的模式版本（默认最新）/ released version"),
    to: DocFormat = typer.Option(DocFormat.markdown, "--to", help="markdown|html"),
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件 / write to a file"),
    lang: Lang = LANG_OPTION,
) -> None:
    """由模式生成参考文档 / generate the reference documentation of one edition from its schema."""
    from ..model.editions import EDITIONS, get_edition
    from ..model.versions import UnknownVersion
    from ..schematools.docs import render

    guard_output(output, [], lang)
    if edition not in EDITIONS:
        known = "|".join(EDITIONS)
        typer.echo(f"disclosure-kit schema docs: 未知的格式版本 {edition!r}（可用：{known}）" if lang is Lang.zh
                   else f"disclosure-kit schema docs: unknown edition {edition!r} ({known})", err=True)
        raise typer.Exit(2)
    try:
        chosen = get_edition(edition, version)
    except UnknownVersion as exc:
        typer.echo(f"disclosure-kit schema docs: {exc}", err=True)
        raise typer.Exit(2) from None
    _emit(render(chosen, to.value).encode("utf-8"), output)


@schema_app.command("lint")
def schema_lint(
    path: Path | None = typer.Argument(None, help="模式目录或单个模式文件（默认：本工具的 schema/）"
                                                  " / schema folder or file"),
    fmt: OutputFormat = FORMAT_OPTION,
    lang: Lang = LANG_OPTION,
) -> None:
    """检查模式：元模式、标题、顺序、勾稽规则、迁移、已发布版本未被修改 / lint the schema folder.

    Exit codes: 0 no errors (information and warnings may be listed), 1 errors, 2 no such folder.
    """
    from ..check.output import result_json, write_text
    from ..model.resources import schema_dir
    from ..schematools.lint import lint

    target = path or schema_dir()
    if not target.exists():
        typer.echo(f"disclosure-kit schema lint: {target}: no such file or folder", err=True)
        raise typer.Exit(2)
    try:
        result = lint(target)
    except FileNotFoundError as exc:
        typer.echo(f"disclosure-kit schema lint: {exc}", err=True)
        raise typer.Exit(2) from None
    if fmt is OutputFormat.json:
        _emit(result_json(result, lang.value), None)
    else:
        write_text(result, sys.stdout, lang.value, quiet=True)
    raise typer.Exit(int(result.exit_code))


@schema_app.command("release")
def schema_release(
    edition: str = typer.Argument(..., help="格式版本 2019|2021 / edition"),
    version: str = typer.Argument(..., help="新版本号，须与修改的级别相符 / the new version, as the change requires"),
    date: str | None = typer.Option(None, "--date", help="发布日期 YYYY-MM-DD（默认今天）/ release date"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只判断，不写文件 / judge only, write nothing"),
    docs: Path | None = typer.Option(None, "--docs", help="参考文档目录（默认 docs/schema/）/ reference docs folder"),
    lang: Lang = LANG_OPTION,
) -> None:
    """发布工作副本为新的冻结版本 / release the working copy as a new frozen version.

    The version must be the one the changes since the last release ask for (major, minor or
    patch), the schema must lint clean and CHANGELOG.md must have the entry. Exit codes: 0
    released, 1 refused (the reason is printed), 2 wrong usage, 3 the schema folder is invalid.
    """
    from ..schematools.diff import diff_text
    from ..schematools.release import ReleaseRefused, release

    try:
        plan = release(edition, version, date=date, dry_run=dry_run, docs_dir=docs)
    except ReleaseRefused as exc:
        if exc.diff is not None:
            typer.echo(diff_text(exc.diff, lang.value), nl=False, err=True)
        typer.echo(f"disclosure-kit schema release: {exc.text(lang.value)}", err=True)
        raise typer.Exit(exc.exit_code) from None
    if plan.diff is not None:
        typer.echo(diff_text(plan.diff, lang.value), nl=False)
    head = f"{edition} {plan.previous or '—'} → {version}: {plan.level or 'first release'}"
    typer.echo(head + (" (dry run, nothing written)" if dry_run else ""))
    for written in plan.written:
        typer.echo(f"written: {written}")


@schema_app.command("site")
def schema_site(
    output: Path = typer.Option(..., "--output", "-o", help="输出目录 / output folder"),
    base_url: str = typer.Option("https://disclosure-kit.org", "--base-url",
                                 help="网站地址，$id 以它开头 / the address the site is served at"),
    lang: Lang = LANG_OPTION,
) -> None:
    """生成静态网站：版本索引、每个版本的 JSON（位于其 $id 的路径）、参考文档、变更记录、差异、SchemaStore 目录。

    A static site for any web server: every released version's JSON at the path of its $id, the
    reference docs, the changelog, the diff between consecutive versions and a catalog.json in
    the SchemaStore format. The folder is written whole or not at all.
    """
    from ..schematools.site import SiteError, build_site

    del lang  # accepted like everywhere: it sets the language of usage errors

    try:
        pages = build_site(output, base_url)
    except SiteError as exc:
        typer.echo(f"disclosure-kit schema site: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"{len(pages)} files written to {output}")


def register(app: typer.Typer) -> None:
    app.add_typer(schema_app, name="schema")

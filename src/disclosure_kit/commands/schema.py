"""``disclosure-kit schema list|diff|docs``: tools for the people who maintain the schema."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from .common import FORMAT_OPTION, LANG_OPTION, Lang, OutputFormat, guard_output

schema_app = typer.Typer(help="模式（schema）工具：列出版本、比较差异、生成文档 / schema tools", no_args_is_help=True)


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
    """列出格式版本、模式版本与 $id / list editions, schema versions and $ids."""
    del lang  # the listing is data; --lang is accepted like everywhere (it sets the language of usage errors)
    import orjson

    from ..model.editions import all_editions
    from ..schematools.diff import archived_versions

    rows = [{"edition": e.id, "schema_version": e.version, "$id": e.schema_id, "title": e.schema.get("x-format-title"),
             "notice": e.schema.get("x-notice"), "archived_versions": archived_versions(e.id)}
            for e in all_editions()]
    if fmt is OutputFormat.json:
        _emit(orjson.dumps(rows, option=orjson.OPT_INDENT_2) + b"\n", None)
        return
    for r in rows:
        archived = ", ".join(r["archived_versions"]) or "-"
        typer.echo(f"{r['edition']}\t{r['schema_version']}\t{r['$id']}\t{r['title']}（{r['notice']}）\t"
                   f"archived: {archived}")


@schema_app.command("diff")
def schema_diff(
    a: str = typer.Argument(..., help="旧模式：2019、2021、2021@1.0.0 或模式文件路径 / old schema"),
    b: str = typer.Argument(..., help="新模式（同上）/ new schema"),
    fmt: OutputFormat = FORMAT_OPTION,
    lang: Lang = LANG_OPTION,
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件 / write to a file"),
) -> None:
    """比较两个模式版本或两个格式版本 / what changed between two schema versions or editions.

    Exit codes: 0 no change, 1 changes listed, 2 a schema cannot be found or read.
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
    to: DocFormat = typer.Option(DocFormat.markdown, "--to", help="markdown|html"),
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件 / write to a file"),
    lang: Lang = LANG_OPTION,
) -> None:
    """由模式生成参考文档 / generate the reference documentation of one edition from its schema."""
    from ..model.editions import EDITIONS, get_edition
    from ..schematools.docs import render

    guard_output(output, [], lang)
    if edition not in EDITIONS:
        known = "|".join(EDITIONS)
        typer.echo(f"disclosure-kit schema docs: 未知的格式版本 {edition!r}（可用：{known}）" if lang is Lang.zh
                   else f"disclosure-kit schema docs: unknown edition {edition!r} ({known})", err=True)
        raise typer.Exit(2)
    _emit(render(get_edition(edition), to.value).encode("utf-8"), output)


def register(app: typer.Typer) -> None:
    app.add_typer(schema_app, name="schema")

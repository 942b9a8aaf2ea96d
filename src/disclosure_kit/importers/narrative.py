"""The prose sections (一 总体情况, 五 问题及改进, 六 其他事项) as published, between their headings."""

from __future__ import annotations

import re

from .tables import SECTION_ORDER, Layout
from .tokens import Tok, TokenStream

NARRATIVES = ("overview", "problems", "other_matters")
_HEADING_LIKE = re.compile(r"^\s*(#|\\?[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、])")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_ENDS_SENTENCE = ("。", "：", "；", "！", "？", ":", "」", "”")


def escape_markdown(text: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^(\s*)([#>+\-]|\d+\.)(\s)", r"\1\\\2\3", text, flags=re.M)


def _section(stream: TokenStream, start: int, end: int, kind: str) -> tuple[str, Tok | None]:
    """The text after a heading up to the next one, lines of one paragraph joined again."""
    paragraphs: list[str] = []
    current = ""
    last_line: int | None = None
    first: Tok | None = None
    for ev in stream.events[start + 1 : end]:
        tok = ev.tok
        if tok is None:
            if ev.run is not None:
                # a line run's labels are the text lines before it, already read as events of
                # their own (and possibly headings of earlier sections): only a row's labels are not
                own = ev.run.labels if ev.run.kind == "row" else []
                current += "".join(t.text for t in own + ev.run.values)
            continue
        first = first or tok
        text = tok.text if kind == "markdown" else escape_markdown(tok.text)
        line = tok.origin.line
        joined = (
            kind in ("text", "markdown", "pdf")
            and last_line is not None
            and line is not None
            and line == last_line + 1
            and current
            and not current.endswith(_ENDS_SENTENCE)
            and not _HEADING_LIKE.match(text)
            and not (len(current) < 30 and _HEADING_LIKE.match(current))
        )
        if joined:
            current += text
        else:
            if current:
                paragraphs.append(current)
            current = text
        last_line = line
    if current:
        paragraphs.append(current)
    return "\n\n".join(p.strip() for p in paragraphs if p.strip()), first


def read_narratives(stream: TokenStream, layout: Layout, kind: str) -> dict[str, tuple[str | None, Tok | None]]:
    """Each prose section found: its text (``None`` when empty) and the token it starts with."""
    bounds = sorted(layout.sections.values())
    out: dict[str, tuple[str | None, Tok | None]] = {}
    for section in NARRATIVES:
        if section in layout.sections:
            start = layout.sections[section]
            end = next((b for b in bounds if b > start), layout.n)
            text, first = _section(stream, start, end, kind)
            out[section] = (text or None, first)
    return out


def missing_sections(layout: Layout) -> list[str]:
    return [s for s in SECTION_ORDER if s not in layout.sections]

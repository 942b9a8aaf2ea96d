"""Narrative sections (report text written in Markdown): one parser and one allow-list for every format.

A narrative is parsed once with markdown-it-py (CommonMark + GFM tables and strikethrough; raw HTML
off, so a tag is text; images off, since an image is an external request; links only to
``SAFE_SCHEMES`` or a relative address). The HTML page, the DOCX/ODT/PDF (through that HTML) and the
Markdown output all start from this parse, so they agree on what the text means.

The Markdown output is not the author's text with dangerous bits patched out: ``narrative_markdown``
writes new Markdown from the syntax tree, one construct at a time, from an allow-list (paragraphs,
headings moved below the section heading, lists, quotes, fenced code, GFM tables, thematic
breaks; emphasis, strong, strikethrough, code, safe links, line breaks). Every piece of text is
escaped where it lands, so whatever the source contained (a ``<script>``, a ``javascript:``
autolink, an unclosed fence, a Setext underline) comes out either as the construct it parsed to
or as literal text. Each construct is written once, in time proportional to its length.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_PATH_END = re.compile(r"[/?#]")

# Inline syntax characters, escaped wherever text lands (a bare ``javascript:x`` is not a link in
# GFM: its autolinks are www., http(s):// and e-mail addresses only; the tests check three engines).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#$!])")
# What starts a block when it begins a line of a paragraph: indentation (a code block), a list
# bullet or a Setext underline (``-``, ``+``, ``=``), an ordered-list number (``1.``, ``1)``).
_LINE_START = re.compile(r"^[ \t]*(?:([-+=])|(\d{1,9})([.)]))?", re.MULTILINE)
_NOT_PLAIN_URL = re.compile(r"[\s()<>\\]")
_PIPE = re.compile(r"(?<!\\)\|")
_BACKTICKS = re.compile(r"`+")
_INFO = re.compile(r"[^A-Za-z0-9_+.-]")
_MAX_HEADING = 6


def safe_url(url: str) -> bool:
    """http(s), mailto, tel or a plain relative address; never ``javascript:``, ``data:``, ``file:``…

    A relative address may not have a colon before its first ``/``, ``?`` or ``#`` (RFC 3986 4.2):
    ``java%09script:x`` is refused rather than trusted to be read as a path by every browser.
    """
    m = _SCHEME.match(url.strip())
    if m is not None:
        return m.group(1).lower() in SAFE_SCHEMES
    return ":" not in _PATH_END.split(url, maxsplit=1)[0]


@cache
def parser() -> Any:
    """CommonMark with GFM tables and strikethrough; raw HTML, images, typographer and linkify off."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "typographer": False, "linkify": False})
    md.enable("table")
    md.enable("strikethrough")
    md.disable("image")
    md.validateLink = safe_url
    return md


def escape_inline(text: str) -> str:
    """Text shown literally in Markdown (inline syntax characters backslash-escaped)."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _line_start(m: re.Match[str]) -> str:
    if m.group(1):
        return "\\" + m.group(1)
    return m.group(2) + "\\" + m.group(3) if m.group(2) else ""


def paragraph_lines(markdown: str) -> list[str]:
    """Inline Markdown of a paragraph as lines, none of which begins a block construct."""
    return _LINE_START.sub(_line_start, markdown).split("\n")


def _code_span(code: str) -> str:
    fence = "`" * (max((len(r) for r in _BACKTICKS.findall(code)), default=0) + 1)
    pad = " " if code.startswith("`") or code.endswith("`") or code.strip() != code else ""
    return f"{fence}{pad}{code}{pad}{fence}"


def _link_target(href: str) -> str:
    """A link destination: as it is when plain, else in angle brackets with ``<``, ``>``, ``\\``, breaks encoded."""
    if not _NOT_PLAIN_URL.search(href):
        return href
    return "<" + href.replace("<", "%3C").replace(">", "%3E").replace("\n", "%0A").replace("\\", "%5C") + ">"


def _inline(node: Any) -> str:
    """Inline children of ``node`` as escaped Markdown."""
    out: list[str] = []
    for child in node.children:
        kind = child.type
        if kind == "text":
            out.append(escape_inline(child.content.replace("\t", " ")))
        elif kind == "softbreak":
            out.append("\n")
        elif kind == "hardbreak":
            out.append("\\\n")
        elif kind == "code_inline":
            out.append(_code_span(child.content.replace("\n", " ")))
        elif kind in ("em", "strong", "s"):
            mark = {"em": "*", "strong": "**", "s": "~~"}[kind]
            out.append(f"{mark}{_inline(child)}{mark}")
        elif kind == "link":
            href = str(child.attrs.get("href") or "")
            text = _inline(child)
            if safe_url(href):
                title = str(child.attrs.get("title") or "")
                title_part = ' "' + title.replace("\\", "\\\\").replace('"', '\\"') + '"' if title else ""
                out.append(f"[{text}]({_link_target(href)}{title_part})")
            else:  # parsed as a link by a laxer rule: keep only its text
                out.append(text)
        else:  # anything not on the allow-list is shown as the text it covers
            out.append(escape_inline(child.content or ""))
    return "".join(out)


def _prefix(lines: list[str], first: str, rest: str, blank: str = "") -> list[str]:
    """Lines of a container: ``first`` before the first line, ``rest`` before the others, ``blank`` on empty ones."""
    return [first + line if i == 0 else (rest + line if line else blank) for i, line in enumerate(lines)]


def _table(node: Any) -> list[str]:
    rows: list[list[str]] = []
    aligns: list[str] = []
    for part in node.children:  # thead, tbody
        for tr in part.children:
            cells = []
            for cell in tr.children:
                if part.type == "thead":
                    style = str(cell.attrs.get("style") or "")
                    aligns.append({"text-align:left": ":--", "text-align:right": "--:",
                                   "text-align:center": ":-:"}.get(style, "---"))
                text = _inline(cell.children[0]) if cell.children else ""
                cells.append(_PIPE.sub("\\|", text.replace("\n", " ")))  # a code span's | too
            rows.append(cells)
    if not rows:
        return []
    width = len(rows[0])
    out = ["| " + " | ".join(rows[0]) + " |", "| " + " | ".join(aligns[:width]) + " |"]
    out += ["| " + " | ".join((r + [""] * width)[:width]) + " |" for r in rows[1:]]
    return out


def _blocks(nodes: list[Any], offset: int, tight: bool = False) -> list[str]:
    """Block nodes as Markdown lines, separated by blank lines (none inside a tight list item)."""
    out: list[str] = []
    for node in nodes:
        lines = _block(node, offset)
        if not lines:
            continue
        if out and not tight:
            out.append("")
        out.extend(lines)
    return out


def _block(node: Any, offset: int) -> list[str]:
    kind = node.type
    if kind == "paragraph":
        return paragraph_lines(_inline(node.children[0])) if node.children else []
    if kind == "heading":
        level = min(int(node.tag[1]) + offset, _MAX_HEADING)
        return ["#" * level + " " + _inline(node.children[0]).replace("\n", " ")]
    if kind in ("bullet_list", "ordered_list"):
        return _list(node, offset)
    if kind == "blockquote":
        return _prefix(_blocks(node.children, offset), "> ", "> ", ">") or [">"]
    if kind in ("fence", "code_block"):
        code = node.content if node.content.endswith("\n") or not node.content else node.content + "\n"
        fence = "`" * max(3, max((len(r) for r in _BACKTICKS.findall(code)), default=0) + 1)
        info = _INFO.sub("", (node.info or "").split(" ")[0]) if kind == "fence" else ""
        return [fence + info, *code.split("\n")[:-1], fence]
    if kind == "hr":
        return ["***"]
    if kind == "table":
        return _table(node)
    return [escape_inline(node.content)] if getattr(node, "content", "") else []


def _list(node: Any, offset: int) -> list[str]:
    ordered = node.type == "ordered_list"
    start = int(node.attrs.get("start", 1) or 1) if ordered else 1
    mark = node.markup if node.markup in ("-", "*", "+", ".", ")") else ("." if ordered else "-")
    tight = all(p.hidden for item in node.children for p in item.children if p.type == "paragraph")
    out: list[str] = []
    for n, item in enumerate(node.children):
        marker = f"{start + n}{mark} " if ordered else f"{mark} "
        lines = _blocks(item.children, offset, tight=tight) or [""]
        if out and not tight:
            out.append("")
        out.extend(_prefix(lines, marker, " " * len(marker)))
    return out


def narrative_markdown(text: Any, heading_offset: int = 2) -> str:
    """The narrative rewritten from its syntax tree as safe Markdown; its headings moved ``heading_offset`` down."""
    if not isinstance(text, str) or not text.strip():
        return ""
    from markdown_it.tree import SyntaxTreeNode

    tree = SyntaxTreeNode(parser().parse(text.replace("\r\n", "\n").replace("\r", "\n")))
    lines = _blocks(tree.children, heading_offset)
    return "\n".join(lines).strip("\n") + "\n" if lines else ""

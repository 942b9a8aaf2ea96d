"""HTML page -> SourceDocument: the report's paragraphs and tables, without the site around it.

A captured page carries navigation, scripts and footers; Word-pasted tables split one cell's
text over many ``<span>``/``<font>``/``<o:p>`` pieces. The reader drops scripts and styles, takes
the smallest element that holds the report (its section headings and tables), joins each cell's
text, and keeps every cell (empty ones too: a blank cell is a fact) with its line and path.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from .html_images import image_items
from .model import Origin, SourceBlock, SourceCell, SourceDocument, SourceRow, SourceTable
from .normalize import remove_pinyin, to_simplified
from .text import decode

BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "td", "th", "tr",
    "table", "br", "dd", "dt", "header", "footer", "blockquote", "pre", "ul", "ol", "center", "title",
}
DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "select", "button", "svg")
# Searched in ``_plain`` text only, which is simplified: traditional pages match these too.
_SECTION_WORDS = re.compile(r"总体情况|主动公开政府信息|收到和处理|行政复议|其他需要报告")
_REPORT_TABLE = re.compile(r"信息内容|申请人情况|行政复议")
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u3000\u200b]+")


def _text(el: Any) -> str:
    return _WS.sub(" ", "".join(el.itertext())).strip()


def _content_root(root: Any) -> Any:
    """The smallest element holding section 一's heading, every table of the report, and at least
    one more section: the report without the site around it (the whole body if none is found)."""
    body = root.find("body") if root.find("body") is not None else root
    tables = [t for t in root.iter("table") if not _is_layout(t) and _REPORT_TABLE.search(_plain(_text(t)))]
    table_ancestors = [set(t.iterancestors()) | {t} for t in tables]
    # headings as published may carry pinyin readings (總(zǒng)體情況): compare plain text
    headings = [
        el for el in root.iter()
        if isinstance(el.tag, str) and el.text and "总体情况" in _plain(el.text)
    ]
    best = None
    best_size = None
    # An element's text is measured once, however many headings lie under it: a page of
    # thousands of headings stays linear.
    measured: dict[Any, tuple[int, int]] = {}
    for heading in headings:
        for el in [heading, *heading.iterancestors()]:
            if not all(el in anc for anc in table_ancestors):
                continue
            if el not in measured:
                txt = "".join(el.itertext())
                measured[el] = (len(set(_SECTION_WORDS.findall(_plain(txt)))), len(txt))
            sections, size = measured[el]
            if sections < 2:
                continue
            if best_size is None or size < best_size:
                best, best_size = el, size
            break
    return best if best is not None else body


def _plain(text: str) -> str:
    """Text without pinyin readings or spaces, in simplified characters: for finding headings only."""
    return to_simplified(_WS.sub("", remove_pinyin(text)[0]))


def _is_layout(table: Any) -> bool:
    """A table that holds other tables lays out the page; it is not a table of the report."""
    return table.find(".//table") is not None


def _contains(el: Any, child: Any) -> bool:
    node = child
    while node is not None:
        if node is el:
            return True
        node = node.getparent()
    return False


def _path(el: Any) -> str:
    return el.getroottree().getpath(el)


def _child_paths(parent: Any, path: str) -> dict[Any, str]:
    """The paths of an element's children, as ``getpath`` writes them (``p[3]``, or ``p`` when
    it is the only one), from the parent's path: one pass, where ``getpath`` per child would walk
    the siblings again each time (quadratic on a page of many paragraphs)."""
    children = [c for c in parent if isinstance(c.tag, str)]
    totals = Counter(c.tag for c in children)
    seen: Counter[str] = Counter()
    out = {}
    for child in children:
        seen[child.tag] += 1
        out[child] = f"{path}/{child.tag}" + (f"[{seen[child.tag]}]" if totals[child.tag] > 1 else "")
    return out


def _table(el: Any, number: int) -> SourceTable:
    rows: list[SourceRow] = []
    for r, tr in enumerate(el.iter("tr"), start=1):
        # nested tables belong to their own table
        if tr.xpath("ancestor::table[1]")[0] is not el:
            continue
        cells = []
        for c, td in enumerate([x for x in tr if isinstance(x.tag, str) and x.tag in ("td", "th")], start=1):
            cells.append(
                SourceCell(
                    _text(td),
                    Origin(line=td.sourceline, element=f"table[{number}]/tr[{r}]/td[{c}]"),
                    rowspan=int(td.get("rowspan", "1") or 1) if str(td.get("rowspan", "1")).isdigit() else 1,
                    colspan=int(td.get("colspan", "1") or 1) if str(td.get("colspan", "1")).isdigit() else 1,
                )
            )
        if cells:
            rows.append(SourceRow(cells))
    return SourceTable(rows, Origin(line=el.sourceline, element=f"table[{number}]"))


def _shows_content(img: Any) -> bool:
    """An image that may hold part of the report: not an icon (a declared side under 100 px)."""
    sizes = [img.get("width", ""), img.get("height", "")]
    return not any(v.isdigit() and int(v) < 100 for v in sizes)


def _ruby_as_readings(root: Any) -> None:
    """``<ruby>領<rt>lǐng</rt></ruby>`` -> ``領(lǐng)``: a reading the page shows above a character
    becomes the inserted reading the token stage removes and counts (``<rp>`` brackets dropped)."""
    for rp in root.xpath("//rp"):
        rp.drop_tree()
    for rt in root.xpath("//rt"):
        reading = _WS.sub("", "".join(rt.itertext()))
        tail = rt.tail or ""
        rt.tail = None
        prev = rt.getprevious()
        text = f"({reading}){tail}" if reading else tail
        parent = rt.getparent()
        if prev is not None:
            prev.tail = (prev.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
        parent.remove(rt)


def read_html_string(text: str, name: str) -> SourceDocument:
    import lxml.html

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an encoding declaration
    root = lxml.html.document_fromstring(text)
    for bad in root.xpath("|".join(f"//{t}" for t in DROP_TAGS)):
        bad.drop_tree()
    _ruby_as_readings(root)
    doc = SourceDocument(name=name, kind="html")
    # the page's own metadata (索引号, 发布日期…) often sits outside the report body: keep short
    # label/value tables that precede the report
    body = _content_root(root)
    counter = {"table": 0}

    def flush(buf: list[str], line: int | None, path: str) -> None:
        joined = _WS.sub(" ", "".join(buf)).strip()
        if joined:
            doc.items.append(SourceBlock(joined, Origin(line=line, element=path)))
        buf.clear()

    def walk(el: Any, buf: list[str], state: dict[str, Any], path: str) -> None:
        paths = _child_paths(el, path)
        for child in el:
            if not isinstance(child.tag, str):
                if child.tail:
                    buf.append(child.tail)
                continue
            tag = child.tag.lower()
            if tag == "table" and _is_layout(child):
                # a page laid out with tables: read its cells as blocks, its inner tables as tables
                flush(buf, state["line"], state["path"])
                walk(child, buf, state, paths[child])
                flush(buf, state["line"], state["path"])
            elif tag == "table":
                flush(buf, state["line"], state["path"])
                counter["table"] += 1
                doc.items.append(_table(child, counter["table"]))
            elif tag == "img" and _shows_content(child):
                # a table published as a picture: say where, and read it by OCR when it is embedded
                flush(buf, state["line"], state["path"])
                doc.items.extend(image_items(child, paths[child], doc.remarks))
            elif tag in BLOCK_TAGS:
                flush(buf, state["line"], state["path"])
                state["line"], state["path"] = child.sourceline, paths[child]
                if child.text:
                    buf.append(child.text)
                walk(child, buf, state, paths[child])
                flush(buf, state["line"], state["path"])
            else:
                if child.text:
                    buf.append(child.text)
                walk(child, buf, state, paths[child])
            if child.tail:
                buf.append(child.tail)

    meta_tables = [
        t for t in root.iter("table")
        if not _is_layout(t) and not _contains(body, t) and re.search(r"索\s*引\s*[号號]", _text(t))
    ]
    for t in meta_tables:
        counter["table"] += 1
        doc.items.append(_table(t, counter["table"]))
    title = root.find(".//title")
    if title is not None and _text(title):
        doc.items.append(SourceBlock(_text(title), Origin(line=title.sourceline, element="title")))
    state: dict[str, Any] = {"line": body.sourceline, "path": _path(body)}
    buf: list[str] = []
    if body.text:
        buf.append(body.text)
    walk(body, buf, state, state["path"])
    flush(buf, state["line"], state["path"])
    return doc


def read_html(path: Path) -> SourceDocument:
    from .bounds import source_bytes

    return read_html_string(decode(source_bytes(path, "html_bytes")), str(path))

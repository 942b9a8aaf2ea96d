"""Hostile narratives through ``render --to markdown``: the output is safe in every engine that reads it.

Each case puts hostile Markdown into the narrative sections of the 2021 example, renders it, and
reads the result with three independent engines, each in its most permissive setting (raw HTML on):
pandoc 3 (``gfm`` → HTML, through pypandoc), markdown-it-py (CommonMark + tables, ``html=True``) and
marko (CommonMark). In every engine: no live script, handler, frame or object; no href/src with
a scheme other than http(s), mailto, tel; exactly the expected headings (one ``h1``, the six
sections as ``h2`` in order, the table captions and the narrative's own headings below them); and
the sections after a bad fence still headings. The same narratives through the HTML renderer (the
DOCX, ODT and PDF are made from that HTML) keep only safe links too.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml

from disclosure_kit.check.pipeline import check_data
from disclosure_kit.model.editions import get_edition
from disclosure_kit.renderers.base import RenderContext
from disclosure_kit.renderers.html import HtmlRenderer
from disclosure_kit.renderers.markdown import MarkdownRenderer

from .support import run_cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "fixtures" / "examples" / "2021.yaml"
NARRATIVES = ("overview", "problems", "other_matters")
SECTIONS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
CAPTIONS = ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
LIVE_TAGS = {"script", "iframe", "frame", "object", "embed", "img", "style", "link", "meta", "form", "svg",
             "math", "base", "input", "button", "video", "audio", "source"}
URL_ATTRS = ("href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href")
SAFE = re.compile(r"^(?:(?:https?|mailto|tel):|[^:]*$|[^:/?#]*[/?#])", re.IGNORECASE)
# Browsers drop ASCII whitespace and controls anywhere in a URL before reading its scheme.
URL_JUNK = re.compile(r"[\x00-\x20]")


@cache
def _example() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def _report(**narratives: str) -> dict[str, Any]:
    data = copy.deepcopy(_example())
    data.update(narratives)
    return data


def _context(data: dict[str, Any]) -> RenderContext:
    result = check_data(data, "hostile.yaml")
    assert result.report is not None and result.edition is not None
    return RenderContext(report=result.report, edition=get_edition(result.edition), result=result)


def _pandoc(md: str) -> str:
    import pypandoc

    return pypandoc.convert_text(md, "html5", format="gfm")


def _markdown_it(md: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough").render(md)


def _marko(md: str) -> str:
    import marko

    return marko.convert(md)


ENGINES: dict[str, Callable[[str], str]] = {"pandoc": _pandoc, "markdown-it": _markdown_it, "marko": _marko}


def assert_safe_html(html: str, where: str) -> lxml.html.HtmlElement:
    """No live element, no event handler, no URL with an unsafe scheme."""
    doc = lxml.html.fromstring(f"<div>{html}</div>")
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag.lower() not in LIVE_TAGS, f"{where}: live <{el.tag}>"
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), f"{where}: handler {name}={value!r} on <{el.tag}>"
            if name.lower() in URL_ATTRS:
                url = URL_JUNK.sub("", value)
                assert SAFE.match(url), f"{where}: unsafe {name}={value!r} on <{el.tag}>"
    return doc


def headings(doc: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    return [(h.tag, " ".join(h.text_content().split())) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]


def expected_headings(title: str, extra: dict[str, list[tuple[str, str]]],
                      captions: bool = True) -> list[tuple[str, str]]:
    """The document's headings: title, sections (each followed by its narrative's or table's own).

    The Markdown output gives each block of table two a heading (``captions``); the page draws
    them as caption rows of the table.
    """
    out = [("h1", title)]
    for key, label in zip(("overview", "active_disclosure", "applications", "review_litigation", *NARRATIVES[1:]),
                          SECTIONS, strict=True):
        out.append(("h2", label))
        if key == "active_disclosure" and captions:
            out += [("h3", c) for c in CAPTIONS]
        out += extra.get(key, [])
    return out


# name → (narratives, the narrative headings each section must show, text that must be shown as text)
CASES: dict[str, tuple[dict[str, str], dict[str, list[tuple[str, str]]], list[str]]] = {
    "data-url-link-with-script": (
        {"overview": "见[c](data:text/html,<script>alert(1)</script>)与[d](DATA:text/html;base64,PHNjcmlwdD4=)。"},
        {}, ["<script>alert(1)</script>"]),
    "unsafe-autolinks": (
        {"overview": "甲 <javascript:alert(1)> 乙 <file:///etc/passwd> 丙 <JaVaScRiPt:alert(2)> 丁 <vbscript:msgbox>"
                     " 戊 <https://www.gov.cn/zhengce/>"},
        {}, ["<javascript:alert(1)>", "<file:///etc/passwd>"]),
    "obfuscated-link-targets": (
        {"overview": "[a](java&#x09;script:alert(1)) [b](&#106;avascript:alert(2)) [c]( javascript:alert(3) )"
                     " [d](<javascript:alert(4)>) [e](ms-settings:display) [f][r]\n\n[r]: javascript:alert(5)\n"},
        {}, []),
    "bare-scheme-text": ({"overview": "访问 javascript:alert(1) 或 data:text/html,x 或 file:///etc/passwd"}, {}, []),
    "raw-html-blocks-and-inline": (
        {"overview": "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
                     '段内 <a href="javascript:alert(3)">链接</a> 与 <iframe src="https://evil.example"></iframe>',
         "problems": "<style>body{display:none}</style>\n\n<svg onload=alert(4)>\n\n<!-- 未闭合注释",
         "other_matters": "<details open ontoggle=alert(5)>x</details>"},
        {}, ["<script>alert(1)</script>", "<!-- 未闭合注释"]),
    "unclosed-fences-and-html-blocks": (
        {"overview": "正文\n\n```\n代码一直没有结束\n## 不是标题",
         "problems": "~~~~\n又一个未闭合的围栏",
         "other_matters": "<pre>\n未闭合的 pre 块\n\n<textarea>未闭合"},
        {}, ["## 不是标题"]),
    "setext-and-atx-headings": (
        {"overview": "伪造的一级标题\n===\n\n伪造的二级标题\n---\n\n# 小标题\n\n正文",
         "problems": "问题\n\n## 更小的标题\n\n######## 不是标题"},
        {"overview": [("h3", "伪造的一级标题"), ("h4", "伪造的二级标题"), ("h3", "小标题")],
         "problems": [("h4", "更小的标题")]}, []),
    "lines-that-start-blocks": (
        {"overview": "第一行\n- 不是列表\n+ 也不是\n1. 不是编号\n    不是代码\n=== 不是标题\n| a | b |\n|---|---|"},
        {}, []),
    "links-and-titles-with-quotes": (
        {"overview": '[政府网](https://www.gov.cn/a_(b) "标题\\" onmouseover=\\"alert(1)")'
                     " 与 <mailto:a@b.cn> 与 [电话](tel:12345)"},
        {}, []),
    "nested-containers": (
        {"overview": "> 引用\n> - 列表 <script>alert(1)</script>\n>   ```\n>   未闭合\n\n"
                     "- 项\n\n  > [x](javascript:alert(2))\n\n| 表 | 头 |\n|---|---|\n| <script>x</script> | `a|b` |"},
        {}, []),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_narrative_markdown_is_safe_in_every_engine(case: str) -> None:
    narratives, extra, shown = CASES[case]
    ctx = _context(_report(**narratives))
    md = MarkdownRenderer().render(ctx).decode("utf-8")
    title = ctx.report["meta"]["title"]
    want = expected_headings(title, extra)
    for engine, render in ENGINES.items():
        where = f"{case} / {engine}"
        doc = assert_safe_html(render(md), where)
        assert headings(doc) == want, where
        text = doc.text_content()
        for literal in shown:
            assert literal in text, f"{where}: {literal!r} not shown as text"


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_narrative_html_keeps_only_safe_links(case: str) -> None:
    """The page (and the DOCX/ODT/PDF made from its narrative HTML) shares the allow-list."""
    narratives, extra, _ = CASES[case]
    ctx = _context(_report(**narratives))
    page = HtmlRenderer().render(ctx).decode("utf-8")
    doc = assert_safe_html(page[page.index("<body>") + 6: page.index("</body>")], f"{case} / html")
    assert headings(doc) == expected_headings(ctx.report["meta"]["title"], extra, captions=False)


def test_meta_text_cannot_make_links_or_headings() -> None:
    """Strings outside the narrative (title, agency) are escaped text in every engine."""
    data = _report()
    data["meta"] = {**data["meta"], "title": "标题 <script>alert(1)</script> [x](javascript:alert(2))",
                    "agency": "机关\n# 伪造 javascript:alert(3)"}
    md = MarkdownRenderer().render(_context(data)).decode("utf-8")
    for engine, render in ENGINES.items():
        doc = assert_safe_html(render(md), engine)
        assert [h for h in headings(doc) if h[0] == "h1"] == [("h1", data["meta"]["title"])], engine


def _long_narrative(chars: int) -> str:
    """A valid narrative of ``chars`` characters: one long paragraph of soft-wrapped lines with inline
    HTML line breaks, links, emphasis and code (pasted from a web page), the shape on which the
    renderer that patched patterns line by line took quadratic time."""
    para = ("全年主动公开政府信息<br>\n其中**政策文件** 21 条、[政策解读](https://www.gov.cn/jd) 9 条<br>\n"
            "依申请公开 `136` 件，均在法定期限内答复。\n")
    return (para * (chars // len(para) + 1))[:chars]


def test_long_valid_narrative_renders_in_linear_time(tmp_path: Path) -> None:
    """195k characters of valid narrative: the old renderer took over 30 s here; the bound is generous."""
    narrative = _long_narrative(195_000)
    assert len(narrative) == 195_000
    src = tmp_path / "long.yaml"
    src.write_text(yaml.safe_dump(_report(overview=narrative), allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "long.md"
    run = run_cli("render", src, "--to", "markdown", "-o", out, timeout=60, memory_mib=1024)
    assert run.code == 0 and not run.traceback, run.stderr
    assert run.seconds < 10, f"{run.seconds:.1f} s for a 195k-character narrative"
    text = out.read_text(encoding="utf-8")
    assert text.count("[政策解读](https://www.gov.cn/jd)") == narrative.count("[政策解读](https://www.gov.cn/jd)")
    assert "\\<br\\>" in text and "<br>" not in text.replace("\\<br\\>", "")


def test_hostile_narrative_through_the_cli(tmp_path: Path) -> None:
    """As a user runs it: exit 0, no traceback, the written file is the safe one."""
    narratives, _, _ = CASES["unclosed-fences-and-html-blocks"]
    src = tmp_path / "r.yaml"
    src.write_text(yaml.safe_dump(_report(**narratives), allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "r.md"
    run = run_cli("render", src, "--to", "markdown", "-o", out, timeout=60)
    assert run.code == 0 and not run.traceback, run.stderr
    doc = assert_safe_html(_markdown_it(out.read_text(encoding="utf-8")), "cli")
    assert [t for h, t in headings(doc) if h == "h2"] == SECTIONS


def test_docx_hyperlinks_come_from_the_same_allow_list() -> None:
    """The DOCX (and so ODT and PDF, made from the same HTML) links only to safe targets."""
    import io
    import zipfile

    from disclosure_kit.renderers.docx import DocxRenderer

    seen: list[str] = []
    for name, case in CASES.items():
        ctx = _context(_report(**case[0]))
        with zipfile.ZipFile(io.BytesIO(DocxRenderer().render(ctx))) as z:
            rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
        targets = re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', rels)
        assert all(SAFE.match(URL_JUNK.sub("", t)) for t in targets), (name, targets)
        seen += targets
    assert "https://www.gov.cn/zhengce/" in seen and "tel:12345" in seen  # safe links stay links

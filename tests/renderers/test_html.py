"""The ``html`` renderer: golden pages, escaping everywhere, annotations, self-containment."""

from __future__ import annotations

import copy
import re

import lxml.html
import pytest

from disclosure_kit import __version__
from disclosure_kit.renderers.html import HtmlRenderer, narrative_html

from .support import checked, context, example


def _page(result, **kw) -> str:
    return HtmlRenderer().render(context(result, **kw)).decode("utf-8")


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_golden_page(edition: str, golden) -> None:
    golden(f"html/{edition}.html", HtmlRenderer().render(context(example(edition))))


def test_golden_page_english_2021(golden) -> None:
    golden("html/2021.en.html", HtmlRenderer().render(context(example("2021"), lang="en")))


def test_page_is_self_contained_and_scriptless() -> None:
    html = _page(example("2021"))
    assert html.startswith('<!DOCTYPE html>\n<html lang="zh-CN">\n')
    assert "<script" not in html and " src=" not in html and "href=" not in html and "url(" not in html
    assert "@import" not in html
    assert ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; img-src data:\">") in html
    assert "@media print" in html and "display: table-header-group" in html and "size: A4" in html


def test_every_header_row_is_in_thead() -> None:
    doc = lxml.html.fromstring(_page(example("2021")).encode())
    for table in doc.xpath("//table[contains(@class, 'applications') or contains(@class, 'review_litigation')]"):
        assert all(tr.getparent().tag == "thead" for tr in table.xpath(".//tr[not(td)]"))
    assert len(doc.xpath("//table")) == 3


def test_report_text_is_escaped_everywhere() -> None:
    data = copy.deepcopy(example("2021").report)
    data["meta"]["agency"] = "<script>alert(1)</script>"
    data["meta"]["title"] = None
    data["meta"]["index_number"] = '"><img src=x onerror=alert(2)>'
    data["overview"] = ('第一段 <b onclick="x()">粗</b>\n\n<script>alert(3)</script>\n\n'
                        "![t](http://example.com/x.png) [a](javascript:alert(4))")
    html = _page(checked(data))
    assert "<script>alert" not in html and "<img" not in html and "<b " not in html
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;2023年政府信息公开工作年度报告</h1>" in html
    assert "<dd>&#34;&gt;&lt;img src=x onerror=alert(2)&gt;</dd>" in html
    assert "<p>第一段 &lt;b onclick=&quot;x()&quot;&gt;粗&lt;/b&gt;</p>" in html
    assert "<p>&lt;script&gt;alert(3)&lt;/script&gt;</p>" in html
    assert "http://example.com" in html and 'src="http' not in html  # images are off: shown as text
    assert "javascript:" not in re.sub(r">[^<]*<", "><", html)  # never inside an attribute


def test_narrative_keeps_quotes_and_moves_headings_down() -> None:
    assert narrative_html("# 小标题\n\n“三安全一稳定”...--") == "<h3>小标题</h3>\n<p>“三安全一稳定”...--</p>\n"


def test_annotate_marks_cells_and_lists_findings() -> None:
    data = copy.deepcopy(example("2021").report)
    data["applications"]["results"]["total"]["natural_person"] = 124
    result = checked(data)
    assert [f.code for f in result.findings] == [
        "identity.t3-balance", "identity.t3-results-total", "identity.t3-row-total"]
    plain = _page(result)
    assert "flagged" not in plain.split("</style>")[1] and "校验发现的问题" not in plain
    doc = lxml.html.fromstring(_page(result, annotate=True).encode())
    flagged = doc.xpath("//td[contains(@class, 'flagged')]")
    assert [td.get("data-pointer") for td in flagged] == ["/applications/results/total/natural_person"]
    assert flagged[0].text_content() == "1241"
    note = doc.xpath("//section[@id='applications']/ol[@class='cell-notes']/li")
    assert len(note) == 1 and note[0].get("id") == "note-applications-1"
    assert note[0].find("span").text_content() == "三、本年度办理结果 / （七）总计 / 自然人"
    notes = [s.text_content() for s in note[0].xpath("span[@class='finding']")]
    assert len(notes) == 3
    assert notes[0].startswith(
        "[错误] 勾稽关系：第一项加第二项之和，等于第三项加第四项之和：一 (125) + 二 (5) = 130，但 （七）总计 (124)")
    assert flagged[0].get("title").split("\n") == notes
    items = doc.xpath("//section[@id='findings']//li")
    assert len(items) == 3 and items[2].text_content().endswith("identity.t3-row-total")
    en = lxml.html.fromstring(_page(result, annotate=True, lang="en").encode())
    assert en.xpath("//span[@class='finding']")[0].text_content().startswith("[error] Balance: item 1 plus item 2")


def test_annotate_clean_report_says_so() -> None:
    doc = lxml.html.fromstring(_page(example("2019"), annotate=True).encode())
    assert doc.xpath("//section[@id='findings']/p")[0].text_content() == "未发现问题。"


def test_closing_block_after_the_last_section_and_footer_switch() -> None:
    page = _page(example("2021"))
    doc = lxml.html.fromstring(page)
    closing = doc.xpath("//main/div[@class='closing']")
    assert [p.text for p in closing[0].xpath("p")] == ["临州市交通运输局", "2024年1月26日"]
    assert closing[0].getprevious().get("id") == "other_matters"
    assert doc.xpath("//footer/text()") == [  # the $id of the version the example was checked against
        f"disclosure-kit {__version__} · https://disclosure-kit.org/schema/2021/{example('2021').schema_version}"
        "/report.schema.json"]
    ctx = context(example("2021"))
    for off in ("off", "false", "0", False):
        ctx.options = {"footer": off}
        assert "<footer" not in HtmlRenderer().render(ctx).decode("utf-8")
    en = lxml.html.fromstring(_page(example("2019"), lang="en"))
    assert [p.text for p in en.xpath("//div[@class='closing']/p")] == ["临州市自然资源和规划局", "28 January 2021"]

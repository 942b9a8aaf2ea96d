"""The ``markdown`` renderer: golden files, flattened tables that parse as GFM, escaping, quotes kept."""

from __future__ import annotations

import copy

import pytest
from markdown_it import MarkdownIt

from disclosure_kit.renderers.markdown import MarkdownRenderer, md_escape, narrative_markdown

from .support import checked, context, example


def _md(result, **kw) -> str:
    return MarkdownRenderer().render(context(result, **kw)).decode("utf-8")


def _tables(text: str) -> list[list[list[str]]]:
    """Every GFM table as rows of cell texts (header row first), as a GFM renderer reads them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables, row = [], None
    for tok in tokens:
        if tok.type == "table_open":
            tables.append([])
        elif tok.type == "tr_open":
            row = []
            tables[-1].append(row)
        elif tok.type == "inline" and row is not None and tables and tok.level >= 4:
            row.append(tok.content)
        elif tok.type == "tr_close":
            row = None
    return tables


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_golden_markdown(edition: str, golden) -> None:
    golden(f"markdown/{edition}.md", MarkdownRenderer().render(context(example(edition))))


def test_tables_parse_as_gfm_with_full_row_labels_2021() -> None:
    tables = _tables(_md(example("2021")))
    assert len(tables) == 4 + 1 + 1  # table two: one per block; three; four
    t3 = tables[4]
    org = "法人或其他组织 / "
    assert t3[0] == ["", "自然人", org + "商业企业", org + "科研机构", org + "社会公益组织", org + "法律服务机构",
                     org + "其他", "总计"]
    assert len(t3) == 1 + 25
    labels = [r[0] for r in t3[1:]]
    assert labels[4] == "三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密"
    assert labels[22] == "三、本年度办理结果 / （六）其他处理 / 3.其他"
    assert t3[labels.index("三、本年度办理结果 / （四）无法提供 / 1.本机关不掌握相关政府信息") + 1] == [
        "三、本年度办理结果 / （四）无法提供 / 1.本机关不掌握相关政府信息", "27", "2", "0", "0", "1", "0", "30"]
    t4 = tables[5]
    assert t4[0] == ["项目", "数值"] and len(t4) == 16
    assert t4[15] == ["行政诉讼 / 复议后起诉 / 总计", "1"]
    assert tables[3] == [["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费", "0.092"]]


def test_money_and_signed_cells_2019() -> None:
    tables = _tables(_md(example("2019")))
    assert tables[4] == [["信息内容", "采购项目数量", "采购总金额"], ["政府集中采购", "27", "1863.45万元"]]
    assert tables[1][1] == ["行政许可", "42", "-3", "5371"]


def test_corner_note_and_group_are_written_once_above_table_three() -> None:
    text = _md(example("2021"))
    assert ("## 三、收到和处理政府信息公开申请情况\n\n**申请人情况**\n\n"
            "> （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n\n|  | 自然人 |") in text


def test_quotes_are_never_rewritten() -> None:
    text = _md(example("2021"))
    assert "3.危及“三安全一稳定”" in text and "“双公示”" in text and '"' not in text


def test_report_text_is_escaped() -> None:
    data = copy.deepcopy(example("2021").report)
    data["meta"]["agency"] = "A|B *粗* <script>alert(1)</script> `x` [l](u) #1 $m$"
    data["meta"]["title"] = None
    data["applications"]["new_received"]["total"] = "1|2"
    data["overview"] = '段落 <b onclick="x()">粗</b>\n\n<div>\nblock\n</div>\n\n# 标题\n\n`<code>` 保留'
    text = _md(checked(data))
    title = text.splitlines()[0]
    assert title == ("# A\\|B \\*粗\\* \\<script\\>alert(1)\\</script\\> \\`x\\` \\[l\\](u) \\#1 \\$m\\$"
                     "2023年政府信息公开工作年度报告")
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    assert "<script" not in html and "<b " not in html and "<div>" not in html
    assert "<h1>A|B *粗* &lt;script&gt;alert(1)&lt;/script&gt; `x` [l](u) #1 $m$2023年" in html
    assert "<td style=\"text-align:right\">1|2</td>" in html
    assert "段落 &lt;b onclick=&quot;x()&quot;&gt;粗&lt;/b&gt;" in html
    assert "<h3>标题</h3>" in html and "<code>&lt;code&gt;</code> 保留" in html


def test_md_escape_is_one_line() -> None:
    assert md_escape("a\nb|c") == "a b\\|c"


def test_narrative_passes_through_markdown() -> None:
    src = "1. **主动公开。** 全年 862 条。\n2. 其他。\n"
    assert narrative_markdown(src) == src


def test_annotate_lists_findings_in_english() -> None:
    data = copy.deepcopy(example("2021").report)
    data["applications"]["results"]["total"]["natural_person"] = 124
    text = _md(checked(data), annotate=True, lang="en")
    assert "## Findings of the check\n\n1. \\[error\\] `/applications/results/total/natural_person` " in text
    assert "## 3. Disclosure applications received and handled" in text


def test_pandoc_reads_the_same_tables_from_the_gfm(tmp_path) -> None:
    """A second, independent GFM reader (pandoc 3) sees the same six tables and cells."""
    import lxml.html
    import pypandoc

    html = pypandoc.convert_text(_md(example("2019")), "html5", format="gfm")
    doc = lxml.html.fromstring(html)
    tables = doc.xpath("//table")
    assert len(tables) == 5 + 1 + 1
    assert [td.text_content() for td in tables[4].xpath(".//tbody/tr/td")] == ["政府集中采购", "27", "1863.45万元"]
    assert len(tables[5].xpath(".//tbody/tr")) == 23 and len(tables[5].xpath(".//thead/tr/th")) == 8
    assert "3.危及“三安全一稳定”" in html


def test_unsafe_links_in_the_narrative_are_shown_as_text() -> None:
    src = ("好 [链接](https://gov.cn/a)\n\n坏 [x](javascript:alert(1)) ![图](data:image/png;base64,xx)\n\n"
           "[参考][r]\n\n[r]: javascript:alert(2)\n")
    out = narrative_markdown(src)
    assert out == ("好 [链接](https://gov.cn/a)\n\n"
                   "坏 \\[x\\](javascript:alert(1)) \\!\\[图\\](data:image/png;base64,xx)\n\n"
                   "\\[参考\\]\\[r\\]\n\n\\[r\\]: javascript:alert(2)\n")
    html = MarkdownIt("commonmark").render(out)
    assert html.count("<a ") == 1 and '<a href="https://gov.cn/a">' in html and "<img" not in html


RICH_NARRATIVE = """# 一、总体情况

2023年，**（一）主动公开。** 全年公开 1,126 条，*其中* ~~删除~~ `代码 ``反引号`` 段`，
见[政府网](https://www.gov.cn/zhengce/ "国务院") 与 <https://www.gov.cn/> 及 <mailto:a@b.cn>。\\
硬换行之后 1. 不是编号；A|B、#号、*星号*、_下划线_、&amp; 与 \\* 都按原样。

- 第一项
  - 嵌套项
- 第二项

3) 第三
4) 第四

> 引用一
>
> 引用二

| 指标 | 数量 |
|:--|--:|
| 政策文件 | 21 |
| 含`|`竖线 | A\\|B |

```text
保留 *原样* 的代码
```

***

二级标题
--------
"""


def test_rewritten_narrative_means_what_the_author_wrote() -> None:
    """Every allowed construct survives the rewrite: the same HTML from the source and from our output."""
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    out = narrative_markdown(RICH_NARRATIVE, heading_offset=0)
    assert md.render(out) == md.render(RICH_NARRATIVE)
    assert narrative_markdown(out, heading_offset=0) == out  # a fixed point: rewriting again changes nothing

"""Sources written here in the shapes real pages take (not copied from the corpus): traditional
characters with inserted pinyin, Word-pasted one-character spans, merged cells, units, signed
changes, page footers, documents that stop early. Each asserts the exact cells and findings."""

from __future__ import annotations

from pathlib import Path

from disclosure_kit.importers.assemble import assemble
from disclosure_kit.importers.html import read_html_string
from disclosure_kit.importers.text import read_text, read_text_string


def _spans(text: str) -> str:
    return "".join(f'<span style="font-size:12pt"><font face="宋体">{c}</font></span>' for c in text) + "<o:p></o:p>"


T3_ROWS_2019 = [
    "一、本年新收政府信息公開申請數量", "二、上年結轉政府信息公開申請數量",
    "（一）予以公開", "（二）部分公開（區分處理的，只計這一情形，不計其他情形）",
    "1.屬於國家秘密", "2.其他法律行政法規禁止公開", "3.危及“三安全一穩定”", "4.保護第三方合法權益",
    "5.屬於三類內部事務信息", "6.屬於四類過程性信息", "7.屬於行政執法案卷", "8.屬於行政查詢事項",
    "1.本機關不掌握相關政府信息", "2.沒有現成信息需要另行製作", "3.補正後申請內容仍不明確",
    "1.信訪舉報投訴類申請", "2.重複申請", "3.要求提供公開出版物", "4.無正當理由大量反覆申請",
    "5.要求行政機關確認或重新出具已獲取信息", "（六）其他處理", "（七）總計", "四、結轉下年度繼續辦理",
]


DATA = Path(__file__).resolve().parent / "data"
T4_VALUES = ("3", "1", "0", "1", "5", "2", "0", "1", "0", "3", "1", "0", "0", "0", "1")


def _page_2019() -> str:
    t3 = []
    for i, label in enumerate(T3_ROWS_2019):
        first = '<td rowspan="20">三、本年度辦(bàn)理結果</td>' if i == 2 else ""
        values = [str(i), "0", "0", "0", "0", "0", str(i)] if i != 1 else ["5", "", "", "", "", "", "5"]
        cells = "".join(f"<td>{_spans(v)}</td>" for v in values)
        t3.append(f"<tr>{first}<td>{_spans(label)}</td>{cells}</tr>")
    return f"""<html><head><title>某局</title><script>var x = "一、总体情况 1 2 3";</script></head>
<body><div class="nav">首頁 > 政府信息公開 > 年報 <a>總體情況</a></div>
<div class="article">
<h1>示例縣審計局2020年政府信息公開工作年度報告</h1>
<p>發布日期：2021-01-20</p><p>索引號：11000000XX/2021-00003</p>
<p>一、總體情況</p><p>2020年，本局認真貫徹《條例》，加強領(lǐng)導，做好統(tǒng)計。</p>
<p>二、主動公開政府信息情況</p>
<table>
<tr><td colspan="4">第二十條第（一）項</td></tr>
<tr><td>信息內容</td><td>本年新<br/>製作數量</td><td>本年新<br/>公開數量</td><td>對外公開總數量</td></tr>
<tr><td>規章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>規范性文件</td><td>{_spans("2")}</td><td>2</td><td>15</td></tr>
<tr><td colspan="4">第二十條第（五）項</td></tr>
<tr><td>信息內容</td><td>上一年項目數量</td><td>本年增/減</td><td>處理決定數量</td></tr>
<tr><td>行政許(xǔ)可</td><td>42</td><td>-3</td><td>5371</td></tr>
<tr><td>其他對外管理服務事項</td><td>18</td><td>+2</td><td>964</td></tr>
<tr><td colspan="4">第二十條第（六）項</td></tr>
<tr><td>信息內容</td><td>上一年項目數量</td><td>本年增/減</td><td>處理決定數量</td></tr>
<tr><td>行政處罰</td><td>96</td><td>5</td><td>187</td></tr>
<tr><td>行政強制</td><td>7</td><td>0</td><td>4</td></tr>
<tr><td colspan="4">第二十條第（八）項</td></tr>
<tr><td>信息內容</td><td>上一年項目數量</td><td colspan="2">本年增/減</td></tr>
<tr><td>行政事業性收費</td><td>3</td><td colspan="2">-1</td></tr>
<tr><td colspan="4">第二十條第（九）項</td></tr>
<tr><td>信息內容</td><td>採購項目數量</td><td colspan="2">採購總金額</td></tr>
<tr><td>政府集中採購</td><td>27</td><td colspan="2">251000元</td></tr>
</table>
<p>三、收到和處理政府信息公開申請情況</p>
<table>
<tr><td colspan="3" rowspan="3">（本列數據的勾稽關係為：第一項加第二項之和，等於第三項加第四項之和）</td>
<td colspan="7">申請人情況</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他組織</td><td rowspan="2">總計</td></tr>
<tr><td>商業企業</td><td>科研機構</td><td>社會公益組織</td><td>法律服務機構</td><td>其他</td></tr>
{"".join(t3)}
</table>
<p>四、政府信息公開行政復議、行政訴訟情況</p>
<table><tr><td colspan="5">行政復議</td><td colspan="10">行政訴訟</td></tr>
<tr><td>{"</td><td>".join(T4_VALUES)}</td></tr></table>
<p>五、存在的主要問題及改進情況</p><p>公開深度不夠。</p>
<p>六、其他需要報告的事項</p><p>無。</p>
</div><div class="footer">版權所有 網站標識碼 1234</div></body></html>"""


def test_traditional_word_pasted_page_with_pinyin_imports_every_cell() -> None:
    result = assemble(read_html_string(_page_2019(), "page.html"))
    report = result.report
    assert result.edition == "2019"
    t2 = report["active_disclosure"]
    assert t2["article_20_1"]["normative_documents"] == {"new_made": 2, "new_published": 2, "total_published": 15}
    assert t2["article_20_5"]["licensing"] == {"prior_year_items": 42, "change": -3, "decisions": 5371}
    assert t2["article_20_5"]["other_services"] == {"prior_year_items": 18, "change": 2, "decisions": 964}
    assert t2["article_20_8"]["fees"] == {"prior_year_items": 3, "change": -1}
    assert t2["article_20_9"]["procurement"] == {"items": 27, "amount": {"value": 251000, "unit": "元"}}
    apps = report["applications"]
    assert apps["carried_over"] == {
        "natural_person": 5, "commercial_enterprise": None, "research_institution": None,
        "public_interest_org": None, "legal_services_org": None, "other_org": None, "total": 5,
    }
    assert apps["results"]["other_handling"]["total"] == 20
    assert apps["results"]["total"]["natural_person"] == 21
    assert apps["carried_forward"]["total"] == 22
    assert report["review_litigation"]["litigation"]["after_review"]["total"] == 1
    assert report["meta"] == {
        "agency": "示例縣審計局", "year": 2020, "published": "2021-01-20", "index_number": "11000000XX/2021-00003",
        "title": "示例縣審計局2020年政府信息公開工作年度報告",
    }
    assert report["overview"] == "2020年，本局認真貫徹《條例》，加強領導，做好統計。"
    assert report["other_matters"] == "無。"
    assert report["x-import"]["text"]["pinyin_readings_removed"] == 4
    assert report["x-import"]["text"]["script"] == "traditional"
    assert result.provenance["/active_disclosure/article_20_5/licensing/change"]["text"] == "-3"
    assert result.provenance["/applications/carried_forward/total"]["origin"]["element"] == "table[2]/tr[26]/td[8]"
    codes = {f.code for f in result.findings}
    assert "import.layout_mixed" not in codes and "import.values_ambiguous" not in codes


FLAT_2021 = """某镇人民政府2023年政府信息公开工作年度报告
发布时间：2024-01-25
一、总体情况
全年主动公开信息 120 条。
二、主动公开政府信息情况
第二十条第（一）项
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件
规章 | 0 | 0 | 0
规范性文件 | 1 | 0 | 9
第二十条第（五）项
信息内容 | 本年处理决定数量
行政许可 | 12
第二十条第（六）项
信息内容 | 本年处理决定数量
行政处罚 | 3
行政强制 | 0
第二十条第（八）项
信息内容 | 本年收费金额（单位：万元）
行政事业性收费 | 0.092万元
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量 | 4 | 0 | 0 | 0 | 0 | 0 | 4
二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0
三、本年度办理结果 | （一）予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3
（二）部分公开（区分处理的，只计这一情形，不计其他情形） | 1 | 0 | 0 | 0 | 0 | 0 | 1
- 3 -
（三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0
"""


def test_flattened_2021_text_stopping_early_lists_what_is_missing() -> None:
    result = assemble(read_text_string(FLAT_2021, "flat.txt"))
    report = result.report
    assert result.edition == "2021"
    assert report["active_disclosure"]["article_20_1"]["normative_documents"] == {
        "issued": 1, "repealed": 0, "in_force": 9,
    }
    assert report["active_disclosure"]["article_20_8"]["fees"]["amount"] == 0.092
    assert report["applications"]["results"]["withheld"]["state_secret"]["total"] == 0
    assert report["applications"]["results"]["withheld"]["prohibited_by_law"]["total"] is None
    assert report["meta"]["published"] == "2024-01-25"
    by_code = {f.code: f for f in result.findings}
    assert by_code["import.table_missing"].pointer == "/review_litigation"
    missing = by_code["import.cell_missing"]
    assert missing.params["rows_zh"].startswith("（三）不予公开 / 2.其他法律行政法规禁止公开；")
    assert missing.params["why_en"] == "the source ends before them"  # absent, not blank
    ends = next(a for a in report["x-import"]["absent"] if a["reason"] == "ends")
    assert ends["pointers"][:2] == [
        "/applications/results/withheld/prohibited_by_law", "/applications/results/withheld/three_safeties",
    ]
    assert report["x-import"]["text"]["page_footers_removed"] == 1
    assert result.provenance["/active_disclosure/article_20_8/fees/amount"] == {
        "origin": {"line": 19}, "text": "0.092万元",
    }


def test_value_in_the_wrong_unit_is_not_converted() -> None:
    text = FLAT_2021.replace("0.092万元", "920元")
    result = assemble(read_text_string(text, "flat.txt"))
    assert result.report["active_disclosure"]["article_20_8"]["fees"]["amount"] is None
    unit = [f for f in result.findings if f.code == "import.value_unit"]
    assert [(f.line, f.params["unit"], f.params["expected"]) for f in unit] == [(19, "元", "万元")]


def test_non_numeric_cell_is_blank_with_a_finding() -> None:
    text = FLAT_2021.replace("数量 | 4 | 0 | 0", "数量 | 4 | 若干 | 0")
    result = assemble(read_text_string(text, "flat.txt"))
    row = result.report["applications"]["new_received"]
    assert (row["natural_person"], row["commercial_enterprise"], row["total"]) == (4, None, 4)
    found = [f for f in result.findings if f.code == "import.value_not_numeric"]
    assert [(f.line, f.pointer, f.params["text"]) for f in found] == [
        (21, "/applications/new_received/commercial_enterprise", "若干"),
    ]


def test_forced_edition_keeps_other_layout_under_x_import() -> None:
    result = assemble(read_text_string(FLAT_2021, "flat.txt"), edition="2019")
    assert result.edition == "2019"
    pointers = [u["pointer"] for u in result.report["x-import"]["unplaced"]]
    assert "/active_disclosure/article_20_5/licensing/decisions" in pointers
    assert any(f.code == "import.layout_mixed" for f in result.findings)



def test_one_cell_per_line_traditional_page_with_a_2019_other_handling_row() -> None:
    """A 2021 table two, but （六）其他处理 as one 2019 row: imported faithfully, the mix reported."""
    result = assemble(read_text(DATA / "trad-pinyin-mixed-2022.txt"))
    report = result.report
    assert result.edition == "2021"
    assert report["meta"] == {
        "agency": "某區教育局", "year": 2022, "published": "2023-01-30", "index_number": "ABC/2023-01",
        "title": "某區教育局2022年政府信息公開工作年度報告",
    }
    t2 = report["active_disclosure"]
    assert t2["article_20_1"]["normative_documents"] == {"issued": 2, "repealed": None, "in_force": 10}
    assert t2["article_20_5"]["licensing"]["decisions"] == 5
    assert report["applications"]["results"]["other_handling"]["no_correction"]["total"] is None
    assert report["applications"]["results"]["total"]["total"] == 3
    assert report["review_litigation"]["litigation"]["direct"]["upheld"] == 1
    unplaced = report["x-import"]["unplaced"]
    assert [(u["pointer"], u["value"], u["origin"]["line"]) for u in unplaced][-1] == (
        "/applications/results/other_handling/total", 0, 221,
    )
    assert len(unplaced) == 7
    mixed = [f for f in result.findings if f.code == "import.layout_mixed"]
    assert mixed[0].params == {"edition": "2021", "other": "2019", "blocks": "applications/other_handling"}
    assert report["x-import"]["text"]["pinyin_readings_removed"] == 3
    assert report["overview"] == "全年主動公開信息40條，領導重視。"


def test_page_laid_out_with_tables_reads_the_inner_tables() -> None:
    inner = _page_2019().split('<div class="article">')[1].split("</div><div class=\"footer\">")[0]
    page = (
        '<?xml version="1.0" encoding="utf-8"?><html><body><table><tr><td>导航 首页</td></tr>'
        f"<tr><td>{inner}</td></tr></table></body></html>"
    )
    result = assemble(read_html_string(page, "layout.html"))
    assert result.report["applications"]["carried_forward"]["total"] == 22
    assert result.report["active_disclosure"]["article_20_9"]["procurement"]["items"] == 27
    assert result.report["review_litigation"]["review"]["total"] == 5


def test_space_separated_rows_with_group_label_in_front() -> None:
    text = "\n".join([
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量 ３ 0 0 0 0 0 ３",
        "三、本年度办理结果 （一）予以公开 2 0 0 0 0 0 2",
        "（三）不予公开 1.属于国家秘密 0 0 0 0 0 0 0",
    ])
    result = assemble(read_text_string(text, "rows.txt"))
    results = result.report["applications"]["results"]
    assert result.report["applications"]["new_received"]["total"] == 3
    assert results["disclosed"]["natural_person"] == 2
    assert results["withheld"]["state_secret"]["total"] == 0
    assert result.provenance["/applications/results/withheld/state_secret/total"]["origin"] == {"line": 4}


def test_title_with_year_last_and_rows_without_headers() -> None:
    text = "\n".join([
        "某县审计局政府信息公开工作2020年度报告",
        "一、总体情况",
        "本年度无特别事项。",
        "二、主动公开政府信息情况",
        "第二十条第（九）项",
        "政府集中采购 3 12.5万元",
        "第二十条第（五）项",
        "行政许可 10 +1036 200",
    ])
    result = assemble(read_text_string(text, "noheaders.txt"))
    report = result.report
    assert report["meta"]["agency"] == "某县审计局" and report["meta"]["year"] == 2020
    assert result.edition == "2019"  # 第二十条第（九）项 and 政府集中采购 exist only in 2019
    assert report["active_disclosure"]["article_20_9"]["procurement"] == {
        "items": 3, "amount": {"value": 12.5, "unit": "万元"},
    }
    assert report["active_disclosure"]["article_20_5"]["licensing"] == {
        "prior_year_items": 10, "change": 1036, "decisions": 200,
    }


def test_tab_separated_rows_keep_blank_cells_in_place() -> None:
    text = (
        "二、主动公开政府信息情况\n第二十条第（一）项\n"
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t\t0\t7\n"
    )
    result = assemble(read_text_string(text, "tabs.txt"))
    assert result.report["active_disclosure"]["article_20_1"]["regulations"] == {
        "issued": None, "repealed": 0, "in_force": 7,
    }

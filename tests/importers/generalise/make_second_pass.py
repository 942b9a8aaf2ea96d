# ruff: noqa: E501  (the sources are written out as pages print them, one line per row)
"""Write the sources of the second generalisation pass (i–q) and their expected values.

    .venv/bin/python tests/importers/generalise/make_second_pass.py

Run once by hand; its outputs are committed (the DOCX is made with python-docx, the PDF by
LibreOffice from an HTML page, as an office suite exports a report). Each source is written in a
shape the first pass (a–h) does not cover; the values are invented and consistent, so that a
correct import breaks no identity. Every cell a source prints is in its ``.expected.json``.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from second_pass_support import (  # run as a script: its folder is on the path
    COLS,
    T3_HEAD,
    T4,
    article_20_1,
    cells_t3,
    cells_t4,
    html_table,
    t2_cells,
    t3_html_rows,
    t3_rows,
    t3_values,
    t4_line,
    t4_values,
    write,
)

# ---------------------------------------------------------------------------------------------


def case_i_pdf_over_three_pages() -> None:
    """A 2021 report exported to PDF by an office suite, table three running over three pages."""
    t3 = t3_values("2021", 3)
    t4 = t4_values(1)
    head = '<tr><td rowspan="2">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>' \
           '<td colspan="7">申请人情况</td></tr><tr>' + "".join(f"<td>{h}</td>" for h in T3_HEAD[1:]) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in t3_html_rows("2021", t3))
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body{{font-family:'Noto Serif CJK SC';font-size:12pt}} td{{border:1px solid #000;padding:14pt 4pt}}
table{{border-collapse:collapse}}</style></head><body>
<p style="text-align:center;font-size:18pt">临州市交通运输局2023年政府信息公开工作年度报告</p>
<p>一、总体情况</p><p>2023年，本局依法做好政府信息公开工作。</p>
<p>二、主动公开政府信息情况</p>
<table border="1" cellpadding="4"><tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr><tr><td>行政规范性文件</td><td>2</td><td>1</td><td>9</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr><tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3">1206</td></tr></table>
<p>三、收到和处理政府信息公开申请情况</p>
<table border="1" cellpadding="14">{head}{body}</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<p>{t4_line(t4)}</p>
<p>五、存在的主要问题及改进情况</p><p>仍有不足。</p></body></html>"""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "i.html"
        src.write_text(page, encoding="utf-8")
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)],
                       check=True, capture_output=True, timeout=180)
        pdf = (Path(tmp) / "i.pdf").read_bytes()
    cells = {**article_20_1([0, 0, 0], [2, 1, 9]), **t2_cells("2021", {"article_20_5/licensing": [1206]}),
             **cells_t3(t3), **cells_t4(t4)}
    # LibreOffice leaves the first page of this export blank, the title paragraph with it: the year
    # comes from the running text, and is said to be inferred
    write("i-2021-office-pdf-table3-over-three-pages.pdf", pdf, {
        "edition": "2021", "meta": {"year": 2023}, "cells": cells,
        "findings": [["import.year_inferred", "/meta/year"]],
        "absent_findings": ["import.values_ambiguous", "import.value_unplaced", "import.label_inferred"],
    })


def case_j_table_as_image() -> None:
    """A web page whose table three is a picture: tables two and four are read, three is absent."""
    t4 = t4_values(2)
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>年报</title></head><body>
<div class="nav">首页 &gt; 政务公开</div><div class="content">
<h2>临州市水务局2022年政府信息公开工作年度报告</h2>
<p>一、总体情况</p><p>2022年，本局依法公开政府信息。</p>
<p>二、主动公开政府信息情况</p>
{html_table([['<td colspan="4">第二十条第（一）项</td>'],
             ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
             ['规章', '0', '0', '1'], ['行政规范性文件', '3', '0', '17'], ['<td colspan="4">第二十条第（八）项</td>'],
             ['信息内容', '<td colspan="3">本年收费金额（单位：万元）</td>'],
             ['行政事业性收费', '<td colspan="3">12.6</td>']])}
<p>三、收到和处理政府信息公开申请情况</p>
<p><img src="/upload/2023/nb-table3.png" alt="收到和处理政府信息公开申请情况表" width="600"></p>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
{html_table([['<td colspan="5">行政复议</td>', '<td colspan="10">行政诉讼</td>'],
             [str(v) for g in T4 for v in t4[g]]])}
<p>五、存在的主要问题及改进情况</p><p>无。</p></div></body></html>"""
    cells = {**article_20_1([0, 0, 1], [3, 0, 17]), "/active_disclosure/article_20_8/fees/amount": 12.6,
             **cells_t4(t4)}
    write("j-2021-table3-is-an-image.html", page, {
        "edition": "2021", "meta": {"agency": "临州市水务局", "year": 2022}, "cells": cells,
        "findings": [["import.table_missing", "/applications"], ["import.image", ""]],
        "absent": [{"reason": "table", "pointers": ["/applications"]}],
        "absent_findings": ["identity.t3-balance", "identity.t3-row-total"],
    })


def case_k_traditional_2019_layout_2023() -> None:
    """The 2019 layout for 2023, in traditional characters with Taiwan wording (資訊, 檔案)."""
    t3 = t3_values("2019", 2)
    t4 = t4_values(0)
    labels = dict(t3_rows("2019"))
    import opencc

    tw = opencc.OpenCC("s2twp")  # Taiwan wording by phrase: 信息 -> 資訊, 文件 -> 檔案
    lines = [
        "臨州市鄉鎮人民政府2023年政府資訊公開工作年度報告",
        "一、總體情況", "2023年，本鎮依法做好政府資訊公開工作。", "二、主動公開政府資訊情況",
        "第二十條第(一)項", "資訊內容 | 本年新製作數量 | 本年新公開數量 | 對外公開總數量",
        "規章 | 0 | 0 | 0", "規範性檔案 | 1 | 1 | 6",
        "第二十條第(五)項", "資訊內容 | 上一年項目數量 | 本年增/減 | 處理決定數量",
        "行政許可 | 12 | -2 | 40", "其他對外管理服務事項 | 3 | 0 | 8",
        "第二十條第(八)項", "資訊內容 | 上一年項目數量 | 本年增/減", "行政事業性收費 | 2 | 0",
        "三、收到和處理政府資訊公開申請情況",
        "申請人情況 | 自然人 | 商業企業 | 科研機構 | 社會公益組織 | 法律服務機構 | 其他 | 總計",
    ]
    for path, values in t3.items():
        lines.append(tw.convert(labels[path]) + " | " + " | ".join(str(v) for v in values))
    lines += ["四、政府資訊公開行政復議、行政訴訟情況", t4_line(t4), "五、存在的主要問題及改進情況", "仍需加強。"]
    cells = {
        **article_20_1([0, 0, 0], [1, 1, 6], "2019"),
        **t2_cells("2019", {"article_20_5/licensing": [12, -2, 40], "article_20_5/other_services": [3, 0, 8],
                            "article_20_8/fees": [2, 0]}),
        **cells_t3(t3), **cells_t4(t4),
    }
    write("k-2019layout-2023-taiwan-wording.txt", "\n".join(lines) + "\n", {
        "edition": "2019", "meta": {"agency": "臨州市鄉鎮人民政府", "year": 2023}, "cells": cells,
        "text": {"script": "traditional"},
        "absent_findings": ["import.label_unknown", "import.values_ambiguous", "import.label_inferred"],
    })


def case_l_docx_table3_two_tables() -> None:
    """A DOCX whose table three is two tables (cut where the page broke), with a merged group label."""
    import io

    import docx

    t3 = t3_values("2021", 4)
    t4 = t4_values(1)
    d = docx.Document()
    d.add_paragraph("临州市人力资源和社会保障局2024年政府信息公开工作年度报告")
    for text in ("一、总体情况", "2024年，本局依法做好政府信息公开工作。", "三、收到和处理政府信息公开申请情况"):
        d.add_paragraph(text)
    rows = t3_rows("2021")
    cut = 10  # the first table ends inside （三）不予公开

    def table(part: list[tuple[str, str]], header: bool) -> None:
        n = len(part) + (2 if header else 0)
        t = d.add_table(rows=n, cols=9)
        t.style = "Table Grid"
        r0 = 0
        if header:
            t.cell(0, 0).merge(t.cell(1, 1)).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
            t.cell(0, 2).merge(t.cell(0, 8)).text = "申请人情况"
            for k, h in enumerate(T3_HEAD[1:]):
                t.cell(1, 2 + k).text = h
            r0 = 2
        first_result = None
        for i, (path, label) in enumerate(part):
            r = r0 + i
            if path.startswith("results/"):
                first_result = r if first_result is None else first_result
                t.cell(r, 1).text = label
            else:
                t.cell(r, 0).merge(t.cell(r, 1)).text = label
            for k, v in enumerate(t3[path]):
                t.cell(r, 2 + k).text = str(v)
        results = [r0 + i for i, (p, _) in enumerate(part) if p.startswith("results/")]
        if results:
            t.cell(results[0], 0).merge(t.cell(results[-1], 0)).text = "三、本年度办理结果"

    table(rows[:cut], header=True)
    d.add_paragraph("")
    table(rows[cut:], header=False)
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    t = d.add_table(rows=1, cols=15)
    for k, v in enumerate(v for g in T4 for v in t4[g]):
        t.cell(0, k).text = str(v)
    d.add_paragraph("五、存在的主要问题及改进情况")
    d.add_paragraph("无。")
    buf = io.BytesIO()
    d.save(buf)
    write("l-2021-docx-table3-two-tables.docx", buf.getvalue(), {
        "edition": "2021", "meta": {"agency": "临州市人力资源和社会保障局", "year": 2024},
        "cells": {**cells_t3(t3), **cells_t4(t4)},
        "absent_findings": ["import.values_ambiguous", "import.value_unplaced", "import.label_inferred",
                            "identity.t3-balance"],
    })


def case_m_blocks_with_own_headers() -> None:
    """2019 layout: each block of table two its own table, headers in an unusual order, cut short,
    or without one of the columns."""
    blocks = [
        ("第二十条第（一）项", ["对外公开总数量", "本年新制作数量", "本年新公开数量"],
         [("规章", ["5", "0", "0"]), ("规范性文件", ["41", "3", "3"])]),
        ("第二十条第（五）项", ["上一年项目", "本年增/减", "处理决定"],
         [("行政许可", ["63", "+4", "2,310"]), ("其他对外管理服务事项", ["7", "0", "55"])]),
        ("第二十条第（六）项", ["上一年项目数量", "处理决定数量"],
         [("行政处罚", ["88", "410"]), ("行政强制", ["6", "12"])]),
        ("第二十条第（九）项", ["采购总金额", "采购项目数量"], [("政府集中采购", ["35.2万元", "4"])]),
    ]
    tables = "".join(
        html_table([[f'<td colspan="{len(head) + 1}">{cap}</td>'], ["信息内容", *head],
                    *[[label, *vals] for label, vals in rows]]) for cap, head, rows in blocks)
    page = f"""<html><head><meta charset="utf-8"></head><body>
<p>临州市市场监督管理局2020年政府信息公开工作年度报告</p><p>一、总体情况</p><p>2020年，本局做好公开工作。</p>
<p>二、主动公开政府信息情况</p>{tables}<p>五、存在的主要问题及改进情况</p><p>无</p></body></html>"""
    b = "/active_disclosure"
    cells = {
        f"{b}/article_20_1/regulations/total_published": 5, f"{b}/article_20_1/regulations/new_made": 0,
        f"{b}/article_20_1/regulations/new_published": 0,
        f"{b}/article_20_1/normative_documents/total_published": 41,
        f"{b}/article_20_1/normative_documents/new_made": 3, f"{b}/article_20_1/normative_documents/new_published": 3,
        f"{b}/article_20_5/licensing/prior_year_items": 63, f"{b}/article_20_5/licensing/change": 4,
        f"{b}/article_20_5/licensing/decisions": 2310, f"{b}/article_20_5/other_services/prior_year_items": 7,
        f"{b}/article_20_5/other_services/change": 0, f"{b}/article_20_5/other_services/decisions": 55,
        f"{b}/article_20_6/penalties/prior_year_items": 88, f"{b}/article_20_6/penalties/decisions": 410,
        f"{b}/article_20_6/coercion/prior_year_items": 6, f"{b}/article_20_6/coercion/decisions": 12,
        f"{b}/article_20_9/procurement/amount": {"value": 35.2, "unit": "万元"}, f"{b}/article_20_9/procurement/items": 4,
    }
    write("m-2019-blocks-with-own-headers.html", page, {
        "edition": "2019", "meta": {"agency": "临州市市场监督管理局", "year": 2020}, "cells": cells,
        "findings": [["import.columns_absent", "/active_disclosure/article_20_6"],
                     ["import.header_repaired", "/active_disclosure/article_20_5/licensing"]],
        "absent": [{"reason": "columns", "pointers": [f"{b}/article_20_6/penalties"], "columns": ["change"]},
                   {"reason": "columns", "pointers": [f"{b}/article_20_6/coercion"], "columns": ["change"]}],
        "absent_findings": ["import.values_ambiguous"],
    })


def case_n_table3_header_in_an_unusual_order() -> None:
    """Markdown: table three's header in one row, 总计 first; every row follows it."""
    t3 = t3_values("2021", 5)
    order = ["total", *COLS[:-1]]
    lines = ["# 临州市教育局2022年政府信息公开工作年度报告", "", "## 一、总体情况", "", "2022年本局依法公开。", "",
             "## 三、收到和处理政府信息公开申请情况", "",
             "| 申请人情况 | 总计 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |",
             "|---|---|---|---|---|---|---|---|"]
    for label, *values in t3_html_rows("2021", t3, order):
        lines.append("| " + " | ".join([label, *values]) + " |")
    lines += ["", "## 五、存在的主要问题及改进情况", "", "无。"]
    write("n-2021-table3-header-unusual-order.md", "\n".join(lines) + "\n", {
        "edition": "2021", "meta": {"agency": "临州市教育局", "year": 2022}, "cells": cells_t3(t3),
        "absent_findings": ["import.values_ambiguous", "identity.t3-balance", "identity.t3-row-total"],
    })


def case_o_values_that_do_not_fit() -> None:
    """2019 layout: units, a dash for a minus, an amount and a decimal in count columns, words."""
    text = """临州市统计局2020年政府信息公开工作年度报告
一、总体情况
2020年，本局依法做好政府信息公开工作。
二、主动公开政府信息情况
第二十条第（一）项
信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量
规章 | 0件 | 0件 | 2件
规范性文件 | 3件 | 3件 | 12.5
第二十条第（五）项
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量
行政许可 | 9项 | —3 | 251000元
第二十条第（八）项
信息内容 | 上一年项目数量 | 本年增/减
行政事业性收费 | 不适用 | 若干
第二十条第（九）项
信息内容 | 采购项目数量 | 采购总金额
政府集中采购 | 2 | 251000元
"""
    b = "/active_disclosure"
    write("o-2019-values-that-do-not-fit.txt", text, {
        "edition": "2019", "meta": {"agency": "临州市统计局", "year": 2020},
        "cells": {
            **article_20_1([0, 0, 2], [3, 3, 12.5], "2019"),
            **t2_cells("2019", {"article_20_5/licensing": [9, -3, None],  # 251000元 is kept, not a count
                                "article_20_9/procurement": [2, {"value": 251000, "unit": "元"}]}),
        },
        "kept": {
            f"{b}/article_20_5/licensing/decisions": {"text": "251000元", "reason": "amount_in_count",
                                                      "value": 251000, "unit": "元"},
            f"{b}/article_20_8/fees/prior_year_items": {"text": "不适用", "reason": "word"},
            f"{b}/article_20_8/fees/change": {"text": "若干", "reason": "text"},
        },
        "findings": [["import.amount_in_count", f"{b}/article_20_5/licensing/decisions"],
                     ["import.value_read", f"{b}/article_20_5/licensing/change"],
                     ["schema.type", f"{b}/article_20_1/normative_documents/total_published"],
                     ["imported.kept", f"{b}/article_20_5/licensing/decisions"]],
    })


def case_p_meta_table_and_title_in_sentence() -> None:
    """The site's field table with letter-spaced labels, and the title only in the opening sentence."""
    page = """<html><head><meta charset="utf-8"><title>政务公开</title></head><body>
<table class="meta"><tr><td>索 引 号：</td><td>11330100MB1234567X/2023-00412</td><td>发布机构：</td><td>临州市民政局</td></tr>
<tr><td>公开日期：</td><td>2023年1月18日</td><td>文　　号：</td><td></td></tr></table>
<div class="article"><p>根据《中华人民共和国政府信息公开条例》，现将临州市民政局2022年度政府信息公开工作年度报告公布如下。</p>
<p>一、总体情况</p><p>2022年，本局依法做好政府信息公开工作。</p>
<p>二、主动公开政府信息情况</p>
<table><tr><td colspan="4">第二十条第（一）项</td></tr><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr><tr><td>行政规范性文件</td><td>1</td><td>0</td><td>5</td></tr></table>
<p>五、存在的主要问题及改进情况</p><p>无。</p></div></body></html>"""
    write("p-2022-field-table-and-title-in-sentence.html", page, {
        "edition": "2021",
        "meta": {"agency": "临州市民政局", "year": 2022, "published": "2023-01-18",
                 "index_number": "11330100MB1234567X/2023-00412", "issuer": "临州市民政局"},
        "cells": article_20_1([0, 0, 0], [1, 0, 5]),
        "absent_findings": ["import.year_inferred"],
    })


def case_q_annotated_headers_and_provincial_row() -> None:
    """2020, a provincial style: headers with long notes, an extra row the format does not have."""
    page = """<html><head><meta charset="utf-8"></head><body>
<p>临州市自然资源和规划局2020年政府信息公开工作年度报告</p><p>一、总体情况</p><p>2020年，本局依法公开。</p>
<p>二、主动公开政府信息情况</p><table border="1">
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr><tr><td>规范性文件</td><td>4</td><td>4</td><td>30</td></tr>
<tr><td>其他主动公开文件</td><td>120</td><td>120</td><td>866</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量(指2019年事项数)</td><td>本年增/减(增加用正值表示，减少用负值表示，如-8)</td>
<td>处理决定数量(指2020年办理的件数)</td></tr>
<tr><td>行政许可(含行政许可类的政务服务事项)</td><td>31</td><td>-8</td><td>1544</td></tr>
<tr><td>其他对外管理服务事项</td><td>12</td><td>2</td><td>310</td></tr></table>
<p>五、存在的主要问题及改进情况</p><p>无。</p></body></html>"""
    b = "/active_disclosure"
    write("q-2020-annotated-headers-provincial-row.html", page, {
        "edition": "2019", "meta": {"agency": "临州市自然资源和规划局", "year": 2020},
        "cells": {
            **article_20_1([0, 0, 0], [4, 4, 30], "2019"),
            **t2_cells("2019", {"article_20_5/licensing": [31, -8, 1544], "article_20_5/other_services": [12, 2, 310]}),
        },
        "row_notes": {f"{b}/article_20_5/licensing": "含行政许可类的政务服务事项"},
        "findings": [["import.label_unknown", ""]],
        "unmatched": ["120 | 120 | 866"],
        "absent_findings": ["import.values_ambiguous"],
    })


if __name__ == "__main__":
    for make in (case_i_pdf_over_three_pages, case_j_table_as_image, case_k_traditional_2019_layout_2023,
                 case_l_docx_table3_two_tables, case_m_blocks_with_own_headers,
                 case_n_table3_header_in_an_unusual_order, case_o_values_that_do_not_fit,
                 case_p_meta_table_and_title_in_sentence, case_q_annotated_headers_and_provincial_row):
        make()
        print(make.__name__)

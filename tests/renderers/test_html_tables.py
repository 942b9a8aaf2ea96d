"""``table_html``: the official merged layout as one escaped ``<table>`` (shared with the DOCX renderer)."""

from __future__ import annotations

import copy

import lxml.html
import pytest

from disclosure_kit.model.editions import get_edition
from disclosure_kit.model.layout import table_grid
from disclosure_kit.renderers.html_tables import flagged_cells, format_value, table_html

from .support import example


def _table(edition: str, key: str, report=None, **kw):
    e = get_edition(edition)
    node = next(t for t in e.tables() if t.key == key)
    data = report if report is not None else example(edition).report
    return lxml.html.fragment_fromstring(table_html(table_grid(e, node), data, **kw))


def _th(table, text: str):
    hits = [th for th in table.iter("th") if th.text_content() == text]
    assert len(hits) == 1, text
    return hits[0]


@pytest.mark.parametrize(("edition", "rows"), [("2019", 20), ("2021", 22)])
def test_table_three_header_and_merged_labels(edition: str, rows: int) -> None:
    t = _table(edition, "applications")
    thead = t.find("thead")
    assert [len(tr.findall("th")) for tr in thead.findall("tr")] == [2, 3, 5]
    corner = thead.find("tr").find("th")
    assert corner.get("rowspan") == "3" and corner.get("colspan") == "3"
    assert corner.text_content() == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert _th(t, "申请人情况").get("colspan") == "7"
    assert _th(t, "申请人情况").get("scope") == "colgroup"
    assert _th(t, "法人或其他组织").get("colspan") == "5"
    assert _th(t, "自然人").get("rowspan") == "2"
    results = _th(t, "三、本年度办理结果")
    assert results.get("rowspan") == str(rows) and results.get("scope") == "rowgroup"
    assert _th(t, "（三）不予公开").get("rowspan") == "8"
    assert _th(t, "一、本年新收政府信息公开申请数量").get("colspan") == "3"
    assert len(t.find("tbody").findall("tr")) == rows + 3
    assert len(t.find("colgroup").findall("col")) == 10


def test_table_three_cell_values_2021() -> None:
    t = _table("2021", "applications")
    cell = t.xpath('//td[@data-pointer="/applications/results/unable/not_held/total"]')[0]
    assert cell.text_content() == "30"
    row = _th(t, "四、结转下年度继续办理").getparent()
    assert [td.text_content() for td in row.findall("td")] == ["7", "0", "0", "0", "1", "0", "8"]


def test_table_four_three_header_rows_and_one_data_row() -> None:
    t = _table("2021", "review_litigation")
    head = t.find("thead").findall("tr")
    assert [[(th.text_content(), th.get("rowspan"), th.get("colspan")) for th in tr] for tr in head[:2]] == [
        [("行政复议", None, "5"), ("行政诉讼", None, "10")],
        [("结果维持", "2", None), ("结果纠正", "2", None), ("其他结果", "2", None), ("尚未审结", "2", None),
         ("总计", "2", None), ("未经复议直接起诉", None, "5"), ("复议后起诉", None, "5")],
    ]
    assert len(head[2].findall("th")) == 10
    assert [td.text_content() for td in t.find("tbody").findall("tr/td")] == [
        "3", "1", "0", "1", "5", "2", "0", "1", "0", "3", "1", "0", "0", "0", "1"]


def test_table_two_blocks_money_and_signed_2019() -> None:
    t = _table("2019", "active_disclosure")
    assert t.find("thead") is None  # table two has no header over the whole table: a caption per block
    bodies = t.findall("tbody")
    assert [b.find("tr/th").text_content() for b in bodies] == [
        "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项", "第二十条第（九）项"]
    assert bodies[0].find("tr/th").get("colspan") == "4"
    money = t.xpath('//td[@data-pointer="/active_disclosure/article_20_9/procurement/amount"]')[0]
    assert money.text_content() == "1863.45万元" and money.get("colspan") == "2"
    change = t.xpath('//td[@data-pointer="/active_disclosure/article_20_5/licensing/change"]')[0]
    assert change.text_content() == "-3"


def test_blank_cells_are_empty_not_zero_and_text_is_escaped() -> None:
    data = copy.deepcopy(example("2021").report)
    data["applications"]["new_received"]["other_org"] = None
    del data["applications"]["carried_over"]["total"]
    data["review_litigation"]["review"]["upheld"] = "<b>3</b>"
    html = table_html(table_grid(get_edition("2021"), get_edition("2021").node("/applications")), data)
    assert '<td class="num count" data-pointer="/applications/new_received/other_org"></td>' in html
    assert '<td class="num count" data-pointer="/applications/carried_over/total"></td>' in html
    html4 = table_html(table_grid(get_edition("2021"), get_edition("2021").node("/review_litigation")), data)
    assert ">&lt;b&gt;3&lt;/b&gt;</td>" in html4 and "<b>" not in html4


def test_for_pandoc_is_plain_markup() -> None:
    e = get_edition("2021")
    html = table_html(table_grid(e, e.node("/applications")), example("2021").report, for_pandoc=True,
                      findings_by_pointer={"/applications/new_received/total": ["x"]})
    assert "class=" not in html and "data-pointer" not in html and "finding" not in html
    assert html.startswith("<table>\n<colgroup>\n<col style=\"width:9%\">")
    assert "<thead>" in html and html.count("<tr>") == 3 + 25


def test_flagged_cells_are_marked_and_numbered_in_reading_order() -> None:
    e = get_edition("2021")
    grid = table_grid(e, e.node("/applications"))
    first, last = "/applications/new_received/total", "/applications/carried_forward/total"
    findings = {last: ["b"], first: ["[错误] 勾稽 <不平>", "x"]}
    assert [(c.pointer, texts) for c, texts in flagged_cells(grid, findings)] == [
        (first, ["[错误] 勾稽 <不平>", "x"]), (last, ["b"])]
    t = _table("2021", "applications", findings_by_pointer=findings)
    cell = t.xpath('//td[@data-pointer="/applications/new_received/total"]')[0]
    assert cell.get("class") == "num count flagged"
    assert cell.get("title") == "[错误] 勾稽 <不平>\nx"
    assert cell.text_content() == "1361"
    assert cell.find("a").get("href") == "#note-applications-1" and cell.find("a").get("class") == "mark"
    last = t.xpath('//td[@data-pointer="/applications/carried_forward/total"]')[0]
    assert last.find("a").text_content() == "2"


def test_english_labels() -> None:
    t = _table("2021", "applications", lang="en")
    assert _th(t, "Applicants").get("colspan") == "7"


@pytest.mark.parametrize(("value", "text"), [
    (0, "0"), (-3, "-3"), (0.092, "0.092"), (1e16, "10000000000000000"), (None, ""),
    ({"value": 251000, "unit": "元"}, "251000元"), ({"value": None, "unit": "元"}, ""),
])
def test_format_value(value, text: str) -> None:
    assert format_value(value) == text

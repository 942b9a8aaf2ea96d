"""The reference docs under docs/schema/ are exactly what ``schema docs`` generates now."""

from __future__ import annotations

import pytest

from disclosure_kit.model.editions import get_edition
from disclosure_kit.schematools.docs import equation, render

from .helpers import ROOT, run


@pytest.mark.parametrize("edition", ["2019", "2021"])
@pytest.mark.parametrize(("fmt", "suffix"), [("markdown", "md"), ("html", "html")])
def test_checked_in_docs_are_current(edition: str, fmt: str, suffix: str) -> None:
    checked_in = (ROOT / "docs" / "schema" / f"{edition}.{suffix}").read_text(encoding="utf-8")
    assert checked_in == render(get_edition(edition), fmt), (
        f"docs/schema/{edition}.{suffix} is stale: run "
        f"disclosure-kit schema docs --edition {edition} --to {fmt} -o docs/schema/{edition}.{suffix}")


def test_markdown_lists_cells_with_labels_type_and_unit() -> None:
    text = render(get_edition("2021"), "markdown")
    assert ("| `/active_disclosure/article_20_8/fees/amount` | 行政事业性收费 | 本年收费金额（单位：万元） | "
            "Administrative fees | Fees collected this year (10,000 yuan) | amount: number\\|null ≥ 0 | 万元 |") in text
    assert ("| `/applications/results/other_handling/unpaid_fee/total` | 三、本年度办理结果 / （六）其他处理 / "
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 总计 |") in text
    assert text.count("| `/") == 200 + 8 + 3  # every cell of 2021, every meta field, the three fee fields
    assert ("| `/processing_fees/collected_amount` | 实际收取金额（元） | Amount actually collected (yuan) | "
            "number\\|null ≥ 0 | 元 |") in text
    assert text.index("### 信息处理费 / Information-processing fees") > text.index("## 六、其他需要报告的事项")


def test_identities_are_written_as_equations() -> None:
    e19, e21 = get_edition("2019"), get_edition("2021")
    assert equation(e21.identities[0], "zh") == "列「自然人」: 一 + 二 = （七）总计 + 四"
    assert equation(e21.identities[0], "en") == (
        "column Natural persons: 1. New applications received this year + 2. Applications carried over "
        "from last year = (7) Total + 4. Carried forward to next year")
    results_19 = next(i for i in e19.identities if i.rule_id == "t3-results-total")
    assert equation(results_19, "zh").endswith("（五）4 + （五）5 + （六）")
    in_force = next(i for i in e21.cross_year if i.rule_id == "xy-in-force")
    assert equation(in_force, "zh") == "行「规章」: 现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数"


def test_html_draws_the_merged_grid_and_escapes() -> None:
    html = render(get_edition("2019"), "html")
    assert '<th scope="rowgroup" rowspan="20">三、本年度办理结果</th>' in html
    assert '<td class="data" colspan="2">article_20_9/procurement/amount</td>' in html
    assert "勾稽关系：第一项加第二项之和，等于第三项加第四项之和" in html
    assert "<script" not in html


def test_cli_docs() -> None:
    result = run("schema", "docs", "--edition", "2019", "--to", "markdown")
    assert result.exit_code == 0
    assert result.stdout == render(get_edition("2019"), "markdown")
    bad = run("schema", "docs", "--edition", "2020")
    assert bad.exit_code == 2
    assert "未知的格式版本 '2020'（可用：2019|2021）" in bad.stderr
    assert "unknown edition '2020' (2019|2021)" in run("schema", "docs", "--edition", "2020", "--lang", "en").stderr

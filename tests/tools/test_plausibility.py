"""Plausibility rules declared in the schema (``x-plausibility``): warnings with their reason."""

from __future__ import annotations

import copy

import pytest

from disclosure_kit.check.messages import message
from disclosure_kit.check.pipeline import check_data
from disclosure_kit.check.plausibility import rules
from disclosure_kit.model.editions import get_edition

from .helpers import example


def _found(data: dict) -> list[tuple[str, str, str, str, str]]:
    result = check_data(data, "r.yaml")
    return [(f.code, f.severity, f.pointer, message(f), message(f, "en"))
            for f in result.findings if f.code.startswith("plausibility.")]


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_the_examples_are_plausible(edition: str) -> None:
    assert _found(example(edition)) == []


def test_rules_are_data_with_reasons_in_both_languages() -> None:
    ids = {r.rule_id for r in rules(get_edition("2021"))}
    assert ids == {"t2-fee-in-yuan", "t2-in-force-below-net-issued", "t2-town-regulations", "narrative-placeholder"}
    assert {r.rule_id for r in rules(get_edition("2019"))} == {
        "t2-decrease-exceeds-items", "t2-increase-looks-like-count", "t2-amount-without-unit",
        "t2-town-regulations", "narrative-placeholder"}
    assert all(r.reason_zh and r.reason_en for e in ("2019", "2021") for r in rules(get_edition(e)))


def test_a_fee_in_wanyuan_that_looks_typed_in_yuan() -> None:
    data = example("2021")
    data["active_disclosure"]["article_20_8"]["fees"]["amount"] = 920  # 0.092 万元 typed as 920 元: not caught
    assert _found(data) == []
    data["active_disclosure"]["article_20_8"]["fees"]["amount"] = 40682080  # 4068.208 万元 typed in 元
    assert _found(data) == [(
        "plausibility.t2-fee-in-yuan", "warning", "/active_disclosure/article_20_8/fees/amount",
        "表「二、主动公开政府信息情况」行「行政事业性收费」列「本年收费金额（单位：万元）」：可能有误：本列单位是万元，"
        "1 亿元以上的行政事业性收费少见；如填写的是“元”，请除以 10000 换算为万元（所填数值：40682080）",
        "table '2. Proactive disclosure of government information', row 'Administrative fees', column 'Fees collected "
        "this year (10,000 yuan)': possibly mistyped: the unit of this column is 10,000 yuan (万元) and fees of 100 "
        "million yuan or more are rare; if the figure is in yuan, divide it by 10,000 (figures: 40682080)")]


def test_a_change_beyond_last_years_count() -> None:
    data = example("2019")
    licensing = data["active_disclosure"]["article_20_5"]["licensing"]  # 42 items last year
    licensing["change"] = -43
    licensing_too = copy.deepcopy(data)
    found = _found(data)
    assert [(c, p) for c, _, p, _, _ in found] == [
        ("plausibility.t2-decrease-exceeds-items", "/active_disclosure/article_20_5/licensing/change")]
    assert found[0][3].endswith("上一年项目数量加本年增/减应不小于 0（所填数值：-43、42）")
    licensing_too["active_disclosure"]["article_20_5"]["licensing"]["change"] = 45  # this year's count typed
    assert [c for c, *_ in _found(licensing_too)] == ["plausibility.t2-increase-looks-like-count"]
    licensing_too["active_disclosure"]["article_20_5"]["licensing"]["prior_year_items"] = 0  # new powers: fine
    assert _found(licensing_too) == []


def test_corpus_cases_township_rules_procurement_unit_and_template_placeholder() -> None:
    data = example("2021")
    data["meta"]["agency"] = "某某县某某镇人民政府"
    data["active_disclosure"]["article_20_1"]["regulations"]["in_force"] = 6  # excerpt 24 (2023, a 镇)
    data["problems"] = "（文字描述）"
    assert sorted((c, p) for c, _, p, _, _ in _found(data)) == [
        ("plausibility.narrative-placeholder", "/problems"),
        ("plausibility.t2-town-regulations", "/active_disclosure/article_20_1/regulations/in_force")]
    old = example("2019")
    old["active_disclosure"]["article_20_9"]["procurement"]["amount"] = {"value": 8040, "unit": None}  # excerpt 12
    assert [(c, p) for c, _, p, _, _ in _found(old)] == [
        ("plausibility.t2-amount-without-unit", "/active_disclosure/article_20_9/procurement/amount/unit")]


def test_in_force_below_issued_minus_repealed_and_blank_cells_stay_silent() -> None:
    data = example("2021")
    docs = data["active_disclosure"]["article_20_1"]["normative_documents"]
    docs.update(issued=5, repealed=1, in_force=3)
    assert [c for c, *_ in _found(data)] == ["plausibility.t2-in-force-below-net-issued"]
    docs["repealed"] = None  # a blank never triggers a rule (validate warns about the blank itself)
    assert _found(data) == []
    docs["repealed"] = "1"  # nor does a cell that failed the schema
    assert _found(data) == []

"""Text repair and value reading: exact outputs for the real-world forms seen in published reports."""

from __future__ import annotations

from decimal import Decimal

import pytest

from disclosure_kit.importers.labels import match_section, match_t2_row, match_t3
from disclosure_kit.importers.normalize import key, remove_pinyin
from disclosure_kit.importers.values import Value, parse_value, split_label_numbers


def test_pinyin_readings_are_removed_and_counted() -> None:
    assert remove_pinyin("領(lǐng)導小組和統(tǒng)計（tǒng）工作") == ("領導小組和統計工作", 3)
    assert remove_pinyin("第二十条第(一)项（单位：万元）") == ("第二十条第(一)项（单位：万元）", 0)


def test_key_folds_script_width_space_and_punctuation() -> None:
    assert key("本年收費金額(單位:萬元)") == key("本年收费金额（单位：万元）") == "本年收费金额单位万元"
    assert key("行政規(guī)范性 文件") == "行政规范性文件"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", Value(0)),
        (" 1,126 ", Value(1126)),
        ("１２", Value(12)),
        ("-3", Value(-3)),
        ("+1036", Value(1036)),
        ("251000元", Value(251000, "元")),
        ("0.092万元", Value(Decimal("0.092"), "万元")),
        ("55（含自然失效 29 件）", Value(55, None, "含自然失效 29 件")),
        ("", Value(None)),
        ("-", Value(None)),
        ("/", Value(None)),
        ("\u3000", Value(None)),
        ("无", None),
        ("规章", None),
    ],
)
def test_parse_value(text: str, value: Value | None) -> None:
    assert parse_value(text) == value


def test_zero_and_blank_stay_distinct() -> None:
    assert parse_value("0") != parse_value("-")
    assert parse_value("0").blank is False and parse_value("-").blank is True  # type: ignore[union-attr]


def test_label_then_numbers_on_one_line() -> None:
    assert split_label_numbers("规章 0 0 0") == ("规章", ["0", "0", "0"])
    assert split_label_numbers("行政事业性收费 -3 +2") == ("行政事业性收费", ["-3", "+2"])
    assert split_label_numbers("2025 年") is None


def test_label_matching_uses_schema_labels_variants_and_fragments() -> None:
    hit = match_t2_row("規范性文件")
    assert hit is not None
    assert (hit.block, hit.row, hit.editions) == ("article_20_1", "normative_documents", {"2019", "2021"})
    rows, how = match_t3("2.其他法律行政止公开")
    assert [r.path for r in rows] == ["results/withheld/prohibited_by_law"] and how == "exact"
    rows, how = match_t3("（二）部分公开（区分处理的，只")
    assert [r.path for r in rows] == ["results/partially_disclosed"] and how == "prefix"
    rows, _ = match_t3("3.其他")
    assert [r.path for r in rows] == ["results/other_handling/other"]
    assert match_t3("其他") == ([], "")  # the column head, not the row
    assert match_t3("总计") == ([], "")


def test_section_headings_match_paraphrases_not_table_rows() -> None:
    assert match_section("五、存在的主要问题及整改措施") == "problems"
    assert match_section("四、因政府信息公开工作被申请行政复议和提起行政诉讼情况") == "review_litigation"
    assert match_section("二、收到和处理政府信息公开申请情况") == "applications"
    assert match_section("四、结转下年度继续办理") is None
    assert match_section("（一）主动公开政府信息情况") is None

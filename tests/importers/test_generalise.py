"""Reports written the way unseen real pages are written, not tuned on the corpus.

Each source in ``generalise/`` has a ``.expected.json`` beside it: the edition, the value of every
cell the source publishes (keyed by JSON pointer; every other cell must stay ``null``), the cell
notes, the values kept under ``x-import.unplaced`` for a mixed layout, and the findings that must
(or must not) be reported. The sources cover Word-pasted HTML soup with merged cells, ``|``-rows,
one cell per line, traditional characters with pinyin readings inside labels, full-width digits,
thousands separators, page footers inside table three, labels split over lines, tables without
header rows, a document cut short inside table three, and table four on one line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from disclosure_kit.importers.run import Imported, import_path
from disclosure_kit.model.editions import get_edition

CASES = Path(__file__).resolve().parent / "generalise"
EXPECTED = sorted(CASES.glob("*.expected.json"))


def _raw(report: dict[str, Any], path: tuple[str, ...]) -> Any:
    """The stored cell as it is (a money cell keeps its ``{value, unit}``)."""
    node: Any = report
    for part in path:
        node = node[part]
    return node


def _load(expected_path: Path) -> tuple[dict[str, Any], Imported]:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    return expected, import_path(CASES / expected["source"])


def test_every_case_has_its_source() -> None:
    assert len(EXPECTED) >= 5
    for path in EXPECTED:
        assert (CASES / json.loads(path.read_text(encoding="utf-8"))["source"]).is_file()


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_every_published_cell_and_no_other(expected_path: Path) -> None:
    expected, imported = _load(expected_path)
    report = imported.result.report
    assert report is not None
    assert report["edition"] == expected["edition"]
    want = expected["cells"]
    edition = get_edition(report["edition"])
    wrong = []
    for cell in edition.cells:
        got = _raw(report, cell.path)
        if got != want.get(cell.pointer):
            wrong.append(f"{cell.pointer}: got {got!r}, expected {want.get(cell.pointer)!r}")
    assert wrong == []
    assert set(want) <= {c.pointer for c in edition.cells}


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_meta_notes_unplaced_and_findings(expected_path: Path) -> None:
    expected, imported = _load(expected_path)
    report = imported.result.report
    assert report is not None
    for field, value in expected.get("meta", {}).items():
        assert report["meta"].get(field) == value, field
    assert report["x-import"]["cell_notes"] == expected.get("notes", {})
    unplaced = [(u["edition"], u["pointer"], u["value"]) for u in report["x-import"]["unplaced"]]
    assert unplaced == [tuple(u) for u in expected.get("unplaced", [])]
    found = {(f.code, f.pointer) for f in imported.result.findings}
    codes = {f.code for f in imported.result.findings}
    for code, pointer in expected.get("findings", []):
        assert (code, pointer) in found, (code, pointer)
    for code in expected.get("absent_findings", []):
        assert code not in codes, [f for f in imported.result.findings if f.code == code]
    for section, value in expected.get("narrative", {}).items():
        assert report[section] == value, section
    text = report["x-import"]["text"]
    for field in ("pinyin_readings_removed", "page_footers_removed", "script"):
        if field in expected.get("text", {}):
            assert text[field] == expected["text"][field], field


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_printed_values_kept_and_absent_parts(expected_path: Path) -> None:
    """What no cell holds is kept as printed; what the source does not print is recorded absent."""
    expected, imported = _load(expected_path)
    record = imported.result.report["x-import"]  # type: ignore[index]
    if "kept" in expected:
        assert record.get("kept") == expected["kept"]
    for entry in expected.get("absent", []):
        assert entry in record.get("absent", []), entry
    if "row_notes" in expected:
        assert record.get("row_notes") == expected["row_notes"]
    if "unmatched" in expected:
        assert [u["text"] for u in record.get("unmatched", [])] == expected["unmatched"]


# ---------------------------------------------------------------------------------------------
# The line-level rules the cases above rely on, one by one.


@pytest.mark.parametrize(
    ("line", "label", "values"),
    [
        (
            "行政规范性文件 1，234 －3 55（含自然失效 29 件）",
            "行政规范性文件",
            ["1，234", "－3", "55（含自然失效 29 件）"],
        ),
        ("行政许可 42 -3 5,371", "行政许可", ["42", "-3", "5,371"]),
        ("规章 ０ ０ １２", "规章", ["０", "０", "１２"]),
        ("行政强制 - / —", "行政强制", ["-", "/", "—"]),
        ("全年主动公开信息 62 条", None, None),
        ("3 1 0", None, None),
    ],
)
def test_label_then_values_on_one_line(line: str, label: str | None, values: list[str] | None) -> None:
    from disclosure_kit.importers.values import split_label_numbers

    got = split_label_numbers(line)
    assert got == (None if label is None else (label, values))


def test_a_loose_line_of_numbers_is_several_values_a_cell_is_one() -> None:
    from disclosure_kit.importers.model import Origin, SourceBlock, SourceCell, SourceDocument, SourceRow, SourceTable
    from disclosure_kit.importers.tokens import tokenize

    doc = SourceDocument("x", "text", [SourceBlock("3 1 0 1 5", Origin(line=1))])
    run = tokenize(doc).events[0].run
    assert run is not None and [t.value.number for t in run.values if t.value] == [3, 1, 0, 1, 5]
    cell = lambda text: SourceCell(text, Origin(line=2))  # noqa: E731
    doc = SourceDocument("x", "html", [SourceTable([SourceRow([cell("行政许可"), cell("1 234")])], Origin(line=2))])
    run = tokenize(doc).events[0].run
    assert run is not None and [t.value.number for t in run.values if t.value] == [1234]


@pytest.mark.parametrize("line", ["— 3 —", "-4-", "第 3 页 共 6 页", "共 6 页 第 3 页", "第3頁", "Page 3 of 6", "3/6"])
def test_page_footers_are_dropped(line: str) -> None:
    from disclosure_kit.importers.model import Origin, SourceBlock, SourceDocument
    from disclosure_kit.importers.tokens import tokenize

    stream = tokenize(SourceDocument("x", "text", [SourceBlock(line, Origin(line=1))]))
    assert (stream.events, stream.footers_removed) == ([], 1)


def test_ruby_readings_become_removed_readings() -> None:
    from disclosure_kit.importers.html import read_html_string

    doc = read_html_string(
        "<html><body><p>加強<ruby>領<rp>(</rp><rt>lǐng</rt><rp>)</rp></ruby>導，<ruby>統<rt>tǒng</rt>計</ruby></p>"
        "</body></html>", "x.html"
    )
    assert [item.text for item in doc.items] == ["加強領(lǐng)導，統(tǒng)計"]


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("（六）其它处理", "results/other_handling"),
        ("3.其它", "results/other_handling/other"),
        ("（3）其他", "results/other_handling/other"),
        ("（二）部份公开（区分处理的，只计这一情形，不计其他情形）", "results/partially_disclosed"),
        ("4.無正當理由大量反覆申請", "results/not_processed/mass_repeated"),
        ("（1）申請人無正當理由逾期不補正、行政機關不再處理其政府信息公開申請", "results/other_handling/no_correction"),
    ],
)
def test_variant_spellings_and_numbering_match_the_official_row(text: str, path: str) -> None:
    from disclosure_kit.importers.labels import match_t3

    rows, how = match_t3(text)
    assert ([r.path for r in rows], how) == ([path], "exact")


@pytest.mark.parametrize("text", ["规章（件）", "行政规范性文件(件)", "1.行政许可（项）"])
def test_table_two_row_labels_with_a_unit_in_brackets(text: str) -> None:
    from disclosure_kit.importers.labels import match_t2_row

    hit = match_t2_row(text)
    assert hit is not None and hit.row in ("regulations", "normative_documents", "licensing")


def test_a_section_holding_only_a_word_or_a_number_keeps_just_that() -> None:
    from disclosure_kit.importers.assemble import assemble
    from disclosure_kit.importers.text import read_text_string

    text = (
        "某局2022年政府信息公开工作年度报告\n一、总体情况\n无\n二、主动公开政府信息情况\n"
        "五、存在的主要问题及改进情况\n0\n六、其他需要报告的事项\n无\n"
    )
    report = assemble(read_text_string(text, "x.txt")).report
    assert (report["overview"], report["problems"], report["other_matters"]) == ("无", "0", "无")


def test_latin_in_brackets_that_is_not_a_reading_stays() -> None:
    from disclosure_kit.importers.normalize import remove_pinyin

    text = "政务新媒体（App）、网站平台(pdf)，加強領(lǐng)導，綠(lǜ)色，統(tong3)計，我們的(de)，國(Guó)家(GB)"
    assert remove_pinyin(text) == ("政务新媒体（App）、网站平台(pdf)，加強領導，綠色，統計，我們的，國家(GB)", 5)


def test_a_label_wrapped_into_the_next_table_row_is_joined() -> None:
    from disclosure_kit.importers.assemble import assemble
    from disclosure_kit.importers.html import read_html_string

    rows = [
        ("1.本机关不掌握相关政府信息", [1, 0, 0, 0, 0, 0, 1]),
        ("2.没有现成信息需要另行", []),
        ("制作", [2, 0, 0, 0, 0, 0, 2]),
        ("3.补正后申请内容仍不明确", [0] * 7),
    ]
    body = "".join(
        f"<tr><td>{label}</td>" + "".join(f"<td>{v}</td>" for v in values) + "</tr>" for label, values in rows
    )
    page = (
        "<html><body><p>某局2022年政府信息公开工作年度报告</p><p>一、总体情况</p><p>正文</p>"
        f"<p>三、收到和处理政府信息公开申请情况</p><table>{body}</table></body></html>"
    )
    result = assemble(read_html_string(page, "x.html"))
    unable = result.report["applications"]["results"]["unable"]
    assert [unable[r]["total"] for r in ("not_held", "needs_creation", "unclear_after_correction")] == [1, 2, 0]
    assert not any(f.code in ("import.label_inferred", "import.value_unplaced") for f in result.findings)

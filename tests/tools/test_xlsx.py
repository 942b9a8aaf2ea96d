"""``export --to xlsx`` and ``importers.xlsx.read_workbook``: official layout, lossless round trip."""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

import openpyxl
import pytest

from disclosure_kit.authoring.workbook import workbook_bytes
from disclosure_kit.check.messages import message
from disclosure_kit.importers.xlsx import read_workbook
from disclosure_kit.model.editions import get_edition

from .helpers import EXAMPLES, example, run


def _write(tmp_path: Path, edition: str, data: dict) -> Path:
    path = tmp_path / f"{edition}.xlsx"
    path.write_bytes(workbook_bytes(get_edition(edition), data))
    return path


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_round_trip_of_the_examples_is_lossless(tmp_path: Path, edition: str) -> None:
    data = example(edition)
    back, findings = read_workbook(_write(tmp_path, edition, data))
    assert findings == []
    assert back == data
    assert {k: type(v) for k, v in back["meta"].items()} == {k: type(v) for k, v in data["meta"].items()}


def test_round_trip_keeps_blanks_types_extensions_and_formula_like_text(tmp_path: Path) -> None:
    data = example("2019")
    data["meta"]["issuer"] = "=HYPERLINK(\"http://evil\",\"x\")"
    data["meta"]["agency_code"] = None  # null, where the example has no key at all
    data["problems"] = "-1 问题\n+2 改进\n@3" + "长" * 70000  # longer than one Excel cell
    data["applications"]["new_received"]["other_org"] = None
    data["active_disclosure"]["article_20_9"]["procurement"]["amount"] = {"value": 1200, "unit": "元"}
    data["x-provenance"] = {"source": "https://example.org/a.html", "pages": [1, 2]}
    data["$schema"] = "../schema/2019/report.schema.json"
    data["applications"]["extra_key"] = {"odd": True}
    path = _write(tmp_path, "2019", data)
    back, findings = read_workbook(path)
    assert findings == []
    assert back == data
    assert type(back["active_disclosure"]["article_20_9"]["procurement"]["amount"]["value"]) is int
    assert "agency_code" in back["meta"] and "source_url" not in back["meta"]
    sheet = openpyxl.load_workbook(path)["报告信息"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == data["meta"]["issuer"])
    assert cell.data_type == "s" and cell.quotePrefix  # text, never a formula
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "HYPERLINK" in xml


def test_table_three_is_drawn_with_the_official_merges(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(_write(tmp_path, "2021", example("2021")))
    assert wb.sheetnames == ["报告信息", "表二", "表三", "表四", "_map", "_extra"]
    assert (wb["_map"].sheet_state, wb["_extra"].sheet_state) == ("hidden", "hidden")
    ws = wb["表三"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:J1", "A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A5:C5", "A7:A28", "B7:C7",
            "B9:B16", "B17:B19", "B20:B24", "B25:B27", "B28:C28", "A29:C29"} <= merged
    assert ws["A2"].value == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert ws["A7"].value == "三、本年度办理结果" and ws["C27"].value == "3.其他"
    assert (ws["D5"].value, ws["J5"].value, ws["J28"].value, ws["D28"].value) == (
        125, '=IF(COUNT(D5:I5)=0,"",SUM(D5:I5))', '=IF(COUNT(J7:J27)=0,"",SUM(J7:J27))',
        '=IF(COUNT(D7:D27)=0,"",SUM(D7:D27))')
    assert ws.protection.sheet is True
    assert ws["A5"].protection.locked is True and ws["D5"].protection.locked is False
    rules = {(dv.type, dv.operator, dv.formula1): str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert list(rules) == [("whole", "greaterThanOrEqual", "0")]  # every cell of table three is a count
    assert len(rules[("whole", "greaterThanOrEqual", "0")].split()) == 25 * 7  # 25 rows × 7 columns
    note = ws["A2"].comment.text
    assert note.splitlines()[1] == "• 勾稽关系：第一项加第二项之和，等于第三项加第四项之和"
    assert "• （七）总计等于各项办理结果之和" in note


def test_table_two_kinds_and_merges(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(_write(tmp_path, "2019", example("2019")))
    ws = wb["表二"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A2:D2", "A17:D17", "C19:D19"} <= merged  # block caption; (九)'s amount spans two columns
    assert ws["A17"].value == "第二十条第（九）项"
    assert (ws["B19"].value, ws["C19"].value, ws["E19"].value) == (27, 1863.45, "万元")
    kinds = {dv.type + ":" + (dv.operator or ""): str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert kinds["whole:between"] == "C8 C9 C12 C13 C16"  # 本年增/减 may be negative
    assert kinds["decimal:greaterThanOrEqual"] == "C19"
    assert kinds["list:"] == "E19"
    assert kinds["whole:greaterThanOrEqual"].split()[:3] == ["B4", "B5", "B8"]


def test_edited_workbook_reads_what_was_typed(tmp_path: Path) -> None:
    path = _write(tmp_path, "2021", example("2021"))
    wb = openpyxl.load_workbook(path)
    ws = wb["表三"]
    ws["D5"] = 130
    ws["E5"] = None
    wb.save(path)
    back, findings = read_workbook(path)
    assert findings == []
    expected = copy.deepcopy(example("2021"))
    expected["applications"]["new_received"]["natural_person"] = 130
    expected["applications"]["new_received"]["commercial_enterprise"] = None
    expected["applications"]["new_received"]["total"] = 135  # the total is a formula: it follows its parts
    assert back == expected


def test_foreign_and_broken_workbooks_are_findings(tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.xlsx"
    openpyxl.Workbook().save(foreign)
    _, findings = read_workbook(foreign)
    assert [(f.code, f.severity, f.file) for f in findings] == [("xlsx.not_ours", "error", str(foreign))]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    _, findings = read_workbook(broken)
    assert [f.code for f in findings] == ["xlsx.unreadable"]
    assert message(findings[0], "en").startswith("cannot read the workbook: ")


def test_cli_export(tmp_path: Path) -> None:
    src = tmp_path / "r.yaml"
    src.write_bytes((EXAMPLES / "2021.yaml").read_bytes())
    assert run("export", str(src), "--to", "xlsx").exit_code == 0
    back, findings = read_workbook(tmp_path / "r.xlsx")
    assert (back, findings) == (example("2021"), [])
    bad = tmp_path / "bad.yaml"
    bad.write_text("edition: '2030'\n", encoding="utf-8")
    result = run("export", str(bad), "-o", str(tmp_path / "bad.xlsx"))
    assert result.exit_code == 1
    assert "edition.unknown" in result.stdout
    assert not (tmp_path / "bad.xlsx").exists()


def test_round_trip_of_an_invalid_report_loses_nothing(tmp_path: Path) -> None:
    """Export never repairs: odd shapes and wrong types come back exactly, for validate to report."""
    data = example("2021")
    data["applications"]["new_received"]["natural_person"] = "12"
    data["applications"]["carried_over"]["total"] = [1, 2]
    data["applications"]["results"]["unable"] = None
    data["review_litigation"] = {}
    data["overview"] = 42
    del data["problems"]
    data["meta"]["unknown field"] = True
    back, findings = read_workbook(_write(tmp_path, "2021", data))
    assert findings == []
    assert back == data

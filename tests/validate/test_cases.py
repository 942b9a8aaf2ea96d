"""Every case under tests/cases gives exactly its expected findings, in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from disclosure_kit.check.pipeline import CheckOptions, check_files

from .casefiles import case_dirs, finding_record, report_file


@pytest.mark.parametrize("case", case_dirs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_case(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    result = check_files([str(report_file(case))], CheckOptions())
    assert [finding_record(f) for f in result.files[0].findings] == expected["findings"]
    assert int(result.exit_code) == expected["exit_code"]


def test_cases_are_all_there() -> None:
    names = {f"{p.parent.name}/{p.name}" for p in case_dirs()}
    assert {"2021/total-plus-one", "2021/t4-total-zero", "2019/amount-in-count", "load/gb18030",
            "load/billion-laughs", "2021/json-total-plus-one"} <= names
    assert len(names) == 27


def test_total_plus_one_is_exactly_three_findings_on_that_cell() -> None:
    """The issue's own example: 1 added to table three's （七）总计 / 自然人 in the 2021 example."""
    case = next(p for p in case_dirs() if p.name == "total-plus-one")
    text = report_file(case).read_text(encoding="utf-8").splitlines()
    result = check_files([str(report_file(case))])
    findings = result.files[0].findings
    assert [f.code for f in findings] == [
        "identity.t3-balance", "identity.t3-results-total", "identity.t3-row-total"]
    assert {f.line for f in findings} == {236}
    assert text[235].strip().startswith("natural_person: 124")
    assert findings[0].params["difference"] == 1
    assert "一 (125) + 二 (5) = 130，但 （七）总计 (124) + 四 (7) = 131，相差 1，列「自然人」" in (
        finding_record(findings[0])["message_zh"])
    assert int(result.exit_code) == 1

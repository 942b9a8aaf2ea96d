"""``validate`` reads what an import recorded under ``x-import`` (``check/imported.py``)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from disclosure_kit.check.pipeline import check_data, check_file
from disclosure_kit.importers.run import import_path

CASES = Path(__file__).resolve().parent / "cases"
EXAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "examples" / "2021.yaml"


def example() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def test_a_report_without_x_import_is_checked_as_before() -> None:
    data = example()
    data["applications"]["new_received"]["total"] = None
    codes = [f.code for f in check_data(data, "r.yaml").findings]
    assert "cell.blank" in codes and not any(c.startswith("imported.") for c in codes)


def test_absent_cells_are_neither_blank_nor_counted_and_one_finding_says_what_was_not_checked() -> None:
    data = example()
    data["applications"]["results"]["total"] = dict.fromkeys(data["applications"]["results"]["total"])
    data["applications"]["carried_forward"] = dict.fromkeys(data["applications"]["carried_forward"])
    data["x-import"] = {"absent": [{"reason": "ends", "pointers": ["/applications/results/total",
                                                                   "/applications/carried_forward"]}]}
    found = check_data(data, "r.yaml").findings
    assert [f.code for f in found if f.code.startswith(("identity.", "cell.blank"))] == []
    (unchecked,) = [f for f in found if f.code == "imported.unchecked"]
    assert unchecked.params["rules"] == ["t3-balance", "t3-results-total", "t3-row-total"]
    assert unchecked.params["parts_en"] == "the source ends before them"
    (absent,) = [f for f in found if f.code == "imported.absent"]
    assert (absent.pointer, absent.params["parts_en"]) == (
        "/applications/results/total", "3. Results this year / (7) Total; 4. Carried forward to next year")


def test_a_kept_amount_in_a_count_column_is_an_error_on_its_cell() -> None:
    data = example()
    data["active_disclosure"]["article_20_5"]["licensing"]["decisions"] = None
    data["x-import"] = {"kept": {"/active_disclosure/article_20_5/licensing/decisions": {
        "text": "251000元", "reason": "amount_in_count", "value": 251000, "unit": "元"}}}
    found = [(f.code, f.severity, f.pointer) for f in check_data(data, "r.yaml").findings]
    assert found == [("imported.kept", "error", "/active_disclosure/article_20_5/licensing/decisions")]


def test_a_malformed_x_import_is_said_and_ignored_never_a_crash() -> None:
    """The report schemas leave x- keys free; the import-record format is checked on its own."""
    data = example()
    data["x-import"] = {"absent": [{"reason": "somewhere", "pointers": "/applications"}], "kept": {"x": 1}}
    found = [(f.code, f.severity, f.pointer) for f in check_data(data, "r.yaml").findings
             if not f.code.startswith("version.")]
    assert found == [
        ("imported.malformed", "warning", "/x-import/absent/0/pointers"),
        ("imported.malformed", "warning", "/x-import/absent/0/reason"),
        ("imported.malformed", "warning", "/x-import/kept"),
        ("imported.malformed", "warning", "/x-import/kept/x"),
    ]


def test_x_import_written_by_import_is_valid_against_the_schema(tmp_path: Path) -> None:
    for source in sorted(CASES.iterdir()):
        if source.name.endswith(".source.html"):
            continue
        report = copy.deepcopy(import_path(source).result.report)
        out = tmp_path / f"{source.stem}.yaml"
        out.write_text(yaml.safe_dump(report, allow_unicode=True), encoding="utf-8")
        codes = {f.code for f in check_file(str(out)).findings if f.pointer.startswith("/x-import")}
        assert codes == set(), (source.name, codes)


def test_a_refused_row_is_kept_never_said_to_be_missing() -> None:
    text = (CASES / "r1-truncated-header.txt").read_text(encoding="utf-8").replace("规章 | 1 | 1 | 9", "规章 | 1 | 9")
    from disclosure_kit.importers.assemble import assemble
    from disclosure_kit.importers.text import read_text_string

    result = assemble(read_text_string(text, "x.txt"))
    refused = [f for f in result.findings if f.code == "import.values_ambiguous"]
    assert [(f.pointer, f.params["found"], f.params["expected"], f.params["header"]) for f in refused] == [
        ("/active_disclosure/article_20_1/regulations", 2, 3, "本年新 | 本年新 | 对外公开总数量")]
    assert refused[0].params["columns_en"] == "Newly made this year, Newly published this year, Total published"
    missing = " ".join(f.params.get("rows_zh", "") for f in result.findings if f.code == "import.cell_missing")
    assert "规章" not in missing
    assert result.report["x-import"]["kept"]["/active_disclosure/article_20_1/regulations"]["text"] == "1 | 9"

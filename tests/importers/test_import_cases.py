"""The import cases (one small invented source per way real reports defeated the importer).

The sources are copies of ``shared/import-cases/`` (r11, a page without a text layer, is the OCR
work's), kept in ``cases/`` so that each expectation here stays bound to the exact bytes it was
written for. Each test asserts the exact cells (every other cell must be ``null``), the findings
and the provenance that the README of the cases asks for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from disclosure_kit.check.identities import MISSING, raw_value
from disclosure_kit.importers.run import Imported, import_path
from disclosure_kit.model.editions import get_edition

CASES = Path(__file__).resolve().parent / "cases"
T2, T3 = "/active_disclosure", "/applications"


def imported(name: str) -> Imported:
    return import_path(CASES / name)


def filled(report: dict[str, Any]) -> dict[str, Any]:
    """Every cell that holds something, by pointer."""
    out = {}
    for cell in get_edition(report["edition"]).cells:
        value = raw_value(report, cell.path)
        if value is not None and value is not MISSING:
            out[cell.pointer] = value
    return out


def row(prefix: str, columns: list[str], values: list[Any]) -> dict[str, Any]:
    return {f"{prefix}/{c}": v for c, v in zip(columns, values, strict=True) if v is not None}


def codes(result: Imported, code: str) -> list[tuple[str, dict[str, Any]]]:
    return [(f.pointer, f.params) for f in result.result.findings if f.code == code]


B5 = ["prior_year_items", "change", "decisions"]
APPLICANTS = ["natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
              "legal_services_org", "other_org", "total"]


def test_r1_header_cut_short_is_read_by_beginning_and_position() -> None:
    res = imported("r1-truncated-header.txt")
    report = res.result.report
    assert report is not None and report["edition"] == "2019"
    assert filled(report) == {
        **row(f"{T2}/article_20_1/regulations", ["new_made", "new_published", "total_published"], [1, 1, 9]),
        **row(f"{T2}/article_20_1/normative_documents", ["new_made", "new_published", "total_published"],
              [4, 4, 27]),
        **row(f"{T2}/article_20_5/licensing", B5, [7, 2, 40]),
        **row(f"{T2}/article_20_5/other_services", B5, [3, -1, 15]),
        **row(f"{T2}/article_20_6/penalties", B5, [6, 1, 22]),
        **row(f"{T2}/article_20_6/coercion", B5, [2, 0, 4]),
    }
    repaired = [(p["text"], p["official"]) for _, p in codes(res, "import.header_repaired")]
    assert repaired == [("本年新", "本年新制作数量"), ("本年新", "本年新公开数量"), ("本年增/", "本年增/减"),
                        ("本年增/", "本年增/减")]
    assert codes(res, "import.values_ambiguous") == []
    assert res.provenance[f"{T2}/article_20_1/regulations/new_published"] == {"origin": {"line": 7}, "text": "1"}


def test_r1b_each_block_is_placed_by_its_own_header() -> None:
    res = imported("r1b-header-ignored-for-later-blocks.txt")
    report = res.result.report
    assert report is not None
    assert filled(report) == {
        **row(f"{T2}/article_20_5/licensing", B5, [7, 2, 40]),
        **row(f"{T2}/article_20_5/other_services", B5, [3, -1, 15]),
        **row(f"{T2}/article_20_6/penalties", B5, [6, 1, 22]),
        **row(f"{T2}/article_20_6/coercion", B5, [2, 0, 4]),
    }
    assert res.provenance[f"{T2}/article_20_6/penalties/decisions"] == {"origin": {"line": 11}, "text": "22"}
    assert report["x-import"]["edition"]["blocks"] == {"article_20_5": "2019", "article_20_6": "2019"}


def test_r2_an_amount_in_a_count_column_is_kept_and_validate_reports_it() -> None:
    res = imported("r2-decimal-in-count.txt")
    report = res.result.report
    assert report is not None
    assert filled(report) == {f"{T2}/article_20_8/fees/prior_year_items": 12345.67,
                              f"{T2}/article_20_8/fees/change": 2.5}
    wrong = sorted((f.code, f.pointer, f.params["actual"]) for f in res.result.findings if f.severity == "error")
    assert wrong == [("schema.type", f"{T2}/article_20_8/fees/change", 2.5),
                     ("schema.type", f"{T2}/article_20_8/fees/prior_year_items", 12345.67)]
    assert res.provenance[f"{T2}/article_20_8/fees/prior_year_items"]["text"] == "12345.67"
    assert "kept" not in report["x-import"]  # the cell holds it: nothing beside it


def test_r3_row_label_with_a_long_note() -> None:
    res = imported("r3-long-annotation.txt")
    report = res.result.report
    assert report is not None
    assert filled(report) == {**row(f"{T2}/article_20_5/licensing", B5, [9, 1, 51]),
                              **row(f"{T2}/article_20_5/other_services", B5, [12, 3, 77])}
    assert report["x-import"]["row_notes"] == {
        f"{T2}/article_20_5/licensing": "指本局办理的许可事项",
        f"{T2}/article_20_5/other_services": "指行政许可以外的政务服务事项，含行政确认、行政给付等",
    }


def test_r4_regional_wording_is_matched_by_phrase() -> None:
    res = imported("r4-traditional-dangan.txt")
    report = res.result.report
    assert report is not None
    cols = ["new_made", "new_published", "total_published"]
    assert filled(report) == {**row(f"{T2}/article_20_1/regulations", cols, [0, 0, 0]),
                              **row(f"{T2}/article_20_1/normative_documents", cols, [3, 3, 12])}
    assert report["meta"]["agency"] == "臨川市示例局"  # kept as published


def test_r5_lone_separators_are_empty_cells_in_their_place() -> None:
    res = imported("r5-empty-pipe-cells.txt")
    report = res.result.report
    assert report is not None and report["edition"] == "2021"
    assert filled(report) == {
        **row(f"{T2}/article_20_1/regulations", ["issued", "repealed", "in_force"], [1, 2, None]),
        **row(f"{T2}/article_20_1/normative_documents", ["issued", "repealed", "in_force"], [3, 0, 14]),
        f"{T3}/new_received/total": 6,
        **row(f"{T3}/carried_over", APPLICANTS, [2, 0, 0, 0, 0, 0, 2]),
    }
    assert res.provenance[f"{T3}/new_received/total"] == {"origin": {"line": 39}, "text": "6"}
    assert res.provenance[f"{T3}/new_received/natural_person"] == {"origin": {"line": 33}, "text": ""}
    assert res.provenance[f"{T2}/article_20_1/regulations/in_force"] == {"origin": {"line": 14}, "text": ""}


@pytest.mark.parametrize(("name", "present"), [
    ("r6-table3-columns-cut.html", 5),
    ("r6b-table3-cut-libreoffice.pdf", 4),  # the PDF page cut one more column (社会公益组织 as 社会)
])
def test_r6_table_three_with_its_right_columns_cut(name: str, present: int) -> None:
    res = imported(name)
    report = res.result.report
    assert report is not None
    cols = APPLICANTS[:present]
    printed = {
        "new_received": [31, 4, 0, 0, 1], "carried_over": [2, 0, 0, 0, 0], "results/disclosed": [20, 3, 0, 0, 1],
        "results/total": [30, 4, 0, 0, 1], "carried_forward": [3, 0, 0, 0, 0],
    }
    assert filled(report) == {k: v for r, values in printed.items()
                              for k, v in row(f"{T3}/{r}", cols, values[:present]).items()}
    (absent,) = codes(res, "import.columns_absent")
    assert absent[0] == T3
    assert absent[1]["absent_en"] == ", ".join(
        ["Public-interest organisations", "Legal-services organisations", "Other organisations", "Total"][present - 3:])
    assert [p for p, _ in codes(res, "import.table_missing")] == [T2, "/review_litigation"]  # never table three
    assert {"reason": "columns", "pointers": [T3], "columns": APPLICANTS[present:]} in report["x-import"]["absent"]
    assert [f for f in res.result.findings if f.code.startswith("identity.")] == []


def test_r7_an_enumerator_alone_on_a_line_is_a_label() -> None:
    res = imported("r7-enumerator-as-note.txt")
    report = res.result.report
    assert report is not None
    assert filled(report) == {**row(f"{T3}/results/partially_disclosed", APPLICANTS, [2, 0, 0, 0, 0, 0, 2]),
                              **row(f"{T3}/results/withheld/state_secret", APPLICANTS, [1, 0, 0, 0, 0, 0, 1])}
    assert res.provenance[f"{T3}/results/partially_disclosed/total"] == {"origin": {"line": 20}, "text": "2"}
    assert report["x-import"]["cell_notes"] == {}


def test_r8_rows_after_the_end_are_absent_and_their_identities_not_evaluated() -> None:
    res = imported("r8-truncated-table3-identity.txt")
    report = res.result.report
    assert report is not None
    assert filled(report) == {**row(f"{T3}/new_received", APPLICANTS, [5, 0, 0, 0, 0, 0, 5]),
                              **row(f"{T3}/carried_over", APPLICANTS, [0] * 7)}
    assert {"reason": "ends", "pointers": [f"{T3}/results", f"{T3}/carried_forward"]} in report["x-import"]["absent"]
    found = [f for f in res.result.findings if f.code.startswith(("identity.", "imported.unchecked"))]
    assert [f.code for f in found] == ["imported.unchecked"]  # one finding, no arithmetic error
    assert found[0].params["rules"] == ["t3-balance", "t3-results-total", "t3-row-total", "t4-group-total"]
    assert "the source ends before them" in found[0].params["parts_en"]
    (missing,) = [p for p, _ in codes(res, "import.cell_missing")]
    assert missing == T3


def test_r9a_page_header_fields_with_spaced_labels() -> None:
    report = imported("r9a-meta-page-header.txt").result.report
    assert report is not None
    assert report["meta"] == {
        "agency": "临川市示例局", "year": 2020, "published": "2021-01-20", "index_number": "11223344/2021-00001",
        "issuer": "市示例局", "title": "临川市示例局2020年政府信息公开工作年度报告",
    }


def test_r9b_title_inside_the_opening_sentence() -> None:
    res = imported("r9b-meta-title-in-sentence.txt")
    report = res.result.report
    assert report is not None
    title = "临川市示例局2022年政府信息公开工作年度报告"
    assert report["meta"] == {"agency": "临川市示例局", "year": 2022, "title": title}
    assert res.provenance["/meta/agency"]["origin"] == {"line": 1}
    assert codes(res, "import.year_inferred") == []


def test_r10_year_only_in_nianbao_is_inferred_and_said() -> None:
    res = imported("r10-year-only-in-nianbao.txt")
    report = res.result.report
    assert report is not None
    assert (report["meta"]["year"], report["edition"]) == (2020, "2019")
    ((pointer, params),) = codes(res, "import.year_inferred")
    assert (pointer, params["text"], params["edition"]) == ("/meta/year", "示例局2020年报 第8页", "2019")
    ((_, chosen),) = codes(res, "import.edition_chosen")
    assert chosen["basis"] == "year_inferred"
    assert report["x-import"]["inferred"] == {"/meta/year": "示例局2020年报 第8页"}
    assert filled(report) == {c.pointer: 0 for c in get_edition("2019").cells if c.table.key == "review_litigation"}

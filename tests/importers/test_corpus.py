"""Every real report of the corpus imports with the hand-read values, and nothing else filled."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from disclosure_kit.check.identities import cell_value
from disclosure_kit.importers.run import import_path
from disclosure_kit.model.editions import get_edition

from .conftest import CORPUS, EXCERPTS
from .expected import differences

EXCERPT_FILES = sorted(EXCERPTS.glob("*.txt"))


def test_all_excerpts_are_found() -> None:
    assert len(EXCERPT_FILES) == 15


@pytest.mark.parametrize("path", EXCERPT_FILES, ids=lambda p: p.stem)
def test_excerpt_cells_equal_hand_read_values(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    imported = import_path(path)
    report = imported.result.report
    assert report is not None
    assert differences(report, expected) == []
    assert report["edition"] == expected["format"][:4]


# 一 / 二 / （七） / 四 of the 总计 column, read by hand (corpus README)
KEY_FIGURES = {
    "shuyang-fagaiju-2023.html": ("2021", 26, 0, 26, 0),
    "shuyang-xianzhengfu-2025-ocr.txt": ("2021", 713, 36, 718, 31),
    "shanghai-kewei-2024.md": ("2021", 34, 2, 35, None),
    "shanghai-bangongting-2025.md": ("2021", 1295, 189, 1191, 293),
}


@pytest.mark.parametrize("name", sorted(KEY_FIGURES))
def test_report_key_figures(name: str) -> None:
    edition, new, carried, total, forward = KEY_FIGURES[name]
    report = import_path(CORPUS / name).result.report
    assert report is not None
    apps = report["applications"]
    assert report["edition"] == edition
    assert apps["new_received"]["total"] == new
    assert apps["carried_over"]["total"] == carried
    assert apps["results"]["total"]["total"] == total
    assert apps["carried_forward"]["total"] == forward


def test_fagaiju_html_blank_legal_person_cells_stay_blank() -> None:
    report = import_path(CORPUS / "shuyang-fagaiju-2023.html").result.report
    assert report is not None
    row = report["applications"]["new_received"]
    assert row == {
        "natural_person": 26, "commercial_enterprise": None, "research_institution": None,
        "public_interest_org": None, "legal_services_org": None, "other_org": None, "total": 26,
    }
    t2 = report["active_disclosure"]
    assert t2["article_20_1"]["normative_documents"] == {"issued": 8, "repealed": 0, "in_force": 18}
    assert report["meta"] == {
        "agency": "沭阳县发展和改革局", "year": 2023, "published": "2024-01-17",
        "index_number": "014314799/2024-00002", "issuer": "沭阳县发展和改革局",
        "title": "沭阳县发展和改革局2023年政府信息公开年度报告",
    }


def test_fagaiju_provenance_names_the_table_cell() -> None:
    imported = import_path(CORPUS / "shuyang-fagaiju-2023.html")
    assert imported.provenance["/applications/new_received/natural_person"] == {
        "origin": {"line": 417, "element": "table[3]/tr[4]/td[2]"}, "text": "26",
    }
    assert imported.provenance["/applications/new_received/commercial_enterprise"]["text"] == ""


def test_ocr_fragments_with_wrong_headers_import_by_position() -> None:
    report = import_path(CORPUS / "shuyang-xianzhengfu-2025-ocr.txt").result.report
    assert report is not None
    other = report["applications"]["results"]["other_handling"]
    assert other["unpaid_fee"] == {
        "natural_person": 7, "commercial_enterprise": 0, "research_institution": 0, "public_interest_org": 0,
        "legal_services_org": 0, "other_org": 0, "total": 7,
    }
    assert report["review_litigation"] == {
        "review": {"upheld": 27, "corrected": 10, "other": 9, "pending": 15, "total": 61},
        "litigation": {
            "direct": {"upheld": 3, "corrected": 0, "other": 0, "pending": 0, "total": 3},
            "after_review": {"upheld": 8, "corrected": 0, "other": 1, "pending": 1, "total": 10},
        },
    }
    assert report["active_disclosure"]["article_20_8"]["fees"]["amount"] == 4068.208
    assert report["meta"]["agency"] == "沐阳县人民政府"  # the OCR error is kept, not corrected


def test_kewei_fragments_and_blank_carry_forward_total() -> None:
    imported = import_path(CORPUS / "shanghai-kewei-2024.md")
    report = imported.result.report
    assert report is not None
    forward = report["applications"]["carried_forward"]
    assert forward["natural_person"] == 1 and forward["total"] is None
    results = report["applications"]["results"]
    assert results["withheld"]["internal_affairs"]["total"] == 1
    assert results["other_handling"]["no_correction"]["total"] == 10
    assert imported.provenance["/applications/results/other_handling/no_correction/total"] == {
        "origin": {"line": 163}, "text": "10", "row_inferred": True,
    }
    inferred = [f for f in imported.result.findings if f.code == "import.label_inferred"]
    assert [f.pointer for f in inferred][:2] == [
        "/applications/results/partially_disclosed", "/applications/results/withheld/prohibited_by_law",
    ]
    # the real error of the published file is then reported by the validator
    balance = [f for f in imported.result.findings if f.code == "identity.t3-balance"]
    assert [(f.pointer, f.params["difference"]) for f in balance] == [("/applications/carried_forward/total", 1)]


def test_bangongting_rows_with_too_few_values_stay_blank() -> None:
    imported = import_path(CORPUS / "shanghai-bangongting-2025.md")
    report = imported.result.report
    assert report is not None
    assert report["active_disclosure"]["article_20_1"]["regulations"] == {
        "issued": None, "repealed": None, "in_force": None,
    }
    ambiguous = [f for f in imported.result.findings if f.code == "import.values_ambiguous"]
    assert [(f.line, f.params["text"]) for f in ambiguous] == [(97, "22 | 235"), (100, "34 | 189")]
    unplaced = [f for f in imported.result.findings if f.code == "import.value_unplaced"]
    assert [f.params["text"] for f in unplaced] == ["22（其中修订 16 件） | 55（含自然失效 29 件）"]
    assert report["x-import"]["text"]["page_footers_removed"] == 7
    assert report["review_litigation"]["review"] == {
        "upheld": 40, "corrected": 0, "other": 10, "pending": 5, "total": 55,
    }


def test_blank_template_docx_fills_nothing() -> None:
    imported = import_path(CORPUS / "template-2021-blank.docx")
    report = imported.result.report
    assert report is not None
    assert report["edition"] == "2021"
    edition = get_edition("2021")
    assert [c.pointer for c in edition.cells if cell_value(report, c.path) is not None] == []
    assert report["overview"] == "（文字描述）"
    assert imported.provenance["/overview"]["origin"] == {"element": "p[5]"}


def test_mixed_table_two_keeps_foreign_values_under_x_import() -> None:
    imported = import_path(EXCERPTS / "16-2021-qu-jiaoyuju-mixedheaders.txt")
    report = imported.result.report
    assert report is not None
    assert report["edition"] == "2021"
    assert report["active_disclosure"]["article_20_1"]["regulations"] == {
        "issued": None, "repealed": None, "in_force": None,
    }
    unplaced = report["x-import"]["unplaced"]
    assert [(u["edition"], u["pointer"], u["value"]) for u in unplaced][:3] == [
        ("2019", "/active_disclosure/article_20_1/regulations/new_made", 0),
        ("2019", "/active_disclosure/article_20_1/regulations/new_published", 0),
        ("2019", "/active_disclosure/article_20_1/regulations/total_published", 0),
    ]
    mixed = [f for f in imported.result.findings if f.code == "import.layout_mixed"]
    assert len(mixed) == 1 and mixed[0].params["blocks"] == "article_20_1"
    assert report["active_disclosure"]["article_20_8"]["fees"]["amount"] == 282.1


def test_traditional_mirror_is_matched_and_kept_as_published() -> None:
    imported = import_path(EXCERPTS / "30-2022-jurong-zhujianju-trad.txt")
    report = imported.result.report
    assert report is not None
    assert report["overview"].startswith("(一)主動公開情況。2022年,按照《中華人民共和國政府信息公開條例》")
    assert report["x-import"]["text"]["script"] == "traditional"
    assert any(f.code == "import.text_repaired" for f in imported.result.findings)

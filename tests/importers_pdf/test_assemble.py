"""End to end: PDF -> SourceDocument -> shared assembler -> report, then ``check_data``."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import pytest

from disclosure_kit.check.identities import cell_value
from disclosure_kit.check.pipeline import check_data
from disclosure_kit.importers.assemble import ImportResult, assemble
from disclosure_kit.model.editions import get_edition

from .helpers import PDFS, document, expected

CELLS_2021 = {c.pointer: c for c in get_edition("2021").cells}


@cache
def imported(name: str) -> ImportResult:
    return assemble(document(name))


@pytest.mark.parametrize("name", PDFS)
def test_every_table_cell_equals_the_published_value(name: str) -> None:
    res = imported(name)
    assert res.edition == "2021"
    want = {p: Decimal(str(v)) for p, v in expected(name).items() if p in CELLS_2021}
    got = {p: Decimal(str(cell_value(res.report, CELLS_2021[p].path))) for p in want}
    assert got == want
    # Hongze prints the single 2019-style （六） row: every 2021 cell but its three sub-rows (21 cells) is filled.
    assert len(want) == (200 if name == "huaian-shi-2024" else 179)


@pytest.mark.parametrize("name", ["hongze-qu-2023", "hongze-qu-2024"])
def test_hongze_mixed_layout_is_recognised(name: str) -> None:
    res = imported(name)
    assert res.layout["blocks"] == {
        "article_20_1": "2021",
        "article_20_5": "2021",
        "article_20_6": "2021",  # its own header (本年处理决定数量), read for every block that prints it
        "article_20_8": "2021",
        "applications/other_handling": "2019",
    }
    (mixed,) = [f for f in res.findings if f.code == "import.layout_mixed"]
    assert mixed.params["blocks"] == "applications/other_handling"


def test_huaian_is_pure_2021_layout() -> None:
    res = imported("huaian-shi-2024")
    assert set(res.layout["blocks"].values()) == {"2021"}
    assert not [f for f in res.findings if f.code == "import.layout_mixed"]


def test_hongze_2023_wrong_table_four_totals_are_reported() -> None:
    res = imported("hongze-qu-2023")
    result = check_data(res.report, "hongze-qu-2023.pdf")
    wrong = sorted(
        (f.pointer, f.params["left_sum"], f.params["right_sum"])
        for f in result.findings
        if f.code == "identity.t4-group-total"
    )
    assert wrong == [
        ("/review_litigation/litigation/after_review/total", 0, 5),
        ("/review_litigation/review/total", 0, 11),
    ]
    assert {f.code for f in result.findings if f.code.startswith("identity.")} == {"identity.t4-group-total"}


@pytest.mark.parametrize("name", ["hongze-qu-2024", "huaian-shi-2024"])
def test_consistent_reports_break_no_identity(name: str) -> None:
    result = check_data(imported(name).report, f"{name}.pdf")
    assert [f for f in result.findings if f.code.startswith("identity.")] == []


def test_provenance_of_a_cell_is_its_page_and_box() -> None:
    prov = imported("hongze-qu-2023").provenance
    assert prov["/review_litigation/review/total"]["origin"] == {"page": 4, "bbox": (213.24, 452.06, 220.27, 466.11)}
    assert prov["/applications/results/unable/unclear_after_correction/natural_person"]["origin"]["page"] == 4
    assert prov["/applications/results/unable/not_held/natural_person"]["origin"]["page"] == 3


def test_meta_from_the_two_line_title() -> None:
    meta = imported("hongze-qu-2024").report["meta"]
    assert (meta["agency"], meta["year"]) == ("淮安市洪泽区人民政府", 2024)

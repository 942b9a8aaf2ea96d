"""Observation rows: exact CSV and JSON Lines text, and the fast and careful reading paths agree."""

from __future__ import annotations

import json

from disclosure_kit.dataset.records import observation_text
from disclosure_kit.dataset.worker import Outcome
from disclosure_kit.model.editions import get_edition
from disclosure_kit.opendata import cells as opendata

from .conftest import example


def _as_rows(cols: opendata.Columns, edition_id: str) -> list[tuple[str, object, object, str]]:
    infos = opendata.cell_infos(edition_id)
    positions = cols.positions if cols.positions is not None else range(len(infos))
    units = cols.units or [infos[i].unit for i in positions]
    return [(infos[i].pointer, v, u, opendata.STATUSES[s])
            for i, v, u, s in zip(positions, cols.values, units, cols.statuses, strict=True)]


def test_fast_and_cell_by_cell_paths_agree() -> None:
    for edition_id in ("2019", "2021"):
        edition = get_edition(edition_id)
        report = example(edition_id)
        fast = [(i.pointer, v, u, s) for i, v, u, s in opendata.iter_records(edition, report)]
        # a rejected pointer elsewhere forces the careful path over every cell
        careful = [(i.pointer, v, u, s) for i, v, u, s in opendata.iter_records(edition, report, {"/meta/x"})]
        assert fast == careful
        assert {s for p, *_, s in fast if not p.startswith("/processing_fees/")} == {"reported"}
        present = [r for r in fast if r[3] != "absent"]  # absent cells are counted, not rows
        assert _as_rows(opendata.columns(edition, report), edition_id) == present
        assert _as_rows(opendata.columns(edition, report, frozenset({"/meta/x"})), edition_id) == present


def test_columns_of_blank_absent_invalid_and_money_cells() -> None:
    edition = get_edition("2019")
    report = example("2019")
    report["applications"]["new_received"]["other_org"] = None
    del report["applications"]["carried_over"]["total"]
    report["review_litigation"]["review"]["upheld"] = 1.5  # a float in a count cell
    report["active_disclosure"]["article_20_9"]["procurement"]["amount"] = {"value": 12.5, "unit": "元"}
    cols = opendata.columns(edition, report)
    expected = [r for r in (
        (i.pointer, v, u, s) for i, v, u, s in opendata.iter_records(edition, report)) if r[3] != "absent"]
    assert _as_rows(cols, "2019") == expected
    assert cols.absent == 1 and cols.positions is not None and len(cols.positions) == 197
    by_pointer = {p: (v, u, s) for p, v, u, s in expected}
    assert by_pointer["/applications/new_received/other_org"] == (None, None, "blank")
    assert by_pointer["/review_litigation/review/upheld"] == (None, None, "invalid")
    assert by_pointer["/active_disclosure/article_20_9/procurement/amount"] == (12.5, "元", "reported")


def test_exact_lines_of_one_report() -> None:
    edition = get_edition("2019")
    report = example("2019")
    cols = opendata.columns(edition, report)
    outcome = Outcome(report_id=7, file="dir/r,1.yaml", edition="2019", positions=cols.positions,
                      values=cols.values, statuses=cols.statuses, units=cols.units)
    rows = observation_text(outcome, ("csv", "jsonl"))
    csv_lines = rows["observations.csv"].decode("utf-8").splitlines()
    json_lines = rows["observations.jsonl"].decode("utf-8").splitlines()
    assert len(csv_lines) == len(json_lines) == 198
    index = next(i for i, c in enumerate(edition.cells) if c.pointer.endswith("article_20_9/procurement/amount"))
    assert csv_lines[index] == "7,2019,active_disclosure,article_20_9.procurement,amount,1863.45,万元,reported"
    assert json.loads(json_lines[index]) == {
        "report_id": 7, "edition": "2019", "table_id": "active_disclosure", "row_id": "article_20_9.procurement",
        "column_id": "amount", "value": 1863.45, "unit": "万元", "status": "reported"}
    change = next(i for i, c in enumerate(edition.cells) if c.pointer.endswith("article_20_8/fees/change"))
    assert csv_lines[change] == "7,2019,active_disclosure,article_20_8.fees,change,-1,,reported"  # never neutralised
    review = next(i for i, c in enumerate(edition.cells) if c.pointer == "/review_litigation/review/upheld")
    assert csv_lines[review].startswith("7,2019,review_litigation,,review.upheld,")  # table four: no row id

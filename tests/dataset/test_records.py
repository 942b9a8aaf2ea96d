"""Observation rows: exact CSV and JSON Lines text, and the fast and careful reading paths agree."""

from __future__ import annotations

import json

from disclosure_kit.dataset.records import observation_rows
from disclosure_kit.model.editions import get_edition
from disclosure_kit.opendata import cells as opendata

from .conftest import example


def test_fast_and_cell_by_cell_paths_agree() -> None:
    for edition_id in ("2019", "2021"):
        edition = get_edition(edition_id)
        report = example(edition_id)
        fast = [(i.pointer, v, u, s) for i, v, u, s in opendata.iter_records(edition, report)]
        # a rejected pointer elsewhere forces the careful path over every cell
        careful = [(i.pointer, v, u, s) for i, v, u, s in opendata.iter_records(edition, report, {"/meta/x"})]
        assert fast == careful
        assert {s for *_, s in fast} == {"reported"}


def test_exact_lines_of_one_report() -> None:
    edition = get_edition("2019")
    report = example("2019")
    cells = [(v, u, s) for _, v, u, s in opendata.iter_records(edition, report)]
    prefix = {"file": "dir/r,1.yaml", "agency": "-临州市", "agency_code": None, "year": 2020, "edition": "2019"}
    csv_bytes, jsonl_bytes = observation_rows("2019", prefix, cells)
    csv_lines = csv_bytes.decode("utf-8").splitlines()
    json_lines = jsonl_bytes.decode("utf-8").splitlines()
    assert len(csv_lines) == len(json_lines) == 198
    index = next(i for i, c in enumerate(edition.cells) if c.pointer.endswith("article_20_9/procurement/amount"))
    assert csv_lines[index] == (
        "\"dir/r,1.yaml\",'-临州市,,2020,2019,active_disclosure,article_20_9.procurement,amount,"
        "二、主动公开政府信息情况,第二十条第（九）项 / 政府集中采购,采购总金额,"
        "2. Proactive disclosure of government information,\"Article 20, item (9) / Centralised government "
        "procurement\",Total procurement amount,money,万元,1863.45,reported"
    )
    row = json.loads(json_lines[index])
    assert (row["agency"], row["value"], row["unit"], row["kind"], row["status"]) == (
        "-临州市", 1863.45, "万元", "money", "reported")
    change = next(i for i, c in enumerate(edition.cells) if c.pointer.endswith("article_20_8/fees/change"))
    assert csv_lines[change].endswith(",signed,,-1,reported")  # a number is never neutralised

"""A dataset run over 40 synthetic reports finds exactly the injected errors, and its outputs load."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import orjson
from frictionless import validate

from disclosure_kit.check.findings import ExitCode
from disclosure_kit.dataset import DatasetOptions, build_dataset
from disclosure_kit.dataset.tables import FINDINGS, OBSERVATIONS, all_tables, reports_table

TABLES = [t.name for t in all_tables()]
ALL_FORMATS = ("csv", "jsonl", "parquet")
OUTPUTS = (".disclosure-kit-output.json", "datapackage.json", "findings.json", "summary.html",
           *(f"{t}.{fmt}" for t in TABLES for fmt in ("csv", "jsonl", "parquet")))


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


def test_every_injected_kind_is_present(synthetic: dict[str, Any], generator: Any) -> None:
    kinds = {i["kind"] for i in synthetic["manifest"]["injected"]}
    assert kinds == set(generator.KINDS)


def test_findings_are_exactly_the_injected_errors(synthetic: dict[str, Any]) -> None:
    found = json.loads((synthetic["out"] / "findings.json").read_text("utf-8"))
    got = sorted((f["file"], f["code"], f["pointer"]) for f in found)
    expected = sorted((e["file"], e["code"], e["pointer"]) for e in synthetic["manifest"]["expected_findings"])
    assert got == expected
    assert len(got) == 18


def test_findings_csv_matches_json(synthetic: dict[str, Any]) -> None:
    rows = _csv(synthetic["out"] / "findings.csv")
    items = json.loads((synthetic["out"] / "findings.json").read_text("utf-8"))
    assert list(rows[0]) == list(FINDINGS.names)
    assert [(r["file"], r["code"], r["pointer"], r["scope"]) for r in rows] == [
        (i["file"], i["code"], i["pointer"], i["scope"]) for i in items]
    assert [json.loads(r["params"]) for r in rows] == [i["params"] for i in items]


def test_cross_report_findings_name_the_other_file(synthetic: dict[str, Any]) -> None:
    items = json.loads((synthetic["out"] / "findings.json").read_text("utf-8"))
    cross = [i for i in items if i["scope"] == "cross-report"]
    assert {i["code"] for i in cross} == {"crossyear.xy-carry-over", "crossyear.xy-in-force", "dataset.duplicate"}
    for item in cross:
        assert item["other_file"] and item["other_file"] != item["file"]
    dup = next(i for i in cross if i["code"] == "dataset.duplicate")
    assert dup["file"].endswith("~copy.json") or dup["file"].endswith("~copy.yaml")
    assert dup["other_file"] == dup["file"].replace("~copy", "")
    assert dup["severity"] == "error"
    carry = [i for i in cross if i["code"] == "crossyear.xy-carry-over"]
    assert {i["severity"] for i in carry} == {"warning"}
    first = carry[0]["params"]
    assert first["left"][0]["value"] - first["right"][0]["value"] == first["difference"]


def _report_ids(synthetic: dict[str, Any]) -> dict[str, str]:
    return {r["file"]: r["report_id"] for r in _csv(synthetic["out"] / "reports.csv")}


def test_observations_hold_the_report_values(synthetic: dict[str, Any]) -> None:
    rows = _csv(synthetic["out"] / "observations.csv")
    assert list(rows[0]) == list(OBSERVATIONS.names)
    name = "g0000/a000000-2021.json"
    report = orjson.loads((synthetic["reports"] / name).read_bytes())
    mine = [r for r in rows if r["report_id"] == _report_ids(synthetic)[name]]
    cells = _csv(synthetic["out"] / "cells.csv")
    order = [(c["table_id"], c["row_id"], c["column_id"]) for c in cells
             if c["edition"] == "2021" and c["table_id"] != "processing_fees"]  # the fee fields are absent
    assert [(r["table_id"], r["row_id"], r["column_id"]) for r in mine] == order  # all 200, official order
    assert len(mine) == 200
    total = next(r for r in mine if r["row_id"] == "new_received" and r["column_id"] == "total")
    assert total == {"report_id": total["report_id"], "edition": "2021", "table_id": "applications",
                     "row_id": "new_received", "column_id": "total",
                     "value": str(report["applications"]["new_received"]["total"]), "unit": "", "status": "reported"}
    label = next(r for r in _csv(synthetic["out"] / "rows.csv")
                 if (r["edition"], r["table_id"], r["row_id"]) == ("2021", "applications", "new_received"))
    assert label["label_zh"] == "一、本年新收政府信息公开申请数量"
    column = next(r for r in _csv(synthetic["out"] / "columns.csv")
                  if (r["edition"], r["table_id"], r["column_id"]) == ("2021", "applications", "total"))
    assert (column["label_zh"], column["label_en"]) == ("总计", "Total")
    table = next(r for r in _csv(synthetic["out"] / "tables.csv") if (r["edition"], r["table_id"]) == (
        "2021", "applications"))
    assert (table["label_zh"], table["role"], table["position"]) == ("三、收到和处理政府信息公开申请情况", "table", "3")
    fee = next(r for r in mine if r["row_id"] == "article_20_8.fees")
    assert fee["unit"] == "万元"
    assert float(fee["value"]) == report["active_disclosure"]["article_20_8"]["fees"]["amount"]
    cell = next(c for c in cells if (c["edition"], c["row_id"]) == ("2021", "article_20_8.fees"))
    assert (cell["kind"], cell["unit"]) == ("amount", "万元")
    assert cell["pointer"] == "/active_disclosure/article_20_8/fees/amount"


def test_observation_statuses_follow_the_injections(synthetic: dict[str, Any]) -> None:
    rows = orjson.loads(b"[" + b",".join((synthetic["out"] / "observations.jsonl").read_bytes().splitlines()) + b"]")
    ids = {k: int(v) for k, v in _report_ids(synthetic).items()}
    injected = {i["kind"]: ids[i["file"]] for i in synthetic["manifest"]["injected"]}
    blank = [r for r in rows if r["report_id"] == injected["blank"] and r["status"] == "blank"]
    assert [(r["row_id"], r["column_id"], r["value"]) for r in blank] == [("article_20_6.coercion", "decisions", None)]
    invalid = [r for r in rows if r["report_id"] == injected["schema"] and r["status"] == "invalid"]
    assert [(r["table_id"], r["column_id"]) for r in invalid] == [("review_litigation", "review.upheld")]
    assert not [r for r in rows if r["report_id"] in (injected["unreadable"], injected["edition"])]


def test_reports_csv_statuses(synthetic: dict[str, Any]) -> None:
    rows = {r["file"]: r for r in _csv(synthetic["out"] / "reports.csv")}
    assert list(next(iter(rows.values()))) == list(reports_table().names)
    assert len(rows) == synthetic["manifest"]["files"] == 41
    injected = {i["kind"]: i["file"] for i in synthetic["manifest"]["injected"]}
    assert rows[injected["unreadable"]]["status"] == "unreadable"
    assert rows[injected["edition"]]["status"] == "unreadable"
    assert rows[injected["schema"]]["status"] == "invalid"
    assert rows[injected["blank"]]["status"] == "valid"
    assert rows[injected["blank"]]["warnings"] == "1"
    carry = injected["carry_over"]
    assert (rows[carry]["status"], rows[carry]["warnings"], rows[carry]["cross_report_findings"]) == ("valid", "2", "2")


def test_result_and_exit_code(synthetic: dict[str, Any]) -> None:
    result = synthetic["result"]
    assert result.exit_code is ExitCode.FINDINGS
    assert result.reports == 41
    assert result.unreadable == 4  # two cut files, two unknown editions
    # errors: 2 identity injections x 2 rules, 2 schema, 2 load, 2 edition, 1 duplicate;
    # warnings: 2 carry-over injections x 2 columns, 2 blanks, 1 in-force
    assert (result.errors, result.warnings) == (11, 7)
    assert sorted(p.name for p in synthetic["out"].iterdir()) == sorted(OUTPUTS)
    assert result.skipped == {}


def test_frictionless_validates_the_data_package(synthetic: dict[str, Any]) -> None:
    report = validate(synthetic["out"] / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((synthetic["out"] / "datapackage.json").read_text("utf-8"))
    names = [r["name"] for r in descriptor["resources"]]
    assert names == [n for t in TABLES for n in (t, f"{t}-jsonl", f"{t}-parquet")
                     + (("findings-json",) if t == "findings" else ())]
    assert sorted(r["path"] for r in descriptor["resources"]) == sorted(
        p for p in OUTPUTS if p.endswith((".csv", ".jsonl", ".parquet")) or p == "findings.json")
    obs = descriptor["resources"][0]
    assert obs["bytes"] == (synthetic["out"] / "observations.csv").stat().st_size
    assert obs["schema"]["primaryKey"] == ["report_id", "table_id", "row_id", "column_id"]
    assert obs["schema"]["foreignKeys"] == [
        {"fields": ["report_id"], "reference": {"resource": "reports", "fields": ["report_id"]}},
        {"fields": ["edition", "table_id", "row_id", "column_id"],
         "reference": {"resource": "cells", "fields": ["edition", "table_id", "row_id", "column_id"]}}]
    parquet = next(r for r in descriptor["resources"] if r["name"] == "observations-parquet")
    assert (parquet["format"], parquet["mediatype"]) == ("parquet", "application/vnd.apache.parquet")
    assert "licenses" not in descriptor
    assert "No licence was given" in descriptor["description"]


def test_jobs_2_gives_identical_bytes(synthetic: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "jobs2"
    build_dataset([str(synthetic["reports"])], out, DatasetOptions(jobs=2, progress=False, formats=ALL_FORMATS))
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (synthetic["out"] / name).read_bytes(), name


def test_summary_page(synthetic: dict[str, Any]) -> None:
    html = (synthetic["out"] / "summary.html").read_text("utf-8")
    assert html.count("<svg ") == 2
    assert "<h1>政府信息公开工作年度报告数据集概览</h1>" in html
    assert "<div>报告数<b>41</b></div>" in html
    assert "<div>勾稽关系不平的报告占比<b>5.4%</b></div>" in html  # 2 of the 37 readable reports
    assert "<td><code>identity.t3-row-total</code></td><td>error</td><td class=\"n\">2</td>" in html
    for external in ("src=", "href=\"http", "@import", "url("):
        assert external not in html

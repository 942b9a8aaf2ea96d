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
from disclosure_kit.dataset.records import FINDING_FIELDS, OBSERVATION_FIELDS, REPORT_FIELDS

OUTPUTS = ("datapackage.json", "findings.csv", "findings.json", "observations.csv", "observations.jsonl",
           "reports.csv", "summary.html")


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
    assert list(rows[0]) == list(FINDING_FIELDS)
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


def test_observations_hold_the_report_values(synthetic: dict[str, Any]) -> None:
    rows = _csv(synthetic["out"] / "observations.csv")
    assert list(rows[0]) == list(OBSERVATION_FIELDS)
    name = "g0000/a000000-2021.json"
    report = orjson.loads((synthetic["reports"] / name).read_bytes())
    mine = [r for r in rows if r["file"] == name]
    assert len(mine) == 200  # every cell of the 2021 edition, in the official order
    total = next(r for r in mine if r["row_id"] == "new_received" and r["column_id"] == "total")
    assert total["value"] == str(report["applications"]["new_received"]["total"])
    assert total["row_zh"] == "一、本年新收政府信息公开申请数量"
    assert total["column_zh"] == "总计"
    assert total["table_zh"] == "三、收到和处理政府信息公开申请情况"
    assert total["status"] == "reported"
    fee = next(r for r in mine if r["row_id"] == "article_20_8.fees")
    assert (fee["unit"], fee["kind"]) == ("万元", "amount")
    assert float(fee["value"]) == report["active_disclosure"]["article_20_8"]["fees"]["amount"]


def test_observation_statuses_follow_the_injections(synthetic: dict[str, Any]) -> None:
    rows = orjson.loads(b"[" + b",".join((synthetic["out"] / "observations.jsonl").read_bytes().splitlines()) + b"]")
    injected = {i["kind"]: i["file"] for i in synthetic["manifest"]["injected"]}
    blank = [r for r in rows if r["file"] == injected["blank"] and r["status"] == "blank"]
    assert [(r["row_id"], r["column_id"], r["value"]) for r in blank] == [("article_20_6.coercion", "decisions", None)]
    invalid = [r for r in rows if r["file"] == injected["schema"] and r["status"] == "invalid"]
    assert [(r["table_id"], r["column_id"]) for r in invalid] == [("review_litigation", "review.upheld")]
    assert not [r for r in rows if r["file"] in (injected["unreadable"], injected["edition"])]


def test_reports_csv_statuses(synthetic: dict[str, Any]) -> None:
    rows = {r["file"]: r for r in _csv(synthetic["out"] / "reports.csv")}
    assert list(next(iter(rows.values()))) == list(REPORT_FIELDS)
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


def test_frictionless_validates_the_data_package(synthetic: dict[str, Any]) -> None:
    report = validate(synthetic["out"] / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((synthetic["out"] / "datapackage.json").read_text("utf-8"))
    names = [r["name"] for r in descriptor["resources"]]
    assert names == ["observations", "observations-jsonl", "reports", "findings", "findings-json"]
    obs = descriptor["resources"][0]
    assert obs["bytes"] == (synthetic["out"] / "observations.csv").stat().st_size
    assert obs["schema"]["primaryKey"] == ["file", "table_id", "row_id", "column_id"]


def test_jobs_2_gives_identical_bytes(synthetic: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "jobs2"
    build_dataset([str(synthetic["reports"])], out, DatasetOptions(jobs=2, progress=False))
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

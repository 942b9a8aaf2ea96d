"""Every field of a report reaches the dataset: metadata, narratives, cells; Parquet read by pyarrow and
DuckDB; the licence stated or its absence said plainly."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from typer.testing import CliRunner

from disclosure_kit.cli import app
from disclosure_kit.dataset import DatasetOptions, build_dataset
from disclosure_kit.dataset.package import LicenceError, parse_licence
from disclosure_kit.model.editions import get_edition

ROOT = Path(__file__).resolve().parents[2]
ALL = ("csv", "jsonl", "parquet")


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both bundled examples, as they are, in one dataset of every format."""
    out = tmp_path_factory.mktemp("examples") / "out"
    build_dataset([str(ROOT / "fixtures" / "examples")], out, DatasetOptions(progress=False, formats=ALL,
                                                                              license="CC-BY-4.0"))
    return out


def _source(edition: str) -> dict[str, Any]:
    return yaml.safe_load((ROOT / "fixtures" / "examples" / f"{edition}.yaml").read_text("utf-8"))


def test_metadata_of_both_examples(examples: Path) -> None:
    rows = {r["file"]: r for r in _csv(examples / "reports.csv")}
    assert list(rows) == ["2019.yaml", "2021.yaml"]
    for edition in ("2019", "2021"):
        row, meta = rows[f"{edition}.yaml"], _source(edition)["meta"]
        assert {k: row[k] for k in meta} == {k: "" if v is None else str(v) for k, v in meta.items()}
        assert (row["edition"], row["schema_version"], row["status"]) == (edition, get_edition(edition).version,
                                                                          "valid")
        raw = (ROOT / "fixtures" / "examples" / f"{edition}.yaml").read_bytes()
        # the 2021 example leaves out the optional fee fields beside 六 (a field group): absent, not 0
        assert (row["bytes"], row["absent_cells"]) == (str(len(raw)), "3" if edition == "2021" else "0")
    assert rows["2021.yaml"]["title"] == "临州市交通运输局2023年政府信息公开工作年度报告"
    assert rows["2021.yaml"]["published"] == "2024-01-26"
    assert rows["2021.yaml"]["index_number"] == "11330700MB1234567X/2024-00015"
    # every column of reports after the file's identity is a field of the schemas' meta, in order
    meta_keys = list(get_edition("2021").node("/meta").schema["properties"])
    header = list(rows["2019.yaml"])
    assert header[6:6 + len(meta_keys)] == meta_keys


def test_narratives_of_both_examples(examples: Path) -> None:
    csv_rows = _csv(examples / "narratives.csv")
    jsonl_rows = [json.loads(line) for line in (examples / "narratives.jsonl").read_text("utf-8").splitlines()]
    parquet_rows = pq.read_table(examples / "narratives.parquet").to_pylist()
    assert jsonl_rows == parquet_rows
    expected = [{"report_id": i, "edition": e, "section_id": k, "status": "reported", "text": _source(e)[k]}
                for i, e in ((1, "2019"), (2, "2021")) for k in ("overview", "problems", "other_matters")]
    assert jsonl_rows == expected
    assert [(int(r["report_id"]), r["section_id"], r["text"]) for r in csv_rows] == [
        (r["report_id"], r["section_id"], r["text"]) for r in expected]
    labels = {(r["edition"], r["table_id"]): (r["role"], r["label_zh"]) for r in _csv(examples / "tables.csv")}
    assert labels[("2021", "overview")] == ("narrative", "一、总体情况")
    assert labels[("2021", "applications")] == ("table", "三、收到和处理政府信息公开申请情况")


def test_parquet_observations_by_pyarrow(examples: Path) -> None:
    table = pq.read_table(examples / "observations.parquet")
    assert table.num_rows == 198 + 200
    schema = table.schema
    for name in ("edition", "table_id", "row_id", "column_id", "unit", "status"):
        assert pa.types.is_dictionary(schema.field(name).type), name
    assert schema.field("report_id").type == pa.int32()
    assert schema.field("value").type == pa.float64()
    rows = table.to_pylist()
    money = next(r for r in rows if (r["row_id"], r["column_id"]) == ("article_20_9.procurement", "amount"))
    assert money == {"report_id": 1, "edition": "2019", "table_id": "active_disclosure",
                     "row_id": "article_20_9.procurement", "column_id": "amount", "value": 1863.45, "unit": "万元",
                     "status": "reported"}
    total = next(r for r in rows if (r["report_id"], r["row_id"], r["column_id"]) == (2, "new_received", "total"))
    assert total["value"] == 136
    jsonl = [json.loads(line) for line in (examples / "observations.jsonl").read_text("utf-8").splitlines()]
    assert [(r["report_id"], r["row_id"], r["column_id"], r["value"], r["status"]) for r in jsonl] == [
        (r["report_id"], r["row_id"], r["column_id"], r["value"], r["status"]) for r in rows]


def test_parquet_by_duckdb_with_dimension_labels(examples: Path) -> None:
    con = duckdb.connect()
    got = con.execute(
        f"""SELECT r.agency, r.year, o.value, c.label_zh, w.label_zh
            FROM '{examples}/observations.parquet' o
            JOIN '{examples}/reports.parquet' r USING (report_id)
            JOIN '{examples}/rows.parquet' w ON w.edition = o.edition AND w.table_id = o.table_id
                 AND w.row_id = o.row_id
            JOIN '{examples}/columns.parquet' c ON c.edition = o.edition AND c.table_id = o.table_id
                 AND c.column_id = o.column_id
            WHERE o.table_id = 'applications' AND o.row_id = 'new_received' AND o.column_id = 'total'
            ORDER BY r.year"""
    ).fetchall()
    assert got == [("临州市自然资源和规划局", 2020, 244.0, "总计", "一、本年新收政府信息公开申请数量"),
                   ("临州市交通运输局", 2023, 136.0, "总计", "一、本年新收政府信息公开申请数量")]
    cells = con.execute(f"SELECT edition, count(*) FROM '{examples}/cells.parquet' GROUP BY 1 ORDER BY 1").fetchall()
    assert cells == [("2019", 198), ("2021", 203)]  # 2021: 200 table cells and the 3 fee fields


def test_licence_is_stated(examples: Path) -> None:
    package = json.loads((examples / "datapackage.json").read_text("utf-8"))
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": "https://spdx.org/licenses/CC-BY-4.0.html"}]
    assert "No licence" not in package["description"]


def test_licence_forms_and_refusals(tmp_path: Path) -> None:
    assert parse_licence("cc0-1.0").name == "CC0-1.0"
    assert parse_licence("https://data.example.gov.cn/licence").descriptor() == {
        "path": "https://data.example.gov.cn/licence"}
    for bad in ("CC-BY-4", "MIT OR Apache-2.0", "not a licence", ""):
        with pytest.raises(LicenceError):
            parse_licence(bad)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.json").write_bytes(orjson.dumps(_source("2021")))
    res = CliRunner().invoke(app, ["dataset", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--license", "CC-BY"])
    assert res.exit_code == 2
    assert "'CC-BY' is not one SPDX licence id" in res.output
    assert not (tmp_path / "out").exists()


def test_fee_fields_beside_section_six_reach_the_dataset(tmp_path: Path) -> None:
    """A field group of the schema (numbers beside a text section) needs no code: its fields are rows."""
    report = _source("2021")
    report["processing_fees"] = {"notices": 4, "notice_amount": 880.0, "collected_amount": 600}
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "fees.json").write_bytes(orjson.dumps(report))
    build_dataset([str(tmp_path / "in")], tmp_path / "out", DatasetOptions(progress=False, formats=("csv", "parquet")))
    rows = [(r["column_id"], r["value"], r["unit"], r["status"]) for r in _csv(tmp_path / "out" / "observations.csv")
            if r["table_id"] == "processing_fees"]
    assert rows == [("notices", "4", "", "reported"), ("notice_amount", "880.0", "元", "reported"),
                    ("collected_amount", "600", "元", "reported")]
    assert _csv(tmp_path / "out" / "reports.csv")[0]["absent_cells"] == "0"
    tables = {r["table_id"]: (r["role"], r["label_zh"]) for r in _csv(tmp_path / "out" / "tables.csv")
              if r["edition"] == "2021"}
    assert tables["processing_fees"] == ("fields", "信息处理费")
    labels = {r["column_id"]: r["label_zh"] for r in _csv(tmp_path / "out" / "columns.csv")
              if r["table_id"] == "processing_fees"}
    assert labels == {"notices": "发出收费通知件数", "notice_amount": "收费通知金额（元）",
                      "collected_amount": "实际收取金额（元）"}
    parquet = pq.read_table(tmp_path / "out" / "observations.parquet").to_pylist()
    assert [(r["column_id"], r["value"]) for r in parquet if r["table_id"] == "processing_fees"] == [
        ("notices", 4.0), ("notice_amount", 880.0), ("collected_amount", 600.0)]

"""The open-data JSON renderer: golden bytes, the format's own schema, exact records and statuses."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import jsonschema
import yaml

from disclosure_kit.check.findings import FileResult
from disclosure_kit.check.pipeline import check_data
from disclosure_kit.model.editions import get_edition
from disclosure_kit.model.resources import schema_dir
from disclosure_kit.renderers.base import RenderContext, Renderer
from disclosure_kit.renderers.opendata_json import OpenDataJsonRenderer

from .support import EXAMPLES, example


def _render(result: FileResult, source: bytes) -> bytes:
    assert result.report is not None and result.edition is not None
    ctx = RenderContext(report=result.report, edition=get_edition(result.edition), result=result,
                        source_name=result.file, source_bytes=source)
    return OpenDataJsonRenderer().render(ctx)


def _validator(version: str = "1.1") -> jsonschema.Draft202012Validator:
    schema = json.loads((schema_dir() / "opendata" / version / "opendata.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _cell(doc: dict[str, Any], pointer: str) -> dict[str, Any]:
    return next(c for c in doc["cells"] if c["pointer"] == pointer)


def test_renderer_protocol() -> None:
    renderer = OpenDataJsonRenderer()
    assert isinstance(renderer, Renderer)
    assert (renderer.name, renderer.suffix, renderer.media_type) == ("json", ".json", "application/json")


def test_golden_2019(golden: Callable[[str, bytes], None]) -> None:
    source = (EXAMPLES / "2019.yaml").read_bytes()
    golden("json/2019.json", _render(example("2019"), source))


def test_golden_2021(golden: Callable[[str, bytes], None]) -> None:
    source = (EXAMPLES / "2021.yaml").read_bytes()
    golden("json/2021.json", _render(example("2021"), source))


def test_same_input_same_bytes() -> None:
    source = (EXAMPLES / "2021.yaml").read_bytes()
    assert _render(example("2021"), source) == _render(example("2021"), source)


def test_output_validates_against_its_schema() -> None:
    validator = _validator()
    for edition in ("2019", "2021"):
        source = (EXAMPLES / f"{edition}.yaml").read_bytes()
        doc = json.loads(_render(example(edition), source))
        assert sorted(e.message for e in validator.iter_errors(doc)) == []


def test_2021_metadata_hash_and_cells() -> None:
    source = (EXAMPLES / "2021.yaml").read_bytes()
    doc = json.loads(_render(example("2021"), source))
    assert doc["format"] == "disclosure-kit/opendata"
    assert doc["version"] == "1.1"
    assert doc["source"] == {"file": "2021.yaml", "sha256": hashlib.sha256(source).hexdigest(), "bytes": len(source)}
    report = doc["report"]
    assert report == {
        "agency": "临州市交通运输局", "agency_code": None, "year": 2023, "published": "2024-01-26",
        "index_number": "11330700MB1234567X/2024-00015", "issuer": "临州市交通运输局",
        "title": "临州市交通运输局2023年政府信息公开工作年度报告", "source_url": None,
        "edition": "2021", "schema_version": example("2021").schema_version,
        "schema_id": get_edition("2021", example("2021").schema_version).schema_id,
    }
    edition = get_edition("2021", example("2021").schema_version)
    fields = [f"/{g.key}/{k}" for g in edition.field_groups() for k in g.schema["properties"]]
    assert fields == ["/processing_fees/notices", "/processing_fees/notice_amount", "/processing_fees/collected_amount"]
    assert [c["pointer"] for c in doc["cells"]] == [c.pointer for c in edition.cells] + fields
    assert len(doc["cells"]) == 203
    total = _cell(doc, "/applications/new_received/total")
    assert total == {
        "table_id": "applications", "row_id": "new_received", "column_id": "total",
        "pointer": "/applications/new_received/total",
        "table_zh": "三、收到和处理政府信息公开申请情况", "row_zh": "一、本年新收政府信息公开申请数量",
        "column_zh": "总计", "table_en": total["table_en"], "row_en": total["row_en"], "column_en": "Total",
        "kind": "count", "unit": None, "value": 136, "status": "reported",
    }
    fee = _cell(doc, "/active_disclosure/article_20_8/fees/amount")
    assert (fee["value"], fee["unit"], fee["kind"], fee["row_zh"]) == (
        0.092, "万元", "amount", "第二十条第（八）项 / 行政事业性收费")
    direct = _cell(doc, "/review_litigation/litigation/direct/other")
    assert (direct["row_id"], direct["column_id"], direct["column_zh"], direct["value"]) == (
        "", "litigation.direct.other", "行政诉讼 / 未经复议直接起诉 / 其他结果", 1)
    assert doc["validation"] == {"status": "valid", "errors": 0, "warnings": 0, "findings": []}


def test_2019_money_cell_takes_the_reported_unit() -> None:
    doc = json.loads(_render(example("2019"), (EXAMPLES / "2019.yaml").read_bytes()))
    money = _cell(doc, "/active_disclosure/article_20_9/procurement/amount")
    assert (money["kind"], money["value"], money["unit"], money["status"]) == ("money", 1863.45, "万元", "reported")
    change = _cell(doc, "/active_disclosure/article_20_8/fees/change")
    assert (change["kind"], change["value"]) == ("signed", -1)


def test_blank_invalid_and_absent_cells_with_findings() -> None:
    data = yaml.safe_load((EXAMPLES / "2021.yaml").read_text("utf-8"))
    data["applications"]["new_received"]["other_org"] = None
    data["review_litigation"]["review"]["upheld"] = "三"
    del data["active_disclosure"]["article_20_6"]["coercion"]["decisions"]
    result = check_data(data, "changed.yaml")
    doc = json.loads(_render(result, b"changed"))
    assert sorted(e.message for e in _validator().iter_errors(doc)) == []
    blank = _cell(doc, "/applications/new_received/other_org")
    assert (blank["value"], blank["status"]) == (None, "blank")
    invalid = _cell(doc, "/review_litigation/review/upheld")
    assert (invalid["value"], invalid["status"]) == (None, "invalid")
    absent = _cell(doc, "/active_disclosure/article_20_6/coercion/decisions")
    assert (absent["value"], absent["status"]) == (None, "absent")
    validation = doc["validation"]
    assert (validation["status"], validation["errors"], validation["warnings"]) == ("invalid", 2, 1)
    assert [(f["code"], f["pointer"]) for f in validation["findings"]] == [
        ("cell.blank", "/applications/new_received/other_org"),
        ("schema.required", "/active_disclosure/article_20_6/coercion/decisions"),
        ("schema.type", "/review_litigation/review/upheld"),
    ]
    required = validation["findings"][1]
    assert (required["table_id"], required["row_id"], required["column_id"]) == (
        "active_disclosure", "article_20_6.coercion", "decisions")
    assert required["message_en"].startswith("table '2. Proactive disclosure of government information'")


def test_narratives_of_both_examples() -> None:
    for edition in ("2019", "2021"):
        source = (EXAMPLES / f"{edition}.yaml").read_bytes()
        doc = json.loads(_render(example(edition), source))
        data = yaml.safe_load(source)
        assert [(n["section_id"], n["status"], n["text"]) for n in doc["narratives"]] == [
            ("overview", "reported", data["overview"]),
            ("problems", "reported", data["problems"]),
            ("other_matters", "reported", data["other_matters"]),
        ]
        assert [n["label_zh"] for n in doc["narratives"]] == [
            n.label.zh for n in get_edition(edition).narratives()]
    doc = json.loads(_render(example("2021"), (EXAMPLES / "2021.yaml").read_bytes()))
    assert doc["narratives"][0]["label_zh"] == "一、总体情况"
    assert doc["narratives"][0]["text"].startswith("2023年，临州市交通运输局坚持以习近平新时代")
    assert doc["narratives"][2]["label_en"] == get_edition("2021").node("/other_matters").label.en


def test_2019_metadata() -> None:
    source = (EXAMPLES / "2019.yaml").read_bytes()
    doc = json.loads(_render(example("2019"), source))
    meta = yaml.safe_load(source)["meta"]
    assert {k: doc["report"][k] for k in meta} == meta
    assert doc["report"]["edition"] == "2019"
    assert doc["source"]["file"] == "2019.yaml"


def test_narrative_statuses_and_rejected_metadata() -> None:
    data = yaml.safe_load((EXAMPLES / "2021.yaml").read_text("utf-8"))
    data["problems"] = None
    del data["other_matters"]
    data["overview"] = ["not", "text"]
    data["meta"]["title"] = "标" * 301  # over the schema's maxLength: not published
    result = check_data(data, "changed.yaml")
    doc = json.loads(_render(result, b"changed"))
    assert sorted(e.message for e in _validator().iter_errors(doc)) == []
    assert [(n["section_id"], n["status"], n["text"]) for n in doc["narratives"]] == [
        ("overview", "invalid", None), ("problems", "blank", None), ("other_matters", "absent", None)]
    assert doc["report"]["title"] is None
    assert doc["report"]["agency"] == "临州市交通运输局"


def test_values_open_data_cannot_carry_are_findings() -> None:
    data = yaml.safe_load((EXAMPLES / "2021.yaml").read_text("utf-8"))
    data["applications"]["new_received"]["natural_person"] = 2**64
    data["meta"]["issuer"] = "\ud800"
    result = check_data(data, "odd.json")
    # 1e400 reads as infinity; whether or not the check layer lets it through, open data never publishes it
    data["active_disclosure"]["article_20_8"]["fees"]["amount"] = float("inf")
    doc = json.loads(_render(result, b"odd"))
    assert sorted(e.message for e in _validator().iter_errors(doc)) == []
    cell = _cell(doc, "/applications/new_received/natural_person")
    assert (cell["value"], cell["status"]) == (None, "invalid")
    fee = _cell(doc, "/active_disclosure/article_20_8/fees/amount")
    assert (fee["value"], fee["status"]) == (None, "invalid")
    assert doc["report"]["issuer"] is None
    codes = {(f["code"], f["pointer"]) for f in doc["validation"]["findings"] if f["code"].startswith("opendata.")}
    assert codes == {
        ("opendata.out_of_range", "/applications/new_received/natural_person"),
        ("opendata.out_of_range", "/active_disclosure/article_20_8/fees/amount"),
        ("opendata.invalid_unicode", "/meta/issuer"),
    }
    assert doc["validation"]["status"] == "invalid"
    big = next(f for f in doc["validation"]["findings"] if f["pointer"].endswith("natural_person")
               and f["code"] == "opendata.out_of_range")
    assert "18446744073709551616" in big["message_en"]



def test_field_groups_reach_the_open_data() -> None:
    """The structured fee fields beside section 六 (a field group of the schema) are records like cells."""
    data = yaml.safe_load((EXAMPLES / "2021.yaml").read_text("utf-8"))
    data["processing_fees"] = {"notices": 3, "notice_amount": 1250.5, "collected_amount": None}
    doc = json.loads(_render(check_data(data, "fees.yaml"), b"fees"))
    assert sorted(e.message for e in _validator().iter_errors(doc)) == []
    fees = [c for c in doc["cells"] if c["table_id"] == "processing_fees"]
    assert [(c["column_id"], c["column_zh"], c["kind"], c["unit"], c["value"], c["status"]) for c in fees] == [
        ("notices", "发出收费通知件数", "count", None, 3, "reported"),
        ("notice_amount", "收费通知金额（元）", "amount", "元", 1250.5, "reported"),
        ("collected_amount", "实际收取金额（元）", "amount", "元", None, "blank"),
    ]
    assert {c["table_zh"] for c in fees} == {"信息处理费"}
    data["processing_fees"] = None  # the group left blank: not reported as numbers, which is not 0
    doc = json.loads(_render(check_data(data, "fees.yaml"), b"fees"))
    assert {c["status"] for c in doc["cells"] if c["table_id"] == "processing_fees"} == {"blank"}

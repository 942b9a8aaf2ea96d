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


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((schema_dir() / "opendata" / "1.0" / "opendata.schema.json").read_text("utf-8"))
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
    assert doc["version"] == "1.0"
    assert doc["source"] == {"sha256": hashlib.sha256(source).hexdigest(), "bytes": len(source)}
    report = doc["report"]
    assert (report["agency"], report["year"], report["edition"], report["schema_version"]) == (
        "临州市交通运输局", 2023, "2021", example("2021").schema_version)
    assert len(doc["cells"]) == 200
    assert [c["pointer"] for c in doc["cells"]] == [c.pointer for c in get_edition("2021").cells]
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

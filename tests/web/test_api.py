"""``/api/v1/`` against a real uvicorn on 127.0.0.1: each endpoint, each error, the OpenAPI document."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import openpyxl
import orjson
import pytest
import yaml

from disclosure_kit import api
from disclosure_kit.check.output import RESULT_SCHEMA_ID
from disclosure_kit.model.editions import get_edition
from disclosure_kit.web.schemas import schema_index

from .support import CORPUS, EXAMPLES, ROOT, Server

PROBLEM = "application/problem+json"


def cli_json(path: Path, *args: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "disclosure_kit", "validate", path.name, "--format", "json", *args],
                          capture_output=True, cwd=path.parent)
    return json.loads(proc.stdout)


def bad_example(tmp_path: Path) -> Path:
    """The 2021 example with （一）予以公开 / 总计 changed from 64 to 65 (two identities break)."""
    text = (EXAMPLES / "2021.yaml").read_text(encoding="utf-8")
    assert "      total: 64  # 总计" in text
    target = tmp_path / "2021-changed.yaml"
    target.write_text(text.replace("      total: 64  # 总计", "      total: 65  # 总计", 1), encoding="utf-8")
    return target


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_validate_answers_exactly_the_cli_json(server: Server, tmp_path: Path, lang: str) -> None:
    for path in (EXAMPLES / "2021.yaml", EXAMPLES / "2019.yaml", bad_example(tmp_path)):
        answer = server.upload(f"/api/v1/validate?lang={lang}", path.name, path.read_bytes())
        assert answer.status == 200 and answer.media_type == "application/json"
        assert answer.json() == cli_json(path, "--lang", lang)
    changed = server.upload("/api/v1/validate", "2021-changed.yaml", bad_example(tmp_path).read_bytes()).json()
    codes = [(f["code"], f["line"], f["pointer"]) for f in changed["files"][0]["findings"]]
    assert codes == [("identity.t3-results-total", 70, "/applications/results/disclosed/total"),
                     ("identity.t3-row-total", 70, "/applications/results/disclosed/total")]
    assert changed["summary"]["exit_code"] == 1


def test_validate_takes_json_and_yaml_bodies_and_strict(server: Server) -> None:
    data = yaml.safe_load((EXAMPLES / "2021.yaml").read_text(encoding="utf-8"))
    data["meta"]["agency_code"] = None
    data["applications"]["new_received"]["other_org"] = None  # a blank cell: a warning
    as_json = server.post("/api/v1/validate?filename=r.json", orjson.dumps(data), "application/json").json()
    as_yaml = server.post("/api/v1/validate?filename=r.yaml", yaml.safe_dump(data, allow_unicode=True).encode(),
                          "application/yaml").json()
    for result in (as_json, as_yaml):
        assert [f["code"] for f in result["files"][0]["findings"]] == ["cell.blank"]
        assert result["files"][0]["status"] == "valid" and result["summary"]["exit_code"] == 0
    assert as_json["files"][0]["file"] == "r.json" and as_yaml["files"][0]["file"] == "r.yaml"
    strict = server.post("/api/v1/validate?strict=true", orjson.dumps(data), "application/json").json()
    assert strict["strict"] is True and strict["files"][0]["status"] == "invalid"
    assert strict["summary"]["exit_code"] == 1


def test_validate_errors_are_problems_with_our_codes(server: Server) -> None:
    cases = [
        (server.post("/api/v1/validate", b"<xml/>", "application/xml"), 415, "web.unsupported_media_type"),
        (server.upload("/api/v1/validate", "report.pdf", b"%PDF-1.4"), 415, "web.unsupported_file"),
        (server.post("/api/v1/validate?strict=maybe", b"{}", "application/json"), 400, "web.bad_parameter"),
        (server.upload("/api/v1/validate", "", b"", {"text": "  "}), 400, "web.no_input"),
        (server.get("/api/v1/validate"), 405, "web.method_not_allowed"),
        (server.get("/api/v1/nothing-here"), 404, "web.not_found"),
    ]
    for answer, status, code in cases:
        assert (answer.status, answer.media_type) == (status, PROBLEM), answer.body
        body = answer.json()
        assert body["code"] == code and body["status"] == status and body["type"].endswith("/" + code)
        assert body["title"]
    en = server.post("/api/v1/validate?lang=en", b"x", "application/xml").json()
    assert en["title"].startswith("unsupported content type 'application/xml'")
    # a report that cannot be parsed is still a check result: the finding is the answer
    broken = server.post("/api/v1/validate?filename=b.json", b'{"edition": "2021",', "application/json").json()
    assert broken["files"][0]["findings"][0]["code"] == "load.syntax" and broken["summary"]["exit_code"] == 1


def test_render_with_every_renderer_including_the_plugin(server: Server) -> None:
    listed = {r["name"]: r for r in server.get("/api/v1/renderers").json()}
    assert set(listed) == {*api.renderer_names(), "cells-tsv"} >= {"html", "markdown", "docx", "odt", "json"}
    body = (EXAMPLES / "2021.yaml").read_bytes()
    for name, info in listed.items():
        answer = server.post(f"/api/v1/render?to={name}&filename=2021.yaml", body, "application/yaml")
        assert answer.status == 200, answer.body
        assert answer.media_type == info["media_type"].split(";")[0]
        assert f'filename="2021{info["suffix"]}"' in answer.headers["content-disposition"]
        assert answer.headers["disclosure-kit-status"] == "valid"
        if name in ("docx", "odt"):
            member = "word/document.xml" if name == "docx" else "content.xml"
            xml = zipfile.ZipFile(io.BytesIO(answer.body)).read(member).decode("utf-8")
            assert "临州市交通运输局" in xml and ">136<" in xml
        elif name == "pdf":
            assert answer.body.startswith(b"%PDF-")
        elif name == "json":
            assert json.loads(answer.body)["report"]["agency"] == "临州市交通运输局"
        else:
            assert "136" in answer.body.decode("utf-8")
    tsv = server.post("/api/v1/render?to=cells-tsv", body, "application/yaml").body.decode("utf-8")
    assert "/applications/new_received/total\t136" in tsv


def test_render_refuses_a_report_with_errors_unless_forced(server: Server, tmp_path: Path) -> None:
    body = bad_example(tmp_path).read_bytes()
    refused = server.post("/api/v1/render?to=html", body, "application/yaml")
    assert (refused.status, refused.media_type) == (422, PROBLEM)
    problem = refused.json()
    assert problem["code"] == "web.render_refused" and problem["params"] == {"errors": 2}
    assert [f["code"] for f in problem["findings"]] == ["identity.t3-results-total", "identity.t3-row-total"]
    forced = server.post("/api/v1/render?to=html&force=true&filename=bad.yaml", body, "application/yaml")
    assert forced.status == 200 and forced.headers["disclosure-kit-status"] == "invalid"
    assert "filename*=UTF-8''bad-%E6%9C%89%E9%94%99%E8%AF%AF.html" in forced.headers["content-disposition"]
    unknown = server.post("/api/v1/render?to=pdfx", body, "application/yaml").json()
    assert unknown["code"] == "web.renderer_unknown" and "cells-tsv" in unknown["params"]["known"]
    unreadable = server.post("/api/v1/render?to=html", b"edition: [", "application/yaml").json()
    assert unreadable["code"] == "web.report_unreadable" and unreadable["findings"][0]["code"] == "load.syntax"


def test_download_keeps_the_schema_version_the_report_declares(server: Server, tmp_path: Path) -> None:
    """A report on an older schema version downloads in that version's layout, as ``export`` writes it."""
    text = (EXAMPLES / "2021.yaml").read_text(encoding="utf-8")
    old = tmp_path / "old.yaml"
    old.write_text(text.replace('schema_version: "1.2.0"', 'schema_version: "1.0.0"', 1), encoding="utf-8")
    form = urlencode({"report": json.dumps(yaml.safe_load(old.read_text(encoding="utf-8"))), "name": "old.json"})
    answer = server.post("/download/xlsx", form.encode(), "application/x-www-form-urlencoded")
    assert answer.status == 200, answer.body
    subprocess.run([sys.executable, "-m", "disclosure_kit", "export", str(old), "-o", str(tmp_path / "cli.xlsx")],
                   check=True, capture_output=True)

    def map_rows(data: bytes) -> list[tuple[object, ...]]:
        return list(openpyxl.load_workbook(io.BytesIO(data))["_map"].iter_rows(values_only=True))

    web_map = map_rows(answer.body)
    assert web_map[0][:4] == ("disclosure-kit/xlsx-map", "1", "2021", "1.0.0")
    assert web_map == map_rows((tmp_path / "cli.xlsx").read_bytes())


def test_import_answers_report_provenance_and_findings(server: Server) -> None:
    source = CORPUS / "shuyang-fagaiju-2023.html"
    answer = server.upload("/api/v1/import", source.name, source.read_bytes())
    assert answer.status == 200, answer.body
    body = answer.json()
    apps = body["report"]["applications"]
    assert (apps["new_received"]["total"], apps["carried_over"]["total"], apps["results"]["total"]["total"],
            apps["carried_forward"]["total"]) == (26, 0, 26, 0)
    origin = body["provenance"]["/applications/new_received/total"]["origin"]
    assert origin["element"].startswith("table[") and origin["line"] > 0
    assert body["result"]["files"][0]["file"] == source.name
    assert "import.edition_chosen" in {f["code"] for f in body["result"]["files"][0]["findings"]}
    raw = server.request("POST", "/api/v1/import?filename=r.html&edition=2021", source.read_bytes(),
                         {"content-type": "text/html"})
    assert raw.status == 200 and raw.json()["report"]["applications"]["new_received"]["total"] == 26
    bad = server.upload("/api/v1/import?edition=2020", source.name, b"x").json()
    assert bad["code"] == "web.bad_parameter"


def test_schemas_are_served_at_the_path_of_their_id(server: Server) -> None:
    listed = server.get("/api/v1/schemas").json()
    ids = {s["$id"] for s in listed}
    assert {get_edition("2019").schema_id, get_edition("2021").schema_id, RESULT_SCHEMA_ID} <= ids
    assert len(listed) == len(schema_index())
    for entry in listed:
        path = entry["$id"].removeprefix("https://disclosure-kit.org")
        assert entry["url"] == server.base + path
        answer = server.get(path)
        assert answer.status == 200 and answer.media_type == "application/schema+json"
        assert answer.json()["$id"] == entry["$id"]
    assert server.get("/schema/../pyproject.toml").status == 404
    assert server.get("/schema/2021/9.9.9/report.schema.json").json()["code"] == "web.not_found"


def test_edition_model_is_the_schema_as_data(server: Server) -> None:
    for edition_id in ("2019", "2021"):
        model = server.get(f"/api/v1/editions/{edition_id}/model").json()
        edition = get_edition(edition_id)
        assert [c["pointer"] for c in model["cells"]] == [c.pointer for c in edition.cells]
        assert [i["code"] for i in model["identities"]] == [i.code for i in edition.identities]
        total = next(c for c in model["cells"] if c["pointer"] == "/applications/results/total/total")
        assert total["label"]["zh"] == ("三、收到和处理政府信息公开申请情况 / 三、本年度办理结果 / （七）总计 / "
                                        "申请人情况 / 总计")
    assert server.get("/api/v1/editions/2020/model").status == 404


def test_openapi_document_is_valid_and_describes_every_api_route(server: Server) -> None:
    from openapi_spec_validator import validate

    from disclosure_kit.web.api_routes import routes

    spec = server.get("/api/v1/openapi.json").json()
    validate(spec)
    described = {p.replace("{path}", "{path:path}") for p in spec["paths"]}
    assert {r.path for r in routes(False)} == described
    docs = server.get("/api/docs")
    assert docs.status == 200 and b"/api/v1/validate" in docs.body and b'id="import"' in docs.body


def test_security_headers_on_every_kind_of_answer(server: Server) -> None:
    for answer in (server.get("/"), server.get("/api/v1/health"), server.get("/static/edit.js"),
                   server.get("/nope"), server.get("/schema/2021/1.0.0/report.schema.json")):
        h = answer.headers
        assert "script-src 'self';" in h["content-security-policy"]
        assert "frame-ancestors 'none'" in h["content-security-policy"]
        assert "unsafe-inline'; img" in h["content-security-policy"]  # style attributes only, never script
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"
    page = server.get("/").body.decode("utf-8")
    assert "<script>" not in page and "<script src=\"/static/home.js\" defer></script>" in page
    assert "<script" not in server.get("/edit?edition=2021").body.decode().replace(
        '<script src="/static/edit.js" defer></script>', "").replace('<script type="application/json" id="words">', "")


def test_pages_answer_in_both_languages(server: Server) -> None:
    zh = server.get("/").body.decode("utf-8")
    en = server.get("/?lang=en").body.decode("utf-8")
    assert "校验一份年度报告" in zh and 'href="/?lang=en"' in zh
    assert "Check an annual report" in en and 'href="/?lang=zh"' in en
    example = server.get("/examples/2021.yaml").body.decode("utf-8")
    assert "临州市交通运输局2023年政府信息公开工作年度报告" in example and "没有错误" in example
    assert server.get("/examples/..%2Fpyproject.toml").status == 404


def test_the_result_page_shows_the_fees_beside_section_six_as_the_html_renderer_does(server: Server) -> None:
    data = yaml.safe_load((EXAMPLES / "2021.yaml").read_text(encoding="utf-8"))
    data["processing_fees"] = {"notices": 3, "notice_amount": 120.5, "collected_amount": None}
    body = orjson.dumps(data)
    page = server.upload("/check?lang=en", "fees.json", body).body.decode("utf-8")
    fields = ('<dl class="fields"><dt>Fee notices issued</dt><dd>3</dd>'
              '<dt>Amount of the fee notices (yuan)</dt><dd>120.5</dd></dl>')
    assert fields in page.split('<section id="other_matters"', 1)[1].split("</section>", 1)[0]
    rendered = server.post("/api/v1/render?to=html&lang=en&filename=fees.json", body, "application/json")
    assert "<dt>Fee notices issued</dt><dd>3</dd>" in rendered.body.decode("utf-8")


def test_the_service_is_described_in_the_package_metadata() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {d.split(">")[0].split("[")[0] for d in project["dependencies"]}
    assert {"starlette", "uvicorn", "python-multipart"} <= names

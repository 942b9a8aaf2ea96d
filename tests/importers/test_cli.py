"""`disclosure-kit import` as a user runs it: files written, provenance beside them, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from disclosure_kit.check.pipeline import check_file
from disclosure_kit.cli import app
from disclosure_kit.model.editions import get_edition

from .conftest import CORPUS, EXCERPTS

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["import", *args])


def test_import_to_a_directory_writes_report_and_provenance(tmp_path: Path) -> None:
    src = CORPUS / "shanghai-kewei-2024.md"
    res = run(str(src), "-o", f"{tmp_path}/")
    assert res.exit_code == 1  # the published 四、结转下年度继续办理 总计 is blank: a real error
    out = tmp_path / "shanghai-kewei-2024.yaml"
    text = out.read_text(encoding="utf-8")
    latest = get_edition("2021").version  # an import is written against the latest release
    assert text.startswith(f"# imported by disclosure-kit from {src}\nedition: '2021'\nschema_version: {latest}\n")
    assert "agency: 上海市科委\n" in text  # Chinese unescaped
    assert "overview: |-  # 一、总体情况\n" in text  # narrative as a block scalar, official label as comment
    assert "      issued: 13  # 本年制发件数\n" in text
    data = yaml.safe_load(text)
    assert data == json.loads(run(str(src), "--to", "json").stdout)  # same report either way
    assert list(data)[:4] == ["edition", "schema_version", "meta", "overview"]
    assert data["applications"]["new_received"]["total"] == 34
    prov = json.loads((tmp_path / "shanghai-kewei-2024.provenance.json").read_text(encoding="utf-8"))
    assert prov["format"] == "disclosure-kit/import-provenance"
    assert prov["report"] == "shanghai-kewei-2024.yaml"
    assert prov["cells"]["/applications/new_received/total"] == {"origin": {"line": 102}, "text": "34"}
    assert "identity.t3-balance [错误]" in res.stdout
    # the written file is a report like any other: validate gives the same error
    checked = check_file(str(out))
    assert [f.code for f in checked.findings if f.severity == "error"] == [
        "identity.t3-balance", "identity.t3-row-total",
    ]


def test_single_source_without_output_prints_the_report(tmp_path: Path) -> None:
    res = run(str(EXCERPTS / "26-2024-shenzhen-longgang-qubumen.txt"), "--to", "json")
    data = json.loads(res.stdout)
    assert data["edition"] == "2021"
    assert data["applications"]["new_received"]["total"] == 66
    assert "import.values_ambiguous" in res.stderr


def test_json_findings_in_english(tmp_path: Path) -> None:
    res = run(str(EXCERPTS / "16-2021-qu-jiaoyuju-mixedheaders.txt"), "-o", str(tmp_path / "r.json"),
              "--to", "json", "--format", "json", "--lang", "en")
    result = json.loads(res.stdout)
    findings = result["files"][0]["findings"]
    mixed = [f for f in findings if f["code"] == "import.layout_mixed"]
    assert mixed[0]["message"] == (
        "mixed layout: imported as the 2021 edition, but article_20_1 use(s) the 2019 layout; those values are "
        "kept under x-import.unplaced"
    )
    assert (tmp_path / "r.json").is_file() and (tmp_path / "r.provenance.json").is_file()


def test_several_sources_go_to_a_directory(tmp_path: Path) -> None:
    sources = [EXCERPTS / "02-2019-chongqing-bishan-kejiju.txt", CORPUS / "template-2021-blank.docx"]
    res = run(*map(str, sources), "-o", str(tmp_path / "out"))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "02-2019-chongqing-bishan-kejiju.provenance.json", "02-2019-chongqing-bishan-kejiju.yaml",
        "template-2021-blank.provenance.json", "template-2021-blank.yaml",
    ]
    assert res.exit_code == 1  # the blank template names no agency and no year: schema.required


def test_unsupported_and_missing_sources_are_findings(tmp_path: Path) -> None:
    odd = tmp_path / "report.rtf"
    odd.write_text("{\\rtf1}", encoding="utf-8")
    res = run(str(odd), str(tmp_path / "nothing.html"), "-o", str(tmp_path / "out"))
    assert res.exit_code == 2  # a source that does not exist: usage (docs/cli.md)
    assert f"{odd}: import.unsupported [错误] 不支持的来源类型 .rtf" in res.stdout
    assert f"{tmp_path / 'nothing.html'}: load.not_found [错误] 文件不存在" in res.stdout
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_undecodable_text_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\xd8\x00")
    res = run(str(bad), "-o", str(tmp_path / "out.yaml"))
    assert res.exit_code == 1
    assert "import.source_unreadable [错误] 无法读取来源文件：neither UTF-8 nor GB18030 text" in res.stdout
    assert not (tmp_path / "out.yaml").exists()


def test_gb18030_page_is_read(tmp_path: Path) -> None:
    page = tmp_path / "gb.html"
    page.write_bytes(
        "<html><body><p>某局2021年政府信息公开工作年度报告</p><p>一、总体情况</p><p>正文。</p></body></html>".encode(
            "gb18030"
        )
    )
    res = run(str(page), "--to", "json")
    data = json.loads(res.stdout)
    assert data["meta"] == {"agency": "某局", "year": 2021, "title": "某局2021年政府信息公开工作年度报告"}
    assert data["overview"] == "正文。"


def test_markdown_special_characters_in_html_text_are_escaped(tmp_path: Path) -> None:
    page = tmp_path / "x.html"
    page.write_text(
        "<html><body><p>一、总体情况</p><p># 不是标题 *也不是强调* <b>粗</b> &lt;script&gt;</p></body></html>",
        encoding="utf-8",
    )
    data = json.loads(run(str(page), "--to", "json").stdout)
    assert data["overview"] == "\\# 不是标题 \\*也不是强调\\* 粗 \\<script\\>"


def test_yaml_round_trips_awkward_narrative(tmp_path: Path) -> None:
    page = tmp_path / "n.txt"
    page.write_text(
        "某局2021年政府信息公开工作年度报告\n一、总体情况\n第一段 # 不是注释: 是文字 \t\n\n'引号\"与冒号: 值'\n"
        "六、其他需要报告的事项\n无。  \n",
        encoding="utf-8",
    )
    out = tmp_path / "n.yaml"
    run(str(page), "-o", str(out))
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["overview"] == "第一段 # 不是注释: 是文字\n\n'引号\"与冒号: 值'"
    assert data["other_matters"] == "无。"

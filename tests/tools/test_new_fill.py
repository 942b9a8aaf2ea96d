"""``new`` (a labelled blank report) and ``fill`` (cells the identities determine)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from disclosure_kit.authoring.fill import fill_data
from disclosure_kit.authoring.reportfile import blank_report, new_report_text, report_text
from disclosure_kit.check.loading import load_path
from disclosure_kit.check.messages import message
from disclosure_kit.check.pipeline import check_data
from disclosure_kit.model.editions import get_edition

from .helpers import EXAMPLES, example, run


@pytest.mark.parametrize(("edition", "cells"), [("2019", 198), ("2021", 200)])
def test_new_report_is_blank_and_labelled(edition: str, cells: int) -> None:
    ed = get_edition(edition)
    text = new_report_text(ed)
    lines = text.splitlines()
    assert lines[0] == f"# yaml-language-server: $schema={ed.schema_id}"
    assert lines[1] == f"# {ed.schema['x-format-title']}（{ed.schema['x-notice']}）"
    assert lines[2].startswith("# 正文写在“|-”的下一行起")
    assert all("  # " in line for line in lines[3:])  # every key carries its official label
    assert sum(1 for line in lines if line.endswith(": null  # 总计")) == (23 if edition == "2019" else 25) + 3
    # every narrative is an empty block scalar: text typed under it keeps its '#' and ':'
    assert [line for line in lines if line.startswith(("overview", "problems", "other_matters"))] == [
        "overview: |-  # 一、总体情况", "problems: |-  # 五、存在的主要问题及改进情况",
        "other_matters: |-  # 六、其他需要报告的事项"]
    data = yaml.safe_load(text)
    assert data == {**blank_report(ed), "overview": "", "problems": "", "other_matters": ""}
    findings = check_data(data, "new.yaml").findings
    assert [(f.code, f.pointer) for f in findings if f.severity == "error"] == [
        ("schema.type", "/meta/agency"), ("schema.type", "/meta/year")]
    assert sum(1 for f in findings if f.code == "cell.blank") == cells


def test_text_typed_under_a_new_narrative_keeps_hash_and_colon(tmp_path: Path) -> None:
    text = new_report_text(get_edition("2021")).replace(
        "problems: |-  # 五、存在的主要问题及改进情况\n",
        "problems: |-  # 五、存在的主要问题及改进情况\n  问题一：人员少 #1 待改进\n  二是: 制度不全\n")
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_path(path).data["problems"] == "问题一：人员少 #1 待改进\n二是: 制度不全"


def test_new_labels_follow_the_edition() -> None:
    t19, t21 = new_report_text(get_edition("2019")), new_report_text(get_edition("2021"))
    assert "    normative_documents:  # 规范性文件\n      new_made: null  # 本年新制作数量\n" in t19
    assert "    normative_documents:  # 行政规范性文件\n      issued: null  # 本年制发件数\n" in t21
    assert "      amount: null  # 本年收费金额（单位：万元）\n" in t21


def test_cli_new(tmp_path: Path) -> None:
    out = tmp_path / "r.yaml"
    assert run("new", "--edition", "2021", "-o", str(out), "--schema-ref", "../schema/2021/report.schema.json"
               ).exit_code == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=../schema/2021/report.schema.json")
    again = run("new", "--edition", "2021", "-o", str(out))
    assert again.exit_code == 2 and "exists" in again.stderr
    assert run("new", "--edition", "2021", "-o", str(out), "--overwrite").exit_code == 0
    assert run("new", "--edition", "2020").exit_code == 2


def test_examples_are_rewritten_as_written() -> None:
    """The label comments ``report_text`` writes are the ones the examples were written with."""
    for edition in ("2019", "2021"):
        loaded = load_path(EXAMPLES / f"{edition}.yaml")
        text = report_text(get_edition(edition), loaded.data)
        assert yaml.safe_load(text) == loaded.data
        assert "  results:  # 三、本年度办理结果\n" in text


def test_report_text_escapes_awkward_text() -> None:
    data = blank_report(get_edition("2021"))
    data["meta"]["agency"] = "a: b # c\u2028d"
    data["overview"] = " leading space\n- not a list\n"
    data["problems"] = "=1+2\n\n\nthree newlines\n\n"
    data["x-note"] = {"on": "yes", "null": None}
    text = report_text(get_edition("2021"), data)
    assert yaml.safe_load(text) == data
    assert '  agency: "a: b # c\\u2028d"  # 机关名称' in text


def _blanked() -> dict:
    data = example("2021")
    data["applications"]["results"]["total"] = dict.fromkeys(data["applications"]["results"]["total"])
    data["applications"]["new_received"]["total"] = None
    data["review_litigation"]["litigation"]["direct"]["total"] = None
    return data


def test_fill_computes_exactly_the_determined_cells() -> None:
    ed = get_edition("2021")
    filled, findings = fill_data(ed, _blanked(), "r.yaml")
    assert filled == example("2021")
    assert [(f.code, f.pointer, f.params["value"]) for f in findings] == [
        ("fill.filled", "/applications/results/total/natural_person", 123),
        ("fill.filled", "/applications/results/total/commercial_enterprise", 7),
        ("fill.filled", "/applications/results/total/research_institution", 0),
        ("fill.filled", "/applications/results/total/public_interest_org", 1),
        ("fill.filled", "/applications/results/total/legal_services_org", 3),
        ("fill.filled", "/applications/results/total/other_org", 0),
        ("fill.filled", "/applications/results/total/total", 134),
        ("fill.filled", "/applications/new_received/total", 136),
        ("fill.filled", "/review_litigation/litigation/direct/total", 3),
    ]
    assert message(findings[-1], "zh") == (
        "表「四、政府信息公开行政复议、行政诉讼情况」列「行政诉讼 / 未经复议直接起诉 / 总计」："
        "已按“总计等于结果维持、结果纠正、其他结果、尚未审结之和”计算填入 3")


def test_fill_reports_conflicts_and_never_overwrites() -> None:
    data = _blanked()
    data["applications"]["new_received"]["natural_person"] = 126  # one more than the rest agrees with
    filled, findings = fill_data(get_edition("2021"), data, "r.yaml")
    assert filled["applications"]["new_received"]["natural_person"] == 126
    conflicts = [(f.code, f.pointer, f.params["difference"]) for f in findings if f.severity == "error"]
    assert conflicts == [("identity.t3-balance", "/applications/new_received/natural_person", 1),
                         ("identity.t3-balance", "/applications/new_received/total", 1)]


def test_fill_leaves_undetermined_cells_blank() -> None:
    data = example("2021")
    data["applications"]["new_received"]["natural_person"] = None
    data["applications"]["new_received"]["total"] = None  # two blanks in the row: not determined…
    filled, findings = fill_data(get_edition("2021"), data, "r.yaml")
    # …until the balance gives 一 自然人, after which the row total follows
    assert filled == example("2021")
    assert [f.pointer for f in findings] == ["/applications/new_received/natural_person",
                                             "/applications/new_received/total"]
    data = example("2021")
    data["applications"]["new_received"] = dict.fromkeys(data["applications"]["new_received"])
    data["applications"]["carried_over"]["total"] = None
    filled, findings = fill_data(get_edition("2021"), data, "r.yaml")
    assert filled["applications"]["new_received"]["natural_person"] == 125
    assert filled["applications"]["carried_over"]["total"] is None or filled == example("2021")


def test_fill_refuses_a_negative_count() -> None:
    data = example("2021")
    data["review_litigation"]["review"]["upheld"] = None
    data["review_litigation"]["review"]["total"] = 1  # upheld would be 1 − (1 + 0 + 1) = −1
    filled, findings = fill_data(get_edition("2021"), data, "r.yaml")
    assert filled["review_litigation"]["review"]["upheld"] is None
    assert [(f.code, f.params["value"]) for f in findings] == [("fill.impossible", "-1")]



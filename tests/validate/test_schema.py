"""Schema self-tests: meta-schemas, labels against the official sources, identities, layout."""

from __future__ import annotations

import copy
import json
import re
import zipfile
from pathlib import Path

import jsonschema
import pytest

from disclosure_kit.check.messages import message
from disclosure_kit.check.pipeline import check_edition
from disclosure_kit.model.editions import EDITIONS, build_edition, get_edition
from disclosure_kit.model.layout import edition_grids
from disclosure_kit.model.resources import schema_dir

SHARED = Path(__file__).resolve().parents[3] / "shared"
if not SHARED.is_dir():  # CI lays shared/ beside the checkout; a missing copy must fail, not skip
    raise RuntimeError(f"the shared material is missing: {SHARED}")


def load(rel: str) -> dict:
    return json.loads((schema_dir() / rel).read_text(encoding="utf-8"))


@pytest.mark.parametrize("edition", EDITIONS)
def test_report_schema_passes_both_meta_schemas(edition: str) -> None:
    schema = load(f"{edition}/report.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(load("meta/x-keywords.schema.json")).validate(schema)
    assert schema["$id"] == f"https://disclosure-kit.org/schema/{edition}/{schema['x-schema-version']}/report.schema.json"


def test_other_schemas_are_valid_schemas() -> None:
    for rel in ("meta/x-keywords.schema.json", "check-result/1.0/check-result.schema.json",
                "check-result/1.1/check-result.schema.json"):
        jsonschema.Draft202012Validator.check_schema(load(rel))


def _labels(edition: str) -> list[str]:
    ed = get_edition(edition)
    out = []
    for node in ed.node_by_pointer.values():
        if node.role in ("table", "block", "row-group", "row", "column-group", "cell", "narrative"):
            out.append(node.label.zh)
    t3 = ed.node("/applications")
    assert t3 is not None
    out.append(t3.schema["x-corner"]["title"])
    out += [g["title"] for g in t3.schema["x-column-groups"]]
    return out


def _template_text() -> str:
    xml = zipfile.ZipFile(SHARED / "corpus" / "template-2021-blank.docx").read("word/document.xml").decode()
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
    return "\n".join("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs)


def test_2021_labels_match_the_blank_national_template_character_for_character() -> None:
    lines = set(_template_text().splitlines())
    lines |= {"商业企业", "科研机构"}  # typed over two lines in the template (商业 / 企业): layout only
    missing = [label for label in _labels("2021") if label not in lines]
    assert missing == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_label_is_spelt_as_in_format_md(edition: str) -> None:
    text = (SHARED / "spec" / "FORMAT.md").read_text(encoding="utf-8")
    assert [label for label in _labels(edition) if label not in text] == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_node_has_both_labels(edition: str) -> None:
    ed = get_edition(edition)
    for node in ed.node_by_pointer.values():
        if node.role != "value":
            assert (node.label.zh and node.label.en and node.label.zh != node.label.en) or node.key == "", node.pointer


def test_cells_and_identities_per_edition() -> None:
    e19, e21 = get_edition("2019"), get_edition("2021")
    assert (len(e19.cells), len(e21.cells)) == (198, 200)
    count = lambda ed, rule: sum(1 for i in ed.identities if i.rule_id == rule)  # noqa: E731
    assert [count(e19, r) for r in ("t3-balance", "t3-results-total", "t3-row-total", "t4-group-total")] == [
        7, 7, 23, 3]
    assert [count(e21, r) for r in ("t3-balance", "t3-results-total", "t3-row-total", "t4-group-total")] == [
        7, 7, 25, 3]
    results_2019 = next(i for i in e19.identities if i.rule_id == "t3-results-total")
    results_2021 = next(i for i in e21.identities if i.rule_id == "t3-results-total")
    assert (len(results_2019.right), len(results_2021.right)) == (19, 21)  # rows under 三 less （七） itself
    assert [t.cell.pointer for t in results_2021.right[-3:]] == [
        "/applications/results/other_handling/no_correction/natural_person",
        "/applications/results/other_handling/unpaid_fee/natural_person",
        "/applications/results/other_handling/other/natural_person"]


def test_identity_naming_a_missing_cell_is_refused() -> None:
    schema = copy.deepcopy(get_edition("2021").schema)
    schema["x-identities"][0]["left"][0] = "/applications/new_received/nobody"
    with pytest.raises(ValueError, match="nobody, which is not a cell"):
        build_edition(schema)


def test_a_label_corrected_in_the_schema_alone_changes_the_messages() -> None:
    schema = copy.deepcopy(get_edition("2021").schema)
    schema["$defs"]["applicationRow"]["properties"]["natural_person"]["title"] = "自然人（已更正）"
    schema["x-identities"][0]["severity"] = "warning"
    edition = build_edition(schema)
    import yaml

    data = yaml.safe_load((Path(__file__).resolve().parents[1] / "cases/2021/total-plus-one/report.yaml")
                          .read_text(encoding="utf-8"))
    findings = check_edition(edition, data, "x.yaml")
    assert (findings[0].code, findings[0].severity) == ("identity.t3-balance", "warning")
    assert message(findings[0]).endswith("相差 1，列「自然人（已更正）」")


@pytest.mark.parametrize(("edition", "results_rows"), [("2019", 20), ("2021", 22)])
def test_official_layout_of_the_tables(edition: str, results_rows: int) -> None:
    t2, t3, t4 = edition_grids(get_edition(edition))
    corner = t3.header_rows[0].cells[0]
    assert (corner.kind, corner.rowspan, corner.colspan) == ("corner", 3, 3)
    assert corner.text("zh") == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert [(c.text("zh"), c.rowspan, c.colspan) for c in t3.header_rows[1].cells] == [
        ("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)]
    results = t3.body_rows[2].cells[0]
    assert (results.text("zh"), results.rowspan) == ("三、本年度办理结果", results_rows)
    assert len(t3.body_rows) == results_rows + 3
    assert [(c.text("zh"), c.colspan) for c in t4.header_rows[0].cells] == [("行政复议", 5), ("行政诉讼", 10)]
    assert len(t4.body_rows[0].cells) == 15
    assert t2.width == 4 and t3.width == 10 and t4.width == 15

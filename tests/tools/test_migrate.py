"""``migrate``: 2019 → 2021 by the mapping in schema/migrations/, never inventing a value."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import orjson

from disclosure_kit.authoring.migrate import migrate_data
from disclosure_kit.check.identities import MISSING, cell_value
from disclosure_kit.check.loading import load_path
from disclosure_kit.check.messages import message
from disclosure_kit.check.pipeline import check_data
from disclosure_kit.model.editions import get_edition

from .helpers import EXAMPLES, ROOT, example, run

MAPPING = json.loads((ROOT / "schema/migrations/2019-to-2021.json").read_text(encoding="utf-8"))


def _under(pointer: str, prefixes: list[str]) -> list[str]:
    return [p for p in prefixes if pointer == p or pointer.startswith(p + "/")]


def test_mapping_covers_every_cell_exactly_once() -> None:
    e19, e21 = get_edition("2019"), get_edition("2021")
    carried = [r["from"] for r in MAPPING["same"]]
    dropped = [r["from"] for r in MAPPING["dropped"]]
    by_hand = [r["to"] for r in MAPPING["fill_by_hand"]]
    for cell in e19.cells:
        assert len(_under(cell.pointer, carried + dropped)) == 1, cell.pointer
    for cell in e21.cells:
        assert len(_under(cell.pointer, [r["to"] for r in MAPPING["same"]] + by_hand)) == 1, cell.pointer
    for node in e19.narratives():
        assert node.pointer in carried
    for rule in MAPPING["same"]:  # a carried value lands on a cell of the same kind
        sources = [c for c in e19.cells if _under(c.pointer, [rule["from"]])]
        for cell in sources:
            target = e21.cell_by_pointer[rule["to"] + cell.pointer[len(rule["from"]):]]
            assert (target.kind, target.unit) == (cell.kind, cell.unit)
    for rule in MAPPING["same"] + MAPPING["dropped"] + MAPPING["fill_by_hand"]:
        assert rule["why"]["zh"] and rule["why"]["en"]


def test_example_2019_migrates_without_inventing_values() -> None:
    source = example("2019")
    result = migrate_data(source, "2021", "2019.yaml")
    out = result.data
    assert out is not None
    assert out["edition"] == "2021" and out["schema_version"] == get_edition("2021").version
    assert out["meta"] == source["meta"] and out["overview"] == source["overview"]
    assert out["x-migrated-from"] == {"edition": "2019", "schema_version": source["schema_version"]}
    assert out["review_litigation"] == source["review_litigation"]
    e21 = get_edition("2021")
    for cell in e21.cells:
        value = cell_value(out, cell.path)
        before = cell_value(source, cell.path)
        assert value is None or value == before, cell.pointer  # carried as-is, or blank
    assert out["active_disclosure"]["article_20_5"]["licensing"]["decisions"] == 5371
    assert out["applications"]["results"]["other_handling"]["other"]["natural_person"] is None
    dropped = [f.pointer for f in result.findings if f.code == "migrate.dropped"]
    by_hand = [f.pointer for f in result.findings if f.code == "migrate.fill"]
    assert len(dropped) == 26 and len(by_hand) == 7 + 21
    assert dropped[:2] == ["/active_disclosure/article_20_1/regulations/new_made",
                           "/active_disclosure/article_20_1/regulations/new_published"]
    assert "/active_disclosure/article_20_9/procurement/amount" in dropped
    assert "/applications/results/other_handling/total" in dropped
    assert by_hand[-1] == "/applications/results/other_handling/other/total"
    first = result.findings[0]
    assert message(first, "zh") == (
        "表「二、主动公开政府信息情况」行「规章」列「本年新制作数量」：2019 版的值 0 在 2021 版中没有对应位置，"
        "未迁移：2021 版改为本年制发件数、本年废止件数、现行有效件数，口径不同")
    fee = next(f for f in result.findings if f.pointer == "/active_disclosure/article_20_8/fees/amount")
    assert message(fee, "en") == (
        "table '2. Proactive disclosure of government information', row 'Administrative fees', column "
        "'Fees collected this year (10,000 yuan)': a new cell of the 2021 edition, to be filled by hand: "
        "new 2021 column: fees collected this year (10,000 yuan)")


def test_migrated_report_validates_once_the_listed_cells_are_filled() -> None:
    source = example("2019")
    result = migrate_data(source, "2021", "2019.yaml")
    out = copy.deepcopy(result.data)
    errors = [(f.code, f.pointer) for f in check_data(out, "m").findings if f.severity == "error"]
    assert errors == [("identity.t3-results-total", "/applications/results/total/natural_person"),
                      ("identity.t3-results-total", "/applications/results/total/total")]
    # the person filling in decides where the 3 applications of 2019's （六）其他处理 belong
    old = source["applications"]["results"]["other_handling"]
    for f in result.findings:
        if f.code != "migrate.fill":
            continue
        path = f.pointer.split("/")[1:]
        node = out
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = old[path[-1]] if path[-2] == "other" else 0
    # the 2021 edition is for reports on 2021 on: kept as 2020, the year is flagged
    assert [(f.code, f.pointer) for f in check_data(out, "m").findings] == [("edition.year_mismatch", "/meta/year")]
    out["meta"]["year"] = 2021
    checked = check_data(out, "m")
    assert [(f.code, f.pointer) for f in checked.findings] == []


def test_migrating_a_2021_report_is_refused() -> None:
    result = migrate_data(example("2021"), "2021", "2021.yaml")
    assert result.data is None
    assert [(f.code, f.severity, f.pointer) for f in result.findings] == [("migrate.edition", "error", "/edition")]
    assert message(result.findings[0], "en") == (
        "cannot migrate: the file is of edition 2021, and there is no mapping from 2021 to 2021")


def test_cli_migrate(tmp_path: Path) -> None:
    out = tmp_path / "2021.yaml"
    result = run("migrate", str(EXAMPLES / "2019.yaml"), "--to", "2021", "-o", str(out), "--format", "json")
    assert result.exit_code == 0
    report = orjson.loads(result.stdout)
    assert report["summary"]["warnings"] == 54 and report["summary"]["errors"] == 0
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={get_edition('2021').schema_id}"
    assert "    decisions: 5371  # 本年处理决定数量" in text
    assert load_path(out).data == migrate_data(example("2019"), "2021", "x").data
    as_json = tmp_path / "2021.json"
    assert run("migrate", str(EXAMPLES / "2019.yaml"), "-o", str(as_json)).exit_code == 0
    assert orjson.loads(as_json.read_bytes())["edition"] == "2021"
    refused = run("migrate", str(EXAMPLES / "2021.yaml"), "-o", str(tmp_path / "x.yaml"))
    assert refused.exit_code == 1
    assert not (tmp_path / "x.yaml").exists()
    assert "migrate.edition" in refused.stdout
    missing = run("migrate", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2  # a path that does not exist: usage (docs/cli.md)
    assert "load.not_found" in missing.stderr


def test_values_are_copied_not_shared() -> None:
    source = example("2019")
    out = migrate_data(source, "2021", "x").data
    out["applications"]["new_received"]["total"] = 999
    assert source["applications"]["new_received"]["total"] == 244
    assert cell_value(out, ("active_disclosure", "article_20_9")) is MISSING

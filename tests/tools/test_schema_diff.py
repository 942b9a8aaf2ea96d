"""``schema diff`` and ``schema list``: the exact changes between the editions and between versions.

No test here names the current version: it is read from the model, so a release changes no test.
Released versions (1.0.0 and 1.1.0 of 2021) are frozen and may be named.
"""

from __future__ import annotations

import json
from pathlib import Path

import orjson

from disclosure_kit.model.editions import get_edition
from disclosure_kit.model.versions import known_versions
from disclosure_kit.schematools.diff import diff_editions, diff_text, load_schema_spec
from disclosure_kit.schematools.release import with_version
from disclosure_kit.schematools.semver import bump

from .helpers import ROOT, run

T2 = "/active_disclosure"
T3 = "/applications/results/other_handling"

# Every change between the editions, each tied to its item in the table of differences of
# docs/format.md. The diff must list exactly these, and nothing else.
FEES = "/processing_fees"
EDITION_CHANGES: dict[tuple[str, str], int] = {
    ("relabelled", f"{T2}/article_20_1/normative_documents"): 5,
    ("added", f"{T2}/article_20_1/normative_documents/in_force"): 4,
    ("added", f"{T2}/article_20_1/normative_documents/issued"): 4,
    ("removed", f"{T2}/article_20_1/normative_documents/new_made"): 4,
    ("removed", f"{T2}/article_20_1/normative_documents/new_published"): 4,
    ("added", f"{T2}/article_20_1/normative_documents/repealed"): 4,
    ("removed", f"{T2}/article_20_1/normative_documents/total_published"): 4,
    ("added", f"{T2}/article_20_1/regulations/in_force"): 4,
    ("added", f"{T2}/article_20_1/regulations/issued"): 4,
    ("removed", f"{T2}/article_20_1/regulations/new_made"): 4,
    ("removed", f"{T2}/article_20_1/regulations/new_published"): 4,
    ("added", f"{T2}/article_20_1/regulations/repealed"): 4,
    ("removed", f"{T2}/article_20_1/regulations/total_published"): 4,
    ("removed", f"{T2}/article_20_5/licensing/change"): 6,
    ("relabelled", f"{T2}/article_20_5/licensing/decisions"): 6,
    ("removed", f"{T2}/article_20_5/licensing/prior_year_items"): 6,
    ("removed", f"{T2}/article_20_5/other_services"): 6,
    ("removed", f"{T2}/article_20_6/coercion/change"): 7,
    ("relabelled", f"{T2}/article_20_6/coercion/decisions"): 7,
    ("removed", f"{T2}/article_20_6/coercion/prior_year_items"): 7,
    ("removed", f"{T2}/article_20_6/penalties/change"): 7,
    ("relabelled", f"{T2}/article_20_6/penalties/decisions"): 7,
    ("removed", f"{T2}/article_20_6/penalties/prior_year_items"): 7,
    ("added", f"{T2}/article_20_8/fees/amount"): 8,
    ("removed", f"{T2}/article_20_8/fees/change"): 8,
    ("removed", f"{T2}/article_20_8/fees/prior_year_items"): 8,
    ("removed", f"{T2}/article_20_9"): 9,
    ("rowspan", "/applications/results"): 12,
    ("retyped", T3): 11,
    ("removed", f"{T3}/commercial_enterprise"): 11,
    ("removed", f"{T3}/legal_services_org"): 11,
    ("removed", f"{T3}/natural_person"): 11,
    ("added", f"{T3}/no_correction"): 11,
    ("added", f"{T3}/other"): 11,
    ("removed", f"{T3}/other_org"): 11,
    ("removed", f"{T3}/public_interest_org"): 11,
    ("removed", f"{T3}/research_institution"): 11,
    ("removed", f"{T3}/total"): 11,
    ("added", f"{T3}/unpaid_fee"): 11,
    # section 六 of 2021 asks for the information-processing fees: numbers beside the text (2021 1.1.0)
    ("added", FEES): 3,
    ("added", f"{FEES}/collected_amount"): 3,
    ("added", f"{FEES}/notice_amount"): 3,
    ("added", f"{FEES}/notices"): 3,
    ("kind-removed", "#cell-kind/money"): 9,
    ("kind-removed", "#cell-kind/signed"): 15,
    ("kind-added", "#cell-kind/amount/万元"): 10,
    ("identity-changed", "#x-identities/t3-results-total"): 11,
    ("identity-changed", "#x-identities/t3-row-total"): 11,
    # the soft check 现行有效件数(Y) ≈ 现行有效件数(Y−1) + 本年制发件数 − 本年废止件数 exists only
    # because of item 4's new columns (docs/format.md, cross-year checks)
    ("identity-added", "#x-cross-year-identities/xy-in-force"): 4,
}


def test_edition_diff_lists_exactly_the_format_differences() -> None:
    diff = diff_editions(get_edition("2019"), get_edition("2021"))
    assert [c.key() for c in diff.changes] == list(EDITION_CHANGES)
    assert sorted(set(EDITION_CHANGES.values())) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15]


def test_edition_diff_details() -> None:
    changes = {c.key(): c for c in diff_editions(get_edition("2019"), get_edition("2021")).changes}
    relabel = changes[("relabelled", f"{T2}/article_20_1/normative_documents")]
    assert (relabel.before["zh"], relabel.after["zh"]) == ("规范性文件", "行政规范性文件")
    assert changes[("relabelled", f"{T2}/article_20_5/licensing/decisions")].after["zh"] == "本年处理决定数量"
    assert changes[("rowspan", "/applications/results")].before == {"rows": 20}
    assert changes[("rowspan", "/applications/results")].after == {"rows": 22}
    retyped = changes[("retyped", T3)]
    assert (retyped.before["role"], retyped.after["role"]) == ("row", "row-group")
    amount = changes[("added", f"{T2}/article_20_8/fees/amount")].after
    assert (amount["cell"], amount["unit"]) == ("amount", "万元")
    results = changes[("identity-changed", "#x-identities/t3-results-total")].detail
    assert results == {"right": {"removed": [f"{T3}/{{col}}"],
                                 "added": [f"{T3}/no_correction/{{col}}", f"{T3}/unpaid_fee/{{col}}",
                                           f"{T3}/other/{{col}}"]}}


def test_same_schema_has_no_changes() -> None:
    latest = get_edition("2021")
    diff = diff_editions(latest, latest)
    assert diff.changes == []
    assert diff_text(diff, "en") == f"schema diff 2021 {latest.version} → 2021 {latest.version}\n0 change(s)\n"


def test_the_fee_release_lists_exactly_the_added_fields() -> None:
    """2021 1.1.0 added the fee fields beside section 六, and nothing else (both versions frozen)."""
    diff = diff_editions(load_schema_spec("2021@1.0.0"), load_schema_spec("2021@1.1.0"))
    assert [c.key() for c in diff.changes] == [
        ("added", FEES), ("added", f"{FEES}/collected_amount"), ("added", f"{FEES}/notice_amount"),
        ("added", f"{FEES}/notices")]
    assert [(c.after["role"], c.after.get("type"), c.after.get("unit"), c.after["required"]) for c in diff.changes] == [
        ("fields", ["object", "null"], None, False), ("field", ["number", "null"], "元", False),
        ("field", ["number", "null"], "元", False), ("field", ["integer", "null"], None, False)]
    assert diff_text(diff, "zh").splitlines() == [
        "模式差异 2021 1.0.0 → 2021 1.1.0",
        "新增: /processing_fees  信息处理费 (fields)",
        "新增: /processing_fees/collected_amount  实际收取金额（元） (field, 元, number|null)",
        "新增: /processing_fees/notice_amount  收费通知金额（元） (field, 元, number|null)",
        "新增: /processing_fees/notices  发出收费通知件数 (field, integer|null)",
        "共 4 处变化",
    ]
    assert diff.to_dict()["level"] == "minor"


def _edited_2021(tmp_path: Path) -> Path:
    """A hypothetical next version of the 2021 schema: one label, one unit, one move, one identity."""
    latest = get_edition("2021")
    schema = with_version(latest.schema, "2021", latest.version, bump(latest.version, "major"))
    t2 = schema["properties"]["active_disclosure"]["properties"]
    t2["article_20_1"]["properties"]["regulations"]["title"] = "政府规章"
    t2["article_20_8"]["properties"]["fees"]["properties"]["amount"]["x-unit"] = "元"
    t2["article_20_6"]["properties"]["sanctions"] = t2["article_20_6"]["properties"].pop("coercion")
    t2["article_20_6"]["required"] = ["penalties", "sanctions"]
    schema["x-identities"] = [r for r in schema["x-identities"] if r["id"] != "t4-group-total"]
    path = tmp_path / "report.schema.json"
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    return path


def test_version_diff(tmp_path: Path) -> None:
    new = load_schema_spec(str(_edited_2021(tmp_path)))
    diff = diff_editions(get_edition("2021"), new)
    assert [c.key() for c in diff.changes] == [
        ("relabelled", f"{T2}/article_20_1/regulations"),
        ("moved", f"{T2}/article_20_6/sanctions"),
        ("retyped", f"{T2}/article_20_8/fees/amount"),
        ("kind-removed", "#cell-kind/amount/万元"),
        ("kind-added", "#cell-kind/amount/元"),
        ("identity-removed", "#x-identities/t4-group-total"),
    ]
    moved = diff.changes[1]
    assert moved.detail == {"from": f"{T2}/article_20_6/coercion"}
    new_version = bump(get_edition("2021").version, "major")
    assert diff.b == {"edition": "2021", "schema_version": new_version,
                      "$id": f"https://disclosure-kit.org/schema/2021/{new_version}/report.schema.json"}
    text = diff_text(diff, "zh").splitlines()
    assert text[1] == f"改名: {T2}/article_20_1/regulations  规章 → 政府规章"
    assert text[2] == f"移动: {T2}/article_20_6/coercion → {T2}/article_20_6/sanctions  行政强制 (row)"
    assert text[-1] == "共 6 处变化"


def test_cli_diff_json_and_exit_codes(tmp_path: Path) -> None:
    result = run("schema", "diff", "2019", "2021", "--format", "json")
    assert result.exit_code == 1
    data = orjson.loads(result.stdout)
    assert data["from"]["edition"] == "2019" and data["to"]["edition"] == "2021"
    assert [(c["change"], c["pointer"]) for c in data["changes"]] == list(EDITION_CHANGES)
    latest = get_edition("2021").version
    same = run("schema", "diff", "2021", f"2021@{latest}")  # the working copy is the latest release
    assert same.exit_code == 0
    assert same.stdout == f"模式差异 2021 {latest} → 2021 {latest}\n共 0 处变化\n"
    missing = run("schema", "diff", "2021@0.9.0", "2021")
    assert missing.exit_code == 2
    assert f"no archived version 0.9.0 of edition 2021 (released: {', '.join(known_versions('2021'))})" in (
        missing.stderr)
    out = tmp_path / "diff.txt"
    assert run("schema", "diff", "2019", "2021", "--lang", "en", "-o", str(out)).exit_code == 1
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"schema diff 2019 {get_edition('2019').version} → 2021 {latest}"
    assert lines[-1] == f"{len(EDITION_CHANGES)} change(s)"


def test_an_edition_at_a_version_is_the_archived_file() -> None:
    """``2021@1.0.0`` is the frozen file, never the working copy that happens to carry that number."""
    old = load_schema_spec("2021@1.0.0")
    assert old.version == "1.0.0" and old.node("/processing_fees") is None
    assert ("added", FEES) in [c.key() for c in diff_editions(old, load_schema_spec("2021")).changes]


def test_cli_list() -> None:
    result = run("schema", "list", "--format", "json")
    assert result.exit_code == 0
    rows = orjson.loads(result.stdout)
    manifest = json.loads((ROOT / "schema" / "manifest.json").read_text(encoding="utf-8"))["releases"]
    expected = []
    for edition, notice in (("2019", "国办公开办函〔2019〕60号"), ("2021", "国办公开办函〔2021〕30号")):
        released = [r for r in manifest if r["edition"] == edition]
        expected.append((edition, released[-1]["version"], released[-1]["$id"], notice,
                         [r["version"] for r in released], f"= {released[-1]['version']}"))
    assert [(r["edition"], r["schema_version"], r["$id"], r["notice"], r["versions"], r["draft"])
            for r in rows] == expected
    assert [r["versions"] for r in rows][1][:2] == ["1.0.0", "1.1.0"]
    text = run("schema", "list").stdout.splitlines()
    latest = get_edition("2021")
    assert text[1].startswith(f"2021\t{latest.version}\t{latest.schema_id}\t")

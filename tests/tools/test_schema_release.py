"""``schema release``: the version the change asks for, a changelog entry, an archive that cannot drift.

Releases are made in a copy of ``schema/`` and of ``docs/schema/``; the current version is read from
the model. 2021 1.0.0 and 1.1.0 are frozen and may be named.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from disclosure_kit.model.editions import build_edition, get_edition
from disclosure_kit.model.resources import SCHEMA_DIR_ENV
from disclosure_kit.model.versions import latest_version, sha256_hex
from disclosure_kit.schematools.diff import diff_editions
from disclosure_kit.schematools.docs import render
from disclosure_kit.schematools.release import schema_bytes, with_version
from disclosure_kit.schematools.semver import bump, level, required_level

from .helpers import EXAMPLES, ROOT, run

PLAUSIBILITY = [{"id": "fee-in-yuan", "severity": "warning", "title": "收费金额疑似以元填写",
                 "x-title-en": "The fee looks typed in yuan", "pointer": "/active_disclosure/article_20_8/fees/amount",
                 "maximum": 10000}]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of schema/ and docs/schema/ side by side, the tool pointed at it."""
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    shutil.copytree(ROOT / "docs" / "schema", tmp_path / "docs" / "schema")
    monkeypatch.setenv(SCHEMA_DIR_ENV, str(tmp_path / "schema"))
    return tmp_path


def _edit_working(repo: Path, change: Any) -> dict[str, Any]:
    path = repo / "schema" / "2021" / "report.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    change(schema)
    path.write_bytes(schema_bytes(schema))
    return schema


def _changelog(repo: Path, version: str, text: str = "- A plausibility warning for the fee of table two.") -> None:
    path = repo / "schema" / "CHANGELOG.md"
    head, rest = path.read_text(encoding="utf-8").split("\n## ", 1)
    path.write_text(f"{head}\n## 2021 {version} — 2026-12-01\n{text}\n\n## {rest}", encoding="utf-8")


def test_the_1_1_0_release_is_reproduced_byte_for_byte_by_the_tool(repo: Path) -> None:
    """Put the copy back in the state before 2021 1.1.0 (the fee fields in the working copy, released
    up to 1.0.0) and release it again: the archived file, its hash and the reference are the ones the
    repository holds."""
    schema_root = repo / "schema"
    manifest = json.loads((schema_root / "manifest.json").read_text(encoding="utf-8"))
    released = next(r for r in manifest["releases"] if (r["edition"], r["version"]) == ("2021", "1.1.0"))
    later = [r for r in manifest["releases"] if r["edition"] == "2021" and r["version"] != "1.0.0"]
    for r in later:
        shutil.rmtree(schema_root / r["path"].rsplit("/", 1)[0])
        manifest["releases"].remove(r)
    (schema_root / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                                 encoding="utf-8")
    archived_110 = json.loads((ROOT / "schema/2021/versions/1.1.0/report.schema.json").read_text(encoding="utf-8"))
    (schema_root / "2021" / "report.schema.json").write_bytes(
        schema_bytes(with_version(archived_110, "2021", "1.1.0", "1.0.0")))  # the draft, still numbered 1.0.0
    (repo / "docs" / "schema" / "2021.md").write_text("stale", encoding="utf-8")
    wrong = run("schema", "release", "2021", "1.0.1", "--lang", "en")
    assert wrong.exit_code == 1
    assert wrong.stderr.splitlines()[-1] == (
        "disclosure-kit schema release: the changes are minor (added /processing_fees; added "
        "/processing_fees/collected_amount; added /processing_fees/notice_amount; added /processing_fees/notices): "
        "after 1.0.0 the release is 1.1.0, not 1.0.1")
    made = run("schema", "release", "2021", "1.1.0", "--date", released["date"], "--docs", str(repo / "docs/schema"))
    assert made.exit_code == 0, made.stderr
    assert made.stdout.splitlines()[-6:] == [
        "2021 1.0.0 → 1.1.0: minor",
        f"written: {schema_root / '2021/versions/1.1.0/report.schema.json'}",
        f"written: {schema_root / 'manifest.json'}",
        f"written: {schema_root / '2021/report.schema.json'}",
        f"written: {repo / 'docs/schema/2021.md'}",
        f"written: {repo / 'docs/schema/2021.html'}"]
    frozen = (ROOT / "schema/2021/versions/1.1.0/report.schema.json").read_bytes()
    assert (schema_root / "2021/versions/1.1.0/report.schema.json").read_bytes() == frozen
    assert (schema_root / "2021/report.schema.json").read_bytes() == frozen
    remade = json.loads((schema_root / "manifest.json").read_text(encoding="utf-8"))["releases"]
    assert next(r for r in remade if (r["edition"], r["version"]) == ("2021", "1.1.0")) == released
    assert (repo / "docs/schema/2021.md").read_text(encoding="utf-8") == render(get_edition("2021", "1.1.0"),
                                                                                  "markdown")


def test_a_follow_up_warning_keyword_is_a_minor_release(repo: Path) -> None:
    """What the lead does with the plausibility rules: a new warning keyword asks for a minor version."""
    latest = latest_version("2021")
    nothing = run("schema", "release", "2021", bump(latest, "patch"), "--lang", "en")
    assert nothing.exit_code == 1
    assert nothing.stderr.splitlines()[-1] == (
        f"disclosure-kit schema release: the working copy is the same as {latest}: nothing to release")
    rules = copy.deepcopy(get_edition("2021").schema.get("x-plausibility", []))
    added = {**copy.deepcopy(rules[0]), "id": "t2-fee-in-yuan-strict"} if rules else PLAUSIBILITY[0]
    _edit_working(repo, lambda s: s.__setitem__("x-plausibility", [*rules, added]))
    minor = bump(latest, "minor")
    for wrong in (bump(latest, "patch"), bump(latest, "major")):
        refused = run("schema", "release", "2021", wrong, "--lang", "en")
        assert refused.exit_code == 1
        assert refused.stderr.splitlines()[-1] == (
            f"disclosure-kit schema release: the changes are minor (annotation #): after {latest} the release is "
            f"{minor}, not {wrong}")
        assert refused.stderr.splitlines()[1].startswith("annotation changed: #  x-plausibility=[")
        assert refused.stderr.splitlines()[1].endswith(f"{added['id']}]") or "…" in refused.stderr
    no_entry = run("schema", "release", "2021", minor, "--lang", "en")
    assert no_entry.exit_code == 1
    assert no_entry.stderr.splitlines()[-1] == (
        f"disclosure-kit schema release: CHANGELOG.md has no entry for 2021 {minor} yet: add a heading "
        f"'## 2021 {minor} — date' with what changed")
    _changelog(repo, minor)
    dry = run("schema", "release", "2021", minor, "--dry-run")
    assert dry.exit_code == 0
    assert dry.stdout.splitlines()[-1] == f"2021 {latest} → {minor}: minor (dry run, nothing written)"
    assert not (repo / "schema" / "2021" / "versions" / minor).exists()
    made = run("schema", "release", "2021", minor, "--date", "2026-12-01")
    assert made.exit_code == 0, made.stderr
    archived = repo / "schema" / "2021" / "versions" / minor / "report.schema.json"
    manifest = json.loads((repo / "schema" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["releases"][-1] == {
        "edition": "2021", "version": minor, "date": "2026-12-01",
        "$id": f"https://disclosure-kit.org/schema/2021/{minor}/report.schema.json",
        "path": f"2021/versions/{minor}/report.schema.json", "sha256": sha256_hex(archived.read_bytes())}
    working = repo / "schema" / "2021" / "report.schema.json"
    assert working.read_bytes() == archived.read_bytes()
    assert json.loads(archived.read_text(encoding="utf-8"))["x-plausibility"] == [*rules, added]
    assert (repo / "docs/schema/2021.md").read_text(encoding="utf-8") == render(get_edition("2021", minor), "markdown")
    assert run("schema", "lint").exit_code == 0
    # reports written against the previous version keep being checked against it, and are told
    checked = run("validate", str(EXAMPLES / "2021.yaml"), "--lang", "en")
    assert checked.exit_code == 0
    assert f"edition 2021 has a newer compatible version, {minor}" in checked.stdout
    again = run("schema", "release", "2021", minor)
    assert again.exit_code == 1 and "不比已发布的" in again.stderr


def _level_of(change: Any) -> str | None:
    before = copy.deepcopy(get_edition("2021").schema)
    after = copy.deepcopy(before)
    change(after)
    return required_level(diff_editions(build_edition(before), build_edition(after)).changes)


def _t3(s: dict[str, Any]) -> dict[str, Any]:
    return s["properties"]["applications"]


@pytest.mark.parametrize(("what", "change", "expected"), [
    ("a corrected label", lambda s: _t3(s)["properties"]["new_received"].__setitem__("x-title-en", "1. New"),
     "patch"),
    ("a description", lambda s: s["$defs"]["count"].__setitem__("description", "A count."), "patch"),
    ("an optional meta field", lambda s: s["properties"]["meta"]["properties"].__setitem__(
        "phone", {"type": ["string", "null"], "title": "联系电话", "x-title-en": "Phone"}), "minor"),
    ("a relaxed limit", lambda s: s["properties"]["meta"]["properties"]["title"].__setitem__("maxLength", 500),
     "minor"),
    ("a warning identity", lambda s: s["x-identities"].append({**s["x-identities"][0], "id": "t3-copy",
                                                               "severity": "warning"}), "minor"),
    ("an import hint", lambda s: s.__setitem__("x-import", {"aliases": {"规范性文件": "行政规范性文件"}}), "minor"),
    ("a stricter rule", lambda s: s["$defs"]["count"].__setitem__("minimum", 1), "major"),
    ("a required meta field", lambda s: s["properties"]["meta"]["required"].append("published"), "major"),
    ("a removed row", lambda s: s["properties"]["active_disclosure"]["properties"]["article_20_6"]["properties"]
     .pop("coercion"), "major"),
    ("a removed meta field", lambda s: s["properties"]["meta"]["properties"].pop("index_number"), "major"),
    ("a retyped cell", lambda s: s["properties"]["active_disclosure"]["properties"]["article_20_8"]["properties"]
     ["fees"]["properties"]["amount"].__setitem__("x-unit", "元"), "major"),
    ("an error identity", lambda s: s["x-identities"].append({**s["x-identities"][0], "id": "t3-copy"}), "major"),
    ("a warning made an error", lambda s: s["x-cross-year-identities"][0].__setitem__("severity", "error"),
     "major"),
    ("an error plausibility rule", lambda s: s.__setitem__(
        "x-plausibility", [{**PLAUSIBILITY[0], "severity": "error"}]), "major"),
])
def test_each_kind_of_change_asks_for_its_level(what: str, change: Any, expected: str) -> None:
    assert _level_of(change) == expected, what


def test_levels_are_per_change_and_the_largest_wins() -> None:
    before = get_edition("2021")
    after = copy.deepcopy(before.schema)
    after["$defs"]["count"]["description"] = "A count."
    after["x-plausibility"] = PLAUSIBILITY
    changes = diff_editions(before, build_edition(after)).changes
    assert sorted({level(c) for c in changes}) == ["minor", "patch"]
    assert required_level(changes) == "minor"
    assert [bump("1.9.3", how) for how in ("major", "minor", "patch")] == ["2.0.0", "1.10.0", "1.9.4"]

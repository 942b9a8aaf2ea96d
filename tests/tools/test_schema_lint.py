"""``schema lint``: five kinds of broken schema, each located; no command ever prints a traceback.

Each kind is made in a copy of ``schema/`` (``DISCLOSURE_KIT_SCHEMA_DIR`` points the tool at it),
once in the working copy (the draft: lint says where, report commands are unaffected because
they only use released versions) and once in the latest released file (every command stops with
"the schema is invalid, run schema lint" and exit code 3). Expected places are found by searching
the broken text, independently of the source map the lint uses.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from disclosure_kit.cli import main
from disclosure_kit.model.resources import SCHEMA_DIR_ENV
from disclosure_kit.model.versions import latest_version, sha256_hex
from disclosure_kit.schematools.release import schema_bytes

from .helpers import EXAMPLES, ROOT, run

EX19, EX21 = EXAMPLES / "2019.yaml", EXAMPLES / "2021.yaml"
SOURCE = ROOT / "tests" / "importers" / "data" / "trad-pinyin-mixed-2022.txt"
INVALID_EN = "disclosure-kit: the schema is invalid, run `disclosure-kit schema lint`"
INVALID_ZH = "disclosure-kit: 模式无效，请运行 `disclosure-kit schema lint` 查看问题所在"


def _edit(transform: Callable[[dict[str, Any]], None]) -> Callable[[str], str]:
    def apply(text: str) -> str:
        schema = json.loads(text)
        transform(schema)
        return schema_bytes(schema).decode("utf-8")
    return apply


def _at(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """1-based line and column of the first ``needle`` (plus ``offset`` characters)."""
    index = text.index(needle) + offset
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _drop_title_en(schema: dict[str, Any]) -> None:
    del schema["properties"]["applications"]["properties"]["new_received"]["x-title-en"]


# kind -> (how the text is broken, how the expected place is found, code, English message)
KINDS: dict[str, tuple[Callable[[str], str], Callable[[str], tuple[int, int]], str, str]] = {
    "json-syntax": (
        lambda t: t.replace('"x-role": "report",', '"x-role": "report",,', 1),
        lambda t: _at(t, '"x-role": "report",,', len('"x-role": "report",')),
        "lint.json", "not valid JSON: Expecting property name enclosed in double quotes"),
    "meta-schema": (
        _edit(lambda s: s["$defs"]["count"].__setitem__("type", "integr")),
        lambda t: _at(t, '"integr"'),
        "lint.meta_schema", "fails the JSON Schema 2020-12 meta-schema: 'integr' is not valid under any of the "
                            "given schemas"),
    "missing-label": (
        _edit(_drop_title_en),
        lambda t: _at(t, '"new_received": {'),
        "lint.title_en_missing", "row has no English title (x-title-en)"),
    "identity-cell": (
        _edit(lambda s: s["x-identities"][0]["left"].__setitem__(0, "/applications/new_received/nobody")),
        lambda t: _at(t, '"/applications/new_received/nobody"'),
        "lint.identity_cell", "identity t3-balance names /applications/new_received/nobody, which is not a cell"),
    "dangling-ref": (
        _edit(lambda s: s["properties"]["overview"].__setitem__("$ref", "#/$defs/narativ")),
        lambda t: _at(t, '"#/$defs/narativ"'),
        "lint.ref", "$ref points to nothing: #/$defs/narativ"),
}
UNBUILDABLE = {"json-syntax", "identity-cell", "dangling-ref"}  # the model itself cannot build these


@pytest.fixture
def schema_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "schema"
    shutil.copytree(ROOT / "schema", root)
    monkeypatch.setenv(SCHEMA_DIR_ENV, str(root))
    return root


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The real entry point in-process: an exception other than SystemExit (a traceback) fails the test."""
    try:
        main(list(args))
        code: Any = 0
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return int(code or 0), out.out, out.err


def _commands(tmp: Path) -> list[tuple[str, ...]]:
    return [
        ("validate", str(EX21)),
        ("render", str(EX21), "--to", "html", "-o", f"{tmp}/render/"),
        ("export", str(EX21), "-o", f"{tmp}/x.xlsx"),
        ("new", "--edition", "2021", "-o", f"{tmp}/new.yaml"),
        ("fill", str(EX21), "-o", f"{tmp}/fill.yaml"),
        ("migrate", str(EX19), "--to", "2021", "-o", f"{tmp}/m.yaml"),
        ("import", str(SOURCE), "-o", f"{tmp}/imported/"),
        ("dataset", str(EXAMPLES), "-o", f"{tmp}/dataset"),
        ("schema", "list"),
        ("schema", "docs", "--edition", "2021"),
        ("schema", "diff", "2021@1.0.0", f"2021@{latest_version('2021')}"),
        ("schema", "site", "-o", f"{tmp}/site"),
        ("schema", "release", "2021", "9.0.0"),
    ]


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_broken_working_copy_is_located_by_lint(kind: str, schema_copy: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    breaker, place, code, text = KINDS[kind]
    working = schema_copy / "2021" / "report.schema.json"
    broken = breaker(working.read_text(encoding="utf-8"))
    working.write_text(broken, encoding="utf-8")
    status, out, err = cli(capsys, "schema", "lint", "--lang", "en")
    assert status == 1 and err == ""
    line, column = place(broken)
    assert f"{working}:{line}:{column}: {code} [error] {text}" in out.splitlines()
    # reports are checked against released versions: the draft does not touch them
    assert cli(capsys, "validate", str(EX21))[0] == 0
    listed = cli(capsys, "schema", "list")
    if kind in UNBUILDABLE:
        assert listed[0] == 3 and listed[2].splitlines()[1].startswith(f"{INVALID_EN} ({working}: ")
    else:
        assert listed[0] == 0 and "unreleased changes (schema diff 2021@" in listed[1]
    released = cli(capsys, "schema", "release", "2021", "9.0.0", "--lang", "en")
    assert released[0] == 3
    assert released[2].splitlines()[-1].startswith("disclosure-kit schema release: the schema is invalid (")


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_broken_release_stops_every_command_with_exit_3(kind: str, schema_copy: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    breaker, place, code, text = KINDS[kind]
    latest = latest_version("2021")
    frozen = schema_copy / "2021" / "versions" / latest / "report.schema.json"
    broken = breaker(frozen.read_text(encoding="utf-8"))
    frozen.write_text(broken, encoding="utf-8")
    status, out, _ = cli(capsys, "schema", "lint", "--lang", "en")
    assert status == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{frozen}:1:1: lint.released_changed [error] released version 2021 {latest} was "
                               "changed after its release")
    line, column = place(broken)
    assert f"{frozen}:{line}:{column}: {code} [error] {text}" in lines  # and what is wrong in it
    for args in _commands(tmp_path):
        status, out, err = cli(capsys, *args)
        assert status == 3, (args, out, err)
        assert err.splitlines()[-2:] == [
            f"{INVALID_ZH}（{frozen}: released version 2021 {latest} was changed after its release (its SHA-256 "
            "differs from schema/manifest.json)）",
            f"{INVALID_EN} ({frozen}: released version 2021 {latest} was changed after its release (its SHA-256 "
            "differs from schema/manifest.json))"] or args[:2] == ("schema", "release"), (args, err)
        assert "Traceback" not in out + err


@pytest.mark.parametrize("kind", sorted(UNBUILDABLE))
def test_a_release_forged_into_the_manifest_still_never_tracebacks(
        kind: str, schema_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Even with its hash written into the manifest by hand, a file the model cannot build stops every
    command with the same message (the model, not only the hash, guards the commands)."""
    breaker = KINDS[kind][0]
    latest = latest_version("2021")
    frozen = schema_copy / "2021" / "versions" / latest / "report.schema.json"
    frozen.write_text(breaker(frozen.read_text(encoding="utf-8")), encoding="utf-8")
    manifest = json.loads((schema_copy / "manifest.json").read_text(encoding="utf-8"))
    for release in manifest["releases"]:
        if (release["edition"], release["version"]) == ("2021", latest):
            release["sha256"] = sha256_hex(frozen.read_bytes())
    (schema_copy / "manifest.json").write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    for args in _commands(tmp_path):
        status, out, err = cli(capsys, *args)
        assert status == 3, (args, out, err)
        assert INVALID_EN in err and "Traceback" not in out + err, (args, err)


def test_the_repository_schema_lints_clean() -> None:
    result = run("schema", "lint", "--format", "json")
    assert result.exit_code == 0
    findings = [f for file in orjson.loads(result.stdout)["files"] for f in file["findings"]]
    assert [f for f in findings if f["severity"] in ("error", "warning")] == []


def test_structural_checks_across_files(schema_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Labels unique among siblings, row order complete, migrations naming what exists, a changelog
    entry per release, no archived folder outside the manifest."""
    working = schema_copy / "2021" / "report.schema.json"
    schema = json.loads(working.read_text(encoding="utf-8"))
    t3 = schema["properties"]["applications"]
    t3["properties"]["carried_over"]["title"] = t3["properties"]["new_received"]["title"]
    t3["required"] = [k for k in t3["required"] if k != "carried_forward"]
    working.write_bytes(schema_bytes(schema))
    migration = schema_copy / "migrations" / "2021-1.0.0-to-1.1.0.json"
    migration.write_text(migration.read_text(encoding="utf-8").replace('"/processing_fees"', '"/processing_fee"'),
                         encoding="utf-8")
    changelog = schema_copy / "CHANGELOG.md"
    changelog.write_text(changelog.read_text(encoding="utf-8").replace("## 2021 1.1.0", "## 2021 1.1.x"),
                         encoding="utf-8")
    shutil.copytree(schema_copy / "2021" / "versions" / "1.1.0", schema_copy / "2021" / "versions" / "1.9.0")
    status, out, _ = cli(capsys, "schema", "lint", "--lang", "en")
    assert status == 1
    text = working.read_text(encoding="utf-8")
    dup_line, dup_col = _at(text, '"carried_over": {')
    t3_line, t3_col = _at(text, '"applications": {')
    label = t3["properties"]["new_received"]["title"]
    migration_line = _at(migration.read_text(encoding="utf-8"), '"/processing_fee"')[0]
    assert out.splitlines() == [
        f"{working}:1:1: lint.unreleased [info] the working copy differs from released "
        f"{latest_version('2021')}: it has unreleased changes (to release: disclosure-kit schema release 2021 "
        "NEW-VERSION)",
        f"{working}:{t3_line}:{t3_col}: lint.row_order [error] row order incomplete: required must list every "
        "child in the order of properties; missing carried_forward, unknown —",
        f"{working}:{dup_line}:{dup_col}: lint.label_duplicate [error] the label {label!r} repeats a sibling's "
        "(first at /properties/applications/properties/new_received)",
        f"{schema_copy / '2021' / 'versions' / '1.9.0' / 'report.schema.json'}:1:1: lint.unlisted [error] "
        "2021/versions/1.9.0 is not in manifest.json: versions are made by disclosure-kit schema release only",
        f"{changelog}:1:1: lint.changelog [error] CHANGELOG.md has no entry for 2021 1.1.0 (a heading "
        "'## 2021 1.1.0 — date')",
        f"{migration}:{migration_line}:1: lint.migration [error] the migration names /processing_fee, which does "
        "not exist in 2021@1.1.0",
        "5 file(s) checked, 4 with errors: 5 error(s), 0 warning(s)",
    ]

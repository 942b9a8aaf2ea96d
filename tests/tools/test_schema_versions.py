"""Reports are checked against the schema version they declare; released versions never change.

2021 1.0.0 and 1.1.0 are frozen releases and may be named here; the current (latest) version is
always read from the model, so that the next release changes no test.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import orjson
import pytest

from disclosure_kit import api
from disclosure_kit.check.messages import message
from disclosure_kit.check.pipeline import check_data
from disclosure_kit.model.editions import get_edition
from disclosure_kit.model.resources import SCHEMA_DIR_ENV
from disclosure_kit.model.versions import known_versions, latest_version

from .helpers import EXAMPLES, ROOT, example, run

FEES = {"notices": 2, "notice_amount": 380, "collected_amount": 380}


def _report(version: str | None, **extra: object) -> dict:
    data = copy.deepcopy(example("2021"))
    if version is None:
        del data["schema_version"]
    else:
        data["schema_version"] = version
    data.update(extra)
    return data


def test_a_report_declaring_1_0_0_is_checked_against_1_0_0_after_1_1_0() -> None:
    old = check_data(_report("1.0.0"), "old.yaml")
    assert (old.edition, old.schema_version) == ("2021", "1.0.0")
    assert [(f.code, f.severity, f.pointer) for f in old.findings] == [("version.newer", "info", "/schema_version")]
    newest = latest_version("2021")
    assert message(old.findings[0], "en") == (
        f"checked against the declared schema version 1.0.0; edition 2021 has a newer compatible version, {newest} "
        f"(to move: disclosure-kit migrate FILE --to 2021@{newest})")
    # the fee fields do not exist in 1.0.0: a 1.0.0 report that uses them is wrong, a 1.1.0 one is right
    with_fees = check_data(_report("1.0.0", processing_fees=FEES), "fees.yaml")
    assert [(f.code, f.pointer) for f in with_fees.findings if f.severity == "error"] == [
        ("schema.additional", "/processing_fees")]
    assert [f for f in check_data(_report("1.1.0", processing_fees=FEES), "fees.yaml").findings
            if f.severity != "info"] == []


def test_the_fee_fields_are_typed_and_optional() -> None:
    bad = check_data(_report("1.1.0", processing_fees={"notices": -1, "collected_amount": "380元"}), "x.yaml")
    assert [(f.code, f.pointer) for f in bad.findings if f.severity == "error"] == [
        ("schema.minimum", "/processing_fees/notices"), ("schema.type", "/processing_fees/collected_amount")]
    blank = check_data(_report("1.1.0", processing_fees={"notices": None}), "x.yaml")
    assert [f for f in blank.findings if f.severity != "info"] == []  # null is "not reported as a number"


def test_an_unknown_version_is_an_error_listing_the_released_ones(tmp_path: Path) -> None:
    result = check_data(_report("9.9.9"), "r.yaml")
    assert [(f.code, f.severity) for f in result.findings] == [("version.unknown", "error")]
    known = ", ".join(known_versions("2021"))
    assert known.startswith("1.0.0, 1.1.0")
    assert message(result.findings[0], "en") == (
        f"schema version '9.9.9' does not exist; the released schema versions of edition 2021 are: {known}")
    assert message(result.findings[0], "zh") == f"模式版本 '9.9.9' 不存在；2021 版已发布的模式版本有：{known}"
    path = tmp_path / "r.yaml"
    path.write_text((EXAMPLES / "2021.yaml").read_text(encoding="utf-8").replace(
        f'schema_version: "{example("2021")["schema_version"]}"', 'schema_version: "9.9.9"'), encoding="utf-8")
    cli = run("validate", str(path), "--lang", "en")
    assert cli.exit_code == 1
    assert cli.stdout.splitlines()[0] == (
        f"{path}:4:17: version.unknown [error] schema version '9.9.9' does not exist; the released schema versions "
        f"of edition 2021 are: {known}")


def test_no_version_means_the_latest_said_in_an_info_finding() -> None:
    result = check_data(_report(None), "r.yaml")
    latest = get_edition("2021")
    assert result.schema_version == latest.version
    assert [(f.code, f.severity, message(f, "en")) for f in result.findings] == [
        ("version.absent", "info",
         f"no schema_version declared: checked against the latest schema version of edition 2021, {latest.version}")]
    assert int(api.validate([str(EXAMPLES)]).exit_code) == 0  # info findings never fail a check


def test_every_command_uses_the_declared_version(tmp_path: Path) -> None:
    """render names the version the report was checked against; migrate moves it to a newer one."""
    src = tmp_path / "old.json"
    src.write_bytes(orjson.dumps(_report("1.0.0")))
    assert run("render", str(src), "--to", "json", "-o", f"{tmp_path}/out/").exit_code == 0
    rendered = orjson.loads((tmp_path / "out" / "old.json").read_bytes())
    assert (rendered["report"]["schema_version"], rendered["report"]["schema_id"]) == (
        "1.0.0", "https://disclosure-kit.org/schema/2021/1.0.0/report.schema.json")
    moved = run("migrate", str(src), "--to", "2021@1.1.0", "-o", str(tmp_path / "new.json"), "--lang", "en")
    assert moved.exit_code == 0
    assert [line.split(": ", 1)[1] for line in moved.stdout.splitlines()[:3]] == [
        f"migrate.optional [info] a new optional field of 2021@1.1.0, {label}: optional: copy the "
        "information-processing fees that section 6 states into these numbers (leave blank what it does not "
        "state; blank is not 0)" for label in ("发出收费通知件数", "收费通知金额（元）", "实际收取金额（元）")]
    out = orjson.loads((tmp_path / "new.json").read_bytes())
    assert out == {**_report("1.0.0"), "schema_version": "1.1.0"}  # nothing else changes, nothing invented
    assert [f.code for f in check_data(out, "new.json").findings if f.code != "version.newer"] == []
    again = run("migrate", str(tmp_path / "new.json"), "--to", "2021@1.1.0", "--lang", "en")
    assert again.exit_code == 1 and "the file is already at 1.1.0" in again.stderr


def _schema_copy(tmp_path: Path) -> Path:
    root = tmp_path / "schema"
    shutil.copytree(ROOT / "schema", root)
    return root


def test_a_released_file_edited_by_one_byte_fails_lint_and_stops_every_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _schema_copy(tmp_path)
    frozen = root / "2021" / "versions" / "1.0.0" / "report.schema.json"
    raw = bytearray(frozen.read_bytes())
    raw[raw.index(b'"minimum": 0')+len(b'"minimum": ')] = ord("1")  # one byte: a count may no longer be 0
    frozen.write_bytes(bytes(raw))
    linted = run("schema", "lint", str(root), "--lang", "en")
    assert linted.exit_code == 1
    first = linted.stdout.splitlines()[0]
    assert first.startswith(f"{frozen}:1:1: lint.released_changed [error] released version 2021 1.0.0 was changed "
                            "after its release: its SHA-256 is ")
    assert "a released version is never edited" in first
    monkeypatch.setenv(SCHEMA_DIR_ENV, str(root))
    src = tmp_path / "old.json"
    src.write_bytes(orjson.dumps(_report("1.0.0")))
    checked = run("validate", str(src))
    assert checked.exit_code == 3
    assert checked.stderr.splitlines() == [
        f"disclosure-kit: 模式无效，请运行 `disclosure-kit schema lint` 查看问题所在（{frozen}: released version 2021 "
        "1.0.0 was changed after its release (its SHA-256 differs from schema/manifest.json)）",
        f"disclosure-kit: the schema is invalid, run `disclosure-kit schema lint` ({frozen}: released version 2021 "
        "1.0.0 was changed after its release (its SHA-256 differs from schema/manifest.json))"]
    assert checked.stdout == ""
    assert run("validate", str(EXAMPLES / "2021.yaml")).exit_code == 0  # other versions are untouched

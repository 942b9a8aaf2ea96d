"""Hostile inputs to ``validate``: each one a finding of its file, fast and small, never a crash.

One test per class and shape of issue 17 that lives in the loader and the validate path (2: node
counts and special files; 3: values no output can carry; 4: numbers read two ways; 8: folders
that cannot be read; 10: where findings point, and text that fakes terminal output). Every test
runs the command as a user would, in a subprocess under a memory cap, and asserts the exit code,
the finding with its place, and the time and peak memory it took.
"""

from __future__ import annotations

import ctypes
import json
import os
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from disclosure_kit.model.resources import schema_dir

from .support import Run, run_cli

ROOT = Path(__file__).resolve().parents[2]
EX21 = ROOT / "fixtures" / "examples" / "2021.yaml"
MB = 1024 * 1024
NATURAL = "/applications/new_received/natural_person"  # line 47, column 21 of the 2021 example
FEES = "/active_disclosure/article_20_8/fees/amount"  # line 44, column 15


def example() -> dict:
    return yaml.safe_load(EX21.read_text(encoding="utf-8"))


def write_json(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def validate(*args: str | Path, memory_mib: int = 512, timeout: float = 60, **kw) -> Run:
    run = run_cli("validate", *args, memory_mib=memory_mib, timeout=timeout, **kw)
    assert not run.traceback and not run.timed_out, run.stdout + run.stderr
    return run


def findings(run: Run) -> list[dict]:
    out = json.loads(run.stdout)
    schema = json.loads((schema_dir() / "check-result" / "1.1" / "check-result.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(out)
    return [f | {"file": r["file"]} for r in out["files"] for f in r["findings"]]


def where(f: dict) -> tuple:
    return f["code"], f["pointer"], f["line"], f["column"]


# --------------------------------------------------------------------------- class 2: bounds


def test_yaml_flow_list_of_10_mb_is_refused_before_it_is_composed(tmp_path: Path) -> None:
    """Before: 30 s and 2 GB, then every schema error of the file. Now: refused by node count."""
    p = tmp_path / "flow.yaml"
    p.write_text("edition: '2021'\nx: [" + "1, " * 3_400_000 + "1]\n")
    run = validate(p, "--format", "json")
    assert run.code == 1
    assert [(f["code"], f["line"]) for f in findings(run)] == [("load.too_many_nodes", 2)]
    assert run.seconds < 10 and run.peak_mib < 250


@pytest.mark.parametrize("item", ["1", "{}", "[]", '"s"'])
def test_json_list_of_10_mb_is_refused_before_it_is_parsed(tmp_path: Path, item: str) -> None:
    """Before: 12 s and 980 MB (3.3 million empty objects: 13 s, 900 MB)."""
    p = tmp_path / "flat.json"
    p.write_text('{"edition": "2021", "x": [' + f"{item}," * (9_500_000 // (len(item) + 1)) + item + "]}")
    run = validate(p, "--format", "json")
    assert run.code == 1
    assert [f["code"] for f in findings(run)] == ["load.too_many_nodes"]
    assert run.seconds < 10 and run.peak_mib < 250


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_deep_nesting_is_refused(tmp_path: Path, suffix: str) -> None:
    p = tmp_path / f"deep{suffix}"
    p.write_text('{"edition": "2021", "x-deep": ' + "[" * 100_000 + "]" * 100_000 + "}")
    run = validate(p, "--format", "json")
    assert run.code == 1
    assert [f["code"] for f in findings(run)] == ["load.too_deep"]
    assert run.seconds < 10 and run.peak_mib < 250


def test_symlink_to_dev_zero_and_fifo_are_refused_without_reading(tmp_path: Path) -> None:
    """Already refused by fileio.reading (before this issue too): kept so."""
    os.symlink("/dev/zero", tmp_path / "zero.yaml")
    os.mkfifo(tmp_path / "fifo.json")
    (tmp_path / "ok.yaml").write_bytes(EX21.read_bytes())
    run = validate(tmp_path, "--format", "json", timeout=20)
    assert run.code == 1
    assert [(Path(f["file"]).name, f["code"], f["params"]) for f in findings(run)] == [
        ("fifo.json", "load.not_regular", {"kind": "FIFO"}),
        ("zero.yaml", "load.not_regular", {"kind": "character device"}),
    ]
    assert run.seconds < 10 and run.peak_mib < 150


# --------------------------------------------------------------------------- class 3: odd values


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_integer_beyond_64_bits_is_a_finding_and_the_json_output_is_complete(tmp_path: Path, fmt: str) -> None:
    """Before: a traceback and no JSON for any file."""
    data = example()
    data["applications"]["new_received"]["natural_person"] = 2**64
    big = write_json(tmp_path / "big.json", data)
    run = validate(big, EX21, "--format", fmt)
    assert run.code == 1
    if fmt == "json":
        found = findings(run)
    else:
        records = [json.loads(line) for line in run.stdout.splitlines()]
        assert [r["record"] for r in records] == ["run", "file", "file", "summary"]
        assert records[2]["status"] == "valid"
        found = records[1]["findings"]
    assert [where(f) for f in found] == [("load.number_range", NATURAL, 47, 22)]
    assert found[0]["params"] == {"value": "18446744073709551616"}
    assert run.seconds < 10 and run.peak_mib < 200


def test_integer_beyond_64_bits_in_yaml(tmp_path: Path) -> None:
    p = tmp_path / "big.yaml"
    p.write_text(EX21.read_text(encoding="utf-8").replace("natural_person: 125", f"natural_person: {2**64}", 1))
    run = validate(p, "--format", "json")
    assert [where(f) for f in findings(run)] == [("load.number_range", NATURAL, 47, 21)]


def test_lone_surrogate_is_a_finding(tmp_path: Path) -> None:
    """Before: the report passed (exit 0) and carried text no UTF-8 output can hold."""
    p = tmp_path / "surrogate.json"
    text = json.dumps(example(), ensure_ascii=False, indent=1).replace('"agency": "', '"agency": "\\ud800', 1)
    p.write_text(text, encoding="utf-8")
    run = validate(p, EX21, "--format", "json")
    assert run.code == 1
    assert [where(f) for f in findings(run)] == [("load.surrogate", "/meta/agency", 5, 13)]


def test_symlink_loop_is_a_finding_and_the_rest_is_checked(tmp_path: Path) -> None:
    os.symlink("b.json", tmp_path / "a.json")
    os.symlink("a.json", tmp_path / "b.json")
    (tmp_path / "c.yaml").write_bytes(EX21.read_bytes())
    run = validate(tmp_path, "--format", "json")
    assert run.code == 1
    out = json.loads(run.stdout)
    assert [(Path(r["file"]).name, r["status"]) for r in out["files"]] == [
        ("a.json", "invalid"), ("b.json", "invalid"), ("c.yaml", "valid")]
    assert out["files"][0]["findings"][0]["params"] == {"reason": "Too many levels of symbolic links"}


# --------------------------------------------------------------------------- class 4: numbers


@pytest.mark.parametrize("written", ["017", "1:30", "0x3", "0o17", "0b11", "1_000", "+0x1F"])
def test_yaml_numbers_read_differently_by_yaml_versions_are_refused(tmp_path: Path, written: str) -> None:
    """Before: 017 was read as 15, 1:30 as 90, 0x3 as 3, 1_000 as 1000, each without a word."""
    p = tmp_path / "report.yaml"
    p.write_text(EX21.read_text(encoding="utf-8").replace("natural_person: 125", f"natural_person: {written}", 1))
    run = validate(p, "--format", "json")
    assert run.code == 1
    found = findings(run)
    assert [where(f) for f in found] == [("load.yaml_number", NATURAL, 47, 21)]
    assert found[0]["params"] == {"value": written}


def test_yaml_yes_is_text_as_in_yaml_1_2(tmp_path: Path) -> None:
    """Before: ``agency: NO`` was the boolean false (a schema error naming a value nobody wrote)."""
    p = tmp_path / "report.yaml"
    p.write_text(EX21.read_text(encoding="utf-8").replace('agency: "临州市交通运输局"', "agency: NO", 1))
    run = validate(p, "--format", "json")
    assert run.code == 0 and findings(run) == []


@pytest.mark.parametrize(("name", "replace"), [
    ("report.json", None), ("report.yaml", "amount: 1.0e+400"), ("dot-inf.yaml", "amount: .inf")])
def test_infinity_from_any_spelling_is_refused(tmp_path: Path, name: str, replace: str | None) -> None:
    """Before: 1e400 in JSON loaded as infinity and passed (exit 0)."""
    p = tmp_path / name
    if replace is None:
        data = example()
        data["active_disclosure"]["article_20_8"]["fees"]["amount"] = 0.5
        p.write_text(json.dumps(data, ensure_ascii=False, indent=1).replace('"amount": 0.5', '"amount": 1e400'))
        place = (FEES, 41, 15)
    else:
        p.write_text(EX21.read_text(encoding="utf-8").replace("amount: 0.092", replace, 1))
        place = (FEES, 44, 15)
    run = validate(p, "--format", "json")
    assert run.code == 1
    assert [where(f) for f in findings(run)] == [("load.nan", *place)]


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_edition_written_as_2021_point_0_is_2021_as_in_json_schema(tmp_path: Path, suffix: str) -> None:
    """Before: edition.unknown, although the schema's enum accepts 2021.0."""
    data = example()
    data["edition"] = 2021.0
    p = tmp_path / f"report{suffix}"
    if suffix == ".json":
        write_json(p, data)
    else:
        p.write_text(EX21.read_text(encoding="utf-8").replace('edition: "2021"', "edition: 2021.0", 1))
    run = validate(p, "--format", "json")
    assert run.code == 0
    assert json.loads(run.stdout)["files"][0]["edition"] == "2021"


# --------------------------------------------------------------------------- class 8: omissions


def _without_file_permission_override() -> None:
    """Let root be refused a folder like anyone else (drop CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
    from the bounding set, so the command started next runs without them)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="capabilities are Linux's")
def test_unreadable_sub_folder_is_a_finding(tmp_path: Path) -> None:
    """Before: skipped without a word, exit 0."""
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "r.yaml").write_bytes(EX21.read_bytes())
    (tmp_path / "ok.yaml").write_bytes(EX21.read_bytes())
    (tmp_path / "locked").chmod(0)
    try:
        run = validate(tmp_path, "--lang", "en", "--jobs", "2", preexec=_without_file_permission_override)
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert run.code == 1
    assert run.stdout.splitlines() == [
        f"{tmp_path / 'locked'}: load.dir_unreadable [error] cannot read the folder: Permission denied; "
        "the reports in it were not checked",
        f"{tmp_path / 'ok.yaml'}: ok",
        "2 file(s) checked, 1 with errors: 1 error(s), 0 warning(s)",
    ]


# --------------------------------------------------------------------------- class 10: places, text


def test_json_duplicate_key_points_at_the_duplicate(tmp_path: Path) -> None:
    """Before: 1:26, the first later "edition" anywhere (a top-level key), pointer ''."""
    p = tmp_path / "dup.json"
    p.write_text('{"meta": {"edition": 1}, "edition": "2021",\n "x": 1, "edition": "2019"}')
    run = validate(p, "--format", "json")
    assert [where(f) for f in findings(run)] == [("load.duplicate_key", "/edition", 2, 10)]


def test_nan_findings_have_a_pointer(tmp_path: Path) -> None:
    """Before: pointer '' and the place of the first "NaN" anywhere in the text."""
    p = tmp_path / "nan.json"
    p.write_text('{"edition": "2021", "note": "NaN",\n "x": NaN}')
    run = validate(p, "--format", "json")
    assert [where(f) for f in findings(run)] == [("load.nan", "/x", 2, 7)]


def test_control_characters_are_a_located_warning_and_escaped_on_the_terminal(tmp_path: Path) -> None:
    """Before: an ANSI colour and a right-to-left override reached the terminal as they were."""
    p = tmp_path / "report.yaml"
    p.write_text(EX21.read_text(encoding="utf-8").replace(
        'agency: "临州市交通运输局"', 'agency: "\\e[31m临州市\\u202e局"', 1))
    run = validate(p, "--lang", "en")
    assert run.code == 0
    assert run.stdout.splitlines()[0] == (
        f"{p}:6:11: text.control_chars [warning] the text holds control or bidirectional-override characters "
        "(U+001B, U+202E) that can make it display as something else; terminal output shows them escaped. "
        "Remove them")
    assert "\x1b" not in run.stdout and "\u202e" not in run.stdout


def test_a_file_name_cannot_forge_lines_of_text_output(tmp_path: Path) -> None:
    """Before: a name holding a line feed printed a line of its own (``fake.yaml: 通过``)."""
    (tmp_path / "x.yaml: 通过\n\x1b[2Kfake.yaml").write_text("edition: [", encoding="utf-8")
    run = validate(tmp_path)
    assert run.code == 1
    lines = run.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{tmp_path}/x.yaml: 通过\\n\\x1b[2Kfake.yaml:2:1: load.syntax [错误]")

"""The loader's fast path gives what the exact reading gives, and refuses what a report may not hold.

orjson reads the common case; a duplicate key, a NaN, a number out of range, a lone surrogate, a
deep nesting or text with control characters must come out exactly as the exact reading (the
standard library and a token scan) says, with pointer, line and column.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import pytest
import yaml

from disclosure_kit.check import schema as schema_module
from disclosure_kit.check.jsonload import exact, fast_json
from disclosure_kit.check.loading import LoadError, load_bytes
from disclosure_kit.check.messages import message
from disclosure_kit.check.pipeline import check_data
from disclosure_kit.check.sourcemap import JsonLocator
from disclosure_kit.fileio import limits

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = {e: yaml.safe_load((ROOT / "fixtures" / "examples" / f"{e}.yaml").read_text(encoding="utf-8"))
            for e in ("2019", "2021")}


def refused(text: str | bytes, name: str = "r.json") -> tuple:
    with pytest.raises(LoadError) as caught:
        load_bytes(text.encode() if isinstance(text, str) else text, name)
    e = caught.value
    return e.code, e.pointer, e.line, e.column


@pytest.mark.parametrize(("text", "place"), [
    ('{"a": 1, "a": 2}', ("/a", 1, 10)),
    ('{"a": {"b": 1,\n  "c": {"b": 2}, "b": 3}}', ("/a/b", 2, 18)),
    ('{"x": [{"k": 1}, {"k": 1, "k": 2}]}', ("/x/1/k", 1, 27)),
    ('{"t": "a:b:c", "a": 1, "a": 2}', ("/a", 1, 24)),  # colons in strings
    ('{"k\\u003a": 1, "k:": 2}', ("/k:", 1, 16)),  # the same key written twice, once escaped
    ('{"a": 1, "a": 2, "b": "\\u003A"}', ("/a", 1, 10)),  # an escaped colon makes up for the lost key
    ('{"a~/b": 1, "a~/b": 2}', ("/a~0~1b", 1, 13)),
])
def test_duplicate_keys_are_found_at_the_duplicate(text: str, place: tuple) -> None:
    assert refused(text) == ("load.duplicate_key", *place)


@pytest.mark.parametrize(("text", "code", "place"), [
    ('{"n": "NaN",\n "x": [1, NaN]}', "load.nan", ("/x/1", 2, 11)),
    ('{"x": -Infinity}', "load.nan", ("/x", 1, 7)),
    ('{"x": 1e400}', "load.nan", ("/x", 1, 7)),
    ('{"x": -1E+309}', "load.nan", ("/x", 1, 7)),
    ('{"x": 18446744073709551616}', "load.number_range", ("/x", 1, 7)),
    ('{"x": 9223372036854775808}', "load.number_range", ("/x", 1, 7)),
    ('{"x": -9223372036854775809}', "load.number_range", ("/x", 1, 7)),
    ('{"x": "a\\ud800"}', "load.surrogate", ("/x", 1, 7)),
    ('{"\\udc00": 1}', "load.surrogate", ("/\udc00", 1, 2)),
])
def test_values_no_output_can_carry_are_refused_with_their_place(text: str, code: str, place: tuple) -> None:
    assert refused(text) == (code, *place)


def test_values_at_the_edges_are_kept_exactly() -> None:
    text = '{"a": 9223372036854775807, "b": -9223372036854775808, "c": 1e300, "d": "\\ud83d\\ude00", "e": 2.5}'
    loaded = load_bytes(text.encode(), "r.json")
    assert loaded.data == {"a": 2**63 - 1, "b": -(2**63), "c": 1e300, "d": "😀", "e": 2.5}
    assert type(loaded.data["a"]) is int and type(loaded.data["b"]) is int


def test_nesting_and_node_count_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Values nest 64 levels below the report at most (``json_depth``), in JSON as in YAML, and a
    file holds at most ``yaml_nodes`` values (set low here through the environment, as a site would)."""
    for name in ("r.json", "r.yaml"):
        deep = '{"x-d": ' + "[" * 65 + "]" * 65 + "}"
        assert refused(deep, name)[:2] == ("load.too_deep", "/x-d" + "/0" * 64)
        kept = load_bytes(('{"x-d": ' + "[" * 64 + "]" * 64 + "}").encode(), name)
        assert kept.data["x-d"] == json.loads("[" * 64 + "]" * 64)
    monkeypatch.setenv(limits.ENV, "yaml_nodes=1000")
    limits.reset()
    try:
        assert refused('{"x": [' + "1," * 1000 + "1]}")[0] == "load.too_many_nodes"
        assert refused("x: [" + "1, " * 1000 + "1]\n", "r.yaml")[0] == "load.too_many_nodes"
        assert load_bytes(('{"x": [' + "1," * 900 + "1]}").encode(), "r.json").data["x"] == [1] * 901
    finally:
        monkeypatch.delenv(limits.ENV)
        limits.reset()


@pytest.mark.parametrize(("written", "value"), [
    ("017", None), ("-017", None), ("0o17", None), ("0x1f", None), ("0b101", None), ("1_000", None),
    ("1:30", None), ("1:30.5", None), ("00", None),
    ("17", 17), ("-3", -3), ("+4", 4), ("0", 0), ("2.5", 2.5), ("1e5", 100000.0), ("1.5e+3", 1500.0), ("01.5", 1.5),
    ("yes", "yes"), ("No", "No"), ("on", "on"), ("true", True), ("FALSE", False), ("~", None), ("'017'", "017"),
])
def test_yaml_scalars_follow_yaml_1_2_and_ambiguous_numbers_are_refused(written: str, value: object) -> None:
    text = f"edition: '2021'\nx:\n  v: {written}\n"
    if value is None and written != "~":
        assert refused(text, "r.yaml") == ("load.yaml_number", "/x/v", 3, 6)
    else:
        assert load_bytes(text.encode(), "r.yaml").data["x"]["v"] == value


def test_ambiguous_yaml_numbers_in_extension_data_are_kept_as_written() -> None:
    text = "edition: '2021'\nx-notes: {a: 017, b: 1:30, c: [0x3, yes], d: 17}\nmeta: {x-code: 0o17}\n"
    data = load_bytes(text.encode(), "r.yaml").data
    assert data["x-notes"] == {"a": "017", "b": "1:30", "c": ["0x3", "yes"], "d": 17}
    assert data["meta"] == {"x-code": "0o17"}
    assert refused("edition: '2021'\nx-notes: {a: .inf}\n", "r.yaml") == ("load.nan", "/x-notes/a", 2, 14)


def test_fast_path_reads_what_the_exact_path_reads() -> None:
    """Both examples and 300 mutations of them, written compactly and indented."""
    rng = random.Random(5)
    for edition, data in EXAMPLES.items():
        for i in range(150):
            report = copy.deepcopy(data)
            report["meta"]["agency"] += "：第" + str(i) + "号" + rng.choice(["", "a:b", "\\", '"', "\u3000"])
            report["x-note"] = [rng.random(), rng.randint(-(2**62), 2**62), None, True, {"k": "v:w"}]
            text = json.dumps(report, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 1, 2]))
            fast = fast_json(text.encode())
            assert fast is not None, (edition, i)
            assert fast.data == exact(text).data == json.loads(text)


def test_text_with_control_characters_takes_the_exact_path_and_is_a_located_warning() -> None:
    report = copy.deepcopy(EXAMPLES["2021"])
    report["meta"]["agency"] = "临州市\u202e局"
    report["problems"] = "a\x1b[31mb\tc\nd"
    text = json.dumps(report, ensure_ascii=False, indent=1)
    assert fast_json(text.encode()) is None
    loaded = load_bytes(text.encode(), "r.json")
    result = check_data(loaded.data, "r.json", loaded)
    warnings = [(f.code, f.pointer, f.line, f.column, f.params["chars"]) for f in result.findings]
    assert warnings == [("text.control_chars", "/meta/agency", 5, 13, "U+202E"),
                        ("text.control_chars", "/problems", 307, 14, "U+001B")]
    assert message(result.findings[0], "en").startswith("the text holds control or bidirectional-override")


def test_json_locator_places_what_the_full_map_placed() -> None:
    text = '{"a" : [ 1 , {"b~/c": "x\\"y", "d": []}, [2, [3]] ],\n "e":{}, "f": [],\n\n "g": "s"}'
    loc = JsonLocator(text)
    assert loc.value("/a/1/b~0~1c") == (1, 23) and loc.key("/a/1/b~0~1c") == (1, 15)
    assert loc.value("/a/2/1/0") == (1, 46)
    assert loc.value("/g") == (4, 7) and loc.key("/g") == (4, 2)
    assert loc.value("/a/1/zz/0") == (1, 14)  # nearest existing ancestor
    assert loc.value("/a/01") == (1, 8)  # not an index as RFC 6901 writes one
    assert loc.key("/missing") == (1, 1)
    assert len(loc.values) == 13 and loc.values["/a/2/1/0"] == (1, 46)  # the whole map, for fill
    assert loc.keys["/g"] == (4, 2) and "/a/0" not in loc.keys and loc.cell("/g") is None


def _mutations(rng: random.Random, report: dict) -> dict:
    """Up to four schema errors of every kind the report schemas can give."""
    report = copy.deepcopy(report)
    cells = []

    def walk(node: dict, path: tuple) -> None:
        for key, value in node.items():
            if isinstance(value, dict):
                walk(value, (*path, key))
            elif isinstance(value, int | float) and not isinstance(value, bool) and path and path[0] != "meta":
                cells.append((*path, key))
    walk(report, ())
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(9)
        path = rng.choice(cells)
        parent = report
        for key in path[:-1]:
            parent = parent.get(key) if isinstance(parent, dict) else None
        if not isinstance(parent, dict):
            continue
        if kind == 0:
            parent[path[-1]] = rng.choice([-3, "12", "１２", 2.5, True, "abc", [1], {"v": 1}, 1e20])
        elif kind == 1:
            parent.pop(path[-1], None)
        elif kind == 2:
            parent["unknown_" + str(rng.randrange(3))] = 1
        elif kind == 3 and "meta" in report:
            report["meta"]["year"] = rng.choice([1999, 2300, "2021", 2021.5])
        elif kind == 4 and "meta" in report:
            report["meta"]["published"] = rng.choice(["2021-13-01", "yesterday", 20210101])
        elif kind == 5:
            report["overview"] = rng.choice([5, ["text"], {"a": 1}, True])
        elif kind == 6 and "meta" in report:
            report["meta"]["agency"] = rng.choice(["", "x" * 201, None])
        elif kind == 7:
            report.pop(rng.choice(["meta", "applications", "overview"]), None)
        else:
            report["edition"] = rng.choice(["2021", 2021, "2020", 2021.0])
    return report


def test_schema_findings_from_jsonschema_rs_equal_those_of_the_python_validator(monkeypatch) -> None:
    """The errors are taken from jsonschema-rs (35 µs); the Python validator (4 ms) gave them before."""
    rng = random.Random(11)
    reports = [_mutations(rng, EXAMPLES[rng.choice(["2019", "2021"])]) for _ in range(400)]

    def records(data: dict) -> list[tuple]:
        result = check_data(data, "r.json")
        return [(f.code, f.pointer, f.params, message(f, "zh"), message(f, "en"),
                 f.place.to_dict() if f.place else None) for f in result.findings]

    original, answered = schema_module._rs_errors, []

    def counted(*args):
        errors = original(*args)
        answered.append(errors is not None)
        return errors

    monkeypatch.setattr(schema_module, "_rs_errors", counted)
    fast = [records(r) for r in reports]
    assert len(answered) > 300 and all(answered)  # every invalid report was described by jsonschema-rs
    monkeypatch.setattr(schema_module, "_rs_errors", lambda *args: None)
    slow = [records(r) for r in reports]
    assert sum(1 for f in fast if any(c[0].startswith("schema.") for c in f)) > 300
    assert fast == slow

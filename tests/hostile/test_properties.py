"""Issue 17: validate any mutation of the two examples, and agree with an independent reading of the rules.

Hypothesis mutates both examples: numbers of every spelling (ints, negatives, floats, exponents,
huge values, YAML 1.1 forms such as ``017``, ``0x1F``, ``1:30``, ``yes``), strings, nulls,
deleted and extra keys, wrong types. Each mutant is written as JSON and as YAML and validated
in-process (``validate --format json``). Whatever it is: no traceback, exit code 0 or 1, every
finding located (a line, and a pointer for findings about a value), the output valid against the
check-result schema, and the broken identities exactly those of ``expected_breaks``, which
evaluates the arithmetic identities of the official format (the 勾稽关系 of table three and the
totals of table four) from the text of the format, not from the project's identity code or the
schema's ``x-identities``.

How the validator reads a cell, as its documentation states (schema/README.md): a blank
(``null``) counts as 0 in the identities (and is warned about); a cell that fails the schema
(missing, negative, a fraction, a string, a boolean) takes no part: the identities through it are
not evaluated. A spelling whose reading YAML 1.1 and 1.2 disagree on may be read the 1.2 way or be
refused; never the 1.1 way (``017`` is never 15, ``1:30`` never 90).
"""

from __future__ import annotations

import copy
import json
import math
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from disclosure_kit.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = {e: yaml.safe_load((ROOT / "fixtures" / "examples" / f"{e}.yaml").read_text(encoding="utf-8"))
            for e in ("2019", "2021")}
CHECK_RESULT = jsonschema.Draft202012Validator(
    json.loads((ROOT / "schema" / "check-result" / "1.1" / "check-result.schema.json").read_text(encoding="utf-8")))

# --------------------------------------------------------------------------- the format, written out
# 三、收到和处理政府信息公开申请情况: seven columns (申请人情况), rows 一, 二, 三 (its result rows and
# （七）总计), 四. 四、行政复议、行政诉讼: three groups of 结果维持/纠正/其他/尚未审结/总计.
COLUMNS = ["natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
           "legal_services_org", "other_org"]
TOTAL = "total"
RESULT_ROWS = {
    "common": [("disclosed",), ("partially_disclosed",)]
    + [("withheld", k) for k in ("state_secret", "prohibited_by_law", "three_safeties", "third_party",
                                 "internal_affairs", "process_info", "enforcement_files", "query_matters")]
    + [("unable", k) for k in ("not_held", "needs_creation", "unclear_after_correction")]
    + [("not_processed", k) for k in ("petition_complaint", "repeated", "publications", "mass_repeated",
                                      "confirm_reissue")],
    "2019": [("other_handling",)],  # （六）其他处理: one row in 2019
    "2021": [("other_handling", k) for k in ("no_correction", "unpaid_fee", "other")],  # three in 2021
}
T4_GROUPS = [("review",), ("litigation", "direct"), ("litigation", "after_review")]
T4_PARTS = ["upheld", "corrected", "other", "pending"]

INVALID = object()  # a cell that fails the schema: takes no part in the identities
REFUSED = object()  # the whole file refused (a non-finite number): no identity is evaluated


def _rows(edition: str) -> list[tuple[str, ...]]:
    results = [("results", *r) for r in RESULT_ROWS["common"] + RESULT_ROWS[edition]]
    return [("new_received",), ("carried_over",), *results, ("results", TOTAL), ("carried_forward",)]


def cell(report: dict[str, Any], path: tuple[str, ...], override: dict[tuple[str, ...], Any]) -> Any:
    """A count cell as the validator reads it: Decimal, 0 for a blank, or INVALID."""
    if path in override:
        value = override[path]
    else:
        value: Any = report
        for key in path:
            if not isinstance(value, dict) or key not in value:
                return INVALID
            value = value[key]
    if value is None:
        return Decimal(0)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return INVALID
    if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
        return INVALID
    return Decimal(value) if value >= 0 else INVALID


def expected_breaks(report: dict[str, Any], edition: str, override: dict | None = None) -> Counter[str]:
    """How many instances of each identity of the format the report breaks."""
    override = override or {}
    if any(v is REFUSED for v in override.values()):
        return Counter()
    get = lambda *p: cell(report, ("applications", *p), override)  # noqa: E731
    broken: Counter[str] = Counter()

    def check(name: str, left: list[Any], right: list[Any]) -> None:
        if INVALID not in left and INVALID not in right and sum(left) != sum(right):
            broken[name] += 1

    rows = _rows(edition)
    for col in [*COLUMNS, TOTAL]:
        # 1. 第一项加第二项之和，等于第三项加第四项之和 (the note of the table)
        check("identity.t3-balance", [get("new_received", col), get("carried_over", col)],
              [get("results", TOTAL, col), get("carried_forward", col)])
        # 2. （七）总计 = the sum of every result row
        check("identity.t3-results-total", [get("results", TOTAL, col)], [get(*r, col) for r in rows[2:-2]])
    for row in rows:  # 3. 总计 of a row = the sum of its six applicant columns
        check("identity.t3-row-total", [get(*row, TOTAL)], [get(*row, c) for c in COLUMNS])
    for group in T4_GROUPS:  # 4. 总计 of each group of table four
        at = lambda key, g=group: cell(report, ("review_litigation", *g, key), override)  # noqa: E731
        check("identity.t4-group-total", [at(TOTAL)], [at(k) for k in T4_PARTS])
    return broken


def identity_cells(edition: str) -> list[tuple[str, ...]]:
    t3 = [("applications", *r, c) for r in _rows(edition) for c in [*COLUMNS, TOTAL]]
    return t3 + [("review_litigation", *g, k) for g in T4_GROUPS for k in [*T4_PARTS, TOTAL]]


# --------------------------------------------------------------------------- mutations
NUMBERS = st.one_of(
    st.integers(0, 2000), st.integers(-50, -1), st.integers(2**53 - 2, 2**53 + 2), st.integers(2**62, 2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.0, 7.0, 1e3, 1e20, 2.5, -0.0]),
)
VALUES = st.one_of(NUMBERS, st.none(), st.booleans(), st.text(max_size=12), st.sampled_from(["12", "", "0x10"]),
                   st.lists(st.integers(0, 3), max_size=2),
                   st.dictionaries(st.text(max_size=3), st.integers(-9, 9), max_size=1))
# YAML spellings: text -> the readings a validator may give (a number, INVALID, REFUSED); never the YAML 1.1 one
SPELLINGS = {
    "017": (17, INVALID, REFUSED), "0o17": (15, INVALID, REFUSED), "0x1F": (31, INVALID, REFUSED),
    "0b11": (INVALID, REFUSED), "1_000": (INVALID, REFUSED), "1:30": (INVALID, REFUSED), "+12": (12, INVALID),
    "1e3": (1000, INVALID), "1.0e+3": (1000, INVALID), "12.0": (12, INVALID),
    ".inf": (REFUSED, INVALID), "-.inf": (REFUSED, INVALID), ".nan": (REFUSED, INVALID), "yes": (INVALID,),
    "off": (INVALID,), "~": (None,), "null": (None,), "Null": (None,), "'5'": (INVALID,), "0": (0,), "-0": (0,),
    "18446744073709551616": (18446744073709551616, INVALID, REFUSED),
}
SENTINEL = 987654321987
KEPT = ("edition", "schema_version")  # which schema checks the report: ours to choose, not the format's rules

# Found by this test in the loader's area (issue 17 classes 3, 4 and 10), now fixed there: an
# integer of 2**64 or more is load.number_range, 0b11, 1_000 and 1:30 are load.yaml_number, and
# load.nan has a pointer. An entry here would narrow the property until its fix lands.
OPEN_ELSEWHERE: dict[str, str] = {}
if "int-64" in OPEN_ELSEWHERE:
    def _in_64_bits(v: Any) -> bool:
        return not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v) or abs(v) < 2**63

    NUMBERS = NUMBERS.filter(_in_64_bits)
    VALUES = VALUES.filter(_in_64_bits)
    del SPELLINGS["18446744073709551616"]
if "yaml-1.1" in OPEN_ELSEWHERE:
    for _spelling in ("0b11", "1_000", "1:30"):
        del SPELLINGS[_spelling]


def _paths(data: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if not isinstance(data, dict):
        return []
    out = []
    for key, value in data.items():
        out.append((*prefix, key))
        out.extend(_paths(value, (*prefix, key)))
    return out


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


@st.composite
def mutants(draw: st.DrawFn) -> tuple[str, dict[str, Any], tuple[str, ...] | None, str | None]:
    edition = draw(st.sampled_from(["2019", "2021"]))
    data = copy.deepcopy(EXAMPLES[edition])
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cell", "cell", "cell", "delete", "extra", "anywhere"]))
        paths = [p for p in _paths(data) if p[0] not in KEPT]
        if kind == "cell":
            cells = [p for p in identity_cells(edition) if p[:-1] in paths or len(p) == 1]
            live = [p for p in cells if p in paths]
            if live:
                path = draw(st.sampled_from(live))
                current = cell(data, path, {})
                near = int(current) + draw(st.integers(-3, 3)) if current is not INVALID else 0
                _set(data, path, draw(st.one_of(st.just(near), VALUES)))
        elif kind == "delete" and paths:
            path = draw(st.sampled_from(paths))
            _set(data, path, None) if draw(st.booleans()) and len(path) > 1 else _delete(data, path)
        elif kind == "extra":
            target = draw(st.sampled_from([()] + [p for p in paths if isinstance(_get(data, p), dict)]))
            _get(data, target)[draw(st.sampled_from(["zzz", "x-note", "总计", "Total"]))] = draw(VALUES)
        elif paths:
            _set(data, draw(st.sampled_from(paths)), draw(VALUES))
    spelled = spelling = None
    live = [p for p in identity_cells(edition) if p in _paths(data)]
    if live and draw(st.booleans()):
        spelled, spelling = draw(st.sampled_from(live)), draw(st.sampled_from(sorted(SPELLINGS)))
        _set(data, spelled, SENTINEL)
    return edition, data, spelled, spelling


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def _delete(data: dict[str, Any], path: tuple[str, ...]) -> None:
    del _get(data, path[:-1])[path[-1]]


# --------------------------------------------------------------------------- the property
def validate(path: Path) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(app, ["validate", str(path), "--format", "json", "--lang", "en"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code in (0, 1), (result.exit_code, result.stdout, result.stderr)
    out = json.loads(result.stdout)
    CHECK_RESULT.validate(out)
    return result.exit_code, out


def _located(finding: dict[str, Any]) -> bool:
    if not isinstance(finding.get("line"), int) or finding["line"] < 1:
        return False
    whole_file = finding["code"].startswith("load.") and (finding["code"] != "load.nan" or "nan-pointer" in
                                                          OPEN_ELSEWHERE)
    return isinstance(finding.get("pointer"), str) and (whole_file or finding["pointer"] != "")


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(mutants())
def test_any_mutant_is_validated_and_its_identities_agree(tmp_path_factory, mutant) -> None:
    edition, data, spelled, spelling = mutant
    folder = tmp_path_factory.mktemp("mutant")
    readings = SPELLINGS[spelling] if spelling else (None,)
    expected = [expected_breaks(data, edition, {spelled: r} if spelled else {}) for r in readings]
    as_json = folder / "report.json"
    text = json.dumps(data, ensure_ascii=False, indent=1)  # inf/nan become Infinity/NaN: not JSON, refused
    as_json.write_text(text.replace(str(SENTINEL), str(_or_sentinel(_json_integer(spelling)))), encoding="utf-8")
    as_yaml = folder / "report.yaml"
    as_yaml.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False).replace(
        str(SENTINEL), spelling or str(SENTINEL)), encoding="utf-8")
    for path, accepted in ((as_yaml, expected), (as_json, None)):
        code, out = validate(path)
        findings = out["files"][0]["findings"]
        assert all(_located(f) for f in findings), [f for f in findings if not _located(f)]
        got = Counter(f["code"] for f in findings if f["code"].startswith("identity."))
        if path is as_json:  # JSON has no YAML spellings: the sentinel stands (or the integer spelled)
            value = _or_sentinel(_json_integer(spelling))
            accepted = [expected_breaks(data, edition, {spelled: value} if spelled else {})]
            if any(isinstance(v, float) and not math.isfinite(v) for v in _leaves(data)):
                accepted = [Counter()]  # Infinity/NaN: the file is not JSON at all
        if any(isinstance(v, int) and not isinstance(v, bool) and not -(2**63) <= v < 2**63 for v in _leaves(data)) or (
                spelling == "18446744073709551616"):
            accepted = [*accepted, Counter(), got]  # beyond 64-bit signed range: load.number_range (docs/validate.md)
        assert got in accepted, (path.suffix, spelled, spelling, got, accepted)
        assert code == (1 if any(f["severity"] == "error" for f in findings) else 0)


def _json_integer(spelling: str | None) -> int | None:
    """The spelling as a JSON integer when it is one (``17`` but not ``017``), for the JSON mutant."""
    if spelling and spelling.isdigit() and (spelling == "0" or not spelling.startswith("0")):
        return int(spelling)
    return None


def _or_sentinel(value: int | None) -> int:
    return SENTINEL if value is None else value


def _leaves(data: Any) -> list[Any]:
    if isinstance(data, dict):
        return [x for v in data.values() for x in _leaves(v)]
    if isinstance(data, list):
        return [x for v in data for x in _leaves(v)]
    return [data]


def test_the_independent_reading_agrees_on_the_examples() -> None:
    """The examples are clean; one cell more breaks exactly the three identities through it."""
    for edition, data in EXAMPLES.items():
        assert expected_breaks(data, edition) == Counter()
        broken = copy.deepcopy(data)
        broken["applications"]["results"]["total"]["natural_person"] += 1
        assert expected_breaks(broken, edition) == Counter(
            {"identity.t3-balance": 1, "identity.t3-results-total": 1, "identity.t3-row-total": 1})

"""Plausibility warnings: figures that are possible but look mistyped, declared in the schema.

Like the identities, the rules are data (``x-plausibility`` in each edition's schema, described by
``schema/meta/x-keywords.schema.json``), each with its reason in Chinese and English. A rule has an
optional ``foreach`` (as identities have), optional ``when`` conditions and one ``check``; each
condition or check is one of

* a comparison ``{"left": [terms], "op": "<=", "right": [terms]}`` of two sums, where a term is a
  pointer (``{"pointer", "sign"}`` for a negative one) or a constant ``{"value": 10000}``, evaluated
  exactly (int or Decimal); a blank or unusable cell makes the rule silent;
* a text test ``{"text": pointer, "pattern"|"not_pattern": regex}``;
* ``{"present": pointer}``: the value there is not blank.

A rule whose ``when`` holds and whose ``check`` fails gives the warning ``plausibility.<id>`` on the
check's first pointer, with the values it saw. Cells that already failed the schema are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import product
from typing import Any

from ..model.editions import Edition
from .findings import WARNING, Finding
from .identities import MISSING, raw_value
from .messages import register_prefix
from .schema import place_of
from .sourcemap import pointer_keys

_OPS = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, "==": lambda a, b: a == b,
        ">=": lambda a, b: a >= b, ">": lambda a, b: a > b}


@dataclass(frozen=True)
class Rule:
    """One expanded rule (``foreach`` bound): its id, severity, reason and tests."""

    rule_id: str
    severity: str
    reason_zh: str
    reason_en: str
    when: tuple[dict[str, Any], ...]
    check: dict[str, Any]


def _bind(spec: Any, bind: dict[str, str]) -> Any:
    if isinstance(spec, str):
        for name, value in bind.items():
            spec = spec.replace("{" + name + "}", value)
        return spec
    if isinstance(spec, list):
        return [_bind(s, bind) for s in spec]
    if isinstance(spec, dict):
        return {k: _bind(v, bind) if k != "value" else v for k, v in spec.items()}
    return spec


@cache
def rules(edition: Edition) -> tuple[Rule, ...]:
    """The edition's plausibility rules, each expanded over its ``foreach``."""
    out = []
    for raw in edition.schema.get("x-plausibility", []):
        foreach: dict[str, list[str]] = raw.get("foreach", {})
        for combo in product(*foreach.values()) if foreach else [()]:
            bind = dict(zip(foreach, combo, strict=True))
            out.append(Rule(raw["id"], raw.get("severity", WARNING), raw["reason"]["zh"], raw["reason"]["en"],
                            tuple(_bind(raw.get("when", []), bind)), _bind(raw["check"], bind)))
    return tuple(out)


Test = Callable[[dict[str, Any], set[str], list[Any] | None], tuple[bool | None, list[Any]]]


def _exact(value: Any) -> Any:
    return Decimal(repr(value)) if isinstance(value, float) else value


def _term_reader(edition: Edition, term: Any) -> Callable[[dict[str, Any], set[str], list[Any] | None], Any]:
    """A term compiled once: its exact value (sign applied) in a report, or None when it is blank,
    not a number or in a cell that failed the schema. A cell is read from the report's values
    (``identities.report_values``) when the caller has them."""
    if isinstance(term, dict) and "value" in term:
        constant = _exact(term["value"])
        return lambda data, skip, values: constant
    pointer = term if isinstance(term, str) else term["pointer"]
    sign = 1 if isinstance(term, str) else int(term.get("sign", 1))
    path = pointer_keys(pointer)
    cell = edition.cell_by_pointer.get(pointer)
    index = cell.index if cell is not None else None

    def read(data: dict[str, Any], skip: set[str], values: list[Any] | None) -> Any:
        if pointer in skip:
            return None
        value = values[index] if values is not None and index is not None else raw_value(data, path)
        if isinstance(value, dict) and "value" in value:  # an amount with its unit
            value = value["value"]
        if not isinstance(value, int | float) or isinstance(value, bool):
            return None
        return sign * _exact(value)

    return read


def _compile(edition: Edition, test: dict[str, Any]) -> Test:
    """(True/False, the values seen), or (None, …) when the test cannot be evaluated (a blank)."""
    if "op" in test:
        op = _OPS[test["op"]]
        left = [_term_reader(edition, t) for t in test["left"]]
        right = [_term_reader(edition, t) for t in test["right"]]
        figures = [not (isinstance(t, dict) and "value" in t) for t in test["left"] + test["right"]]

        def compare(data: dict[str, Any], skip: set[str], values: list[Any] | None) -> tuple[bool | None, list[Any]]:
            lhs = [read(data, skip, values) for read in left]
            rhs = [read(data, skip, values) for read in right]
            if None in lhs or None in rhs:
                return None, []
            if op(sum(lhs), sum(rhs)):
                return True, []
            return False, [v for v, f in zip(lhs + rhs, figures, strict=True) if f]  # the report's, not constants

        return compare
    if "text" in test:
        text_path = pointer_keys(test["text"])
        pattern = re.compile(test["pattern"]) if "pattern" in test else None
        not_pattern = re.compile(test["not_pattern"]) if "not_pattern" in test else None

        def text(data: dict[str, Any], skip: set[str], values: list[Any] | None) -> tuple[bool | None, list[Any]]:
            value = raw_value(data, text_path)
            if not isinstance(value, str):
                return None, []
            if pattern is not None and not pattern.search(value):
                return False, [value]
            return not (not_pattern is not None and not_pattern.search(value)), []

        return text
    present_path = pointer_keys(test["present"])

    def present(data: dict[str, Any], skip: set[str], values: list[Any] | None) -> tuple[bool | None, list[Any]]:
        value = raw_value(data, present_path)
        return value is not MISSING and value is not None and value != "", []

    return present


@cache
def _compiled(edition: Edition) -> tuple[tuple[Rule, tuple[Test, ...], Test], ...]:
    return tuple((rule, tuple(_compile(edition, w) for w in rule.when), _compile(edition, rule.check))
                 for rule in rules(edition))


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _target(test: dict[str, Any]) -> str:
    if "op" in test:
        first = test["left"][0]
        return first if isinstance(first, str) else first.get("pointer", "")
    return test.get("text") or test["present"]


def plausibility_findings(edition: Edition, data: dict[str, Any], file: str, skip: set[str],
                          values: list[Any] | None = None) -> list[Finding]:
    """A warning for every rule whose conditions hold and whose check fails.

    ``values`` are the report's cells as ``identities.report_values`` reads them, when the
    caller has them (the rules then read cells from there instead of walking the report).
    """
    out = []
    for rule, when, check in _compiled(edition):
        if when and not all(w(data, skip, values)[0] for w in when):
            continue
        ok, seen = check(data, skip, values)
        if ok is not False:
            continue
        pointer = _target(rule.check)
        figures = [str(_plain(v)) for v in seen]
        params = {"rule": rule.rule_id, "reason_zh": rule.reason_zh, "reason_en": rule.reason_en,
                  "values": [_plain(v) for v in seen],
                  "seen_zh": f"（所填数值：{'、'.join(figures)}）" if figures else "",
                  "seen_en": f" (figures: {', '.join(figures)})" if figures else ""}
        out.append(Finding(f"plausibility.{rule.rule_id}", rule.severity, file, pointer,
                           place=place_of(edition, pointer), params=params))
    return out


register_prefix("plausibility.", ("可能有误：{reason_zh}{seen_zh}", "possibly mistyped: {reason_en}{seen_en}"))

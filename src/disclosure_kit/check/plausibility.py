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


@cache
def _path(pointer: str) -> tuple[str, ...]:
    return tuple(p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:])


def _number(data: dict[str, Any], term: Any, skip: set[str]) -> int | Decimal | None:
    """The exact value of a term (its sign applied), or None when it is blank or not a number."""
    if isinstance(term, dict) and "value" in term:
        value: Any = term["value"]
        sign = 1
    else:
        pointer = term if isinstance(term, str) else term["pointer"]
        sign = 1 if isinstance(term, str) else int(term.get("sign", 1))
        if pointer in skip:
            return None
        value = raw_value(data, _path(pointer))
        if isinstance(value, dict) and "value" in value:  # an amount with its unit
            value = value["value"]
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    return sign * (Decimal(repr(value)) if isinstance(value, float) else value)


def _holds(test: dict[str, Any], data: dict[str, Any], skip: set[str]) -> tuple[bool | None, list[Any]]:
    """(True/False, the values seen), or (None, …) when the test cannot be evaluated (a blank)."""
    if "op" in test:
        left = [_number(data, t, skip) for t in test["left"]]
        right = [_number(data, t, skip) for t in test["right"]]
        if any(v is None for v in left + right):
            return None, []
        typed = [v for t, v in zip(test["left"] + test["right"], left + right, strict=True)
                 if not (isinstance(t, dict) and "value" in t)]  # the report's figures, not the rule's constants
        return _OPS[test["op"]](sum(left), sum(right)), typed  # type: ignore[arg-type]
    if "text" in test:
        value = raw_value(data, _path(test["text"]))
        if not isinstance(value, str):
            return None, []
        if "pattern" in test and not re.search(test["pattern"], value):
            return False, [value]
        return not ("not_pattern" in test and re.search(test["not_pattern"], value)), []
    value = raw_value(data, _path(test["present"]))
    return value is not MISSING and value is not None and value != "", []


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _target(test: dict[str, Any]) -> str:
    if "op" in test:
        first = test["left"][0]
        return first if isinstance(first, str) else first.get("pointer", "")
    return test.get("text") or test["present"]


def plausibility_findings(edition: Edition, data: dict[str, Any], file: str, skip: set[str]) -> list[Finding]:
    """A warning for every rule whose conditions hold and whose check fails."""
    out = []
    for rule in rules(edition):
        if not all(_holds(w, data, skip)[0] for w in rule.when):
            continue
        ok, seen = _holds(rule.check, data, skip)
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

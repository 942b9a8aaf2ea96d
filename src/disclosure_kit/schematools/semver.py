"""What each schema change means for the version number (semantic versioning, seen from reports).

* **major**: a report that was valid can become invalid, or a pointer disappears or changes meaning
  (a removed, moved or retyped cell or field, a new required one, a stricter validation keyword, a
  new error identity, an identity whose terms changed);
* **minor**: every valid report stays valid, something is added (an optional field or group, a new
  warning identity or warning keyword such as a plausibility rule, an import hint, a rule relaxed);
* **patch**: labels and descriptions only.

``schema release`` accepts exactly the version that the largest level asks for.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..model.versions import parse_version
from .diff import Change

MAJOR, MINOR, PATCH = "major", "minor", "patch"
ORDER = (PATCH, MINOR, MAJOR)
LEVEL_ZH = {MAJOR: "主版本号", MINOR: "次版本号", PATCH: "修订号"}
# Annotations that are only words: the reader's text changes, no report's verdict can.
WORDING = frozenset({"description", "examples", "$comment", "source", "x-short", "x-number", "x-corner",
                     "x-row-header", "x-column-groups", "x-format-title", "x-notice", "default", "deprecated",
                     "readOnly", "writeOnly", "x-beside"})


def _adds_error_rule(before: Any, after: Any) -> bool:
    """A list of rules (``x-plausibility`` and the like) that gains or raises an ``error`` rule."""
    if not isinstance(after, list):
        return False
    old = {r.get("id"): r for r in before if isinstance(r, dict)} if isinstance(before, list) else {}
    for rule in after:
        if isinstance(rule, dict) and rule.get("severity") == "error":
            prior = old.get(rule.get("id"))
            if prior is None or prior.get("severity") != "error" or prior != rule:
                return True
    return False


def _identity_level(change: Change) -> str:
    detail = change.detail
    if any(k in detail for k in ("left", "right")) or any(k.startswith("foreach.") for k in detail):
        return MAJOR  # other cells must now add up
    severity = detail.get("severity")
    if severity is not None:
        return MAJOR if severity.get("after", "error") == "error" else MINOR
    return PATCH


def level(change: Change) -> str:
    """The release level one change asks for."""
    kind = change.change
    if kind in ("removed", "moved", "retyped", "kind-removed"):
        return MAJOR
    if kind == "added":
        return MAJOR if (change.after or {}).get("required") else MINOR
    if kind in ("rowspan", "kind-added", "identity-removed"):
        return MINOR
    if kind == "relabelled":
        return PATCH
    if kind == "identity-added":
        return MAJOR if (change.after or {}).get("severity", "error") == "error" else MINOR
    if kind == "identity-changed":
        return _identity_level(change)
    if kind == "constraint":
        return MAJOR if change.detail.get("stricter", True) else MINOR
    if kind == "annotation":
        keyword = change.detail.get("keyword", "")
        if keyword in WORDING:
            return PATCH
        before = (change.before or {}).get(keyword)
        after = (change.after or {}).get(keyword)
        return MAJOR if _adds_error_rule(before, after) else MINOR
    return MAJOR  # an unknown kind of change: judged on the safe side


def required_level(changes: Iterable[Change]) -> str | None:
    """The largest level among the changes; None when nothing changed."""
    levels = {level(c) for c in changes}
    return max(levels, key=ORDER.index) if levels else None


def bump(version: str, how: str) -> str:
    major, minor, patch = parse_version(version)
    if how == MAJOR:
        return f"{major + 1}.0.0"
    if how == MINOR:
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"

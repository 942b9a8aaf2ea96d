"""Carry a report of one edition over to another, by the mapping in ``schema/migrations/``.

Only values whose meaning is the same in both editions are carried; every value that has no place
in the target edition and every new cell that must be filled by hand becomes a finding. Nothing is
ever computed or guessed: a cell the mapping does not fill stays blank (null). The mapping is data
(``schema/migrations/<from>-to-<to>.json``), explained cell by cell in docs/migrate.md.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import orjson

from ..check.findings import ERROR, WARNING, Finding
from ..check.identities import MISSING, cell_value, raw_value
from ..check.messages import register_templates
from ..check.schema import place_of
from ..model.editions import Edition, edition_key, get_edition
from ..model.resources import schema_dir
from .reportfile import blank_report

MIGRATED_FROM = "x-migrated-from"

register_templates({
    "migrate.dropped": (
        "{from_edition} 版的值 {value} 在 {to_edition} 版中没有对应位置，未迁移：{why_zh}",
        "the {from_edition} value {value} has no place in the {to_edition} edition and was not carried over: "
        "{why_en}",
    ),
    "migrate.fill": (
        "{to_edition} 版的新单元格，须人工填写：{why_zh}",
        "a new cell of the {to_edition} edition, to be filled by hand: {why_en}",
    ),
    "migrate.edition": (
        "无法迁移：本文件为 {found} 版，没有从 {found} 版到 {to_edition} 版的迁移规则",
        "cannot migrate: the file is of edition {found}, and there is no mapping from {found} to {to_edition}",
    ),
})


class MigrationError(ValueError):
    """A mapping file that does not fit the two editions it names."""


@dataclass
class Migration:
    """The parsed mapping between two editions."""

    source: Edition
    target: Edition
    same: list[dict[str, Any]]
    dropped: list[dict[str, Any]]
    fill_by_hand: list[dict[str, Any]]


@dataclass
class MigrationResult:
    data: dict[str, Any] | None
    findings: list[Finding] = field(default_factory=list)


def migrations_dir() -> Any:
    return schema_dir() / "migrations"


@cache
def load_migration(source: str, target: str) -> Migration:
    path = migrations_dir() / f"{source}-to-{target}.json"
    if not path.is_file():
        raise MigrationError(f"no migration from {source} to {target} ({path})")
    raw = orjson.loads(path.read_bytes())
    if (str(raw.get("from")), str(raw.get("to"))) != (source, target):
        raise MigrationError(f"{path}: names {raw.get('from')} → {raw.get('to')}, expected {source} → {target}")
    return Migration(get_edition(source), get_edition(target), raw["same"], raw["dropped"], raw["fill_by_hand"])


def _cells_under(edition: Edition, pointer: str) -> list[str]:
    return [c.pointer for c in edition.cells if c.pointer == pointer or c.pointer.startswith(pointer + "/")]


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def _split(pointer: str) -> tuple[str, ...]:
    return tuple(pointer.split("/")[1:])


def migrate_data(data: dict[str, Any], target: str, file: str) -> MigrationResult:
    """The report carried over to ``target``, and the findings that list what a person must do."""
    found = edition_key(data.get("edition"))
    if found is None or found == target:
        return MigrationResult(None, [Finding("migrate.edition", ERROR, file, "/edition",
                                              params={"found": data.get("edition"), "to_edition": target})])
    try:
        mig = load_migration(found, target)
    except MigrationError:
        return MigrationResult(None, [Finding("migrate.edition", ERROR, file, "/edition",
                                              params={"found": found, "to_edition": target})])
    out = blank_report(mig.target)
    for rule in mig.same:
        value = raw_value(data, _split(rule["from"]))
        if value is not MISSING:
            _set(out, _split(rule["to"]), copy.deepcopy(value))
    for key, value in data.items():
        if key.startswith("x-") and key != MIGRATED_FROM:
            out[key] = copy.deepcopy(value)
    if "$schema" in data:
        out = {"$schema": mig.target.schema_id, **out}
    out[MIGRATED_FROM] = {"edition": found, "schema_version": data.get("schema_version")}
    findings: list[Finding] = []
    common = {"from_edition": found, "to_edition": target}
    for rule in mig.dropped:
        for pointer in _cells_under(mig.source, rule["from"]):
            value = cell_value(data, _split(pointer))
            if value is MISSING or value is None:
                continue
            findings.append(Finding("migrate.dropped", WARNING, file, pointer, place=place_of(mig.source, pointer),
                                    params={**common, "value": value, "why_zh": rule["why"]["zh"],
                                            "why_en": rule["why"]["en"]}))
    for rule in mig.fill_by_hand:
        for pointer in _cells_under(mig.target, rule["to"]):
            findings.append(Finding("migrate.fill", WARNING, file, pointer, place=place_of(mig.target, pointer),
                                    params={**common, "why_zh": rule["why"]["zh"], "why_en": rule["why"]["en"]}))
    return MigrationResult(out, findings)


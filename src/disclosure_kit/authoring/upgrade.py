"""Move a report to a newer schema version of its own edition (``migrate FILE --to 2021@1.1.0``).

Each release that changes what a report may hold comes with a mapping,
``schema/migrations/<edition>-<from>-to-<to>.json``, in the format of the edition mappings
(``same``, ``dropped``, ``fill_by_hand``, each with a zh/en reason; a ``fill_by_hand`` entry may be
``optional``). A step between two versions of the same MAJOR number without a mapping carries
everything (a patch or a minor release keeps every report valid). The report itself is copied
whole: only ``schema_version`` and a ``$schema`` key change; nothing is computed or guessed, and
the findings list what a person may now add (``migrate.optional``) or must fill or lost
(``migrate.fill``, ``migrate.dropped``).
"""

from __future__ import annotations

import copy
import itertools
from typing import Any

import orjson

from ..check.findings import ERROR, INFO, WARNING, Finding
from ..check.identities import MISSING, raw_value
from ..check.messages import register_templates
from ..model.editions import Edition, edition_key, get_edition
from ..model.resources import schema_dir
from ..model.versions import known_versions, parse_version
from .migrate import MigrationResult

register_templates({
    "migrate.optional": (
        "{to_edition} 新增的可选字段 {label}：{why_zh}",
        "a new optional field of {to_edition}, {label}: {why_en}",
    ),
    "migrate.version": (
        "无法迁移到 {to_edition}：{reason_zh}",
        "cannot migrate to {to_edition}: {reason_en}",
    ),
})


def _refuse(file: str, target: str, zh: str, en: str) -> MigrationResult:
    return MigrationResult(None, [Finding("migrate.version", ERROR, file, "/schema_version",
                                          params={"to_edition": target, "reason_zh": zh, "reason_en": en})])


def _steps(edition: str, start: str, end: str) -> list[tuple[str, str]]:
    known = [v for v in known_versions(edition) if parse_version(start) <= parse_version(v) <= parse_version(end)]
    return list(itertools.pairwise(known))


def _mapping(edition: str, old: str, new: str) -> dict[str, Any] | None:
    path = schema_dir() / "migrations" / f"{edition}-{old}-to-{new}.json"
    return orjson.loads(path.read_bytes()) if path.is_file() else None


def _under(edition: Edition, pointer: str) -> list[tuple[str, str]]:
    """(pointer, zh label) of the cells and fields at or under ``pointer``."""
    out = []
    for p, node in edition.node_by_pointer.items():
        if node.role in ("cell", "field") and (p == pointer or p.startswith(pointer + "/")):
            out.append((p, node.label.zh))
    return out


def upgrade_data(data: dict[str, Any], target: str, file: str) -> MigrationResult:
    """``data`` moved to ``target`` (``"2021@1.1.0"``), and the findings that say what changed."""
    edition, _, version = target.partition("@")
    found = edition_key(data.get("edition"))
    if found != edition:
        return _refuse(file, target, f"本文件为 {data.get('edition')} 版；换格式版本请用 --to {edition}",
                       f"the file is of edition {data.get('edition')}; to change edition use --to {edition}")
    known = known_versions(edition)
    declared = data.get("schema_version")
    if version not in known:
        return _refuse(file, target, f"该版本未发布（已发布：{'、'.join(known)}）",
                       f"that version was never released (released: {', '.join(known)})")
    if declared not in known:
        return _refuse(file, target, "本文件未声明已发布的 schema_version，无法判断从哪个版本迁移",
                       "the file declares no released schema_version, so there is nothing to migrate from")
    if parse_version(declared) >= parse_version(version):
        return _refuse(file, target, f"本文件已是 {declared} 版", f"the file is already at {declared}")
    out = copy.deepcopy(data)
    out["schema_version"] = version
    findings: list[Finding] = []
    for old, new in _steps(edition, declared, version):
        mapping = _mapping(edition, old, new)
        if mapping is None:
            if parse_version(old)[0] != parse_version(new)[0]:
                return _refuse(file, target, f"没有从 {old} 到 {new} 的迁移规则", f"no mapping from {old} to {new}")
            continue
        findings += _step_findings(data, mapping, get_edition(edition, old), get_edition(edition, new), file)
    if "$schema" in out:
        out["$schema"] = get_edition(edition, version).schema_id
    return MigrationResult(out, findings)


def _step_findings(data: dict[str, Any], mapping: dict[str, Any], source: Edition, dest: Edition,
                   file: str) -> list[Finding]:
    to_edition = f"{dest.id}@{dest.version}"
    findings = []
    for rule in mapping.get("dropped", []):
        for pointer, _label in _under(source, rule["from"]):
            value = raw_value(data, tuple(pointer.split("/")[1:]))
            if value is not MISSING and value is not None:
                findings.append(Finding("migrate.dropped", WARNING, file, pointer, params={
                    "from_edition": f"{source.id}@{source.version}", "to_edition": to_edition, "value": value,
                    "why_zh": rule["why"]["zh"], "why_en": rule["why"]["en"]}))
    for rule in mapping.get("fill_by_hand", []):
        code, severity = ("migrate.optional", INFO) if rule.get("optional") else ("migrate.fill", WARNING)
        for pointer, label in _under(dest, rule["to"]):
            findings.append(Finding(code, severity, file, pointer, params={
                "to_edition": to_edition, "from_edition": f"{source.id}@{source.version}", "label": label,
                "why_zh": rule["why"]["zh"], "why_en": rule["why"]["en"]}))
    return findings

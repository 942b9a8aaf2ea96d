"""The schema version a report is checked against: the one it declares, or else the latest.

A report names its edition and may name the schema version it was written against
(``schema_version``). That released version is the one it is checked against, so that a report
valid under 1.0.0 stays valid when 1.1.0 is released; an unknown version is an error that lists
the released ones; no version means the latest, said in an info finding; an older version with a
newer compatible one (same MAJOR) gets an info finding naming it. Per file this costs a couple
of dict lookups: the manifest is read, the table of versions made and each edition version built
once per process (``model.versions.version_table``, ``model.editions.edition_at``);
``benchmarks/bench_versions.py`` measures it.
"""

from __future__ import annotations

from typing import Any

from ..model.editions import Edition, edition_at
from ..model.versions import version_table
from .findings import ERROR, INFO, Finding
from .messages import register_templates

ABSENT = "version.absent"
UNKNOWN = "version.unknown"
NEWER = "version.newer"

register_templates({
    ABSENT: (
        "未声明模式版本 schema_version，按 {edition} 版最新的模式版本 {latest} 校验",
        "no schema_version declared: checked against the latest schema version of edition {edition}, {latest}",
    ),
    UNKNOWN: (
        "模式版本 {value!r} 不存在；{edition} 版已发布的模式版本有：{known}",
        "schema version {value!r} does not exist; the released schema versions of edition {edition} are: {known}",
    ),
    NEWER: (
        "已按所声明的模式版本 {version} 校验；{edition} 版有更新的兼容版本 {newer}"
        "（迁移：disclosure-kit migrate 文件 --to {edition}@{newer}）",
        "checked against the declared schema version {version}; edition {edition} has a newer compatible "
        "version, {newer} (to move: disclosure-kit migrate FILE --to {edition}@{newer})",
    ),
})


def select_edition(data: dict[str, Any], edition: str, name: str) -> tuple[Edition | None, list[Finding]]:
    """The released edition version ``data`` is checked against, and the findings that explain it.

    ``None`` (with a ``version.unknown`` error) when the declared version was never released.
    """
    table = version_table(edition)  # built once per process: the released versions and what follows each
    declared = data.get("schema_version")
    if declared is None:  # absent, or written as blank
        note = Finding(ABSENT, INFO, name, "/schema_version", params={"edition": edition, "latest": table.latest})
        return table.editions.get(table.latest) or edition_at(edition, table.latest), [note]
    if not isinstance(declared, str) or declared not in table.newer:
        return None, [Finding(UNKNOWN, ERROR, name, "/schema_version",
                              params={"value": declared, "edition": edition, "known": ", ".join(table.known)})]
    newer = table.newer[declared]
    notes = [] if newer is None else [
        Finding(NEWER, INFO, name, "/schema_version", params={"edition": edition, "version": declared,
                                                              "newer": newer})]
    return table.editions.get(declared) or edition_at(edition, declared), notes

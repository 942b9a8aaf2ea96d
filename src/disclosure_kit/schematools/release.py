"""``schema release EDITION VERSION``: publish the working copy as a new, frozen version.

The version number is not a matter of taste: the working copy is compared with the last release
(``schema diff``), each change is given its level (``semver.level``) and only the version that the
largest level asks for is accepted (1.0.0 + an optional field = 1.1.0, never 1.0.1 or 2.0.0). The
schema folder must lint clean and ``CHANGELOG.md`` must already have the entry for the version.
Then, all or nothing: the working copy gets the new ``x-schema-version`` and ``$id``, it is copied
to ``<edition>/versions/<version>/``, its hash is added to ``manifest.json``, and the reference docs
(``docs/schema/<edition>.md`` and ``.html``) are regenerated from it.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..fileio.atomic import atomic_write_bytes
from ..model.editions import EDITIONS, Edition, build_edition, edition_from_bytes, forget_releases
from ..model.resources import schema_dir
from ..model.versions import (
    Release,
    SchemaInvalid,
    archive_path,
    manifest_bytes,
    manifest_path,
    parse_version,
    read_manifest,
    released_bytes,
    sha256_hex,
    working_path,
)
from .diff import Change, SchemaDiff, diff_editions
from .docs import render
from .lint import CHANGELOG, changelog_entries, display, lint
from .lint_schema import ID_TEMPLATE
from .semver import LEVEL_ZH, bump, level, required_level


class ReleaseRefused(Exception):
    """The release is not made; ``zh``/``en`` say why and ``exit_code`` is 1 (the change does not
    justify the version, or the changelog lacks it), 2 (the command line) or 3 (the schema is invalid)."""

    def __init__(self, zh: str, en: str, exit_code: int = 1, diff: SchemaDiff | None = None) -> None:
        super().__init__(en)
        self.zh, self.en, self.exit_code, self.diff = zh, en, exit_code, diff

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass
class ReleasePlan:
    """What a release would do (``--dry-run``) or did."""

    edition: str
    version: str
    previous: str | None
    diff: SchemaDiff | None
    level: str | None
    written: list[str] = field(default_factory=list)

    def deciding(self) -> list[Change]:
        """The changes that set the level (all of them for a patch)."""
        return [c for c in self.diff.changes if level(c) == self.level] if self.diff else []


def with_version(schema: dict[str, Any], edition: str, old: str | None, version: str) -> dict[str, Any]:
    """The schema as released under ``version``: ``x-schema-version``, ``$id`` and a description that
    names the version follow it; key order is kept, ``schema`` itself is left alone."""
    out = copy.deepcopy(schema)
    out["x-schema-version"] = version
    out["$id"] = ID_TEMPLATE.format(edition=edition, version=version)
    if old and isinstance(out.get("description"), str):
        out["description"] = out["description"].replace(f"schema version {old}", f"schema version {version}")
    return out


def schema_bytes(schema: dict[str, Any]) -> bytes:
    """The layout of every file under ``schema/``: two-space indent, UTF-8 as is, final newline."""
    return (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _latest(root: Path, edition: str) -> tuple[Release | None, tuple[Release, ...]]:
    releases = read_manifest(root) if manifest_path(root).exists() else ()
    own = [r for r in releases if r.edition == edition]
    return (own[-1] if own else None), releases


def plan_release(edition: str, version: str, root: Path | None = None) -> tuple[ReleasePlan, dict[str, Any]]:
    """Judge the release; raises ``ReleaseRefused`` with the reason, or returns the plan and the
    schema to publish."""
    root = root or schema_dir()
    if edition not in EDITIONS:
        raise ReleaseRefused(f"未知的格式版本 {edition!r}（{'|'.join(EDITIONS)}）",
                             f"unknown edition {edition!r} ({'|'.join(EDITIONS)})", 2)
    try:
        parse_version(version)
    except ValueError:
        raise ReleaseRefused(f"版本号 {version!r} 应为 主.次.修订（例如 1.1.0）",
                             f"version {version!r} must be MAJOR.MINOR.PATCH (e.g. 1.1.0)", 2) from None
    checked = lint(root)
    if checked.errors:  # the schema is invalid: the same exit code as every command given a broken schema
        raise ReleaseRefused(f"模式无效（{checked.errors} 个错误），请运行 `disclosure-kit schema lint` 并修正",
                             f"the schema is invalid ({checked.errors} error(s)), run `disclosure-kit schema lint` "
                             "and fix them first", 3)
    draft = json.loads(working_path(edition, root).read_text(encoding="utf-8"))
    previous, _ = _latest(root, edition)
    if previous is not None and parse_version(version) <= parse_version(previous.version):
        raise ReleaseRefused(f"版本 {version} 不比已发布的 {previous.version} 新",
                             f"version {version} is not newer than the released {previous.version}")
    old = previous.version if previous else draft.get("x-schema-version")
    schema = with_version(draft, edition, old, version)
    plan = ReleasePlan(edition, version, previous.version if previous else None, None, None)
    if previous is not None:
        before = edition_from_bytes(released_bytes(previous, root), root / previous.path)
        after = build_edition(schema)
        plan.diff = diff_editions(before, after)
        plan.level = required_level(plan.diff.changes)
        if plan.level is None:
            raise ReleaseRefused(f"工作副本与 {previous.version} 相同，没有可发布的修改",
                                 f"the working copy is the same as {previous.version}: nothing to release",
                                 diff=plan.diff)
        expected = bump(previous.version, plan.level)
        if version != expected:
            shown = "; ".join(f"{c.change} {c.pointer or '#'}" for c in plan.deciding()[:5])
            raise ReleaseRefused(
                f"这些修改应升{LEVEL_ZH[plan.level]}（{plan.level}：{shown}），"
                f"{previous.version} 之后应发布 {expected}，而不是 {version}",
                f"the changes are {plan.level} ({shown}): after {previous.version} the release is {expected}, "
                f"not {version}", diff=plan.diff)
    if (edition, version) not in changelog_entries(_read(root / CHANGELOG)):
        raise ReleaseRefused(
            f"CHANGELOG.md 还没有 {edition} {version} 的条目：请先写一个标题行“## {edition} {version} — 日期”及其说明",
            f"CHANGELOG.md has no entry for {edition} {version} yet: add a heading '## {edition} {version} — date' "
            "with what changed", diff=plan.diff)
    return plan, schema


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def default_docs_dir(root: Path) -> Path | None:
    """``docs/schema/`` beside the schema folder of a checkout; None in an installed package."""
    docs = root.parent / "docs"
    return docs / "schema" if docs.is_dir() else None


def release(edition: str, version: str, *, root: Path | None = None, docs_dir: Path | None = None,
            date: str | None = None, dry_run: bool = False) -> ReleasePlan:
    """Make the release (see the module docstring); ``dry_run`` only judges it."""
    root = root or schema_dir()
    plan, schema = plan_release(edition, version, root)
    if dry_run:
        return plan
    data = schema_bytes(schema)
    published = edition_from_bytes(data, working_path(edition, root))
    archived = archive_path(edition, version, root)
    if archived.exists():
        raise ReleaseRefused(f"{display(archived)} 已存在", f"{display(archived)} already exists")
    _, releases = _latest(root, edition)
    entry = Release(edition, version, date or datetime.date.today().isoformat(), published.schema_id,
                    f"{edition}/versions/{version}/report.schema.json", sha256_hex(data))
    manifest = manifest_path(root)
    old_manifest = manifest.read_bytes() if manifest.exists() else None
    old_working = working_path(edition, root).read_bytes()
    try:
        atomic_write_bytes(archived, data)
        atomic_write_bytes(manifest, manifest_bytes([*releases, entry]))
        atomic_write_bytes(working_path(edition, root), data)
    except BaseException:  # all or nothing: put back what was there
        with contextlib.suppress(OSError):
            archived.unlink()
            archived.parent.rmdir()
        with contextlib.suppress(OSError):
            if old_manifest is None:
                manifest.unlink()
            else:
                atomic_write_bytes(manifest, old_manifest)
            atomic_write_bytes(working_path(edition, root), old_working)
        raise
    forget_releases()
    plan.written = [display(archived), display(manifest), display(working_path(edition, root))]
    docs = docs_dir or default_docs_dir(root)
    if docs is not None:
        plan.written += write_docs(published, docs)
    return plan


def write_docs(edition: Edition, docs: Path) -> list[str]:
    """``<edition>.md`` and ``<edition>.html`` of the reference, regenerated."""
    out = []
    for fmt, suffix in (("markdown", "md"), ("html", "html")):
        path = docs / f"{edition.id}.{suffix}"
        atomic_write_bytes(path, render(edition, fmt).encode("utf-8"))
        out.append(display(path))
    return out


__all__ = ["ReleasePlan", "ReleaseRefused", "SchemaInvalid", "plan_release", "release"]

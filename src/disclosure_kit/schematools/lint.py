"""``schema lint``: is the schema folder usable and are the released versions untouched?

Runs every check of ``lint_schema`` on each edition's working copy, then the checks that span
files: every release of ``manifest.json`` still has its hash (an archived file edited by one byte
is an error, and its content is linted too so that the message says what is wrong in it), no
archived folder is missing from the manifest, every release has a CHANGELOG entry, every
migration names only nodes that exist in the versions it maps, and the working copy is either
the latest release or says plainly that it holds unreleased changes. The result is a
``CheckResult`` so that it prints like ``validate`` (text or JSON, zh or en, exit 0/1).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import orjson

from ..check.findings import ERROR, INFO, WARNING, CheckResult, FileResult, Finding
from ..model.editions import EDITIONS
from ..model.versions import (
    MANIFEST,
    Release,
    SchemaInvalid,
    archive_path,
    is_version,
    manifest_path,
    parse_version,
    read_manifest,
    sha256_hex,
    working_path,
)
from .lint_schema import SchemaFile, lint_report_schema, schema_structure

CHANGELOG = "CHANGELOG.md"
_HEADING = re.compile(r"^##\s+(.*)$")
_ENTRY = re.compile(r"\b(\d{4})\s+(\d+\.\d+\.\d+)\b")


def display(path: Path) -> str:
    """The path as the maintainer typed it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def changelog_entries(text: str) -> dict[tuple[str, str], int]:
    """``(edition, version) -> line`` of every ``## 2021 1.1.0 — date`` heading that has a body."""
    lines = text.splitlines()
    out: dict[tuple[str, str], int] = {}
    for i, line in enumerate(lines):
        m = _HEADING.match(line)
        if not m:
            continue
        body = next((b for b in lines[i + 1:] if b.strip()), "")
        if not body or _HEADING.match(body):
            continue
        for edition, version in _ENTRY.findall(m.group(1)):
            out.setdefault((edition, version), i + 1)
    return out


class _Lint:
    """One run over a schema folder; findings are kept per file, in the order files were met."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, FileResult] = {}
        self.working: dict[str, SchemaFile] = {}
        self.versions: dict[tuple[str, str], SchemaFile] = {}
        self.changed: set[tuple[str, str]] = set()  # releases whose file no longer has its hash

    def file(self, path: Path) -> FileResult:
        name = display(path)
        return self.files.setdefault(name, FileResult(file=name))

    def add(self, path: Path, code: str, severity: str = ERROR, line: int | None = 1, **params: Any) -> None:
        name = display(path)
        self.file(path).findings.append(Finding(code, severity, name, "", line, 1 if line else None, params=params))

    def lint_file(self, path: Path, edition: str, version: str | None) -> SchemaFile | None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            self.add(path, "lint.json", detail=exc.strerror or str(exc))
            return None
        sf = lint_report_schema(display(path), raw, edition, version)
        self.file(path).findings.extend(sf.findings)
        return sf

    def run(self) -> CheckResult:
        for edition in EDITIONS:
            sf = self.lint_file(working_path(edition, self.root), edition, None)
            if sf is not None:
                self.working[edition] = sf
        try:
            releases = read_manifest(self.root)
        except SchemaInvalid as exc:
            archived = any((self.root / e / "versions").is_dir() for e in EDITIONS)
            missing = not manifest_path(self.root).exists()
            self.add(manifest_path(self.root), "lint.manifest", INFO if missing and not archived else ERROR,
                     detail=exc.reason)
            releases = ()
        for release in releases:
            self.check_release(release)
        self.check_unlisted(releases)
        self.check_working(releases)
        self.check_changelog(releases)
        self.check_migrations()
        result = CheckResult(files=list(self.files.values()))
        for r in result.files:
            r.findings.sort(key=Finding.sort_key)
        return result

    def check_release(self, release: Release) -> None:
        path = self.root / release.path
        try:
            raw = path.read_bytes()
        except OSError:
            self.add(path, "lint.released_missing", edition=release.edition, version=release.version)
            return
        found = sha256_hex(raw)
        if found != release.sha256:
            self.changed.add((release.edition, release.version))
            self.add(path, "lint.released_changed", edition=release.edition, version=release.version,
                     found=found[:16] + "…", expected=release.sha256[:16] + "…")
            sf = self.lint_file(path, release.edition, release.version)  # say what is wrong in it, too
        else:
            sf = schema_structure(display(path), raw)  # for the working copy and the migrations
        if sf is not None and sf.data is not None:
            self.versions[(release.edition, release.version)] = sf

    def check_unlisted(self, releases: tuple[Release, ...]) -> None:
        listed = {(r.edition, r.version) for r in releases}
        for edition in EDITIONS:
            folder = self.root / edition / "versions"
            for sub in sorted(folder.iterdir()) if folder.is_dir() else ():
                if sub.is_dir() and (edition, sub.name) not in listed:
                    self.add(archive_path(edition, sub.name, self.root), "lint.unlisted",
                             folder=f"{edition}/versions/{sub.name}")

    def check_working(self, releases: tuple[Release, ...]) -> None:
        for edition, sf in self.working.items():
            known = [r for r in releases if r.edition == edition]
            if not known or not isinstance(sf.data, dict):
                continue
            latest = known[-1]
            version = sf.data.get("x-schema-version")
            path = working_path(edition, self.root)
            released = self.versions.get((edition, latest.version))
            if version == latest.version:
                if released is not None and released.data != sf.data and (edition, version) not in self.changed:
                    self.add(path, "lint.unreleased", INFO, edition=edition, version=latest.version)
            elif version in {r.version for r in known}:
                self.add(path, "lint.version", expected=latest.version, found=version)
            elif is_version(version):
                severity = WARNING if parse_version(version) > parse_version(latest.version) else ERROR
                self.add(path, "lint.version_by_hand", severity, version=version, latest=latest.version)

    def check_changelog(self, releases: tuple[Release, ...]) -> None:
        path = self.root / CHANGELOG
        try:
            entries = changelog_entries(path.read_text(encoding="utf-8"))
        except OSError:
            entries = {}
        for r in releases:
            if (r.edition, r.version) not in entries:
                self.add(path, "lint.changelog", edition=r.edition, version=r.version)

    def nodes_of(self, spec: str) -> set[str] | None:
        """Report pointers of ``2021`` (working copy) or ``2021@1.0.0`` (a release); None if unknown."""
        edition, _, version = spec.partition("@")
        sf = self.versions.get((edition, version)) if version else self.working.get(edition)
        if sf is None and is_version(version) and edition in self.working:
            released = [v for e, v in self.versions if e == edition]
            if all(parse_version(version) > parse_version(v) for v in released):
                sf = self.working[edition]  # the next version, still a draft in the working copy
        return None if sf is None else {"", *sf.nodes}

    def check_migrations(self) -> None:
        folder = self.root / "migrations"
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
            try:
                raw = orjson.loads(path.read_bytes())
                source, target = str(raw["from"]), str(raw["to"])
                rules = {side: raw.get(side, []) for side in ("same", "dropped", "fill_by_hand")}
            except (OSError, orjson.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
                self.add(path, "lint.migration_file", detail=str(exc))
                continue
            ends = {"from": (source, self.nodes_of(source)), "to": (target, self.nodes_of(target))}
            for where, (spec, nodes) in ends.items():
                if nodes is None:
                    self.add(path, "lint.migration_file", detail=f"{where} names {spec!r}, which is neither an "
                                                                 "edition nor a released version")
            for items in rules.values():
                for rule in items if isinstance(items, list) else []:
                    for end in ("from", "to"):
                        spec, nodes = ends[end]
                        pointer = rule.get(end) if isinstance(rule, dict) else None
                        if nodes is not None and isinstance(pointer, str) and pointer not in nodes:
                            self.add(path, "lint.migration", line=_line_of(path, pointer), pointer=pointer,
                                     where=spec)


def _line_of(path: Path, pointer: str) -> int | None:
    """The first line of a migration file that quotes ``pointer``."""
    needle = orjson.dumps(pointer).decode()
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    return None


def lint(path: Path) -> CheckResult:
    """Lint a schema folder (every edition, the archive, the manifest, migrations, the changelog) or
    one report-schema file."""
    if path.is_file():
        sf = lint_report_schema(display(path), path.read_bytes())
        return CheckResult(files=[FileResult(file=sf.name, findings=sorted(sf.findings, key=Finding.sort_key))])
    if not (path / MANIFEST).exists() and not any((path / e).is_dir() for e in EDITIONS):
        raise FileNotFoundError(f"{path}: not a schema folder (no {MANIFEST}, no edition folders)")
    return _Lint(path).run()

"""Released schema versions: the archive under ``schema/<edition>/versions/`` and its manifest.

A released version never changes. ``schema/manifest.json`` lists every release with the SHA-256
of its archived file, and a version is only ever read through ``released_bytes``, which refuses
a file whose content no longer matches its hash: an archived file edited in place makes every
command stop with :class:`SchemaInvalid` (exit 3, "run ``schema lint``") instead of silently
checking reports against rules nobody released. ``schema/<edition>/report.schema.json`` is the
working copy (the draft of the next version); only the schema tools read it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from .resources import SCHEMA_DIR_ENV, schema_dir

try:  # the built-in SHA-256: hashlib would load OpenSSL (a few ms) at the start of every command
    from _sha2 import sha256 as _sha256  # type: ignore[import-not-found]  # Python 3.12+
except ImportError:
    try:
        from _sha256 import sha256 as _sha256  # type: ignore[import-not-found,no-redef]  # Python 3.10, 3.11
    except ImportError:
        from hashlib import sha256 as _sha256  # type: ignore[assignment]

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "disclosure-kit/schema-manifest"
REPORT_SCHEMA = "report.schema.json"
_VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


class SchemaInvalid(Exception):
    """The schema folder cannot be used: a file that does not parse or build, or a released file
    that changed after its release. Every command turns it into exit code 3 and the advice to run
    ``disclosure-kit schema lint``, which says where the problem is."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason

    def __reduce__(self) -> tuple[Any, ...]:  # crosses process pools (dataset --jobs) intact
        return (SchemaInvalid, (self.path, self.reason))


class UnknownVersion(LookupError):
    """A schema version that was never released for the edition."""

    def __init__(self, edition: str, version: str, known: tuple[str, ...]) -> None:
        super().__init__(f"edition {edition} has no released schema version {version!r} "
                         f"(released: {', '.join(known) or 'none'})")
        self.edition, self.version, self.known = edition, version, known

    def __reduce__(self) -> tuple[Any, ...]:
        return (UnknownVersion, (self.edition, self.version, self.known))


@dataclass(frozen=True)
class Release:
    """One released version of one edition, as the manifest records it."""

    edition: str
    version: str
    date: str
    schema_id: str
    path: str  # relative to schema/, with forward slashes
    sha256: str

    def to_dict(self) -> dict[str, str]:
        return {"edition": self.edition, "version": self.version, "date": self.date, "$id": self.schema_id,
                "path": self.path, "sha256": self.sha256}


def parse_version(version: str) -> tuple[int, int, int]:
    """``"1.10.0"`` -> ``(1, 10, 0)``; ValueError for anything that is not MAJOR.MINOR.PATCH."""
    m = _VERSION.match(version) if isinstance(version, str) else None
    if m is None:
        raise ValueError(f"not a MAJOR.MINOR.PATCH version: {version!r}")
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def is_version(value: Any) -> bool:
    return isinstance(value, str) and _VERSION.match(value) is not None


def sha256_hex(data: bytes) -> str:
    return _sha256(data).hexdigest()


def working_path(edition: str, root: Path | None = None) -> Path:
    """The working copy of an edition's schema: the draft of its next version."""
    return (root or schema_dir()) / edition / REPORT_SCHEMA


def archive_path(edition: str, version: str, root: Path | None = None) -> Path:
    return (root or schema_dir()) / edition / "versions" / version / REPORT_SCHEMA


def manifest_path(root: Path | None = None) -> Path:
    return (root or schema_dir()) / MANIFEST


def read_manifest(root: Path) -> tuple[Release, ...]:
    """The releases listed in ``root/manifest.json``, oldest first per edition."""
    path = manifest_path(root)
    try:
        raw = orjson.loads(path.read_bytes())
        if raw.get("format") != MANIFEST_FORMAT:
            raise ValueError(f"format is {raw.get('format')!r}, expected {MANIFEST_FORMAT!r}")
        out = tuple(Release(str(r["edition"]), str(r["version"]), str(r["date"]), str(r["$id"]), str(r["path"]),
                            str(r["sha256"])) for r in raw["releases"])
        for r in out:
            parse_version(r.version)
    except FileNotFoundError:
        raise SchemaInvalid(path, "the manifest of released versions is missing") from None
    except (orjson.JSONDecodeError, AttributeError, KeyError, TypeError, ValueError) as exc:
        raise SchemaInvalid(path, f"the manifest of released versions cannot be read ({exc})") from None
    return tuple(sorted(out, key=lambda r: (r.edition, parse_version(r.version))))


def manifest_bytes(releases: tuple[Release, ...] | list[Release]) -> bytes:
    """The manifest file for these releases (stable order, one release per line group)."""
    ordered = sorted(releases, key=lambda r: (r.edition, parse_version(r.version)))
    doc = {
        "$comment": "Every released schema version and the SHA-256 of its archived file. Written by "
                    "`disclosure-kit schema release`; never edit by hand. `schema lint` and every command "
                    "refuse an archived file whose hash differs.",
        "format": MANIFEST_FORMAT,
        "version": "1.0",
        "releases": [r.to_dict() for r in ordered],
    }
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"


@cache
def _releases(root: Path) -> tuple[Release, ...]:
    return read_manifest(root)


_generation = [0]  # bumped by forget(): what a process read of the archive before a release is stale


def forget() -> None:
    """Drop what this process has read of the manifest (after ``schema release`` wrote a new version)."""
    _releases.cache_clear()
    _table.cache_clear()
    _generation[0] += 1


@dataclass
class VersionTable:
    """The released versions of one edition, for the per-report choice: a few dict lookups."""

    known: tuple[str, ...]
    latest: str
    newer: dict[str, str | None]  # version -> the newest compatible release after it, if any
    editions: dict[str, Any] = field(default_factory=dict)  # version -> Edition, filled by model.editions


def version_table(edition: str) -> VersionTable:
    """The table of ``edition`` for the schema folder in use, built once per process (and release)."""
    return _table(os.environ.get(SCHEMA_DIR_ENV), edition, _generation[0])


@cache
def _table(override: str | None, edition: str, generation: int) -> VersionTable:
    known = known_versions(edition)
    return VersionTable(known, latest_version(edition), {v: newest_compatible(edition, v) for v in known})


def releases(edition: str | None = None) -> tuple[Release, ...]:
    """Released versions (of one edition, or all), oldest first; read once per process."""
    found = _releases(schema_dir())
    return found if edition is None else tuple(r for r in found if r.edition == edition)


def known_versions(edition: str) -> tuple[str, ...]:
    return tuple(r.version for r in releases(edition))


def latest_version(edition: str) -> str:
    known = known_versions(edition)
    if not known:
        raise SchemaInvalid(manifest_path(), f"edition {edition} has no released version")
    return known[-1]


def release_of(edition: str, version: str) -> Release:
    for r in releases(edition):
        if r.version == version:
            return r
    raise UnknownVersion(edition, version, known_versions(edition))


def newest_compatible(edition: str, version: str) -> str | None:
    """The newest released version with the same MAJOR number, when it is newer than ``version``."""
    major = parse_version(version)[0]
    same = [v for v in known_versions(edition) if parse_version(v)[0] == major]
    best = max(same, key=parse_version, default=None)
    return best if best is not None and parse_version(best) > parse_version(version) else None


def released_bytes(release: Release, root: Path | None = None) -> bytes:
    """The archived file of a release, refused unless it still has the hash it was released with."""
    path = (root or schema_dir()) / release.path
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SchemaInvalid(path, f"released version {release.edition} {release.version} cannot be read "
                                  f"({exc.strerror or exc})") from None
    if sha256_hex(data) != release.sha256:
        raise SchemaInvalid(path, f"released version {release.edition} {release.version} was changed after its "
                                  "release (its SHA-256 differs from schema/manifest.json)")
    return data

"""The operations behind both the pages and ``/api/v1/``, each a call into ``disclosure_kit.api``.

Checking a report file is cheap (under a millisecond for a valid JSON report): a report of usual
size is checked right on the event loop, a larger one in a thread so that a 10 MB YAML file never
holds the loop; rendering a file (a DOCX or a workbook takes a few hundred milliseconds) is called
in a thread by the routes; importing a source runs in a bounded process (``workers``). Either way
the caller gets a ``FileResult``, the same object the command line prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool

from .. import api
from ..check.findings import CheckResult, FileResult
from ..check.loading import REPORT_SUFFIXES
from ..importers.run import SUFFIXES as IMPORT_SUFFIXES
from .bodies import Incoming
from .problems import Problem
from .workers import ImportPool

if TYPE_CHECKING:
    from ..renderers.base import Renderer

INLINE_BYTES = 64 * 1024  # a report up to this size (a real one is 7-15 KB) is checked on the event loop


@dataclass
class Checked:
    """A checked report and, for an imported source, where each value was read."""

    result: FileResult
    provenance: dict[str, Any] = field(default_factory=dict)
    layout: dict[str, Any] = field(default_factory=dict)
    imported: bool = False


def _accepted(kinds: tuple[str, ...]) -> str:
    return " ".join(dict.fromkeys(kinds))


def check_report_bytes(data: bytes, name: str) -> FileResult:
    """``api.check`` for bytes, with a failure of the tool turned into a finding as the CLI does."""
    try:
        return api.check(data, name=name)
    except Exception as exc:  # the tool failed, not the report: the same finding as validate's
        return FileResult(file=name, findings=[api.Finding("tool.error", "error", name, params={"detail": repr(exc)})])


async def check_report(incoming: Incoming) -> Checked:
    """A report file (JSON or YAML): checked in a worker thread."""
    if not incoming.is_report:
        raise Problem(415, "web.unsupported_file", suffix=incoming.suffix or "(none)",
                      known=_accepted(REPORT_SUFFIXES))
    data = incoming.report_bytes()
    if len(data) <= INLINE_BYTES:  # a report of usual size: checked at once, no thread hop
        return Checked(check_report_bytes(data, incoming.name))
    return Checked(await run_in_threadpool(check_report_bytes, data, incoming.name))


async def import_source(incoming: Incoming, pool: ImportPool, edition: str = "auto") -> Checked:
    """A published source or a workbook: imported in a bounded process, then checked there."""
    if not incoming.is_source:
        raise Problem(415, "web.unsupported_file", suffix=incoming.suffix or "(none)",
                      known=_accepted(IMPORT_SUFFIXES))
    outcome = await pool.run(incoming.content, incoming.suffix, incoming.name, edition)
    return Checked(outcome.result, outcome.provenance, outcome.layout, imported=True)


async def check_any(incoming: Incoming, pool: ImportPool) -> Checked:
    """What the check page accepts: a report file, or anything ``import`` reads."""
    if incoming.is_report:
        return await check_report(incoming)
    if incoming.is_source:
        return await import_source(incoming, pool)
    raise Problem(415, "web.unsupported_file", suffix=incoming.suffix or "(none)",
                  known=_accepted((*REPORT_SUFFIXES, *IMPORT_SUFFIXES)))


def result_payload(result: FileResult, lang: str, strict: bool = False) -> dict[str, Any]:
    """The check-result JSON of ``validate --format json`` for this one file."""
    return api.result_dict(CheckResult(files=[result], strict=strict), lang)


def base_name(file: str) -> str:
    stem = file.rsplit("/", 1)[-1]
    dot = stem.rfind(".")
    return (stem[:dot] if dot > 0 else stem) or "report"


@cache
def renderers() -> dict[str, Renderer]:
    """The renderers that load (built-ins and plug-ins, those of ``api.renderer_names``), by name.

    Read once per process (``create_app`` warms it): asking the installed distributions for their
    entry points costs about 7 ms, which every render, result page and renderer listing paid again,
    and plug-ins installed while the service runs are taken up at its restart anyway.
    """
    from ..renderers import registry

    return {e.name: e.renderer for e in registry.entries() if e.renderer is not None}


def render_file(result: FileResult, to: str, lang: str, *, force: bool, annotate: bool = False
                ) -> tuple[bytes, str, str]:
    """(content, file name, media type) of ``api.render``; ``Problem`` when it cannot be made."""
    renderer = renderers().get(to)
    if renderer is None:
        raise Problem(404, "web.renderer_unknown", name=to, known=", ".join(renderers()))
    if result.report is None or result.edition is None:
        raise Problem(422, "web.report_unreadable", findings=result_payload(result, lang)["files"][0]["findings"])
    try:
        content = api.render(result, to, lang=lang, annotate=annotate, force=force)
    except api.RenderRefused:
        raise Problem(422, "web.render_refused", errors=result.errors,
                      findings=result_payload(result, lang)["files"][0]["findings"]) from None
    return content, file_name(result, renderer.suffix, lang), renderer.media_type


def file_name(result: FileResult, suffix: str, lang: str) -> str:
    from .words import word

    marker = "-" + word("has_errors", lang) if result.errors else ""
    return f"{base_name(result.file)}{marker}{suffix}"


def report_file(result: FileResult, kind: str, lang: str) -> tuple[bytes, str, str]:
    """The report itself as labelled YAML, JSON or the xlsx workbook (the files of ``new``/``export``)."""
    from ..authoring.reportfile import json_text, report_text
    from ..authoring.workbook import workbook_bytes
    from ..model.editions import get_edition

    if result.report is None or result.edition is None:
        raise Problem(422, "web.report_unreadable", findings=result_payload(result, lang)["files"][0]["findings"])
    edition = get_edition(result.edition, result.schema_version)  # the version it was checked against, as export
    if kind == "yaml":
        return report_text(edition, result.report).encode("utf-8"), file_name(result, ".yaml", lang), \
            "application/yaml; charset=utf-8"
    if kind == "json":
        return json_text(result.report), file_name(result, ".json", lang), "application/json"
    return workbook_bytes(edition, result.report), file_name(result, ".xlsx", lang), \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

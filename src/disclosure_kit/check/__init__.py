"""The checking pipeline: one report file in, located findings out.

A file travels ``loading`` (bytes -> data, with ``sourcemap`` positions) -> ``pipeline`` (edition,
then ``schema`` errors, blank cells, ``identities``) -> ``findings`` (``Finding``, ``FileResult``,
``CheckResult`` and the exit code) -> ``output`` (text or the versioned JSON, with ``messages`` in
Chinese or English). Every other tool that needs a verdict on a report (import, render, dataset,
fill) calls this package; it knows nothing of them.
"""

from .._compat import moved_names

# ``disclosure_kit.check`` was one module before it became this package: plug-ins written against
# it keep working for one release, with a warning.
__getattr__ = moved_names(__name__, f"{__name__}.pipeline", (
    "CheckOptions", "STDIN", "check_data", "check_edition", "check_file", "check_files", "iter_report_paths"))

"""Is this file a report at all? For hooks that are handed every YAML and JSON file of a repository.

A pre-commit hook sees ``.github/workflows/ci.yaml``, ``package.json`` and ``mkdocs.yml`` beside the
reports; checking them against the report schema would fail every commit. A report is a file whose
top-level mapping has an ``edition`` key (the schema requires it), so that is the test, made on the
text without loading it: a report with a syntax error must still be recognised, so that its
error is shown rather than skipped. YAML: a key ``edition`` at the start of a line (the top level
of a block mapping), plain or quoted. JSON: the parsed object has the key; when it does not parse,
``"edition":`` anywhere in it.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..fileio.reading import ReadRefused, read_file

_YAML_KEY = re.compile(rb"""^(?:edition|"edition"|'edition')[ \t]*:""", re.MULTILINE)
_JSON_KEY = re.compile(rb'"edition"\s*:')


def is_report(path: str | Path, limit: int | None = None) -> bool:
    """Whether ``path`` is meant to be a report; a file that cannot be read counts as one, so that
    the check that follows says why it cannot be read."""
    if str(path) == "-" or str(path).lower().endswith(".xlsx"):
        return True
    try:
        raw = read_file(path, limit)
    except ReadRefused:
        return True
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    if str(path).lower().endswith(".json"):
        import orjson

        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return bool(_JSON_KEY.search(raw))
        return isinstance(data, dict) and "edition" in data
    return bool(_YAML_KEY.search(raw))

"""Text a workbook cannot hold: XML 1.0 has no place for most control characters.

A JSON report may carry ``"\\u0001"`` in a narrative (pasted from another program); the xlsx file
is XML, and openpyxl refuses such a character with an exception in the middle of the export. So
``export`` looks first and names every such place as an error of the report, located like any
other finding, and writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..check.sourcemap import escape_token

_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def unwritable_text(data: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """(JSON pointer, first offending character as ``U+XXXX``) for each key or text a workbook cannot hold."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{pointer}/{escape_token(str(key))}"
            if isinstance(key, str) and (hit := _UNWRITABLE.search(key)):
                yield here, f"U+{ord(hit.group()):04X}"
            yield from unwritable_text(value, here)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from unwritable_text(value, f"{pointer}/{i}")
    elif isinstance(data, str) and (hit := _UNWRITABLE.search(data)):
        yield pointer, f"U+{ord(hit.group()):04X}"

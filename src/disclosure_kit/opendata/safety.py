"""Values that open data cannot carry as they are: huge integers, non-finite numbers, broken text.

JSON allows integers of any size, but a portal reads numbers as IEEE doubles (JavaScript, pandas,
a Parquet ``double`` column): an integer beyond ±(2^53 − 1) would come out changed, and one beyond
2^64 stops most JSON libraries outright. A JSON string may carry a lone surrogate
(``"\\ud800"``), which is not Unicode and cannot be written as UTF-8. Such a value is a finding of
its file (``opendata.out_of_range``, ``opendata.invalid_unicode``, errors): the cell or field is
published as ``invalid`` with no value, and the run carries on with the other files.

The common case costs one ``orjson.dumps`` in strict-integer mode (a few microseconds); the
document is walked only when that fails.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import cache
from typing import Any

import orjson

from ..check.chars import lone_surrogate
from ..check.findings import ERROR, Finding
from ..check.identities import cell_value
from ..check.messages import register_templates
from ..check.schema import place_of
from ..check.sourcemap import escape_token
from ..model.editions import Edition

MAX_SAFE_INTEGER = 2**53 - 1
_STRICT = orjson.OPT_STRICT_INTEGER | orjson.OPT_NON_STR_KEYS

register_templates({
    "opendata.out_of_range": (
        "数值 {value} 超出开放数据可准确表示的范围（绝对值不超过 2^53−1 的有限数）",
        "the number {value} is outside what open data can carry exactly (finite, at most 2^53−1 in size)",
    ),
    "opendata.invalid_unicode": (
        "文本含有无效的 Unicode 字符（孤立代理项），无法写出",
        "the text holds invalid Unicode (a lone surrogate) and cannot be written",
    ),
})


def bad_number(value: Any) -> bool:
    """An int beyond ±(2^53 − 1) or a float that is not finite."""
    if type(value) is int:
        return not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER
    return type(value) is float and not math.isfinite(value)


def _walk(value: Any, pointer: str, depth: int = 0) -> Iterator[tuple[str, str, Any]]:
    if depth > 200:  # the loader bounds nesting far below this; never recurse without end
        return
    if isinstance(value, dict):
        for key, child in value.items():
            token = escape_token(key) if isinstance(key, str) else str(key)
            if isinstance(key, str) and lone_surrogate(key):
                yield pointer, "opendata.invalid_unicode", None
                continue
            yield from _walk(child, f"{pointer}/{token}", depth + 1)
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _walk(child, f"{pointer}/{i}", depth + 1)
    elif isinstance(value, str):
        if lone_surrogate(value):
            yield pointer, "opendata.invalid_unicode", None
    elif not isinstance(value, bool) and bad_number(value):
        yield pointer, "opendata.out_of_range", value


def unrepresentable(report: Any, file: str, edition: Edition | None = None) -> list[Finding]:
    """Findings for every value of ``report`` that open data cannot carry (usually none).

    Non-finite numbers (``1e400`` reads as infinity) pass ``orjson`` as null; they can only stand
    where the schema admits a float, in an amount cell, so only those cells of ``edition`` are looked
    at for them on the fast path (the amount and money cells).
    """
    try:
        orjson.dumps(report, option=_STRICT)
    except TypeError:
        found = list(_walk(report, ""))
    else:
        found = []
        for pointer, path in _float_cells(edition.id, edition.version) if edition is not None else ():
            value = cell_value(report, path)
            if type(value) is float and not math.isfinite(value):
                found.append((pointer, "opendata.out_of_range", value))
    return [
        Finding(code, ERROR, file, pointer, params={"value": _shown(value)} if code.endswith("range") else {},
                place=place_of(edition, pointer) if edition is not None else None)
        for pointer, code, value in found
    ]


@cache
def _float_cells(edition_id: str, version: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(pointer, path) of the cells and fields that may hold a float."""
    from .cells import cell_infos

    return tuple((c.pointer, c.path) for c in cell_infos(edition_id, version) if c.kind in ("amount", "money"))


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:18]}…{text[-18:]} ({len(text)} digits)"


def clean_text(text: str) -> str:
    """Text that can be written as UTF-8: a lone surrogate becomes its escape (``\\ud800``)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8") if lone_surrogate(text) else text


def jsonable(value: Any) -> Any:
    """A copy of ``value`` that any JSON writer accepts: big ints and non-finite numbers as text,
    broken text escaped. Used only after a fast write failed."""
    if isinstance(value, dict):
        return {clean_text(str(k)): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, str):
        return clean_text(value)
    if not isinstance(value, bool) and bad_number(value):
        return _shown(value)
    return value


def dumps(value: Any, option: int = 0) -> bytes:
    """``orjson.dumps`` that never fails on report values (see ``jsonable``)."""
    try:
        return orjson.dumps(value, option=option | orjson.OPT_STRICT_INTEGER)
    except TypeError:
        return orjson.dumps(jsonable(value), option=option)

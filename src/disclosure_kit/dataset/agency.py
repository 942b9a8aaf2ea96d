"""The key that says two reports come from the same agency.

An agency code (统一社会信用代码), when present, wins. Otherwise the name is compared after
removing every kind of white space (including U+3000) and folding full-width ASCII forms and
brackets to their half-width counterparts. The key is only used to match; the name written in the
outputs is always the one in the report, untouched (report text is never NFKC-normalised).
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+", re.UNICODE)
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}  # full-width ASCII -> ASCII
_FOLD.update({0x3010: ord("["), 0x3011: ord("]"), 0x3014: ord("["), 0x3015: ord("]")})


def normalise_name(name: str) -> str:
    """``沭阳县 发展和改革局（本级）`` and ``沭阳县发展和改革局(本级)`` give the same key."""
    return _SPACE.sub("", name.translate(_FOLD)).casefold()


def agency_key(name: str | None, code: str | None) -> str | None:
    """``code:<CODE>`` when a code is given, ``name:<normalised>`` otherwise, None without either."""
    if isinstance(code, str) and code.strip():
        return "code:" + _SPACE.sub("", code.translate(_FOLD)).upper()
    if isinstance(name, str) and normalise_name(name):
        return "name:" + normalise_name(name)
    return None

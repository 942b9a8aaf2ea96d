"""Characters that make text show something other than what it holds, and what we do about them.

A report's text can carry control characters, ANSI escape sequences (``ESC [ 31 m`` colours a
terminal, ``ESC [ 2 K`` erases a line) and bidirectional overrides (U+202E shows ``exe.txt`` for
``txt.exe``); a file name can carry a line feed that forges an ``ok`` line. The check warns about
such text in a report's strings (``text.control_chars``, located like any finding) and every line written
to a terminal escapes them (``escape_terminal``), so what a clerk sees is what the file holds.
JSON output escapes control characters by itself and keeps the text exact.
"""

from __future__ import annotations

import re
from typing import Any

from .sourcemap import escape_token

# Control characters (tab, line feed and carriage return are ordinary text), C1 controls, and the
# bidirectional embeddings, overrides and isolates.
SUSPECT = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]"
SUSPECT_RE = re.compile(SUSPECT)
_TERMINAL_RE = re.compile("[\\x00-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def lone_surrogate(value: str) -> bool:
    """True when ``value`` holds half of a UTF-16 pair (``"\\ud800"``), which is not Unicode text."""
    if value.isascii():
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def code_points(value: str) -> str:
    """The suspect characters of ``value``, named once each: ``U+001B, U+202E``."""
    seen = dict.fromkeys(SUSPECT_RE.findall(value))
    return ", ".join(f"U+{ord(ch):04X}" for ch in seen)


def suspect_strings(data: Any) -> list[str]:
    """Pointers of the string values that hold a suspect character, in document order.

    Keys are not text of the report: the schema names them all (an unknown one is a finding of
    its own, escaped on the terminal like any other). Walks with a stack, not recursion: a
    report's nesting is bounded, but a plug-in may hand in any data.
    """
    found: list[str] = []
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, str):
            if SUSPECT_RE.search(node):
                found.append(pointer)
        elif isinstance(node, dict):
            for key, value in node.items():
                stack.append((f"{pointer}/{escape_token(str(key))}", value))
        elif isinstance(node, list):
            stack.extend((f"{pointer}/{i}", v) for i, v in enumerate(node))
    return sorted(found)


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def escape_terminal(text: str) -> str:
    """``text`` with every control, line-break and bidirectional character written as an escape
    (``\\n``, ``\\x1b``, ``\\u202e``), so one finding is one line and shows what the file holds."""
    return _TERMINAL_RE.sub(_escape, text) if _TERMINAL_RE.search(text) else text

"""Where an output may go: never onto an input, never onto a folder; why a write failed, as a code.

An atomic write replaces its destination whole, so ``validate X -o X`` would replace the report
by its findings, and a symlink or a hard link to X does the same under another name. The only
reliable test is the identity of the file (device and inode, after following links), never its
name. A write the system refuses (a folder, no permission, a read-only file system, a full disk)
becomes a ``WriteRefused`` with a code, so each interface says it in its own words and exit code
instead of printing an ``OSError`` traceback.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from typing import Any

_ERRNO_CODES = {
    errno.EISDIR: "is_directory",
    errno.ENOTDIR: "not_a_directory",
    errno.EEXIST: "not_a_directory",  # mkdir of a parent that exists as a file
    errno.EACCES: "no_permission",
    errno.EPERM: "no_permission",
    errno.EROFS: "read_only",
    errno.ENOSPC: "no_space",
    errno.EFBIG: "no_space",  # the file-size limit of the process (RLIMIT_FSIZE) or of the file system
    errno.ENAMETOOLONG: "name_too_long",
}
if hasattr(errno, "EDQUOT"):
    _ERRNO_CODES[errno.EDQUOT] = "no_space"

USAGE_CODES = frozenset({"output_is_input", "is_directory", "not_a_directory", "name_too_long"})
"""Refusals caused by the output named on the command line (exit code 2); the others are the
system's (no permission, read-only, full disk, I/O error: exit code 3)."""


class WriteRefused(OSError):
    """A write that did not happen: ``code`` says why, ``path`` is the destination, ``params`` the details.

    An ``OSError``, so callers that already catch ``OSError`` keep working.
    """

    def __init__(self, code: str, path: str | os.PathLike[str], **params: Any) -> None:
        super().__init__(f"{code}: {path}")
        self.code = code
        self.path = str(path)
        self.params = params


def refusal(exc: OSError, path: str | os.PathLike[str]) -> WriteRefused:
    """The ``WriteRefused`` for an ``OSError`` met while writing ``path``."""
    if isinstance(exc, WriteRefused):
        return exc
    code = _ERRNO_CODES.get(exc.errno or 0, "io")
    return WriteRefused(code, path, reason=exc.strerror or str(exc))


def check_target(path: str | os.PathLike[str]) -> None:
    """Refuse a destination that is an existing folder (a link to one included) before any work."""
    if os.path.isdir(path):
        raise WriteRefused("is_directory", path)


def _identity(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    try:
        info = os.stat(path)  # follows symlinks: a link to an input is that input
    except (OSError, ValueError, TypeError):  # no such file, or not a path at all
        return None
    return info.st_dev, info.st_ino


def outputs_onto_inputs(outputs: Iterable[str | os.PathLike[str]],
                        inputs: Iterable[str | os.PathLike[str]]) -> list[tuple[str, str]]:
    """The (output, input) pairs that are the same file, by identity.

    An output that does not exist yet cannot be an input, so when none exists (the common case)
    ``inputs``, which may be a lazy walk of folders, is not even started; otherwise each input is
    looked at once, however many outputs there are.
    """
    existing = {ident: str(out) for out in outputs if (ident := _identity(out)) is not None}
    if not existing:
        return []
    return [(existing[ident], str(item)) for item in inputs
            if str(item) != "-" and (ident := _identity(item)) in existing]


def refuse_outputs_onto_inputs(outputs: Iterable[str | os.PathLike[str]],
                               inputs: Iterable[str | os.PathLike[str]]) -> None:
    """Raise ``WriteRefused("output_is_input")`` for the first output that is one of ``inputs``."""
    for output, item in outputs_onto_inputs(outputs, inputs):
        raise WriteRefused("output_is_input", output, input=item)

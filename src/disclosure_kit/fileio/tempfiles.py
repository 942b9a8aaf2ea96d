"""Temporary files and folders of ours: named after their owner, removed by later runs once it is gone.

A run killed by ``SIGKILL``, the OOM killer or a power cut cannot clean up after itself: an atomic
write leaves ``.<name>.….tmp`` beside its destination, a dataset leaves a folder of hundreds of
megabytes. So every temporary entry the tool makes carries an owner tag, ``dk-<host>-<pid>-``,
and whoever makes a new one in a folder first sweeps that folder (once per process) of entries
whose owner is gone:

* same host, the process ``pid`` no longer exists, and untouched for ``GRACE`` seconds;
* another host (a shared network folder) only when untouched for ``STALE_AGE`` (a day): its
  owner cannot be asked.

An entry whose process still exists is never removed, even if the pid was reused, and a name
without our tag is never touched (a user's ``.backup.20240101.tmp``, or a temporary file of a
version before the tags): losing a file to a guess is worse than keeping a stale one. Beside an
output the names are hidden (``.report.html.dk-3fa2c1d0-4242-k2j3h4g5.tmp``); in the system
temporary folder they are ``disclosure-kit-<purpose>.dk-….tmp``. Bottom layer: imports nothing
of the package.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

SUFFIX = ".tmp"
SYSTEM_PREFIX = "disclosure-kit-"
GRACE = 60.0  # seconds: a temporary entry this fresh is left alone whatever its tag says
STALE_AGE = 24 * 3600.0  # seconds: an entry whose owner cannot be asked is stale after a day
NAME_KEEP = 100  # characters of the destination's name kept in a temporary name (255 is the limit)

_TAGGED = re.compile(r"\.dk-(?P<host>[0-9a-f]{8})-(?P<pid>[0-9]+)-[A-Za-z0-9_]+\.tmp$")
_swept: set[str] = set()


def host_tag() -> str:
    """Eight hex digits naming this machine (a hostname can be long, or hold characters unfit for a name)."""
    return hashlib.blake2s(os.uname().nodename.encode("utf-8", "replace"), digest_size=4).hexdigest()


def owner_tag() -> str:
    return f"dk-{host_tag()}-{os.getpid()}-"


def _prefix(name: str) -> str:
    """The hidden prefix of a temporary entry beside ``name``; the destination's name stays readable."""
    return f".{name[:NAME_KEEP]}.{owner_tag()}"


def temp_file(folder: Path, name: str) -> tuple[int, str]:
    """An open descriptor and the path of a new temporary file beside ``folder/name`` (mode 0600)."""
    sweep(folder)
    return tempfile.mkstemp(prefix=_prefix(name), suffix=SUFFIX, dir=folder)


def temp_dir(name: str, folder: Path | None = None) -> Path:
    """A new private folder: beside ``folder/name`` when a folder is given (a dataset being written
    before it is renamed into place), else in the system temporary folder."""
    if folder is None:
        base = Path(tempfile.gettempdir())
        sweep(base)
        return Path(tempfile.mkdtemp(prefix=f"{SYSTEM_PREFIX}{name[:NAME_KEEP]}.{owner_tag()}", suffix=SUFFIX,
                                     dir=base))
    sweep(folder)
    return Path(tempfile.mkdtemp(prefix=_prefix(name), suffix=SUFFIX, dir=folder))


@contextlib.contextmanager
def temporary_dir(name: str, folder: Path | None = None) -> Iterator[Path]:
    """``temp_dir`` removed on leaving the block, whatever happens (an interrupt included)."""
    path = temp_dir(name, folder)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _owner_gone(host: str, pid: int) -> bool | None:
    """True when the owner process is certainly gone; None when it cannot be known from here."""
    if host != host_tag() or os.name != "posix":
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        return False
    except (OverflowError, ValueError):  # not a pid this system can have
        return None
    return False


def is_stale(name: str, mtime: float, now: float | None = None) -> bool:
    """Whether a temporary entry named ``name``, last changed at ``mtime``, belongs to nobody any more."""
    age = (time.time() if now is None else now) - mtime
    if age < GRACE:
        return False
    tagged = _TAGGED.search(name)
    if tagged is None:
        return False
    gone = _owner_gone(tagged["host"], int(tagged["pid"]))
    return age > STALE_AGE if gone is None else gone


def sweep(folder: Path | str) -> list[Path]:
    """Remove the stale temporary entries of ours in ``folder`` (once per folder and process).

    Only names of our two shapes are considered, never a symlink; errors are ignored (another
    run may be sweeping the same folder, or the folder may be read-only: the write that follows
    will say so).
    """
    key = os.path.abspath(folder)
    if key in _swept:
        return []
    _swept.add(key)
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(key))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not name.endswith(SUFFIX) or not (name.startswith(".") or name.startswith(SYSTEM_PREFIX)):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode) or not is_stale(name, info.st_mtime, now):
                continue
            if stat.S_ISDIR(info.st_mode):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def forget_sweeps() -> None:
    """Let the next ``sweep`` of every folder run again (tests; a long-lived service may call it daily)."""
    _swept.clear()

"""An ordered map over a process pool: every core, output in input order, nothing left running.

* Order: results are taken in submission order, so the output is identical to a run on one core.
* Memory: at most ``in_flight`` tasks per worker are submitted ahead of the one being written,
  so a run over a million files holds a few chunks, never the whole list (back-pressure).
* Stopping: workers ignore SIGINT, SIGTERM and SIGHUP and leave them to the parent, which kills them
  (SIGKILL) when it stops for any reason; on Linux each worker also asks the kernel to kill it
  when its parent dies (``PR_SET_PDEATHSIG``), so even a parent killed by SIGKILL leaves none
  behind.

Workers are forked where the platform allows it (Linux): they start in milliseconds with the
parent's schema validators already built; elsewhere they are spawned.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
IN_FLIGHT = 3
_PR_SET_PDEATHSIG = 1


class WorkerDied(RuntimeError):
    """A worker process ended without finishing its task (killed, out of memory)."""


def cores() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def die_with_parent(parent: int) -> None:
    """Worker start-up: leave Ctrl-C and SIGTERM (sent to the whole group by a terminal, systemd or
    a container) to the parent, which stops the workers itself, and die when the parent dies, so
    that even a parent killed with SIGKILL leaves no worker behind."""
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    if sys.platform.startswith("linux"):  # the kernel sends SIGKILL the moment the parent dies
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request above took effect
        os._exit(1)

    def watch() -> None:  # elsewhere, and as a second line: poll
        while True:
            threading.Event().wait(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def ordered_map(fn: Callable[..., R], items: Iterable[T], jobs: int, *args: Any) -> Iterator[R]:
    """``fn(item, *args)`` for every item, in order; on ``jobs`` worker processes when jobs > 1.

    ``fn`` and its arguments must be picklable (a module-level function). Raises ``WorkerDied``
    when a worker is lost; any exception (an interrupt included) kills the workers first.
    """
    if jobs <= 1:
        for item in items:
            yield fn(item, *args)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                               initializer=die_with_parent, initargs=(os.getpid(),))
    pending: deque[Any] = deque()
    try:
        for item in items:
            pending.append(pool.submit(fn, item, *args))
            if len(pending) >= jobs * IN_FLIGHT:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BrokenProcessPool as exc:
        _kill(pool)
        raise WorkerDied(str(exc)) from None
    except BaseException:
        _kill(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _kill(pool: Any) -> None:
    """SIGKILL every worker now (they ignore SIGTERM; ``kill_workers`` is public from 3.14)."""
    kill = getattr(pool, "kill_workers", None)
    if kill is not None:
        kill()
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.kill()
    for process in processes:
        process.join(5)

"""Run the worker over all files and yield Outcomes in file order, whatever the engine.

* ``local`` with ``jobs == 1``: inline, in this process;
* ``local`` with ``jobs > 1``: a process pool whose workers die with the main process (even when
  it is killed outright: they watch their parent) and leave Ctrl-C and SIGTERM to it;
* ``dask``: a Dask distributed cluster (``--scheduler ADDRESS``; the files must be readable by the
  workers at the same paths). A missing ``distributed`` package is an error caused by an
  ``ImportError`` and an unreachable scheduler a ``ConnectionError``, each with a clear message: the
  CLI reports them as ``tool.dependency`` and ``tool.system`` (exit code 3, docs/cli.md), never as a
  traceback.

Work is cut into chunks and at most a few chunks per worker are in flight: results are consumed
in submission order, so the outputs are identical across engines and the memory held by finished
but not yet written results stays bounded (back-pressure), however many files there are.
"""

from __future__ import annotations

import itertools
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..check.parallel import die_with_parent
from .worker import Outcome, WorkOptions, process_chunk

CHUNK = 32
IN_FLIGHT_PER_WORKER = 3
Item = tuple[str, str, int]  # (path, display name, report id)


class EngineError(Exception):
    """The engine was asked wrongly (``--engine dask`` without a scheduler): a usage error."""


def chunks(items: Iterable[Item], size: int = CHUNK) -> Iterator[list[Item]]:
    """Cut a (lazy) stream of items into lists of ``size``."""
    stream = iter(items)
    while chunk := list(itertools.islice(stream, size)):
        yield chunk


def _windowed(
    submit: Callable[[list[Item]], Any], result: Callable[[Any], list[Outcome]], items: Iterable[Item], window: int,
) -> Iterator[Outcome]:
    pending: deque[Any] = deque()
    for chunk in chunks(items):
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield from result(pending.popleft())
    while pending:
        yield from result(pending.popleft())


def run_local(items: Iterable[Item], options: WorkOptions, jobs: int) -> Iterator[Outcome]:
    if jobs <= 1:
        for chunk in chunks(items):
            yield from process_chunk(chunk, options)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # concurrent.futures rather than multiprocessing.Pool: Pool.terminate() can deadlock when it
    # is called while its task-handler thread is feeding a worker; an executor whose workers are
    # killed just turns broken and shuts down.
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"), initializer=die_with_parent,
                               initargs=(os.getpid(),))
    try:
        yield from _windowed(
            lambda chunk: pool.submit(process_chunk, chunk, options),
            lambda future: future.result(),
            items,
            jobs * IN_FLIGHT_PER_WORKER,
        )
    except BaseException:
        _stop_workers(pool)
        raise
    pool.shutdown(wait=True, cancel_futures=True)


def _stop_workers(pool: Any) -> None:
    """Stop the workers of an interrupted run: queued chunks are cancelled, a chunk in progress ends
    (milliseconds: every read is bounded), then each worker exits; one still alive after 5 s is
    killed. Killing them at once is worse: a worker killed while it writes its result leaves the
    pool's reader thread waiting for the rest of the message, and the process never exits."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + 5
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
    for process in processes:
        if process.exitcode is None:  # still starting or still busy: no result of its is awaited any more
            process.kill()
            process.join()


def connect(scheduler: str, timeout: float) -> Any:
    """A Dask client of the scheduler at ``scheduler``, or an error that says why not (see above)."""
    try:
        from distributed import Client
        from distributed.comm import connect as probe
    except ImportError as exc:  # the optional extra is not installed
        raise RuntimeError("the dask engine needs the extra: pip install 'disclosure-kit[dask]'") from exc
    import asyncio

    async def reach() -> None:
        comm = await probe(scheduler, timeout=timeout)
        await comm.close()

    try:
        # A bare probe first: a Client given an address where nothing listens can hang while it
        # closes itself after the failed connection (distributed 2026.8), whatever its timeout.
        asyncio.run(reach())
        return Client(scheduler, set_as_default=False, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConnectionError(f"cannot reach the Dask scheduler at {scheduler} within {timeout:g} s "
                              f"/ 无法连接 Dask 调度器：{exc}") from None


def run_dask(client: Any, items: Iterable[Item], options: WorkOptions) -> Iterator[Outcome]:
    """Run on a connected Dask client (closed at the end)."""
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        yield from _windowed(
            lambda chunk: client.submit(process_chunk, chunk, options, pure=False),
            lambda future: future.result(),
            items,
            workers * IN_FLIGHT_PER_WORKER,
        )
    finally:
        client.close()


def run(
    items: Iterable[Item], options: WorkOptions, engine: str = "local", jobs: int = 1,
    scheduler: str | None = None, timeout: float = 10.0,
) -> Iterator[Outcome]:
    """Outcomes of every (path, name, report id) item, in the order of ``items``."""
    if engine == "dask":
        if not scheduler:
            raise EngineError("--engine dask needs --scheduler ADDRESS")
        return run_dask(connect(scheduler, timeout), items, options)  # connects now: fails early
    return run_local(items, options, jobs)

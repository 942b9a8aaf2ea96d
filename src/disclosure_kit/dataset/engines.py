"""Run the worker over all files and yield Outcomes in file order, whatever the engine.

* ``local`` with ``jobs == 1``: inline, in this process;
* ``local`` with ``jobs > 1``: a process pool;
* ``dask``: a Dask distributed cluster (``--scheduler ADDRESS``; the files must be readable by the
  workers at the same paths).

Work is cut into chunks and at most a few chunks per worker are in flight: results are consumed
in submission order, so the outputs are identical across engines and the memory held by finished
but not yet written results stays bounded (back-pressure), however many files there are.
"""

from __future__ import annotations

import itertools
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .worker import Outcome, WorkOptions, process_chunk

CHUNK = 32
IN_FLIGHT_PER_WORKER = 3


def chunks(items: Iterable[tuple[str, str]], size: int = CHUNK) -> Iterator[list[tuple[str, str]]]:
    """Cut a (lazy) stream of items into lists of ``size``."""
    stream = iter(items)
    while chunk := list(itertools.islice(stream, size)):
        yield chunk


def _windowed(
    submit: Callable[[list[tuple[str, str]]], Any],
    result: Callable[[Any], list[Outcome]],
    items: Iterable[tuple[str, str]],
    window: int,
) -> Iterator[Outcome]:
    pending: deque[Any] = deque()
    for chunk in chunks(items):
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield from result(pending.popleft())
    while pending:
        yield from result(pending.popleft())


def _ignore_sigint() -> None:
    """Pool workers leave Ctrl-C to the main process, which stops them and cleans up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_local(items: Iterable[tuple[str, str]], options: WorkOptions, jobs: int) -> Iterator[Outcome]:
    if jobs <= 1:
        for chunk in chunks(items):
            yield from process_chunk(chunk, options)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # concurrent.futures rather than multiprocessing.Pool: Pool.terminate() can deadlock when it
    # is called while its task-handler thread is feeding a worker (seen here once in six runs of
    # the interrupt test); an executor whose workers are killed just turns broken and shuts down.
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_ignore_sigint)
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
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _stop_workers(pool: Any) -> None:
    """Kill the workers of an interrupted run at once (the executor has no public way before 3.14)."""
    terminate = getattr(pool, "terminate_workers", None)
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.join(5)


def run_dask(items: Iterable[tuple[str, str]], options: WorkOptions, scheduler: str) -> Iterator[Outcome]:
    try:
        from distributed import Client
    except ImportError as exc:  # the optional extra is not installed
        raise RuntimeError("the dask engine needs the extra: pip install 'disclosure-kit[dask]'") from exc
    client = Client(scheduler, set_as_default=False)
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
    items: Iterable[tuple[str, str]], options: WorkOptions, engine: str = "local", jobs: int = 1,
    scheduler: str | None = None,
) -> Iterator[Outcome]:
    """Outcomes of every (path, name) item, in the order of ``items``."""
    if engine == "dask":
        if not scheduler:
            raise ValueError("--engine dask needs --scheduler ADDRESS")
        return run_dask(items, options, scheduler)
    return run_local(items, options, jobs)

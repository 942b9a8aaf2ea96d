"""Check many files and write each one's findings as it is checked, keeping only counts.

This is what ``validate`` runs. Paths are expanded lazily (``pipeline.iter_report_paths``), cut
into chunks, checked on one core or on a process pool (``parallel.ordered_map``), and each
chunk's output, rendered where it was checked, is written at once in input order. Memory stays
flat in the number of files: what is kept of a checked file is its share of a ``Tally``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import IO

from . import pipeline
from .findings import Tally
from .output import OutputSpec, StreamWriter, file_chunk

CHUNK = 64  # files per task sent to a worker: about 10 ms of work, so IPC costs little
AUTO_JOBS_FROM = 500  # below this many files one core is faster than starting a pool


def check_chunk(names: list[str], options: pipeline.CheckOptions, spec: OutputSpec) -> tuple[bytes, Tally]:
    """Check some files and render their output (in a worker, or in this process)."""
    tally = Tally()
    out = []
    for name in names:
        result = pipeline.check_file(name, options)
        tally.count(result, options.strict)
        out.append(file_chunk(result, spec))
    return b"".join(out), tally


def _chunks(names: Iterable[str]) -> Iterator[list[str]]:
    stream = iter(names)
    while chunk := list(itertools.islice(stream, CHUNK)):
        yield chunk


def choose_jobs(names: Iterator[str], jobs: int | None) -> tuple[Iterator[str], int]:
    """The number of worker processes: ``jobs`` when given; else every core when there are at
    least ``AUTO_JOBS_FROM`` files, one for fewer. Standard input is always read here."""
    if jobs is not None and jobs <= 1:
        return names, 1
    head = list(itertools.islice(names, AUTO_JOBS_FROM))
    names = itertools.chain(head, names)
    if pipeline.STDIN in head:
        return names, 1
    if jobs is None:
        from .parallel import cores

        jobs = cores() if len(head) >= AUTO_JOBS_FROM else 1
    return names, jobs


def run_check(paths: Iterable[str], options: pipeline.CheckOptions, spec: OutputSpec, out: IO[bytes],
              jobs: int | None = None) -> Tally:
    """Check every report under ``paths``, writing to ``out`` as it goes; return the counts.

    The summary is written only when every file was checked: an interrupted run (the exception
    propagates, the workers are stopped) leaves output without one.
    """
    names, jobs = choose_jobs(pipeline.iter_report_paths(paths), jobs)
    writer = StreamWriter(out, spec)
    total = Tally()
    if jobs > 1:
        from .parallel import ordered_map

        out.flush()  # workers are forked: none may inherit (and write again) what is still buffered
        results = ordered_map(check_chunk, _chunks(names), jobs, options, spec)
    else:
        results = (check_chunk(chunk, options, spec) for chunk in _chunks(names))
    try:
        for chunk, tally in results:
            writer.write(chunk)
            total.add(tally)
    finally:
        results.close()  # stops the workers when the loop ends early (an interrupt, a full disk)
    writer.close(total)
    return total

"""What one running service is allowed to do: request size, import workers and their limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..fileio.limits import MIB, limits

MULTIPART_SLACK = 64 * 1024  # form boundaries and field headers around an upload


def _body_default() -> int:
    return limits().source_bytes + MULTIPART_SLACK


@dataclass(frozen=True)
class ServeConfig:
    """The settings of ``disclosure-kit serve``; limits of the files themselves stay in ``fileio.limits``.

    ``import_workers`` bounds how many imports run at once (each in its own process); a request
    that would wait behind more than ``import_queue`` others is answered 503 at once rather than
    queued without end. ``import_memory_mib`` is the address-space limit of one import process.
    """

    import_workers: int = 2
    import_queue: int = 8
    import_memory_mib: int = 1536
    max_body_bytes: int = field(default_factory=_body_default)
    examples: Path | None = None  # a folder of report files offered on the home page
    echo: bool = False  # the bare JSON echo endpoint of benchmarks/bench_serve.py

    @property
    def import_seconds(self) -> float:
        return limits().seconds_per_source

    @property
    def report_bytes(self) -> int:
        return limits().max_bytes

    @property
    def memory_bytes(self) -> int:
        return self.import_memory_mib * MIB

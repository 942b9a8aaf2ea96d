"""The import pool's limits, driven directly: memory, and the clean-up of its job folders."""

from __future__ import annotations

import asyncio
import io
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from disclosure_kit.web.config import ServeConfig
from disclosure_kit.web.problems import Problem
from disclosure_kit.web.workers import ImportPool

from .support import CORPUS


def test_an_import_over_its_memory_limit_is_answered_import_memory(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    pool = ImportPool(ServeConfig(import_memory_mib=1))  # below what any process has: the first allocation fails
    pool.start()
    source = (CORPUS / "shuyang-fagaiju-2023.html").read_bytes()
    # a loop of its own, in a thread: a Playwright fixture may be running one in this thread
    with pytest.raises(Problem) as caught, ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, pool.run(io.BytesIO(source), ".html", "page.html")).result()
    assert (caught.value.status, caught.value.code, caught.value.params) == (422, "import.memory", {"limit_mib": 1})
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("disclosure-kit-job-")]  # job folder removed

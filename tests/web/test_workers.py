"""The import pool's limits, driven directly: memory, and the clean-up of its job folders."""

from __future__ import annotations

import asyncio
import io
import tempfile
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
    with pytest.raises(Problem) as caught:
        asyncio.run(pool.run(io.BytesIO(source), ".html", "page.html"))
    assert (caught.value.status, caught.value.code, caught.value.params) == (422, "import.memory", {"limit_mib": 1})
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("disclosure-kit-job-")]  # job folder removed

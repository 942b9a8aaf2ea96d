"""Hostile import sources: each one fails fast and small, as a finding of the source (exit 1).

Every case runs ``disclosure-kit import`` in a subprocess under an address-space cap
(``support.run_cli``), and asserts the exit code, the finding, no traceback, nothing written,
and the time and peak memory it may take. The inputs are generated (``sources.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from . import sources
from .support import Run, run_cli


def _import(source: Path, tmp_path: Path, memory_mib: int = 1024, timeout: float = 60.0,
            env: dict[str, str] | None = None) -> tuple[Run, list[dict]]:
    out = tmp_path / "out"
    run = run_cli("import", source, "-o", f"{out}/", "--format", "json", "--lang", "en",
                  memory_mib=memory_mib, timeout=timeout, env=env)
    assert not run.timed_out, f"{source.name}: still running after {timeout} s"
    assert not run.traceback, run.stdout + run.stderr
    assert not out.exists() or list(out.iterdir()) == [], "nothing may be written for a refused source"
    findings = json.loads(run.stdout)["files"][0]["findings"] if run.stdout.strip() else []
    return run, findings


# name, maker, expected finding code, seconds, MiB (peak RSS of the whole CLI process)
REFUSED: list[tuple[str, Callable[[Path], Path], str, float, float]] = [
    ("bomb.pdf", sources.pdf_stream_bomb, "import.source_unreadable", 15, 300),
    ("many-pages.pdf", sources.pdf_many_pages, "import.pdf_too_many_pages", 10, 300),
    ("locked.pdf", lambda p: sources.encrypted_pdf(p, "user-secret"), "import.pdf_encrypted", 10, 300),
    ("bomb.docx", sources.docx_zip_bomb, "import.source_unreadable", 15, 300),
    ("lying.docx", sources.docx_lying_directory, "import.source_unreadable", 15, 300),
    ("entities.docx", sources.docx_entity_bomb, "import.source_unreadable", 10, 300),
    ("malformed.docx", sources.docx_malformed, "import.source_unreadable", 10, 300),
    ("huge.png", sources.png_huge, "import.image_too_large", 10, 300),
    ("pipe.pdf", sources.fifo, "import.source_not_regular", 10, 300),
]


@pytest.mark.parametrize(("name", "make", "code", "seconds", "mib"), REFUSED, ids=[r[0] for r in REFUSED])
def test_hostile_source_is_refused_fast_and_small(
    tmp_path: Path, name: str, make: Callable[[Path], Path], code: str, seconds: float, mib: float
) -> None:
    source = make(tmp_path / name)
    run, findings = _import(source, tmp_path)
    assert run.code == 1, run.stdout + run.stderr
    assert [f["code"] for f in findings if f["severity"] == "error"] == [code]
    assert run.seconds < seconds and run.peak_mib < mib, (run.seconds, run.peak_mib)


def test_refusal_names_the_limit_to_raise(tmp_path: Path) -> None:
    _, findings = _import(sources.pdf_stream_bomb(tmp_path / "bomb.pdf"), tmp_path)
    bomb = next(f for f in findings if f["code"] == "import.source_unreadable")
    assert bomb["params"]["setting"] == "pdf_stream_bytes"
    assert bomb["params"]["limit"] == 64 * 1024 * 1024
    assert bomb["message"] == ("cannot read the source file: the PDF stream at byte 253 inflates to more than 67108864 "
                               "bytes (limit pdf_stream_bytes): too large, refused as a decompression bomb")


def test_page_limit_is_configurable(tmp_path: Path) -> None:
    source = sources.pdf_many_pages(tmp_path / "twelve.pdf", pages=12)
    _, findings = _import(source, tmp_path, env={"DISCLOSURE_KIT_LIMITS": "pdf_pages=10"})
    refusal = next(f for f in findings if f["code"] == "import.pdf_too_many_pages")
    assert (refusal["params"]["pages"], refusal["params"]["limit"]) == (12, 10)


def test_source_size_is_counted_by_bytes_read(tmp_path: Path) -> None:
    source = tmp_path / "long.txt"
    source.write_bytes("一、总体情况\n".encode() * 20000)  # 340 KB
    run, findings = _import(source, tmp_path, env={"DISCLOSURE_KIT_LIMITS": "source_bytes=100000"})
    assert run.code == 1
    assert [(f["code"], f["params"]["setting"]) for f in findings] == [("import.source_too_large", "source_bytes")]


def test_owner_password_only_pdf_is_read(tmp_path: Path) -> None:
    """Many reports are published "protected" (no copying) with an empty user password: PDFium
    opens them, and the stream guard deciphers them before it bounds their streams."""
    source = sources.encrypted_pdf(tmp_path / "protected.pdf", "")
    out = tmp_path / "out"
    run = run_cli("import", source, "-o", f"{out}/", "--format", "json", timeout=60)
    assert not run.traceback
    findings = json.loads(run.stdout)["files"][0]["findings"]
    assert ("import.page_text_layer", {"pages": "1"}) in [(f["code"], f["params"]) for f in findings]


def test_html_import_is_linear_in_size(tmp_path: Path) -> None:
    """10 MB of HTML took 106 s when every block computed its element path from the root."""
    source = sources.html_flat(tmp_path / "big.html", size=10 * sources.MIB)
    out = tmp_path / "out"
    run = run_cli("import", source, "-o", f"{out}/", "--format", "json", timeout=120, memory_mib=2048)
    assert not run.timed_out and not run.traceback
    assert run.code == 1  # a page of paragraphs is no report: its tables are missing
    assert run.seconds < 40, run.seconds
    assert run.peak_mib < 1200, run.peak_mib

"""``disclosure-kit import x.pdf`` then ``disclosure-kit validate`` on what it wrote, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image
from typer.testing import CliRunner

from disclosure_kit.cli import app

from .helpers import corpus_pdf

runner = CliRunner()


def test_import_then_validate_reports_the_two_wrong_totals(tmp_path: Path) -> None:
    res = runner.invoke(app, ["import", str(corpus_pdf("hongze-qu-2023")), "-o", str(tmp_path) + "/"])
    assert res.exit_code == 1, res.output
    report = tmp_path / "hongze-qu-2023.yaml"
    prov = json.loads((tmp_path / "hongze-qu-2023.provenance.json").read_text(encoding="utf-8"))
    assert prov["cells"]["/review_litigation/review/upheld"]["origin"] == {
        "page": 4,
        "bbox": [86.16, 452.06, 100.26, 466.11],
    }
    res = runner.invoke(app, ["validate", str(report), "--format", "json"])
    assert res.exit_code == 1
    findings = json.loads(res.stdout)["files"][0]["findings"]
    errors = sorted((f["code"], f["pointer"]) for f in findings if f["severity"] == "error")
    assert errors == [
        ("identity.t4-group-total", "/review_litigation/litigation/after_review/total"),
        ("identity.t4-group-total", "/review_litigation/review/total"),
    ]


def test_scanned_pdf_is_a_finding_and_nothing_is_written(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    Image.new("RGB", (200, 280), "white").save(scan, "PDF")
    out = tmp_path / "out"
    res = runner.invoke(app, ["import", str(scan), "-o", str(out) + "/"])
    assert res.exit_code == 1
    assert f"{scan}: import.page_unreadable [警告] 第 1 页无法读取：图像中经文字识别（OCR）未读出文字" in res.output
    assert f"{scan}: import.pdf_no_text [错误] PDF 没有可读的文字（共 1 页）" in res.output
    assert not out.exists() or list(out.iterdir()) == []

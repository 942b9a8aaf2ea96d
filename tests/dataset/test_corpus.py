"""``import`` the real corpus into a folder, then ``dataset`` on it: one report per source, sidecars skipped.

Before: the folder's ``.provenance.json`` sidecars were counted as reports (18 "reports" from 9
sources, half of them fake with ten errors each).
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "disclosure_kit", *map(str, args)], capture_output=True, text=True,
                          timeout=600)


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


def test_dataset_of_an_imported_corpus_counts_sources_not_sidecars(tmp_path: Path) -> None:
    sources = sorted(p for p in CORPUS.iterdir() if p.suffix in (".html", ".md", ".txt", ".docx", ".pdf")
                     and p.name != "README.md")
    assert len(sources) == 8, sources
    imported = _cli("import", *sources, "-o", f"{tmp_path / 'imported'}/")
    assert imported.returncode in (0, 1), imported.stderr
    written = sorted(p.name for p in (tmp_path / "imported").iterdir())
    assert len(written) == 16  # a report and its sidecar per source
    res = _cli("dataset", tmp_path / "imported", "-o", tmp_path / "out", "--lang", "en", "--no-progress")
    assert res.returncode == 1, res.stderr  # the corpus has real defects
    assert res.stderr.startswith("8 report(s): ")
    assert "skipped: sidecar 8 ->" in res.stderr
    reports = _csv(tmp_path / "out" / "reports.csv")
    assert sorted(r["file"] for r in reports) == sorted(f"{s.stem}.yaml" for s in sources)
    skipped = _csv(tmp_path / "out" / "skipped.csv")
    assert sorted((s["path"], s["reason"]) for s in skipped) == sorted(
        (f"{s.stem}.provenance.json", "sidecar") for s in sources)
    by_file = {r["file"]: r for r in reports}
    shuyang = by_file["shuyang-fagaiju-2023.yaml"]
    assert (shuyang["agency"], shuyang["year"], shuyang["edition"]) == ("沭阳县发展和改革局", "2023", "2021")
    totals = {(r["report_id"], r["row_id"]): r["value"] for r in _csv(tmp_path / "out" / "observations.csv")
              if r["table_id"] == "applications" and r["column_id"] == "total"}
    huaian = by_file["huaian-shi-2024.yaml"]["report_id"]
    # 一 / 二 / （七）总计 / 四 of the 总计 column, read by hand from the published PDF
    assert [totals[(huaian, row)] for row in ("new_received", "carried_over", "results.total", "carried_forward")] \
        == ["3119", "34", "3050", "103"]
    html = (tmp_path / "out" / "summary.html").read_text("utf-8")
    assert "<tr><td><code>sidecar</code></td><td class=\"n\">8</td></tr>" in html
    assert "<tr><td>shuyang-fagaiju-2023.provenance.json</td><td><code>sidecar</code></td>" in html

"""PDFs from other producers than WPS, made in the test from the corpus: Chromium and LibreOffice.

* Chromium printing the Shuyang web page: a running header and footer on every page, table 三
  cut over four pages, its header cut between two rows, and the vertical label column drawn
  without borders on the continuation pages.
* LibreOffice exporting the blank national template (DOCX): a blank form, no number anywhere.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from disclosure_kit.importers.assemble import assemble
from disclosure_kit.importers.pdf import read_pdf
from disclosure_kit.model.editions import get_edition

from .helpers import CORPUS, blocks, data_rows, grid, label_key, tables


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is required for this test and is not installed")
    return path


@pytest.fixture(scope="module")
def chromium_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("chromium") / "shuyang.pdf"
    html = CORPUS / "shuyang-fagaiju-2023.html"
    assert html.is_file(), html
    subprocess.run(
        [_tool("chromium"), "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={out}", html.as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out


@pytest.fixture(scope="module")
def libreoffice_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("soffice")
    src = work / "template.docx"
    shutil.copyfile(CORPUS / "template-2021-blank.docx", src)
    subprocess.run(
        [
            _tool("soffice"),
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return work / "template.pdf"


def test_chromium_print_of_a_web_page(chromium_pdf: Path) -> None:
    doc = read_pdf(chromium_pdf)
    texts = [b.text for b in blocks(doc)]
    assert not [t for t in texts if t.startswith("file://") or "AM  " in t or "PM  " in t]  # running lines
    three = next(t for t in tables(doc) if any(c.text == "自然人" for r in t.rows for c in r.cells))
    assert len({c.origin.page for r in three.rows for c in r.cells}) >= 3  # cut over several pages
    g = grid(three)
    heads = [" / ".join(t for t in dict.fromkeys(row[c].text for row in g[:3]) if t) for c in range(3, 10)]
    assert heads[0] == "申请人情况 / 自然人" and heads[1] == "申请人情况 / 法人或其他组织 / 商业企业"
    vertical = next(row[0] for row in g if row[0] is not None and row[0].text == "三、本年度办理结果")
    assert vertical.rowspan == 22
    rows = data_rows(three)
    assert len(rows) == 25
    assert [(label_key(label), [c.text for c in cells]) for label, cells in rows][:3] == [
        ("本年新收政府信息公开申请数量", ["26", "26"]),
        ("上年结转政府信息公开申请数量", ["0", "0"]),
        ("予以公开", ["26", "26"]),
    ]
    report = assemble(doc).report
    apps = report["applications"]
    assert apps["new_received"] == {
        "natural_person": 26,
        "commercial_enterprise": None,
        "research_institution": None,
        "public_interest_org": None,
        "legal_services_org": None,
        "other_org": None,
        "total": 26,
    }
    assert apps["results"]["total"]["total"] == 26
    assert apps["carried_forward"]["total"] == 0


def test_libreoffice_export_of_the_blank_template(libreoffice_pdf: Path) -> None:
    doc = read_pdf(libreoffice_pdf)
    assert len(tables(doc)) == 3
    g = grid(tables(doc)[1])
    leaf_labels = []
    for row in g[3:]:
        cells = list({id(c): c for c in row if c is not None}.values())
        assert [c for c in cells if not c.text]  # blank data cells, kept blank
        leaf_labels.append([c.text for c in cells if c.text][-1])
    official = []
    for cell in get_edition("2021").cells:
        if cell.pointer.startswith("/applications/") and cell.pointer.endswith("/total"):
            official.append(cell.row_label("zh").split(" / ")[-1])
    assert leaf_labels == official

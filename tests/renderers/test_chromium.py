"""The HTML page in a real headless Chromium: merged cells, values, escaping, a screenshot.

Chromium runs offline (background networking, sync and component updates off) with a fresh
profile under ``tmp_path``. ``--dump-dom`` gives the DOM after load (so after any script would
have run); ``--screenshot`` writes a PNG, also copied to ``tests/artifacts/`` (git-ignored) for a
person to look at.
"""

from __future__ import annotations

import copy
import shutil
import struct
import subprocess
from pathlib import Path

import lxml.html
import pytest

from disclosure_kit.renderers.html import HtmlRenderer

from .support import ARTIFACTS, checked, chromium, context, example


def _dom(tmp_path: Path, html: bytes, name: str = "page.html") -> lxml.html.HtmlElement:
    page = tmp_path / name
    page.write_bytes(html)
    out = chromium(tmp_path, "--dump-dom", page.as_uri())
    return lxml.html.fromstring(out.stdout.encode("utf-8"))


def _th(doc, text: str):
    hits = [th for th in doc.iter("th") if th.text_content() == text]
    assert len(hits) == 1, text
    return hits[0]


@pytest.mark.parametrize(("edition", "rows"), [("2019", 20), ("2021", 22)])
def test_dom_has_official_spans_and_values(tmp_path: Path, edition: str, rows: int) -> None:
    doc = _dom(tmp_path, HtmlRenderer().render(context(example(edition))))
    assert doc.xpath("//html/@lang") == ["zh-CN"]
    results = _th(doc, "三、本年度办理结果")
    assert results.get("rowspan") == str(rows)
    corner = _th(doc, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    assert (corner.get("rowspan"), corner.get("colspan")) == ("3", "3")
    assert _th(doc, "申请人情况").get("colspan") == "7"
    assert _th(doc, "法人或其他组织").get("colspan") == "5"
    assert _th(doc, "行政诉讼").get("colspan") == "10"
    t4 = doc.xpath("//table[contains(@class, 'review_litigation')]")[0]
    assert len(t4.xpath("thead/tr")) == 3
    total = doc.xpath('//td[@data-pointer="/applications/results/total/total"]')[0].text_content()
    assert total == {"2019": "240", "2021": "134"}[edition]


def test_script_in_agency_name_is_shown_and_never_runs(tmp_path: Path) -> None:
    # Positive control: the same harness does see a script that runs.
    control = _dom(tmp_path, b"<!DOCTYPE html><html><head><title>orig</title></head><body>"
                             b"<script>document.title='pwned';document.body.appendChild("
                             b"document.createElement('aside'))</script></body></html>", "control.html")
    assert control.findtext(".//title") == "pwned" and len(control.xpath("//aside")) == 1

    data = copy.deepcopy(example("2021").report)
    data["meta"]["agency"] = "<script>alert(1)</script>"
    data["meta"]["title"] = None
    data["meta"]["issuer"] = ("<script>document.title='pwned';document.body.appendChild("
                              "document.createElement('aside'))</script>")
    data["overview"] = "<img src=x onerror=\"document.title='pwned'\">"
    doc = _dom(tmp_path, HtmlRenderer().render(context(checked(data))))
    assert doc.findtext(".//title") == "<script>alert(1)</script>2023年政府信息公开工作年度报告"
    assert doc.findtext(".//h1") == "<script>alert(1)</script>2023年政府信息公开工作年度报告"
    assert doc.xpath("//script") == [] and doc.xpath("//aside") == [] and doc.xpath("//img") == []
    assert doc.xpath("//dd")[0].text_content() == "<script>alert(1)</script>"
    overview = doc.xpath("//section[@id='overview']/p")[0].text_content()
    assert overview == "<img src=x onerror=\"document.title='pwned'\">"


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    return struct.unpack(">II", head[16:24])


def test_screenshot_of_the_2021_page(tmp_path: Path) -> None:
    page = tmp_path / "report-2021.html"
    page.write_bytes(HtmlRenderer().render(context(example("2021"))))
    shot = tmp_path / "report-2021.png"
    chromium(tmp_path, "--hide-scrollbars", "--window-size=1200,3000", f"--screenshot={shot}", page.as_uri())
    assert _png_size(shot) == (1200, 3000)
    assert shot.stat().st_size > 50_000  # a blank page compresses to a few kilobytes
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, ARTIFACTS / "report-2021.png")


def _pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    return text.split("\f")[:-1]


def test_print_is_a4_and_table_three_header_repeats_on_the_next_page(tmp_path: Path) -> None:
    page = tmp_path / "report-2021.html"
    page.write_bytes(HtmlRenderer().render(context(example("2021"))))
    pdf = tmp_path / "report-2021.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
    assert "Page size:       594.96 x 841.92 pts (A4)" in info
    pages = _pdf_pages(pdf)
    first = next(i for i, p in enumerate(pages) if "一、本年新收政府信息公开申请数量" in p)
    last = next(i for i, p in enumerate(pages) if "四、结转下年度继续办理" in p)
    assert last == first + 1  # table three breaks across a page in this layout…
    assert "申请人情况" in pages[first] and "申请人情况" in pages[last]  # …and its header rows repeat
    assert "（本列数据的勾稽关系为" in pages[last]

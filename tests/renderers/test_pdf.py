"""The ``pdf`` renderer, read back with poppler (pdffonts, pdfinfo, pdftotext) and pdfplumber.

Both examples: every font embedded, the body in the 仿宋 stand-in (a serif Ming face, never a sans),
four A4 pages with their numbers, table three breaking from page 2 to page 3 with its header rows
on both pages, Title/Author/dates from the report, the PDF/A-2b identification, the closing block
at the right margin. Report text that is Typst syntax is shown as text.
"""

from __future__ import annotations

import copy
import re
import subprocess
from datetime import date
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from disclosure_kit.renderers.pdf import PdfRenderer, typst_string

from .support import checked, context, example

MM = 72 / 25.4
A4 = (595.28, 841.89)
RIGHT_MARGIN = 26 * MM
# Families the page may use for body text: the official 仿宋 or its free stand-in (docs/renderers.md).
BODY_FONTS = ("FangSong", "UMing")
SANS = re.compile(r"sans|hei|gothic|arial|helvetica|dejavu|yahei", re.IGNORECASE)


@cache
def _pdf(edition: str) -> bytes:
    return PdfRenderer().render(context(example(edition)))


def _write(tmp_path: Path, data: bytes, name: str = "r.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True, timeout=60).stdout


def _pages(path: Path) -> list[str]:
    """Text of each page (pdftotext, one call per page)."""
    count = int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", path), re.MULTILINE).group(1))
    return [_run("pdftotext", "-layout", "-f", str(n), "-l", str(n), path, "-") for n in range(1, count + 1)]


_FONT_ROW = re.compile(r"^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$")


def _fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts rows: name, type, embedded."""
    rows = [_FONT_ROW.match(ln) for ln in _run("pdffonts", path).splitlines()[2:]]
    assert all(rows), "pdffonts printed a row this test cannot read"
    return [{"name": m.group(1), "type": m.group(2), "emb": m.group(4)} for m in rows if m]


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_every_font_is_embedded_and_the_body_is_not_sans(tmp_path: Path, edition: str) -> None:
    path = _write(tmp_path, _pdf(edition))
    fonts = _fonts(path)
    assert fonts and all(f["emb"] == "yes" for f in fonts), fonts
    assert not any(f["type"].startswith("Type 3") for f in fonts), fonts
    with pdfplumber.open(path) as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["fontname", "size"])
    body = [w for w in words if w["size"] == pytest.approx(16) and re.search(r"[\u4e00-\u9fff]{6}", w["text"])]
    assert body, "no body text on page 1"
    body_fonts = {w["fontname"].split("+")[-1] for w in body}
    assert all(any(b in f for b in BODY_FONTS) and not SANS.search(f) for f in body_fonts), body_fonts
    title = next(w for w in words if w["size"] == pytest.approx(22))
    assert not SANS.search(title["fontname"]), title["fontname"]  # 小标宋 or its bold 宋 stand-in


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_pages_numbers_and_the_repeated_table_header(tmp_path: Path, edition: str) -> None:
    pages = _pages(_write(tmp_path, _pdf(edition)))
    assert len(pages) == 4
    for n, text in enumerate(pages, 1):
        assert re.search(rf"—\s*{n}\s*—", text), f"page {n} has no page number"
    # Table three starts on page 2 and breaks onto page 3: its header rows are on both pages.
    assert "一、本年新收政府信息公开申请数量" in pages[1] and "四、结转下年度继续办理" in pages[2]
    for page in (pages[1], pages[2]):
        assert "申请人情况" in page and "法人或其他组织" in page and "本列数据的勾稽关系" in page
    assert "申请人情况" not in pages[0] + pages[3]
    # Table four follows on page 3, the last narrative and the closing block end the document.
    assert "行政复议" in pages[2] and "六、其他需要报告的事项" in pages[2] + pages[3]


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_metadata_dates_and_pdfa_identification(tmp_path: Path, edition: str) -> None:
    path = _write(tmp_path, _pdf(edition))
    meta = example(edition).report["meta"]
    info = dict(re.findall(r"^([A-Za-z ]+):\s+(.*)$", _run("pdfinfo", path), re.MULTILINE))
    assert info["Title"] == meta["title"] and info["Author"] == meta["agency"]
    assert info["Page size"].startswith("595.") and "(A4)" in info["Page size"]
    day = date.fromisoformat(meta["published"])
    assert info["CreationDate"].endswith(day.strftime(" %b %d 00:00:00 %Y UTC"))
    xmp = _run("pdfinfo", "-meta", path)
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert _pdf(edition) == PdfRenderer().render(context(example(edition)))  # the same report, the same bytes


def test_closing_block_sits_at_the_right_margin(tmp_path: Path) -> None:
    path = _write(tmp_path, _pdf("2021"))
    with pdfplumber.open(path) as pdf:
        last = pdf.pages[-1]
        lines = [ln for ln in last.extract_text_lines() if ln["text"] in ("临州市交通运输局", "2024年1月26日")]
    assert [ln["text"] for ln in lines] == ["临州市交通运输局", "2024年1月26日"]
    right = A4[0] - RIGHT_MARGIN - 2 * 16  # right-aligned, two characters in
    for ln in lines:
        assert ln["x1"] == pytest.approx(right, abs=1.5), ln
    assert lines[1]["top"] > lines[0]["bottom"]


def test_typst_syntax_in_report_text_is_shown_as_text(tmp_path: Path) -> None:
    data = copy.deepcopy(example("2021").report)
    hostile = ('#read("/etc/passwd") #import "@preview/cetz:0.2.0" $x^2$ @ref <lab> *粗* _斜_ '
               '] [ // 注释 /* 块 */ \\ ` #set page(width: 1cm)')
    data["overview"] = hostile + "\n\n段落二 #eval(\"1+1\")"
    data["meta"] = {**data["meta"], "title": 'T"#panic("x")', "agency": '机关 #sys.inputs "'}
    data["active_disclosure"]["article_20_1"]["regulations"]["issued"] = 0
    path = _write(tmp_path, PdfRenderer().render(context(checked(data))))
    text = "".join(_pages(path))
    flat = re.sub(r"\s+", "", text)
    for piece in ('#read("/etc/passwd")', '#import"@preview/cetz:0.2.0"', "$x^2$", "@ref", "<lab>",
                  "//注释", "/*块*/", "#setpage(width:1cm)", '#eval("1+1")'):
        assert piece in flat, piece
    assert "root:" not in text
    info = _run("pdfinfo", path)
    assert 'Title:           T"#panic("x")' in info and 'Author:          机关 #sys.inputs "' in info


def test_a_report_without_agency_or_date_has_no_closing_block(tmp_path: Path) -> None:
    data = copy.deepcopy(example("2019").report)
    data["meta"] = {k: v for k, v in data["meta"].items() if k not in ("agency", "published")}
    pages = _pages(_write(tmp_path, PdfRenderer().render(context(checked(data)))))
    assert not re.search(r"20\d\d年\d+月\d+日\s*$", pages[-1].split("—")[0].rstrip())


def test_english_labels(tmp_path: Path) -> None:
    pages = _pages(_write(tmp_path, PdfRenderer().render(context(example("2021"), lang="en"))))
    text = "".join(pages)
    assert "1. Overview" in text and "26 January 2024" in text


def test_typst_string_literal_escapes_quotes_and_backslashes() -> None:
    assert typst_string('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'

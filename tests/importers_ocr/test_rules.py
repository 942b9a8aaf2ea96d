"""The OCR rules, one by one: borders from pixels, when a number is taken, labels, r11, no OCR."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from disclosure_kit.importers.model import SourceUnreadable
from disclosure_kit.importers.ocr import lexicon, page
from disclosure_kit.importers.ocr.engine import Symbol
from disclosure_kit.importers.ocr.lines import find_rulings
from disclosure_kit.importers.pdf import read_pdf
from disclosure_kit.importers.run import import_path

CASES = Path(__file__).resolve().parents[2].parent / "shared" / "import-cases"


def _grid(width: int = 800, height: int = 400) -> np.ndarray:
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for y in (50, 150, 250, 350):
        draw.line((100, y, 700, y), fill=0, width=2)
    for x in (100, 400, 550, 700):
        draw.line((x, 50, x, 350), fill=0, width=2)
    draw.rectangle((120, 10, 680, 30), fill=0)  # a black bar above: thick, touches nothing: not a border
    draw.line((20, 380, 90, 380), fill=0, width=2)  # an underline beside the table: meets no border
    return np.asarray(image)


def test_borders_are_long_thin_runs_that_meet() -> None:
    rulings, boxes = find_rulings(_grid(), scale=0.5)
    horizontal = [v for r in sorted(rulings, key=lambda r: r.top) if r.horizontal for v in (r.top, r.x0, r.x1)]
    vertical = [v for r in sorted(rulings, key=lambda r: r.x0) if not r.horizontal for v in (r.x0, r.top, r.bottom)]
    # in points (half a pixel here), to within the width of the drawn line
    assert horizontal == pytest.approx([25, 50, 350, 75, 50, 350, 125, 50, 350, 175, 50, 350], abs=1.1)
    assert vertical == pytest.approx([50, 25, 175, 200, 25, 175, 275, 25, 175, 350, 25, 175], abs=1.1)
    assert len(boxes) == 8


class FakeReader:
    """Readings given by the test, in place of Tesseract's."""

    def __init__(self, digits: str, latin: str, chinese_digits: str = "", conf: float = 98.0) -> None:
        self.readings = {"digits": digits, "latin": latin, "chinese": chinese_digits}
        self.conf = conf

    def _symbols(self, text: str) -> list[Symbol]:
        return [Symbol(ch, 10 * i, 0, 10 * i + 9, 20, self.conf) for i, ch in enumerate(text)]

    def digits_of(self, gray: object, box: object) -> list[Symbol]:
        return self._symbols(self.readings["digits"])

    def latin_of(self, gray: object, box: object) -> list[Symbol]:
        return self._symbols(self.readings["latin"])

    def chinese_digits_of(self, gray: object, box: object) -> list[Symbol]:
        return self._symbols(self.readings["chinese"])


def _decide(monkeypatch: pytest.MonkeyPatch, read: str, fake: FakeReader, conf: float = 98.0) -> tuple[str, str | None]:
    monkeypatch.setattr(page, "reader", lambda: fake)
    symbols = [Symbol(ch, 10 * i, 0, 10 * i + 9, 20, conf) for i, ch in enumerate(read)]
    kept, why = page._cell(np.zeros((1, 1)), (0, 0, 1, 1), symbols)
    return "".join(s.text for s in kept), why


def test_a_number_is_taken_when_two_models_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _decide(monkeypatch, "1362", FakeReader("1362", "1362")) == ("1362", None)
    # the Chinese model misreads, but its digits-only reading agrees with the Latin digits
    assert _decide(monkeypatch, "20", FakeReader("26", "26", chinese_digits="26")) == ("26", None)


def test_a_number_the_models_disagree_on_is_left_blank_with_what_each_read(monkeypatch: pytest.MonkeyPatch) -> None:
    kept, why = _decide(monkeypatch, "20", FakeReader("26", "26", chinese_digits="20"))
    assert (kept, why) == ("", "read as '20' and as '26'")


def test_a_digit_read_with_low_confidence_is_left_blank(monkeypatch: pytest.MonkeyPatch) -> None:
    kept, why = _decide(monkeypatch, "8", FakeReader("8", "8", conf=40.0), conf=40.0)
    assert kept == "" and why == "read as '8' and as '8', confidence 40"


def test_a_lone_digit_taken_for_a_character_needs_both_latin_readings(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _decide(monkeypatch, "工", FakeReader("1", "1")) == ("1", None)
    # Latin readings that disagree, or are unsure: the character stays, which is no number
    assert _decide(monkeypatch, "工", FakeReader("1", "I")) == ("工", None)
    assert _decide(monkeypatch, "工", FakeReader("1", "1", conf=60.0)) == ("工", None)
    # words are words
    assert _decide(monkeypatch, "其他", FakeReader("", "")) == ("其他", None)


def test_stray_marks_around_digits_are_resolved_or_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _decide(monkeypatch, "]2", FakeReader("12", "12")) == ("12", None)
    kept, why = _decide(monkeypatch, "]2", FakeReader("12", "72"))
    assert (kept, why) == ("", "read as ']2', and as '12' by digits alone")


def test_labels_one_character_off_are_the_official_label() -> None:
    assert lexicon.correct("（五）不子处理") == "（五）不予处理"
    assert lexicon.correct("2.其他法律行政法规茜止公开") == "2.其他法律行政法规禁止公开"
    assert lexicon.correct("S.要求行政机关确认或重新出具己获取信息") == "5.要求行政机关确认或重新出具已获取信息"
    assert lexicon.correct("（五）不予处理") is None  # already official
    assert lexicon.correct("其它") is None  # too short to tell
    assert lexicon.correct("临川市示例局工作要点") is None  # not a label


def test_r11_pdf_image_page_is_a_finding_naming_the_page() -> None:
    result = import_path(CASES / "r11-image-page.pdf").result
    pages = [(f.code, f.severity, f.params) for f in result.findings if f.code.startswith("import.page_")]
    assert pages == [
        ("import.page_text_layer", "info", {"pages": "1, 3"}),
        ("import.page_unreadable", "warning", {"page": 2, "reason": "an image in which OCR found no text",
                                               "reason_zh": "图像中经文字识别（OCR）未读出文字"}),
    ]
    assert "import.table_missing" in {f.code for f in result.findings}


def test_r11_html_picture_is_a_finding_naming_the_element() -> None:
    result = import_path(CASES / "r11-image-page.html").result
    pictures = [f for f in result.findings if f.code.startswith("import.image")]
    assert [(f.code, f.line, f.params["element"], f.params["outcome"]) for f in pictures] == [
        ("import.image_ocr", 5, "/html/body/div/img",
         "no text found; the parts of the report it may hold are recorded as absent"),
    ]


def test_html_picture_elsewhere_is_not_fetched(tmp_path: Path) -> None:
    source = tmp_path / "remote.html"
    source.write_text('<html><body><p>一、总体情况</p><img src="https://example.org/t.png"></body></html>',
                      encoding="utf-8")
    result = import_path(source).result
    picture = next(f for f in result.findings if f.code.startswith("import.image"))
    assert (picture.code, picture.params["src"], picture.params["element"]) == (
        "import.image", "https://example.org/t.png", "/html/body/img")


def test_html_picture_of_a_table_is_read_into_a_table(tmp_path: Path) -> None:
    """A table pasted as an embedded picture comes back as a table, where the picture stood."""
    import base64
    import io

    from PIL import ImageFont

    font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 28)
    image = Image.new("L", (900, 200), 255)
    draw = ImageDraw.Draw(image)
    for y in (10, 100, 190):
        draw.line((10, y, 890, y), fill=0, width=2)
    for x in (10, 400, 650, 890):
        draw.line((x, 10, x, 190), fill=0, width=2)
    for x, y, text in ((30, 35, "信息内容"), (420, 35, "本年新制作数量"), (670, 35, "本年新公开数量"),
                       (30, 125, "规章"), (500, 125, "12"), (750, 125, "7")):
        draw.text((x, y), text, font=font, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    data = base64.b64encode(buffer.getvalue()).decode()
    source = tmp_path / "picture.html"
    page = f'<html><body><p>二、主动公开政府信息情况</p><img src="data:image/png;base64,{data}"></body></html>'
    source.write_text(page, encoding="utf-8")
    from disclosure_kit.importers.html import read_html

    doc = read_html(source)
    table = next(item for item in doc.items if hasattr(item, "rows"))
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["信息内容", "本年新制作数量", "本年新公开数量"],
        ["规章", "12", "7"],
    ]
    assert table.rows[1].cells[1].origin.element == "/html/body/img"
    picture = next(r for r in doc.remarks if r.code == "import.image_ocr")
    assert picture.params["outcome"] == "1 table(s) and 0 block(s) of text; check them against the picture"


def test_without_ocr_a_scan_says_why(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import disclosure_kit.importers.ocr.engine as engine

    monkeypatch.setattr(engine, "problem", lambda: "the Tesseract model chi_sim.traineddata is not installed")
    scan = tmp_path / "scan.pdf"
    Image.new("L", (300, 420), 255).save(scan, "PDF")
    with pytest.raises(SourceUnreadable) as info:
        read_pdf(scan)
    assert info.value.code == "import.pdf_no_text"
    assert [(r.code, r.params["reason"]) for r in info.value.remarks] == [
        ("import.page_unreadable",
         "an image without text; OCR is not available: the Tesseract model chi_sim.traineddata is not installed"),
    ]


def test_image_import_reports_each_page(tmp_path: Path) -> None:
    blank = tmp_path / "blank.png"
    Image.new("L", (400, 560), 255).save(blank)
    result = import_path(blank).result
    assert [(f.code, f.params.get("reason"), f.params.get("pages")) for f in result.findings] == [
        ("import.page_unreadable", "an image in which OCR found no text", None),
        ("import.image_no_text", None, 1),
    ]
    assert json.dumps([f.code for f in result.findings])  # plain data, printable as JSON

"""The clerk's journeys in Chromium (Playwright on the system browser) against a real server.

Each journey leaves a screenshot in its ``tmp_path``; ``docs/images/`` holds copies of the best.
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml
from playwright.sync_api import expect

from disclosure_kit import api
from disclosure_kit.authoring.fill import fill_data
from disclosure_kit.model.editions import get_edition

from .support import CORPUS, EXAMPLES, Server

DISCLOSED_TOTAL = "/applications/results/disclosed/total"


def changed_example(tmp_path: Path) -> Path:
    text = (EXAMPLES / "2021.yaml").read_text(encoding="utf-8")
    target = tmp_path / "2021-changed.yaml"
    target.write_text(text.replace("      total: 64  # 总计", "      total: 65  # 总计", 1), encoding="utf-8")
    return target


def upload(page: Any, server: Server, path: Path) -> None:
    page.goto(server.base + "/")
    page.set_input_files("#file", str(path))
    page.click("#submit")
    page.wait_for_selector("#summary")


def cell(page: Any, pointer: str) -> Any:
    return page.locator(f'td[data-pointer="{pointer}"]')


def open_editor_ready(page: Any) -> None:
    page.wait_for_selector("#editor[data-ready='1']")


def test_a_changed_total_is_outlined_with_its_arithmetic_and_the_finding_focuses_it(
        page: Any, server: Server, tmp_path: Path) -> None:
    upload(page, server, changed_example(tmp_path))
    flagged = cell(page, DISCLOSED_TOTAL)
    assert "flagged" in flagged.get_attribute("class").split()
    assert flagged.inner_text().replace("\n", "") == "651"  # the value, then its mark ¹
    assert page.locator("td.flagged").count() == 1
    note = page.locator("#note-applications-1")
    arithmetic = ("总计 (65)，但 自然人 (58) + 商业企业 (3) + 科研机构 (0) + 社会公益组织 (1) + "
                  "法律服务机构 (2) + 其他 (0) = 64，相差 1")
    assert arithmetic in note.inner_text()
    assert page.locator("#count-errors").inner_text() == "2"
    note.locator("a.to-cell").click()
    assert page.evaluate("document.activeElement.dataset.pointer") == DISCLOSED_TOTAL
    assert "focused" in flagged.get_attribute("class").split()
    flagged.locator("a.mark").click()
    assert page.evaluate("location.hash") == "#note-applications-1"
    page.screenshot(path=str(tmp_path / "check-flagged.png"))
    assert page.errors == []


def test_the_result_page_downloads_the_checked_report_in_each_format_it_offers(
        page: Any, server: Server, tmp_path: Path) -> None:
    upload(page, server, changed_example(tmp_path))
    assert page.locator('#downloads input[name="report"]').count() == 1  # the report is on the page once
    offered = page.locator("#downloads button[data-format]").evaluate_all("bs => bs.map(b => b.dataset.format)")
    # the report's own files, then each renderer once: /download/json is the report, not the json renderer
    assert offered == ["yaml", "json", "xlsx", *(n for n in api.renderer_names() if n != "json"), "cells-tsv"]
    with page.expect_download() as html_download:
        page.click('button[data-format="html"]')
    assert html_download.value.suggested_filename == "2021-changed-有错误.html"
    html = tmp_path / "changed.html"
    html_download.value.save_as(html)
    assert "（一）予以公开" in html.read_text(encoding="utf-8")
    with page.expect_download() as yaml_download:
        page.click('button[data-format="yaml"]')
    assert yaml_download.value.suggested_filename == "2021-changed-有错误.yaml"
    saved = tmp_path / "changed.yaml"
    yaml_download.value.save_as(saved)
    assert yaml.safe_load(saved.read_text(encoding="utf-8")) == yaml.safe_load(
        changed_example(tmp_path).read_text(encoding="utf-8"))


def test_fix_in_the_editor_then_download_docx_and_yaml(page: Any, server: Server, tmp_path: Path) -> None:
    upload(page, server, changed_example(tmp_path))
    page.click("#edit-this")
    open_editor_ready(page)
    page.wait_for_selector('#server-findings li[data-code="identity.t3-row-total"]')
    assert page.locator('#live li[data-code="identity.t3-row-total"]').count() == 1
    page.evaluate("window.__sameDocument = true")
    total = page.locator(f'input[data-pointer="{DISCLOSED_TOTAL}"]')
    label = "三、收到和处理政府信息公开申请情况 / 三、本年度办理结果 / （一）予以公开 / 申请人情况 / 总计"
    assert total.get_attribute("aria-label") == label
    total.fill("64")
    expect(page.locator(".server-counts")).to_have_text(re.compile(r"^0 "))  # the server check answered
    expect(page.locator("#server-findings li")).to_have_count(0)
    assert page.locator("#live li").count() == 0 and page.locator("td.broken").count() == 0
    assert page.evaluate("window.__sameDocument") is True  # no reload happened
    page.screenshot(path=str(tmp_path / "editor-fixed.png"))

    with page.expect_download() as docx_download:
        page.click('button[data-format="docx"]')
    docx = tmp_path / "fixed.docx"
    docx_download.value.save_as(docx)
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    row = next(r for r in re.findall(r"<w:tr[ >].*?</w:tr>", xml, re.S) if "（一）予以公开" in r)
    assert re.findall(r"<w:t[^>]*>([^<]*)</w:t>", row)[-7:] == ["58", "3", "0", "1", "2", "0", "64"]

    with page.expect_download() as yaml_download:
        page.click('button[data-format="yaml"]')
    fixed = tmp_path / "fixed.yaml"
    yaml_download.value.save_as(fixed)
    assert yaml_download.value.suggested_filename == "临州市交通运输局-2023.yaml"
    proc = subprocess.run([sys.executable, "-m", "disclosure_kit", "validate", str(fixed)], capture_output=True,
                          text=True)
    assert proc.returncode == 0 and proc.stdout.endswith("共检查 1 个文件，0 个有错误：错误 0 个，警告 0 个\n")
    assert page.errors == []


def test_blank_report_totals_offered_accepted_and_kept_over_reload(page: Any, server: Server, tmp_path: Path) -> None:
    page.goto(server.base + "/edit?edition=2021&new=1")
    open_editor_ready(page)
    typed = {"new_received": (10, 2, 0, 0, 1, 0), "carried_over": (3, 0, 0, 0, 0, 1)}
    columns = ("natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
               "legal_services_org", "other_org")
    for row, values in typed.items():
        for column, value in zip(columns, values, strict=True):
            page.locator(f'input[data-pointer="/applications/{row}/{column}"]').fill(str(value))
    offers = page.locator("#offers li")
    assert sorted(offers.all_inner_texts()) == sorted([
        "三、收到和处理政府信息公开申请情况 / 一、本年新收政府信息公开申请数量 / 申请人情况 / 总计 = 13 填入",
        "三、收到和处理政府信息公开申请情况 / 二、上年结转政府信息公开申请数量 / 申请人情况 / 总计 = 4 填入",
    ])
    new_total = page.locator('input[data-pointer="/applications/new_received/total"]')
    assert new_total.input_value() == "" and new_total.get_attribute("placeholder") == "13"  # offered, not written
    page.screenshot(path=str(tmp_path / "editor-offers.png"))
    page.click("#accept-all")
    assert new_total.input_value() == "13"
    assert page.locator('input[data-pointer="/applications/carried_over/total"]').input_value() == "4"
    page.reload()
    open_editor_ready(page)
    assert "new=1" not in page.url
    assert page.locator('input[data-pointer="/applications/new_received/total"]').input_value() == "13"
    assert page.locator('input[data-pointer="/applications/new_received/natural_person"]').input_value() == "10"
    draft = orjson.loads(page.evaluate("localStorage.getItem('disclosure-kit:draft:2021')"))
    assert draft["applications"]["carried_over"]["total"] == 4
    page.screenshot(path=str(tmp_path / "editor-after-reload.png"))
    assert page.errors == []


def test_the_editor_offers_exactly_what_fill_computes_and_flags_what_validate_flags(
        page: Any, server: Server) -> None:
    """The browser's identities and offers come from the edition model; they agree with Python."""
    edition = get_edition("2021")
    report = yaml.safe_load((EXAMPLES / "2021.yaml").read_text(encoding="utf-8"))
    partial = copy.deepcopy(report)
    apps = partial["applications"]
    for row in ("new_received", "carried_over", "carried_forward"):
        apps[row]["total"] = None
    for group in apps["results"].values():
        for leaf in (group.values() if "total" not in group else [group]):
            if isinstance(leaf, dict) and "total" in leaf:
                leaf["total"] = None
    apps["results"]["total"]["natural_person"] = None
    apps["carried_over"]["natural_person"] += 1  # one identity that no blank can mend
    _, found = fill_data(edition, partial, "r")
    expected = {(f.pointer, f.params["value"]) for f in found if f.code == "fill.filled"}
    assert len(expected) > 20
    page.goto(server.base + "/")
    page.evaluate("d => localStorage.setItem('disclosure-kit:draft:2021', d)", orjson.dumps(partial).decode())
    page.goto(server.base + "/edit?edition=2021")
    open_editor_ready(page)
    shown = page.eval_on_selector_all(
        "#offers li", "els => els.map(e => [e.dataset.pointer, Number(e.firstChild.textContent.split(' = ')[1])])")
    assert {(p, v) for p, v in shown} == expected
    page.click("#accept-all")
    after = orjson.loads(page.evaluate("localStorage.getItem('disclosure-kit:draft:2021')"))
    filled, _ = fill_data(edition, partial, "r")
    assert after == filled
    live = set(page.eval_on_selector_all("#live li", "els => els.map(e => e.dataset.code)"))
    checked = api.check(orjson.dumps(after), name="r.json")
    assert live == {f.code for f in checked.findings if f.code.startswith("identity.")} != set()


@pytest.mark.parametrize(("name", "totals"), [
    ("hongze-qu-2023.pdf", (21, 0, 21, 0)),
    ("hongze-qu-2024.pdf", (95, 0, 95, 0)),
    ("huaian-shi-2024.pdf", (3119, 34, 3050, 103)),
])
def test_real_pdfs_show_their_tables_and_where_a_number_was_read(
        page: Any, server: Server, tmp_path: Path, name: str, totals: tuple[int, ...]) -> None:
    upload(page, server, CORPUS / name)
    pointers = ("/applications/new_received/total", "/applications/carried_over/total",
                "/applications/results/total/total", "/applications/carried_forward/total")
    assert tuple(int(cell(page, p).inner_text().split("\n")[0]) for p in pointers) == totals
    total = cell(page, "/applications/results/total/total")
    total.focus()
    tip = page.locator("#provenance-tip")
    assert tip.is_visible()
    assert re.fullmatch(rf"来源：第 \d 页，x=\d+ pt，y=\d+ pt；原文“{totals[2]}”", tip.inner_text())
    assert "import.edition_chosen" in page.locator("ul.imported").inner_text()  # the importer's notes
    page.screenshot(path=str(tmp_path / f"pdf-{name}.png"))
    assert page.errors == []


PAYLOAD = '<script>window.__xss = 1; alert(1)</script><img src=x onerror="window.__xss = 2">'


def ran_script(page: Any, dialogs: list[str]) -> bool:
    """The harness: did any payload run (a global set, a dialog opened)?"""
    return page.evaluate("window.__xss !== undefined") or bool(dialogs)


def test_script_payloads_are_shown_as_text_and_never_run(page: Any, server: Server, tmp_path: Path) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    # the harness catches a payload that runs: the same text put into a page unescaped
    page.set_content(f"<p>{PAYLOAD}</p>")
    page.wait_for_timeout(200)
    assert ran_script(page, dialogs)
    dialogs.clear()

    report = yaml.safe_load((EXAMPLES / "2021.yaml").read_text(encoding="utf-8"))
    report["meta"]["agency"] = PAYLOAD
    report["meta"]["source_url"] = "javascript:window.__xss=3"
    report["overview"] = (f"{PAYLOAD}\n\n[点此查看](javascript:window.__xss=4) "
                          '<a href="javascript:window.__xss=5">x</a>')
    page.goto(server.base + "/")
    page.fill("#text", yaml.safe_dump(report, allow_unicode=True))
    page.click("#submit")
    page.wait_for_selector("#summary")
    assert PAYLOAD in page.locator("table.meta").inner_text()
    assert "[点此查看](javascript:window.__xss=4)" in page.locator("#overview").inner_text()
    assert page.locator("a[href^='javascript']").count() == 0 and page.locator("#report img").count() == 0
    page.click("#edit-this")
    open_editor_ready(page)
    assert page.locator('input[data-meta="agency"]').input_value() == PAYLOAD
    assert page.locator('textarea[data-narrative="overview"]').input_value().startswith(PAYLOAD)
    page.wait_for_timeout(500)  # the server check has answered and been drawn
    page.screenshot(path=str(tmp_path / "payloads-as-text.png"))
    assert not ran_script(page, dialogs)
    assert page.errors == []


def test_keyboard_only_reaches_and_changes_a_cell_of_table_three(page: Any, server: Server, tmp_path: Path) -> None:
    page.goto(server.base + "/edit?edition=2021&new=1")
    open_editor_ready(page)
    pointer = ""
    for _ in range(120):
        page.keyboard.press("Tab")
        pointer = page.evaluate("document.activeElement.dataset.pointer || ''")
        if pointer.startswith("/applications/"):
            break
    assert pointer == "/applications/new_received/natural_person"
    for key in ("ArrowDown", "ArrowDown", "ArrowRight"):
        page.keyboard.press(key)
    focused = page.evaluate("[document.activeElement.dataset.pointer, document.activeElement.ariaLabel]")
    assert focused == ["/applications/results/disclosed/commercial_enterprise",
                       "三、收到和处理政府信息公开申请情况 / 三、本年度办理结果 / （一）予以公开 / 申请人情况 / "
                       "法人或其他组织 / 商业企业"]
    page.keyboard.type("7")
    page.keyboard.press("Enter")  # down, as in a spreadsheet
    assert page.evaluate("document.activeElement.dataset.pointer") == \
        "/applications/results/partially_disclosed/commercial_enterprise"
    draft = orjson.loads(page.evaluate("localStorage.getItem('disclosure-kit:draft:2021')"))
    assert draft["applications"]["results"]["disclosed"]["commercial_enterprise"] == 7
    page.screenshot(path=str(tmp_path / "keyboard.png"))
    assert page.errors == []


def test_english_switch_on_every_page(page: Any, server: Server, tmp_path: Path) -> None:
    for path in ("/", "/edit?edition=2019", "/api/docs", "/examples/2019.yaml"):
        page.goto(server.base + path)
        page.click(".switch")  # a link, or on a result page a button that re-checks in the other language
        page.wait_for_selector("footer")
        assert page.locator("html").get_attribute("lang") == "en"
    assert "Check result" in page.locator("h1").inner_text()
    upload(page, server, changed_example(tmp_path))
    page.click("button.switch")
    page.wait_for_selector("#summary")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Fix these 2 errors first" in page.locator("#summary").inner_text()
    page.screenshot(path=str(tmp_path / "english.png"))

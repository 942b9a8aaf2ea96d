"""The workbook of ``export`` is a report file: validate, fill and render take it, findings name the cell."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl

from disclosure_kit import api
from disclosure_kit.authoring.workbook import workbook_bytes
from disclosure_kit.check.loading import load_path
from disclosure_kit.model.editions import get_edition

from .helpers import example, run

T3 = "表三"


def _export(tmp_path: Path, data: dict | None = None, name: str = "r.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(workbook_bytes(get_edition("2021"), data or example("2021")))
    return path


def _libreoffice_resave(path: Path, out_dir: Path) -> Path:
    """Open and save the workbook with LibreOffice, as a clerk's spreadsheet program would."""
    out_dir.mkdir()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by scripts/setup.sh"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{out_dir}/profile", "--convert-to",
                    "xlsx", "--outdir", str(out_dir), str(path)], check=True, capture_output=True, timeout=120)
    return out_dir / path.name


def test_a_clerks_wrong_total_is_found_at_its_excel_cell(tmp_path: Path) -> None:
    path = _export(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb[T3]["J28"] = 135  # （七）总计 / 总计 typed over its formula, one too many
    wb.save(path)
    result = run("validate", str(path), "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert [(f["code"], f["cell"], f["pointer"], f["line"]) for f in findings] == [
        ("identity.t3-balance", "表三!J28", "/applications/results/total/total", None),
        ("identity.t3-results-total", "表三!J28", "/applications/results/total/total", None),
        ("identity.t3-row-total", "表三!J28", "/applications/results/total/total", None),
    ]
    assert findings[0]["place"]["row"]["zh"] == "三、本年度办理结果 / （七）总计"
    text = run("validate", str(path)).stdout.splitlines()
    assert text[1].startswith(
        f"{path}:表三!J28: identity.t3-results-total [错误] （七）总计等于各项办理结果之和：（七）总计 (135)")
    assert text[1].endswith("= 134，相差 1，行「三、本年度办理结果」，列「总计」")


def test_libreoffice_resave_reads_back_losslessly(tmp_path: Path) -> None:
    data = example("2021")
    data["x-note"] = {"big": 2**70, "list": [1, "二"]}
    data["meta"]["issuer"] = "=1+1"
    saved = _libreoffice_resave(_export(tmp_path, data), tmp_path / "lo")
    with zipfile.ZipFile(saved) as z:
        sheet3 = z.read("xl/worksheets/sheet3.xml").decode()
    # LibreOffice kept the formulas and stored their results
    assert re.search(r'<c r="J5"[^>]*><f[^>]*>IF\(COUNT\(D5:I5\)=0,&quot;&quot;,SUM\(D5:I5\)\)</f><v>136</v>', sheet3)
    loaded = load_path(saved)
    assert loaded.data == data
    assert loaded.findings == []
    checked = api.check(saved)
    assert checked.errors == 0 and checked.edition == "2021"


def test_a_stale_cached_value_is_a_finding(tmp_path: Path) -> None:
    saved = _libreoffice_resave(_export(tmp_path), tmp_path / "lo")
    stale = tmp_path / "stale.xlsx"
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(stale, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet3.xml":  # a part changed without recalculating its total
                body, n = re.subn(rb'(<c r="D5"[^>]*><v>)125(</v>)', rb"\g<1>126\g<2>", body)
                assert n == 1
            dst.writestr(info, body)
    result = run("validate", str(stale), "--lang", "en")
    lines = result.stdout.splitlines()
    assert f"{stale}:表三!J5: xlsx.stale_value [error] the cell's saved value 136 differs from its formula's result " \
           "137 (not recalculated); recalculate (F9) in Excel/WPS and save" in lines
    assert result.exit_code == 1


def test_integers_beyond_two_to_the_53_survive(tmp_path: Path) -> None:
    data = example("2021")
    data["active_disclosure"]["article_20_5"]["licensing"]["decisions"] = 2**53 + 1
    data["x-big"] = 2**64 + 1
    path = _export(tmp_path, data)
    assert load_path(path).data == data
    assert openpyxl.load_workbook(path)["表二"]["B8"].value == str(2**53 + 1)  # text: a double cannot hold it


def test_fill_and_render_take_the_workbook(tmp_path: Path) -> None:
    data = example("2021")
    data["applications"]["carried_forward"]["natural_person"] = None
    path = _export(tmp_path, data)
    result = run("fill", str(path))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith(f"{path}:表三!D29: fill.filled [提示] ")
    assert load_path(path).data == example("2021")
    # the total of that row was written as its value (it disagreed with its blank part): export never repairs
    assert openpyxl.load_workbook(path)[T3]["J29"].value == 8
    assert openpyxl.load_workbook(path)[T3]["J28"].value == '=IF(COUNT(J7:J27)=0,"",SUM(J7:J27))'
    out = tmp_path / "r.html"
    assert run("render", str(path), "--to", "html", "-o", str(out)).exit_code == 0
    assert "临州市交通运输局" in out.read_text(encoding="utf-8")


def test_a_blank_workbook_has_formula_totals_and_a_check_row(tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    assert run("new", "--edition", "2021", "-o", str(new)).exit_code == 0
    assert run("export", str(new)).exit_code == 0
    wb = openpyxl.load_workbook(tmp_path / "new.xlsx")
    ws = wb[T3]
    assert ws["J5"].value == '=IF(COUNT(D5:I5)=0,"",SUM(D5:I5))'
    assert ws["D28"].value == '=IF(COUNT(D7:D27)=0,"",SUM(D7:D27))'
    assert ws["A31"].value == "检查（应为 0）：勾稽关系：第一项加第二项之和，等于第三项加第四项之和"
    assert ws["D31"].value == '=IF(COUNT(D5,D6,D28,D29)=0,"",(SUM(D5,D6))-(SUM(D28,D29)))'
    rules = {str(r.sqref): [rule.formula[0] for rule in r.rules] for r in ws.conditional_formatting}
    assert rules["D31"] == ["AND(COUNT(D5,D6,D28,D29)=4,ABS((SUM(D5,D6))-(SUM(D28,D29)))>0.000001)"]
    assert rules["J28"][1] == ("AND(COUNT(J28,D28,E28,F28,G28,H28,I28)=7,"
                               "ABS((SUM(J28))-(SUM(D28,E28,F28,G28,H28,I28)))>0.000001)")
    assert rules["J28"][0].startswith("AND(COUNT(J28,J7,J8,")
    assert load_path(tmp_path / "new.xlsx").data == load_path(new).data

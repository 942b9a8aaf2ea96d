"""Reports to send round the loop render → publish (DOCX, PDF) → import, and the tools for it.

The cases are the two bundled examples and one "edge" variation of each, built from the example
by changing the data only (never the labels, which come from the schema): a whole blank column of
table three, blank cells elsewhere, large numbers, negative 本年增/减, a 2019 amount in 元, a long
narrative that pushes the tables over page breaks, and an agency name with ``"&<>``.
"""

from __future__ import annotations

import copy
import io
import subprocess
from pathlib import Path
from typing import Any

from disclosure_kit.check.findings import FileResult
from disclosure_kit.check.identities import cell_value
from disclosure_kit.check.pipeline import check_data, check_file
from disclosure_kit.model.editions import get_edition
from disclosure_kit.renderers.base import RenderContext

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "fixtures" / "examples"
CHROMIUM = "/usr/bin/chromium"
SOFFICE = "soffice"
EDITIONS = ("2019", "2021")
AGENCY = '临州市"数据"&<开放>局'
LARGE = 12486
# Table three's column left blank in every row of the edge case: the leftmost value column in
# 2021 (what the reader must not take for a label column), one inside the row in 2019.
BLANK_COLUMN = {"2019": "research_institution", "2021": "natural_person"}
PARAGRAPH = "临州市坚持以公开为常态、不公开为例外，推进决策公开、执行公开、管理公开、服务公开、结果公开，" * 4


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def example(edition: str) -> dict[str, Any]:
    result = check_file(str(EXAMPLES / f"{edition}.yaml"))
    assert result.report is not None and not result.findings, result.findings
    return result.report


def edge(edition: str) -> dict[str, Any]:
    """The example with the variations listed in the module docstring."""
    data = copy.deepcopy(example(edition))
    data["meta"].update(agency=AGENCY, issuer=AGENCY, title=None)
    data["overview"] = "\n\n".join(f"{n}. {PARAGRAPH}" for n in range(1, 11))
    data["problems"] = "\n\n".join([PARAGRAPH] * 3)
    signed = iter([-1036, 0, -7, 25, None, -2, 3])
    for i, cell in enumerate(get_edition(edition).cells):
        if cell.table.key == "applications" and cell.column_id == BLANK_COLUMN[edition]:
            _set(data, cell.path, None)
        elif cell.kind == "signed":
            _set(data, cell.path, next(signed))
        elif cell.kind == "count" and i % 9 == 4:
            _set(data, cell.path, LARGE)
    # Blank: table two's first cell (规章, first column) and two cells inside table four's row.
    _set(data, get_edition(edition).cells[0].path, None)
    # the first cell of table four blank too: the data row then starts with a blank cell
    for pointer in ("review_litigation/review/upheld", "review_litigation/review/other",
                    "review_litigation/litigation/after_review/total"):
        _set(data, tuple(pointer.split("/")), None)
    if edition == "2019":
        data["active_disclosure"]["article_20_9"]["procurement"]["amount"] = {"value": 251000, "unit": "元"}
    else:
        data["active_disclosure"]["article_20_8"]["fees"]["amount"] = 12486.5
    return data


def checked(data: dict[str, Any], name: str) -> FileResult:
    """The check result of a case: its structure must be valid (identities may fail, blanks warn)."""
    result = check_data(data, name)
    assert result.report is not None and result.edition is not None
    assert [f.code for f in result.findings if f.code.startswith("schema.")] == []
    return result


def render(result: FileResult, renderer: Any) -> bytes:
    assert result.report is not None and result.edition is not None
    ctx = RenderContext(
        report=result.report, edition=get_edition(result.edition), result=result, source_name=result.file
    )
    return renderer.render(ctx)


def start_libreoffice(docx: list[Path], outdir: Path, profile: Path, target: str = "pdf") -> subprocess.Popen[bytes]:
    """Convert DOCX files with LibreOffice (one process, a private profile): to PDF, or re-saved as
    DOCX (``docx:MS Word 2007 XML``), which rewrites the XML the way an office suite does."""
    cmd = [
        SOFFICE,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        *map(str, docx),
    ]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def chromium_pdf(html: Path, pdf: Path, profile: Path) -> None:
    """Print an HTML page to PDF with headless Chromium, offline, with a fresh profile."""
    profile.mkdir(exist_ok=True)
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf}",
        html.as_uri(),
    ]
    subprocess.run(cmd, capture_output=True, timeout=120, check=True)


def cells(data: dict[str, Any] | None, edition: str) -> dict[str, Any]:
    """Every table cell of the edition: pointer -> value (None for blank, or for a missing report)."""
    return {c.pointer: (cell_value(data, c.path) if data else None) for c in get_edition(edition).cells}


def typed(values: dict[str, Any]) -> dict[str, str]:
    """The type of each value, so that 0 and 0.0, or 5 and "5", never pass as equal."""
    return {k: type(v).__name__ for k, v in values.items()}


TEMPLATE_2021 = ROOT.parent / "shared" / "corpus" / "template-2021-blank.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _tc_text(tc: Any) -> str:
    return "".join(t.text or "" for t in tc.iter(f"{W}t"))


def _set_text(p: Any, text: str) -> None:
    """Replace a paragraph's runs by one run holding ``text`` (keeping the first run's format)."""
    from lxml import etree

    runs = p.findall(f"{W}r")
    run = runs[0] if runs else etree.SubElement(p, f"{W}r")
    for extra in runs[1:]:
        p.remove(extra)
    for child in list(run):
        if child.tag != f"{W}rPr":
            run.remove(child)
    etree.SubElement(run, f"{W}t").text = text


def fill_template(template: Path, report: dict[str, Any], edition: str, title: str) -> bytes:
    """The blank national template with the report's numbers typed in, as an agency fills it.

    The template's blank cells (empty, or holding only ideographic spaces) are its data cells, in
    the official order: each table's blank cells take that table's cells of the edition in turn.
    A blank value leaves the cell as the template has it. The title paragraph gets ``title``.
    """
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(template) as z:
        parts = {info.filename: z.read(info) for info in z.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    body = root.find(f"{W}body")
    _set_text(body.find(f"{W}p"), title)
    tables = [t for t in get_edition(edition).tables()]
    for tbl, table in zip(body.findall(f"{W}tbl"), tables, strict=True):
        own = [c for c in get_edition(edition).cells if c.table.key == table.key]
        blanks = []
        for tc in tbl.iter(f"{W}tc"):
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and merge.get(f"{W}val") != "restart":
                continue
            if not _tc_text(tc).strip("\u3000 "):
                blanks.append(tc)
        assert len(blanks) == len(own), (table.key, len(blanks), len(own))
        for tc, cell in zip(blanks, own, strict=True):
            value = cell_value(report, cell.path)
            if value is not None:
                _set_text(tc.find(f"{W}p"), str(value))
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()

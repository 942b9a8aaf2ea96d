#!/usr/bin/env python3
"""Build ``renderers/docx/reference.docx``: the GB/T 9704 look for pandoc's DOCX writer.

Why a script and not a hand-edited file: the reference document must keep every style pandoc
emits (Title, Heading 1–3, Body Text, First Paragraph, Compact, the ``Table`` table style), so we
start from the default reference of the *bundled* pandoc (pypandoc-binary, pandoc 3.x) and change
only what GB/T 9704-2012 《党政机关公文格式》 prescribes:

* A4 (210 × 297 mm); margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 × 225 mm).
* Body 仿宋_GB2312 三号 (16 pt) on ``docDefaults`` with ``w:eastAsia`` set, fixed 28 pt lines,
  first-line indent of two characters.
* Title 方正小标宋简体 二号 (22 pt), centred; heading 1 黑体 三号; heading 2 楷体_GB2312 三号;
  heading 3 仿宋_GB2312 三号 bold.
* Tables 五号 (10.5 pt), full single borders (the ``Table`` style; the renderer also writes the
  borders on every table, LibreOffice reads table-style borders only partly).
* Page numbers in the footer as ``— 1 —`` (宋体 四号, centred).

The theme-font attributes (``w:asciiTheme``, ``w:eastAsiaTheme`` …) of pandoc's default are
removed everywhere: Word lets them override explicit font names.

The same look is written into ``renderers/docx/reference.odt`` for pandoc's ODT writer, patched
from pandoc's default ``reference.odt`` (A4 and margins, fonts and sizes of the same styles, the
``— 1 —`` footer). Both zips are written with a fixed timestamp so that re-running the script gives
identical bytes.

Usage: ``.venv/bin/python scripts/build_reference_docx.py [output-directory]``
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pypandoc
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

OUTPUT_DIR = Path(__file__).resolve().parent.parent / "renderers" / "docx"

LATIN = "Times New Roman"
FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"

SANHAO = 32  # 三号 16 pt, in half-points
ERHAO = 44  # 二号 22 pt
SIHAO = 28  # 四号 14 pt
WUHAO = 21  # 五号 10.5 pt
TABLE_TEXT = "TableText"  # paragraph style of table cells (the renderer assigns it)
CLOSING = "Closing"  # paragraph style of the closing block (renderers.office.CLOSING_STYLE)
LINE_EXACT = 560  # 28 pt fixed line pitch, in twips
INDENT_2CH = 640  # two 三号 characters, in twips


def pandoc_default_reference(name: str = "reference.docx") -> bytes:
    """A default data file (reference.docx / reference.odt) of the pandoc bundled with pypandoc-binary."""
    return subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", name],
        check=True,
        capture_output=True,
    ).stdout


def _child(parent: etree._Element, tag: str, first: bool = False) -> etree._Element:
    """The child ``tag`` of ``parent``, created when missing (schema order is loose in styles)."""
    found = parent.find(qn(tag))
    if found is None:
        found = etree.SubElement(parent, qn(tag))
        if first:
            parent.remove(found)
            parent.insert(0, found)
    return found


def _set(el: etree._Element, **attrs: str | int) -> etree._Element:
    for key, value in attrs.items():
        el.set(qn("w:" + key), str(value))
    return el


def strip_theme_attributes(root: etree._Element) -> None:
    """Remove theme fonts and theme colours: they would override the explicit GB/T 9704 fonts."""
    for el in root.iter():
        for attr in list(el.attrib):
            local = etree.QName(attr).localname
            if local.endswith(("Theme", "theme")) or local in ("themeColor", "themeShade", "themeTint"):
                del el.attrib[attr]


def set_fonts(rpr: etree._Element, east_asia: str, size: int, bold: bool | None = None) -> None:
    """Explicit fonts (Latin Times New Roman, the given East-Asian face), size and colour black."""
    fonts = _child(rpr, "w:rFonts", first=True)
    fonts.attrib.clear()
    _set(fonts, ascii=LATIN, hAnsi=LATIN, cs=LATIN, eastAsia=east_asia, hint="eastAsia")
    for tag in ("w:b", "w:bCs"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
        if bold:
            etree.SubElement(rpr, qn(tag))
    for tag in ("w:i", "w:iCs"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    _set(_child(rpr, "w:color"), val="000000")
    _set(_child(rpr, "w:sz"), val=size)
    _set(_child(rpr, "w:szCs"), val=size)


def set_paragraph(
    ppr: etree._Element,
    *,
    jc: str | None = None,
    before: int = 0,
    after: int = 0,
    line: int | None = LINE_EXACT,
    first_line: int | None = None,
) -> None:
    """Spacing (fixed lines unless ``line`` is None), alignment and first-line indent."""
    spacing = _child(ppr, "w:spacing")
    spacing.attrib.clear()
    _set(spacing, before=before, after=after)
    if line is None:
        _set(spacing, line=240, lineRule="auto")
    else:
        _set(spacing, line=line, lineRule="exact")
    if first_line is not None:
        ind = _child(ppr, "w:ind")
        ind.attrib.clear()
        _set(ind, firstLine=first_line, firstLineChars=200 if first_line else 0)
    if jc is not None:
        _set(_child(ppr, "w:jc"), val=jc)


# Child order of w:pPr and w:rPr in the OOXML schema: Word refuses some files written out of order.
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
    "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
    "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
    "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"
)
RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
    "lang", "eastAsianLayout", "specVanish", "oMath"
)


def reorder(root: etree._Element) -> None:
    """Put the children of every w:pPr and w:rPr in schema order."""
    for tag, order in (("w:pPr", PPR_ORDER), ("w:rPr", RPR_ORDER)):
        rank = {qn("w:" + name): i for i, name in enumerate(order)}
        for el in root.iter(qn(tag)):
            kids = sorted(el, key=lambda k: rank.get(k.tag, len(rank)))
            for kid in kids:
                el.append(kid)


def style(styles: etree._Element, style_id: str) -> etree._Element:
    found = styles.find(f"w:style[@w:styleId='{style_id}']", namespaces=styles.nsmap)
    if found is None:
        raise KeyError(f"pandoc's reference.docx has no style {style_id!r}")
    return found


def ppr_of(st: etree._Element) -> etree._Element:
    ppr = st.find(qn("w:pPr"))
    if ppr is None:
        ppr = etree.Element(qn("w:pPr"))
        rpr = st.find(qn("w:rPr"))
        if rpr is not None:
            rpr.addprevious(ppr)
        else:
            st.append(ppr)
    return ppr


def rpr_of(st: etree._Element) -> etree._Element:
    return _child(st, "w:rPr")


def restyle(styles: etree._Element) -> None:
    """Apply the GB/T 9704 fonts, sizes and spacing to the styles pandoc uses."""
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    set_fonts(rpr, FANGSONG, SANHAO)
    rpr.remove(rpr.find(qn("w:color")))  # docDefaults: colour stays automatic
    _set(_child(rpr, "w:lang"), val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    set_paragraph(ppr)

    normal = style(styles, "Normal")
    set_paragraph(ppr_of(normal), jc="both")

    for sid in ("BodyText", "FirstParagraph"):
        set_paragraph(ppr_of(style(styles, sid)), jc="both", first_line=INDENT_2CH)

    title = style(styles, "Title")
    set_paragraph(ppr_of(title), jc="center", before=0, after=LINE_EXACT, line=None)
    set_fonts(rpr_of(title), XIAOBIAOSONG, ERHAO, bold=False)
    title_char = style(styles, "TitleChar")
    set_fonts(rpr_of(title_char), XIAOBIAOSONG, ERHAO, bold=False)

    for sid, face, bold in (("Heading1", HEITI, False), ("Heading2", KAITI, False), ("Heading3", FANGSONG, True)):
        st = style(styles, sid)
        set_paragraph(ppr_of(st), jc="both", first_line=INDENT_2CH)
        set_fonts(rpr_of(st), face, SANHAO, bold=bold)
        char = style(styles, sid + "Char")
        set_fonts(rpr_of(char), face, SANHAO, bold=bold)

    # pandoc writes tight list items and table cells in "Compact": keep it body text. The renderer
    # moves table-cell paragraphs to "TableText" (五号, centred, single spacing).
    set_paragraph(ppr_of(style(styles, "Compact")), jc="both", first_line=0)
    table_text = etree.SubElement(styles, qn("w:style"))
    _set(table_text, type="paragraph", customStyle=1, styleId=TABLE_TEXT)
    _set(etree.SubElement(table_text, qn("w:name")), val="Table Text")
    _set(etree.SubElement(table_text, qn("w:basedOn")), val="Normal")
    etree.SubElement(table_text, qn("w:qFormat"))
    set_paragraph(ppr_of(table_text), jc="center", line=None, first_line=0)
    set_fonts(rpr_of(table_text), FANGSONG, WUHAO)

    # The closing block (落款) the renderers write after the last section: issuing body and date,
    # one blank line below the text, right-aligned two characters in (GB/T 9704 7.3.5).
    closing = etree.SubElement(styles, qn("w:style"))
    _set(closing, type="paragraph", customStyle=1, styleId=CLOSING)
    _set(etree.SubElement(closing, qn("w:name")), val=CLOSING)
    _set(etree.SubElement(closing, qn("w:basedOn")), val="Normal")
    etree.SubElement(closing, qn("w:qFormat"))
    set_paragraph(ppr_of(closing), jc="right", before=LINE_EXACT, first_line=0)
    _set(_child(ppr_of(closing), "w:ind"), right=INDENT_2CH, rightChars=200)

    table = style(styles, "Table")
    tblpr = table.find(qn("w:tblPr"))
    borders = _child(tblpr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _set(_child(borders, "w:" + side), val="single", sz=4, space=0, color="000000")
    _set(_child(tblpr, "w:jc"), val="center")
    for first_row in table.findall(qn("w:tblStylePr")):
        table.remove(first_row)  # pandoc's default draws only a rule under row 1, bottom-aligned
    tcpr = _child(table, "w:tcPr")
    _set(_child(tcpr, "w:vAlign"), val="center")
    trpr = table.find(qn("w:trPr"))
    if trpr is not None:
        table.remove(trpr)
    _set(_child(rpr_of(table), "w:sz"), val=WUHAO)
    # Element order inside w:style (CT_Style): ..., rPr, tblPr, trPr, tcPr, tblStylePr.
    for tag in ("w:pPr", "w:rPr", "w:tblPr", "w:tcPr"):
        el = table.find(qn(tag))
        if el is not None:
            table.remove(el)
            table.append(el)


def add_page_number_footer(document: docx.document.Document) -> None:
    """Centred ``— N —`` page number in 宋体 四号, as official documents print it."""
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    para = footer.paragraphs[0]
    ppr = para._p.get_or_add_pPr()
    set_paragraph(ppr, jc="center", line=None, first_line=0)

    def run(text: str | None = None, field: str | None = None) -> None:
        r = para.add_run()
        rpr = r._r.get_or_add_rPr()
        set_fonts(rpr, SONGTI, SIHAO)
        fonts = rpr.find(qn("w:rFonts"))
        _set(fonts, ascii=SONGTI, hAnsi=SONGTI)
        if text is not None:
            r.text = text
        if field is not None:
            begin = etree.SubElement(r._r, qn("w:fldChar"))
            _set(begin, fldCharType="begin")
            instr = etree.SubElement(r._r, qn("w:instrText"))
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = f" {field} "
            sep = etree.SubElement(r._r, qn("w:fldChar"))
            _set(sep, fldCharType="separate")
            etree.SubElement(r._r, qn("w:t")).text = "1"
            end = etree.SubElement(r._r, qn("w:fldChar"))
            _set(end, fldCharType="end")

    run("— ")
    run(field="PAGE")
    run(" —")
    reorder(footer._element)


def build() -> bytes:
    document = docx.Document(io.BytesIO(pandoc_default_reference()))
    styles = document.styles.element
    strip_theme_attributes(styles)
    restyle(styles)
    reorder(styles)

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(23)
    add_page_number_footer(document)

    # pandoc reads styles and the section from the reference, not its body: keep the body minimal.
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    body.insert(0, etree.Element(qn("w:p")))

    props = document.core_properties
    props.title = props.author = props.last_modified_by = props.subject = props.keywords = ""
    props.comments = ""

    raw = io.BytesIO()
    document.save(raw)
    return _stable_zip(raw.getvalue())


def _stable_zip(data: bytes, replace: dict[str, bytes] | None = None) -> bytes:
    """Rewrite the zip with a fixed timestamp (``mimetype`` stored, as ODF requires)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        infos = sorted(src.infolist(), key=lambda i: i.filename != "mimetype")
        for info in infos:
            body = (replace or {}).get(info.filename, src.read(info.filename))
            if info.filename == "docProps/core.xml":
                body = _strip_dates(body)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            dst.writestr(fixed, body)
    return out.getvalue()


def _strip_dates(core: bytes) -> bytes:
    root = etree.fromstring(core)
    for el in list(root):
        if etree.QName(el).localname in ("created", "modified", "lastPrinted", "revision"):
            root.remove(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ----------------------------------------------------------------------------- ODT

ODF_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}


def _o(qname: str) -> str:
    prefix, local = qname.split(":")
    return f"{{{ODF_NS[prefix]}}}{local}"


def _odf_props(el: etree._Element, kind: str, **attrs: str) -> etree._Element:
    """Set ``style:<kind>-properties`` attributes (``fo_margin_top`` means ``fo:margin-top``)."""
    props = el.find(_o(f"style:{kind}-properties"))
    if props is None:
        props = etree.SubElement(el, _o(f"style:{kind}-properties"))
        if kind == "paragraph":  # paragraph-properties precede text-properties
            el.remove(props)
            el.insert(0, props)
    for key, value in attrs.items():
        prefix, local = key.split("_", 1)
        props.set(_o(f"{prefix}:{local.replace('_', '-')}"), value)
    return props


def _odf_font(el: etree._Element, east_asia: str, size_pt: float, bold: bool = False, latin: str = LATIN) -> None:
    props = _odf_props(el, "text")
    for attr in ("font-name", "font-name-asian", "font-name-complex"):
        props.attrib.pop(_o(f"style:{attr}"), None)
    weight = "bold" if bold else "normal"
    size = f"{size_pt:g}pt"
    _odf_props(
        el, "text", fo_font_family=latin, style_font_family_asian=east_asia, style_font_family_complex=latin,
        fo_font_size=size, style_font_size_asian=size, style_font_size_complex=size,
        fo_font_weight=weight, style_font_weight_asian=weight, style_font_weight_complex=weight,
        fo_color="#000000",
    )


def _odf_style(styles: etree._Element, name: str, parent: str | None = None) -> etree._Element:
    office_styles = styles.find(_o("office:styles"))
    for el in office_styles.findall(_o("style:style")):
        if el.get(_o("style:name")) == name:
            return el
    el = etree.SubElement(office_styles, _o("style:style"))
    el.set(_o("style:name"), name)
    el.set(_o("style:family"), "paragraph")
    if parent:
        el.set(_o("style:parent-style-name"), parent)
    return el


def restyle_odt(styles: etree._Element) -> None:
    """The GB/T 9704 page, fonts and sizes on the paragraph styles pandoc's ODT writer uses."""
    office_styles = styles.find(_o("office:styles"))
    default = next(
        el for el in office_styles.findall(_o("style:default-style")) if el.get(_o("style:family")) == "paragraph"
    )
    _odf_font(default, FANGSONG, 16)
    _odf_props(default, "text", style_language_asian="zh", style_country_asian="CN")
    line = "28pt"
    _odf_props(_odf_style(styles, "Standard"), "paragraph", fo_line_height=line, fo_text_align="justify")
    for name in ("Text_20_body", "First_20_paragraph"):
        _odf_props(_odf_style(styles, name), "paragraph", fo_margin_top="0pt", fo_margin_bottom="0pt",
                   fo_text_indent="32pt", fo_line_height=line, fo_text_align="justify")
    title = _odf_style(styles, "Title", "Standard")
    _odf_props(title, "paragraph", fo_text_align="center", fo_margin_top="0pt", fo_margin_bottom="28pt",
               fo_line_height="100%")
    _odf_font(title, XIAOBIAOSONG, 22)
    heading = _odf_style(styles, "Heading")
    _odf_props(heading, "paragraph", fo_margin_top="0pt", fo_margin_bottom="0pt", fo_text_indent="32pt",
               fo_line_height=line)
    _odf_font(heading, HEITI, 16)
    for name, face, bold in (("Heading_20_1", HEITI, False), ("Heading_20_2", KAITI, False),
                             ("Heading_20_3", FANGSONG, True)):
        _odf_font(_odf_style(styles, name), face, 16, bold)
    contents = _odf_style(styles, "Table_20_Contents")
    _odf_props(contents, "paragraph", fo_text_align="center", fo_line_height="100%", fo_text_indent="0pt",
               fo_margin_top="0pt", fo_margin_bottom="0pt")
    _odf_font(contents, FANGSONG, 10.5)
    closing = _odf_style(styles, CLOSING, "Standard")
    _odf_props(closing, "paragraph", fo_text_align="end", fo_margin_top="28pt", fo_margin_bottom="0pt",
               fo_margin_right="32pt", fo_text_indent="0pt", fo_line_height=line)
    table_heading = _odf_style(styles, "Table_20_Heading")
    _odf_props(table_heading, "paragraph", fo_text_align="center")
    _odf_font(table_heading, FANGSONG, 10.5)

    layout = styles.find(f"{_o('office:automatic-styles')}/{_o('style:page-layout')}")
    _odf_props(layout, "page-layout", fo_page_width="210mm", fo_page_height="297mm", fo_margin_top="37mm",
               fo_margin_bottom="23mm", fo_margin_left="28mm", fo_margin_right="26mm")
    footer_style = layout.find(_o("style:footer-style"))
    _odf_props(footer_style, "header-footer", fo_min_height="0mm", fo_margin_top="7mm")

    footer_para = styles.find(f".//{_o('style:master-page')}/{_o('style:footer')}/{_o('text:p')}")
    number = footer_para.find(_o("text:page-number"))
    number.text = "1"
    number.tail = " —"
    footer_para.text = "— "
    mp1 = next(el for el in styles.iter(_o("style:style")) if el.get(_o("style:name")) == "MP1")
    _odf_font(mp1, SONGTI, 14, latin=SONGTI)


def build_odt() -> bytes:
    raw = pandoc_default_reference("reference.odt")
    with zipfile.ZipFile(io.BytesIO(raw)) as src:
        styles = etree.fromstring(src.read("styles.xml"))
    restyle_odt(styles)
    body = etree.tostring(styles, xml_declaration=True, encoding="UTF-8")
    return _stable_zip(raw, {"styles.xml": body})


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else OUTPUT_DIR
    target.mkdir(parents=True, exist_ok=True)
    for name, data in (("reference.docx", build()), ("reference.odt", build_odt())):
        (target / name).write_bytes(data)
        print(f"wrote {target / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

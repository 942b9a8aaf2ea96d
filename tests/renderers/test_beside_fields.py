"""The typed fields beside a narrative section (2021's information-processing fees) in every document."""

from __future__ import annotations

import copy
import io
import subprocess
import zipfile

from disclosure_kit.renderers.docx import DocxRenderer
from disclosure_kit.renderers.html import HtmlRenderer
from disclosure_kit.renderers.markdown import MarkdownRenderer
from disclosure_kit.renderers.pdf import PdfRenderer

from .support import checked, context, example

FEES = {"notices": 3, "notice_amount": 1250, "collected_amount": 850.5}


def _with_fees(fees: object) -> object:
    report = copy.deepcopy(example("2021").report)
    report["processing_fees"] = fees
    result = checked(report)
    assert [f.code for f in result.findings] == []
    return result


def test_fees_follow_section_six_in_html_and_markdown() -> None:
    ctx = context(_with_fees(FEES))
    html = HtmlRenderer().render(ctx).decode()
    six = html[html.index('<section id="other_matters"'):]
    assert ('<dl class="fields">\n<dt>发出收费通知件数</dt><dd>3</dd>\n<dt>收费通知金额（元）</dt><dd>1250</dd>\n'
            '<dt>实际收取金额（元）</dt><dd>850.5</dd>\n</dl>') in six[:six.index("</section>")]
    md = MarkdownRenderer().render(context(_with_fees(FEES), lang="en")).decode()
    assert md.endswith("办理复文均已按规定公开。\n\n- Fee notices issued: 3\n- Amount of the fee notices (yuan): 1250\n"
                       "- Amount actually collected (yuan): 850.5\n")


def test_fees_in_docx_and_pdf_text() -> None:
    ctx = context(_with_fees(FEES))
    with zipfile.ZipFile(io.BytesIO(DocxRenderer().render(ctx))) as z:
        xml = z.read("word/document.xml").decode()
    assert "发出收费通知件数：3" in xml and "实际收取金额（元）：850.5" in xml
    pdf = subprocess.run(["pdftotext", "-layout", "-", "-"], input=PdfRenderer().render(ctx),
                         capture_output=True, check=True).stdout.decode()
    assert "收费通知金额（元）：1250" in pdf


def test_null_fees_are_not_shown_as_zero() -> None:
    html = HtmlRenderer().render(context(_with_fees({"notices": None, "notice_amount": 0}))).decode()
    assert '<dt>收费通知金额（元）</dt><dd>0</dd>' in html and "发出收费通知件数" not in html

"""Which engine makes the PDF: the candidates side by side on both examples, measured in one run.

    .venv/bin/python benchmarks/bench_pdf_engines.py [--runs 3]

Candidates (each from the document disclosure-kit already makes for it):
  * typst       our ``pdf`` renderer (Typst through the ``typst`` wheel), from the DOCX's HTML + our tables;
  * libreoffice our DOCX → ``soffice --headless --convert-to pdf`` with the PDF/A-2 filter option, the
                same free fonts given to fontconfig as aliases of the official names (the baseline:
                what a clerk does today by saving the Word file as PDF);
  * chromium    our HTML page → ``chromium --headless --print-to-pdf`` (its print stylesheet);
  * weasyprint  our HTML page → WeasyPrint with ``pdf/a-2b`` (``pip install -e '.[bench]'``).

For each: median seconds per report (fresh process each time for the command-line engines, as a
``render`` run would start them), pages, size, fonts (all embedded? Type 3? the body face), Title and
Author, a PDF/A identification in the XMP, and whether table three's header rows are on every page
its rows reach (from pdftotext, page by page). The machine load is printed beside the figures.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from disclosure_kit.check.pipeline import check_file  # noqa: E402
from disclosure_kit.model.editions import get_edition  # noqa: E402
from disclosure_kit.renderers.base import RenderContext  # noqa: E402
from disclosure_kit.renderers.docx import DocxRenderer  # noqa: E402
from disclosure_kit.renderers.html import HtmlRenderer  # noqa: E402
from disclosure_kit.renderers.pdf import PdfRenderer  # noqa: E402

EXAMPLES = {e: ROOT / "fixtures" / "examples" / f"{e}.yaml" for e in ("2019", "2021")}
CHROMIUM = ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer"]
LO_PDFA2 = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
# The same official → free font mapping the Typst page uses (renderers/pdf/report.typ), for LibreOffice.
ALIASES = {"仿宋_GB2312": "AR PL UMing CN", "方正小标宋简体": "Noto Serif CJK SC", "黑体": "Noto Sans CJK SC",
           "楷体_GB2312": "AR PL UKai CN", "宋体": "Noto Serif CJK SC"}
HEADER_TEXT = "申请人情况"
ROW_TEXTS = ("一、本年新收政府信息公开申请数量", "（七）总计", "四、结转下年度继续办理", "1.属于国家秘密")


def fontconfig_file(folder: Path) -> Path:
    rules = "".join(f"<alias binding=\"same\"><family>{k}</family><prefer><family>{v}</family></prefer></alias>"
                    for k, v in ALIASES.items())
    path = folder / "fonts.conf"
    path.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig>'
                    f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include>{rules}</fontconfig>',
                    encoding="utf-8")
    return path


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(cmd, capture_output=True, check=True, timeout=300, **kw)  # type: ignore[call-overload]


def typst_engine(ctx: RenderContext, work: Path) -> bytes:
    return PdfRenderer().render(ctx)


def libreoffice_engine(ctx: RenderContext, work: Path) -> bytes:
    src = work / "report.docx"
    src.write_bytes(DocxRenderer().render(ctx))
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(work))}
    run(["soffice", f"-env:UserInstallation=file://{work}/lo-profile", "--headless", "--convert-to", LO_PDFA2,
         "--outdir", str(work), str(src)], env=env)
    return (work / "report.pdf").read_bytes()


def chromium_engine(ctx: RenderContext, work: Path) -> bytes:
    page = work / "report.html"
    page.write_bytes(HtmlRenderer().render(ctx))
    out = work / "chromium.pdf"
    run([*CHROMIUM, f"--user-data-dir={work}/chromium-profile", f"--print-to-pdf={out}", page.as_uri()])
    return out.read_bytes()


def weasyprint_engine(ctx: RenderContext, work: Path) -> bytes:
    import weasyprint

    page = HtmlRenderer().render(ctx).decode("utf-8")
    return weasyprint.HTML(string=page).write_pdf(pdf_variant="pdf/a-2b")


def available(name: str) -> str | None:
    """None when the engine can run here, else why not."""
    if name == "weasyprint":
        try:
            import weasyprint  # noqa: F401
        except (ImportError, OSError) as exc:
            return f"not installed ({type(exc).__name__}): pip install -e '.[bench]'"
    if name == "libreoffice" and not any((Path(p) / "soffice").exists() for p in os.environ["PATH"].split(":")):
        return "soffice not found (scripts/setup.sh installs it)"
    if name == "chromium" and not Path(CHROMIUM[0]).exists():
        return "chromium not found (scripts/setup.sh installs it)"
    return None


ENGINES: dict[str, Callable[[RenderContext, Path], bytes]] = {
    "typst": typst_engine, "libreoffice": libreoffice_engine, "chromium": chromium_engine,
    "weasyprint": weasyprint_engine,
}


def facts(pdf: Path) -> dict[str, str]:
    """What the PDF is, read with poppler."""
    info = dict(re.findall(r"^([A-Za-z ]+):\s+(.*)$", run(["pdfinfo", str(pdf)]).stdout.decode(), re.MULTILINE))
    fonts = run(["pdffonts", str(pdf)]).stdout.decode().splitlines()[2:]
    embedded = all(re.search(r"\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", f) for f in fonts)
    type3 = sum("Type 3" in f for f in fonts)
    xmp = run(["pdfinfo", "-meta", str(pdf)]).stdout.decode()
    part = re.search(r"pdfaid:part[>=\"]+(\d)", xmp)
    conf = re.search(r"pdfaid:conformance[>=\"]+([ABU])", xmp)
    pages = int(info.get("Pages", "0"))
    texts = [run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"]).stdout.decode() for n in range(1, pages + 1)]
    row_pages = [i for i, t in enumerate(texts) if any(r in t for r in ROW_TEXTS)]
    repeated = all(HEADER_TEXT in texts[i] for i in row_pages)
    cjk = sorted({re.sub(r"^[A-Z]{6}\+", "", f.split()[0]) for f in fonts if not f.startswith("[none]")})
    return {
        "pages": str(pages), "kB": f"{pdf.stat().st_size / 1024:.0f}",
        "fonts": f"{len(fonts)}{' all embedded' if embedded else ' NOT all embedded'}"
                 f"{f', {type3} Type 3' if type3 else ''}",
        "faces": ", ".join(cjk)[:90] or "(Type 3 only, unnamed)",
        "title/author": f"{'T' if info.get('Title') else '-'}/{'A' if info.get('Author') else '-'}",
        "PDF/A": f"{part.group(1)}{conf.group(1).lower()}" if part and conf else "no",
        "table 3": f"pages {','.join(str(i + 1) for i in row_pages)}; header repeated: {'yes' if repeated else 'NO'}",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    contexts = {}
    for edition, path in EXAMPLES.items():
        result = check_file(str(path))
        assert result.report is not None and result.edition is not None
        contexts[edition] = RenderContext(report=result.report, edition=get_edition(result.edition), result=result)
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1/5/15 min), "
          f"{os.cpu_count()} cores; median of {args.runs} runs per report, after one warm-up\n")
    for name, engine in ENGINES.items():
        why = available(name)
        if why:
            print(f"{name:<12} skipped: {why}\n")
            continue
        for edition, ctx in contexts.items():
            with tempfile.TemporaryDirectory(prefix=f"dk-bench-{name}-") as tmp:
                work = Path(tmp)
                engine(ctx, work)  # warm-up: imports, font scans, LibreOffice's first-start profile
                times = []
                for _ in range(args.runs):
                    t0 = time.perf_counter()
                    data = engine(ctx, work)
                    times.append(time.perf_counter() - t0)
                pdf = work / "out.pdf"
                pdf.write_bytes(data)
                f = facts(pdf)
            print(f"{name:<12}{edition}  {statistics.median(times) * 1000:8.0f} ms   {f['pages']} pages  "
                  f"{f['kB']:>4} kB   Title/Author {f['title/author']}   PDF/A {f['PDF/A']:<3}  fonts {f['fonts']}")
            print(f"{'':<18}faces: {f['faces']}")
            print(f"{'':<18}table three on {f['table 3']}")
        print()


if __name__ == "__main__":
    main()

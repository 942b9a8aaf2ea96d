"""Time every renderer in the registry on the bundled examples, with pandoc as the baseline.

    .venv/bin/python benchmarks/bench_render.py [--min-seconds 1.0] [--max-runs 200]

For each renderer (built-in or installed plug-in) and each example report (2019, 2021): the
median time of one ``render()`` call, repeated until ``--min-seconds`` have passed (at least 3
runs, at most ``--max-runs``). The check that ``render`` runs first is timed separately.

Baseline, measured in the same run on the same content, through pypandoc (pandoc 3):
  * html: pandoc turning the report's Markdown (our markdown output) into a standalone HTML page;
  * markdown: pandoc turning the report's HTML page (our html output) into GFM.
The ratio printed is pandoc time / disclosure-kit time (above 1: we are faster).

``--narrative-chars N`` (default 195000) then times the narrative of the markdown renderer on one
valid narrative of N characters (soft-wrapped paragraphs with inline ``<br>``, links, emphasis and
code), against the same function at ``--before REV`` (loaded from git, default: the last commit
before the allow-list rewrite; 0 skips it) and markdown-it-py parsing the same text and rendering
it as HTML (the floor: what the html renderer pays), all in this run. The before version is stopped
after ``--before-timeout`` seconds. (pandoc gfm → gfm takes over 2 minutes on this paragraph.)
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import multiprocessing
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from disclosure_kit.check.pipeline import check_file  # noqa: E402
from disclosure_kit.model.editions import get_edition  # noqa: E402
from disclosure_kit.renderers import registry  # noqa: E402
from disclosure_kit.renderers.base import RenderContext  # noqa: E402

BEFORE_ALLOW_LIST = "c87d54b"  # narrative_markdown patched patterns in place (quadratic on inline HTML)
EXAMPLES = {e: ROOT / "fixtures" / "examples" / f"{e}.yaml" for e in ("2019", "2021")}


def timed(fn: Callable[[], object], min_seconds: float, max_runs: int) -> tuple[float, int]:
    """Median seconds of one call, and how many calls were made."""
    fn()  # warm-up: imports, template compilation, caches
    gc.collect()  # garbage left by the previous renderer must not be charged to this one
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < 3 or (time.perf_counter() - start < min_seconds and len(times) < max_runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), len(times)


def long_narrative(chars: int) -> str:
    """One valid paragraph of ``chars`` characters, soft-wrapped (as in tests/hostile/test_markdown.py)."""
    para = ("全年主动公开政府信息<br>\n其中**政策文件** 21 条、[政策解读](https://www.gov.cn/jd) 9 条<br>\n"
            "依申请公开 `136` 件，均在法定期限内答复。\n")
    return (para * (chars // len(para) + 1))[:chars]


def _module_at(rev: str, path: str, name: str) -> object:
    """A module of this package as it was at git revision ``rev`` (imported beside today's)."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{path}"], capture_output=True, text=True,
                            check=True).stdout
    spec = importlib.util.spec_from_loader(name, loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    module.__package__ = name.rpartition(".")[0]
    exec(compile(source, f"{rev}:{path}", "exec"), module.__dict__)
    return module


def _time_before(rev: str, text: str, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    old = _module_at(rev, "src/disclosure_kit/renderers/markdown.py", "disclosure_kit.renderers._markdown_before")
    t0 = time.perf_counter()
    old.narrative_markdown(text)  # type: ignore[attr-defined]
    out.put(time.perf_counter() - t0)


def bench_narrative(chars: int, before: str, before_timeout: float) -> None:
    from disclosure_kit.renderers.narrative import narrative_markdown, parser

    text = long_narrative(chars)
    t0 = time.perf_counter()
    narrative_markdown(text)
    now = time.perf_counter() - t0
    print(f"\nnarrative of {len(text)} characters, {text.count(chr(10))} lines (markdown renderer)")
    print(f"  allow-list rewrite (this tree)      {now:9.3f} s")
    if before and before != "0":
        queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
        proc = multiprocessing.Process(target=_time_before, args=(before, text, queue))
        proc.start()
        proc.join(before_timeout)
        if proc.is_alive():
            proc.terminate()
            proc.join()
            print(f"  patterns patched in place ({before})  > {before_timeout:.0f} s (stopped)")
        else:
            print(f"  patterns patched in place ({before})  {queue.get():9.3f} s")
    t0 = time.perf_counter()
    parser().render(text)
    print(f"  markdown-it parse + HTML (floor)    {time.perf_counter() - t0:9.3f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-seconds", type=float, default=1.0)
    ap.add_argument("--max-runs", type=int, default=200)
    ap.add_argument("--narrative-chars", type=int, default=195_000)
    ap.add_argument("--before", default=BEFORE_ALLOW_LIST)
    ap.add_argument("--before-timeout", type=float, default=300.0)
    args = ap.parse_args()

    import pypandoc

    contexts = {}
    for edition, path in EXAMPLES.items():
        t, n = timed(lambda path=path: check_file(str(path)), args.min_seconds, args.max_runs)
        result = check_file(str(path))
        assert result.report is not None and result.edition is not None
        contexts[edition] = RenderContext(report=result.report, edition=get_edition(result.edition), result=result,
                                          source_name=str(path), source_bytes=path.read_bytes())
        print(f"check (before rendering)  {edition}: {t * 1000:8.2f} ms  ({n} runs)")

    print(f"\npandoc {pypandoc.get_pandoc_version()} (pypandoc-binary); times are the median of one call\n")
    print(f"{'renderer':<12}{'report':<8}{'ms/report':>11}{'runs':>6}   {'baseline':<28}{'ms':>9}{'ratio':>8}")
    ours: dict[tuple[str, str], bytes] = {}
    for entry in registry.entries():
        if entry.renderer is None:
            print(f"{entry.name:<12}(cannot be loaded: {entry.error})")
            continue
        renderer = entry.renderer
        for edition, ctx in contexts.items():
            try:
                t, n = timed(lambda r=renderer, c=ctx: r.render(c), args.min_seconds, args.max_runs)
            except Exception as exc:  # a broken plug-in must not stop the benchmark
                print(f"{entry.name:<12}{edition:<8}failed: {type(exc).__name__}: {exc}")
                continue
            ours[(entry.name, edition)] = renderer.render(ctx)
            line = f"{entry.name:<12}{edition:<8}{t * 1000:11.2f}{n:6d}"
            baseline = None
            if entry.name == "html":
                md = registry.get("markdown").render(ctx).decode("utf-8")
                baseline = ("pandoc gfm -> html5 -s", lambda md=md: pypandoc.convert_text(
                    md, "html5", format="gfm", extra_args=["--standalone", "--metadata=title:report"]))
            elif entry.name == "markdown":
                page = registry.get("html").render(ctx).decode("utf-8")
                baseline = ("pandoc html -> gfm", lambda page=page: pypandoc.convert_text(page, "gfm", format="html"))
            if baseline is not None:
                bt, _ = timed(baseline[1], args.min_seconds, max(3, args.max_runs // 20))
                line += f"   {baseline[0]:<28}{bt * 1000:9.2f}{bt / t:8.1f}x"
            print(line)
    if args.narrative_chars:
        bench_narrative(args.narrative_chars, args.before, args.before_timeout)


if __name__ == "__main__":
    main()

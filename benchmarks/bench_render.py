"""Time every renderer in the registry on the bundled examples, with pandoc as the baseline.

    .venv/bin/python benchmarks/bench_render.py [--min-seconds 1.0] [--max-runs 200]

For each renderer (built-in or installed plug-in) and each example report (2019, 2021): the
median time of one ``render()`` call, repeated until ``--min-seconds`` have passed (at least 3
runs, at most ``--max-runs``). The check that ``render`` runs first is timed separately.

Baseline, measured in the same run on the same content, through pypandoc (pandoc 3):
  * html: pandoc turning the report's Markdown (our markdown output) into a standalone HTML page;
  * markdown: pandoc turning the report's HTML page (our html output) into GFM.
The ratio printed is pandoc time / disclosure-kit time (above 1: we are faster).
"""

from __future__ import annotations

import argparse
import gc
import statistics
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-seconds", type=float, default=1.0)
    ap.add_argument("--max-runs", type=int, default=200)
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


if __name__ == "__main__":
    main()

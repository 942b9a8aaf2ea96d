"""Issue 17, classes 1, 7 and 9 at the command level: before (a base commit) and after (this tree).

    .venv/bin/python benchmarks/bench_hostile_commands.py [--base REV] [--tmpfs]

The base commit is unpacked with ``git archive`` into a temporary folder and run with
``PYTHONPATH`` pointing at its ``src``, so both trees run in the same session, on the same inputs,
under the same load. Each case is a command a user could type; the table shows, for each tree, the
exit code, the wall time, the peak RSS of the process, whether a traceback was printed and what
became of the user's files. ``--tmpfs`` also writes into a 16 KiB tmpfs (needs root and
``mount``); otherwise the full disk is simulated with ``RLIMIT_FSIZE``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "hostile"))
from support import EXAMPLES, Run, run_cli, write_report  # noqa: E402

BASE_SRC: list[Path] = []


@dataclass
class Case:
    cls: str
    name: str
    setup: Callable[[Path], list[str]]  # the arguments, relative to the case folder
    verdict: Callable[[Path, Run], str]
    run: Callable[[list[str], Path, dict[str, str]], Run] | None = None


def _intact(name: str, original: bytes) -> Callable[[Path, Run], str]:
    def check(folder: Path, _run: Run) -> str:
        path = folder / name
        if not path.exists():
            return f"{name} DELETED"
        return "input intact" if path.read_bytes() == original else f"{name} REPLACED"
    return check


def _copy(folder: Path, name: str, source: Path) -> bytes:
    data = source.read_bytes()
    (folder / name).write_bytes(data)
    return data


def _same_file_cases() -> list[Case]:
    raw = (EXAMPLES / "2021.yaml").read_bytes()
    raw19 = (EXAMPLES / "2019.yaml").read_bytes()

    def validate_self(f: Path) -> list[str]:
        write_report(f)
        return ["validate", "r.yaml", "--format", "json", "-o", "r.yaml"]

    def validate_symlink(f: Path) -> list[str]:
        write_report(f)
        (f / "link.yaml").symlink_to("r.yaml")
        return ["validate", "r.yaml", "--format", "json", "-o", "link.yaml"]

    def validate_hardlink(f: Path) -> list[str]:
        write_report(f)
        os.link(f / "r.yaml", f / "hard.yaml")
        return ["validate", "hard.yaml", "-o", "r.yaml"]

    def export_self(f: Path) -> list[str]:
        write_report(f)
        return ["export", "r.yaml", "-o", "r.yaml"]

    def render_json(f: Path) -> list[str]:
        write_report(f, "r.json")
        return ["render", "r.json", "--to", "json", "-o", "r.json"]

    def render_dir(f: Path) -> list[str]:
        (f / "reports").mkdir()
        write_report(f / "reports", "r.json")
        return ["render", "reports", "--to", "json", "-o", "reports"]

    def import_self(f: Path) -> list[str]:
        write_report(f)
        subprocess.run([sys.executable, "-m", "disclosure_kit", "render", "r.yaml", "--to", "html", "-o", "page.html"],
                       cwd=f, check=True, capture_output=True)
        return ["import", "page.html", "-o", "page.html"]

    def migrate_self(f: Path) -> list[str]:
        write_report(f, edition="2019")
        return ["migrate", "r.yaml", "--to", "2021", "-o", "r.yaml"]

    def diff_self(f: Path) -> list[str]:
        shutil.copy(ROOT / "schema" / "2019" / "report.schema.json", f / "a.json")
        return ["schema", "diff", "a.json", "2021", "-o", "a.json"]

    def import_page(f: Path, run: Run) -> str:
        page = f / "page.html"
        return "input intact" if page.read_bytes().lstrip().lower().startswith(b"<!doctype") else "page.html REPLACED"

    return [
        Case("1", "validate X -o X", validate_self, _intact("r.yaml", raw)),
        Case("1", "validate X -o symlink-to-X", validate_symlink, _intact("r.yaml", raw)),
        Case("1", "validate hardlink -o X", validate_hardlink, _intact("r.yaml", raw)),
        Case("1", "export X -o X", export_self, _intact("r.yaml", raw)),
        Case("1", "render X.json --to json -o X.json", render_json, lambda f, r: _json_same(f / "r.json")),
        Case("1", "render DIR --to json -o DIR", render_dir, lambda f, r: _json_same(f / "reports" / "r.json")),
        Case("1", "import P.html -o P.html", import_self, import_page),
        Case("1", "migrate X -o X", migrate_self, _intact("r.yaml", raw19)),
        Case("1", "schema diff A.json B -o A.json", diff_self,
             _intact("a.json", (ROOT / "schema" / "2019" / "report.schema.json").read_bytes())),
    ]


def _json_same(path: Path) -> str:
    import json

    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return f"{path.name} REPLACED"
    return "input intact" if isinstance(data, dict) and data.get("edition") == "2021" else f"{path.name} REPLACED"


def _many(folder: Path, n: int = 400) -> None:
    raw = (EXAMPLES / "2021.yaml").read_bytes()
    (folder / "many").mkdir()
    for i in range(n):
        (folder / "many" / f"r{i:04d}.yaml").write_bytes(raw)


def _signalled(sig: int) -> Callable[[list[str], Path, dict[str, str]], Run]:
    def run(args: list[str], cwd: Path, env: dict[str, str]) -> Run:
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "disclosure_kit", *args], cwd=cwd, env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # even if run with &
        time.sleep(1.5)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
        return Run(proc.returncode, out.decode(errors="replace"), err.decode(errors="replace"),
                   time.monotonic() - start, 0.0, False)
    return run


def _full_disk(args: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """RLIMIT_FSIZE of 16 KiB with SIGXFSZ ignored: a write past it fails with EFBIG, like a full disk."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))  # Python ignores SIGXFSZ: EFBIG

    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "disclosure_kit", *args], cwd=cwd, env=env, capture_output=True,
                          preexec_fn=limit, timeout=60)
    return Run(proc.returncode, proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace"),
               time.monotonic() - start, 0.0, False)


def _killed_then_again(args: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """The command SIGKILLed after 3 s (what the OOM killer or ``kill -9`` does), then run again."""
    proc = subprocess.Popen([sys.executable, "-m", "disclosure_kit", *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(3)
    proc.kill()
    proc.wait()
    (cwd / "left.txt").write_text(str(len(_temp_dirs(cwd))))
    return run_cli(*args, cwd=cwd, env=env, timeout=300)


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".*.tmp"))


def _temp_dirs(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.is_dir())


def _other_cases(tmpfs: Path | None) -> list[Case]:
    def sig_validate(f: Path) -> list[str]:
        return ["validate", "-", "--format", "json", "-o", "out.json"]  # waits for its input: always at work

    def o_dir(cmd: list[str]) -> Callable[[Path], list[str]]:
        def setup(f: Path) -> list[str]:
            write_report(f)
            (f / "d").mkdir()
            return cmd
        return setup

    def readonly(f: Path) -> list[str]:
        write_report(f)
        return ["validate", "r.yaml", "--format", "json", "-o", "/sys/dk-out.json"]

    def full(f: Path) -> list[str]:
        write_report(f)
        target = (tmpfs if tmpfs else f) / "r.html"
        target.write_text("an older page the user keeps")
        return ["render", "r.yaml", "--to", "html", "-o", str(target)]

    def full_verdict(f: Path, run: Run) -> str:
        target = (tmpfs if tmpfs else f) / "r.html"
        kept = target.read_text(errors="replace") == "an older page the user keeps"
        return ("old page kept" if kept else "old page REPLACED") + f", temps left: {len(_temps(target.parent))}"

    def stale(f: Path) -> list[str]:
        write_report(f)
        gone = subprocess.Popen(["true"])
        gone.wait()
        old = time.time() - 3 * 86400
        import hashlib

        host = hashlib.blake2s(os.uname().nodename.encode(), digest_size=4).hexdigest()  # fileio.tempfiles.host_tag
        for name in (".r.xlsx.k3j4h5g6.tmp", f".r.xlsx.dk-{host}-{gone.pid}-x1y2z3.tmp"):
            (f / name).write_bytes(b"PK half an xlsx")
            os.utime(f / name, (old, old))
        return ["export", "r.yaml", "-o", "r.xlsx"]

    def stale_verdict(f: Path, run: Run) -> str:
        left = _temps(f)
        return f"left: {', '.join(left) or 'none'}"

    def killed_dataset(f: Path) -> list[str]:
        _many(f, 2000)
        return ["dataset", "many", "-o", "ds"]

    def killed_verdict(f: Path, run: Run) -> str:
        return f"temps after SIGKILL: {(f / 'left.txt').read_text()}; after a 2nd run: {len(_temp_dirs(f))}"

    def control(f: Path) -> list[str]:
        import json

        write_report(f, "r.json")
        data = json.loads((f / "r.json").read_bytes())
        data["overview"] = "总体情况\x01\x1b[31m" + data["overview"]
        (f / "r.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return ["export", "r.json", "-o", "r.xlsx"]

    def newline_ref(f: Path) -> list[str]:
        return ["new", "--edition", "2021", "--schema-ref", "a\nedition: 2019", "-o", "n.yaml"]

    def new_verdict(f: Path, run: Run) -> str:
        path = f / "n.yaml"
        if not path.exists():
            return "nothing written"
        import yaml

        try:
            return f"wrote edition {yaml.safe_load(path.read_text())['edition']!r}"
        except Exception as exc:
            return f"wrote unreadable YAML ({type(exc).__name__})"

    def unknown(f: Path) -> list[str]:
        return ["validate", "--no-such-option", "x"]

    def missing(f: Path) -> list[str]:
        return ["export", "nope.yaml"]

    said = lambda f, r: (r.stderr.strip().splitlines() or ["(nothing said)"])[-1][:70]  # noqa: E731
    listing = lambda f, r: ", ".join(p.name for p in sorted(f.iterdir()) if p.name != "many") or "-"  # noqa: E731
    return [
        Case("7", "SIGTERM during validate", sig_validate, said, _signalled(signal.SIGTERM)),
        Case("7", "SIGINT during validate", sig_validate, said, _signalled(signal.SIGINT)),
        Case("7", "temps of a dead run (tagged; untagged) beside the output", stale, stale_verdict),
        Case("7", "dataset SIGKILLed, then run again", killed_dataset, killed_verdict, _killed_then_again),
        Case("9", "validate X -o DIR", o_dir(["validate", "r.yaml", "-o", "d"]), said),
        Case("9", "export X -o DIR", o_dir(["export", "r.yaml", "-o", "d"]), said),
        Case("9", "new -o DIR --force (after: --overwrite)", o_dir(["new", "--edition", "2021", "-o", "d", "--force"]),
             said),
        Case("9", "validate -o in a read-only folder", readonly, said),
        Case("9", "render onto a full disk" + (" (16 KiB tmpfs)" if tmpfs else " (RLIMIT_FSIZE)"), full, full_verdict,
             None if tmpfs else _full_disk),
        Case("9", "export a text with U+0001", control, listing),
        Case("9", "new --schema-ref with a newline", newline_ref, new_verdict),
        Case("9", "unknown option (zh)", unknown, lambda f, r: (r.stderr.strip().splitlines() or ["-"])[-1][:60]),
        Case("9", "missing input file", missing, lambda f, r: (r.stderr + r.stdout).strip().splitlines()[-1][:60]),
    ]


def measure(case: Case, src: Path, work: Path) -> tuple[Run, str]:
    folder = work / "case"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    args = case.setup(folder)
    if src != BASE_SRC[0] and args[0] == "new":
        args = ["--overwrite" if a == "--force" else a for a in args]  # renamed: --force means "despite errors"
    env = {**os.environ, "PYTHONPATH": str(src)}
    runner = case.run or (lambda a, cwd, e: run_cli(*a, cwd=cwd, env=e))
    result = runner(args, folder, env)
    return result, case.verdict(folder, result)


def _row(run: Run, verdict: str) -> str:
    peak = f"{run.peak_mib:.0f} MiB" if run.peak_mib else "-"
    tb = "traceback" if run.traceback else "no tb"
    return f"{run.code:>4} {run.seconds:5.2f}s {peak:>8} {tb:9} {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="57f4a15", help="the commit to compare with (default: where issue 17 began)")
    parser.add_argument("--tmpfs", action="store_true", help="simulate the full disk with a 16 KiB tmpfs")
    parser.add_argument("--only", default="", help="run only the cases whose name contains this text")
    args = parser.parse_args()
    print("load:", os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="dk-bench-hostile-") as tmp:
        work = Path(tmp)
        base = work / "base"
        base.mkdir()
        BASE_SRC.append(base / "src")
        archive = subprocess.run(["git", "archive", args.base], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
        tmpfs = None
        if args.tmpfs:
            tmpfs = work / "small"
            tmpfs.mkdir()
            subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(tmpfs)], check=True)
        try:
            print(f"| class | case | before ({args.base}) | after |")
            print("|---|---|---|---|")
            for case in [c for c in [*_same_file_cases(), *_other_cases(tmpfs)] if args.only in c.name]:
                cells = []
                for src in (base / "src", ROOT / "src"):
                    if tmpfs:
                        for p in tmpfs.iterdir():
                            p.unlink()
                    cells.append(_row(*measure(case, src, work)))
                print(f"| {case.cls} | {case.name} | {cells[0]} | {cells[1]} |", flush=True)
        finally:
            if tmpfs:
                with contextlib.suppress(subprocess.CalledProcessError):
                    subprocess.run(["umount", str(tmpfs)], check=True)


if __name__ == "__main__":
    main()

"""The Typer app ``disclosure-kit``: parses options, calls the library, maps results to exit codes.

Each command lives in ``commands/<name>.py`` with a ``register(app)`` function. ``main`` builds an
app holding only the command being run (a lazy group), so ``disclosure-kit validate`` neither
imports nor builds the ten other commands; ``cli.app`` is the complete app, built on first use,
for tests and tools that introspect it.

``main`` is also the last line of defence of the command line (``docs/cli.md`` lists the exit
codes): ``SIGTERM`` and ``SIGHUP`` are handled like ``Ctrl-C`` (the temporary files of the interrupted
write are removed on the way out, exit code 128 + the signal), Click's usage errors are shown in
the language of ``--lang`` (Chinese by default), a write the system refuses is one line with exit
code 2 or 3, and any other exception is one ``tool.error`` line with exit code 3, never a
traceback (``DISCLOSURE_KIT_DEBUG=1`` prints it, for developers).
"""

from __future__ import annotations

import functools
import importlib
import os
import signal
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

import typer
import typer.core

from . import __version__
from .commands import COMMAND_MODULES, COMMANDS
from .model.versions import SchemaInvalid

SCHEMA_INVALID = (
    "disclosure-kit: 模式无效，请运行 `disclosure-kit schema lint` 查看问题所在（{where}）\n"
    "disclosure-kit: the schema is invalid, run `disclosure-kit schema lint` ({where})"
)
TOOL_FAILED = 3  # check.findings.ExitCode.FAILURE, without importing the checking pipeline here


def _version(value: bool) -> None:
    if value:
        typer.echo(f"disclosure-kit {__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="显示版本 / show the version"
    ),
) -> None:
    """政府信息公开工作年度报告工具 / tools for the annual disclosure report."""


def make_app(modules: tuple[str, ...] = COMMAND_MODULES) -> typer.Typer:
    """A Typer app with the commands of the given modules.

    Help is plain text (``rich_markup_mode=None``), but Typer still escapes ``[`` for Rich whenever
    Rich is importable, printing ``\\[required]``; telling it Rich is absent prints ``[required]``.
    """
    typer.core.HAS_RICH = False
    app = typer.Typer(
        name="disclosure-kit",
        help="政府信息公开工作年度报告工具：校验、生成、导入。Annual disclosure reports: validate, render, import.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    app.callback()(_root)
    for name in modules:
        importlib.import_module(f"{__package__}.commands.{name}").register(app)
    _guard(app)
    return app


def _guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """The command, with a broken schema folder turned into one message and exit code 3."""
    if getattr(func, "_schema_guard", False):
        return func

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SchemaInvalid as exc:
            typer.echo(SCHEMA_INVALID.format(where=f"{exc.path}: {exc.reason}"), err=True)
            raise typer.Exit(TOOL_FAILED) from None

    run._schema_guard = True  # type: ignore[attr-defined]
    return run


def _guard(app: typer.Typer) -> None:
    """Guard every command of ``app`` and of its sub-apps (``schema …``), once."""
    for command in app.registered_commands:
        if command.callback is not None:
            command.callback = _guarded(command.callback)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            _guard(group.typer_instance)


@cache
def _full_app() -> typer.Typer:
    return make_app()


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        return _full_app()
    raise AttributeError(name)


DEBUG_ENV = "DISCLOSURE_KIT_DEBUG"
HANDLED_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


class Interrupted(KeyboardInterrupt):
    """A signal that asks the tool to stop; a ``KeyboardInterrupt``, so every cleanup that runs on
    ``Ctrl-C`` (atomic writes, temporary folders, worker pools) runs for ``SIGTERM`` too."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_received: list[int] = []


def _on_signal(signum: int, _frame: object) -> None:
    _received.append(signum)
    raise Interrupted(signum)


def _handle_signals() -> None:
    """Route the stop signals to ``Interrupted``; a signal ignored by the parent (``nohup``) stays ignored."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    for name in HANDLED_SIGNALS:
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _on_signal)


def _lang_of(args: list[str]) -> str:
    """The language asked for on the command line, known before Click has parsed it."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            return "en" if args[i + 1] == "en" else "zh"
        if arg.startswith("--lang="):
            return "en" if arg == "--lang=en" else "zh"
    return "zh"


def _say(code: str, where: str, lang: str, **params: object) -> None:
    from .check.findings import ERROR, Finding
    from .commands.common import say

    say(Finding(code, ERROR, where, params=dict(params)), lang)


def _unexpected(exc: Exception, where: str, lang: str) -> int:
    """One line for an exception nobody expected: a missing component, the system's refusal, or a fault to report."""
    from .check.findings import ERROR, Finding
    from .check.messages import message
    from .check.output import finding_line
    from .commands.common import REPORT_HINT

    if os.environ.get(DEBUG_ENV):
        import traceback

        traceback.print_exception(type(exc), exc, exc.__traceback__)
    if isinstance(exc, ImportError) or isinstance(exc.__cause__, ImportError):
        _say("tool.dependency", where, lang, detail=" ".join(str(exc).split()))
        return 3
    if isinstance(exc, OSError):  # the system's answer (a network time-out, a vanished file): not a fault to report
        _say("tool.system", where, lang, detail=" ".join(f"{type(exc).__name__}: {exc}".split()))
        return 3
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())
    line = finding_line(Finding("tool.error", ERROR, where, params={"detail": detail}), lang)
    sys.stderr.write(f"{line} {message(Finding(REPORT_HINT, ERROR, where), lang)}\n")
    return 3


def _stdout_closed() -> bool:
    """Whether standard output was closed by its reader (``| head``); it then points at /dev/null,
    so that Python's last flush does not print an error."""
    import contextlib

    closed = type(sys.stdout).__name__.endswith("PacifyFlushWrapper")  # Typer met EPIPE and wrapped it
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        closed = True
    except (OSError, ValueError):
        pass
    if closed:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return closed


def run(args: list[str]) -> int:
    """Run the command line ``args``; return its exit code (the table of ``docs/cli.md``)."""
    import click

    from .fileio.targets import WriteRefused

    _received.clear()
    first = args[0] if args else None
    modules = (COMMANDS[first],) if first in COMMANDS else COMMAND_MODULES
    lang = _lang_of(args)
    where = f"disclosure-kit {first}" if first in COMMANDS else "disclosure-kit"
    from .commands import click_zh

    if lang == "zh":
        click_zh.install()
    try:
        try:
            outcome = make_app(modules)(args=args, prog_name="disclosure-kit", standalone_mode=False)
            code = outcome if isinstance(outcome, int) else 0
        except SystemExit as exc:  # Typer's own exit on a broken pipe, or a library calling sys.exit
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 3)
        except click.exceptions.Abort:  # end of input while Click prompted
            code = 128 + signal.SIGINT
        except click.ClickException as exc:
            exc.show()
            code = 2
        except WriteRefused as exc:
            from .commands.common import write_refused

            code = write_refused(exc, lang)
        except KeyboardInterrupt:
            code = 128 + signal.SIGINT
        except Exception as exc:
            code = _unexpected(exc, where, lang)
        if _received:
            signum = _received[0]
            _say("cli.interrupted", where, lang, signal=signal.Signals(signum).name)
            code = 128 + signum
    except KeyboardInterrupt:  # a second signal while the first was being reported
        code = 128 + (_received[0] if _received else signal.SIGINT)
    finally:
        click_zh.uninstall()  # the process may go on (tests, an embedding program): leave Click as it was
    if _stdout_closed():
        code = 128 + getattr(signal, "SIGPIPE", 13)
    return code


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point.

    When the first argument names a command, only that command's module is loaded; anything else
    (``--help``, no arguments, a typo) loads them all, so that help and errors list every command.
    """
    _handle_signals()
    sys.exit(run(sys.argv[1:] if argv is None else list(argv)))

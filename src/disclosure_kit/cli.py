"""The Typer app ``disclosure-kit``: parses options, calls the library, maps results to exit codes.

Each command lives in ``commands/<name>.py`` with a ``register(app)`` function. ``main`` builds an
app holding only the command being run (a lazy group), so ``disclosure-kit validate`` neither
imports nor builds the ten other commands; ``cli.app`` is the complete app, built on first use,
for tests and tools that introspect it.
"""

from __future__ import annotations

import functools
import importlib
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


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point.

    When the first argument names a command, only that command's module is loaded; anything else
    (``--help``, no arguments, a typo) loads them all, so that help and errors list every command.
    """
    args = sys.argv[1:] if argv is None else argv
    first = args[0] if args else None
    modules = (COMMANDS[first],) if first in COMMANDS else COMMAND_MODULES
    make_app(modules)(args=args, prog_name="disclosure-kit")

"""The Typer app ``disclosure-kit``: parses options, calls the library, maps results to exit codes.

Each command lives in ``commands/<name>.py`` with a ``register(app)`` function, so a command's
heavy imports happen only when it runs and the start-up of ``validate`` stays small.
"""

from __future__ import annotations

import importlib

import typer

from . import __version__
from .commands import COMMAND_MODULES

app = typer.Typer(
    name="disclosure-kit",
    help="政府信息公开工作年度报告工具：校验、生成、导入。Annual disclosure reports: validate, render, import.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"disclosure-kit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="显示版本 / show the version"
    ),
) -> None:
    """政府信息公开工作年度报告工具 / tools for the annual disclosure report."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"{__package__}.commands.{_name}").register(app)


def main() -> None:
    """Console-script entry point."""
    app()

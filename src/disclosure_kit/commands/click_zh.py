"""Click's own words (``Usage:``, ``Missing argument``, ``No such option``) in Chinese.

Click builds its help headings and usage errors with ``gettext`` at the moment it shows them, from
names bound in each of its modules (``from gettext import gettext as _``). Chinese is the default
language of every message of the tool, so in Chinese mode ``install()`` points those names at this
catalogue; a message it does not know stays in English (a newer Click may add some), and the exit
code of a usage error stays 2 either way. The catalogue keys are Click's message ids, verbatim.
"""

from __future__ import annotations

import importlib
from typing import Any

CATALOG: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少子命令。",
    "No such command {name!r}.": "没有子命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "Did you mean {possibility}?": "是否想用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否想用其中之一：{possibilities}？）",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选值 {choices} 之中。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 之内。",
    "{value!r} is not a valid boolean.": "{value!r} 不是有效的布尔值。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "Aborted!": "已中止！",
    "required": "必填",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已弃用",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "unknown error": "未知错误",
}

_MODULES = ("click.core", "click.exceptions", "click.parser", "click.types", "click.formatting",
            "click.decorators", "typer.core")
_installed: dict[tuple[str, str], Any] = {}


def gettext(message: str) -> str:
    return CATALOG.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Show Click's messages in Chinese in this process (idempotent; ``uninstall`` undoes it)."""
    for name in _MODULES:
        module = importlib.import_module(name)
        for attr, ours in (("_", gettext), ("ngettext", ngettext)):
            if hasattr(module, attr) and (name, attr) not in _installed:
                _installed[(name, attr)] = getattr(module, attr)
                setattr(module, attr, ours)


def uninstall() -> None:
    for (name, attr), original in _installed.items():
        setattr(importlib.import_module(name), attr, original)
    _installed.clear()

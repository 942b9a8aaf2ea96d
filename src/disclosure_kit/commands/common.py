"""Options shared by several commands (language, output format), defined once."""

from __future__ import annotations

from enum import Enum

import typer


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


LANG_OPTION = typer.Option(Lang.zh, "--lang", help="消息语言 zh|en（默认中文）/ language of messages")
FORMAT_OPTION = typer.Option(OutputFormat.text, "--format", help="输出格式 text|json / output format")
STRICT_OPTION = typer.Option(False, "--strict", help="警告也视为错误 / treat warnings as errors")
MAX_BYTES_OPTION = typer.Option(
    10 * 1024 * 1024, "--max-bytes", min=1, help="单个文件大小上限（字节）/ size limit per file in bytes"
)

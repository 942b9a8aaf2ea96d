"""Syntax errors explained where the slip is, in the reader's language.

A parser reports where it *noticed* a problem, which is often the line after the slip: a key
typed with a full-width colon (``agency：临州市``) or without a space after the colon
(``year:2023``) reads as text that runs on into the next line, and the parser only stops there.
Clerks type Chinese all day, so these slips are the common ones. ``yaml_error`` looks back from
where the parser stopped to the line where the slip is and names it (a full-width colon or space
after a key, a tab, a missing space after ``:``, an unclosed quote); anything else keeps the
parser's own words, translated by ``problem_zh`` for Chinese output.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .findings import WARNING, Finding
from .messages import register_templates
from .schema import place_of

if TYPE_CHECKING:
    from ..model.editions import Edition
    from .loading import Loaded

register_templates({
    "load.yaml_fullwidth_colon": (
        "YAML 语法错误：键“{key}”后面是全角冒号“：”；请改为半角冒号加空格，写作“{key}: …”",
        "YAML syntax error: the key '{key}' is followed by a full-width colon '：'; "
        "write an ASCII colon and a space: '{key}: …'",
    ),
    "load.yaml_fullwidth_space": (
        "YAML 语法错误：键“{key}”的冒号后面是全角空格“　”；请改为半角空格，写作“{key}: …”",
        "YAML syntax error: the colon after the key '{key}' is followed by a full-width space '　'; "
        "use an ASCII space: '{key}: …'",
    ),
    "load.yaml_key_fullwidth_space": (
        "YAML 语法错误：键“{key}”后面是全角空格“　”，缺少冒号；请写作“{key}: …”",
        "YAML syntax error: the key '{key}' is followed by a full-width space '　' instead of a colon; "
        "write '{key}: …'",
    ),
    "load.yaml_colon_space": (
        "YAML 语法错误：键“{key}”的冒号后缺少空格；请写作“{key}: {value}”",
        "YAML syntax error: a space is missing after the colon of the key '{key}'; write '{key}: {value}'",
    ),
    "load.yaml_tab": (
        "YAML 语法错误：此处是制表符（Tab）；YAML 只能用空格缩进和分隔，请把 Tab 换成空格",
        "YAML syntax error: a tab character here; YAML indents and separates with spaces only: "
        "replace the tab with spaces",
    ),
    "load.yaml_unclosed_quote": (
        "YAML 语法错误：从这里开始的引号 {quote} 没有结束引号；请在这段文字末尾补上 {quote}",
        "YAML syntax error: the quote {quote} that starts here is never closed; add {quote} at the end of the text",
    ),
})

# The parsers' own words (libyaml, PyYAML and the json module), in Chinese; matched by prefix.
PROBLEMS_ZH: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed", "此处不能出现“键: 值”（冒号后有空格的文字须加引号，或检查上一行）"),
    ("could not find expected ':'", "缺少冒号“:”"),
    ("found character that cannot start any token", "此处的字符不能作为值的开头"),
    ("found unexpected end of stream", "文件意外结束"),
    ("did not find expected key", "缺少键（检查缩进是否对齐）"),
    ("did not find expected node content", "缺少值"),
    ("did not find expected '-' indicator", "缺少列表项标记“-”（检查缩进）"),
    ("did not find expected ',' or ']'", "缺少“,”或“]”"),
    ("did not find expected ',' or '}'", "缺少“,”或“}”"),
    ("block sequence entries are not allowed", "此处不能出现列表项“- ”"),
    ("found unknown escape character", "引号内有无法识别的转义字符“\\”"),
    ("found a tab character", "缩进中有制表符（Tab）"),
    ("found unexpected ':'", "多余的冒号“:”"),
    ("found undefined tag handle", "未定义的标签“!”"),
    ("expected alphabetic or numeric character", "锚点或别名的名称不正确"),
    ("found unexpected document", "多余的文档分隔符"),
    ("Expecting value", "此处缺少值"),
    ("Expecting ',' delimiter", "缺少逗号“,”"),
    ("Expecting ':' delimiter", "缺少冒号“:”"),
    ("Expecting property name enclosed in double quotes", "键名必须用英文双引号括起（或删去多余的逗号）"),
    ("Unterminated string", "字符串缺少结束的双引号"),
    ("Invalid control character", "字符串中有控制字符（如未转义的换行）"),
    ("Extra data", "JSON 结束后还有多余内容"),
    ("Invalid \\escape", "无效的转义“\\”"),
    ("Invalid \\uXXXX escape", "无效的 \\u 转义"),
    ("mapping key is not a scalar", "键必须是简单文字"),
)


def problem_zh(detail: Any) -> str:
    """The parser's problem in Chinese; unknown problems keep the parser's words after a Chinese note."""
    text = str(detail or "")
    for prefix, zh in PROBLEMS_ZH:
        if text.startswith(prefix):
            return zh
    return f"解析器提示：{text}" if text else "无法解析"


_KEY = r"[A-Za-z_$][A-Za-z0-9_$-]*|\"[^\"]*\"|'[^']*'"
_FULLWIDTH_COLON = re.compile(rf"^(?P<indent>\s*(?:- )?)(?P<key>{_KEY})[ \u3000]*(?P<slip>：)")
_FULLWIDTH_SPACE = re.compile(rf"^(?P<indent>\s*(?:- )?)(?P<key>{_KEY}):(?P<slip>\u3000)")
_KEY_FULLWIDTH_SPACE = re.compile(rf"^(?P<indent>\s*(?:- )?)(?P<key>{_KEY})(?P<slip>\u3000)+\S")
_NO_SPACE = re.compile(rf"^(?P<indent>\s*(?:- )?)(?P<key>{_KEY}):(?P<slip>[^\s:/\u3000])(?P<value>.*)$")
_PROPER_KEY = re.compile(rf"^\s*(?:- )?(?:{_KEY})[ \t]*:(?:[ \t]|$)")
_SLIPS = (
    ("load.yaml_fullwidth_colon", _FULLWIDTH_COLON),
    ("load.yaml_fullwidth_space", _FULLWIDTH_SPACE),
    ("load.yaml_key_fullwidth_space", _KEY_FULLWIDTH_SPACE),
    ("load.yaml_colon_space", _NO_SPACE),
)


def _slip_on(line: str) -> tuple[str, int, dict[str, Any]] | None:
    """(code, 1-based column, params) when ``line`` is a key typed with one of the common slips."""
    for code, pattern in _SLIPS:
        m = pattern.match(line)
        if m:
            params: dict[str, Any] = {"key": m.group("key")}
            if code == "load.yaml_colon_space":
                params["value"] = (m.group("slip") + m.group("value")).split(" #")[0].strip()
            return code, m.start("slip") + 1, params
    return None


_OPENS_QUOTE = re.compile(rf"^\s*(?:- )?(?:{_KEY}):[ \t]+(?P<quote>[\"'])")


def _unclosed_quote(lines: list[str], last: int, reach: int = 200) -> tuple[int, int, str] | None:
    """The nearest ``key: "text`` line above ``last`` whose quote does not close on its line.

    A quoted value runs on over the following lines until the next quote of its kind, and the
    parser stops only there; the slip is where the quote opened.
    """
    for number in range(last, max(last - reach, 0), -1):
        m = _OPENS_QUOTE.match(lines[number - 1])
        if m is None:
            continue
        quote, rest = m.group("quote"), lines[number - 1][m.end():]
        closed = rest.replace("\\\\", "").replace('\\"', "").count('"') if quote == '"' else rest.count("'") % 2
        if not closed:
            return number, m.start("quote") + 1, quote
    return None


def yaml_error(text: str, exc: Any) -> Any:
    """The ``LoadError`` for a ``yaml.MarkedYAMLError``, placed on the slip that caused it."""
    from .loading import LoadError

    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    ctx = exc.context_mark if exc.context_mark is not None else None
    context = (ctx.line + 1, ctx.column + 1) if ctx is not None else None
    problem = exc.problem or exc.context or str(exc)
    code, line, column, params = yaml_slip(text, line, column, context, problem, exc.context or "")
    return LoadError(code, line=line, column=column, **params)


def yaml_slip(text: str, line: int | None, column: int | None, context: tuple[int, int] | None,
              problem: str, context_text: str = "") -> tuple[str, int | None, int | None, dict[str, Any]]:
    """(code, line, column, params) of a YAML syntax error, moved to the slip that caused it.

    ``line``/``column`` are where the parser stopped (1-based), ``context`` where the construct it
    was reading started (an opening quote, a key), ``problem`` and ``context_text`` its words.
    """
    lines = text.split("\n")
    if line is not None and column is not None and 0 < line <= len(lines) \
            and lines[line - 1][column - 1: column] == "\t":
        return "load.yaml_tab", line, column, {}
    if "quoted scalar" in context_text and context is not None and 0 < context[0] <= len(lines):
        quote = lines[context[0] - 1][context[1] - 1: context[1]]
        if quote in ("'", '"'):
            return "load.yaml_unclosed_quote", context[0], context[1], {"quote": quote}
    if line is not None:
        # Back from where the parser stopped to the last key typed correctly: the earliest slip
        # after it is the one that swallowed the lines in between.
        last = min(line, len(lines))
        start = max(min(last, context[0] if context else last) - 1, 1)
        while start > 1 and not (_PROPER_KEY.match(lines[start - 1]) and _slip_on(lines[start - 1]) is None):
            start -= 1
        for number in range(start, last + 1):
            slip = _slip_on(lines[number - 1])
            if slip is not None:
                return slip[0], number, slip[1], slip[2]
        for number in range(start, last + 1):
            tab = lines[number - 1].find("\t")
            if tab >= 0 and not lines[number - 1][:tab].strip():
                return "load.yaml_tab", number, tab + 1, {}
        opened = _unclosed_quote(lines, last)
        if opened is not None:
            return "load.yaml_unclosed_quote", opened[0], opened[1], {"quote": opened[2]}
    return "load.syntax", line, column, {"detail": problem}


# --------------------------------------------------------------------------- text cut by a comment

register_templates({
    "text.cut_by_comment": (
        "正文写在冒号后的同一行，“ #”及之后的文字被当作注释，没有计入正文（被截去：“{cut}”）；"
        "请改用块标量：冒号后写“|”，正文从下一行起缩进两个空格",
        "the text is written on the key's line, so ' #' and everything after it is a comment and not part "
        "of the text (cut off: '{cut}'); use a block scalar: '|' after the colon, the text on the next lines, "
        "indented by two spaces",
    ),
})

_QUOTED_OR_BLOCK = ("|", ">", '"', "'", "[", "{")


def comment_cut(lines: list[str], value_at: tuple[int, int], label: str) -> tuple[int, int, str] | None:
    """(line, column, text cut off) when a plain scalar starting at ``value_at`` ends at a comment.

    A plain (unquoted) scalar stops at the first `` #``: whatever follows is a comment, silently
    dropped. Our own label comment (``  # 一、总体情况``) is expected there and is not a cut.
    ``lines`` are the file's lines, split once for all its narratives.
    """
    number, column = value_at
    if not 0 < number <= len(lines) or lines[number - 1][column - 1: column] in _QUOTED_OR_BLOCK:
        return None
    indent = len(lines[number - 1]) - len(lines[number - 1].lstrip(" "))
    start = column - 1
    while number <= len(lines):
        line = lines[number - 1]
        m = re.search(r"[ \t]#", line[start:])
        if m:
            hash_at = start + m.start() + 1
            cut = line[hash_at + 1:].strip()
            return None if cut == label else (number, hash_at + 1, cut)
        number, start = number + 1, 0
        if number > len(lines):
            return None
        following = lines[number - 1]
        if following.strip() and len(following) - len(following.lstrip(" ")) <= indent:
            return None  # the next key: the scalar ended without a comment
    return None


def cut_narratives(edition: Edition, loaded: Loaded, file: str) -> list[Finding]:
    """A warning for every narrative of a YAML file whose text a same-line comment cut off."""
    if loaded.kind != "yaml" or not isinstance(loaded.data, dict):
        return []
    out = []
    lines: list[str] | None = None
    for node in edition.narratives():
        at = loaded.sourcemap.values.get(node.pointer)
        if at is None or not isinstance(loaded.data.get(node.key), str):
            continue
        if lines is None:
            lines = loaded.text.split("\n")
        hit = comment_cut(lines, at, node.label.zh)
        if hit is not None:
            line, column, cut = hit
            out.append(Finding("text.cut_by_comment", WARNING, file, node.pointer, line, column,
                               params={"cut": cut}, place=place_of(edition, node.pointer)))
    return out

"""Chinese and English messages, keyed by finding code.

Chinese is the default language of every message. A message is built from the finding's
parameters when it is shown, so the same finding prints in either language and JSON output can
carry both the parameters and the sentence.
"""

from __future__ import annotations

from typing import Any

from .findings import Finding

LANGS = ("zh", "en")

TEMPLATES: dict[str, tuple[str, str]] = {
    "load.not_found": ("文件不存在", "file not found"),
    "load.io": ("无法读取文件：{reason}", "cannot read the file: {reason}"),
    "load.not_regular": ("不是普通文件（{kind}），未读取", "not a regular file ({kind}); not read"),
    "load.too_large": (
        "文件过大：{size} 字节，超过上限 {limit} 字节（可用 --max-bytes 调整）",
        "file too large: {size} bytes, over the limit of {limit} bytes (see --max-bytes)",
    ),
    "load.encoding": (
        "文件不是 UTF-8 编码（第 {offset} 字节起无法解码）；请另存为 UTF-8",
        "the file is not UTF-8 (undecodable from byte {offset}); save it as UTF-8",
    ),
    "load.encoding_gb18030": (
        "文件不是 UTF-8 编码，看起来是 GB18030/GBK；请转换为 UTF-8，例如："
        "iconv -f GB18030 -t UTF-8 原文件 > 新文件",
        "the file is not UTF-8; it looks like GB18030/GBK. Convert it, e.g. "
        "iconv -f GB18030 -t UTF-8 old > new",
    ),
    "load.encoding_utf16": (
        "文件是 UTF-16 编码；请另存为 UTF-8",
        "the file is UTF-16; save it as UTF-8",
    ),
    "load.empty": ("文件为空", "the file is empty"),
    "load.not_object": (
        "文件顶层应为键值对象，实际为 {found}",
        "the top level must be a mapping, found {found}",
    ),
    "load.syntax": ("语法错误：{detail}", "syntax error: {detail}"),
    "load.duplicate_key": ("键“{key}”重复出现", "duplicate key '{key}'"),
    "load.nan": (
        "不允许 NaN 或无穷大（{value}）；请填写数字或留空（null）",
        "NaN and infinity are not allowed ({value}); write a number or leave it blank (null)",
    ),
    "load.alias": (
        "不允许使用 YAML 锚点、别名或合并键（&、*、<<）；请直接写出每个值",
        "YAML anchors, aliases and merge keys (&, *, <<) are not allowed; write each value out",
    ),
    "load.yaml_tag": (
        "不允许的 YAML 标签 {tag}",
        "YAML tag {tag} is not allowed",
    ),
    "load.too_deep": (
        "嵌套层数过深（上限 {limit} 层）",
        "nesting too deep (limit {limit} levels)",
    ),
    "load.too_many_nodes": (
        "文件中的值过多（上限 {limit} 个，一份报告约有 600 个），未读取",
        "too many values in the file (limit {limit}; a report has about 600); not read",
    ),
    "load.number_range": (
        "数字 {value} 超出范围：整数须在 ±9223372036854775807（64 位）以内",
        "the number {value} is out of range: integers must be within ±9223372036854775807 (64 bits)",
    ),
    "load.surrogate": (
        "文本含有无效的 Unicode 字符（孤立的代理码位，如 \\ud800）",
        "the text holds an invalid Unicode character (a lone surrogate such as \\ud800)",
    ),
    "load.yaml_number": (
        "{value} 的写法有歧义（前导零、八进制、十六进制、二进制、六十进制或下划线），不同软件会读出不同的数值；"
        "请写成普通的十进制数字，如是文本请加引号",
        "{value} is written in a form that YAML readers take for different numbers (a leading zero, octal, "
        "hexadecimal, binary, base 60 or underscores); write a plain decimal number, or quote it if it is text",
    ),
    "load.dir_unreadable": (
        "无法读取文件夹：{reason}；其中的报告未检查",
        "cannot read the folder: {reason}; the reports in it were not checked",
    ),
    "text.control_chars": (
        "文本含有控制字符或双向文字控制字符（{chars}），显示出的内容可能与实际不同；终端输出中已转义显示，请删除这些字符",
        "the text holds control or bidirectional-override characters ({chars}) that can make it display as "
        "something else; terminal output shows them escaped. Remove them",
    ),
    "edition.missing": (
        "缺少格式版本 edition（应为 \"2019\" 或 \"2021\"），不会自动推断",
        "the edition is missing (expected \"2019\" or \"2021\"); it is never guessed",
    ),
    "edition.unknown": (
        "未知的格式版本 {value!r}（应为 \"2019\" 或 \"2021\"）",
        "unknown edition {value!r} (expected \"2019\" or \"2021\")",
    ),
    "edition.year_mismatch": (
        "报告年度为 {year}，但 {edition} 版格式适用于 {span} 年度的报告；请确认所用格式（2021 年度起应使用"
        "国办公开办函〔2021〕30号格式）",
        "the report is on {year}, but the {edition} edition is for reports on {span}; check which format "
        "applies (reports on 2021 on use the 2021 edition)",
    ),
    "schema.type": ("应为{expected}，实际为 {actual}", "expected {expected}, found {actual}"),
    "schema.numeric_text": (
        "数字写成了文本 {actual}；请去掉引号，写作 {suggest}",
        "a number written as text {actual}; write it without quotes: {suggest}",
    ),
    "schema.fullwidth_digits": (
        "使用了全角数字 {actual}；请改为半角数字 {suggest}",
        "full-width digits {actual}; write half-width digits: {suggest}",
    ),
    "schema.minimum": ("应不小于 {limit}，实际为 {actual}", "must be at least {limit}, found {actual}"),
    "schema.maximum": ("应不大于 {limit}，实际为 {actual}", "must be at most {limit}, found {actual}"),
    "schema.required": ("缺少此项（{missing}）", "missing ({missing})"),
    "schema.additional": (
        "格式中没有此项：{key}",
        "not part of the format: {key}",
    ),
    "schema.enum": ("取值 {actual} 不在允许范围内：{allowed}", "{actual} is not one of {allowed}"),
    "schema.format": ("应为{format}，实际为 {actual}", "expected {format}, found {actual}"),
    "schema.pattern": ("格式不正确：{actual}", "wrong format: {actual}"),
    "schema.length": ("长度不符合要求：{detail}", "wrong length: {detail}"),
    "schema.other": ("不符合格式要求：{detail}", "does not match the format: {detail}"),
    "cell.blank": (
        "单元格空白（null），与 0 不同；如确无数据请填 0",
        "blank cell (null), which is not 0; write 0 if there really is none",
    ),
    "tool.error": ("工具内部错误：{detail}", "internal error of the tool: {detail}"),
}



PREFIX_TEMPLATES: dict[str, tuple[str, str]] = {}  # one template for a family of codes (plausibility.<rule>)


def register_prefix(prefix: str, template: tuple[str, str]) -> None:
    """One zh/en template for every code that starts with ``prefix`` (rules declared in the schema)."""
    PREFIX_TEMPLATES[prefix] = template


def register_templates(templates: dict[str, tuple[str, str]]) -> None:
    """Let a feature module (import, render, dataset…) add the zh/en templates of its own codes."""
    clash = {k for k in templates if k in TEMPLATES and TEMPLATES[k] != templates[k]}
    if clash:
        raise ValueError(f"message codes registered twice with different text: {sorted(clash)}")
    TEMPLATES.update(templates)


TYPE_WORDS: dict[str, tuple[str, str]] = {
    "count": ("不小于 0 的整数", "an integer ≥ 0"),
    "signed": ("整数（可为负数）", "an integer (may be negative)"),
    "amount": ("不小于 0 的数字", "a number ≥ 0"),
    "money": ("金额（value 与 unit）", "an amount (value and unit)"),
    "integer": ("整数", "an integer"),
    "number": ("数字", "a number"),
    "string": ("文本", "text"),
    "object": ("键值对象", "a mapping"),
    "array": ("列表", "a list"),
    "boolean": ("布尔值", "a boolean"),
    "null": ("空（null）", "blank (null)"),
}

KIND_WORDS: dict[str, tuple[str, str]] = {
    "dict": ("键值对象", "a mapping"),
    "list": ("列表", "a list"),
    "str": ("文本", "text"),
    "int": ("整数", "an integer"),
    "float": ("小数", "a decimal number"),
    "bool": ("布尔值", "a boolean"),
    "NoneType": ("空（null）", "null"),
}


FORMAT_WORDS: dict[str, tuple[str, str]] = {
    "date": ("日期", "a date"),
    "date-time": ("日期时间", "a date and time"),
    "uri": ("网址", "a web address"),
    "email": ("电子邮箱", "an e-mail address"),
}

LENGTH_WORDS: dict[str, tuple[str, str]] = {
    "minLength": ("至少 {n} 个字符", "at least {n} character(s)"),
    "maxLength": ("至多 {n} 个字符", "at most {n} character(s)"),
    "minItems": ("至少 {n} 项", "at least {n} item(s)"),
    "maxItems": ("至多 {n} 项", "at most {n} item(s)"),
}


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def place_text(finding: Finding, lang: str) -> str:
    """``表「三、…」行「（七）总计」列「自然人」`` for a finding about a cell, else ''."""
    p = finding.place
    if p is None:
        return ""
    if lang == "en":
        parts = [f"table '{p.table_en}'"]
        if p.row_en:
            parts.append(f"row '{p.row_en}'")
        if p.column_en:
            parts.append(f"column '{p.column_en}'")
        return ", ".join(parts) + ": "
    text = f"表「{p.table_zh}」"
    if p.row_zh:
        text += f"行「{p.row_zh}」"
    if p.column_zh:
        text += f"列「{p.column_zh}」"
    return text + "："


def _num(value: Any) -> str:
    return "空" if value is None else str(value)


def identity_text(params: dict[str, Any], lang: str) -> str:
    """Write out an identity's arithmetic so that a clerk can fix it without a calculator."""
    en = lang == "en"

    def side(terms: list[dict[str, Any]]) -> str:
        out = ""
        for i, t in enumerate(terms):
            label = t["label_en"] if en else t["label_zh"]
            value = "blank" if en and t["value"] is None else _num(t["value"])
            sign = "−" if t["sign"] < 0 else "+"
            if i == 0:
                out = ("−" if t["sign"] < 0 else "") + f"{label} ({value})"
            else:
                out += f" {sign} {label} ({value})"
        return out

    left, right = side(params["left"]), side(params["right"])
    ctx = params["context_en"] if en else params["context_zh"]
    blanks = [t["label_en"] if en else t["label_zh"] for t in params["left"] + params["right"]
              if t["value"] is None]
    if len(params["left"]) > 1:
        left += f" = {params['left_sum']}"
    if len(params["right"]) > 1:
        right += f" = {params['right_sum']}"
    if en:
        text = f"{params['rule_en']}: {left}, but {right}, difference {params['difference']}"
        if ctx:
            text += f", {ctx}"
        if blanks:
            text += f" (blank cells counted as 0: {', '.join(blanks)})"
        return text
    text = f"{params['rule_zh']}：{left}，但 {right}，相差 {params['difference']}"
    if ctx:
        text += f"，{ctx}"
    if blanks:
        text += f"（空白单元格按 0 计：{'、'.join(blanks)}）"
    return text


def message(finding: Finding, lang: str = "zh") -> str:
    """The finding as one sentence in ``lang`` (``zh`` by default)."""
    if finding.code.startswith(("identity.", "crossyear.")):
        return identity_text(finding.params, lang)
    template = TEMPLATES.get(finding.code) or next(
        (t for prefix, t in PREFIX_TEMPLATES.items() if finding.code.startswith(prefix)), None)
    if template is None:
        template = TEMPLATES["schema.other"] if finding.code.startswith("schema.") else (
            finding.code, finding.code)
    params = dict(finding.params)
    if finding.code == "load.syntax" and lang != "en":
        from .syntaxhints import problem_zh  # the parser's words, in Chinese

        params["detail"] = problem_zh(params.get("detail"))
    for key in ("expected",):
        if key in params and isinstance(params[key], str) and params[key] in TYPE_WORDS:
            params[key] = pick(TYPE_WORDS[params[key]], lang)
    if "actual" in params and finding.code == "schema.type":
        params["actual"] = _describe(params["actual"], lang)
    if finding.code == "schema.format" and params.get("format") in FORMAT_WORDS:
        params["format"] = pick(FORMAT_WORDS[params["format"]], lang)
    if finding.code == "schema.length" and isinstance(params.get("detail"), str):
        keyword, _, n = params["detail"].partition(" ")
        if keyword in LENGTH_WORDS:
            params["detail"] = pick(LENGTH_WORDS[keyword], lang).format(n=n)
    try:
        text = pick(template, lang).format(**params)
    except (KeyError, IndexError, ValueError):
        text = pick(template, lang)
    return place_text(finding, lang) + _field(params, lang) + text + _example(params, lang)


def _field(params: dict[str, Any], lang: str) -> str:
    """``发布日期：`` for a finding on a field of the report information (``check.fieldhints``)."""
    name = params.get("field_en" if lang == "en" else "field_zh")
    return "" if not name else (f"{name}: " if lang == "en" else f"{name}：")


def _example(params: dict[str, Any], lang: str) -> str:
    if "example" not in params:
        return ""
    return f"; e.g. {params['example']}" if lang == "en" else f"，例如 {params['example']}"


def _describe(value: Any, lang: str) -> str:
    kind = pick(KIND_WORDS.get(type(value).__name__, ("值", "a value")), lang)
    if value is None:
        return kind
    if isinstance(value, dict | list):
        return kind
    shown = repr(value) if isinstance(value, str) else str(value)
    if len(shown) > 40:
        shown = shown[:37] + "…"
    return f"{kind} {shown}"

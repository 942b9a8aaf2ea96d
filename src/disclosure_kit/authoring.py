"""Report files written for people: a blank report to fill in, and YAML with official labels.

Agencies write their report by hand every January. A YAML file whose every key carries its
official Chinese label as a comment (``new_received:  # 一、本年新收政府信息公开申请数量``) reads
like the printed tables, and a ``yaml-language-server`` modeline on the first line gives editors
completion and checking from our schema. ``new``, ``migrate`` and ``fill`` all write through
``report_text`` so every file the tool writes looks the same. The text is parsed back before it
is returned: a value that would not survive the round trip is a tool error, never a silent change.
"""

from __future__ import annotations

import copy
import json
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson

from .editions import Cell, Edition, Node
from .findings import INFO, WARNING, Finding
from .identities import MISSING, cell_value, evaluate
from .loading import parse
from .messages import register_templates
from .schema_check import place_of, schema_findings

INDENT = "  "
YAML11_WORDS = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n"})


def blank_report(edition: Edition) -> dict[str, Any]:
    """A report of ``edition`` with every cell, narrative and optional meta field blank (null)."""
    meta_schema = edition.schema["properties"]["meta"]
    meta: dict[str, Any] = dict.fromkeys(meta_schema.get("properties", {}))
    data: dict[str, Any] = {"edition": edition.id, "schema_version": edition.version, "meta": meta}
    for node in edition.sections():
        data[node.key] = None if node.role == "narrative" else _blank(node)
    return data


def _blank(node: Node) -> Any:
    if node.role == "cell":
        return None
    return {child.key: _blank(child) for child in node.children}


def modeline(schema_ref: str) -> str:
    return f"# yaml-language-server: $schema={schema_ref}"


def header_lines(edition: Edition, schema_ref: str | None) -> list[str]:
    """The modeline (when asked) and the name of the format the file follows."""
    lines = [modeline(schema_ref)] if schema_ref else []
    title = edition.schema.get("x-format-title", edition.title.zh)
    notice = edition.schema.get("x-notice")
    lines.append(f"# {title}（{notice}）" if notice else f"# {title}")
    return lines


def leading_comments(text: str) -> list[str]:
    """The comment lines at the top of a YAML file (modeline, title), kept when it is rewritten."""
    out = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        out.append(line)
    return out


# ----------------------------------------------------------------------------- scalars


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar: JSON escaping plus escapes for every invisible character."""
    out = json.dumps(text, ensure_ascii=False)
    chars = []
    for ch in out:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn") and ch not in "\n":
            chars.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            chars.append(ch)
    return "".join(chars)


def _key(key: str) -> str:
    """A mapping key: bare when it is a plain identifier (``value``), quoted otherwise."""
    plain = key.isascii() and key.replace("_", "a").isalnum() and not key[0].isdigit()
    return key if plain and key.lower() not in YAML11_WORDS else _quoted(key)


def scalar(value: Any) -> str:
    """One value in YAML flow syntax (JSON-compatible, which YAML reads the same way)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        if "e" in text and "." not in text:  # YAML 1.1 needs a dot before the exponent
            mantissa, exp = text.split("e")
            text = f"{mantissa}.0e{exp}"
        return text
    if isinstance(value, str):
        return _quoted(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(str(k))}: {scalar(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    return _quoted(str(value))


def _block(text: str, indent: str) -> str | None:
    """A literal block scalar for multi-line text, or None when quoting is safer."""
    if "\n" not in text or "\r" in text or text.startswith((" ", "\n")) or text.strip() == "":
        return None
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") and ch not in "\n\t" for ch in text):
        return None
    stripped = text.rstrip("\n")
    trailing = len(text) - len(stripped)
    chomp = "-" if trailing == 0 else ("" if trailing == 1 else "+")
    body = "\n".join((indent + line) if line else "" for line in text[: len(text) - trailing or None].split("\n"))
    if trailing > 1:
        body += "\n" * (trailing - 1)
    candidate = f"|{chomp}\n{body}"
    try:
        loaded = parse(f"k: {candidate}\n", "yaml").data
    except Exception:
        return None
    return candidate if loaded == {"k": text} else None


# ----------------------------------------------------------------------------- documents


def _comment(label: str) -> str:
    return "  # " + label.replace("\n", " ")


def _emit_node(node: Node, value: Any, indent: str, lines: list[str]) -> None:
    """Children of a table/block/row in schema order, then any keys the schema does not know."""
    known = [c for c in node.children if c.key in value]
    for child in known:
        v = value[child.key]
        if child.role != "cell" and isinstance(v, dict):
            lines.append(f"{indent}{child.key}:{_comment(child.label.zh)}")
            _emit_node(child, v, indent + INDENT, lines)
        else:
            lines.append(f"{indent}{child.key}: {scalar(v)}{_comment(child.label.zh)}")
    for key, v in value.items():
        if key not in {c.key for c in known}:
            lines.append(f"{indent}{_quoted(key)}: {scalar(v)}")


def report_text(edition: Edition, data: dict[str, Any], header: list[str] | None = None) -> str:
    """The report as YAML with ``# 中文标签`` comments on every key the schema knows."""
    lines = list(header or [])
    props = edition.schema.get("properties", {})
    order = [k for k in props if k in data] + [k for k in data if k not in props]
    for key in order:
        value = data[key]
        node = edition.node(f"/{key}")
        title = props.get(key, {}).get("title")
        comment = _comment(title) if title else ""
        if key == "meta" and isinstance(value, dict):
            lines.append(f"meta:{comment}")
            fields = props["meta"].get("properties", {})
            for fk, fv in value.items():
                label = fields.get(fk, {}).get("title")
                lines.append(f"{INDENT}{_quoted(fk) if fk not in fields else fk}: {scalar(fv)}"
                             + (_comment(label) if label else ""))
        elif node is not None and node.role == "narrative" and isinstance(value, str):
            block = _block(value, INDENT)
            lines.append(f"{key}: {block}" if block is None else f"{key}: {block.split(chr(10), 1)[0]}{comment}")
            if block is None:
                lines[-1] = f"{key}: {scalar(value)}{comment}"
            else:
                lines.append(block.split("\n", 1)[1])
        elif node is not None and node.role == "table" and isinstance(value, dict):
            lines.append(f"{key}:{comment}")
            _emit_node(node, value, INDENT, lines)
        else:
            name = key if key in props else _quoted(key)
            lines.append(f"{name}: {scalar(value)}{comment}")
    text = "\n".join(lines) + "\n"
    if parse(text, "yaml").data != data:
        raise ValueError("the YAML written does not read back as the same report")
    return text


def json_text(data: dict[str, Any]) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


def dump_report(edition: Edition, data: dict[str, Any], target: Path | str, header: list[str] | None = None) -> bytes:
    """JSON when the target name ends in ``.json``, otherwise commented YAML."""
    if str(target).lower().endswith(".json"):
        return json_text(data)
    return report_text(edition, data, header).encode("utf-8")


def new_report_text(edition: Edition, schema_ref: str | None = None) -> str:
    """The blank report of ``disclosure-kit new``: every key labelled, every value null.

    The modeline points at the schema's ``$id`` by default: it names the exact edition and
    version wherever the file is saved (a relative path breaks as soon as the file moves), and
    editors map it to a local copy through their ``yaml.schemas`` setting.
    """
    ref = schema_ref if schema_ref is not None else edition.schema_id
    return report_text(edition, blank_report(edition), header_lines(edition, ref or None))


# ----------------------------------------------------------------------------- fill

register_templates({
    "fill.filled": (
        "已按“{rule_zh}”计算填入 {value}",
        "computed from '{rule_en}' and filled in: {value}",
    ),
    "fill.impossible": (
        "按“{rule_zh}”算得 {value}，不是该单元格允许的值，未填写；请检查其他单元格",
        "'{rule_en}' gives {value}, which this cell cannot hold; not filled: check the other cells",
    ),
})


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _exact(value: Any) -> int | Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else value


def _fits(cell: Cell, value: int | Decimal) -> bool:
    """Whether a computed value may be written into the cell (its kind, never a negative count)."""
    if cell.kind == "signed":
        return value == value.to_integral_value() if isinstance(value, Decimal) else True
    if value < 0:
        return False
    if cell.kind == "count":
        return not isinstance(value, Decimal) or value == value.to_integral_value()
    return cell.kind == "amount"


def _plain(value: int | Decimal, cell: Cell) -> int | float:
    if isinstance(value, Decimal):
        return int(value) if cell.kind in ("count", "signed") else float(value)
    return value


def fill_data(edition: Edition, data: dict[str, Any], file: str) -> tuple[dict[str, Any], list[Finding]]:
    """Fill the blank cells the identities determine; report every identity that does not hold.

    An identity determines a cell only when exactly that one of its terms is blank (null) and all
    the others are numbers. Filling one cell can complete another identity (a row total, then
    （七）总计, then the balance), so the pass repeats until nothing changes. A filled cell that
    disagrees is reported through the same ``identity.*`` finding as ``validate``, never changed.
    """
    out = copy.deepcopy(data)
    _, bad = schema_findings(edition, out, file)
    findings: list[Finding] = []
    refused: set[str] = set()
    changed = True
    while changed:
        changed = False
        # a total is computed from its parts first; other terms (the balance) only after that
        ordered = [(i, True) for i in edition.identities] + [(i, False) for i in edition.identities]
        for identity, totals_only in ordered:
            if changed:
                break
            terms = identity.terms
            if any(t.cell.pointer in bad or t.cell.kind == "money" for t in terms):
                continue
            values = [cell_value(out, t.cell.path) for t in terms]
            if any(v is MISSING for v in values):
                continue
            blanks = [i for i, v in enumerate(values) if v is None]
            if len(blanks) != 1 or not all(_number(v) for i, v in enumerate(values) if i != blanks[0]):
                continue
            target = terms[blanks[0]]
            if target.cell.pointer in refused or (totals_only and not (blanks[0] == 0 and len(identity.left) == 1)):
                continue
            n = len(identity.left)
            side = 1 if blanks[0] < n else -1
            total = sum((side * (1 if i < n else -1) * t.sign * _exact(v)
                         for i, (t, v) in enumerate(zip(terms, values, strict=True)) if i != blanks[0]), 0)
            value = -total * target.sign
            params = {"rule": identity.rule_id, "rule_zh": identity.label.zh, "rule_en": identity.label.en}
            place = place_of(edition, target.cell.pointer)
            if not _fits(target.cell, value):
                refused.add(target.cell.pointer)
                findings.append(Finding("fill.impossible", WARNING, file, target.cell.pointer,
                                        params={**params, "value": str(value)}, place=place))
                continue
            _set_cell(out, target.cell.path, _plain(value, target.cell))
            findings.append(Finding("fill.filled", INFO, file, target.cell.pointer,
                                    params={**params, "value": _plain(value, target.cell)}, place=place))
            changed = True
    for identity in edition.identities:
        values = [cell_value(out, t.cell.path) for t in identity.terms]
        if any(v is None or v is MISSING for v in values):
            continue
        params = evaluate(identity, out, None, bad)
        if params is not None:
            suspect = identity.left[0].cell.pointer
            params["suspect"] = suspect
            findings.append(Finding(identity.code, identity.severity, file, suspect, params=params,
                                    place=place_of(edition, suspect)))
    return out, findings


def _set_cell(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


# ----------------------------------------------------------------------------- command helpers


def load_for_edit(name: str) -> tuple[Any, Edition | None, list[Finding]]:
    """Load a report file for ``fill``/``migrate``/``export``: (loaded, edition, findings).

    A file that cannot be loaded, or names no known edition, yields an error finding (with its
    line and column when known) and no edition, so commands report it like ``validate`` does.
    """
    from pathlib import Path as _Path

    from .editions import edition_key, get_edition
    from .findings import ERROR
    from .loading import LoadError, load_path

    try:
        loaded = load_path(_Path(name))
    except LoadError as exc:
        return None, None, [Finding(exc.code, ERROR, name, "", exc.line, exc.column, params=exc.params)]
    data = loaded.data
    if "edition" not in data:
        return loaded, None, [Finding("edition.missing", ERROR, name, "/edition", line=1, column=1)]
    key = edition_key(data["edition"])
    if key is None:
        return loaded, None, [Finding("edition.unknown", ERROR, name, "/edition", params={"value": data["edition"]})]
    return loaded, get_edition(key), []

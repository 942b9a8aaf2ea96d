"""Report files written for people: a blank report to fill in, and YAML with official labels.

Agencies write their report by hand every January. A YAML file whose every key carries its
official Chinese label as a comment (``new_received:  # 一、本年新收政府信息公开申请数量``) reads
like the printed tables, and a ``yaml-language-server`` modeline on the first line gives editors
completion and checking from our schema. ``new``, ``migrate`` and ``fill`` all write through
``report_text`` so every file the tool writes looks the same. The text is parsed back before it
is returned: a value that would not survive the round trip is a tool error, never a silent change.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import orjson

from ..check.findings import Finding
from ..check.loading import parse
from ..model.editions import Edition, Node

INDENT = "  "
NARRATIVE_HINT = "# 正文写在“|-”的下一行起，每行缩进两个空格 / narrative text goes below '|-', indented by two spaces"
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
    """A literal block scalar for narrative text (a ``#`` or a colon in it stays text), or None
    when quoting is safer (leading blanks, carriage returns, invisible characters)."""
    if text == "":
        return "|-"  # an empty block, ready to type under: it reads as "" (nothing written yet)
    if "\r" in text or text.startswith((" ", "\n", "\t")) or text.strip() == "":
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
            if block is None:
                lines.append(f"{key}: {scalar(value)}{comment}")
            else:
                head, _, body = block.partition("\n")
                lines.append(f"{key}: {head}{comment}")
                if body:
                    lines.append(body)
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
    header = [*header_lines(edition, ref or None), NARRATIVE_HINT]
    return report_text(edition, blank_for_author(edition), header)


def blank_for_author(edition: Edition) -> dict[str, Any]:
    """The blank report ``new`` hands an author: narratives empty text, written as empty block
    scalars, so that text typed under them keeps its ``#`` and ``:``."""
    data = blank_report(edition)
    for node in edition.narratives():
        data[node.key] = ""
    return data


# ----------------------------------------------------------------------------- command helpers


def load_for_edit(name: str) -> tuple[Any, Edition | None, list[Finding]]:
    """Load a report file for ``fill``/``migrate``/``export``: (loaded, edition, findings).

    A file that cannot be loaded, or names no known edition, yields an error finding (with its
    line and column when known) and no edition, so commands report it like ``validate`` does.
    """
    _, loaded, edition, findings = read_for_edit(name)
    return loaded, edition, findings


def read_for_edit(name: str) -> tuple[bytes, Any, Edition | None, list[Finding]]:
    """``load_for_edit`` that also returns the bytes it read (``fill`` edits exactly those bytes,
    not a second reading of a file that may have changed in between)."""
    from ..check.findings import ERROR
    from ..check.loading import LoadError, load_bytes, read_bytes
    from ..check.versions import select_edition
    from ..model.editions import edition_key

    try:
        raw = read_bytes(name)
        loaded = load_bytes(raw, str(Path(name)))  # the name as ``load_path`` gave it
    except LoadError as exc:
        return b"", None, None, [Finding(exc.code, ERROR, name, "", exc.line, exc.column, params=exc.params)]
    data = loaded.data
    if "edition" not in data:
        return raw, loaded, None, [Finding("edition.missing", ERROR, name, "/edition", line=1, column=1)]
    key = edition_key(data["edition"])
    if key is None:
        return raw, loaded, None, [Finding("edition.unknown", ERROR, name, "/edition",
                                           params={"value": data["edition"]})]
    edition, notes = select_edition(data, key, name)  # the schema version the report declares
    return raw, loaded, edition, [] if edition is not None else notes

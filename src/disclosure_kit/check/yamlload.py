"""YAML text -> report data, with a position for every value, by the rules a clerk can predict.

Scalars are typed by YAML 1.2 (the core schema), not by the YAML 1.1 rules PyYAML follows:
``yes``/``no``/``on``/``off`` are text, as in YAML 1.2. A plain scalar that YAML 1.1 and 1.2 read
as different numbers, or that only one of them reads as a number at all (``017``: octal 15 or
decimal 17; ``1:30``: 90 or text; ``0x3``, ``0o17``, ``0b11``, ``1_000``), is refused with
``load.yaml_number`` instead of being given either meaning: the file says something different in
different tools, and the clerk writes the number in plain decimal (or quotes it as text). Below an
``x-`` key (extension data, which the format does not read) such a scalar is kept as the text
written. A
number that is not finite from any spelling (``.inf``, ``1.0e+400``) is ``load.nan``; an integer
beyond 64-bit range is ``load.number_range``.

Aliases, merge keys, unusual tags and duplicate keys are refused; the number of nodes and their
nesting are bounded (``fileio.limits``: ``yaml_nodes``, ``json_depth``) before the document is
composed, so a 10 MB flow list is refused in a fraction of a second instead of taking a minute.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from ..fileio.limits import limits
from .chars import SUSPECT_RE, lone_surrogate
from .jsonload import INT_MAX, INT_MIN
from .loaded import Loaded, LoadError
from .sourcemap import SourceMap, escape_token

_TAG = "tag:yaml.org,2002:"
_INT, _FLOAT, _BOOL, _NULL, _STR = (_TAG + t for t in ("int", "float", "bool", "null", "str"))
_TIMESTAMP_TAG = _TAG + "timestamp"
_MERGE_TAG = _TAG + "merge"
_PLAIN_TAGS: dict[type, frozenset[str]] = {
    yaml.MappingNode: frozenset({_TAG + "map"}),
    yaml.SequenceNode: frozenset({_TAG + "seq"}),
    yaml.ScalarNode: frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP_TAG}),
}
# Every plain scalar that YAML 1.1 or YAML 1.2 reads as an integer or a float…
_INTISH = re.compile(r"""^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+|[-+]?[0-9]+)$""", re.X)
_FLOATISH = re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?[0-9]+[eE][-+]?[0-9]+
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""", re.X)
# …and the forms on whose value both agree.
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_NOT_FINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ReportLoader(_Base):  # type: ignore[misc,valid-type]
    """The C loader with YAML 1.2 booleans and the number forms above resolved for inspection."""


_ReportLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _INT, _FLOAT)]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
_ReportLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_ReportLoader.add_implicit_resolver(_INT, _INTISH, list("-+0123456789"))
_ReportLoader.add_implicit_resolver(_FLOAT, _FLOATISH, list("-+0123456789."))

_COMMENT_ONLY = re.compile(r"\A(?:\s*(?:#[^\n]*)?(?:\n|\Z))*\Z")
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def only_comments(text: str) -> bool:
    return bool(_COMMENT_ONLY.match(text)) or text.strip() in ("---", "...", "--- ...")


def _flow_depth(text: str, limit: int) -> bool:
    """True when brackets may nest deeper than ``limit`` (an upper bound: brackets in quotes and
    comments count too), checked before the composer recurses into them."""
    if "[" not in text and "{" not in text:
        return False
    depth = 0
    for ch in _NOT_BRACKET.sub("", text):
        if ch in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _count_nodes(text: str, limit: int) -> None:
    """Walk the events of a long document (libyaml's parser does not recurse) and stop at the
    first node over ``limit``, before anything is composed."""
    loader = _ReportLoader(text)
    nodes = 0
    node_events = (yaml.ScalarEvent, yaml.CollectionStartEvent, yaml.AliasEvent)
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            if isinstance(event, node_events):
                nodes += 1
                if nodes > limit:
                    mark = event.start_mark
                    raise LoadError("load.too_many_nodes", mark.line + 1, mark.column + 1, limit=limit)
    except yaml.YAMLError:
        return  # the composer reports syntax errors with their place
    finally:
        loader.dispose()


def load_yaml(text: str) -> Loaded:
    bounds = limits()
    if len(text) > bounds.yaml_nodes:
        _count_nodes(text, bounds.yaml_nodes)
    if _flow_depth(text, bounds.json_depth * 4):
        raise LoadError("load.too_deep", limit=bounds.json_depth)
    loader = _ReportLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        from .syntaxhints import yaml_error  # placed on the slip, with a hint for the common ones

        raise yaml_error(text, exc) from None
    except yaml.YAMLError as exc:
        raise LoadError("load.syntax", detail=str(exc)) from None
    except RecursionError:
        raise LoadError("load.too_deep", limit=bounds.json_depth) from None
    finally:
        loader.dispose()
    if node is None:
        raise LoadError("load.empty")
    walker = _YamlWalker(bounds.json_depth)
    data = walker.build(node, "", 0)
    return Loaded(data, text, "yaml", walker.smap, suspect_text=tuple(sorted(walker.suspect)))


def _at(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _YamlWalker:
    """Turn composed YAML nodes into data, refusing aliases, merges, odd tags and duplicates."""

    def __init__(self, max_depth: int) -> None:
        self.smap = SourceMap()
        self.seen: set[int] = set()
        self.max_depth = max_depth
        self.suspect: list[str] = []

    def build(self, node: yaml.Node, pointer: str, depth: int, extension: bool = False) -> Any:
        """The data of ``node``; ``extension`` is True below an ``x-`` key (data the format does
        not read, where a number written ambiguously is kept as the text written)."""
        if depth > self.max_depth:
            raise LoadError("load.too_deep", *_at(node), pointer=pointer, limit=self.max_depth)
        if id(node) in self.seen:  # the composer hands an alias back as the anchored node itself
            where = pointer
            while where and where not in self.smap.keys:
                where = where.rsplit("/", 1)[0]
            line, column = self.smap.keys.get(where, _at(node))
            raise LoadError("load.alias", line=line, column=column)
        self.seen.add(id(node))
        self.smap.values[pointer] = _at(node)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, pointer, extension)
        if node.tag not in _PLAIN_TAGS[type(node)]:
            raise LoadError("load.yaml_tag", *_at(node), tag=node.tag, detail="")
        if isinstance(node, yaml.SequenceNode):
            return [self.build(v, f"{pointer}/{i}", depth + 1, extension) for i, v in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG:
                    raise LoadError("load.alias", *_at(key_node))
                if not isinstance(key_node, yaml.ScalarNode):
                    raise LoadError("load.syntax", *_at(key_node), detail="mapping key is not a scalar")
                key = key_node.value
                child = f"{pointer}/{escape_token(key)}"
                if key in out:
                    raise LoadError("load.duplicate_key", *_at(key_node), pointer=child, key=key)
                if lone_surrogate(key):
                    raise LoadError("load.surrogate", *_at(key_node), pointer=child)
                self.smap.keys[child] = _at(key_node)
                out[key] = self.build(value_node, child, depth + 1, extension or key.startswith("x-"))
            return out
        raise LoadError("load.syntax", *_at(node), detail="unknown node")

    def _text(self, value: str, pointer: str, node: yaml.Node) -> str:
        if lone_surrogate(value):
            raise LoadError("load.surrogate", *_at(node), pointer=pointer)
        if SUSPECT_RE.search(value):
            self.suspect.append(pointer)
        return value

    def scalar(self, node: yaml.ScalarNode, pointer: str, extension: bool = False) -> Any:
        tag, value = node.tag, node.value
        if tag in (_STR, _TIMESTAMP_TAG):  # dates stay text, as written
            return self._text(value, pointer, node)
        if tag == _NULL:
            return None
        if tag == _BOOL:
            if value.lower() in ("true", "false"):
                return value.lower() == "true"
            raise LoadError("load.yaml_tag", *_at(node), tag=tag, detail=f"not a YAML 1.2 boolean: {value}")
        if tag == _INT and _PLAIN_INT.fullmatch(value):
            number = int(value)
            if not INT_MIN <= number <= INT_MAX:
                raise LoadError("load.number_range", *_at(node), pointer=pointer, value=value)
            return number
        if tag == _FLOAT and _NOT_FINITE.fullmatch(value):
            raise LoadError("load.nan", *_at(node), pointer=pointer, value=value)
        if tag == _FLOAT and _PLAIN_FLOAT.fullmatch(value):
            number = float(value)
            if not math.isfinite(number):
                raise LoadError("load.nan", *_at(node), pointer=pointer, value=value)
            return number
        if tag in (_INT, _FLOAT) and not node.style:  # plain ("" from the C parser, None from Python)
            if extension:
                return self._text(value, pointer, node)
            raise LoadError("load.yaml_number", *_at(node), pointer=pointer, value=value)
        return self._other(node)

    def _other(self, node: yaml.ScalarNode) -> Any:
        """A scalar with an explicit tag of its own: refused, with the constructor's reason."""
        try:
            yaml.constructor.SafeConstructor().construct_object(node)
        except yaml.constructor.ConstructorError as exc:
            raise LoadError("load.yaml_tag", *_at(node), tag=node.tag, detail=exc.problem or "") from None
        raise LoadError("load.yaml_tag", *_at(node), tag=node.tag, detail="")

"""Content records -> YAML text written for people: fixed key order, block style, Unicode as is.

Long text (abstracts, notes) is written as a folded block scalar wrapped near 88 columns, so a
one-word edit shows as a one-line diff. A document with such text is read back before it is
returned; if PyYAML's folding would change the text, it falls back to a style that keeps it.

Short one-line values, most of every file, are written here, exactly as PyYAML's emitter would
(its own analysis decides plain or quoted): the pure-Python emitter is most of the cost of an
import of thousands of entries. The rest goes through PyYAML one field at a time.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from typing import Any

import yaml

from generator.model.records import (
    AUTHOR_FIELDS,
    DECIMAL_RE,
    ENTRY_FIELDS,
    LINK_FIELDS,
    LIST_FIELDS,
    PAPER_FIELDS,
    PAPER_LINK_FIELDS,
    Author,
    Field,
    Paper,
    ReadingList,
    implied_type,
    type_stated,
)

try:  # libyaml's C parser when present: reading each written file back is most of the cost
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

SCHEMA_COMMENT = "# yaml-language-server: $schema={schema}\n"
WIDTH = 88


class _Folded(str):
    """Text to be written as a block scalar."""


class _Dumper(yaml.SafeDumper):
    """Block style everywhere; long or multi-line text as block scalars."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # no &id001 anchors: each value written out where it is used

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # indent list items under their key ("authors:\n  - a"), the style most editors use
        super().increase_indent(flow, False)


def _represent_folded(dumper: yaml.SafeDumper, value: _Folded) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip("\n") else ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=style)


_Dumper.add_representer(_Folded, _represent_folded)


def _plain(value: Any, fields: tuple[Field, ...]) -> dict[str, Any]:
    """A record as a dict in field-table order, leaving out optional fields that are empty."""
    out: dict[str, Any] = {}
    for spec in fields:
        item = getattr(value, spec.name)
        if spec.kind == "links":
            item = _plain(item, LINK_FIELDS)
        elif spec.kind == "paper_links":
            item = _plain(item, PAPER_LINK_FIELDS)
        elif spec.kind == "entries":
            item = [_plain(entry, ENTRY_FIELDS) for entry in item]
        elif isinstance(item, tuple):
            item = list(item)
        elif isinstance(item, str) and (spec.kind == "markdown" or len(item) > WIDTH - 10):
            item = _Folded(item)
        elif spec.kind in ("text", "digits") and DECIMAL_RE.match(item) and len(item) < 20:
            item = int(item)  # `volume: 521`, not '521': reading takes it as written
        # `is False`, not `in (False,)`: a volume or number 0 (an annual's volume 0) is written
        empty = item is False or (not isinstance(item, int) and item in ({}, [], ""))
        if item is not None and (spec.required or not empty):
            out[spec.name] = item
    return out


class _FoldedDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's emitter, where PyYAML has it, for one field of long text: the same text as
    _Dumper's (compared on 4,363 titles and abstracts of tests/data), six times as fast (the
    abstracts of 10,000 records took a quarter of their import to write)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_FoldedDumper.add_representer(_Folded, _represent_folded)


def _pyyaml(data: dict[str, Any]) -> str:
    folded = len(data) == 1 and isinstance(next(iter(data.values())), _Folded)
    return yaml.dump(
        data,
        Dumper=_FoldedDumper if folded else _Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=WIDTH,
        indent=2,
    )


def _dump(data: dict[str, Any], schema: str) -> str:
    parts = [_short_field(key, value) for key, value in data.items()]
    # a top-level block mapping is its keys one after the other: each field apart is the same
    text = "".join(part if part is not None else _pyyaml({key: data[key]}) for key, part in
                   zip(data, parts, strict=True))  # fmt: skip
    if None in parts and yaml.load(text, Loader=_Loader) != _unfold(data):  # C, a safe loader
        # PyYAML could not fold some text faithfully; write those fields in a safe style.
        text = _pyyaml(_unfold(data))
    header = SCHEMA_COMMENT.format(schema=schema) if schema else ""
    return header + text


def _short_field(key: str, value: Any) -> str | None:
    """`key: value` as a top-level field written as PyYAML writes it, if the value is a short
    one-line scalar, or a list or mapping of them; None for anything else."""
    if isinstance(value, list):
        items = [_short_scalar(item, 4) for item in value]
        if not items or None in items:
            return None
        return f"{key}:\n" + "".join(f"  - {item}\n" for item in items)
    if isinstance(value, dict):
        subs = [_short_scalar(item, 4 + len(sub)) for sub, item in value.items()]
        if not subs or None in subs:
            return None
        pairs = zip(value, subs, strict=True)
        return f"{key}:\n" + "".join(f"  {sub}: {item}\n" for sub, item in pairs)
    text = _short_scalar(value, len(key) + 2)
    return None if text is None else f"{key}: {text}\n"


def _short_scalar(value: Any, column: int) -> str | None:
    """A scalar starting at `column`, if it is short enough never to be wrapped."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if type(value) is not str or not value or column + len(value) + 2 > WIDTH - 8:
        return None
    return _one_line(value)


@functools.lru_cache(maxsize=1 << 16)  # ids, venues and years recur in thousands of files
def _one_line(value: str) -> str | None:
    """A one-line string as PyYAML's emitter writes it (its own analysis decides plain or
    single-quoted); None if it would need another style."""
    emitter = _emitter()
    analysis = emitter.analyze_scalar(value)
    if analysis.multiline or analysis.empty:
        return None
    resolved = emitter.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if analysis.allow_block_plain and resolved == "tag:yaml.org,2002:str":
        return value
    if analysis.allow_single_quoted:
        return "'" + value.replace("'", "''") + "'"
    return None


@functools.cache
def _emitter() -> _Dumper:
    """An emitter for its scalar analysis and its resolver; it never writes."""
    return _Dumper(io.StringIO(), allow_unicode=True)


def _unfold(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _unfold(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_unfold(v) for v in data]
    if isinstance(data, _Folded):
        return str(data)
    return data


def paper_yaml(paper: Paper, schema: str = "") -> str:
    """The text of content/papers/ID.yaml. The `type` of a paper read from a file that does not
    state it is left out when the other fields imply it (records.infer_type), as reading infers
    it: files stay as they were before types, and a paper whose journal or booktitle an import
    fills later is not held to an old guess. A new paper's type is its record's (an import's
    entry type, an editor's choice), not a guess: written, so that importing the same file again
    reads the paper as the first import made it (a conference paper whose arXiv copy came
    second became a preprint when its implied type was read back as unknown)."""
    data = _plain(paper, PAPER_FIELDS)
    guessed = paper.source.path and not type_stated(paper)
    if guessed and data.get("type") == implied_type(paper):
        del data["type"]
    return _dump(data, schema)


def author_yaml(author: Author, schema: str = "") -> str:
    """The text of content/authors/ID.yaml."""
    return _dump(_plain(author, AUTHOR_FIELDS), schema)


def list_yaml(rlist: ReadingList, schema: str = "") -> str:
    """The text of content/lists/ID.yaml."""
    return _dump(_plain(rlist, LIST_FIELDS), schema)

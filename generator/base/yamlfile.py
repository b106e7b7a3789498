"""The only YAML reader: files -> plain data that remembers the line of every key and item.

PyYAML silently keeps the last of two duplicate keys; this loader refuses them. Type checks are
left to the model, which sees the YAML tag of each value (so an unquoted `no` can be reported as
"YAML reads this as a boolean" instead of silently becoming False).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml's C parser when present: several times faster on large sites
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

from generator.base.errors import Problem, UserError
from generator.base.files import Stat


class MarkedDict(dict[str, Any]):
    """A mapping read from YAML: `line` of the mapping, `lines[key]` of each key (1-based)."""

    line: int = 0
    lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """The line of `key`, or of the mapping itself when the key is absent."""
        return self.lines.get(key, self.line)


class MarkedList(list[Any]):
    """A sequence read from YAML: `line` of the sequence, `lines[i]` of each item (1-based)."""

    line: int = 0
    lines: list[int]


@dataclass(frozen=True)
class Tagged:
    """A scalar that YAML turned into something other than text, with its source spelling."""

    value: Any
    source: str


@dataclass(frozen=True)
class Unreadable:
    """What YAML could not make of a scalar that looks like one of its types: `2026-02-30` is
    spelled as a date (a timestamp) but is no date. The model reports it, or keeps the
    spelling where text is expected."""

    tag: str  # the YAML type it looks like: timestamp, int, float


QUOTE_LENGTH = 80  # the most of a user's text a message quotes


def quote(text: str, length: int = QUOTE_LENGTH) -> str:
    """A user's text as a message quotes it: its first line, at most `length` characters (an
    ellipsis when cut), control characters shown as escapes so that none reaches a terminal."""
    first, *rest = text.split("\n", 1)
    cut = len(first) > length or bool(rest)
    shown = "".join(
        char if char.isprintable() or char == " " else ascii(char)[1:-1] for char in first[:length]
    )
    return shown + ("…" if cut else "")


class _Loader(_BaseLoader):
    """Safe loader that keeps line numbers and refuses duplicate keys."""

    path = ""


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> MarkedDict:
    result = MarkedDict()
    result.line = _line(node)
    result.lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key.value if isinstance(key, Tagged) else key)
        if key in result:
            raise yaml.MarkedYAMLError(
                problem=f"duplicate key '{quote(key)}' (first on line {result.lines[key]}); "
                "keep one of them",
                problem_mark=key_node.start_mark,
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = _line(key_node)
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> MarkedList:
    result = MarkedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = _line(node)
    result.lines = [_line(child) for child in node.value]
    return result


def _construct_tagged(loader: _Loader, node: yaml.ScalarNode) -> Tagged:
    """Keep the spelling of non-text scalars so the model can say what YAML made of them.

    Never raises: `2026-02-30` matches YAML's timestamp pattern but is no date (PyYAML's
    constructor raises ValueError); it is kept as Unreadable with its spelling."""
    try:
        value = yaml.SafeLoader.yaml_constructors[node.tag](loader, node)
    except (ValueError, OverflowError, TypeError):
        value = Unreadable(node.tag.rpartition(":")[2])
    return Tagged(value, str(node.value))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
for _tag in ("bool", "int", "float", "null", "timestamp"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _construct_tagged)


def parse_yaml(text: str, path: str) -> Any:
    """Parse one YAML document; a syntax error becomes a UserError at its line."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else 0
        message = exc.problem or "not valid YAML"
        if exc.context and "duplicate key" not in message:
            message = f"{exc.context}: {message}"
        message = quote(message, 200)  # libyaml may quote the text it stopped at
        hint = _colon_hint(text, line) if "mapping values" in message else ""
        raise UserError([Problem(path, line, f"{message} (YAML syntax){hint}")]) from None
    except yaml.YAMLError as exc:
        raise UserError([Problem(path, 0, f"not valid YAML: {quote(str(exc), 200)}")]) from None


_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"][^:]*?):\s+(.*?)\s*$")


def _colon_hint(text: str, line: int) -> str:
    """What to write instead of `title: BERT: Pre-training ...`: a value holding ': ' must be
    quoted, or YAML reads it as a second key."""
    lines = text.split("\n")
    match = _KEY_VALUE.match(lines[line - 1]) if 0 < line <= len(lines) else None
    if match is None:
        return "; a value that holds ': ' must be in quotes: put the value in quotes"
    key, value = match.group(2), match.group(3)
    double = '"' not in value and "\\" not in value  # else single quotes: nothing escapes
    quoted = f'"{value}"' if double else "'" + value.replace("'", "''") + "'"
    shown = quote(f"{key}: {quoted}", 120)
    return f"; the value holds ': ', so put the value in quotes: {shown}"


def read_text(path: Path, shown: str) -> str:
    """Read a UTF-8 file (a BOM is allowed); anything else is the user's error, not a crash."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError([Problem(shown, 0, f"cannot read the file: {exc.strerror}")]) from None
    return decode(data, shown)


def decode(data: bytes, shown: str) -> str:
    """Bytes of a UTF-8 text file (a BOM is allowed) as text with \\n line ends."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UserError(
            [Problem(shown, line, "not valid UTF-8 text; save the file as UTF-8")]
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_yaml_file(path: Path, shown: str) -> Any:
    """Read and parse one YAML file."""
    return parse_yaml(read_text(path, shown), shown)


def editor_file(name: str) -> bool:
    """Files that editors and the system leave beside the real ones, never read or published:
    dot-files (Emacs' `.#x.yaml` lock, a dangling link; Vim's `.x.yaml.swp`), Emacs'
    `#x.yaml#` autosave and `x.yaml~` backups."""
    return name.startswith((".", "#")) or name.endswith("~")


def inside(path: str | Path, root: Path) -> bool:
    """Whether `path`, its links followed, is inside `root` (itself resolved by the caller)."""
    try:
        return Path(os.path.realpath(path)).is_relative_to(root)
    except (OSError, ValueError):
        return False


def content_files(
    folder: Path,
    within: Path | None = None,
    skipped: list[str] | None = None,
    suffixes: tuple[str, ...] = (".yaml", ".yml"),
) -> list[tuple[str, str, Stat]]:
    """The YAML files (or others, by `suffixes`) of one content folder, in a stable order: name,
    path and (mtime, size).

    Editors' lock and backup files are left out. With `within` (a resolved folder), so is a
    link whose target is outside it; its name is added to `skipped`. Plain strings from
    os.scandir: making and sorting 20k Path objects, and a stat through each, took most of the
    time a one-paper rebuild spent reading.
    """
    if not folder.is_dir():
        return []
    if within is not None and not inside(folder, within):
        return []  # the folder itself is a link out of the site: the caller reports it
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if not name.endswith(suffixes) or editor_file(name):
                continue
            if within is not None and entry.is_symlink() and not inside(entry.path, within):
                if skipped is not None:
                    skipped.append(name)
                continue
            try:
                if entry.is_file():
                    found.append((name, entry.path, entry.stat()))
            except OSError:  # gone, or a link to nothing, since the folder was listed
                continue
    found.sort(key=lambda item: item[0])
    return [(name, path, (info.st_mtime_ns, info.st_size)) for name, path, info in found]

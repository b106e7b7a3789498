"""Changing content/: the records that differ become files, written all or nothing.

Used by `import` and `new`. Every file is read back and validated before any file of content/
is replaced, so these commands never leave an invalid file behind.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.base.errors import Problems
from generator.base.files import write_files_atomically
from generator.base.parallel import forked_map, processes
from generator.base.yamlfile import parse_yaml
from generator.model.dump import author_yaml, list_yaml, paper_yaml
from generator.model.records import Content, author_from_yaml, list_from_yaml, paper_from_yaml
from generator.model.schema import schema_comment_target, schema_files

_KINDS: tuple[tuple[str, str, Callable[..., str], Callable[..., object]], ...] = (
    ("papers", "paper", paper_yaml, paper_from_yaml),
    ("authors", "author", author_yaml, author_from_yaml),
    ("lists", "list", list_yaml, list_from_yaml),
)


@dataclass(frozen=True, slots=True)
class _Change:
    """A record that a new version of the content adds or changes, and how to write it."""

    rid: str
    shown: str  # its file, relative to the site
    record: object
    kind: str
    dump: Callable[..., str]
    check: Callable[..., object]

    def text(self, problems: Problems) -> str:
        """Its file's text, checked as `check` would: a problem is recorded, not raised."""
        text = self.dump(self.record, schema_comment_target(self.kind))
        self.check(self.rid, self.shown, parse_yaml(text, self.shown), problems)
        return text


def _changes(site: Path, old: Content, new: Content) -> dict[Path, _Change]:
    """The records that `new` adds or changes compared with `old`, by file."""
    changes: dict[Path, _Change] = {}
    for folder, kind, dump, check in _KINDS:
        before: Mapping[str, Any] = getattr(old, folder)
        for rid, record in getattr(new, folder).items():
            if before.get(rid) == record:
                continue
            shown = before[rid].source.path if rid in before else f"content/{folder}/{rid}.yaml"
            changes[site / shown] = _Change(rid, shown, record, kind, dump, check)
    return changes


def changed_files(
    site: Path, old: Content, new: Content, *, schemas: bool = True
) -> dict[Path, str]:
    """The text of every content file that `new` adds or changes compared with `old`; with
    `schemas`, also the schema files they name that the site lacks."""
    files: dict[Path, str] = {}
    problems = Problems()
    for path, change in _changes(site, old, new).items():
        # never write a file that would not load back: check it as `check` would
        text = change.text(problems)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            files[path] = text
    problems.raise_if_errors()  # what was given cannot be written as content: say why
    if files and schemas:
        files.update(missing_schemas(site))
    return files


class _Texts(Mapping[Path, str]):
    """The files of changed records, each text made when it is asked for (on several
    processes, CHUNK at a time ahead: _make_ahead): an import of 100,000 papers never holds
    all of their texts at once. A text that would not load back
    raises UserError with its problems and those of every file after it (the files before
    it had none), and write_files_atomically, which asks for them in order while staging,
    undoes what it staged: nothing is written."""

    CHUNK = 4000  # texts made ahead at a time, on several processes (a few MB)

    def __init__(self, changes: dict[Path, _Change], extra: dict[Path, str]) -> None:
        self._changes = changes
        self._extra = extra
        self._order = {path: number for number, path in enumerate(changes)}
        self._paths = list(changes)
        self._ahead = processes(len(changes)) > 1
        self._ready: dict[Path, str | None] = {}  # made ahead until asked for; None: problems

    def __getitem__(self, path: Path) -> str:
        if path in self._extra:
            return self._extra[path]
        if self._ahead and path not in self._ready:
            self._make_ahead(self._order[path])
        text = self._ready.pop(path, None)
        if text is not None:
            return text
        problems = Problems()
        text = self._changes[path].text(problems)
        if problems.errors:
            after = list(self._changes.values())[self._order[path] + 1 :]
            for change in after:
                change.text(problems)
            problems.raise_if_errors()
        return text

    def _make_ahead(self, number: int) -> None:
        """The texts of the CHUNK changes from the `number`th on, where several processes can
        share them (making a text, reading it back and checking it is a large import's
        longest step after who-is-who); one that has problems is made again, to say them."""
        chunk = self._paths[number : number + self.CHUNK]
        self._ready.update(zip(chunk, forked_map(self._made, chunk), strict=True))

    def _made(self, path: Path) -> str | None:
        problems = Problems()
        text = self._changes[path].text(problems)
        return None if problems.errors else text

    def __contains__(self, path: object) -> bool:
        return path in self._changes or path in self._extra

    def __iter__(self) -> Iterator[Path]:
        return itertools.chain(self._changes, self._extra)

    def __len__(self) -> int:
        return len(self._changes) + len(self._extra)


def missing_schemas(site: Path) -> dict[Path, str]:
    """The schema files that content files name but the site does not have yet."""
    return {
        site / relative: text
        for relative, text in schema_files().items()
        if not (site / relative).is_file()
    }


def save(site: Path, old: Content, new: Content, *, schemas: bool = True) -> tuple[Path, ...]:
    """Write what changed between two versions of the content; returns the files written.
    `schemas=False` (the editor of `serve`) writes nothing outside content/.

    All or nothing, even if the process is killed: the journal is in `site`, where every
    command looks first (base/files.py recover)."""
    changes = _changes(site, old, new)
    files = _Texts(changes, missing_schemas(site) if changes and schemas else {})
    gone = removed_files(site, old, new)
    write_files_atomically(files, root=site, remove=gone)
    return tuple(sorted([*files, *gone]))


def removed_files(site: Path, old: Content, new: Content) -> list[Path]:
    """The content files of records that `old` has and `new` no longer has."""
    return [
        site / record.source.path
        for folder, *_ in _KINDS
        for rid, record in sorted(getattr(old, folder).items())
        if rid not in getattr(new, folder) and record.source.path
    ]

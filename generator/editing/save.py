"""Changing content/: the records that differ become files, written all or nothing.

Used by `import` and `new`. Every file is read back and validated before anything is written,
so these commands never leave an invalid file behind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from generator.base.errors import Problems, UserError
from generator.base.files import write_files_atomically
from generator.base.yamlfile import parse_yaml
from generator.model.dump import author_yaml, list_yaml, paper_yaml
from generator.model.records import Content, author_from_yaml, list_from_yaml, paper_from_yaml
from generator.model.schema import schema_comment_target, schema_files

_KINDS: tuple[tuple[str, str, Callable[..., str], Callable[..., object]], ...] = (
    ("papers", "paper", paper_yaml, paper_from_yaml),
    ("authors", "author", author_yaml, author_from_yaml),
    ("lists", "list", list_yaml, list_from_yaml),
)


def changed_files(
    site: Path, old: Content, new: Content, *, schemas: bool = True
) -> dict[Path, str]:
    """The text of every content file that `new` adds or changes compared with `old`; with
    `schemas`, also the schema files they name that the site lacks."""
    files: dict[Path, str] = {}
    problems = Problems()
    for folder, kind, dump, check in _KINDS:
        before: Mapping[str, Any] = getattr(old, folder)
        for rid, record in getattr(new, folder).items():
            if before.get(rid) == record:
                continue
            shown = before[rid].source.path if rid in before else f"content/{folder}/{rid}.yaml"
            text = dump(record, schema_comment_target(kind))
            # never write a file that would not load back: check it as `check` would
            check(rid, shown, parse_yaml(text, shown), problems)
            path = site / shown
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                files[path] = text
    if problems.errors:  # what was given cannot be written as content: say why, write nothing
        raise UserError(problems.errors)
    if files and schemas:
        files.update(missing_schemas(site))
    return files


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
    files = changed_files(site, old, new, schemas=schemas)
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

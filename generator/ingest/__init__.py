"""Raw formats in: read input files, merge them into content/, write what changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content import read_content, shown_path
from ..dump import author_yaml, list_yaml, paper_yaml
from ..errors import Problems, UserError
from ..load import parse_yaml
from ..model import Content, author_from_yaml, list_from_yaml, paper_from_yaml
from ..write import write_files_atomically
from .detect import read_source
from .merge import Report, merge
from .records import Source

__all__ = ["ImportResult", "content_files", "import_files"]


@dataclass(frozen=True)
class ImportResult:
    """What an import did, and which files it wrote."""

    report: Report
    written: tuple[Path, ...]


def read_sources(paths: Sequence[Path], site: Path) -> list[Source]:
    """Parse every input file; problems in all of them are reported together."""
    problems = Problems()
    sources = []
    for path in paths:
        try:
            sources.append(read_source(path, shown_path(path, Path.cwd())))
        except UserError as exc:
            problems.extend(exc.problems)
    problems.raise_if_errors()
    return sources


_KINDS: tuple[tuple[str, str, Callable[[Any], str], Callable[..., object]], ...] = (
    ("papers", "papers", paper_yaml, paper_from_yaml),
    ("authors", "authors", author_yaml, author_from_yaml),
    ("lists", "lists", list_yaml, list_from_yaml),
)


def content_files(site: Path, old: Content, new: Content) -> dict[Path, str]:
    """The text of every content file that `new` adds or changes compared with the disk."""
    files: dict[Path, str] = {}
    problems = Problems()
    for folder, attribute, dump, check in _KINDS:
        before: Mapping[str, Any] = getattr(old, attribute)
        for rid, record in getattr(new, attribute).items():
            if before.get(rid) == record:
                continue
            shown = before[rid].source.path if rid in before else f"content/{folder}/{rid}.yaml"
            text = dump(record)
            # never write a file that would not load back: check it as `check` would
            check(rid, shown, parse_yaml(text, shown), problems)
            path = site / shown
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                files[path] = text
    if problems.errors:  # a bug, not a user's mistake: stop before writing anything
        raise RuntimeError("import produced invalid content:\n" + "\n".join(map(str, problems)))
    return files


def import_files(site: Path, paths: Sequence[Path], today: dt.date) -> ImportResult:
    """Import files into site/content/: all or nothing."""
    content, problems = read_content(site)
    if problems.errors:
        raise UserError(problems.errors)
    sources = read_sources(paths, site)
    merged, report = merge(content, sources, today)
    files = content_files(site, content, merged)
    write_files_atomically(files)
    return ImportResult(report, tuple(sorted(files)))

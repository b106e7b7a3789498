"""Reading lists given as abstracts: the reader's name, then one `Abstract: ...` line a paper."""

from __future__ import annotations

import re

from generator.base.errors import Problem, UserError
from generator.editing.ingest.incoming import AbstractEntry, AbstractList

PREFIX = re.compile(r"^\s*abstract\s*[:.\-–—]\s*", re.IGNORECASE)


def strip_prefix(text: str) -> str:
    """An abstract without its `Abstract:` label."""
    return PREFIX.sub("", text, count=1).strip()


def is_abstract_list(lines: list[str]) -> bool:
    """Whether the text has the shape of a reading list of abstracts."""
    body = [line for line in lines[1:] if line.strip()]
    return bool(body) and bool(lines[0].strip()) and PREFIX.match(body[0]) is not None


def read_abstract_list(lines: list[str], path: str) -> AbstractList:
    """Parse a reading list; a line that is not an abstract is reported with its number."""
    reader = lines[0].strip()
    problems = []
    entries = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        if not PREFIX.match(line):
            problems.append(
                Problem(
                    path, number, "each line after the reader's name must start with 'Abstract:'"
                )
            )
            continue
        abstract = strip_prefix(line)
        if not abstract:
            problems.append(Problem(path, number, "empty abstract after 'Abstract:'"))
            continue
        entries.append(AbstractEntry(abstract, number))
    if problems:
        raise UserError(problems)
    return AbstractList(path, reader, tuple(entries))

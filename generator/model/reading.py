"""The content folder: read every file, validate each record, check references between them."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from generator.base.errors import Problem, Problems, UserError
from generator.base.files import Stat, digest
from generator.base.parallel import forked_map
from generator.base.yamlfile import content_files, decode, parse_yaml
from generator.model.config import SiteConfig
from generator.model.records import (
    Content,
    Paper,
    author_from_yaml,
    check_id,
    list_from_yaml,
    paper_from_yaml,
)

FOLDERS = ("papers", "authors", "lists")

T = TypeVar("T")


@dataclass(slots=True)
class CachedFile:
    """One content file as the last build read it."""

    stat: Stat
    digest: str
    record: Any  # Paper, Author, ReadingList or None when unusable
    problems: list[Problem]


@dataclass(slots=True)
class ParsedFiles:
    """Content files as the last read left them, kept between builds by the build cache: a
    file whose size and mtime did not change is not parsed again."""

    files: dict[str, CachedFile] = field(default_factory=dict)  # content path -> file
    digests: dict[tuple[str, str], str] = field(default_factory=dict)  # (folder, id) -> digest


def shown_path(path: Path, site: Path) -> str:
    """A path as the user should see it: relative to the site when inside it."""
    try:
        return str(path.resolve().relative_to(site.resolve()))
    except ValueError:
        return str(path)


def _read_folder(
    site: Path,
    folder: str,
    make: Callable[[str, str, Any, Problems], T | None],
    problems: Problems,
    cache: ParsedFiles,
    jobs: int | None,
) -> dict[str, T]:
    """The records of one folder. The cache keeps the files read; a file no longer there is
    dropped from it."""
    found: dict[str, tuple[str, str, Stat]] = {}  # id -> file, as shown, stat
    for name, path, stat in content_files(site / "content" / folder):
        shown = f"content/{folder}/{name}"  # as shown_path gives it, without resolving
        rid = name.rpartition(".")[0]
        if not check_id(rid):
            problems.add(
                shown,
                0,
                f"'{name}' is not a valid file name: ids are lowercase "
                "ASCII words joined by hyphens (such as 'gpt-4-technical-report.yaml'); "
                "rename the file and the references to it",
            )
        elif rid in found:
            problems.add(shown, 0, f"two files have the id '{rid}' (.yaml and .yml); keep one")
        else:
            found[rid] = (path, shown, stat)
    changed = [
        (rid, path, shown, stat)
        for rid, (path, shown, stat) in found.items()
        if (known := cache.files.get(path)) is None or known.stat != stat
    ]

    def parse(file: tuple[str, str, str, Stat]) -> CachedFile:
        rid, path, shown, stat = file
        return read_file(Path(path), shown, rid, make, stat)

    read = forked_map(parse, changed, jobs)  # a large site's first build: on every core
    parsed = dict(zip((path for _, path, _, _ in changed), read, strict=True))
    files = {path: parsed.get(path) or cache.files[path] for path, _, _ in found.values()}
    records: dict[str, T] = {}
    for rid, (path, _, _) in found.items():
        known = files[path]
        problems.extend(known.problems)
        if known.record is not None:
            records[rid] = known.record
            cache.digests[folder, rid] = known.digest
    prefix = f"{site / 'content' / folder}{os.sep}"
    cache.files = {p: f for p, f in cache.files.items() if not p.startswith(prefix)} | files
    return records


def read_file(
    path: Path, shown: str, rid: str, make: Callable[[str, str, Any, Problems], Any], stat: Stat
) -> CachedFile:
    """Parse and validate one content file; its problems are kept with it for the next build."""
    found = Problems()
    try:
        data = path.read_bytes()
        record = make(rid, shown, parse_yaml(decode(data, shown), shown), found)
    except UserError as exc:
        found.extend(exc.problems)
        record, data = None, b""
    except OSError as exc:
        found.add(shown, 0, f"cannot read the file: {exc.strerror}")
        record, data = None, b""
    return CachedFile(stat, digest(shown, data), record, list(found))


def read_content(
    site: Path,
    config: SiteConfig | None = None,
    cache: ParsedFiles | None = None,
    jobs: int | None = None,
) -> tuple[Content, Problems]:
    """Read and validate everything under `site/content/`; problems are returned, not raised.

    With a cache, files whose size and mtime did not change are not parsed again. `jobs`:
    processes parsing a large site's files (default: one per core).
    """
    problems = Problems()
    cache = cache if cache is not None else ParsedFiles()
    cache.digests = {}
    content = Content(
        papers=_read_folder(site, "papers", paper_from_yaml, problems, cache, jobs),
        authors=_read_folder(site, "authors", author_from_yaml, problems, cache, jobs),
        lists=_read_folder(site, "lists", list_from_yaml, problems, cache, jobs),
    )
    check_references(content, problems)
    for paper in sorted(content.papers.values(), key=lambda p: p.id):
        if paper.needs_metadata:
            problems.add(
                paper.source.path,
                paper.source.line("needs_metadata"),
                "needs "
                "metadata: complete the title, authors and year, then remove "
                "'needs_metadata'",
                warning=True,
            )
    if config is not None:
        for author_id in config.highlight:
            if author_id not in content.authors:
                problems.add(
                    config.path,
                    1,
                    f"highlight: unknown author '{author_id}'; use an id from content/authors/",
                )
    return content, problems


def check_references(content: Content, problems: Problems) -> None:
    """Every author id a paper names and every paper id a list names must exist."""
    for paper in content.papers.values():
        seen: set[str] = set()
        for index, aid in enumerate(paper.authors):
            line = _item_line(paper, index)
            if aid not in content.authors:
                problems.add(
                    paper.source.path,
                    line,
                    f"unknown author '{aid}': there is no "
                    f"content/authors/{aid}.yaml; fix the id or add that author",
                )
            if aid in seen:
                problems.add(paper.source.path, line, f"author '{aid}' is listed twice")
            seen.add(aid)
    for rlist in content.lists.values():
        seen = set()
        for entry in rlist.entries:
            if entry.paper not in content.papers:
                problems.add(
                    rlist.source.path,
                    entry.line,
                    f"unknown paper '{entry.paper}': there "
                    f"is no content/papers/{entry.paper}.yaml; fix the id or add it",
                )
            if entry.paper in seen:
                problems.add(
                    rlist.source.path,
                    entry.line,
                    f"paper '{entry.paper}' is on the list twice; keep one entry",
                )
            seen.add(entry.paper)


def _item_line(paper: Paper, index: int) -> int:
    if index < len(paper.author_lines):
        return paper.author_lines[index]
    return paper.source.line("authors")

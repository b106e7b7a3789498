"""The content folder: read every file, validate each record, check references between them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .config import SiteConfig
from .errors import Problems, UserError
from .load import iter_content_files, load_yaml_file
from .model import (
    Content,
    Paper,
    author_from_yaml,
    check_id,
    list_from_yaml,
    paper_from_yaml,
)

FOLDERS = ("papers", "authors", "lists")

T = TypeVar("T")


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
) -> dict[str, T]:
    records: dict[str, T] = {}
    for path in iter_content_files(site / "content" / folder):
        shown = shown_path(path, site)
        rid = path.stem
        if not check_id(rid):
            problems.add(
                shown,
                0,
                f"'{path.name}' is not a valid file name: ids are lowercase "
                "ASCII words joined by hyphens (such as 'gpt-4-technical-report.yaml'); "
                "rename the file and the references to it",
            )
            continue
        if rid in records:
            problems.add(shown, 0, f"two files have the id '{rid}' (.yaml and .yml); keep one")
            continue
        try:
            data = load_yaml_file(path, shown)
        except UserError as exc:
            problems.extend(exc.problems)
            continue
        record = make(rid, shown, data, problems)
        if record is not None:
            records[rid] = record
    return records


def read_content(site: Path, config: SiteConfig | None = None) -> tuple[Content, Problems]:
    """Read and validate everything under `site/content/`; problems are returned, not raised."""
    problems = Problems()
    content = Content(
        papers=_read_folder(site, "papers", paper_from_yaml, problems),
        authors=_read_folder(site, "authors", author_from_yaml, problems),
        lists=_read_folder(site, "lists", list_from_yaml, problems),
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

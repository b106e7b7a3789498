"""The content folder: read every file, validate each record, check references between them."""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from generator.base.errors import Problem, Problems, UserError
from generator.base.files import Stat, digest
from generator.base.parallel import forked_map
from generator.base.yamlfile import content_files, decode, editor_file, inside, parse_yaml, quote
from generator.model.checks import find_duplicate_papers
from generator.model.config import SiteConfig
from generator.model.records import (
    Content,
    Paper,
    author_from_yaml,
    check_id,
    list_from_yaml,
    page_from_markdown,
    paper_from_yaml,
)

FOLDERS = ("papers", "authors", "lists", "pages")
# the site's own sections (site/render.plan_pages; pagefind/ is the search index, feed.xml
# the site's feed): a free page is at /SLUG/, so none may take one of these
RESERVED_SLUGS = frozenset(("papers", "authors", "lists", "tags", "search", "pagefind", "feed"))
OUTSIDE = "skipped a link to a file outside the site"
SUGGESTED = 50  # unknown ids for which the nearest known one is looked for (each scans all)

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
    # how the cache file spelled each file it was loaded with, reused when saving it again
    encoded: dict[str, tuple[CachedFile, str]] = field(default_factory=dict)


def shown_path(path: Path, site: Path, resolve: bool = True) -> str:
    """A path as the user should see it: relative to the site when inside it. `resolve=False`
    for a link, which is named where it is rather than where it points."""
    try:
        if not resolve:
            return path.absolute().relative_to(site.absolute()).as_posix()
        return str(path.resolve().relative_to(site.resolve()))
    except ValueError:
        return str(path)


def folder_files(folder: Path, root: Path) -> tuple[dict[str, Path], list[Path]]:
    """The files under `folder` (static/ or templates/) by their path relative to it, sorted,
    and apart, the links skipped because their target is outside `root` (resolved: the site,
    or the package's own defaults). Editors' lock and backup files (and dot-files) are left
    out; a link to a folder is followed once (no loops)."""
    files: dict[str, Path] = {}
    skipped: list[Path] = []
    if not folder.is_dir():
        return files, skipped
    if not inside(folder, root):
        return files, [folder]

    def walk(current: Path, prefix: str, ancestors: frozenset[str]) -> None:
        real = os.path.realpath(current)
        if real in ancestors:  # a link back up the tree
            return
        with os.scandir(current) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink() and not inside(path, root):
                skipped.append(path)
                continue
            try:
                if entry.is_dir():
                    walk(path, f"{prefix}{entry.name}/", ancestors | {real})
                elif entry.is_file() and not editor_file(entry.name):
                    files[prefix + entry.name] = path
            except OSError:  # gone since the folder was listed
                continue

    walk(folder, "", frozenset())
    return files, skipped


def site_links_outside(site: Path) -> list[Problem]:
    """A warning for each link in the site's templates/ and static/ whose target is outside the
    site: builds leave them out (render.make_environment, pipeline.static_files)."""
    root = site.resolve()
    found: list[Problem] = []
    for name in ("templates", "static"):
        for path in folder_files(site / name, root)[1]:
            found.append(Problem(shown_path(path, site, resolve=False), 0, OUTSIDE, True))
    return found


def _read_folder(
    site: Path,
    folder: str,
    make: Callable[[str, str, Any, Problems], T | None],
    problems: Problems,
    cache: ParsedFiles,
    jobs: int | None,
    markdown: bool = False,
) -> dict[str, T]:
    """The records of one folder: YAML files, or with `markdown` the .md files of free pages.
    The cache keeps the files read; a file no longer there is dropped from it. Links to files
    outside the site are skipped, with a warning."""
    found: dict[str, tuple[str, str, Stat]] = {}  # id -> file, as shown, stat
    skipped: list[str] = []
    where = site / "content" / folder
    root = site.resolve()
    if where.is_dir() and not inside(where, root):
        problems.add(f"content/{folder}", 0, OUTSIDE.replace("a file", "a folder"), warning=True)
    suffixes = (".md",) if markdown else (".yaml", ".yml")
    for name, path, stat in content_files(where, root, skipped, suffixes):
        shown = f"content/{folder}/{name}"  # as shown_path gives it, without resolving
        rid = name.rpartition(".")[0]
        if not check_id(rid):
            example = "'about-us.md'" if markdown else "'gpt-4-technical-report.yaml'"
            what = "its address" if markdown else "the references to it"
            problems.add(
                shown,
                0,
                f"'{quote(name)}' is not a valid file name: ids are lowercase "
                f"ASCII words joined by hyphens (such as {example}); "
                f"rename the file and {what}",
            )
        elif markdown and rid in RESERVED_SLUGS:
            problems.add(
                shown,
                0,
                f"a page named '{rid}' would take the address /{rid}/, which the site's own "
                f"pages use; rename the file (such as 'about-{rid}.md')",
            )
        elif rid in found:
            problems.add(shown, 0, f"two files have the id '{rid}' (.yaml and .yml); keep one")
        else:
            found[rid] = (path, shown, stat)
    for name in skipped:
        problems.add(f"content/{folder}/{name}", 0, OUTSIDE, warning=True)
    changed = [
        (rid, path, shown, stat)
        for rid, (path, shown, stat) in found.items()
        if (known := cache.files.get(path)) is None or known.stat != stat
    ]

    def parse(file: tuple[str, str, str, Stat]) -> CachedFile:
        rid, path, shown, stat = file
        return read_file(Path(path), shown, rid, make, stat, markdown)

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
    path: Path,
    shown: str,
    rid: str,
    make: Callable[[str, str, Any, Problems], Any],
    stat: Stat,
    markdown: bool = False,
) -> CachedFile:
    """Parse and validate one content file; its problems are kept with it for the next build.
    `make` gets the YAML read, or with `markdown` the text (a page reads its own front matter)."""
    found = Problems()
    try:
        data = path.read_bytes()
        text = decode(data, shown)
        record = make(rid, shown, text if markdown else parse_yaml(text, shown), found)
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
        pages=_read_folder(site, "pages", page_from_markdown, problems, cache, jobs, True),
    )
    check_references(content, problems)
    find_duplicate_papers(content, problems)
    problems.extend(site_links_outside(site))
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
    """Every author id a paper names and every paper id a list names must exist; an unknown
    one is told the nearest known id."""
    unknown: dict[str, str] = {}  # unknown author id -> the nearest known one ('' for none)
    for paper in content.papers.values():
        for role, ids in (("author", paper.authors), ("editor", paper.editors)):
            seen: set[str] = set()
            for index, aid in enumerate(ids):
                line = _item_line(paper, role, index)
                if aid not in content.authors:
                    nearest = _nearest(aid, content.authors, unknown)
                    problems.add(
                        paper.source.path,
                        line,
                        f"unknown {role} '{aid}': there is no content/authors/{aid}.yaml; "
                        + (f"did you mean '{nearest}'? " if nearest else "")
                        + f"fix the id or add that {'author' if role == 'author' else 'person'}",
                    )
                if aid in seen:
                    problems.add(paper.source.path, line, f"{role} '{aid}' is listed twice")
                seen.add(aid)
    unknown = {}  # likewise for paper ids
    for rlist in content.lists.values():
        seen = set()
        for entry in rlist.entries:
            if entry.paper not in content.papers:
                nearest = _nearest(entry.paper, content.papers, unknown)
                problems.add(
                    rlist.source.path,
                    entry.line,
                    f"unknown paper '{entry.paper}': there "
                    f"is no content/papers/{entry.paper}.yaml; "
                    + (f"did you mean '{nearest}'? " if nearest else "")
                    + "fix the id or add it",
                )
            if entry.paper in seen:
                problems.add(
                    rlist.source.path,
                    entry.line,
                    f"paper '{entry.paper}' is on the list twice; keep one entry",
                )
            seen.add(entry.paper)


def _nearest(rid: str, known: Any, asked: dict[str, str]) -> str:
    """The known id spelled most like `rid` (difflib), or ''. Each lookup reads every id, so
    only the first SUGGESTED unknown ids are looked up."""
    if rid not in asked and len(asked) < SUGGESTED:
        close = difflib.get_close_matches(rid, known, n=1, cutoff=0.6)
        asked[rid] = close[0] if close else ""
    return asked.get(rid, "")


def _item_line(paper: Paper, role: str, index: int) -> int:
    lines = paper.author_lines if role == "author" else paper.editor_lines
    if index < len(lines):
        return lines[index]
    return paper.source.line(f"{role}s")

"""build(): the whole pipeline in one screen. Read this first.

    load_config -> read_content -> resolve -> render -> write (-> search index)

Each stage collects all of its problems; the pipeline stops after the first stage that has any,
and the output folder is only replaced once every page has been rendered and indexed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .cache import (
    BuildCache,
    Fingerprints,
    Stat,
    cache_key,
    digest,
    load,
    load_summary,
    save,
    scan,
    stat_of,
)
from .config import CONFIG_FILE, SiteConfig, load_config
from .default_files import default_folder
from .errors import UserError
from .write import check_output_folder, update_site, write_files, write_site

if TYPE_CHECKING:  # loaded lazily below, so that a no-op build stays fast
    import jinja2

    from .model import Content
    from .resolve import Links


@dataclass(frozen=True)
class BuildReport:
    """What a build did."""

    out: Path
    files: int  # files written (all of them for a full build, the changed ones otherwise)
    pages: int  # pages the site has
    seconds: float
    warnings: tuple[str, ...] = ()
    rendered: int = 0  # pages rendered by this build (0: nothing had changed)


def static_files(site: Path) -> dict[str, Path]:
    """Static files to copy: the defaults, then the site's own static/ file by file on top."""
    files: dict[str, Path] = {}
    for folder in (default_folder("static"), site / "static"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    files[path.relative_to(folder).as_posix()] = path
    return files


def input_stats(site: Path) -> dict[str, Stat]:
    """Every file a build reads, with its size and mtime."""
    folders = [site / "content", site / "templates", site / "static"]
    folders += [default_folder("templates"), default_folder("static")]
    return scan(folders, [site / CONFIG_FILE])


def templates_digest(site: Path) -> str:
    """One digest of every template a page may use: a changed template re-renders all pages."""
    folders = [site / "templates", default_folder("templates")]
    files = sorted(p for f in folders if f.is_dir() for p in f.rglob("*") if p.is_file())
    return digest(*(f"{p}\0" for p in files), *(p.read_bytes() for p in files))


@dataclass
class Live:
    """What `serve` keeps of its last build, to show an edited paper before the rebuild."""

    config: SiteConfig
    content: Content
    links: Links
    keys: dict[str, str]
    env: jinja2.Environment


def paper_first(site: Path, out: Path, cache: BuildCache, path: Path) -> int:
    """`serve`: rewrite the pages of one edited paper from the last build's state, in a few
    milliseconds, before the rebuild that brings every other page up to date. Returns the
    files written: 0 when the edit needs more than its own pages (a new paper, an unknown
    author, an error), which the rebuild then handles and reports.
    """
    from .cite import base_key, cite_keys
    from .content import read_file
    from .model import paper_from_yaml
    from .render import paper_pages, render_pages, site_globals

    live: Live | None = cache.live
    pid = path.stem
    if live is None or path.parent != site / "content" / "papers" or pid not in live.content.papers:
        return 0
    read = read_file(path, f"content/papers/{path.name}", pid, paper_from_yaml, stat_of(path))
    paper = read.record
    if paper is None or any(not p.warning for p in read.problems):
        return 0
    if any(aid not in live.content.authors for aid in paper.authors):
        return 0
    content = replace(live.content, papers={**live.content.papers, pid: paper})
    keys = live.keys
    if base_key(paper, content.authors) != base_key(live.content.papers[pid], content.authors):
        keys = cite_keys(content)
    pages = paper_pages(paper)
    rendered = render_pages(live.env, pages, site_globals(live.config, content, live.links, keys))
    return update_site(out, list(rendered), [], {})


def build(
    site: Path,
    out: Path | None = None,
    base_url: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cache: BuildCache | None = None,
    jobs: int | None = None,
) -> BuildReport:
    """Build the site in `site` into `out` (default site/_site), redoing only what changed.

    `cache` is for `serve`, which keeps one in memory; otherwise it is read from and saved to
    SITE/.readinglist-cache/. `jobs`: processes rendering a full build (default: one per core).
    """
    started = time.perf_counter()
    out = out or site / "_site"
    check_output_folder(out, site)
    config = load_config(site)
    if base_url:
        config = config.with_base_url(base_url)
    key = cache_key(out, config.base_url)
    inputs = input_stats(site)
    has_output = (out / ".nojekyll").is_file()  # a complete earlier build is there
    keep = cache is None or cache.key != key
    if keep:
        summary = load_summary(site, key)  # small: an unchanged site is not even loaded
        if has_output and summary and summary.inputs == inputs:  # nothing changed
            return BuildReport(
                out, 0, summary.pages, time.perf_counter() - started, summary.warnings
            )
        cache = load(site, key)
    assert cache is not None
    if has_output and inputs == cache.inputs:  # nothing changed (serve's cache in memory)
        return BuildReport(
            out, 0, len(cache.pages), time.perf_counter() - started, tuple(cache.warnings)
        )
    # the rest is needed only when something changed: loaded here, a no-op build stays fast
    from .cite import cite_keys
    from .content import read_content
    from .render import (
        make_environment,
        plan_pages,
        render_pages,
        render_to_folder,
        site_globals,
    )
    from .resolve import resolve
    from .search import SEARCHABLE, index_site, reindex_site

    content, problems = read_content(site, config, cache, jobs)
    problems.raise_if_errors()
    links = resolve(content, config.coauthor_max_authors)
    pages = plan_pages(content, links, config)
    keys = cite_keys(content)
    fingerprints = Fingerprints(content, links, keys, cache.digests).of(pages)
    # every page shows the settings and templates: when they change, everything is rendered
    settings = digest(repr(config), templates_digest(site), __version__)
    full = not cache.pages or not has_output or cache.settings != settings
    todo = pages if full else [p for p in pages if cache.pages.get(p.path) != fingerprints[p.path]]
    if len(todo) * 2 > len(pages):  # most pages change: a full build is faster, on every core
        full, todo = True, pages
    env = make_environment(site)
    globals_ = site_globals(config, content, links, keys)
    statics = static_files(site)
    copies = {rel: f"{path}:{stat_of(path)}" for rel, path in statics.items()}
    if full:
        # .nojekyll: GitHub Pages must not run Jekyll over the output; the search index is
        # made from the written pages, in the staging folder, before it replaces the old output
        def write(staging: Path) -> int:
            nojekyll = write_files(staging, [(".nojekyll", b"")])
            return nojekyll + render_to_folder(env, todo, globals_, staging, progress, jobs)

        files = write_site(out, write, statics, index_site if config.search else None)
    else:
        # every page rendered before any file is touched
        new_pages = list(render_pages(env, todo, globals_, progress))
        removed = [path for path in cache.pages if path not in fingerprints]
        removed += [path for path in cache.copies if path not in copies]
        changed = {rel: statics[rel] for rel in copies if cache.copies.get(rel) != copies[rel]}
        searchable = config.search and (
            any(p.split("/", 1)[0] in SEARCHABLE for p, _ in new_pages) or bool(removed)
        )
        files = update_site(out, new_pages, removed, changed, reindex_site if searchable else None)
    cache.inputs, cache.pages, cache.copies = inputs, fingerprints, copies
    cache.settings = settings
    cache.warnings = [str(p) for p in problems.warnings]
    if keep:
        save(site, cache)
    else:  # serve: what paper_first needs to rewrite an edited paper's pages at once
        cache.live = Live(config, content, links, keys, env)
    return BuildReport(
        out, files, len(pages), time.perf_counter() - started, tuple(cache.warnings), len(todo)
    )


__all__ = ["BuildReport", "UserError", "build"]

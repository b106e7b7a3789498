"""build(): the whole pipeline in one screen. Read this first.

    load_config -> read_content -> resolve -> plan pages -> render -> write (-> search index)

Each stage collects all of its problems; the pipeline stops after the first stage that has any,
and the output folder is only replaced once every page has been rendered and indexed. What a
rebuild may skip is decided by one object, Increment (build/increment.py).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.base.errors import Problem, UserError
from generator.build.cache import BuildCache
from generator.build.increment import Increment
from generator.build.output import (
    check_output_folder,
    recover_output,
    update_site,
    write_files,
    write_site,
)
from generator.model.config import load_config
from generator.model.defaults import default_folder


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
    """Static files to copy: the defaults, then the site's own static/ file by file on top.

    Editors' lock and backup files and dot-files are left out, and so is a link whose target
    is outside the site (or, for the defaults, outside the package's own folder): reading the
    content warns about each (model/reading.py)."""
    from generator.model.reading import folder_files

    defaults = default_folder("static")
    files = folder_files(defaults, defaults.resolve())[0]
    files.update(folder_files(site / "static", site.resolve())[0])
    return files


def pages_over_static(pages: Iterable[str], statics: Iterable[str]) -> list[Problem]:
    """An error for each free page whose address a static file takes (static/about/...)."""
    tops = {rel.split("/", 1)[0] for rel in statics}
    return [
        Problem(
            f"content/pages/{slug}.md",
            0,
            f"the page's address /{slug}/ is taken by static/{slug}; rename one of them",
        )
        for slug in sorted(pages)
        if slug in tops
    ]


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
    recover_output(out)  # first: finish or undo what a killed build left (then builds in full)
    config = load_config(site)
    if base_url:
        config = config.with_base_url(base_url)
    increment = Increment(site, out, config, cache)
    if (unchanged := increment.unchanged()) is not None:
        pages_count, warnings = unchanged
        return BuildReport(out, 0, pages_count, time.perf_counter() - started, warnings)
    # the rest is needed only when something changed: imported here, a no-op build stays fast
    from generator.build.fingerprints import Fingerprints
    from generator.build.live import Live
    from generator.build.rendering import render_to_folder
    from generator.model.reading import read_content
    from generator.site.cite import cite_keys
    from generator.site.links import resolve
    from generator.site.render import (
        make_environment,
        nav_pages,
        plan_pages,
        render_pages,
        site_globals,
    )
    from generator.site.search import SEARCHABLE, index_site, reindex_site

    content, problems = read_content(site, config, increment.cache.parsed, jobs)
    statics = static_files(site)
    problems.extend(pages_over_static(content.pages, statics))
    problems.raise_if_errors()
    links = resolve(content, config.coauthor_max_authors)
    keys = cite_keys(content)
    pages = plan_pages(content, links, config)
    digests = increment.cache.parsed.digests
    fingerprints = Fingerprints(content, links, keys, digests).of(pages)
    todo = increment.pages_to_render(pages, fingerprints, nav_pages(content.pages.values()))
    env = make_environment(site)
    globals_ = site_globals(config, content, links, keys)
    copies = increment.copy_changes(statics)
    slugs = sorted(content.pages)  # free pages are searched too
    if increment.full:
        # .nojekyll: GitHub Pages must not run Jekyll over the output; the search index is
        # made from the written pages, in the staging folder, before it replaces the old output
        def write(staging: Path) -> int:
            nojekyll = write_files(staging, [(".nojekyll", b"")])
            return nojekyll + render_to_folder(env, todo, globals_, staging, progress, jobs)

        index = functools.partial(index_site, pages=slugs) if config.search else None
        files = write_site(out, write, copies, index)
    else:
        new_pages = list(render_pages(env, todo, globals_, progress))  # before any file changes
        removed = increment.removed()
        searchable = config.search and (
            any(p.split("/", 1)[0] in (*SEARCHABLE, *slugs) for p, _ in new_pages) or bool(removed)
        )
        reindex = functools.partial(reindex_site, pages=slugs) if searchable else None
        files = update_site(out, new_pages, removed, copies, reindex)
    kept = increment.done([str(p) for p in problems.warnings])
    if not increment.on_disk:  # serve: what paper_first needs to rewrite an edited paper at once
        kept.live = Live(config, content, links, keys, env)
    return BuildReport(
        out, files, len(pages), time.perf_counter() - started, tuple(kept.warnings), len(todo)
    )


__all__ = ["BuildReport", "UserError", "build"]

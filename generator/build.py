"""build(): the whole pipeline in one screen. Read this first.

    load_config -> read_content -> resolve -> render -> write (-> search index)

Each stage collects all of its problems; the pipeline stops after the first stage that has any,
and the output folder is only replaced once every page has been rendered and indexed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from .config import load_config
from .content import read_content
from .errors import UserError
from .render import default_folder, make_environment, plan_pages, render_pages, site_globals
from .resolve import resolve
from .search import index_site
from .write import check_output_folder, write_site


@dataclass(frozen=True)
class BuildReport:
    """What a build did."""

    out: Path
    files: int
    pages: int
    seconds: float
    warnings: tuple[str, ...] = ()


def static_files(site: Path) -> dict[str, Path]:
    """Static files to copy: the defaults, then the site's own static/ file by file on top."""
    files: dict[str, Path] = {}
    for folder in (default_folder("static"), site / "static"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    files[path.relative_to(folder).as_posix()] = path
    return files


def build(
    site: Path,
    out: Path | None = None,
    base_url: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Build the site in `site` into `out` (default site/_site)."""
    started = time.perf_counter()
    out = out or site / "_site"
    check_output_folder(out, site)
    config = load_config(site)
    if base_url:
        config = config.with_base_url(base_url)
    content, problems = read_content(site, config)
    problems.raise_if_errors()
    links = resolve(content)
    pages = plan_pages(content, links, config)
    env = make_environment(site)
    rendered = render_pages(env, pages, site_globals(config, content, links, pages), progress)
    # .nojekyll: GitHub Pages must not run Jekyll over the output; the search index is made
    # from the written pages, in the staging folder, before it replaces the old output
    files = write_site(
        out, chain([(".nojekyll", b"")], rendered), static_files(site), finish=index_site
    )
    return BuildReport(
        out=out,
        files=files,
        pages=len(pages),
        seconds=time.perf_counter() - started,
        warnings=tuple(str(p) for p in problems.warnings),
    )


__all__ = ["BuildReport", "UserError", "build"]

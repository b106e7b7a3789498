"""A full build's rendering: pages rendered on every core, each process writing its share
straight into the staging folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from generator.base.parallel import in_processes, processes
from generator.build.output import write_files
from generator.site.render import Page, render_pages


def render_to_folder(
    env: jinja2.Environment,
    pages: list[Page],
    globals_: dict[str, Any],
    folder: Path,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
) -> int:
    """Render pages into a new folder (write_site's staging folder), on every core or `jobs`
    processes: forked processes each render and write a share of the pages. Returns the files
    written; the template errors of every process are reported together."""
    workers = _workers(len(pages), jobs)
    shares: list[list[Page]] = [[] for _ in range(workers)]
    records: dict[str, int] = {}  # a record's pages go together, records in turn
    for page in pages:
        shares[records.setdefault(page.path.rpartition("/")[0], len(records) % workers)].append(
            page
        )

    def scaled(done: int, total: int) -> None:  # this process renders a share of the pages
        if progress is not None:
            progress(min(done * len(pages) // total, len(pages)), len(pages))

    def share(n: int) -> int:
        report = progress if workers == 1 else scaled if n == 0 else None
        return write_files(folder, render_pages(env, shares[n], globals_, report))

    return sum(in_processes(share, workers))


def _workers(pages: int, jobs: int | None = None) -> int:
    """How many processes render (tests replace this to fork on small sites)."""
    return processes(pages, jobs)

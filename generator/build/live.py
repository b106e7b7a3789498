"""`serve`'s shortcut: an edited paper's pages rendered from the last build's state in a few
milliseconds, and shown before the rebuild that brings every other page up to date.

Nothing here writes: `serve` shows the pages from memory until a rebuild that began after them
has written the output folder, whose only writer is that rebuild."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from generator.base.files import stat_of
from generator.build.cache import BuildCache
from generator.model.config import SiteConfig
from generator.model.reading import read_file
from generator.model.records import Content, paper_from_yaml
from generator.site.cite import base_key, cite_keys
from generator.site.links import Links
from generator.site.render import paper_pages, render_pages, site_globals


@dataclass
class Live:
    """What `serve` keeps of its last build, to show an edited paper before the rebuild."""

    config: SiteConfig
    content: Content
    links: Links
    keys: dict[str, str]
    env: jinja2.Environment


def paper_first(site: Path, cache: BuildCache, path: Path) -> list[tuple[str, bytes]]:
    """`serve`: the pages of one edited paper (output path, bytes), rendered from the last
    build's state in a few milliseconds, before the rebuild that brings every other page up to
    date. Empty when the edit needs more than its own pages (a new paper, an unknown author, an
    error), which the rebuild then handles and reports.
    """
    live: Live | None = cache.live
    pid = path.stem
    if live is None or path.parent != site / "content" / "papers" or pid not in live.content.papers:
        return []
    read = read_file(path, f"content/papers/{path.name}", pid, paper_from_yaml, stat_of(path))
    paper = read.record
    if paper is None or any(not p.warning for p in read.problems):
        return []
    if any(aid not in live.content.authors for aid in paper.authors):
        return []
    content = replace(live.content, papers={**live.content.papers, pid: paper})
    keys = live.keys
    if base_key(paper, content.authors) != base_key(live.content.papers[pid], content.authors):
        keys = cite_keys(content)
    pages = paper_pages(paper)
    rendered = render_pages(live.env, pages, site_globals(live.config, content, live.links, keys))
    return list(rendered)

"""The build cache: what one build leaves for the next, so that a rebuild does only what changed.

It holds, for one output folder:
- the size and mtime of every input file: when none changed, there is nothing to do;
- each content file's parsed record, problems and digest: unchanged files are not parsed again;
- each output page's fingerprint: a digest of the records the page shows (its own, and those
  it links to), so that only pages whose fingerprint changed are rendered again; and one digest
  of the settings, every template and the version, which every page shows: when it changes,
  everything is. A clean build gives the same bytes: the tests compare them.

The cache lives in SITE/.readinglist-cache/ (one file per output folder and base URL) and is
only written after a build succeeded. Anything unreadable in it means a full build.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import Problem

if TYPE_CHECKING:  # only for type hints: resolve imports what imports this module
    from .meta import Pager
    from .model import Content
    from .render import Page
    from .resolve import Links

CACHE_DIR = ".readinglist-cache"
FORMAT = 4  # bump when what the cache holds, or how fingerprints are made, changes

Stat = tuple[int, int]  # (mtime in ns, size)


def digest(*parts: str | bytes) -> str:
    """A short digest of several strings or byte strings."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


@dataclass(slots=True)
class CachedFile:
    """One content file as the last build read it."""

    stat: Stat
    digest: str
    record: Any  # Paper, Author, ReadingList or None when unusable
    problems: list[Problem]


@dataclass
class BuildCache:
    """What a build of one output folder leaves for the next."""

    key: str = ""
    inputs: dict[str, Stat] = field(default_factory=dict)
    files: dict[str, CachedFile] = field(default_factory=dict)  # content path -> file
    pages: dict[str, str] = field(default_factory=dict)  # output path -> fingerprint
    copies: dict[str, str] = field(default_factory=dict)  # static output path -> source+stat
    warnings: list[str] = field(default_factory=list)
    settings: str = ""  # digest of site.yaml, templates, version: a change means a full build
    digests: dict[tuple[str, str], str] = field(default_factory=dict)  # (folder, id) -> digest
    live: Any = None  # serve only, never saved: what the last build resolved (build.Live)


def cache_key(out: Path, base_url: str) -> str:
    """Which output a cache belongs to: the folder, the address and this version."""
    return digest(str(out.resolve()), base_url, __version__, str(FORMAT))


def cache_file(site: Path, key: str) -> Path:
    """Where the cache of one output folder is kept."""
    return site / CACHE_DIR / f"{key}.pickle"


def load(site: Path, key: str) -> BuildCache:
    """The cache the last successful build left, or an empty one."""
    path = cache_file(site, key)
    try:
        with path.open("rb") as handle:
            cache = pickle.load(handle)  # our own file, written below
    except Exception:  # missing, truncated, from another version: build in full
        return BuildCache(key=key)
    return cache if isinstance(cache, BuildCache) and cache.key == key else BuildCache(key=key)


@dataclass(frozen=True)
class Summary:
    """The little a build needs to see that nothing changed, kept apart from the big cache so
    that an unchanged site is not even loaded."""

    key: str
    inputs: dict[str, Stat]
    pages: int
    warnings: tuple[str, ...]


def load_summary(site: Path, key: str) -> Summary | None:
    """The summary of the last successful build, if there is one for this output."""
    try:
        with cache_file(site, key).with_suffix(".summary").open("rb") as handle:
            summary = pickle.load(handle)  # our own file, written below
    except Exception:
        return None
    return summary if isinstance(summary, Summary) and summary.key == key else None


def save(site: Path, cache: BuildCache) -> None:
    """Keep the cache and its summary for the next build (each written aside, then renamed)."""
    path = cache_file(site, cache.key)
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
    summary = Summary(cache.key, cache.inputs, len(cache.pages), tuple(cache.warnings))
    summary_path = path.with_suffix(".summary")
    summary_path.unlink(missing_ok=True)  # never a summary newer than its cache
    for target, data in ((path, cache), (summary_path, summary)):
        temp = target.with_suffix(f".{os.getpid()}.tmp")
        with temp.open("wb") as handle:
            pickler = pickle.Pickler(handle, protocol=pickle.HIGHEST_PROTOCOL)
            # no memo of every object written (about 600 MB at 100k papers): nothing in the
            # cache refers to itself, and the few strings it holds twice are written twice
            pickler.fast = True
            pickler.dump(data)
        temp.replace(target)


def forget(site: Path, key: str) -> None:
    """Drop a cache (serve keeps its own in memory and must not leave a stale one behind)."""
    for path in (cache_file(site, key).with_suffix(".summary"), cache_file(site, key)):
        with contextlib.suppress(OSError):
            path.unlink()


def stat_of(path: Path) -> Stat:
    """The (mtime, size) an input is compared by."""
    info = path.stat()
    return (info.st_mtime_ns, info.st_size)


def scan(folders: Iterable[Path], files: Iterable[Path]) -> dict[str, Stat]:
    """The stat of every input: all files under the folders, and the single files."""
    found: dict[str, Stat] = {}
    stack = [str(folder) for folder in folders if folder.is_dir()]
    while stack:  # os.scandir with plain strings: about twice as fast as os.walk and Path
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    info = entry.stat()
                    found[entry.path] = (info.st_mtime_ns, info.st_size)
    for path in files:
        if path.is_file():
            found[str(path)] = stat_of(path)
    return found


class Fingerprints:
    """The digest of everything each page shows, from the digests of the records."""

    def __init__(
        self,
        content: Content,
        links: Links,
        keys: Mapping[str, str],
        record_digests: Mapping[tuple[str, str], str],
    ) -> None:
        self.content = content
        self.links = links
        self.d = record_digests
        self.keys = keys
        self._paper: dict[str, str] = {}
        self._record: dict[tuple[str, str], str] = {}
        self._whole = ""

    def paper(self, pid: str) -> str:
        """A paper as other pages show it: its record, its cite key, its authors' names."""
        if pid not in self._paper:
            paper = self.content.papers[pid]
            authors = (self.d["authors", a] for a in paper.authors)
            self._paper[pid] = digest(self.d["papers", pid], self.keys[pid], *authors)
        return self._paper[pid]

    def of(self, pages: Iterable[Page]) -> dict[str, str]:
        """Each page's path and fingerprint (the digests of records made on the way go with
        this object)."""
        return {page.path: self.page(page) for page in pages}

    def page(self, page: Page) -> str:
        """The fingerprint of one output page, chosen by the part of the site it is in."""
        path = page.path
        pager: Pager | None = page.context.get("pager")
        if pager is not None:  # a page of an index: an edit re-renders only the pages it is on
            return self._index(pager, page.context)
        addresses = page.context.get("urls") or page.context.get("sitemaps")
        if addresses:  # a sitemap shows the addresses of pages, not what they show
            return digest(page.template, *addresses)
        kind, _, rest = path.partition("/")
        rid = rest.split("/", 1)[0]
        key = (kind, rid) if kind in ("papers", "authors", "lists") else ("", "")
        if key not in self._record:  # an author's page, exports and feed share this part
            self._record[key] = self._shown(kind, rid)
        return self._record[key]  # one string for all of a record's pages

    def _shown(self, kind: str, rid: str) -> str:
        """A digest of what the pages of one record show."""
        if kind == "papers" and rid in self.content.papers:
            lists = (self.d["lists", lid] for lid in self.links.lists_of.get(rid, ()))
            return digest(self.paper(rid), *lists)
        if kind == "authors" and rid in self.content.authors:
            # a paper's digest has its authors' too: the co-authors, their names and the
            # papers shared follow from the author's papers
            papers = (pid + self.paper(pid) for pid in self.links.papers_of.get(rid, ()))
            return digest(self.d["authors", rid], *papers)
        if kind == "lists" and rid in self.content.lists:
            entries = (e.paper + self.paper(e.paper) for e in self.content.lists[rid].entries)
            return digest(self.d["lists", rid], *entries)
        return self.whole_site()

    def _index(self, pager: Pager, context: Mapping[str, Any]) -> str:
        """A digest of what one page of the papers or authors index shows."""
        letters = sorted(context.get("letters", {}).items())  # the A–Z links' pages
        where = f"{pager.number}/{pager.count}/{pager.total}/{letters}"
        if pager.section == "papers/":  # each paper's item: its title, authors, year, venue
            return digest(where, *(pid + self.paper(pid) for pid in pager.ids))
        papers = self.links.papers_of  # each author's name and number of papers
        names = (f"{aid}:{len(papers.get(aid, ()))}:{self.d['authors', aid]}" for aid in pager.ids)
        return digest(where, *names)

    def whole_site(self) -> str:
        """Index pages, feeds and the sitemap show (a little of) everything."""
        if not self._whole:
            records = (f"{kind}/{rid}/{d}" for (kind, rid), d in sorted(self.d.items()))
            keys = (f"{pid}={key}" for pid, key in sorted(self.keys.items()))
            self._whole = digest(*records, *keys)
        return self._whole

"""What a build may skip: the inputs compared with what the last build left (build/cache.py),
and which pages must be rendered again, by their fingerprints (build/fingerprints.py)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.base.files import Stat, digest, scan, stat_of
from generator.build.cache import BuildCache, cache_key, load, load_summary, save
from generator.model.config import CONFIG_FILE, SiteConfig
from generator.model.defaults import default_folder
from generator.model.reading import folder_files

if TYPE_CHECKING:  # a no-op build does not load the renderer
    from generator.site.render import Page


def input_stats(site: Path) -> dict[str, Stat]:
    """Every file a build reads, with its size and mtime."""
    folders = [site / "content", site / "templates", site / "static"]
    folders += [default_folder("templates"), default_folder("static")]
    return scan(folders, [site / CONFIG_FILE])


def templates_digest(site: Path) -> str:
    """One digest of every template a page may use: a changed template re-renders all pages.
    Only what the loader reads: no link out of the site, no editor's backup file."""
    defaults = default_folder("templates")
    found = [
        path
        for folder, root in ((site / "templates", site.resolve()), (defaults, defaults.resolve()))
        for path in folder_files(folder, root)[0].values()
    ]
    files = sorted(found)
    return digest(*(f"{p}\0" for p in files), *(p.read_bytes() for p in files))


def output_folders(out: Path, files: Iterable[str]) -> dict[str, int]:
    """The mtime of every folder holding the given output files, and of their parents: a file
    deleted from a folder changes the folder's mtime."""
    folders = {""}
    for path in files:
        folder = path.rpartition("/")[0]
        while folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    found: dict[str, int] = {}
    base = str(out)
    for folder in folders:
        try:
            found[folder] = os.stat(f"{base}/{folder}").st_mtime_ns  # noqa: PTH116 - 20k folders: plain strings
        except OSError:
            continue
    return found


def output_intact(out: Path, folders: Mapping[str, int]) -> bool:
    """Whether every output folder is as the last build left it (nothing deleted by hand)."""
    base = str(out)
    try:
        stats = (os.stat(f"{base}/{f}").st_mtime_ns == t for f, t in folders.items())  # noqa: PTH116
        return all(stats)
    except OSError:
        return False


class Increment:
    """One build's bookkeeping: did anything change, which pages to render, what to delete.

    `serve` passes the cache it keeps in memory; otherwise the cache is read from and saved to
    SITE/.readinglist-cache/, and only once a build succeeded.
    """

    def __init__(self, site: Path, out: Path, config: SiteConfig, cache: BuildCache | None):
        self.site = site
        self.out = out
        self.key = cache_key(out, config.base_url)
        self.inputs = input_stats(site)
        self.has_output = (out / ".nojekyll").is_file()  # a complete earlier build is there
        self.on_disk = cache is None or cache.key != self.key
        self.cache = BuildCache(key=self.key) if cache is None or self.on_disk else cache
        self.config = config
        self.settings = ""
        self.full = True
        self.fingerprints: dict[str, str] = {}
        self.copies: dict[str, str] = {}

    def unchanged(self) -> tuple[int, tuple[str, ...]] | None:
        """The last build's page count and warnings when no input changed since, else None."""
        if self.on_disk:
            summary = load_summary(self.site, self.key)  # small: an unchanged site not loaded
            if self.has_output and summary and summary.inputs == self.inputs:
                if output_intact(self.out, summary.outputs):
                    return summary.pages, summary.warnings
                self.has_output = False  # a file was deleted from the output: build in full
            self.cache = load(self.site, self.key)
        if self.has_output and not output_intact(self.out, self.cache.outputs):
            self.has_output = False
        if self.has_output and self.inputs == self.cache.inputs:  # serve's cache in memory
            return len(self.cache.pages), tuple(self.cache.warnings)
        return None

    def pages_to_render(
        self, pages: list[Page], fingerprints: dict[str, str], nav: object = ()
    ) -> list[Page]:
        """The pages whose fingerprint changed; all of them when most did, or when the
        settings, templates or navigation (the free pages it links) did: every page shows
        those."""
        cache = self.cache
        self.fingerprints = fingerprints
        self.settings = digest(
            repr(self.config), templates_digest(self.site), __version__, repr(nav)
        )
        self.full = not cache.pages or not self.has_output or cache.settings != self.settings
        if self.full:
            return pages
        todo = [p for p in pages if cache.pages.get(p.path) != fingerprints[p.path]]
        if len(todo) * 2 > len(pages):  # most pages change: a full build is faster, on every core
            self.full = True
            return pages
        return todo

    def copy_changes(self, statics: Mapping[str, Path]) -> dict[str, Path]:
        """The static files to copy again: all for a full build, else the changed ones."""
        self.copies = {rel: f"{path}:{stat_of(path)}" for rel, path in statics.items()}
        if self.full:
            return dict(statics)
        known = self.cache.copies
        return {rel: statics[rel] for rel, copy in self.copies.items() if known.get(rel) != copy}

    def removed(self) -> list[str]:
        """Output files of the last build that this one no longer makes."""
        gone = [path for path in self.cache.pages if path not in self.fingerprints]
        return gone + [path for path in self.cache.copies if path not in self.copies]

    def done(self, warnings: list[str]) -> BuildCache:
        """Record what this build made; the cache is saved unless serve keeps it in memory."""
        cache = self.cache
        cache.inputs, cache.pages, cache.copies = self.inputs, self.fingerprints, self.copies
        cache.settings = self.settings
        cache.warnings = warnings
        # the pages, static files, and the search index's folder (its files are not ours)
        written = [*self.fingerprints, *self.copies, "pagefind/index", ".nojekyll"]
        cache.outputs = output_folders(self.out, written)
        if self.on_disk and (problem := save(self.site, cache)):
            cache.warnings = [*warnings, problem]
        return cache

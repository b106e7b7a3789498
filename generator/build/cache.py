"""The build cache: what one build leaves for the next, so that a rebuild does only what changed.

It holds, for one output folder:
- the size and mtime of every input file: when none changed, there is nothing to do;
- each content file's parsed record, problems and digest: unchanged files are not parsed again;
- each output page's fingerprint (build/fingerprints.py), so that only pages whose fingerprint
  changed are rendered again; and one digest of the settings, every template and the version,
  which every page shows: when it changes, everything is. A clean build gives the same bytes:
  the tests compare them.

The cache lives in SITE/.readinglist-cache/ (one file per output folder and base URL) and is
only written after a build succeeded. Anything unreadable in it means a full build.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import __version__
from generator.base.files import Stat, digest
from generator.model.reading import ParsedFiles

CACHE_DIR = ".readinglist-cache"
FORMAT = 5  # bump when what the cache holds, or how fingerprints are made, changes


@dataclass
class BuildCache:
    """What a build of one output folder leaves for the next."""

    key: str = ""
    inputs: dict[str, Stat] = field(default_factory=dict)
    parsed: ParsedFiles = field(default_factory=ParsedFiles)  # content files, parsed
    pages: dict[str, str] = field(default_factory=dict)  # output path -> fingerprint
    copies: dict[str, str] = field(default_factory=dict)  # static output path -> source+stat
    warnings: list[str] = field(default_factory=list)
    settings: str = ""  # digest of site.yaml, templates, version: a change means a full build
    live: Any = None  # serve only, never saved: what the last build resolved (live.Live)


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

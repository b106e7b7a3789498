"""Search: the Pagefind index of a built site, and the name spellings only the index sees.

Pagefind (`pagefind[extended]` from PyPI, whose wheel ships the binary) reads the built HTML
and writes OUT/pagefind/: the index and pagefind.js, which templates/search.html loads.
It indexes only what the templates mark with `data-pagefind-body`: paper, author, list and free
pages.

The search page filters results by type and year from FACETS, a file written beside the index:
each page's type and year by Pagefind's page id. Pagefind's own filters (`data-pagefind-filter`)
would do it, but Pagefind 1.5 writes their files in an order that changes from run to run, and
builds must give the same bytes; its page ids and fragments are the same for the same pages.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import json
import os
import shutil
import signal
import subprocess
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from slugify import slugify

from generator.base.errors import Problem, UserError
from generator.base.files import write_bytes
from generator.base.names import BACKEND
from generator.model.records import Author
from generator.site.meta import other_spellings

BUNDLE = "pagefind"  # the index's folder inside the output; templates load it from there
FACETS = "facets.json"  # in BUNDLE: {page id: [type, year or null]}, read by search.html
FRAGMENT_SIGNATURE = b"pagefind_dcd"  # a fragment: gzip of this, then the page's JSON
# The pages whose templates carry data-pagefind-body; reading only these keeps indexing fast.
SEARCHABLE = ("papers", "authors", "lists")
GLOB = "{" + ",".join(SEARCHABLE) + "}/*/index.html"


# How long a Pagefind run may take before it is stopped: a minute, and 20 ms a page more
# (Pagefind indexed 843 pages in 1.3 s on a 2-core machine; a hung run must not hang a build).
TIMEOUT = 60.0
TIMEOUT_PER_PAGE = 0.02


class _Runs:
    """The Pagefind processes running now, so that `serve` can stop them when it stops."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running: set[subprocess.Popen[str]] = set()
        self.stopped = False


_RUNS = _Runs()


def stop_pagefind() -> None:
    """Kill every Pagefind run of this process and refuse new ones: `serve` calls this when it
    stops, so that no Pagefind outlives it (a rebuild's thread may be running one)."""
    with _RUNS.lock:
        _RUNS.stopped = True
        running = list(_RUNS.running)
    for run in running:
        run.kill()  # a process already reaped is skipped
        with contextlib.suppress(subprocess.TimeoutExpired):  # a kill is not refused
            run.wait(timeout=10)


def glob_of(pages: Iterable[str] = ()) -> str:
    """What Pagefind reads: the searchable folders' pages, and the free pages (/SLUG/)."""
    if not pages:
        return GLOB
    return "{" + ",".join([f"{name}/*" for name in SEARCHABLE] + sorted(pages)) + "}/index.html"


def pagefind_binary() -> Path:
    """The Pagefind binary of the installed wheel (PAGEFIND_BINARY_PATH overrides it)."""
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None or not binary.is_file():
        raise _failure(
            "the Pagefind binary is missing; reinstall readinglist (pip install"
            " 'pagefind[extended]') to build the search index"
        )
    return binary


def reindex_site(folder: Path, pages: Iterable[str] = ()) -> None:
    """Index an output folder that already has an index: a fresh one is made beside it and
    swapped in, so the old index serves until the new one is complete. `pages`: the slugs of
    the free pages, searched too."""
    fresh = folder / f"{BUNDLE}.new"
    shutil.rmtree(fresh, ignore_errors=True)
    _run_pagefind(folder, fresh.name, tuple(pages))
    old = folder / f"{BUNDLE}.old"
    shutil.rmtree(old, ignore_errors=True)
    if (folder / BUNDLE).exists():
        (folder / BUNDLE).rename(old)
    if fresh.exists():
        fresh.rename(folder / BUNDLE)
    shutil.rmtree(old, ignore_errors=True)


def index_site(folder: Path, pages: Iterable[str] = ()) -> None:
    """Write the search index of the built site in `folder` into folder/pagefind/.

    A site with no paper, author, list or free page (`pages`: their slugs) has nothing to
    index and gets no index (its search page says so). Any failure is a UserError: the build
    stops and, since `folder` is the staging folder, the previous output stays in place.
    """
    pages = tuple(pages)
    if not _has_searchable(folder, pages):
        return
    if (folder / BUNDLE).exists():
        raise _failure(
            f"a page or static file is written into {BUNDLE}/, which the search index owns;"
            " rename it"
        )
    _run_pagefind(folder, BUNDLE, pages)


def _has_searchable(folder: Path, pages: tuple[str, ...]) -> bool:
    """Whether the output has a page Pagefind would index."""
    if any((folder / slug / "index.html").is_file() for slug in pages):
        return True
    # a record's page; papers/page_2/ and authors/most_papers/ are pages of an index ('_' is
    # in no id), which Pagefind would index whole when no page marks what to index
    pages_of = ((folder / name).glob("*/index.html") for name in SEARCHABLE)
    return any("_" not in page.parent.name for found in pages_of for page in found)


def _run_pagefind(folder: Path, subdir: str, pages: tuple[str, ...] = ()) -> None:
    if not _has_searchable(folder, pages):
        return
    command = [str(pagefind_binary()), "--site", str(folder), "--glob", glob_of(pages)]
    command += ["--output-subdir", subdir, "--silent"]
    timeout = TIMEOUT + TIMEOUT_PER_PAGE * _pages(folder)
    with _signals_held() as held:  # a run started, interrupted before it is recorded, would
        run = _start(command)  # be known to nobody and outlive serve (seen on a loaded machine)
    try:
        for number in held[:1]:  # a Ctrl+C or SIGTERM that came meanwhile: now
            signal.raise_signal(number)
        stdout, stderr = run.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        run.kill()
        run.communicate()
        raise _failure(
            f"Pagefind did not finish within {timeout:.0f} s and was stopped; build again"
        ) from None
    except BaseException:  # interrupted: the run goes too
        run.kill()
        run.wait()
        raise
    finally:
        with _RUNS.lock:
            _RUNS.running.discard(run)
    if _RUNS.stopped:
        raise _failure("the search index was not made: stopping")
    if run.returncode != 0 or not (folder / subdir / "pagefind-entry.json").is_file():
        said = " ".join((stderr or stdout).split()) or f"exit code {run.returncode}"
        raise _failure(f"Pagefind could not build the search index: {said}")
    write_bytes(str(folder / subdir / FACETS), facets(folder / subdir))


def facets(bundle: Path) -> bytes:
    """FACETS of an index: each page's type and year, from the `type` and `year` the templates
    give Pagefind as meta, by the page id Pagefind gives search results (its fragment's name)."""
    pages: dict[str, list[str | int | None]] = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        try:
            data = gzip.decompress(path.read_bytes())
            if not data.startswith(FRAGMENT_SIGNATURE):
                raise ValueError("no signature")
            meta = json.loads(data[len(FRAGMENT_SIGNATURE) :])["meta"]
        except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
            raise _failure(
                f"Pagefind wrote a page ({path.name}) this version cannot read ({exc})"
            ) from None
        year = str(meta.get("year", ""))
        pages[path.name.removesuffix(".pf_fragment")] = [
            meta.get("type"),
            int(year) if year.isdigit() else None,
        ]
    return json.dumps(pages, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _start(command: list[str]) -> subprocess.Popen[str]:
    """Start Pagefind and record it: serve's stop_pagefind kills what is recorded."""
    with _RUNS.lock:
        if _RUNS.stopped:
            raise _failure("the search index was not made: stopping")
        try:
            run = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        except OSError as exc:
            raise _failure(f"cannot run Pagefind ({exc})") from None
        _RUNS.running.add(run)
        return run


@contextlib.contextmanager
def _signals_held() -> Iterator[list[int]]:
    """Hold Ctrl+C, SIGTERM and SIGHUP during the block: it gets the list of those that came,
    to raise them itself. Only the main thread receives signals and may change handlers."""
    held: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield held
        return
    stops = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    before = {signum: signal.signal(signum, lambda n, _: held.append(n)) for signum in stops}
    try:
        yield held
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


def _pages(folder: Path) -> int:
    """About how many pages Pagefind reads: the entries of the searchable folders."""
    count = 0
    for name in SEARCHABLE:
        with contextlib.suppress(OSError), os.scandir(folder / name) as entries:
            count += sum(1 for _ in entries)
    return count


def folded_names(authors: Iterable[Author]) -> str:
    """Spellings of the authors' names besides the displayed ones, for the search index only:
    their other spellings, and every spelling with accents folded ('Łukasz Kaiser' also as
    'Lukasz Kaiser', 'Philippe Tillet' also as 'Phil Tillet'). Empty when there are none."""
    authors = list(authors)
    seen = {author.name for author in authors}
    extra: dict[str, None] = {}  # ordered, without repeats
    for author in authors:
        for spelling in (author.name, *other_spellings(author)):
            for variant in (spelling, spelling if spelling.isascii() else _fold(spelling)):
                if variant and variant not in seen:
                    seen.add(variant)
                    extra[variant] = None
    return ", ".join(extra)


@functools.lru_cache(maxsize=1 << 16)  # every page an author is on folds their name
def _fold(name: str) -> str:
    """A name in plain ASCII letters, case kept: 'Aleksander Mądry' -> 'Aleksander Madry'."""
    return slugify(
        name,
        separator=" ",
        lowercase=False,
        replacements=[["'", ""], ["’", ""]],
        backend=BACKEND,
    )


def _failure(message: str) -> UserError:
    return UserError([Problem("search index", 0, f"{message}; the previous output is kept")])

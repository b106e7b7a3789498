"""Search: the Pagefind index of a built site, and the name spellings only the index sees.

Pagefind (`pagefind[extended]` from PyPI, whose wheel ships the binary) reads the built HTML
and writes OUT/pagefind/: the index, and the Pagefind UI that templates/search.html loads.
It indexes only what the templates mark with `data-pagefind-body`: paper, author and list pages.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from slugify import slugify

from generator.base.errors import Problem, UserError
from generator.base.names import BACKEND
from generator.model.records import Author
from generator.site.meta import other_spellings

BUNDLE = "pagefind"  # the index's folder inside the output; templates load it from there
# The pages whose templates carry data-pagefind-body; reading only these keeps indexing fast.
SEARCHABLE = ("papers", "authors", "lists")
GLOB = "{" + ",".join(SEARCHABLE) + "}/*/index.html"


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


def reindex_site(folder: Path) -> None:
    """Index an output folder that already has an index: a fresh one is made beside it and
    swapped in, so the old index serves until the new one is complete."""
    fresh = folder / f"{BUNDLE}.new"
    shutil.rmtree(fresh, ignore_errors=True)
    _run_pagefind(folder, fresh.name)
    old = folder / f"{BUNDLE}.old"
    shutil.rmtree(old, ignore_errors=True)
    if (folder / BUNDLE).exists():
        (folder / BUNDLE).rename(old)
    if fresh.exists():
        fresh.rename(folder / BUNDLE)
    shutil.rmtree(old, ignore_errors=True)


def index_site(folder: Path) -> None:
    """Write the search index of the built site in `folder` into folder/pagefind/.

    A site with no paper, author or list page has nothing to index and gets no index (its
    search page says so). Any failure is a UserError: the build stops and, since `folder` is
    the staging folder, the previous output stays in place.
    """
    if not any(any((folder / name).glob("*/index.html")) for name in SEARCHABLE):
        return
    if (folder / BUNDLE).exists():
        raise _failure(
            f"a page or static file is written into {BUNDLE}/, which the search index owns;"
            " rename it"
        )
    _run_pagefind(folder, BUNDLE)


def _run_pagefind(folder: Path, subdir: str) -> None:
    if not any(any((folder / name).glob("*/index.html")) for name in SEARCHABLE):
        return
    command = [str(pagefind_binary()), "--site", str(folder), "--glob", GLOB]
    command += ["--output-subdir", subdir, "--silent"]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _failure(f"cannot run Pagefind ({exc})") from None
    if run.returncode != 0 or not (folder / subdir / "pagefind-entry.json").is_file():
        said = " ".join((run.stderr or run.stdout).split()) or f"exit code {run.returncode}"
        raise _failure(f"Pagefind could not build the search index: {said}")


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

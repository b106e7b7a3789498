"""Checks that compare records with each other: one paper in two files.

Part of reading the content (model/reading.py), so `check` and `build` report the same errors.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Protocol

from generator.base.errors import Problems
from generator.base.names import fold
from generator.model.records import Content, Paper

_FIELD_OF = {"arXiv id": "arxiv", "DOI": "doi", "title": "title", "citation_key": "citation_key"}
# types that do not tell one work from another: an arXiv preprint is the paper it became, and
# 'other' says nothing
_LOOSE_TYPES = frozenset(("preprint", "other"))


class _Published(Protocol):
    @property
    def type(self) -> str: ...
    @property
    def journal(self) -> str: ...
    @property
    def booktitle(self) -> str: ...
    @property
    def edition(self) -> str: ...
    @property
    def volume(self) -> str: ...
    @property
    def number(self) -> str: ...
    @property
    def pages(self) -> str: ...


def published_apart(a: _Published, b: _Published) -> str:
    """Why two records with one title are two works by where they were published ('' when
    nothing says so): one in a journal only and the other in proceedings only (a conference
    paper and its journal version; not when either is a preprint, which is the work it became,
    even once another record gave it a journal), or a different edition, volume, issue or
    pages. The importer decides so too (merge.different_works): what it writes as two papers,
    `check` never calls one paper twice."""
    if "preprint" not in (a.type, b.type) and (
        (a.journal and b.booktitle and not a.booktitle and not b.journal)
        or (a.booktitle and b.journal and not a.journal and not b.booktitle)
    ):
        return "a conference paper and a journal article"
    for name in ("edition", "volume", "number", "pages"):
        mine, theirs = fold(getattr(a, name)), fold(getattr(b, name))
        if mine and theirs and mine != theirs:
            return name
    return ""


def same_work(a: Paper, b: Paper) -> bool:
    """Whether two papers with the same normalised title are one work: compatible types (a
    thesis and the book made from it, or a conference paper and its journal version, are two),
    the same edition, volume, issue and pages (as the importer decides), years at most one
    apart and a shared author or editor (Zotero's rule). What is unknown tells nothing."""
    if a.type != b.type and a.type not in _LOOSE_TYPES and b.type not in _LOOSE_TYPES:
        return False
    if published_apart(a, b):
        return False
    if a.year is not None and b.year is not None and abs(a.year - b.year) > 1:
        return False
    people_a, people_b = {*a.authors, *a.editors}, {*b.authors, *b.editors}
    return not (people_a and people_b and not people_a & people_b)


def find_duplicate_papers(content: Content, problems: Problems) -> None:
    """Two papers with the same arXiv id, DOI or citation key, or with the same normalised
    title (case, accents, punctuation and spacing ignored) that are one work (same_work), are
    one paper twice: an error on each file after the first."""
    keys: dict[tuple[str, str], list[str]] = defaultdict(list)
    titles: dict[str, list[str]] = defaultdict(list)
    for pid in sorted(content.papers):
        paper = content.papers[pid]
        if paper.arxiv:
            keys["arXiv id", paper.arxiv.lower()].append(pid)
        if paper.doi:
            keys["DOI", paper.doi.lower()].append(pid)
        if paper.citation_key:
            keys["citation_key", paper.citation_key.lower()].append(pid)
        if paper.title and (title := fold(paper.title)):
            titles[title].append(pid)
    found: list[tuple[str, str, str, str]] = []  # (what, value, first, other)
    for (what, value), pids in keys.items():
        if value and len(pids) > 1:
            found.extend((what, value, pids[0], pid) for pid in pids[1:])
    for title, pids in titles.items():
        for index, pid in enumerate(pids[1:], 1):
            paper = content.papers[pid]
            first = next((o for o in pids[:index] if same_work(content.papers[o], paper)), None)
            if first is not None:
                found.append(("title", title, first, pid))
    for what, _, first, pid in sorted(found):
        paper = content.papers[pid]
        problems.add(
            paper.source.path,
            paper.source.line(_FIELD_OF[what]),
            f"the same {what} as {content.papers[first].source.path}: one paper twice? "
            "Keep one file and point lists at it"
            if what != "citation_key"
            else f"the same citation_key as {content.papers[first].source.path}: every paper "
            "needs a key of its own in the BibTeX exports; change one",
        )

"""Checks that compare records with each other: one paper in two files.

Part of reading the content (model/reading.py), so `check` and `build` report the same errors.
"""

from __future__ import annotations

from collections import defaultdict

from generator.base.errors import Problems
from generator.base.names import fold
from generator.model.records import Content

_FIELD_OF = {"arXiv id": "arxiv", "DOI": "doi", "title": "title"}


def find_duplicate_papers(content: Content, problems: Problems) -> None:
    """Two papers with the same arXiv id, DOI or normalised title (case, accents, punctuation
    and spacing ignored) are one paper twice: an error on each file after the first."""
    keys: dict[tuple[str, str], list[str]] = defaultdict(list)
    for pid in sorted(content.papers):
        paper = content.papers[pid]
        if paper.arxiv:
            keys["arXiv id", paper.arxiv.lower()].append(pid)
        if paper.doi:
            keys["DOI", paper.doi.lower()].append(pid)
        if paper.title:
            keys["title", fold(paper.title)].append(pid)
    twice = sorted((found, pids) for found, pids in keys.items() if len(pids) > 1 and found[1])
    for (what, _), pids in twice:
        first, *others = pids
        for pid in others:
            paper = content.papers[pid]
            problems.add(
                paper.source.path,
                paper.source.line(_FIELD_OF[what]),
                f"the same {what} as {content.papers[first].source.path}: one paper twice? "
                "Keep one file and point lists at it",
            )

"""Checks that `readinglist check` adds to loading: duplicate papers and look-alike authors.

Loading already reports schema errors, duplicate keys and unknown ids; these checks compare
records with each other, which a build does not need to do.
"""

from __future__ import annotations

from collections import defaultdict

from generator.base.errors import Problems
from generator.base.names import alias_name
from generator.editing.ingest.identity import AuthorIndex, spelling_key
from generator.editing.ingest.merge import title_key
from generator.model.records import Content


def find_duplicate_papers(content: Content, problems: Problems) -> None:
    """Two papers with the same arXiv id, DOI or normalised title are one paper twice."""
    keys: dict[tuple[str, str], list[str]] = defaultdict(list)
    for pid in sorted(content.papers):
        paper = content.papers[pid]
        if paper.arxiv:
            keys[("arXiv id", paper.arxiv.lower())].append(pid)
        if paper.doi:
            keys[("DOI", paper.doi.lower())].append(pid)
        keys[("title", title_key(paper.title))].append(pid)
    for (what, _), pids in sorted(keys.items()):
        first, *others = pids
        for pid in others:
            paper = content.papers[pid]
            line = paper.source.line({"arXiv id": "arxiv", "DOI": "doi"}.get(what, "title"))
            problems.add(
                paper.source.path,
                line,
                f"the same {what} as "
                f"{content.papers[first].source.path}: one paper twice? Keep one file "
                "and point lists at it",
            )


def find_lookalike_authors(content: Content, problems: Problems) -> None:
    """Authors whose spellings the importer would merge but who are separate files."""
    index = AuthorIndex.of(content.authors)
    reported: set[frozenset[str]] = set()
    for aid in sorted(content.authors):
        author = content.authors[aid]
        excluded = {spelling_key(s) for s in author.not_same_as}
        for spelling in author.aliases or (author.name,):
            name = alias_name(spelling, author.kind)
            if name is None:
                continue
            for other, reason, _ in index.lookalikes(name, aid):
                pair = frozenset((aid, other))
                if other in excluded or aid in content.authors[other].not_same_as:
                    continue
                if pair in reported:
                    continue
                reported.add(pair)
                problems.add(
                    author.source.path,
                    author.source.line("name"),
                    (
                        f"looks like the same person as {other} ({reason}); merge the two files, "
                        f"or add '{other}' to not_same_as if they are different people"
                    ),
                    warning=True,
                )

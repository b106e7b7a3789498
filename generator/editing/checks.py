"""Checks that `readinglist check` adds to loading: look-alike authors, and 'Anonymous'.

Loading already reports schema errors, duplicate keys, unknown ids and duplicate papers (the
last in model/checks.py, kept importable from here); look-alike authors are only warnings,
which a build does not need to look for.
"""

from __future__ import annotations

from pathlib import Path

from generator.base.errors import Problem, Problems, UserError
from generator.base.names import Name, alias_name, is_placeholder
from generator.editing.ingest.identity import (
    AuthorIndex,
    author_ids,
    identifiers_differ,
    spelling_key,
)
from generator.model.checks import find_duplicate_papers as find_model_duplicates
from generator.model.config import load_config
from generator.model.reading import read_content
from generator.model.records import Author, Content


def check_site(site: Path) -> tuple[Content, list[Problem]]:
    """What `readinglist check` reports (and the editor shows): the content as read, and every
    problem of site.yaml and content/, errors and warnings, sorted by path and line."""
    problems: list[Problem] = []
    try:
        config = load_config(site)
    except UserError as exc:
        problems.extend(exc.problems)
        config = None
    content, found = read_content(site, config)
    find_duplicate_papers(content, found)
    find_lookalike_authors(content, found)
    find_placeholder_authors(content, found)
    problems.extend(found)
    return content, sorted(problems)


def find_duplicate_papers(content: Content, problems: Problems) -> None:
    """Two papers with the same arXiv id, DOI or citation key, or the same normalised title
    and one work (model/checks.same_work: types, editions, years, people), are one paper twice.

    Reading the content already reports these (model/checks.py, so that `build` refuses what
    `check` refuses); this adds only those not in `problems` yet."""
    found = Problems()
    find_model_duplicates(content, found)
    known = set(problems)
    problems.extend(p for p in found if p not in known)


def find_lookalike_authors(content: Content, problems: Problems) -> None:
    """Authors whose spellings the importer would merge but who are separate files: on each,
    one warning per reason naming the look-alikes not named on an author before it (64
    'Shepherd, J' of a list built by searching that name, kept apart for want of a shared
    co-author, get 64 warnings, not one for each of their 2,016 pairs)."""
    index = AuthorIndex.of(content.authors)
    reported: set[frozenset[str]] = set()
    for aid in sorted(content.authors):
        author = content.authors[aid]
        excluded = {spelling_key(s) for s in author.not_same_as}
        found: dict[str, list[str]] = {}  # reason -> look-alikes, in order
        for spelling in author.aliases or (author.name,):
            name = alias_name(spelling, author.kind)
            if name is None:
                continue
            for other, reason, _ in index.lookalikes(name, aid):
                pair = frozenset((aid, other))
                if other in excluded or aid in content.authors[other].not_same_as:
                    continue
                if _told_apart(author, content.authors[other]) or pair in reported:
                    continue
                reported.add(pair)
                found.setdefault(reason, []).append(other)
        for reason, others in found.items():
            problems.add(author.source.path, author.source.line("name"),
                         _lookalikes(others, reason), warning=True)  # fmt: skip


SHOWN = 10  # look-alikes named in one warning


def _lookalikes(others: list[str], reason: str) -> str:
    if len(others) == 1:
        return (
            f"looks like the same person as {others[0]} ({reason}); merge the two files, "
            f"or add '{others[0]}' to not_same_as if they are different people"
        )
    more = len(others) - SHOWN
    shown = ", ".join(others[:SHOWN]) + (f" and {more} more" if more > 0 else "")
    return (
        f"looks like the same person as {shown} ({reason}); 'readinglist authors' shows "
        "each pair with its evidence: merge the files that are one person, and add the "
        "others to not_same_as"
    )


def _told_apart(a: Author, b: Author) -> bool:
    """Whether identifiers say two authors are two people: different ORCIDs, or different DBLP
    numbers ('Wang, Wei 0001' and 'Wang, Wei 0010')."""
    return any(
        identifiers_differ(mine, theirs)
        for mine, theirs in zip(author_ids(a), author_ids(b), strict=True)
    )


def find_placeholder_authors(content: Content, problems: Problems) -> None:
    """An author file named 'Anonymous' (names.is_placeholder), as imports before 'anonymous'
    made: one page joining every unsigned work as one person's."""
    for aid in sorted(content.authors):
        author = content.authors[aid]
        if not is_placeholder(Name(author.name, kind=author.kind)):
            continue
        papers = sorted(p.id for p in content.papers.values() if aid in p.authors)
        problems.add(
            author.source.path,
            author.source.line("name"),
            (
                f"'{author.name}' is nobody in particular: {len(papers)} unsigned works share "
                f"this author page as if one person wrote them; remove '{aid}' from the "
                "authors of each ("
                + ", ".join(papers[:3])
                + (", ..." if len(papers) > 3 else "")
                + "), add 'anonymous: true' to those left with no author, and delete this file"
            ),
            warning=True,
        )

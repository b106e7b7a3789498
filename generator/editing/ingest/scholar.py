"""Publication lists exported from a scholar profile.

Line 1 is the profile owner ("Family, Given"); then each paper is three lines: its title, its
author line ("Family, Given, Family, Given, ..."), its abstract.
"""

from __future__ import annotations

from generator.base.errors import Problem, UserError
from generator.base.names import looks_like_author_line, parse_author_line, parse_owner
from generator.editing.ingest.incoming import IncomingPaper, PublicationList


def is_publication_list(lines: list[str]) -> bool:
    """Whether the text has the shape of a publication list."""
    if len(lines) < 4 or parse_owner(lines[0]) is None:
        return False
    return (len(lines) - 1) % 3 in (0, 2) and looks_like_author_line(lines[2])


def read_publication_list(lines: list[str], path: str) -> PublicationList:
    """Parse a publication list; every malformed triple is reported with its line."""
    owner = parse_owner(lines[0])
    problems: list[Problem] = []
    if owner is None:
        problems.append(
            Problem(path, 1, "the first line must be the profile owner as 'Family, Given'")
        )
    body = lines[1:]
    if len(body) % 3 == 2:
        body.append("")  # the last paper has no abstract and the export dropped its line
    if len(body) % 3:
        problems.append(
            Problem(
                path,
                len(lines),
                "the file ends inside a paper: after the "
                "owner's line, each paper needs three lines (title, authors, "
                "abstract)",
            )
        )
    papers = []
    for start in range(0, len(body) - len(body) % 3, 3):
        title, author_line, abstract = (text.strip() for text in body[start : start + 3])
        line = start + 2  # 1-based line of the title
        if not title:
            problems.append(Problem(path, line, "empty title; each paper starts with its title"))
        if not looks_like_author_line(author_line):
            problems.append(
                Problem(
                    path,
                    line + 1,
                    "expected the authors as 'Family, Given, "
                    "Family, Given, ...' after the title on line "
                    f"{line}",
                )
            )
            continue
        authors = tuple(parse_author_line(author_line))
        if title and authors:
            papers.append(IncomingPaper(title, authors, abstract, line))
    if problems:
        raise UserError(problems)
    assert owner is not None
    return PublicationList(path, owner, tuple(papers))

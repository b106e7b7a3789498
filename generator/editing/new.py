"""`readinglist new paper|author|list`: add one record by hand, resolving authors as import does."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.base.errors import Problem, UserError
from generator.base.names import make_id, parse_author_line, unique_id
from generator.editing.ingest.identity import AuthorIndex
from generator.editing.ingest.incoming import IncomingPaper
from generator.editing.ingest.merge import Importer
from generator.editing.save import save
from generator.model.reading import read_content
from generator.model.records import ARXIV_RE, DOI_RE, Author, Content, Entry, Links, ReadingList


@dataclass
class Outcome:
    """What `new` did, in lines to print, and the files it wrote."""

    lines: list[str] = field(default_factory=list)
    written: tuple[Path, ...] = ()


def _refuse(message: str) -> UserError:
    return UserError([Problem("new", 0, message)])


def _loaded(site: Path) -> Content:
    content, problems = read_content(site)
    if problems.errors:
        raise UserError(problems.errors)
    return content


def parse_author(text: str) -> tuple[str, str]:
    """'Family, Given' -> (family, given); a plain 'Given Family' is accepted too."""
    if "," in text:
        family, _, given = text.partition(",")
        return family.strip(), given.strip()
    *given_names, family = text.split() or [""]
    return family, " ".join(given_names)


def new_paper(
    site: Path,
    *,
    title: str,
    authors: Sequence[str],
    year: int | None,
    arxiv: str = "",
    doi: str = "",
    list_id: str = "",
    today: dt.date,
) -> Outcome:
    """Add a paper; each author is matched to a known one or created, and we say which."""
    content = _loaded(site)
    if not title.strip():
        raise _refuse("a paper needs a title: --title 'The title'")
    if arxiv and not ARXIV_RE.match(arxiv):
        raise _refuse(f"--arxiv '{arxiv}' does not look like an arXiv id such as 2303.08774")
    if doi and not DOI_RE.match(doi):
        raise _refuse(f"--doi '{doi}' does not look like a DOI such as 10.1000/xyz123")
    if list_id and list_id not in content.lists:
        raise _refuse(
            f"there is no list '{list_id}'; create it first with 'readinglist new "
            "list', or leave out --list"
        )
    names = []
    for text in authors:
        family, given = parse_author(text)
        if not family:
            raise _refuse(f"--author '{text}': write the author as 'Family, Given'")
        names.extend(parse_author_line(f"{family}, {given or 'null'}"))
    importer = Importer(content, today)
    incoming = IncomingPaper(title.strip(), tuple(names), "", 0, year=year, arxiv=arxiv, doi=doi)
    duplicate = importer.find_paper(incoming)
    if duplicate is not None:
        path = content.papers[duplicate].source.path
        raise _refuse(f"this paper is already there: {path} (same arXiv id, DOI or title)")
    lines = []
    ids = []
    for name in names:
        known = importer.index.resolve(name)
        author_id = importer.author_for(name, "new", 0)
        ids.append(author_id)
        if known.author and known.reason:
            lines.append(f"author '{name.spelling}': {known.author}, merged ({known.reason})")
        elif known.author:
            lines.append(f"author '{name.spelling}': {known.author}")
    paper_id = importer.add_new_paper(incoming, tuple(dict.fromkeys(ids)))
    merged, report = importer.result()
    for author_id in report.authors_added:
        lines.append(f"author '{merged.authors[author_id].aliases[0]}': new author {author_id}")
    if list_id:
        rlist = merged.lists[list_id]
        entry = Entry(paper=paper_id, status="to-read", added=today)
        lists = {
            **merged.lists,
            list_id: dataclasses.replace(rlist, entries=(*rlist.entries, entry)),
        }
        merged = dataclasses.replace(merged, lists=lists)
        lines.append(f"added to list {list_id}")
    written = save(site, content, merged)
    lines.insert(0, f"new paper {paper_id}: content/papers/{paper_id}.yaml")
    return Outcome(lines, written)


def new_author(
    site: Path,
    *,
    family: str,
    given: str = "",
    kind: str = "person",
    orcid: str = "",
    homepage: str = "",
    not_same_as: Sequence[str] = (),
) -> Outcome:
    """Add an author, unless one already matches (then say who, and how to add a namesake)."""
    content = _loaded(site)
    if not family.strip():
        raise _refuse("an author needs a family name: --author 'Family, Given'")
    spelling = f"{family}, {given}" if given else family
    [name] = parse_author_line(f"{family}, {given or 'null'}")
    name = dataclasses.replace(name, kind=kind, raw=spelling)
    for other in not_same_as:
        if other not in content.authors:
            raise _refuse(f"--not-same-as '{other}': there is no author with that id")
    match = AuthorIndex.of(content.authors).resolve(name)
    if match.author and match.author not in not_same_as:
        why = f" ({match.reason})" if match.reason else ""
        raise _refuse(
            f"'{spelling}' is already author {match.author}{why}; if this is a "
            f"different person, add --not-same-as {match.author}"
        )
    author_id = unique_id(make_id(name.display, "author"), set(content.authors))
    author = Author(
        author_id,
        name.display,
        family.strip(),
        given.strip(),
        kind,
        aliases=(spelling,),
        not_same_as=tuple(not_same_as),
        links=Links(homepage=homepage, orcid=orcid),
    )
    merged = dataclasses.replace(content, authors={**content.authors, author_id: author})
    written = save(site, content, merged)
    return Outcome([f"new author {author_id}: content/authors/{author_id}.yaml"], written)


def new_list(
    site: Path, *, title: str, curator: str, description: str = "", list_id: str = ""
) -> Outcome:
    """Add an empty reading list."""
    content = _loaded(site)
    if not title.strip() or not curator.strip():
        raise _refuse("a list needs --title and --curator")
    list_id = list_id or unique_id(make_id(title, "list"), set(content.lists))
    if list_id in content.lists:
        raise _refuse(f"there is already a list '{list_id}'")
    if make_id(list_id, "") != list_id:
        raise _refuse(f"--id '{list_id}' is not an id: lowercase ASCII words joined by hyphens")
    rlist = ReadingList(list_id, title.strip(), curator.strip(), description.strip())
    merged = dataclasses.replace(content, lists={**content.lists, list_id: rlist})
    written = save(site, content, merged)
    return Outcome([f"new list {list_id}: content/lists/{list_id}.yaml"], written)


def ask(prompt: Callable[[str], str], question: str, *, required: bool = False) -> str:
    """One question in a terminal; a required answer is asked again until given."""
    while True:
        answer = prompt(f"{question}: ").strip()
        if answer or not required:
            return answer
        print("  (required)")


def ask_many(prompt: Callable[[str], str], question: str) -> list[str]:
    """Several answers, one a line, ended by an empty line."""
    print(f"{question} (one a line, an empty line to finish):")
    answers = []
    while answer := prompt("  > ").strip():
        answers.append(answer)
    return answers

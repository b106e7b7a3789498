"""`readinglist new paper|author|list|page`: add one record by hand, resolving authors as import
does."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.base.errors import Problem, Problems, UserError
from generator.base.files import write_files_atomically
from generator.base.names import Name, make_id, parse_author_line, unique_id
from generator.editing.ingest.identity import AuthorIndex
from generator.editing.ingest.incoming import IncomingPaper
from generator.editing.ingest.merge import Importer
from generator.editing.save import save
from generator.model.reading import RESERVED_SLUGS, read_content
from generator.model.records import (
    ARXIV_RE,
    DOI_RE,
    PAPER_FIELDS,
    PAPER_LINK_FIELDS,
    Author,
    Checker,
    Content,
    Entry,
    Links,
    PaperLinks,
    ReadingList,
    clean_text,
    infer_type,
    page_from_markdown,
)

# the paper fields `new paper` takes as --options (--citation-key for citation_key) beyond its
# title, authors, year, arXiv id and DOI; then the links (--pdf, --code ...)
_OWN = ("title", "authors", "year", "arxiv", "doi", "editors", "et_al", "month", "links")
DETAIL_FIELDS = tuple(
    spec
    for spec in PAPER_FIELDS
    if spec.name not in _OWN and spec.kind not in ("texts", "date", "bool", "markdown")
)
LINK_OPTIONS = PAPER_LINK_FIELDS


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


def option(name: str) -> str:
    """The command-line option of a paper field: citation_key -> --citation-key."""
    return "--" + name.replace("_", "-")


def _details(details: dict[str, str], month: int | None) -> dict[str, object]:
    """The paper fields given as options, checked as a paper file's are; a wrong one is
    refused, naming its option."""
    problems = Problems()
    checker = Checker("new", problems)
    values: dict[str, object] = {}
    links: dict[str, str] = {}
    for spec in (*DETAIL_FIELDS, *LINK_OPTIONS):
        raw = details.get(spec.name, "").strip()
        if not raw:
            continue
        converted = checker.value(spec, raw, 0)
        if converted is not None and spec in LINK_OPTIONS:
            links[spec.name] = converted
        elif converted is not None:
            values[spec.name] = converted
    for problem in problems:
        name, _, message = problem.message.partition(": ")
        raise _refuse(f"{option(name)}: {message}")
    if month is not None:
        if not 1 <= month <= 12:
            raise _refuse(f"--month {month}: write the month as a number from 1 to 12")
        values["month"] = month
    if links:
        values["links"] = PaperLinks(**links)
    return values


def _names(texts: Sequence[str], flag: str) -> list[Name]:
    names = []
    for text in texts:
        family, given = parse_author(text)
        if not family:
            raise _refuse(f"{flag} '{text}': write the name as 'Family, Given'")
        names.extend(parse_author_line(f"{family}, {given or 'null'}"))
    return names


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
    editors: Sequence[str] = (),
    et_al: bool = False,
    month: int | None = None,
    details: dict[str, str] | None = None,
) -> Outcome:
    """Add a paper; each author and editor is matched to a known one or created, and we say
    which. `details`: the other fields by name (DETAIL_FIELDS, and the links LINK_OPTIONS),
    as text; its type, when not given, is what its venue fields imply (infer_type)."""
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
    fields = _details(details or {}, month)
    fields["type"] = fields.get("type") or infer_type(
        arxiv=arxiv,
        venue=str(fields.get("venue", "")),
        journal=str(fields.get("journal", "")),
        booktitle=str(fields.get("booktitle", "")),
    )
    names = _names(authors, "--author")
    editor_names = _names(editors, "--editor")
    importer = Importer(content, today)
    known_fields = {f.name for f in dataclasses.fields(IncomingPaper)}
    extra: dict[
        str, Any
    ] = {  # what this version of the importer compares papers by (type, editors ...)
        name: value
        for name, value in (*fields.items(), ("editors", tuple(editor_names)))
        if name in known_fields and name != "links"
    }
    incoming = IncomingPaper(
        title.strip(), tuple(names), "", 0, year=year, arxiv=arxiv, doi=doi, **extra
    )
    duplicate = importer.find_paper(incoming)
    if duplicate is not None:
        path = content.papers[duplicate].source.path
        raise _refuse(f"this paper is already there: {path} (same arXiv id, DOI or title)")
    lines = []
    apart: list[tuple[str, str, str]] = []  # (new id, the author it fits, why)
    author_ids: list[str] = []
    editor_ids: list[str] = []
    for role, role_names, ids in (
        ("author", names, author_ids),
        ("editor", editor_names, editor_ids),
    ):
        for name in role_names:
            known = importer.index.resolve(name)  # what the name alone fits, before evidence
            ids.append(importer.author_for(name, "new", 0))
            if known.author and known.author == ids[-1]:
                reason = next(  # as decided, with its evidence
                    (m.reason for m in importer.report.authors_merged
                     if m.spelling == name.spelling and m.author == ids[-1]), "",
                )  # fmt: skip
                why = f", merged ({reason})" if reason else ""
                lines.append(f"{role} '{name.spelling}': {known.author}{why}")
            elif known.author and known.reason:
                apart.append((ids[-1], known.author, known.reason))
    author_ids, editor_ids = list(dict.fromkeys(author_ids)), list(dict.fromkeys(editor_ids))
    # editors ride along with the authors, so that new ones get their final ids the same way
    people = tuple(dict.fromkeys((*author_ids, *editor_ids)))
    paper_id = importer.add_new_paper(incoming, people)
    merged, report = importer.result()
    final = dict(zip(people, merged.papers[paper_id].authors, strict=True))
    paper = dataclasses.replace(
        merged.papers[paper_id],
        **fields,  # type: ignore[arg-type]
        authors=tuple(final[a] for a in author_ids),
        editors=tuple(final[e] for e in editor_ids),
        et_al=et_al,
        needs_metadata=not (title.strip() and (author_ids or editor_ids) and year),
    )
    merged = dataclasses.replace(merged, papers={**merged.papers, paper_id: paper})
    for author_id in report.authors_added:
        role = "author" if author_id in paper.authors else "editor"
        lines.append(f"{role} '{merged.authors[author_id].aliases[0]}': new author {author_id}")
    for new_id, other, reason in apart:
        lines.append(
            f"  {final[new_id]} may be {other} ({reason}), but one paper is no evidence: kept "
            f"apart. If they are one person, run: readinglist authors merge {other} {final[new_id]}"
        )
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
    author_id = unique_id(make_id(name.display, "author"), content.authors)
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
    list_id = list_id or unique_id(make_id(title, "list"), content.lists)
    if list_id in content.lists:
        raise _refuse(f"there is already a list '{list_id}'")
    if make_id(list_id, "") != list_id:
        raise _refuse(f"--id '{list_id}' is not an id: lowercase ASCII words joined by hyphens")
    rlist = ReadingList(list_id, title.strip(), curator.strip(), description.strip())
    merged = dataclasses.replace(content, lists={**content.lists, list_id: rlist})
    written = save(site, content, merged)
    return Outcome([f"new list {list_id}: content/lists/{list_id}.yaml"], written)


PAGE_BODY = "Write the page here, in Markdown.\n"


def new_page(site: Path, *, title: str, page_id: str = "", order: int | None = None) -> Outcome:
    """Add a free page, content/pages/ID.md, with its front matter and a line to replace."""
    content = _loaded(site)
    title = clean_text(title)
    if not title:
        raise _refuse("a page needs --title")
    taken = {*content.pages, *RESERVED_SLUGS}
    page_id = page_id or unique_id(make_id(title, "page"), taken)
    if make_id(page_id, "") != page_id:
        raise _refuse(f"--id '{page_id}' is not an id: lowercase ASCII words joined by hyphens")
    if page_id in taken:
        what = "a page" if page_id in content.pages else "a section of the site"
        raise _refuse(f"/{page_id}/ is already {what}; choose another --id")
    shown = f"content/pages/{page_id}.md"
    # JSON's string syntax is YAML's double-quoted one: any title is written safely
    front = f"title: {json.dumps(title, ensure_ascii=False)}\n"
    front += f"order: {order}\n" if order is not None else ""
    text = f"---\n{front}---\n{PAGE_BODY}"
    problems = Problems()
    page_from_markdown(page_id, shown, text, problems)  # never write what would not load
    if problems.errors:
        raise UserError(problems.errors)
    path = site / shown
    if path.exists():  # a file `check` skips, such as a link out of the site
        raise _refuse(f"{shown} is there already; choose another --id")
    write_files_atomically({path: text}, root=site)
    return Outcome([f"new page {page_id}: {shown} (at /{page_id}/)"], (path,))


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

"""What the editor of `readinglist serve` (/_edit/) does, as pure functions and the one save.

A paste (an identifier, BibTeX, RIS, CSL-JSON or an abstract) is read by the importer's own
readers and merged by its own rules; a list change is a new version of one list. Either way the
files are made and validated by editing/save.py, and written all or nothing, as by `import`
and `new`. The HTTP side (commands/editor.py) only calls these and shows what they return.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.base.errors import Problem, UserError
from generator.base.files import recover
from generator.base.names import alias_name
from generator.editing.authors import repoint
from generator.editing.ingest.abstracts import strip_prefix
from generator.editing.ingest.detect import read_text_source
from generator.editing.ingest.identity import AuthorIndex, known_spellings
from generator.editing.ingest.importer import site_highlight
from generator.editing.ingest.incoming import BibtexFile, IncomingPaper
from generator.editing.ingest.merge import Importer, Report
from generator.editing.save import changed_files, save
from generator.editing.sources import parse_identifier
from generator.model.reading import ParsedFiles, read_content
from generator.model.records import STATUSES, Content, Entry, Paper

PASTED = "pasted text"  # the "path" problems in a paste are reported under
MAX_PASTE = 1_000_000  # characters: a bibliography, not a whole library
ABSTRACT_WORDS = 8  # fewer words than this are no abstract: a typo, a title, a stray word

Fetch = Callable[[str], IncomingPaper]
"""Metadata for an identifier (arXiv id, DOI, ISBN ...): editing/sources' lookup, or a test's."""


def refuse(message: str) -> UserError:
    """A mistake in what the editor was asked to do, in one line."""
    return UserError([Problem("editor", 0, message)])


# --- a paste ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """One name of a pasted record, and the author it is: a known one, or a new one."""

    spelling: str
    author: str  # the author id
    name: str  # the author's name as the site shows it
    new: bool
    reason: str = ""  # why a new spelling is a known author ("" for a spelling already known)
    # a known author of this name that the identity rules alone keep apart (no shared
    # co-author or venue): the editor says whether it is the same person (`chosen`)
    namesake: str = ""
    chosen: bool = False


@dataclass(frozen=True)
class Record:
    """One pasted record as the paper it makes (or merges into), with its people."""

    paper: Paper
    created: bool  # False: the site already has this paper; the paste only fills gaps
    authors: tuple[Person, ...]
    editors: tuple[Person, ...]
    listed: str = ""  # "added" to the chosen list, "already" on it, or "" (no list)


@dataclass(frozen=True)
class Plan:
    """What saving a paste would do: the records, the files it writes, warnings."""

    kind: str  # what the paste was read as: "BibTeX", "an identifier", "an abstract" ...
    records: tuple[Record, ...]
    files: tuple[tuple[str, bool], ...]  # (path relative to the site, new file?)
    warnings: tuple[str, ...]
    old: Content
    new: Content


@dataclass(frozen=True)
class Abstract:
    """A paste that is only an abstract: a paper known by it, as on a reading list."""

    text: str


def read_paste(text: str, fetch: Fetch | None) -> tuple[str, BibtexFile | Abstract]:
    """What a paste says, as the importer's readers give it: (what it was read as, source)."""
    text = text.strip()
    if not text:
        raise refuse("paste an identifier, a BibTeX or RIS entry, CSL-JSON or an abstract")
    if len(text) > MAX_PASTE:
        raise refuse(f"the paste is longer than {MAX_PASTE:,} characters; import it as a file")
    if is_identifier(text):
        if fetch is None:
            raise refuse("no metadata source to look identifiers up in")
        incoming = fetch(text)
        return "an identifier", BibtexFile(text, (incoming,), ())
    if len(text.split()) == 1:  # one word, but none that names a paper: say what would
        parse_identifier(text)
    try:
        source = read_text_source(text, PASTED)
    except UserError as exc:
        if not any("not a format readinglist knows" in p.message for p in exc.problems):
            raise
        abstract = " ".join(strip_prefix(text).split())
        if len(abstract.split()) < ABSTRACT_WORDS:
            raise refuse(
                "this is no identifier, BibTeX, RIS or CSL-JSON, and too short for an abstract"
            ) from None
        return "an abstract", Abstract(abstract)
    if isinstance(source, BibtexFile):
        kind = "CSL-JSON" if text.startswith(("[", "{")) else "RIS" if "TY  -" in text else "BibTeX"
        if not source.papers:
            problems = [p for p in source.problems if not p.warning]
            raise UserError(problems or [Problem(PASTED, 1, f"no entry in this {kind}")])
        return kind, source
    raise refuse(
        "this looks like a whole publication list or reading list: import it with "
        "'readinglist import FILE'"
    )


def is_identifier(text: str) -> bool:
    """Whether a paste is one identifier (an arXiv id, a DOI, an ISBN, a paper's page), to be
    looked up in the metadata sources, as `readinglist add` reads it."""
    if "\n" in text or len(text) > 300:
        return False
    try:
        parse_identifier(text)
    except UserError:
        return False
    return True


def _check_list(content: Content, list_id: str, status: str) -> None:
    if list_id and list_id not in content.lists:
        raise refuse(f"there is no list '{list_id}'")
    if status not in STATUSES:
        raise refuse(f"'{status}' is no status; choose one of {', '.join(STATUSES)}")


def plan_paste(
    content: Content,
    site: Path,
    text: str,
    *,
    today: dt.date,
    list_id: str = "",
    status: str = "to-read",
    note: str = "",
    fetch: Fetch | None = None,
    same_as: Mapping[str, str] | None = None,
) -> Plan:
    """What saving a paste would write, computed and validated as the save computes it;
    nothing is written. Refused (UserError) when the paste cannot be read or saved.

    `same_as`: spelling -> the known author the editor says it is, where the identity rules
    alone would make a new author; None: a spelling of a known author's full name is that
    author (shown as such, for the editor to untick)."""
    _check_list(content, list_id, status)
    kind, source = read_paste(text, fetch)
    importer = Importer(content, today, site_highlight(site))
    incoming: list[IncomingPaper | None]
    if isinstance(source, Abstract):  # one abstract, on no reader's list
        imported = [importer.add_abstract(source.text)[0]]
        incoming = [None]
    else:
        importer.add([source])
        imported = importer.report.imported
        incoming = list(source.papers)
    already = set()
    if list_id:
        already = {e.paper for e in content.lists[list_id].entries}
        importer.add_to_list(list_id, imported)
    merged, report = importer.result()
    namesakes = _namesakes(content, merged, report)
    if same_as is None:  # first look: the same full name is the same person, unless unticked
        same_as = {spelling: aid for spelling, (aid, exact) in namesakes.items() if exact}
    merged = _join(content, merged, report, same_as)
    if list_id:
        merged = _with_entry_details(merged, list_id, set(imported) - already, status, note)
    records = tuple(
        _record(content, merged, report, paper_id, given, list_id, already, namesakes, same_as)
        for paper_id, given in zip(imported, incoming, strict=True)
    )
    # validates every file, as the save will; the editor writes nothing outside content/
    files = changed_files(site, content, merged, schemas=False)
    shown = tuple((path.relative_to(site).as_posix(), not path.is_file()) for path in sorted(files))
    warnings = tuple(str(p) for p in report.warnings)
    return Plan(kind, records, shown, warnings, content, merged)


def _namesakes(old: Content, new: Content, report: Report) -> dict[str, tuple[str, bool]]:
    """The spellings of the authors a merge created that name a known author: spelling ->
    (that author's id, whether it is one of that author's own spellings)."""
    index = AuthorIndex.of(old.authors)
    found: dict[str, tuple[str, bool]] = {}
    for author_id in report.authors_added:
        author = new.authors[author_id]
        for spelling in author.aliases:
            name = alias_name(spelling, author.kind)
            match = index.resolve(name) if name is not None else None
            if match is not None and match.author:
                found[spelling] = (match.author, not match.reason)
    return found


def _join(old: Content, new: Content, report: Report, same_as: Mapping[str, str]) -> Content:
    """The merged content with each new author the editor said is a known one made that one:
    its papers point at the known author, who gains its spellings."""
    papers, authors = dict(new.papers), dict(new.authors)
    for author_id in list(report.authors_added):
        spellings = authors[author_id].aliases
        known = next((same_as[s] for s in spellings if s in same_as), "")
        if known not in old.authors:
            continue
        if any(known in (*p.authors, *p.editors) and author_id in (*p.authors, *p.editors)
               for p in papers.values()):  # fmt: skip
            continue  # one byline names both: two people
        for pid, paper in papers.items():
            papers[pid] = repoint(paper, author_id, known)
        del authors[author_id]
        target = authors[known]
        aliases = known_spellings(target)
        added = tuple(s for s in spellings if s not in aliases)
        if added:
            authors[known] = dataclasses.replace(target, aliases=(*aliases, *added))
    return dataclasses.replace(new, papers=papers, authors=authors)


def _with_entry_details(
    content: Content, list_id: str, added: set[str], status: str, note: str
) -> Content:
    """The entries this paste added to a list, with the status and note asked for."""
    rlist = content.lists[list_id]
    entries = tuple(
        dataclasses.replace(e, status=status, note=note.strip()) if e.paper in added else e
        for e in rlist.entries
    )
    lists = {**content.lists, list_id: dataclasses.replace(rlist, entries=entries)}
    return dataclasses.replace(content, lists=lists)


def _record(
    old: Content,
    new: Content,
    report: Report,
    paper_id: str,
    given: IncomingPaper | None,
    list_id: str,
    already: set[str],
    namesakes: Mapping[str, tuple[str, bool]],
    same_as: Mapping[str, str],
) -> Record:
    paper = new.papers[paper_id]
    reasons = {(m.spelling, m.author): m.reason for m in report.authors_merged}

    def people(ids: Sequence[str], names: Sequence[str]) -> tuple[Person, ...]:
        # a byline of n names becomes n ids, fewer only when one person is named twice
        spellings = list(names) if len(names) == len(ids) else [""] * len(ids)
        people = []
        for aid, spelling in zip(ids, spellings, strict=True):
            namesake = namesakes.get(spelling, ("", False))[0]
            chosen = bool(namesake) and same_as.get(spelling) == aid == namesake
            reason = "you said so: the same name" if chosen else reasons.get((spelling, aid), "")
            shown = spelling or new.authors[aid].name
            people.append(
                Person(shown, aid, new.authors[aid].name, aid not in old.authors, reason,
                       namesake, chosen)
            )  # fmt: skip
        return tuple(people)

    authors = [n.spelling for n in given.authors] if given else []
    editors = [n.spelling for n in given.editors] if given else []
    listed = ("already" if paper_id in already else "added") if list_id else ""
    return Record(
        paper,
        paper_id not in old.papers,
        people(paper.authors, authors),
        people(paper.editors, editors),
        listed,
    )


def save_paste(
    site: Path,
    text: str,
    *,
    today: dt.date,
    list_id: str = "",
    status: str = "to-read",
    note: str = "",
    fetch: Fetch | None = None,
    same_as: Mapping[str, str] | None = None,
    cache: ParsedFiles | None = None,
) -> tuple[Plan, tuple[Path, ...]]:
    """Save a paste: the plan, made again from the files as they are now, and what it wrote."""
    content = load(site, cache=cache)
    plan = plan_paste(
        content, site, text, today=today, list_id=list_id, status=status, note=note,
        fetch=fetch, same_as=same_as,
    )  # fmt: skip
    return plan, save(site, plan.old, plan.new, schemas=False)


def load(site: Path, *, finish: bool = True, cache: ParsedFiles | None = None) -> Content:
    """The site's content, after finishing what a stopped command left (unless `finish` is
    False: for a page that only shows it); refused if invalid. With `cache`, files unchanged
    since the last read are not parsed again (as in a rebuild)."""
    if finish:
        recover(site)
    content, problems = read_content(site, cache=cache)
    if problems.errors:
        raise UserError(problems.errors)
    return content


# --- a list ----------------------------------------------------------------------------------

ACTIONS = ("update", "add", "remove")


@dataclass(frozen=True)
class ListChange:
    """One change to a reading list, as the editor's forms ask for it."""

    action: str  # update (status and note), add, remove
    list_id: str
    paper_id: str
    status: str = "to-read"
    note: str = ""


def change_list(content: Content, change: ListChange, today: dt.date) -> Content:
    """The content with one list changed; refused when the list, paper or status is unknown,
    the paper is already on the list (add) or is not on it (update, remove)."""
    if change.action not in ACTIONS:
        raise refuse(f"'{change.action}' is no change to a list")
    _check_list(content, change.list_id, change.status)
    if not change.list_id:
        raise refuse("which list? (no list given)")
    rlist = content.lists[change.list_id]
    if change.paper_id not in content.papers:
        raise refuse(f"there is no paper '{change.paper_id}'")
    listed = any(e.paper == change.paper_id for e in rlist.entries)
    note = change.note.strip()
    if change.action == "add":
        if listed:
            raise refuse(f"'{change.paper_id}' is already on the list '{rlist.id}'")
        entry = Entry(change.paper_id, change.status, today, note)
        entries = (*rlist.entries, entry)
    elif not listed:
        raise refuse(f"'{change.paper_id}' is not on the list '{rlist.id}'")
    elif change.action == "remove":
        entries = tuple(e for e in rlist.entries if e.paper != change.paper_id)
    else:
        entries = tuple(
            dataclasses.replace(e, status=change.status, note=note)
            if e.paper == change.paper_id
            else e
            for e in rlist.entries
        )
    lists = {**content.lists, rlist.id: dataclasses.replace(rlist, entries=entries)}
    return dataclasses.replace(content, lists=lists)


def save_list_change(
    site: Path, change: ListChange, today: dt.date, cache: ParsedFiles | None = None
) -> tuple[Path, ...]:
    """Apply one list change to the files; what was written (nothing when nothing changed)."""
    content = load(site, cache=cache)
    return save(site, content, change_list(content, change, today), schemas=False)

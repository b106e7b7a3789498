"""Merging imported records into a site's content, without losing anything an editor wrote.

Pure: existing content + records in -> new content + a report out. The caller writes the files.
Rules: a paper already present (same arXiv id, DOI or ISBN of a book; the same title after
normalising with years within one and a shared author family name, as Zotero decides; or the
same abstract) is merged, never duplicated; different editions, a thesis and its book, a
conference paper and its journal version stay apart. Fields an editor has set are never
overwritten, new facts only fill gaps. Authors (and editors) are decided last, over every
record at once (people.py): the same result in whatever order the records come.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields

from rapidfuzz import fuzz, process

from generator.base.errors import Problem
from generator.base.names import Name, fold, fold_family, make_id, unique_id
from generator.editing.ingest.abstracts import strip_prefix
from generator.editing.ingest.identity import (
    AuthorIndex,
    Match,
    author_names,
    known_spellings,
    rare_name,
    reordered,
    same_person,
    spelling_key,
)
from generator.editing.ingest.incoming import (
    TEXT_FIELDS,
    AbstractList,
    BibtexFile,
    IncomingPaper,
    PublicationList,
    Source,
    without_placeholders,
)
from generator.editing.ingest.people import (
    SHORT,
    SPLIT,
    Byline,
    Resolution,
    Undecided,
    closeness,
    pasted_list,
    resolve_people,
)
from generator.model.checks import published_apart
from generator.model.records import (
    Author,
    Content,
    Entry,
    Paper,
    PaperLinks,
    ReadingList,
    type_stated,
)

UNDECIDED_SHOWN = 50  # pairs kept apart for lack of evidence, listed one by one

# fuzz.ratio of normalised abstracts. Distinct abstracts in the seeds score at most 46; the same
# abstract with 100 random character edits, or a sentence dropped, still scores 90 or more.
ABSTRACT_THRESHOLD = 85.0
PLACEHOLDER_WORDS = 12
# fuzz.token_set_ratio of two titles under which two records sharing an identifier are two
# works (with different first authors): a subtitle or a word dropped still scores 90 to 100;
# two papers of one group given one arXiv id by mistake, 61
SAME_WORK_TITLE = 75.0
_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "–": "-",
        "—": "-",
        "−": "-",
        "‐": "-",
        "‑": "-",
    }
)


def normalise_abstract(text: str) -> str:
    """An abstract reduced for comparison: no label, one quote and dash style, single spaces."""
    return " ".join(strip_prefix(text).translate(_QUOTES).lower().split())


# a note on what version a record is, which DBLP writes into titles and other sources do not:
# 'Protocols for Secure Computations (Extended Abstract)' is Yao's FOCS 1982 paper
_VERSION_NOTE = re.compile(
    r"\s*[(\[]\s*(?:extended\s+abstract|abstract|preliminary\s+(?:version|report)|"
    r"extended\s+version|full\s+version|short\s+paper|invited\s+(?:paper|talk))\s*[)\]]\W*$",
    re.IGNORECASE,
)


def title_key(title: str) -> str:
    """A title reduced for comparison: case, accents, punctuation and spacing ignored, and a
    closing note of the version ('(Extended Abstract)')."""
    return fold(_VERSION_NOTE.sub("", title)) or fold(title)


def isbn_keys(isbn: str) -> set[str]:
    """The ISBNs a field lists ("0-201-13447-0 (hardcover), 0-201-13448-9"), normalised."""
    compact = re.sub(r"(?<=[\dXx])[-\s](?=[\dXx])", "", isbn)
    return {m.upper() for m in re.findall(r"\b(?:97[89])?\d{9}[\dXx]\b", compact)}


def _year_distance(a: int | None, b: int | None) -> int:
    return abs(a - b) if a is not None and b is not None else 0


def _known_type(paper: Paper | IncomingPaper) -> str:
    """A paper's type when its record says it; a type a file only implies (a venue alone
    reads as conference, an arXiv id as preprint) is unknown."""
    if isinstance(paper, Paper) and paper.source.path and not type_stated(paper):
        return "" if paper.type in ("conference", "preprint", "other") else paper.type
    return paper.type


# types that say nothing of where a work was published: any other says more
VAGUE_TYPES = frozenset(("", "preprint", "other"))


def _takes_type(old: Paper, new: IncomingPaper) -> bool:
    """Whether a paper takes the type of another record of it: one its file only implies
    (_known_type) or none, but never a vague one (VAGUE_TYPES) over one that says more, and
    never over the type its file states (an editor's). The arXiv copy of a conference paper,
    read after the paper whose file implies 'conference' by its booktitle, made it a preprint
    when the same file was imported again. A type this import gave stays while records come
    in (records merge into a paper while its type is vague, and a later record's type would
    make them two works); result() settles a vague one (_said)."""
    if not new.type or new.type == old.type or (old.source.path and type_stated(old)):
        return False
    if new.type in VAGUE_TYPES and old.type not in VAGUE_TYPES:
        return False
    return not _known_type(old)


def different_works(a: Paper, b: IncomingPaper) -> str:
    """Why two records with one title are different works ('' when nothing says so): years
    more than one apart; different types (a thesis and its book, a conference paper and its
    journal version, a report and its article), a preprint being the same work as what it
    became; different editions, volumes, issues or pages."""
    if _year_distance(a.year, b.year) > 1:
        return "years"
    types = {_known_type(a), _known_type(b)} - VAGUE_TYPES
    if len(types) > 1:
        return " and ".join(sorted(types))
    return published_apart(a, b)


def placeholder_title(abstract: str) -> str:
    """A stand-in title for a paper known only by its abstract: its first words."""
    first = re.split(r"(?<=[.!?])\s", strip_prefix(abstract).strip(), maxsplit=1)[0]
    words = first.split()
    text = " ".join(words[:PLACEHOLDER_WORDS]).rstrip(".")
    return text + ("…" if len(words) > PLACEHOLDER_WORDS else "")


@dataclass(frozen=True)
class AuthorMerge:
    """One spelling merged into an author, and why."""

    spelling: str
    author: str
    reason: str
    via: str
    files: tuple[str, ...] = ()  # one spelling in two files (or twice in one): them, "" the site
    times: int = 1  # how many such joins this line stands for (a vague name on long lists)


@dataclass
class Report:
    """What an import did, for the summary it prints."""

    papers_added: list[str] = field(default_factory=list)
    papers_merged: list[str] = field(default_factory=list)
    papers_completed: list[str] = field(default_factory=list)
    authors_added: list[str] = field(default_factory=list)
    authors_merged: list[AuthorMerge] = field(default_factory=list)
    entries_matched: list[tuple[str, int, str, float]] = field(default_factory=list)
    entries_unmatched: list[tuple[str, int, str]] = field(default_factory=list)
    lists_added: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    imported: list[str] = field(default_factory=list)  # every paper the sources named, in order
    skipped: int = 0  # BibTeX entries that could not be read
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _People:
    """What who-is-who needs of an incoming record, kept until the end of an import: its
    people and where and when it appeared, not its title, abstract and other fields (the
    paper has them; 100,000 records are kept)."""

    authors: tuple[Name, ...]
    editors: tuple[Name, ...]
    orcids: tuple[str, ...]
    editor_orcids: tuple[str, ...]
    venue: str
    year: int | None
    et_al: bool

    @classmethod
    def of(cls, paper: IncomingPaper) -> _People:
        return cls(paper.authors, paper.editors, paper.orcids, paper.editor_orcids,
                   _venue(paper), paper.year, paper.et_al)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Record:
    """One incoming paper's people and the paper it became or merged into."""

    paper: str
    incoming: _People
    path: str
    created: bool  # this record added the paper


PAPER_TEXT_FIELDS = tuple(name for name in TEXT_FIELDS if name != "citation_key")
# the fields a paper takes from its records, the type apart (_takes_type): those it had no
# value for (FILLED), and for a paper this import made, the best record's (CHOSEN: _chosen)
FILLED_FIELDS = (
    "year",
    "month",
    "abstract",
    "tags",
    *(name for name in PAPER_TEXT_FIELDS if name != "type"),
)
CHOSEN_FIELDS = ("citation_key", *FILLED_FIELDS)  # and the title: _Choice
# the names a record may give in capitals only (Web of Science's journals)
CASED_FIELDS = frozenset(
    "venue journal booktitle publisher series school institution organization address "
    "howpublished".split()
)
LINK = "links."  # _chosen's name of a link of one kind: 'links.pdf'


@dataclass
class _NewAuthor:
    """An author created by this import; its canonical spelling is chosen at the end."""

    spellings: list[Name]


class Importer:
    """Merges sources into content one record at a time; `result()` gives the new content."""

    def __init__(self, content: Content, today: dt.date, highlighted: Iterable[str] = ()) -> None:
        self.today = today
        self.highlighted = tuple(highlighted)
        self.papers: dict[str, Paper] = dict(content.papers)
        self.authors: dict[str, Author] = dict(content.authors)
        self.lists: dict[str, ReadingList] = dict(content.lists)
        self.index = AuthorIndex.of(content.authors)
        self.new_authors: dict[str, _NewAuthor] = {}
        self.records: list[_Record] = []
        self._editor_records: list[_Record] = []
        self._first = 0
        self.owners: list[tuple[Name, str]] = []  # publication lists' owners, with the file
        self.original = content
        self.report = Report()
        self._by_arxiv = {p.arxiv.lower(): p.id for p in self.papers.values() if p.arxiv}
        self._by_doi = {p.doi.lower(): p.id for p in self.papers.values() if p.doi}
        self._by_title: dict[str, list[str]] = {}
        self._by_isbn: dict[str, str] = {}
        # abstracts: each one's digest -> the first paper with it; those of the papers known by
        # their abstract alone (a reading list's); and, once a reading list of abstracts comes,
        # every paper's (_all_abstracts)
        self._by_abstract: dict[bytes, str] = {}
        self._abstract_only: dict[str, str] = {}
        self._every_abstract: dict[str, str] | None = None
        self._families: dict[str, tuple[str, ...]] = {}
        # papers this import made from a record of a vague type (a preprint, a @misc): the one
        # type that says more which their other records give, or "" where they give several
        # (result() settles it: the arXiv copy first, then the conference paper, is a
        # conference paper, as the other way round)
        self._said: dict[str, str] = {}
        # papers this import made from two records or more: what their records give (_chosen)
        self._ranks: dict[str, _Choice] = {}
        folded: dict[str, tuple[str, ...]] = {}  # author id -> _author_families
        for paper in sorted(self.papers.values(), key=lambda p: p.id):
            self._index(paper)
            people = [a for a in (*paper.authors, *paper.editors) if a in self.authors]
            for author_id in people:
                if author_id not in folded:
                    folded[author_id] = _author_families(self.authors[author_id])
            self._families[paper.id] = tuple(
                {family: None for author_id in people for family in folded[author_id]}
            )

    # --- sources --------------------------------------------------------------------------

    def add(self, sources: Iterable[Source]) -> None:
        """Merge every source; full records (publication lists) go before abstract-only ones."""
        ordered = sorted(sources, key=lambda s: isinstance(s, AbstractList))
        for source in ordered:
            if isinstance(source, PublicationList):
                self._add_publication_list(source)
            elif isinstance(source, BibtexFile):
                self.report.warnings.extend(source.problems)
                self.report.skipped += sum(not p.warning for p in source.problems)
                for paper in source.papers:
                    self._add_paper(paper, source.path)
            else:
                self._add_abstract_list(source)

    def _add_publication_list(self, source: PublicationList) -> None:
        self.owners.append((source.owner, source.path))
        for paper in source.papers:
            self._add_paper(paper, source.path)

    def _add_abstract_list(self, source: AbstractList) -> None:
        list_id = self._list_for(source.reader)
        paper_ids = []
        for item in source.entries:
            paper_id, score = self.add_abstract(item.abstract)
            if score is None:
                self.report.entries_unmatched.append((source.path, item.line, paper_id))
            else:
                self.report.entries_matched.append((source.path, item.line, paper_id, score))
            paper_ids.append(paper_id)
        self.add_to_list(list_id, paper_ids)

    def add_abstract(self, abstract: str) -> tuple[str, float | None]:
        """The known paper with this abstract and the similarity score; or, when none has it,
        a new paper marked needs_metadata, titled by the abstract's first words, and None."""
        paper_id, score = self._match_abstract(abstract, self._all_abstracts())
        if paper_id is not None:
            return paper_id, score
        title = placeholder_title(abstract)
        return self._new_paper(Paper("", title, abstract=abstract)), None

    def add_to_list(self, list_id: str, paper_ids: Iterable[str]) -> None:
        """Append papers to a list, each once, keeping the entries already there."""
        rlist = self.lists[list_id]
        entries = list(rlist.entries)
        listed = {entry.paper for entry in entries}
        for paper_id in paper_ids:
            if paper_id not in listed:
                listed.add(paper_id)
                entries.append(Entry(paper=paper_id, status="to-read", added=self.today))
        self.lists[list_id] = dataclasses.replace(rlist, entries=tuple(entries))

    def _list_for(self, reader: str) -> str:
        """The list of this reader: the one they curate under their id, or a new one."""
        base = make_id(reader, "reading-list")
        for list_id, rlist in sorted(self.lists.items()):
            if rlist.curator == reader and (list_id == base or list_id.startswith(base + "-")):
                return list_id
        list_id = unique_id(base, self.lists)
        self.lists[list_id] = ReadingList(
            id=list_id, title=f"{reader}’s reading list", curator=reader
        )
        self.report.lists_added.append(list_id)
        return list_id

    # --- papers ---------------------------------------------------------------------------

    def _add_paper(self, incoming: IncomingPaper, path: str) -> None:
        """Find or add the paper a record describes; its authors are decided later, with all
        the other records (resolve_authors)."""
        incoming = self._without_borrowed_ids(without_placeholders(incoming), path)
        again = pasted_list(incoming.authors)
        if again:
            self.report.warnings.append(
                Problem(
                    path,
                    incoming.line,
                    f"'{incoming.title}' lists {len(incoming.authors)} authors and gives {again} "
                    "of them again: is it a reference list pasted into the author field? Its "
                    "authors are imported as they are, but two close names on it are not taken "
                    "for one person; correct its author field and import it again",
                    warning=True,
                )
            )
        existing = self.find_paper(incoming)
        if existing is None:
            paper_id = self.add_new_paper(incoming, ())
            self.records.append(_Record(paper_id, _People.of(incoming), path, created=True))
        else:
            self._merge_fields(self.papers[existing], incoming)
            self.records.append(_Record(existing, _People.of(incoming), path, created=False))
            paper_id = existing
        self.report.imported.append(paper_id)
        kind, new = incoming.type, paper_id not in self.original.papers
        if new and kind not in VAGUE_TYPES and self.papers[paper_id].type in VAGUE_TYPES:
            self._said[paper_id] = kind if self._said.get(paper_id, kind) == kind else ""

    def _without_borrowed_ids(self, incoming: IncomingPaper, path: str) -> IncomingPaper:
        """A record whose arXiv id or DOI is a known paper's, but whose title and first author
        are another's, is a paper of its own, without that identifier (a copied identifier: a
        wireless library gave one arXiv id to two papers of one group, and the second paper
        vanished into the first); a warning names both, so the editor can correct it."""
        arxiv, doi = incoming.arxiv, incoming.doi
        if self._borrowed(incoming, path, "arXiv id", arxiv, self._by_arxiv):
            arxiv = ""
        if self._borrowed(incoming, path, "DOI", doi, self._by_doi):
            doi = ""
        if (arxiv, doi) == (incoming.arxiv, incoming.doi):
            return incoming
        return dataclasses.replace(incoming, arxiv=arxiv, doi=doi)

    def _borrowed(
        self, incoming: IncomingPaper, path: str, what: str, value: str, index: dict[str, str]
    ) -> bool:
        """Whether a record's identifier is a known paper's that the record is plainly not
        (_another_work); if so, a warning says it."""
        known = index.get(value.lower()) if value else None
        if known is None or not self._another_work(known, incoming):
            return False
        paper = self.papers[known]
        self.report.warnings.append(
            Problem(
                path,
                incoming.line,
                f"'{incoming.title}' gives the {what} {value} of '{paper.title}' ({paper.id}), "
                f"another title by another first author: imported as a paper of its own without "
                f"the {what}; correct the {what} of the one that is wrong",
                warning=True,
            )
        )
        return True

    def _another_work(self, paper_id: str, incoming: IncomingPaper) -> bool:
        """Whether a record is plainly not the known paper it shares an identifier with: the
        titles have little in common and the first authors' family names differ."""
        paper, families = self.papers[paper_id], self._families.get(paper_id, ())
        if not (paper.title and incoming.title and families and incoming.authors):
            return False
        similar = fuzz.token_set_ratio(title_key(paper.title), title_key(incoming.title))
        return similar < SAME_WORK_TITLE and fold_family(incoming.authors[0].family) != families[0]

    def add_new_paper(self, incoming: IncomingPaper, authors: tuple[str, ...]) -> str:
        """Add a paper that matched no known one, with every field it has; returns its id."""
        fields: dict[str, object] = {name: getattr(incoming, name) for name in TEXT_FIELDS}
        fields.update(
            year=incoming.year,
            month=incoming.month,
            tags=incoming.tags,
            et_al=incoming.et_al,
            anonymous=incoming.anonymous,
            links=PaperLinks(**dict(incoming.links)),
        )
        paper_id = self._new_paper(
            Paper("", incoming.title, authors, abstract=incoming.abstract, **fields)  # type: ignore[arg-type]
        )
        self._families[paper_id] = _families(incoming.authors, incoming.editors)
        return paper_id

    def find_paper(self, incoming: IncomingPaper) -> str | None:
        """The known paper an incoming record is: the same arXiv id, DOI or (books) ISBN; the
        same title with years within one and a shared author family name (Zotero's rule),
        unless something says they are different works; or the same abstract."""
        if incoming.arxiv and incoming.arxiv.lower() in self._by_arxiv:
            return self._by_arxiv[incoming.arxiv.lower()]
        if incoming.doi and incoming.doi.lower() in self._by_doi:
            return self._by_doi[incoming.doi.lower()]
        if incoming.type == "book":
            for isbn in sorted(isbn_keys(incoming.isbn)):
                found = self._by_isbn.get(isbn)
                if found and not different_works(self.papers[found], incoming):
                    return found
        families = {fold_family(n.family) for n in (*incoming.authors, *incoming.editors)}
        for paper_id in self._by_title.get(title_key(incoming.title), ()):
            paper, known = self.papers[paper_id], self._families.get(paper_id, ())
            if different_works(paper, incoming):
                continue
            if known and families and families.isdisjoint(known):
                continue
            return paper_id
        if incoming.abstract:  # completes a paper known only by its abstract
            found = self._match_abstract(incoming.abstract, self._abstract_only)[0]
            match = self.papers[found] if found else None
            if match is None or found is None:
                return None
            if match.title == placeholder_title(match.abstract):
                return found  # a paper known by its abstract alone
            # the same abstract is one paper (an editor may have retitled it), unless the years,
            # the authors or where they were published say two works: a boilerplate abstract
            # ('No abstract is available for this item.') of two 1978 and 1979 papers of RePEc,
            # by Ross and by Harrison
            dated = bool(match.year and incoming.year)
            if dated and abs((match.year or 0) - (incoming.year or 0)) > 1:
                return None
            # nor two articles of one newsletter under one pasted abstract, on pages 46 and 46-49
            if different_works(match, incoming):
                return None
            # nor the front matter of one book, its 'Contents' and 'Acknowledgements', each
            # with a DOI of its own under the book's abstract
            if match.doi and incoming.doi and match.doi.lower() != incoming.doi.lower():
                return None
            known = self._families.get(found, ())
            if known and families and families.isdisjoint(known):
                return None
            return found
        return None

    def _match_abstract(self, abstract: str, close: Mapping[str, str]) -> tuple[str | None, float]:
        """The paper with this abstract (100), or the closest of `close` (paper id ->
        normalised abstract) above ABSTRACT_THRESHOLD, with its score; None, 0 when none.
        A record is compared closely only with the papers known by their abstract alone: with
        every paper, 10,000 records with abstracts took 7 minutes (each against all)."""
        text = normalise_abstract(abstract)
        same = self._by_abstract.get(_digest(text))
        if same is not None:
            return same, 100.0
        if not close:
            return None, 0.0
        best = process.extractOne(text, close, scorer=fuzz.ratio, score_cutoff=ABSTRACT_THRESHOLD)
        if best is None:
            return None, 0.0
        _, score, paper_id = best
        return str(paper_id), round(float(score), 1)

    def _new_paper(self, paper: Paper) -> str:
        paper_id = unique_id(make_id(paper.title, "paper"), self.papers)
        needs = not (paper.title and paper.authors and paper.year) or (
            paper.title == placeholder_title(paper.abstract)
        )
        paper = dataclasses.replace(paper, id=paper_id, added=self.today, needs_metadata=needs)
        self._remember(paper)
        self.report.papers_added.append(paper_id)
        return paper_id

    def _remember(self, paper: Paper) -> None:
        self.papers[paper.id] = paper
        self._index(paper)

    def _all_abstracts(self) -> dict[str, str]:
        """Every paper's normalised abstract (a reading list's abstracts are matched closely
        with all papers), built once."""
        if self._every_abstract is None:
            self._every_abstract = {
                p.id: normalise_abstract(p.abstract) for p in self.papers.values() if p.abstract
            }
        return self._every_abstract

    def _index(self, paper: Paper) -> None:
        same_title = self._by_title.setdefault(title_key(paper.title), [])
        if paper.id not in same_title:
            same_title.append(paper.id)
        if paper.arxiv:
            self._by_arxiv.setdefault(paper.arxiv.lower(), paper.id)
        if paper.doi:
            self._by_doi.setdefault(paper.doi.lower(), paper.id)
        if paper.type in ("book", ""):
            for isbn in isbn_keys(paper.isbn):
                self._by_isbn.setdefault(isbn, paper.id)
        if paper.abstract:
            text = normalise_abstract(paper.abstract)
            self._by_abstract.setdefault(_digest(text), paper.id)
            if paper.title == placeholder_title(paper.abstract):
                self._abstract_only[paper.id] = text
            else:
                self._abstract_only.pop(paper.id, None)
            if self._every_abstract is not None:
                self._every_abstract[paper.id] = text

    def _merge_fields(self, old: Paper, new: IncomingPaper) -> None:
        """Fill the gaps of an existing paper, authors apart; what an editor set is kept. A
        paper this import made takes each field from the best of its records (_chosen)."""
        placeholder = old.needs_metadata and old.title == placeholder_title(old.abstract)
        changes: dict[str, object] = {}
        if placeholder and new.title:
            changes["title"] = new.title
        links: dict[str, str] = {}
        if old.id in self.original.papers:
            for name in FILLED_FIELDS:
                if not getattr(old, name) and getattr(new, name):
                    changes[name] = getattr(new, name)
            links = {kind: url for kind, url in new.links if not getattr(old.links, kind)}
        else:
            for name, value in self._chosen(old, new, placeholder).items():
                if name.startswith(LINK):
                    links[name.removeprefix(LINK)] = str(value)
                else:
                    changes[name] = value
        if (placeholder and new.type and new.type != old.type) or _takes_type(old, new):
            changes["type"] = new.type
        if new.et_al and not old.et_al and not old.authors:
            changes["et_al"] = True
        if new.anonymous and not old.anonymous and not old.authors:
            changes["anonymous"] = True
        if links:
            changes["links"] = dataclasses.replace(old.links, **links)
        if changes:
            self._remember(dataclasses.replace(old, **changes))  # type: ignore[arg-type]

    def _chosen(self, old: Paper, new: IncomingPaper, placeholder: bool) -> dict[str, object]:
        """The fields (and links: LINK + kind) a new record gives a paper this import made,
        so that the paper reads the same whatever the order of its records: each field's
        value is its best record's (_field_rank: not the capitals of Web of Science, the
        published record's year, not the preprint's), the title the one most records give,
        best written (_written)."""
        choice = self._ranks.get(old.id)
        if choice is None:  # its first merge: the paper is still its first record
            choice = self._ranks[old.id] = _Choice({}, {})
            _weigh(choice, old, titled=not placeholder)  # a stand-in title is no title
        changes = _weigh(choice, new, titled=bool(new.title))
        if choice.titles:
            titles = choice.titles  # most records, the best record, the longer, the text
            best = max(titles, key=lambda key: (titles[key][0], titles[key][1], len(key), key))
            title = titles[best][2][-1]
            if title != old.title:
                changes["title"] = title
        return changes

    def _merge_authors(
        self, record: _Record, authors: tuple[str, ...], per_name: tuple[str, ...]
    ) -> None:
        """Give a paper the authors of a record: all of them for a paper without any; the
        rest of them for one whose list was cut short ('and others', `et_al`) and that the
        record gives whole, the same people first; for one that has some, only where an editor
        split a spelling off (`not_same_as`)."""
        old = self.papers[record.paper]
        if not old.authors and authors:
            # 'and others' is the byline's: a new paper given a whole one is not cut short
            cut = old.et_al and (record.incoming.et_al or record.paper in self.original.papers)
            self._remember(dataclasses.replace(old, authors=authors, et_al=cut))
        elif old.et_al and not record.incoming.et_al and authors[: len(old.authors)] == old.authors:
            if len(authors) > len(old.authors):  # imported again, the paper reads as in one go
                self._remember(dataclasses.replace(old, authors=authors, et_al=False))
        elif old.authors and not record.created:
            repointed = self._respect_not_same_as(old, record.incoming, per_name)
            if repointed != old.authors:
                self._remember(dataclasses.replace(old, authors=repointed))

    def _settle(self, paper: Paper) -> Paper:
        """A paper's `needs_metadata` once its title, authors (or editors, for a book that
        has only editors; or none, for an anonymous work) and year are known."""
        named = paper.authors or paper.editors or paper.anonymous
        complete = bool(paper.title and named and paper.year) and (
            paper.title != placeholder_title(paper.abstract)
        )
        return dataclasses.replace(paper, needs_metadata=False) if complete else paper

    def _respect_not_same_as(
        self, old: Paper, new: _People, authors: tuple[str, ...]
    ) -> tuple[str, ...]:
        """Where an editor split a spelling off an author (`not_same_as`), follow the split."""
        result = list(old.authors)
        for name, new_id in zip(new.authors, authors, strict=True):
            key = spelling_key(name.spelling)
            for position, author_id in enumerate(result):
                author = self.authors.get(author_id)
                excluded = {spelling_key(s) for s in author.not_same_as} if author else set()
                if key in excluded and new_id not in result:
                    result[position] = new_id
        return tuple(result)

    # --- authors --------------------------------------------------------------------------

    def author_for(self, name: Name, path: str, line: int) -> str:
        """The author id for a spelling: a known author (recording a merge) or a new one.
        Only the same name (apart from accents, case, punctuation or how it is split) is
        matched, or a middle name or short form of a rare full name (identity.rare_name), as
        an import does: a name that merely fits another (an initial, a common name's middle
        name) takes evidence, which one typed paper does not give; `new paper` says so."""
        match: Match = self.index.resolve(name)
        if match.author is not None and match.reason and closeness(match.reason) < SPLIT:
            via = next(n for n in self.index.spellings(match.author) if n.spelling == match.via)
            if closeness(match.reason) >= SHORT and rare_name(name) and rare_name(via):
                reason = f"{match.reason}; a full name that is not a common one"
                match = Match(match.author, reason, match.via)
            else:
                match = Match(None)
        if match.ambiguous and match.author is None:
            self.report.warnings.append(
                Problem(
                    path,
                    line,
                    (
                        f"'{name.spelling}' could be any of {', '.join(match.ambiguous)}; "
                        "made a new author. If it is one of them, replace the new id in the "
                        "paper and add the spelling to that author's aliases"
                    ),
                    warning=True,
                )
            )
        elif match.ambiguous:
            self.report.warnings.append(
                Problem(
                    path,
                    line,
                    (
                        f"'{name.spelling}' is an alias of {', '.join(match.ambiguous)}; linked to "
                        f"{match.author}"
                    ),
                    warning=True,
                )
            )
        if match.author is None:
            author_id = f"\0new{len(self.new_authors)}"
            self.new_authors[author_id] = _NewAuthor([name])
            self.index.add(author_id, name)
            return author_id
        if match.reason or not self._has_spelling(match.author, name):
            self.index.add(match.author, name)
            self._add_alias(match.author, name, match)
        return match.author

    def _has_spelling(self, author_id: str, name: Name) -> bool:
        key = spelling_key(name.spelling)
        return any(spelling_key(n.spelling) == key for n in self.index.spellings(author_id))

    def _add_alias(self, author_id: str, name: Name, match: Match) -> None:
        if author_id in self.new_authors:
            spellings = self.new_authors[author_id].spellings
            if all(spelling_key(s.spelling) != spelling_key(name.spelling) for s in spellings):
                spellings.append(name)
        else:
            author = self.authors[author_id]
            if name.spelling not in author.aliases:
                self.authors[author_id] = dataclasses.replace(
                    author, aliases=(*author.aliases, name.spelling)
                )
        if match.reason:
            self.report.authors_merged.append(
                AuthorMerge(name.spelling, author_id, match.reason, match.via)
            )

    # --- result ---------------------------------------------------------------------------

    def resolve_authors(self) -> None:
        """Decide who is who over every record at once, then give each paper its authors."""
        if not self.records and not self.owners:
            return
        originals = sorted(self.original.papers.values(), key=lambda p: p.id)
        bylines = [
            Byline(
                p.id, authors=p.authors, venue=_venue(p), year=p.year or 0, title=_title(p.title)
            )
            for p in originals
            if p.authors
        ]
        # editors are resolved like authors, in bylines of their own (never aligned with the
        # authors' positions: another paper key)
        bylines += [
            Byline(f"{p.id}#editors", authors=p.editors, venue=_venue(p), year=p.year or 0)
            for p in originals
            if p.editors
        ]
        first = len(bylines)
        lists = {path for _, path in self.owners}  # one person's publication lists
        bylines += [
            Byline(r.paper, names=r.incoming.authors, venue=r.incoming.venue,
                   year=r.incoming.year or 0,
                   orcids=_orcids(r.incoming.orcids, r.incoming.authors), source=r.path,
                   group=r.path if r.path in lists else "",
                   title=_title(self.papers[r.paper].title))
            for r in self.records
        ]  # fmt: skip
        bylines += [
            Byline("", names=(owner,), source=path, group=path) for owner, path in self.owners
        ]
        self._editor_records = [r for r in self.records if r.incoming.editors]
        bylines += [
            Byline(f"{r.paper}#editors", names=r.incoming.editors, venue=r.incoming.venue,
                   year=r.incoming.year or 0,
                   orcids=_orcids(r.incoming.editor_orcids, r.incoming.editors), source=r.path)
            for r in self._editor_records
        ]  # fmt: skip
        self._first = first
        resolution = resolve_people(self.authors, bylines, self.highlighted)
        rows = resolution.bylines[first : first + len(self.records)]
        after_owners = first + len(self.records) + len(self.owners)
        editor_rows = resolution.bylines[after_owners:]
        on_papers = {person for row in (*rows, *editor_rows) for person in row}
        owners = [
            self._owner_of(row[0], rows, resolution, on_papers)
            for row in resolution.bylines[first + len(self.records) : after_owners]
        ]
        ids = self._person_ids(resolution, on_papers | set(owners))
        # a paper without authors takes the fullest byline its records give, whatever their
        # order: a full list before one cut short with 'and others', full names before initials
        # (one paper in two files of a genomics group: 88 names with initials, 10 and others)
        given = sorted(zip(self.records, rows, strict=False), key=lambda pair: _fullest(pair[0]))
        for record, row in given:
            per_name = tuple(ids[person] for person in row)
            self._merge_authors(record, tuple(dict.fromkeys(per_name)), per_name)
        for record, row in zip(self._editor_records, editor_rows, strict=True):
            old = self.papers[record.paper]
            if not old.editors:
                editors = tuple(dict.fromkeys(ids[person] for person in row))
                self._remember(dataclasses.replace(old, editors=editors))
        self._add_orcids(rows, editor_rows, ids)
        self.report.owners = [ids[person] for person in owners]
        self._report_people(resolution, ids)

    def _add_orcids(
        self,
        rows: list[tuple[int, ...]],
        editor_rows: list[tuple[int, ...]],
        ids: dict[int, str],
    ) -> None:
        """An author without an ORCID gets the one a record gives at their position."""
        pairs = [
            *((r.incoming.orcids, row) for r, row in zip(self.records, rows, strict=False)),
            *(
                (r.incoming.editor_orcids, row)
                for r, row in zip(self._editor_records, editor_rows, strict=True)
            ),
        ]
        for orcids, row in pairs:
            for orcid, person in zip(orcids, row, strict=False):
                author = self.authors.get(ids[person])
                if orcid and author is not None and not author.links.orcid:
                    links = dataclasses.replace(author.links, orcid=orcid)
                    self.authors[author.id] = dataclasses.replace(author, links=links)

    @staticmethod
    def _owner_of(
        person: int, rows: list[tuple[int, ...]], resolution: Resolution, on_papers: set[int]
    ) -> int:
        """A publication list's owner: the person on the papers whose name fits."""
        if person in on_papers:
            return person
        owner = resolution.people[person][0]
        counts: dict[int, int] = {}
        for row in rows:
            for candidate in row:
                names = resolution.people[candidate]
                if any(same_person(owner, name) for name in names):
                    counts[candidate] = counts.get(candidate, 0) + 1
        return max(sorted(counts), key=lambda c: counts[c]) if counts else person

    def _person_ids(self, resolution: Resolution, people: set[int]) -> dict[int, str]:
        """Each person's author id: the existing author's, or a new author named after the
        best-attested full spelling (the first of its spellings)."""
        ids: dict[int, str] = {}
        taken = set(self.authors)
        fresh = sorted(
            (p for p in people if p not in resolution.authors),
            key=lambda p: (resolution.people[p][0].display, resolution.people[p][0].spelling),
        )
        for person in people & set(resolution.authors):
            author_id = resolution.authors[person]
            ids[person] = author_id
            author = self.authors[author_id]
            known = known_spellings(author)
            added = [n.spelling for n in resolution.people[person] if n.spelling not in known]
            if added:
                self.authors[author_id] = dataclasses.replace(author, aliases=(*known, *added))
        for person in fresh:
            spellings = resolution.people[person]  # best-attested first
            ids[person] = self._add_author(spellings[0], spellings, taken)
        return ids

    def _add_author(self, canonical: Name, spellings: Sequence[Name], taken: set[str]) -> str:
        """A new author named after `canonical`, with every spelling as an alias; its id."""
        author_id = unique_id(make_id(canonical.display, "author"), taken)
        taken.add(author_id)
        self.authors[author_id] = Author(
            id=author_id,
            name=canonical.display,
            family=canonical.family,
            given=canonical.given,
            kind=canonical.kind,
            aliases=tuple(s.spelling for s in spellings),
        )
        self.report.authors_added.append(author_id)
        return author_id

    def _report_people(self, resolution: Resolution, ids: dict[int, str]) -> None:
        """Every spelling joined to another, with its reason and evidence; pairs kept apart."""
        evidence = {(m.cluster, m.spelling): m.evidence for m in resolution.merges}
        first_seen = self._first_seen(resolution)
        for person, author_id in sorted(ids.items(), key=lambda item: item[1]):
            author = self.original.authors.get(author_id)
            known = list(author.aliases) if author else []
            seen = [s for s in first_seen.get(person, ()) if s not in known]
            base = known or seen[:1]
            for spelling in seen:
                if spelling in base:
                    continue
                name = next(n for n in resolution.people[person] if n.spelling == spelling)
                via, reason = self._closest(name, base, resolution.people[person])
                found = evidence.get((person, spelling)) or evidence.get((person, via), "")
                shown = f"{reason}; {found}" if found else reason
                self.report.authors_merged.append(AuthorMerge(spelling, author_id, shown, via))
                base.append(spelling)
        # one spelling in two files (or twice in one) joined: a decision too, said once for
        # each spelling, author and files (a vague name on 400 long lists: not 400 lines)
        joined: dict[tuple[str, str, tuple[str, ...]], AuthorMerge] = {}
        for merge in resolution.merges:
            if merge.files and merge.cluster in ids:
                key = (merge.spelling, ids[merge.cluster], merge.files)
                if key in joined:
                    joined[key] = dataclasses.replace(joined[key], times=joined[key].times + 1)
                else:
                    joined[key] = AuthorMerge(*key[:2], merge.evidence, "", merge.files)
        self.report.authors_merged += joined.values()
        author_of = {**resolution.authors, **ids}  # existing authors that no new paper names too
        # one warning per two authors, though several of their name forms fit (one per file)
        pairs: dict[frozenset[str], Undecided] = {}
        for pair in resolution.undecided:
            if pair.a in author_of and pair.b in author_of:
                pairs.setdefault(frozenset((author_of[pair.a], author_of[pair.b])), pair)
        # in the order of their ids: the pairs come in an order that varies from run to run
        for _, pair in sorted((sorted(two), pair) for two, pair in pairs.items())[:UNDECIDED_SHOWN]:
            # keep the author the site had, or the first id
            keep, other = sorted((author_of[pair.a], author_of[pair.b]), key=lambda a: (
                a not in self.original.authors, a))  # fmt: skip
            self.report.warnings.append(
                Problem(
                    "import",
                    0,
                    f"'{pair.spelling_a}' ({author_of[pair.a]}) and '{pair.spelling_b}' "
                    f"({author_of[pair.b]}) may be one person ({pair.reason}), but no shared "
                    "co-author, paper or ORCID says so: kept apart. If they are one person, "
                    f"run: readinglist authors merge {keep} {other}",
                    warning=True,
                )
            )
        if len(pairs) > UNDECIDED_SHOWN:
            more = len(pairs) - UNDECIDED_SHOWN
            self.report.warnings.append(
                Problem(
                    "import",
                    0,
                    f"and {more} more such pairs kept apart; 'readinglist check' lists them",
                    warning=True,
                )
            )

    def _first_seen(self, resolution: Resolution) -> dict[int, list[str]]:
        """Each person's spellings in the order the records give them."""
        first = self._first
        order: dict[int, dict[str, None]] = {}
        records = resolution.bylines[first : first + len(self.records)]
        editors = resolution.bylines[first + len(self.records) + len(self.owners) :]
        pairs = [
            *((r.incoming.authors, row) for r, row in zip(self.records, records, strict=True)),
            *(
                (r.incoming.editors, row)
                for r, row in zip(self._editor_records, editors, strict=True)
            ),
        ]
        for names, row in pairs:
            for name, person in zip(names, row, strict=True):
                order.setdefault(person, {}).setdefault(name.spelling, None)
        return {person: list(spellings) for person, spellings in order.items()}

    @staticmethod
    def _closest(name: Name, base: list[str], names: list[Name]) -> tuple[str, str]:
        """The known spelling a new one is closest to, and the reason they are one name."""
        by_spelling = {n.spelling: n for n in names}
        best = (base[0], "")
        for spelling in base:
            other = by_spelling.get(spelling)
            reason = (same_person(name, other) or reordered(name, other)) if other else None
            if reason and (not best[1] or closeness(reason) > closeness(best[1])):
                best = (spelling, reason)
        return best[0], best[1] or "the same person by the evidence below"

    def result(self) -> tuple[Content, Report]:
        """The merged content, with final ids for the authors this import created."""
        self.resolve_authors()
        # who is who is settled: the incoming records are no longer needed, and an import of
        # 100,000 entries should not hold them (and their names) while its files are written
        records = [(r.paper, r.created) for r in self.records]
        self.records, self._editor_records = [], []
        final = self._name_new_authors()
        papers = self.papers  # replaced one by one: never two copies of 100,000 papers
        for pid, p in papers.items():
            byline = tuple(final.get(a, a) for a in p.authors)
            kind = self._said.get(pid) if p.type in VAGUE_TYPES else ""
            p = dataclasses.replace(p, authors=byline, type=kind or p.type)
            papers[pid] = self._settle(p)
        self._own_keys(papers)
        report = self.report
        for paper_id, created in records:
            if created:
                continue
            old, new = self.original.papers.get(paper_id), papers[paper_id]
            changed = old is not None and new != old
            if (
                old is not None
                and old.needs_metadata
                and changed
                and (new.title != old.title or new.authors != old.authors)
            ):
                report.papers_completed.append(paper_id)
            else:
                report.papers_merged.append(paper_id)
        report.owners = [final.get(a, a) for a in report.owners]
        report.authors_merged = [
            dataclasses.replace(m, author=final.get(m.author, m.author))
            for m in report.authors_merged
        ]
        # a record that merged into a paper with authors brings no new people: an author this
        # import made who is on no paper (and owns no list) is not written
        named = {a for p in papers.values() for a in (*p.authors, *p.editors)}
        named |= set(report.owners)
        unused = {a for a in report.authors_added if a not in named}
        authors = {aid: a for aid, a in self.authors.items() if aid not in unused}
        report.authors_added = [a for a in report.authors_added if a not in unused]
        # one spelling joined across files is news only where it put someone on a paper: not
        # when importing the same files again (578 lines for the seeds, each changing nothing)
        touched = {
            a
            for pid, p in papers.items()
            if (old := self.original.papers.get(pid)) is None
            or (p.authors, p.editors) != (old.authors, old.editors)
            for a in (*p.authors, *p.editors)
        }
        report.authors_merged = [
            m
            for m in report.authors_merged
            if m.author not in unused and (not m.files or m.author in touched)
        ]
        return Content(papers=papers, authors=authors, lists=self.lists), report

    def _own_keys(self, papers: dict[str, Paper]) -> None:
        """Every paper a citation key of its own, as the BibTeX exports need (model.checks): a
        key this import brings that another paper has too ('Li2024' in two groups' files, for
        two papers) gets a, b, c... and the import says so. The key stays with the paper that
        had it in the site, else with the first by id."""
        holders: dict[str, list[str]] = {}
        for pid in sorted(papers):
            if key := papers[pid].citation_key.lower():
                holders.setdefault(key, []).append(pid)
        taken = set(holders)
        for pids in holders.values():
            had = [p for p in pids if p in self.original.papers
                   and self.original.papers[p].citation_key == papers[p].citation_key]  # fmt: skip
            for pid in [p for p in pids if p not in had][0 if had else 1 :]:
                paper = papers[pid]
                key = next(k for k in _suffixed(paper.citation_key) if k.lower() not in taken)
                taken.add(key.lower())
                papers[pid] = dataclasses.replace(paper, citation_key=key)
                first = (had or pids)[0]
                self.report.warnings.append(
                    Problem(
                        f"content/papers/{pid}.yaml",
                        0,
                        f"'{paper.title}' came with the citation key '{paper.citation_key}' of "
                        f"content/papers/{first}.yaml: its key is '{key}'",
                        warning=True,
                    )
                )

    def _name_new_authors(self) -> dict[str, str]:
        final: dict[str, str] = {}
        taken = set(self.authors)
        for temp_id, new in self.new_authors.items():
            final[temp_id] = self._add_author(_canonical(new.spellings), new.spellings, taken)
        return final


def _suffixed(key: str) -> Iterable[str]:
    """'Li2024a', 'Li2024b' ... 'Li2024z', then 'Li2024-27', 'Li2024-28' ..."""
    yield from (key + letter for letter in string.ascii_lowercase)
    yield from (f"{key}-{n}" for n in itertools.count(27))


def _fullest(record: _Record) -> tuple[bool, int, int, tuple[str, ...]]:
    """Sort key of a record's byline, fullest first: complete (no 'and others'), longer, fewer
    initials, then its spellings (an order that is the records' own, not the files')."""
    names = record.incoming.authors
    initials = sum(all(len(t.strip(".")) <= 1 for t in n.given.split()) for n in names)
    return (record.incoming.et_al, -len(names), initials, tuple(n.spelling for n in names))


def _values(record: Paper | IncomingPaper) -> dict[str, object]:
    """The fields of a record that _chosen compares, with its links (LINK + kind), given."""
    values: dict[str, object] = {name: getattr(record, name) for name in CHOSEN_FIELDS}
    if isinstance(record, Paper):
        values.update((LINK + f.name, getattr(record.links, f.name)) for f in fields(PaperLinks))
    else:
        values.update((LINK + kind, url) for kind, url in record.links)
    return {name: value for name, value in values.items() if value}


Rank = tuple[bool, int]  # how good a record of a paper is (_record_rank)


def _record_rank(record: Paper | IncomingPaper, values: Mapping[str, object]) -> Rank:
    """How good a record of a paper is (`values`: its _values): one of a type that says where
    it was published over a preprint or @misc; then the one that gives more fields."""
    given = sum(1 for name in values if not name.startswith(LINK))
    return (record.type not in VAGUE_TYPES, given)


def _field_rank(name: str, value: object, rank: Rank) -> tuple[bool, Rank, int, str]:
    """Which of several records' values of a field a paper keeps: the greatest. A journal's
    name (CASED_FIELDS) with lower-case letters over one in capitals only; then the record's
    rank; then the value itself (the shorter citation key), so that no tie depends on the
    order."""
    text = str(value)
    if name == "citation_key":  # the shorter: 'Li2024', not the 'Li2024v2' of a second copy
        return (True, rank, -len(text), text)
    return (name not in CASED_FIELDS or not _capitals(text), rank, 0, text)


def _written(title: str) -> tuple[bool, bool, int, str]:
    """Which of the spellings of one title (one title_key) a paper keeps: the greatest. Not
    one in capitals only, nor one with a note of its version ('(Extended Abstract)'); then
    the one with more capitals (acronyms and proper names that a lower-casing export lost:
    'RIS-Assisted', not 'ris-assisted'); then the text itself."""
    upper = sum(c.isupper() for c in title)
    return (not _capitals(title), not _VERSION_NOTE.search(title), upper, title)


def _capitals(text: str) -> bool:
    """Whether a text is written in capitals only ('IEEE WIRELESS COMMUNICATIONS')."""
    return not any(c.islower() for c in text) and sum(c.isupper() for c in text) > 1


@dataclass(slots=True)
class _Choice:
    """What the records of a paper this import made give it (Importer._chosen): each field's
    best value's rank (_field_rank), and each title (by title_key) with how many records give
    it, the best rank among them and its best spelling (_written)."""

    fields: dict[str, tuple[bool, Rank, int, str]]
    titles: dict[str, tuple[int, Rank, tuple[bool, bool, int, str]]]


def _weigh(choice: _Choice, record: Paper | IncomingPaper, titled: bool) -> dict[str, object]:
    """Count a record of a paper in its _Choice; returns the fields whose value it gives."""
    values = _values(record)
    rank, changes = _record_rank(record, values), {}
    for name, value in values.items():
        key = _field_rank(name, value, rank)
        if name not in choice.fields or key > choice.fields[name]:
            choice.fields[name] = key
            changes[name] = value
    if titled and record.title:
        folded, written = title_key(record.title), _written(record.title)
        count, best, was = choice.titles.get(folded, (0, rank, written))
        choice.titles[folded] = (count + 1, max(best, rank), max(was, written))
    return changes


def _title(title: str) -> int:
    """A title as who-is-who compares it (people.Byline.title): its title_key's hash."""
    key = title_key(title)
    return (hash(key) or 1) if key else 0


def _digest(text: str) -> bytes:
    """A short digest of a normalised abstract: 100,000 abstracts are not held twice."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _families(*bylines: tuple[Name, ...]) -> tuple[str, ...]:
    """The folded family names of a record's people (a tuple: one per paper is kept)."""
    return tuple({fold_family(n.family): None for byline in bylines for n in byline})


def _author_families(author: Author) -> tuple[str, ...]:
    """An existing author's folded family names, read as a record's are (_families): the
    family as a whole ('Bailey, Jr.', '{Cuthbert, O.S.F.C.}': a comma in it is no end), and
    each alias's. Cut at the first comma, a paper imported again did not know its own author
    (Herbert S. Bailey, Jr.) and came in twice."""
    return _families((Name(author.family, author.given, author.kind), *author_names(author)))


def _venue(paper: Paper | IncomingPaper) -> str:
    """Where a paper appeared, for identity evidence (a shared venue)."""
    return paper.venue or paper.journal or paper.booktitle


def _orcids(orcids: tuple[str, ...], names: tuple[Name, ...]) -> tuple[str, ...]:
    """ORCIDs per position, as long as the names (people.Byline's form)."""
    if not any(orcids):
        return ()
    return tuple((*orcids, *[""] * len(names))[: len(names)])


def _canonical(spellings: list[Name]) -> Name:
    """Prefer accents (Łukasz over Lukasz), then fuller given names, then the first seen."""

    def rank(item: tuple[int, Name]) -> tuple[bool, int, int, int]:
        order, name = item
        accented = any(ord(ch) > 127 for ch in name.display)
        return (accented, len(name.given.split()), len(name.given), -order)

    return max(enumerate(spellings), key=rank)[1]


def merge(
    content: Content,
    sources: Iterable[Source],
    today: dt.date,
    list_id: str = "",
    highlighted: Iterable[str] = (),
) -> tuple[Content, Report]:
    """Merge parsed sources into content; with `list_id`, every imported paper joins that list.
    `highlighted`: the site's own authors (site.yaml), whom their name alone identifies."""
    importer = Importer(content, today, highlighted)
    importer.add(sources)
    del sources  # the records hold what is needed of them (import_files keeps no reference)
    if list_id:
        importer.add_to_list(list_id, importer.report.imported)
    return importer.result()

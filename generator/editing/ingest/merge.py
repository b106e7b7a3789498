"""Merging imported records into a site's content, without losing anything an editor wrote.

Pure: existing content + records in -> new content + a report out. The caller writes the files.
Rules: a paper already present (same arXiv id, DOI, title after normalising, or abstract) is
merged, never duplicated; fields an editor has set are never overwritten, new facts only fill
gaps; an author spelling joins the author it belongs to (see identity.py) or becomes a new one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from generator.base.errors import Problem
from generator.base.names import Name, fold, make_id, unique_id
from generator.editing.ingest.abstracts import strip_prefix
from generator.editing.ingest.identity import AuthorIndex, Match, spelling_key
from generator.editing.ingest.incoming import (
    AbstractList,
    BibtexFile,
    IncomingPaper,
    PublicationList,
    Source,
)
from generator.model.records import Author, Content, Entry, Paper, ReadingList

# fuzz.ratio of normalised abstracts. Distinct abstracts in the seeds score at most 46; the same
# abstract with 100 random character edits, or a sentence dropped, still scores 90 or more.
ABSTRACT_THRESHOLD = 85.0
PLACEHOLDER_WORDS = 12
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


def title_key(title: str) -> str:
    """A title reduced for comparison: case, accents, punctuation and spacing ignored."""
    return fold(title)


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


@dataclass
class _NewAuthor:
    """An author created by this import; its canonical spelling is chosen at the end."""

    spellings: list[Name]


class Importer:
    """Merges sources into content one record at a time; `result()` gives the new content."""

    def __init__(self, content: Content, today: dt.date) -> None:
        self.today = today
        self.papers: dict[str, Paper] = dict(content.papers)
        self.authors: dict[str, Author] = dict(content.authors)
        self.lists: dict[str, ReadingList] = dict(content.lists)
        self.index = AuthorIndex.of(content.authors)
        self.new_authors: dict[str, _NewAuthor] = {}
        self.report = Report()
        self._by_arxiv = {p.arxiv.lower(): p.id for p in self.papers.values() if p.arxiv}
        self._by_doi = {p.doi.lower(): p.id for p in self.papers.values() if p.doi}
        self._by_title = {title_key(p.title): p.id for p in self.papers.values()}
        self._abstracts = {
            p.id: normalise_abstract(p.abstract) for p in self.papers.values() if p.abstract
        }

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
        owner = self.author_for(source.owner, source.path, 1)
        self.report.owners.append(owner)
        for paper in source.papers:
            self._add_paper(paper, source.path)

    def _add_abstract_list(self, source: AbstractList) -> None:
        list_id = self._list_for(source.reader)
        paper_ids = []
        for item in source.entries:
            paper_id, score = self._match_abstract(item.abstract)
            if paper_id is None:
                title = placeholder_title(item.abstract)
                paper_id = self._new_paper(Paper("", title, abstract=item.abstract))
                self.report.entries_unmatched.append((source.path, item.line, paper_id))
            else:
                self.report.entries_matched.append((source.path, item.line, paper_id, score))
            paper_ids.append(paper_id)
        self.add_to_list(list_id, paper_ids)

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
        list_id = unique_id(base, set(self.lists))
        self.lists[list_id] = ReadingList(
            id=list_id, title=f"{reader}’s reading list", curator=reader
        )
        self.report.lists_added.append(list_id)
        return list_id

    # --- papers ---------------------------------------------------------------------------

    def _add_paper(self, incoming: IncomingPaper, path: str) -> None:
        per_name = tuple(self.author_for(n, path, incoming.line + 1) for n in incoming.authors)
        authors = tuple(dict.fromkeys(per_name))  # one person spelled twice is listed once
        existing = self.find_paper(incoming)
        if existing is None:
            self.report.imported.append(self.add_new_paper(incoming, authors))
            return
        self._merge_paper(self.papers[existing], incoming, authors, per_name)
        self.report.imported.append(existing)

    def add_new_paper(self, incoming: IncomingPaper, authors: tuple[str, ...]) -> str:
        """Add a paper that matched no known one; returns its id."""
        fields = {
            name: getattr(incoming, name)
            for name in ("year", "venue", "arxiv", "doi", "url", "tags")
        }
        return self._new_paper(
            Paper("", incoming.title, authors, abstract=incoming.abstract, **fields)
        )

    def find_paper(self, incoming: IncomingPaper) -> str | None:
        """The known paper an incoming record is: same arXiv id, DOI, title or abstract."""
        if incoming.arxiv and incoming.arxiv.lower() in self._by_arxiv:
            return self._by_arxiv[incoming.arxiv.lower()]
        if incoming.doi and incoming.doi.lower() in self._by_doi:
            return self._by_doi[incoming.doi.lower()]
        if title_key(incoming.title) in self._by_title:
            return self._by_title[title_key(incoming.title)]
        if incoming.abstract:
            return self._match_abstract(incoming.abstract)[0]
        return None

    def _match_abstract(self, abstract: str) -> tuple[str | None, float]:
        if not self._abstracts:
            return None, 0.0
        best = process.extractOne(
            normalise_abstract(abstract),
            self._abstracts,
            scorer=fuzz.ratio,
            score_cutoff=ABSTRACT_THRESHOLD,
        )
        if best is None:
            return None, 0.0
        _, score, paper_id = best
        return str(paper_id), round(float(score), 1)

    def _new_paper(self, paper: Paper) -> str:
        paper_id = unique_id(make_id(paper.title, "paper"), set(self.papers))
        needs = not (paper.title and paper.authors and paper.year) or (
            paper.title == placeholder_title(paper.abstract)
        )
        paper = dataclasses.replace(paper, id=paper_id, added=self.today, needs_metadata=needs)
        self._remember(paper)
        self.report.papers_added.append(paper_id)
        return paper_id

    def _remember(self, paper: Paper) -> None:
        self.papers[paper.id] = paper
        self._by_title[title_key(paper.title)] = paper.id
        if paper.arxiv:
            self._by_arxiv[paper.arxiv.lower()] = paper.id
        if paper.doi:
            self._by_doi[paper.doi.lower()] = paper.id
        if paper.abstract:
            self._abstracts[paper.id] = normalise_abstract(paper.abstract)

    def _merge_paper(
        self, old: Paper, new: IncomingPaper, authors: tuple[str, ...], per_name: tuple[str, ...]
    ) -> None:
        """Fill the gaps of an existing paper; what an editor set is kept."""
        placeholder = old.needs_metadata and old.title == placeholder_title(old.abstract)
        changes: dict[str, object] = {}
        if placeholder and new.title:
            changes["title"] = new.title
        if not old.authors and authors:
            changes["authors"] = authors
        elif old.authors:
            repointed = self._respect_not_same_as(old, new, per_name)
            if repointed != old.authors:
                changes["authors"] = repointed
        for name in ("year", "venue", "arxiv", "doi", "url", "abstract", "tags"):
            if not getattr(old, name) and getattr(new, name):
                changes[name] = getattr(new, name)
        merged = dataclasses.replace(old, **changes)  # type: ignore[arg-type]
        if (
            merged.needs_metadata
            and merged.title
            and merged.authors
            and merged.year
            and merged.title != placeholder_title(merged.abstract)
        ):
            merged = dataclasses.replace(merged, needs_metadata=False)
        if merged == old:
            self.report.papers_merged.append(old.id)
            return
        self._remember(merged)
        if old.needs_metadata and ("title" in changes or "authors" in changes):
            self.report.papers_completed.append(old.id)
        else:
            self.report.papers_merged.append(old.id)

    def _respect_not_same_as(
        self, old: Paper, new: IncomingPaper, authors: tuple[str, ...]
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
        """The author id for a spelling: a known author (recording a merge) or a new one."""
        match: Match = self.index.resolve(name)
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

    def result(self) -> tuple[Content, Report]:
        """The merged content, with final ids for the authors this import created."""
        final = self._name_new_authors()
        papers = {
            pid: dataclasses.replace(p, authors=tuple(final.get(a, a) for a in p.authors))
            for pid, p in self.papers.items()
        }
        report = self.report
        report.owners = [final.get(a, a) for a in report.owners]
        report.authors_merged = [
            dataclasses.replace(m, author=final.get(m.author, m.author))
            for m in report.authors_merged
        ]
        return Content(papers=papers, authors=self.authors, lists=self.lists), report

    def _name_new_authors(self) -> dict[str, str]:
        final: dict[str, str] = {}
        taken = set(self.authors)
        for temp_id, new in self.new_authors.items():
            canonical = _canonical(new.spellings)
            author_id = unique_id(make_id(canonical.display, "author"), taken)
            taken.add(author_id)
            final[temp_id] = author_id
            self.authors[author_id] = Author(
                id=author_id,
                name=canonical.display,
                family=canonical.family,
                given=canonical.given,
                kind=canonical.kind,
                aliases=tuple(s.spelling for s in new.spellings),
            )
            self.report.authors_added.append(author_id)
        return final


def _canonical(spellings: list[Name]) -> Name:
    """Prefer accents (Łukasz over Lukasz), then fuller given names, then the first seen."""

    def rank(item: tuple[int, Name]) -> tuple[bool, int, int, int]:
        order, name = item
        accented = any(ord(ch) > 127 for ch in name.display)
        return (accented, len(name.given.split()), len(name.given), -order)

    return max(enumerate(spellings), key=rank)[1]


def merge(
    content: Content, sources: Iterable[Source], today: dt.date, list_id: str = ""
) -> tuple[Content, Report]:
    """Merge parsed sources into content; with `list_id`, every imported paper joins that list."""
    importer = Importer(content, today)
    importer.add(sources)
    if list_id:
        importer.add_to_list(list_id, importer.report.imported)
    return importer.result()

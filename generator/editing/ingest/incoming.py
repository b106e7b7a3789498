"""What each input format yields: plain records for the merge step, with their source lines."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from generator.base.errors import Problem
from generator.base.names import Name, is_placeholder

# a page range however a source dashes it (3859-3862, 3859--3862, 3859—3862): one en dash, as
# BibTeX's -- prints, so that every format and a re-import agree
_PAGE_DASH = re.compile(r"(?<=\w)\s*(?:-{1,3}|[\u2013\u2014\u2212])\s*(?=\w)")


# a record id that is a citation key ('Skutsch1961', 'smith2005-1': Better BibTeX's CSL JSON,
# JabRef's RIS), not Zotero's item URI ('http://zotero.org/users/1/items/ABCD') or a number
CITATION_KEY_ID = re.compile(r"(?=.*[A-Za-z])[A-Za-z0-9][\w.:+-]*")


def page_range(pages: str) -> str:
    """Pages as the site keeps them: '436–444', 'e12', '1–3, 5–7'."""
    return _PAGE_DASH.sub("\u2013", pages.strip())


@dataclass(frozen=True, slots=True)  # slots: 100k records are read before any merge
class IncomingPaper:
    """A paper as an input file describes it; empty fields are unknown.

    `orcids` gives an ORCID per author position ("" where unknown); `links` holds (kind, URL)
    pairs, kind one of pdf, code, slides, video, poster, project, data."""

    title: str
    authors: tuple[Name, ...]
    abstract: str
    line: int
    year: int | None = None
    venue: str = ""
    arxiv: str = ""
    doi: str = ""
    url: str = ""
    tags: tuple[str, ...] = ()
    type: str = ""
    degree: str = ""
    journal: str = ""
    booktitle: str = ""
    volume: str = ""
    number: str = ""
    pages: str = ""
    edition: str = ""
    publisher: str = ""
    address: str = ""
    school: str = ""
    institution: str = ""
    organization: str = ""
    series: str = ""
    howpublished: str = ""
    isbn: str = ""
    issn: str = ""
    pmid: str = ""
    openreview: str = ""
    acl: str = ""
    dblp: str = ""
    citation_key: str = ""
    month: int | None = None
    editors: tuple[Name, ...] = ()
    et_al: bool = False
    anonymous: bool = False  # the source names no author ('Anonymous'): see anonymous()
    links: tuple[tuple[str, str], ...] = ()
    orcids: tuple[str, ...] = ()
    editor_orcids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.pages:  # every format's page ranges one way: a re-import changes nothing
            object.__setattr__(self, "pages", page_range(self.pages))


def without_placeholders(paper: IncomingPaper) -> IncomingPaper:
    """The record with no 'Anonymous' (names.is_placeholder) among its authors or editors: a
    record whose only author is one is an anonymous work (`anonymous`), not a paper of a
    person called Anonymous. Every format's records pass here (merge.Importer)."""
    authors = tuple(n for n in paper.authors if not is_placeholder(n))
    editors = tuple(n for n in paper.editors if not is_placeholder(n))
    if len(authors) == len(paper.authors) and len(editors) == len(paper.editors):
        return paper
    return dataclasses.replace(
        paper,
        authors=authors,
        editors=editors,
        anonymous=paper.anonymous or (bool(paper.authors) and not authors),
        orcids=_kept(paper.orcids, paper.authors),
        editor_orcids=_kept(paper.editor_orcids, paper.editors),
    )


def _kept(orcids: tuple[str, ...], names: tuple[Name, ...]) -> tuple[str, ...]:
    """The ORCIDs of the names that are not placeholders (`orcids` is per position)."""
    return tuple(o for o, n in zip(orcids, names, strict=False) if not is_placeholder(n))


TEXT_FIELDS = (
    "venue", "arxiv", "doi", "url", "type", "degree", "journal", "booktitle", "volume", "number",
    "pages", "edition", "publisher", "address", "school", "institution", "organization",
    "series", "howpublished", "isbn", "issn", "pmid", "openreview", "acl", "dblp",
    "citation_key",
)  # fmt: skip
"""The one-line text fields a record may carry, as the paper fields of the same name."""


@dataclass(frozen=True)
class PublicationList:
    """An author's publication list, exported from a scholar profile."""

    path: str
    owner: Name
    papers: tuple[IncomingPaper, ...]


@dataclass(frozen=True)
class AbstractEntry:
    """One entry of a reading list given by abstracts only."""

    abstract: str
    line: int


@dataclass(frozen=True)
class AbstractList:
    """A reader's reading list: the reader's name, then one abstract a line."""

    path: str
    reader: str
    entries: tuple[AbstractEntry, ...]


@dataclass(frozen=True)
class BibtexFile:
    """A bibliography (BibTeX, RIS or CSL-JSON): full records, and the problems met reading
    it (entries skipped, warnings)."""

    path: str
    papers: tuple[IncomingPaper, ...]
    problems: tuple[Problem, ...]


Source = PublicationList | AbstractList | BibtexFile

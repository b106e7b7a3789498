"""Paper, Author, ReadingList: the content model, and the validation of one record.

Each kind is described once, as a table of fields (`PAPER_FIELDS`, ...). That table drives
validation, the key order of written files and the JSON Schema, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.base.errors import Problems
from generator.base.yamlfile import MarkedDict, MarkedList, Tagged, Unreadable, parse_yaml, quote

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ARXIV_RE = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})(?:v\d+)?$", re.IGNORECASE)
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
ORCID_RE = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")  # BCP 47, as HTML's lang
LANGUAGE_MAX = 32  # Pagefind refuses longer language tags
DECIMAL_RE = re.compile(r"^(?:0|[1-9][0-9]*)$")  # YAML 1.1 also reads 0x7B2, 03662, 1_970, 19:50
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:$|[Tt ])")
CITATION_KEY_RE = re.compile(r"^[^\s,{}]+$")  # what BibTeX accepts as a key
DIGITS_RE = re.compile(r"^[0-9]+$")
STATUSES = ("to-read", "reading", "read")
KINDS = ("person", "organization")
# what a paper is: the CSL types that bibliographies use (and BibTeX, RIS and schema.org map)
PAPER_TYPES = (
    "article",  # a journal article
    "conference",  # a paper in conference or workshop proceedings
    "book",
    "chapter",  # a part of a book or collection
    "thesis",
    "report",
    "preprint",
    "dataset",
    "software",
    "other",
)
DEGREES = ("phd", "masters")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

Kind = Literal[
    "text",
    "markdown",
    "int",
    "count",
    "integer",
    "month",
    "date",
    "bool",
    "id",
    "ids",
    "texts",
    "choice",
    "language",
    "url",
    "arxiv",
    "doi",
    "citation_key",
    "digits",
    "links",
    "paper_links",
    "entries",
]


@dataclass(frozen=True)
class Field:
    """One field of a content file: its type, whether it is required, and what it means."""

    name: str
    kind: Kind
    doc: str
    required: bool = False
    choices: tuple[str, ...] = ()
    example: str = ""


PAPER_FIELDS = (
    Field("title", "text", "The paper's title; TeX math such as $O(n)$ is allowed.", True),
    Field(
        "type",
        "choice",
        "What it is: article (journal), conference (in proceedings), book, chapter, thesis, "
        "report, preprint, dataset, software or other. When left out: preprint for an arXiv "
        "id without venue, journal or booktitle; article with a journal; conference with a "
        "booktitle or venue; else other.",
        choices=PAPER_TYPES,
    ),
    Field("authors", "ids", "Author ids in byline order (files in content/authors/).", True),
    Field("editors", "ids", "Editor ids (files in content/authors/, like authors)."),
    Field("et_al", "bool", "true when the source listed more authors than these (et al.)."),
    Field(
        "anonymous",
        "bool",
        "true for a work that names no author (a source's 'Anonymous'): it lists none, and "
        "it is complete without them.",
    ),
    Field("year", "int", "Year of publication.", True),
    Field("month", "month", "Month of publication, a number from 1 to 12."),
    Field("venue", "text", "Where it appeared, as shown: 'NeurIPS 2020', 'arXiv preprint'."),
    Field("journal", "text", "The journal's name (an article)."),
    Field("booktitle", "text", "The proceedings' title, or the book a chapter is in."),
    Field("volume", "text", "Volume, such as 521."),
    Field("number", "text", "Issue number, or a report's number."),
    Field("pages", "text", "Pages as written, such as 436–444 or e12."),
    Field("edition", "text", "Edition, such as 2 or Second."),
    Field("series", "text", "Series, such as Lecture Notes in Computer Science."),
    Field("publisher", "text", "Publisher."),
    Field("address", "text", "Place of publication, such as Cambridge, MA."),
    Field("school", "text", "The university a thesis was written at."),
    Field("institution", "text", "The institution that issued a report."),
    Field("organization", "text", "The organization behind a conference, manual or dataset."),
    Field("howpublished", "text", "How something unusual was published."),
    Field("degree", "choice", "A thesis's degree: phd or masters.", choices=DEGREES),
    Field("arxiv", "arxiv", "arXiv identifier, such as 2303.08774."),
    Field("doi", "doi", "DOI, such as 10.1145/3442188.3445922 (without https://doi.org/)."),
    Field("isbn", "text", "ISBN, such as 978-0-262-03561-3."),
    Field("issn", "text", "ISSN, such as 0028-0836."),
    Field("pmid", "digits", "PubMed id, such as 26017442."),
    Field("openreview", "text", "OpenReview forum id, such as HkxYzANYDB."),
    Field("acl", "text", "ACL Anthology id, such as 2020.acl-main.1."),
    Field("dblp", "text", "DBLP key, such as conf/acl/SmithJ20."),
    Field(
        "citation_key",
        "citation_key",
        "Your own BibTeX key for it, such as smith2020 (no spaces, commas or braces).",
    ),
    Field("url", "url", "Another web address for the paper."),
    Field("links", "paper_links", "Optional pdf, code, slides, video, poster, project, data."),
    Field("tags", "texts", "Free-form topics, such as rlhf."),
    Field("added", "date", "When the paper was added to the site (YYYY-MM-DD)."),
    Field("needs_metadata", "bool", "true while the title, authors or year are still missing."),
    Field("abstract", "markdown", "The abstract: Markdown, with TeX math between $ signs."),
)

AUTHOR_FIELDS = (
    Field("name", "text", "The name as displayed: 'Given Family' for a person.", True),
    Field("family", "text", "Family name, used for sorting and citations.", True),
    Field("given", "text", "Given names; empty for an organization or a single name."),
    Field("kind", "choice", "person or organization.", choices=KINDS),
    Field("aliases", "texts", "Every 'Family, Given' spelling merged into this author."),
    Field(
        "not_same_as",
        "texts",
        "Spellings or author ids that are NOT this person; imports never merge them here.",
    ),
    Field("links", "links", "Optional homepage, orcid and scholar links."),
)

LIST_FIELDS = (
    Field("title", "text", "The list's title.", True),
    Field("curator", "text", "Who keeps the list.", True),
    Field("description", "markdown", "What the list is for (Markdown)."),
    Field("entries", "entries", "The papers on the list, in order.", True),
)

ENTRY_FIELDS = (
    Field("paper", "id", "The paper's id (a file in content/papers/).", True),
    Field("status", "choice", "to-read, reading or read.", choices=STATUSES),
    Field("added", "date", "When it was added to the list (YYYY-MM-DD)."),
    Field("note", "markdown", "The curator's note (Markdown)."),
)

LINK_FIELDS = (
    Field("homepage", "url", "Personal or group web page."),
    Field("orcid", "text", "ORCID iD, such as 0000-0002-1825-0097."),
    Field("scholar", "url", "Google Scholar profile address."),
    Field("dblp", "text", "DBLP person id, such as h/GeoffreyEHinton."),
    Field("semantic_scholar", "digits", "Semantic Scholar author id (a number)."),
    Field("openreview", "text", "OpenReview profile id, such as ~Geoffrey_Hinton1."),
)

PAGE_FIELDS = (
    Field("title", "text", "The page's title, shown as its heading and in the navigation.", True),
    Field("order", "integer", "Where the page comes in the navigation: lower first."),
    Field("nav", "bool", "false to leave the page out of the navigation (default true)."),
)

PAPER_LINK_FIELDS = (
    Field("pdf", "url", "The PDF."),
    Field("code", "url", "The code, such as a GitHub repository."),
    Field("slides", "url", "The slides."),
    Field("video", "url", "A video of the talk."),
    Field("poster", "url", "The poster."),
    Field("project", "url", "The project page."),
    Field("data", "url", "The data."),
)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from: its file and the line of each of its fields."""

    path: str
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)

    def line(self, key: str) -> int:
        """The line of `key` in the file, or 1 when unknown."""
        return self.lines.get(key, 1)


@dataclass(frozen=True, slots=True)
class PaperLinks:
    """A paper's links beyond its `url`: the buttons on its page."""

    pdf: str = ""
    code: str = ""
    slides: str = ""
    video: str = ""
    poster: str = ""
    project: str = ""
    data: str = ""


@dataclass(frozen=True, slots=True)  # slots: 100k papers, 800k pages
class Paper:
    """One paper: content/papers/ID.yaml."""

    id: str
    title: str
    authors: tuple[str, ...] = ()
    year: int | None = None
    venue: str = ""
    arxiv: str = ""
    doi: str = ""
    url: str = ""
    tags: tuple[str, ...] = ()
    added: dt.date | None = None
    needs_metadata: bool = False
    abstract: str = ""
    # issue 13: what bibliographies carry. `type` is always one of PAPER_TYPES once read (see
    # infer_type); '' only on a Paper made in code that did not say.
    type: str = ""
    editors: tuple[str, ...] = ()
    et_al: bool = False
    anonymous: bool = False
    month: int | None = None
    journal: str = ""
    booktitle: str = ""
    volume: str = ""
    number: str = ""
    pages: str = ""
    edition: str = ""
    series: str = ""
    publisher: str = ""
    address: str = ""
    school: str = ""
    institution: str = ""
    organization: str = ""
    howpublished: str = ""
    degree: str = ""
    isbn: str = ""
    issn: str = ""
    pmid: str = ""
    openreview: str = ""
    acl: str = ""
    dblp: str = ""
    citation_key: str = ""
    links: PaperLinks = PaperLinks()
    source: Source = field(default=Source(""), compare=False)
    author_lines: tuple[int, ...] = field(default=(), compare=False)
    editor_lines: tuple[int, ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class Links:
    """An author's links."""

    homepage: str = ""
    orcid: str = ""
    scholar: str = ""
    dblp: str = ""
    semantic_scholar: str = ""
    openreview: str = ""


def infer_type(*, arxiv: str = "", venue: str = "", journal: str = "", booktitle: str = "") -> str:
    """The type of a paper whose file does not say (files from before types, and importers
    with no entry type): preprint for an arXiv id with no venue, journal or booktitle; article
    with a journal; conference with a booktitle or venue (what every export assumed before
    types); else other."""
    if arxiv and not (venue or journal or booktitle):
        return "preprint"
    if journal:
        return "article"
    if booktitle or venue:
        return "conference"
    return "other"


def implied_type(paper: Paper) -> str:
    """What infer_type gives for this paper's fields: a file need not say its type when it is
    this one (dump.py leaves it out)."""
    return infer_type(
        arxiv=paper.arxiv, venue=paper.venue, journal=paper.journal, booktitle=paper.booktitle
    )


def type_stated(paper: Paper) -> bool:
    """Whether the paper's file says its type (else it was inferred when read, and an importer
    filling its journal or booktitle should infer it again or take the incoming one)."""
    return "type" in paper.source.lines


@dataclass(frozen=True, slots=True)
class Author:
    """One person or organization: content/authors/ID.yaml."""

    id: str
    name: str
    family: str
    given: str = ""
    kind: str = "person"
    aliases: tuple[str, ...] = ()
    not_same_as: tuple[str, ...] = ()
    links: Links = Links()
    source: Source = field(default=Source(""), compare=False)


@dataclass(frozen=True, slots=True)
class Entry:
    """One paper on a reading list."""

    paper: str
    status: str = "to-read"
    added: dt.date | None = None
    note: str = ""
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class ReadingList:
    """One reading list: content/lists/ID.yaml."""

    id: str
    title: str
    curator: str
    description: str = ""
    entries: tuple[Entry, ...] = ()
    source: Source = field(default=Source(""), compare=False)


@dataclass(frozen=True, slots=True)
class FreePage:
    """One free page (About, People, Join us): content/pages/SLUG.md, Markdown after a YAML
    front matter."""

    id: str  # the slug: the page is at /SLUG/
    title: str
    body: str = ""  # Markdown
    order: int | None = None
    nav: bool = True
    source: Source = field(default=Source(""), compare=False)


@dataclass(frozen=True)
class Content:
    """Everything under content/, by id."""

    papers: Mapping[str, Paper] = field(default_factory=dict)
    authors: Mapping[str, Author] = field(default_factory=dict)
    lists: Mapping[str, ReadingList] = field(default_factory=dict)
    pages: Mapping[str, FreePage] = field(default_factory=dict)


# --- validation ---------------------------------------------------------------------------

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
# control characters (C0 but \t and \n, DEL, C1), lone surrogates and non-characters: invalid
# in XML (Atom feeds) or HTML, and a raw line break would start a new record in RIS
_BAD_IN_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
# one-line fields: no line break of any kind either (\n, \t, U+2028 and U+2029)
_BAD_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{_NONCHARACTERS}]")


def bad_character(text: str, multiline: bool = False) -> str:
    """What is wrong with the characters of a field's text, or '' when nothing is."""
    found = (_BAD_IN_TEXT if multiline else _BAD_IN_LINE).search(text)
    if found is None:
        return ""
    char = found.group(0)
    code = f"U+{ord(char):04X}"
    if char in "\n\r\u2028\u2029" or (char in "\x85\x0b\x0c" and not multiline):
        return "holds a line break; write it on one line"
    if char == "\t":
        return "holds a tab; use a space"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return f"holds {code}, half of a character (a lone surrogate); remove it"
    if ord(char) >= 0xFDD0:
        return f"holds {code}, which is not a character; remove it"
    return f"holds the control character {code}; remove it"


_YAML_TYPE_NAMES = {bool: "a boolean", int: "a number", float: "a number", type(None): "empty"}


def clean_text(text: str, multiline: bool = False) -> str:
    """`text` as validation accepts it, for writers of content files (import, new): every
    character bad_character refuses becomes a space, and a one-line field's runs of spaces
    become one."""
    if multiline:
        return _BAD_IN_TEXT.sub(" ", text)
    return " ".join(_BAD_IN_LINE.sub(" ", text).split())


def _describe(value: Any) -> str:
    """How to name what YAML made of a value, for an error message."""
    if isinstance(value, Tagged):
        inner = value.value
        source = quote(value.source)
        if isinstance(inner, dt.date):
            return f"YAML reads `{source}` as a date"
        if isinstance(inner, Unreadable):
            return f"`{source}` is not a valid {'date' if inner.tag == 'timestamp' else inner.tag}"
        what = _YAML_TYPE_NAMES.get(type(inner), type(inner).__name__)
        if inner is None:
            return "the value is empty" if not value.source else f"YAML reads `{source}` as empty"
        return f"YAML reads `{source}` as {what}"
    if isinstance(value, MarkedDict):
        return "found a mapping (key: value pairs)"
    if isinstance(value, MarkedList):
        return "found a list"
    return f"found the text '{quote(str(value))}'"


def _quote_hint(value: Any) -> str:
    if isinstance(value, Tagged) and value.source:
        return f"; put it in quotes: '{quote(value.source)}'"
    return ""


# Other names people give a field (BibTeX's, CSL's, other tools'), and the fields they mean,
# most likely first: an unknown field suggests the first of them the file has. Spelling alone
# would suggest 'url' for journal and 'tags' for pages.
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("journaltitle", "journal_title", "journal_name", "periodical"),
                    ("journal", "venue")),
    **dict.fromkeys(("proceedings", "proceedings_title", "container_title", "book_title",
                     "collection_title"), ("booktitle", "venue")),
    **dict.fromkeys(("conference", "publication", "published_in", "event"), ("venue",)),
    **dict.fromkeys(("entrytype", "entry_type", "bibtype", "item_type", "itemtype", "genre"),
                    ("type",)),
    **dict.fromkeys(("issue", "num", "report_number", "reportnumber"), ("number",)),
    **dict.fromkeys(("vol",), ("volume",)),
    **dict.fromkeys(("page", "pp", "pagination", "page_range"), ("pages",)),
    **dict.fromkeys(("location", "place", "publisher_place", "city"), ("address",)),
    **dict.fromkeys(("university",), ("school",)),
    **dict.fromkeys(("organisation", "sponsor"), ("organization",)),
    **dict.fromkeys(("key", "citekey", "cite_key", "bibtex_key", "citationkey", "bibkey",
                     "id"), ("citation_key",)),
    **dict.fromkeys(("pubmed", "pubmed_id", "pmcid"), ("pmid",)),
    **dict.fromkeys(("isbn13", "isbn10"), ("isbn",)),
    **dict.fromkeys(("etal", "et_al.", "others"), ("et_al",)),
    **dict.fromkeys(("thesis_type", "degree_type"), ("degree",)),
    **dict.fromkeys(("editor", "editors_list"), ("editors", "curator")),
    **dict.fromkeys(("url_pdf", "pdf_url", "paper_pdf"), ("pdf",)),
    **dict.fromkeys(("url_code", "code_url", "repo", "github", "repository", "source"),
                    ("repository", "code")),
    **dict.fromkeys(("url_slides",), ("slides",)),
    **dict.fromkeys(("url_video", "talk", "recording"), ("video",)),
    **dict.fromkeys(("url_poster",), ("poster",)),
    **dict.fromkeys(("project_page", "website_url"), ("project",)),
    **dict.fromkeys(("dataset", "url_data"), ("data",)),
    **dict.fromkeys(("semanticscholar", "s2", "s2_id"), ("semantic_scholar",)),
    **dict.fromkeys(
        ("keywords", "keyword", "tag", "topics", "topic", "labels", "label", "subjects",
         "subject", "categories", "category"),
        ("tags",),
    ),
    **dict.fromkeys(("link", "href", "web", "website", "homepage", "page_url"),
                    ("url", "homepage")),
    **dict.fromkeys(("date", "published", "issued", "pub_year", "publication_year", "yr"),
                    ("year", "added")),
    **dict.fromkeys(("date_added", "added_on", "created", "saved"), ("added",)),
    **dict.fromkeys(("eprint", "arxiv_id", "arxivid", "archiveprefix", "preprint"), ("arxiv",)),
    **dict.fromkeys(("summary", "abstractnote", "abstracts"), ("abstract", "description")),
    "description": ("abstract",),
    "abstract": ("description",),
    **dict.fromkeys(("notes", "comment", "comments", "annotation", "remarks"),
                    ("note", "description")),
    **dict.fromkeys(("author", "creator", "creators", "byline"), ("authors", "curator")),
    **dict.fromkeys(("curators", "owner", "maintainer"), ("curator",)),
    **dict.fromkeys(("papers", "items", "reading"), ("entries",)),
    **dict.fromkeys(("lang", "locale"), ("language",)),
    **dict.fromkeys(("baseurl", "site_url", "url"), ("base_url",)),
    **dict.fromkeys(("full_name", "fullname", "display_name", "displayname"), ("name",)),
    **dict.fromkeys(("surname", "last", "lastname", "last_name", "family_name", "familyname"),
                    ("family",)),
    **dict.fromkeys(("first", "firstname", "first_name", "given_name", "givenname", "forename"),
                    ("given",)),
    **dict.fromkeys(("alias", "spellings", "variants", "other_names"), ("aliases",)),
    **dict.fromkeys(("type", "entity"), ("kind",)),
    **dict.fromkeys(("name", "heading"), ("title",)),
    "identifier": ("doi",),
}  # fmt: skip
_LINK_NAMES = frozenset(("homepage", "orcid", "scholar", "website", "web", "url", "link", "href"))


def unknown_field_hint(key: str, known: Mapping[str, Field]) -> str:
    """What to write instead of an unknown field: the field it means, a close spelling, or
    removing it."""
    plain = key.strip().lower().replace("-", "_").replace(" ", "_")
    if plain in known:
        return f"did you mean '{plain}'?"
    links = known.get("links")
    sub = _LINK_TABLES[links.kind] if links is not None and links.kind in _LINK_TABLES else ()
    under = {spec.name for spec in sub}
    if plain in under:
        return f"put it under 'links:' as {plain}"
    if "homepage" in under and plain in _LINK_NAMES:
        return "put it under 'links:' as homepage"
    for target in FIELD_SYNONYMS.get(plain, ()):
        if target in known:
            return f"did you mean '{target}'? ({known[target].doc})"
        if target in under:
            return f"put it under 'links:' as {target}"
    close = difflib.get_close_matches(plain, known, n=1, cutoff=0.75)
    if close:
        return f"did you mean '{close[0]}'?"
    return "remove it, or use one of: " + ", ".join(known)


_LINK_TABLES = {"links": LINK_FIELDS, "paper_links": PAPER_LINK_FIELDS}


def check_id(value: str) -> bool:
    """Whether `value` is a valid id: a lowercase ASCII slug, never a path."""
    return bool(ID_RE.match(value))


class Checker:
    """Validates the fields of one mapping against a field table, recording problems."""

    def __init__(self, path: str, problems: Problems) -> None:
        self.path = path
        self.problems = problems

    def fields(
        self, data: Any, specs: tuple[Field, ...], what: str, line: int = 1
    ) -> dict[str, Any] | None:
        """Check a mapping; return its values converted to Python types (missing ones absent)."""
        if not isinstance(data, MarkedDict):
            self.problems.add(
                self.path,
                line,
                f"{what} must be a mapping of fields "
                f"({_describe(data)}); see the README for an example",
            )
            return None
        known = {spec.name: spec for spec in specs}
        out: dict[str, Any] = {}
        for key in data:
            if key not in known:
                hint = unknown_field_hint(key, known)
                self.problems.add(
                    self.path, data.line_of(key), f"unknown field '{quote(key)}'; {hint}"
                )
        for spec in specs:
            if spec.name not in data:
                continue
            value = self.value(spec, data[spec.name], data.line_of(spec.name))
            if value is not None:
                out[spec.name] = value
        return out

    def missing(self, data: dict[str, Any], names: tuple[str, ...], line: int) -> None:
        """Report required fields that are absent."""
        for name in names:
            if name not in data:
                self.problems.add(self.path, line, f"missing required field '{name}'")

    def error(self, line: int, message: str) -> None:
        """Record one problem in this file."""
        self.problems.add(self.path, line, message)

    def value(self, spec: Field, raw: Any, line: int) -> Any:
        """Convert one field value, or record why it is wrong and return None."""
        converter = _CONVERTERS[spec.kind]
        return converter(self, spec, raw, line)


def _text(c: Checker, spec: Field, raw: Any, line: int) -> str | None:
    if (
        isinstance(raw, Tagged)
        and isinstance(raw.value, int | float | dt.date | Unreadable)
        and not (isinstance(raw.value, bool))
    ):
        # `arxiv: 2001.10000` or `title: 1984`: the spelling as written, not the number YAML
        # made of it (2001.1). Booleans and nulls stay errors: `title: no` means no title.
        raw = raw.source
    if isinstance(raw, str):
        multiline = spec.kind == "markdown"
        text = raw.strip("\n") if multiline else raw.strip()
        if spec.required and not text:
            c.error(line, f"{spec.name}: must not be empty")
            return None
        wrong = bad_character(text, multiline)
        if wrong:
            c.error(line, f"{spec.name}: the text {wrong}")
            return None
        return text
    c.error(line, f"{spec.name}: expected text, but {_describe(raw)}{_quote_hint(raw)}")
    return None


def _checked_text(pattern: re.Pattern[str], example: str) -> Callable[..., str | None]:
    def convert(c: Checker, spec: Field, raw: Any, line: int) -> str | None:
        text = _text(c, spec, raw, line)
        if text and not pattern.match(text):
            c.error(line, f"{spec.name}: '{quote(text)}' does not look like {example}")
            return None
        return text

    return convert


def _int(c: Checker, spec: Field, raw: Any, line: int) -> int | None:
    value = raw.value if isinstance(raw, Tagged) else raw
    if isinstance(raw, Tagged) and _odd_number(raw):
        c.error(
            line,
            f"{spec.name}: write the year as four digits, such as 2019 "
            f"(YAML reads `{quote(raw.source)}` as {value})",
        )
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 2999:
        return value
    if isinstance(raw, str) and raw.strip().isdigit():
        c.error(line, f"{spec.name}: write the year without quotes: {spec.name}: {raw.strip()}")
        return None
    c.error(line, f"{spec.name}: expected a four-digit year such as 2023, but {_describe(raw)}")
    return None


def _odd_number(raw: Tagged) -> bool:
    """A whole number YAML 1.1 reads from a spelling nobody means as one: 0x7B2, 0o3662,
    1_970, +1970 or 19:50 (base 60)."""
    value = raw.value
    return (
        isinstance(value, int) and not isinstance(value, bool) and not DECIMAL_RE.match(raw.source)
    )


def _count(c: Checker, spec: Field, raw: Any, line: int) -> int | None:
    value = raw.value if isinstance(raw, Tagged) else raw
    if isinstance(raw, Tagged) and _odd_number(raw):
        c.error(
            line,
            f"{spec.name}: write a whole number such as 10 "
            f"(YAML reads `{quote(raw.source)}` as {value})",
        )
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    c.error(line, f"{spec.name}: expected a whole number of at least 1, but {_describe(raw)}")
    return None


def _integer(c: Checker, spec: Field, raw: Any, line: int) -> int | None:
    value = raw.value if isinstance(raw, Tagged) else raw
    spelled = isinstance(raw, Tagged) and DECIMAL_RE.match(raw.source.removeprefix("-"))
    if isinstance(raw, Tagged) and isinstance(value, int) and not spelled:
        c.error(
            line,
            f"{spec.name}: write a whole number such as 10 "
            f"(YAML reads `{quote(raw.source)}` as {value})",
        )
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    c.error(line, f"{spec.name}: expected a whole number such as 10, but {_describe(raw)}")
    return None


_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_MONTH_RE = re.compile(r"^(?:0?[1-9]|1[0-2])$")


def _month(c: Checker, spec: Field, raw: Any, line: int) -> int | None:
    value = raw.value if isinstance(raw, Tagged) else raw
    is_number = isinstance(value, int) and not isinstance(value, bool)
    if is_number and isinstance(raw, Tagged) and _MONTH_RE.match(raw.source):
        return int(raw.source)  # 3, or 03 (which YAML 1.1 reads as octal 3)
    fix = ""
    if isinstance(raw, str):
        word = raw.strip().lower().rstrip(".")
        number = next(
            (
                n
                for n, name in enumerate(_MONTH_NAMES, 1)
                if len(word) >= 3 and name.startswith(word)
            ),
            None,
        )
        if number is not None:
            fix = f"; write {spec.name}: {number}"
        elif _MONTH_RE.match(raw.strip()):
            fix = f"; write it without quotes: {spec.name}: {int(raw.strip())}"
    c.error(
        line,
        f"{spec.name}: expected a month as a number from 1 to 12 (3 for March), "
        f"but {_describe(raw)}{fix}",
    )
    return None


def _citation_key(c: Checker, spec: Field, raw: Any, line: int) -> str | None:
    text = _text(c, spec, raw, line)
    if text and not CITATION_KEY_RE.match(text):
        c.error(
            line,
            f"{spec.name}: '{quote(text)}' cannot be a BibTeX key: a key has no spaces, "
            "commas or braces; write one such as smith2020",
        )
        return None
    return text


def _date(c: Checker, spec: Field, raw: Any, line: int) -> dt.date | None:
    value = raw.value if isinstance(raw, Tagged) else raw
    if isinstance(raw, Tagged) and isinstance(value, Unreadable | dt.date):
        if isinstance(value, Unreadable):
            c.error(
                line,
                f"{spec.name}: {quote(raw.source)} is not a date; write a day that exists, "
                "as YYYY-MM-DD (such as 2024-02-29)",
            )
            return None
        if not ISO_DATE_RE.match(raw.source):
            c.error(
                line,
                f"{spec.name}: write the date as YYYY-MM-DD, with two-digit month and day "
                f"(YAML reads `{quote(raw.source)}` as {value.isoformat()})",
            )
            return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    c.error(line, f"{spec.name}: expected a date written YYYY-MM-DD, but {_describe(raw)}")
    return None


def _bool(c: Checker, spec: Field, raw: Any, line: int) -> bool | None:
    value = raw.value if isinstance(raw, Tagged) else raw
    if isinstance(value, bool):
        return value
    c.error(line, f"{spec.name}: expected true or false, but {_describe(raw)}")
    return None


def _id(c: Checker, spec: Field, raw: Any, line: int) -> str | None:
    text = _text(c, spec, raw, line)
    if text is not None and not check_id(text):
        c.error(
            line,
            f"{spec.name}: '{quote(text)}' is not an id; ids are lowercase ASCII words "
            "joined by hyphens, the file name without .yaml",
        )
        return None
    return text


def _items(
    c: Checker, spec: Field, raw: Any, line: int, item: Callable[..., Any]
) -> tuple[Any, ...] | None:
    if isinstance(raw, Tagged) and raw.value is None:
        return ()
    if not isinstance(raw, MarkedList):
        c.error(line, f"{spec.name}: expected a list (one '- item' per line), but {_describe(raw)}")
        return None
    out = []
    for value, item_line in zip(raw, raw.lines, strict=True):
        converted = item(c, spec, value, item_line)
        if converted is not None:
            out.append(converted)
    return tuple(out)


def _ids(c: Checker, spec: Field, raw: Any, line: int) -> tuple[Any, ...] | None:
    return _items(c, spec, raw, line, _id)


def _texts(c: Checker, spec: Field, raw: Any, line: int) -> tuple[Any, ...] | None:
    return _items(c, spec, raw, line, _text)


def _choice(c: Checker, spec: Field, raw: Any, line: int) -> str | None:
    text = _text(c, spec, raw, line)
    if text is not None and text not in spec.choices:
        c.error(line, f"{spec.name}: '{quote(text)}' is not one of: {', '.join(spec.choices)}")
        return None
    return text


def _language(c: Checker, spec: Field, raw: Any, line: int) -> str | None:
    text = _text(c, spec, raw, line)
    if text and (len(text) > LANGUAGE_MAX or not LANGUAGE_RE.match(text)):
        c.error(
            line,
            f"{spec.name}: '{quote(text)}' is not a language tag; write one such as en or "
            f"pt-BR (letters, digits and hyphens, at most {LANGUAGE_MAX} characters)",
        )
        return None
    return text


def _links(c: Checker, spec: Field, raw: Any, line: int) -> Links | None:
    values = c.fields(raw, LINK_FIELDS, "links", line)
    if values is None:
        return None
    orcid = values.get("orcid", "")
    if orcid and not ORCID_RE.match(orcid.removeprefix("https://orcid.org/")):
        c.error(
            raw.line_of("orcid"),
            f"orcid: '{quote(orcid)}' does not look like 0000-0002-1825-0097",
        )
        values.pop("orcid")
    elif orcid:
        values["orcid"] = orcid.removeprefix("https://orcid.org/")
    return Links(**values)


def _paper_links(c: Checker, spec: Field, raw: Any, line: int) -> PaperLinks | None:
    values = c.fields(raw, PAPER_LINK_FIELDS, "links", line)
    return None if values is None else PaperLinks(**values)


def _entries(c: Checker, spec: Field, raw: Any, line: int) -> tuple[Any, ...] | None:
    def entry(c: Checker, spec: Field, value: Any, item_line: int) -> Entry | None:
        values = c.fields(value, ENTRY_FIELDS, "each entry", item_line)
        if values is None:
            return None
        if "paper" not in value:
            c.missing(values, ("paper",), item_line)
        if "paper" not in values:
            return None
        return Entry(**values, line=value.line_of("paper"))

    return _items(c, spec, raw, line, entry)


_CONVERTERS: dict[str, Callable[..., Any]] = {
    "text": _text,
    "markdown": _text,
    "int": _int,
    "count": _count,
    "integer": _integer,
    "month": _month,
    "date": _date,
    "bool": _bool,
    "id": _id,
    "ids": _ids,
    "texts": _texts,
    "choice": _choice,
    "language": _language,
    "url": _checked_text(URL_RE, "a web address starting with https://"),
    "arxiv": _checked_text(ARXIV_RE, "an arXiv id such as 2303.08774"),
    "doi": _checked_text(DOI_RE, "a DOI such as 10.1000/xyz123"),
    "citation_key": _citation_key,
    "digits": _checked_text(DIGITS_RE, "a number such as 26017442"),
    "links": _links,
    "paper_links": _paper_links,
    "entries": _entries,
}


def _source(path: str, data: MarkedDict) -> Source:
    return Source(path, dict(data.lines))


def paper_from_yaml(pid: str, path: str, data: Any, problems: Problems) -> Paper | None:
    """Validate one paper file's data; record problems and return None when it is unusable."""
    c = Checker(path, problems)
    values = c.fields(data, PAPER_FIELDS, "a paper file")
    if values is None:
        return None
    if values.get("needs_metadata"):
        c.missing(values, () if "title" in data else ("title",), 1)
    else:
        absent = tuple(
            f.name
            for f in PAPER_FIELDS
            if f.required
            and f.name not in data
            and not (f.name == "authors" and values.get("editors"))  # an edited book
        )
        if absent:
            c.error(
                1,
                f"missing required field '{absent[0]}'"
                + (f" (and {', '.join(absent[1:])})" if absent[1:] else "")
                + "; add it, or mark the paper 'needs_metadata: true' until you know it",
            )
    values.setdefault("title", "")  # reported above; kept so its references are checked too
    if "type" not in values:  # not stated (files from before types), or wrong (reported)
        values["type"] = infer_type(
            arxiv=values.get("arxiv", ""),
            venue=values.get("venue", ""),
            journal=values.get("journal", ""),
            booktitle=values.get("booktitle", ""),
        )
    authors, editors = data.get("authors"), data.get("editors")
    return Paper(
        id=pid,
        **values,
        source=_source(path, data),
        author_lines=tuple(authors.lines) if isinstance(authors, MarkedList) else (),
        editor_lines=tuple(editors.lines) if isinstance(editors, MarkedList) else (),
    )


def author_from_yaml(aid: str, path: str, data: Any, problems: Problems) -> Author | None:
    """Validate one author file's data."""
    c = Checker(path, problems)
    values = c.fields(data, AUTHOR_FIELDS, "an author file")
    if values is None:
        return None
    c.missing(values, tuple(f.name for f in AUTHOR_FIELDS if f.required and f.name not in data), 1)
    values.setdefault("name", "")
    values.setdefault("family", "")
    return Author(id=aid, **values, source=_source(path, data))


def list_from_yaml(lid: str, path: str, data: Any, problems: Problems) -> ReadingList | None:
    """Validate one reading-list file's data."""
    c = Checker(path, problems)
    values = c.fields(data, LIST_FIELDS, "a list file")
    if values is None:
        return None
    c.missing(values, tuple(f.name for f in LIST_FIELDS if f.required and f.name not in data), 1)
    values.setdefault("title", "")
    values.setdefault("curator", "")
    return ReadingList(id=lid, **values, source=_source(path, data))


FRONT_MATTER = "---"
_FRONT_MATTER_END = ("---", "...")


def page_from_markdown(slug: str, path: str, text: str, problems: Problems) -> FreePage | None:
    """Validate one free page: a YAML front matter between two '---' lines, then Markdown."""
    c = Checker(path, problems)
    lines = text.split("\n")
    if lines[0].rstrip() != FRONT_MATTER:
        c.error(
            1,
            "a page starts with its front matter: a line '---', then 'title: ...', then "
            "'---' again, and the Markdown text after it",
        )
        return None
    end = next((i for i, x in enumerate(lines) if i and x.rstrip() in _FRONT_MATTER_END), 0)
    if not end:
        c.error(1, "the front matter is never closed: end it with a line '---'")
        return None
    # a blank first line for the opening '---': the YAML's lines are the file's lines
    data = parse_yaml("\n" + "\n".join(lines[1:end]), path)
    values = c.fields(data, PAGE_FIELDS, "a page's front matter")
    if values is None:
        return None
    c.missing(values, () if "title" in data else ("title",), 1)
    body = "\n".join(lines[end + 1 :])
    wrong = bad_character(body, multiline=True)
    if wrong:
        found = _BAD_IN_TEXT.search(body)
        at = end + 2 + (body[: found.start()].count("\n") if found else 0)
        c.error(at, f"the text {wrong}")
        return None
    values.setdefault("title", "")
    return FreePage(id=slug, body=body.strip("\n"), **values, source=_source(path, data))

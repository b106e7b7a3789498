"""RIS files (Zotero, Mendeley, EndNote, Web of Science's RIS export), read with rispy.

Each `TY - ... ER -` record becomes a paper: its reference type mapped to the paper types,
authors (AU/A1) and editors (A2, ED) as 'Family, Given' names, and the fields of its type.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import rispy  # type: ignore[import-untyped]

from generator.base.errors import Problem
from generator.base.names import Name, fold, looks_like_organization
from generator.editing.ingest.bibtex import (
    ARXIV_DOI,
    ARXIV_IN_TEXT,
    is_vancouver,
    read_name,
    vancouver,
)
from generator.editing.ingest.incoming import CITATION_KEY_ID, BibtexFile, IncomingPaper
from generator.model.records import DOI_RE, URL_RE

RIS_START = re.compile(r"^\s*TY  - [A-Z0-9]+\s*$", re.MULTILINE)
# RIS reference types -> paper types (RIS spec, Zotero's and EndNote's exports)
TYPES = {
    "JOUR": "article",
    "JFULL": "article",
    "MGZN": "article",
    "NEWS": "article",
    "EJOUR": "article",
    "CONF": "conference",
    "CPAPER": "conference",
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "book",
    "CHAP": "chapter",
    "ECHAP": "chapter",
    "THES": "thesis",
    "RPRT": "report",
    "GOVDOC": "report",
    "STAND": "report",
    "DATA": "dataset",
    "DBASE": "dataset",
    "COMP": "software",
    "UNPB": "preprint",
    "INPR": "preprint",
    "MANSCPT": "preprint",
}


def is_ris(text: str) -> bool:
    """Whether a text is RIS: a `TY  - TYPE` line and an `ER  -` line."""
    return bool(RIS_START.search(text)) and bool(re.search(r"^ER  -", text, re.MULTILINE))


def read_ris(text: str, path: str) -> BibtexFile:
    """Parse a RIS file into papers; a record without a title is skipped with its line."""
    problems: list[Problem] = []
    try:
        records = rispy.loads(text)
    except (OSError, ValueError) as exc:
        return BibtexFile(path, (), (Problem(path, 1, f"not readable as RIS: {exc}"),))
    starts = [text.count("\n", 0, m.start()) + 1 for m in RIS_START.finditer(text)]
    papers = []
    for index, record in enumerate(records):
        line = starts[index] if index < len(starts) else 1
        title = _one(record, "title", "primary_title", "translated_title")
        if not title:
            problems.append(Problem(path, line, "skipped a RIS record: it has no title (TI)"))
            continue
        papers.append(_paper(record, title, line))
    return BibtexFile(path, tuple(papers), tuple(problems))


def _one(record: Mapping[str, Any], *keys: str) -> str:
    for key in keys:
        value = record.get(key)
        if isinstance(value, list):
            value = value[0] if value else ""
        if value:
            return " ".join(str(value).split())
    return ""


def names(values: Any) -> tuple[Name, ...]:
    """RIS names: 'Family, Given[, Suffix]'; with no comma, 'Family INITIALS' where a record
    writes its names so (PubMed's Vancouver style: 'Heymsfield SB', 'Shepherd J'), else a
    person's name in the order 'Given Family' (as Scopus and hand-made exports write it:
    'Radosław Miśkiewicz', 'Radoslaw M. Miskiewicz'), or else an organization."""
    texts = [text for raw in values or () if (text := " ".join(str(raw).split()).strip())]
    in_vancouver = is_vancouver([text for text in texts if "," not in text])
    found = []
    for text in texts:
        family, _, given = (part.strip() for part in text.partition(","))
        given = given.split(",")[0].strip()
        if not given and in_vancouver and (written := vancouver(family)):
            family, given = written  # 'Heymsfield SB': family, initials
        if given:
            found.append(Name(family, given, "person", f"{family}, {given}"))
        elif _person_in_order(family) and (name := read_name(family)) is not None:
            found.append(name)
        else:
            kind = "organization" if looks_like_organization(family) or " " in family else "person"
            found.append(Name(family, "", kind, f"{family}, null"))
    return tuple(found)  # a name twice is two places on the byline, as in BibTeX


# a word of a person's name: a capital, or a particle ('van', 'de'), and letters, an initial's
# dot, a hyphen or an apostrophe; no digits
_NAME_WORD = re.compile(r"(?:[^\W\d_a-z][^\W\d_]*|[a-z]{1,3})(?:['’.-][^\W\d_]*)*\.?")


# words of organizations' names that no person's name has (base.names.ORG_WORDS aside, which
# a family name alone may be: 'Bank, A.')
_ORG_HINTS = frozenset(
    "bank commission community agency ministry department office board bureau authority"
    " service services forum federation union programme program panel unit partnership"
    " company government contributors collaborators investigators developers authors editors"
    " staff writers press news"
    " museum library school college academy hospital clinic trust fund nations world"
    " international national european american research development".split()
)


def _person_in_order(text: str) -> bool:
    """Whether a name without a comma is a person's, given names first: two to five words of
    a name ('Jakub Maciej Dowejko', 'WOJCIECH DROŻDŻ'), not an organization's ('World Bank')."""
    words = text.split()
    return (
        2 <= len(words) <= 5
        and not looks_like_organization(text.title())
        and not any(fold(w) in _ORG_HINTS for w in words)
        and all(_NAME_WORD.fullmatch(w) for w in words)
        and bool(re.match(r"[^\W\d_]", words[-1]) and words[-1][:1].isupper())
    )


def _paper(record: Mapping[str, Any], title: str, line: int) -> IncomingPaper:
    ty = _one(record, "type_of_reference").upper()
    kind = TYPES.get(ty, "other")
    container = _one(record, "secondary_title", "alternate_title3", "journal_name")
    journal = container if kind in ("article", "preprint") else ""
    booktitle = container if kind in ("conference", "chapter") else ""
    series = _one(record, "tertiary_title") if kind in ("book", "chapter", "conference") else ""
    year_text = _one(record, "year", "publication_year", "date")
    year = re.search(r"(?<!\d)(1\d{3}|2\d{3})(?!\d)", year_text)
    month = re.match(r"\d{4}/(\d{1,2})", _one(record, "publication_year", "date"))
    pages = _one(record, "start_page")
    end = _one(record, "end_page")
    if pages and end and end != pages:
        pages = f"{pages}–{end}"
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", _one(record, "doi"), flags=re.I)
    urls = [u for u in record.get("urls", []) or [] if URL_RE.match(str(u))]
    arxiv = ""
    found = ARXIV_DOI.match(doi) or next(
        (m for m in (ARXIV_IN_TEXT.search(str(u)) for u in urls) if m), None
    )
    if found:
        arxiv = found.group(1)
    isbn_issn = _one(record, "issn")
    is_book = kind in ("book", "chapter")
    thesis = kind == "thesis"
    publisher = _one(record, "publisher")
    degree = ""
    if thesis:
        work = _one(record, "type_of_work", "note").lower()
        degree = (
            "phd"
            if ("phd" in work or "doctor" in work or "dissertation" in work)
            else ("masters" if "master" in work else "")
        )
    authors = names(record.get("authors") or record.get("first_authors"))
    editors = names(record.get("secondary_authors") or record.get("editor"))
    if kind in ("article", "conference"):
        editors = editors if kind == "conference" else ()
    return IncomingPaper(
        title=title,
        authors=authors,
        abstract=_one(record, "abstract", "notes_abstract"),
        line=line,
        year=int(year.group(1)) if year else None,
        month=int(month.group(1)) if month and 1 <= int(month.group(1)) <= 12 else None,
        arxiv=arxiv,
        doi=doi if DOI_RE.match(doi) else "",
        url=str(urls[0]) if urls and not arxiv else "",
        tags=tuple(dict.fromkeys(str(k).strip() for k in record.get("keywords", []) or [])),
        type=kind,
        degree=degree,
        journal=journal,
        booktitle=booktitle,
        series=series,
        volume=_one(record, "volume"),
        number=_one(record, "number"),
        pages=pages,
        edition=_one(record, "edition"),
        publisher="" if thesis else publisher,
        school=publisher if thesis else "",
        institution=publisher if kind == "report" and not publisher else "",
        address=_one(record, "place_published"),
        isbn=isbn_issn if is_book else "",
        issn=isbn_issn if not is_book else "",
        # JabRef's RIS gives the key as ID; EndNote's and Mendeley's a number, no key
        citation_key=key if CITATION_KEY_ID.fullmatch(key := _one(record, "id")) else "",
        editors=editors,
    )

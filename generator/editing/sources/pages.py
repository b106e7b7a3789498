"""Papers named by a site's page: OpenReview (its API), the ACL Anthology (its BibTeX) and
Semantic Scholar (its Graph API, for the DOI or arXiv id behind a page)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

from generator.editing.ingest.bibtex import read_bibtex
from generator.editing.ingest.incoming import IncomingPaper
from generator.editing.sources.client import (
    ACL,
    OPENREVIEW,
    OPENREVIEW_V1,
    S2,
    Client,
    Malformed,
    NotFound,
)
from generator.editing.sources.common import expect, load_json, obj, one_line, person, year_of

# --- OpenReview -----------------------------------------------------------------------------


def openreview(client: Client, forum: str) -> IncomingPaper:
    """A submission by its forum id: API 2 (https://docs.openreview.net/reference/api-v2),
    then the first API, which holds the venues from before 2023."""
    try:
        return client.get(OPENREVIEW, "/notes", lambda b: parse_openreview(b, forum), {"id": forum})
    except NotFound:
        return client.get(
            OPENREVIEW_V1, "/notes", lambda b: parse_openreview(b, forum), {"id": forum}
        )


def parse_openreview(body: bytes, forum: str) -> IncomingPaper:
    """Read a /notes?id= answer; API 2 wraps each content field as {"value": ...}."""
    data = load_json(OPENREVIEW, body)
    notes = expect(OPENREVIEW, data.get("notes") if isinstance(data, dict) else None, list, "notes")
    if not notes or not isinstance(notes[0], dict):
        raise NotFound(OPENREVIEW, "no such submission")
    note = notes[0]
    content = expect(OPENREVIEW, note.get("content"), dict, "content")

    def field(name: str) -> Any:
        value = content.get(name)
        return value.get("value") if isinstance(value, dict) else value

    venue = one_line(field("venue"))
    # "ICLR 2023 notable top 25%" -> ICLR 2023; "Submitted to ICLR 2023" was not accepted
    accepted = bool(venue) and not re.match(r"(?i)(submitted to|withdrawn|rejected|desk)", venue)
    short = re.match(r"([A-Za-z][\w&.-]*(?: [A-Za-z][\w&.-]*)?) (\d{4})\b", venue)
    stamp = note.get("pdate") or note.get("odate") or note.get("cdate")
    year = year_of(short.group(2)) if short else None
    if year is None and isinstance(stamp, int):
        year = dt.datetime.fromtimestamp(stamp / 1000, dt.UTC).year
    names = [person(str(n)) for n in field("authors") or () if n]
    return IncomingPaper(
        title=one_line(field("title")),
        authors=tuple(n for n in names if n is not None),
        abstract=one_line(field("abstract")),
        line=0,
        year=year,
        type="conference" if accepted else "preprint",
        venue=(f"{short.group(1)} {short.group(2)}" if short else venue) if accepted else "",
        openreview=forum,
        url=f"https://openreview.net/forum?id={forum}",
        links=(("pdf", f"https://openreview.net/pdf?id={forum}"),) if field("pdf") else (),
    )


# --- ACL Anthology --------------------------------------------------------------------------


def acl_doi(anthology_id: str) -> str:
    """The DOI of a modern Anthology id (2020.acl-main.463 -> 10.18653/v1/2020.acl-main.463);
    old ids (P02-1040) are older than the Anthology's DOIs for most venues: ''."""
    return f"10.18653/v1/{anthology_id}" if re.match(r"\d{4}\.", anthology_id) else ""


def acl_bibtex(client: Client, anthology_id: str) -> IncomingPaper:
    """The Anthology's own BibTeX for an id (aclanthology.org/ID.bib)."""
    return client.get(ACL, f"/{quote(anthology_id)}.bib", lambda b: parse_acl(b, anthology_id))


def parse_acl(body: bytes, anthology_id: str) -> IncomingPaper:
    """Read the Anthology's BibTeX with the importer's reader."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Malformed(ACL, "the BibTeX is not UTF-8") from exc
    if "@" not in text:
        raise Malformed(ACL, "the answer is not BibTeX")
    found = read_bibtex(text, f"{anthology_id}.bib")
    if not found.papers:
        raise Malformed(ACL, "the BibTeX has no entry that can be read")
    return replace(found.papers[0], acl=anthology_id, citation_key="", line=0)


# --- Semantic Scholar -----------------------------------------------------------------------

S2_FIELDS = "title,authors,year,venue,abstract,externalIds,publicationTypes,journal"


@dataclass(frozen=True)
class S2Paper:
    """What Semantic Scholar knows: the ids to ask the primary sources with, and its record."""

    doi: str
    arxiv: str
    acl: str
    paper: IncomingPaper


def semantic_scholar(client: Client, paper_id: str) -> S2Paper:
    """A paper by its Semantic Scholar id (Graph API /paper/{id})."""
    return client.get(S2, f"/paper/{quote(paper_id, safe=':')}", parse_s2, {"fields": S2_FIELDS})


def parse_s2(body: bytes) -> S2Paper:
    """Read a Graph API paper."""
    data = expect(S2, load_json(S2, body), dict, "paper")
    ids = obj(data.get("externalIds"))
    types = [str(t) for t in data.get("publicationTypes") or ()]
    journal = obj(data.get("journal"))
    kind = "article" if "JournalArticle" in types else "conference" if "Conference" in types else ""
    names = [
        person(str(a.get("name") or "")) for a in data.get("authors") or () if isinstance(a, dict)
    ]
    paper = IncomingPaper(
        title=one_line(data.get("title")),
        authors=tuple(n for n in names if n is not None),
        abstract=one_line(data.get("abstract")),
        line=0,
        year=year_of(data.get("year")),
        type=kind or "other",
        journal=one_line(journal.get("name")) if kind == "article" else "",
        venue=one_line(data.get("venue")) if kind != "article" else "",
        volume=one_line(journal.get("volume")) if kind == "article" else "",
        pages=one_line(journal.get("pages")) if kind == "article" else "",
    )
    return S2Paper(
        doi=one_line(ids.get("DOI")).lower(),
        arxiv=one_line(ids.get("ArXiv")),
        acl=one_line(ids.get("ACL")),
        paper=paper,
    )

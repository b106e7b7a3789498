"""Crossref's REST API: a work by its DOI, and a search by title or abstract
(https://api.crossref.org/swagger-ui/index.html, https://www.crossref.org/documentation/retrieve-metadata/rest-api/)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from generator.base.names import Name
from generator.editing.ingest.incoming import IncomingPaper
from generator.editing.sources.client import CROSSREF, Client
from generator.editing.sources.common import (
    expect,
    given_family,
    load_json,
    one_line,
    orcid,
    plain_title,
    strip_markup,
)

# Crossref's work types (GET /types) -> paper types
TYPES = {
    "journal-article": "article",
    "proceedings-article": "conference",
    "book-chapter": "chapter",
    "book-section": "chapter",
    "book-part": "chapter",
    "reference-entry": "chapter",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "book-set": "book",
    "book-series": "book",
    "proceedings": "book",  # a whole proceedings volume
    "dissertation": "thesis",
    "report": "report",
    "report-component": "report",
    "report-series": "report",
    "standard": "report",
    "posted-content": "preprint",
    "dataset": "dataset",
    "database": "dataset",
}


def fetch(client: Client, doi: str) -> IncomingPaper:
    """The work a DOI names, as Crossref has it."""
    return client.get(CROSSREF, f"/works/{quote(doi, safe='/:;()')}", parse)


def parse(body: bytes) -> IncomingPaper:
    """Read a /works/DOI answer."""
    data = load_json(CROSSREF, body)
    message = expect(
        CROSSREF, data.get("message") if isinstance(data, dict) else None, dict, "work"
    )
    return work(message)


def work(item: Mapping[str, Any]) -> IncomingPaper:
    """One Crossref work record as a paper."""
    kind = TYPES.get(str(item.get("type", "")), "other")
    title = _first(item.get("title"))
    subtitle = _first(item.get("subtitle"))
    if subtitle and subtitle.lower() not in title.lower():
        title = f"{title}: {subtitle}"
    authors, orcids = _people(item.get("author"))
    editors, editor_orcids = _people(item.get("editor"))
    year, month = _date(item)
    container = _first(item.get("container-title"))
    publisher = one_line(item.get("publisher"))
    institution = _first(
        [i.get("name") for i in item.get("institution") or () if isinstance(i, dict)]
    )
    event = item.get("event")
    event_name = one_line(event.get("name")) if isinstance(event, dict) else ""
    return IncomingPaper(
        title=title,
        authors=authors,
        abstract=strip_markup(str(item.get("abstract") or "")),
        line=0,
        year=year,
        month=month,
        doi=one_line(item.get("DOI")).lower(),
        type=kind,
        journal=container if kind == "article" else "",
        booktitle=container if kind in ("conference", "chapter") else "",
        venue=event_name if kind == "conference" and event_name != container else "",
        series=container if kind == "book" else "",
        volume=one_line(item.get("volume")),
        number=one_line(item.get("issue")),
        pages=one_line(item.get("page")),
        edition=one_line(item.get("edition-number")),
        publisher="" if kind in ("thesis", "report") else publisher,
        school=(institution or publisher) if kind == "thesis" else "",
        institution=(institution or publisher) if kind == "report" else "",
        address=one_line(item.get("publisher-location")),
        isbn=", ".join(one_line(i) for i in item.get("ISBN") or () if i)
        if kind in ("book", "chapter", "conference")
        else "",
        issn=", ".join(dict.fromkeys(one_line(i) for i in item.get("ISSN") or () if i))
        if kind == "article"
        else "",
        editors=editors,
        orcids=orcids,
        editor_orcids=editor_orcids,
    )


def _first(values: object) -> str:
    if isinstance(values, list):
        return next((plain_title(v) for v in values if plain_title(v)), "")
    return plain_title(values)


def _people(values: object) -> tuple[tuple[Name, ...], tuple[str, ...]]:
    """Names in byline order with an ORCID per position ('' where none)."""
    names: list[Name] = []
    orcids: list[str] = []
    for item in values if isinstance(values, list) else ():
        if not isinstance(item, dict):
            continue
        name = given_family(item.get("given"), item.get("family") or item.get("name"))
        if name is None:
            continue
        if not item.get("family") and item.get("name"):  # Crossref's "name" is a group
            name = Name(name.family, "", "organization", f"{name.family}, null")
        names.append(name)
        orcids.append(orcid(item.get("ORCID")))
    return tuple(names), tuple(orcids) if any(orcids) else ()


def _date(item: Mapping[str, Any]) -> tuple[int | None, int | None]:
    """The date a work is cited by: Crossref's 'issued', the earlier of print and online."""
    for key in ("issued", "published", "published-print", "published-online", "created"):
        parts = (item.get(key) or {}).get("date-parts") if isinstance(item.get(key), dict) else None
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            first = parts[0]
            try:
                year = int(first[0])
                month = int(first[1]) if len(first) > 1 and first[1] else None
            except (TypeError, ValueError):
                continue
            return year, month if month and 1 <= month <= 12 else None
    return None, None

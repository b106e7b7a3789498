"""Open Library's Books API: a book by its ISBN, with authors' names, publisher, place and date
in one request (https://openlibrary.org/dev/docs/api/books, jscmd=data)."""

from __future__ import annotations

import re

from generator.editing.ingest.incoming import IncomingPaper
from generator.editing.sources.client import OPENLIBRARY, Client, NotFound
from generator.editing.sources.common import expect, load_json, one_line, person, year_of

_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def fetch(client: Client, isbn: str) -> IncomingPaper:
    """The book an ISBN names."""
    params = {"bibkeys": f"ISBN:{isbn}", "format": "json", "jscmd": "data"}
    return client.get(OPENLIBRARY, "/api/books", lambda body: parse(body, isbn), params)


def parse(body: bytes, isbn: str) -> IncomingPaper:
    """Read a Books API answer: {"ISBN:...": {...}}, or {} for an ISBN it does not know."""
    data = expect(OPENLIBRARY, load_json(OPENLIBRARY, body), dict, "books")
    book = data.get(f"ISBN:{isbn}")
    if book is None:
        raise NotFound(OPENLIBRARY, "no book with this ISBN")
    book = expect(OPENLIBRARY, book, dict, "book")
    title = one_line(book.get("title"))
    subtitle = one_line(book.get("subtitle"))
    if subtitle and subtitle.lower() not in title.lower():
        title = f"{title}: {subtitle}"
    names = [
        person(str(a.get("name") or "")) for a in book.get("authors") or () if isinstance(a, dict)
    ]
    date = one_line(book.get("publish_date"))
    month = next((i + 1 for i, m in enumerate(_MONTHS) if re.search(rf"\b{m}", date.lower())), None)
    found_year = re.search(r"\b(\d{4})\b", date)
    ids = book.get("identifiers") if isinstance(book.get("identifiers"), dict) else {}
    isbn13 = next(iter(ids.get("isbn_13") or ()), "")
    series = book.get("series")
    return IncomingPaper(
        title=title,
        authors=tuple(n for n in names if n is not None),
        abstract="",
        line=0,
        year=year_of(found_year.group(1)) if found_year else None,
        month=month,
        type="book",
        publisher=_first_name(book.get("publishers")),
        address=_first_name(book.get("publish_places")),
        edition=re.sub(
            r"\s*(?:ed\.?|edition)$", "", one_line(book.get("edition_name")), flags=re.I
        ),
        series=one_line(series[0]) if isinstance(series, list) and series else "",
        isbn=one_line(isbn13) or isbn,
        url=one_line(book.get("url")),
    )


def _first_name(values: object) -> str:
    for value in values if isinstance(values, list) else ():
        name = one_line(value.get("name")) if isinstance(value, dict) else one_line(value)
        if name:
            return name
    return ""

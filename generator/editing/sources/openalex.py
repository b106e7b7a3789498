"""OpenAlex: abstracts Crossref lacks (rebuilt from abstract_inverted_index) and a search by
title or abstract for `complete` (https://docs.openalex.org/api-entities/works)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from generator.base.names import Name
from generator.editing.ingest.incoming import IncomingPaper
from generator.editing.sources.client import OPENALEX, Client, Malformed
from generator.editing.sources.common import (
    expect,
    inverted_abstract,
    load_json,
    obj,
    one_line,
    orcid,
    person,
    plain_title,
    year_of,
)
from generator.model.records import ARXIV_RE

# OpenAlex work types -> paper types ("article" covers journal and conference papers alike:
# the source's type, a journal or a conference, tells them apart)
TYPES = {
    "book": "book",
    "book-chapter": "chapter",
    "dissertation": "thesis",
    "report": "report",
    "preprint": "preprint",
    "dataset": "dataset",
    "standard": "report",
}
SEARCH_RESULTS = 5


def fetch_by_doi(client: Client, doi: str) -> IncomingPaper:
    """The work OpenAlex has for a DOI."""
    return client.get(OPENALEX, f"/works/doi:{quote(doi, safe='/:;()')}", parse)


def search(client: Client, text: str) -> list[IncomingPaper]:
    """The works OpenAlex finds for a title or the start of an abstract, best first."""
    # commas and colons separate OpenAlex filters: a search is free text without them
    query = " ".join(text.replace(",", " ").replace(":", " ").split()[:40])
    params = {"search": query, "per-page": str(SEARCH_RESULTS)}
    return client.get(OPENALEX, "/works", parse_results, params)


def parse(body: bytes) -> IncomingPaper:
    """Read a /works/ID answer."""
    data = load_json(OPENALEX, body)
    return work(expect(OPENALEX, data, dict, "work"))


def parse_results(body: bytes) -> list[IncomingPaper]:
    """Read a /works?search= answer."""
    data = load_json(OPENALEX, body)
    results = expect(
        OPENALEX, data.get("results") if isinstance(data, dict) else None, list, "results"
    )
    return [work(item) for item in results if isinstance(item, dict) and item.get("title")]


def abstract_of(item: Mapping[str, Any]) -> str:
    """A work's abstract, rebuilt from its inverted index."""
    return inverted_abstract(item.get("abstract_inverted_index"))


def work(item: Mapping[str, Any]) -> IncomingPaper:
    """One OpenAlex work as a paper."""
    title = plain_title(item.get("title") or item.get("display_name"))
    if not title:
        raise Malformed(OPENALEX, "the work has no title")
    names: list[Name] = []
    orcids: list[str] = []
    for authorship in item.get("authorships") or ():
        author = authorship.get("author") if isinstance(authorship, dict) else None
        if not isinstance(author, dict):
            continue
        name = person(str(authorship.get("raw_author_name") or author.get("display_name") or ""))
        if name is not None:
            names.append(name)
            orcids.append(orcid(author.get("orcid")))
    location = obj(item.get("primary_location"))
    source = obj(location.get("source"))
    source_name = one_line(source.get("display_name"))
    source_type = str(source.get("type") or "")
    kind = TYPES.get(str(item.get("type") or ""), "")
    if not kind and item.get("type") == "article":
        kind = {"journal": "article", "conference": "conference"}.get(source_type, "other")
    biblio = obj(item.get("biblio"))
    first, last = one_line(biblio.get("first_page")), one_line(biblio.get("last_page"))
    ids = obj(item.get("ids"))
    doi = one_line(item.get("doi") or ids.get("doi")).lower()
    doi = doi.split("doi.org/", 1)[-1] if doi else ""
    arxiv = ""
    if doi.startswith("10.48550/arxiv."):
        arxiv, doi = doi.removeprefix("10.48550/arxiv."), ""
    pdf = one_line(location.get("pdf_url"))
    return IncomingPaper(
        title=title,
        authors=tuple(names),
        abstract=abstract_of(item),
        line=0,
        year=year_of(item.get("publication_year")),
        doi=doi,
        arxiv=arxiv if ARXIV_RE.match(arxiv) else "",
        type=kind or "other",
        journal=source_name if kind == "article" else "",
        booktitle=source_name if kind in ("conference", "chapter") else "",
        volume=one_line(biblio.get("volume")),
        number=one_line(biblio.get("issue")),
        pages=f"{first}–{last}" if first and last and first != last else first,
        pmid=one_line(ids.get("pmid")).rsplit("/", 1)[-1],
        links=(("pdf", pdf),) if pdf.startswith("https://") else (),
        orcids=tuple(orcids) if any(orcids) else (),
    )

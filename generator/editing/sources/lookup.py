"""The one entry point: an identifier in, the paper the sources describe out.

Which source is asked: arXiv ids -> arXiv, then Crossref for the DOI of the published version;
DOIs -> Crossref, else DataCite (arXiv's own DOIs go to arXiv), then OpenAlex for an abstract
Crossref lacks; ISBNs -> Open Library; OpenReview links -> OpenReview's API; ACL Anthology
links -> Crossref by the Anthology's DOI, else the Anthology's BibTeX; Semantic Scholar links
-> its Graph API for the DOI or arXiv id, then those sources."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.base.errors import Problem, UserError
from generator.base.names import fold
from generator.build.cache import CACHE_DIR
from generator.editing.ingest.incoming import IncomingPaper
from generator.editing.sources.arxiv import fetch as fetch_arxiv
from generator.editing.sources.client import CACHE_FOLDER, CROSSREF, Client, NotFound, SourceError
from generator.editing.sources.crossref import fetch as fetch_crossref
from generator.editing.sources.datacite import fetch as fetch_datacite
from generator.editing.sources.identifiers import Identifier, parse_identifier
from generator.editing.sources.openalex import fetch_by_doi as fetch_openalex
from generator.editing.sources.openlibrary import fetch as fetch_isbn
from generator.editing.sources.pages import acl_bibtex, acl_doi, openreview, semantic_scholar
from generator.model.config import SiteConfig

__all__ = ["cache_folder", "lookup", "make_client"]


def cache_folder(site: Path) -> Path:
    """Where answers are kept: SITE/.readinglist-cache/sources/."""
    return site / CACHE_DIR / CACHE_FOLDER


def make_client(config: SiteConfig, site: Path | None = None) -> Client:
    """A client with the site's contact address, caching under the site when given."""
    return Client(config.contact, cache_folder(site) if site is not None else None)


def lookup(
    identifier: str,
    config: SiteConfig,
    site: Path | None = None,
    *,
    client: Client | None = None,
) -> IncomingPaper:
    """The paper an identifier names, from the source that knows it best.

    Raises UserError with one line naming the identifier and the source on any failure (no
    network, not found, rate-limited, a malformed answer). With `site`, answers are cached in
    SITE/.readinglist-cache/sources/ so that asking again asks nobody; pass one `client` to
    several calls to share its pace (arXiv: one request every 3 s) and connections."""
    parsed = parse_identifier(identifier)
    own = client is None
    active = client if client is not None else make_client(config, site)
    try:
        paper = find(parsed, active)
    except SourceError as exc:
        raise UserError([Problem(identifier.strip(), 0, str(exc))]) from exc
    finally:
        if own:
            active.close()
    if not paper.title:
        raise UserError([Problem(identifier.strip(), 0, "the source's record has no title")])
    return paper


def find(parsed: Identifier, client: Client) -> IncomingPaper:
    """Ask the sources for one identifier; SourceError when they cannot answer."""
    if parsed.kind == "arxiv":
        return _arxiv(client, parsed.value)
    if parsed.kind == "doi":
        return by_doi(client, parsed.value)
    if parsed.kind == "isbn":
        return fetch_isbn(client, parsed.value)
    if parsed.kind == "openreview":
        return openreview(client, parsed.value)
    if parsed.kind == "acl":
        return _acl(client, parsed.value)
    return _semantic_scholar(client, parsed.value)


def by_doi(client: Client, doi: str, *, fill_abstract: bool = True) -> IncomingPaper:
    """Crossref's record of a DOI (with OpenAlex's abstract if it has none and `fill_abstract`),
    else DataCite's."""
    doi = doi.lower()  # DOIs ignore case: one cache entry, one answer
    try:
        paper = fetch_crossref(client, doi)
    except NotFound:
        try:
            return fetch_datacite(client, doi)
        except NotFound as exc:
            raise NotFound(CROSSREF, "no such DOI at Crossref or DataCite (404)") from exc
    if fill_abstract and not paper.abstract:
        try:  # publishers deposit abstracts with Crossref for a minority of works
            abstract = fetch_openalex(client, doi).abstract
        except NotFound:
            abstract = ""
        paper = dataclasses.replace(paper, abstract=abstract)
    return paper


def _arxiv(client: Client, arxiv_id: str) -> IncomingPaper:
    record = fetch_arxiv(client, arxiv_id)
    preprint = record.paper
    if record.doi:
        try:
            published = by_doi(client, record.doi, fill_abstract=not preprint.abstract)
        except NotFound:  # a DOI the authors mistyped: the preprint, with what they said
            return dataclasses.replace(preprint, doi=record.doi, venue=record.journal_ref)
        return published_version(published, preprint)
    if record.journal_ref:  # published, by the authors' word, with no DOI: venue unknown type
        return dataclasses.replace(preprint, venue=record.journal_ref, type="")
    return preprint


def published_version(published: IncomingPaper, preprint: IncomingPaper) -> IncomingPaper:
    """One paper from the published record and its arXiv preprint: the venue, DOI and type of
    the published version; the arXiv id, PDF and (when missing) abstract of the preprint. When
    the two bylines agree, each author's fuller spelling (accents, full given names) is kept
    with the publisher's ORCIDs."""
    authors, orcids = published.authors, published.orcids
    same = len(published.authors) == len(preprint.authors) and all(
        fold(a.family) == fold(b.family)
        for a, b in zip(published.authors, preprint.authors, strict=True)
    )
    if same:
        authors = tuple(
            max(pair, key=lambda n: (any(ord(ch) > 127 for ch in n.display), len(n.given)))
            for pair in zip(published.authors, preprint.authors, strict=True)
        )
    elif not authors:
        authors, orcids = preprint.authors, preprint.orcids
    return dataclasses.replace(
        published,
        authors=authors,
        orcids=orcids,
        arxiv=preprint.arxiv,
        abstract=published.abstract or preprint.abstract,
        year=published.year or preprint.year,
        month=published.month or preprint.month,
        links=published.links or preprint.links,
    )


def _acl(client: Client, anthology_id: str) -> IncomingPaper:
    doi = acl_doi(anthology_id)
    if doi:
        try:
            return dataclasses.replace(by_doi(client, doi), acl=anthology_id)
        except NotFound:
            pass  # not every Anthology DOI is registered (workshops): its BibTeX says more
    return acl_bibtex(client, anthology_id)


def _semantic_scholar(client: Client, paper_id: str) -> IncomingPaper:
    found = semantic_scholar(client, paper_id)
    if found.doi.startswith("10.48550/arxiv."):  # DataCite's DOI of the preprint itself
        found = dataclasses.replace(found, doi="", arxiv=found.arxiv or found.doi[15:])
    if found.arxiv and not found.doi:
        return _arxiv(client, found.arxiv)
    if found.doi:
        try:
            paper = by_doi(client, found.doi)
        except NotFound:
            return found.paper
        return dataclasses.replace(paper, arxiv=paper.arxiv or found.arxiv)
    if found.acl:
        return _acl(client, found.acl)
    return found.paper

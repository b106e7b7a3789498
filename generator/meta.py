"""What pages tell machines and readers about a record: JSON-LD, feed dates, other spellings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from itertools import groupby
from typing import Any

from .ingest.identity import alias_name
from .model import Author, Content, Paper
from .resolve import Links, author_path, index_letter, paper_path
from .text import plain_text


def feed_date(paper: Paper) -> str:
    """An Atom date for a paper: when it was added, else 1 January of its year."""
    day = paper.added or (dt.date(paper.year, 1, 1) if paper.year else dt.date(1970, 1, 1))
    return f"{day.isoformat()}T00:00:00Z"


def venue_and_year(paper: Paper) -> str:
    """'NeurIPS 2020', 'NeurIPS, 2020' or '2020': the year once, even when the venue has it."""
    year = str(paper.year) if paper.year else ""
    if paper.venue and year and year not in paper.venue:
        return f"{paper.venue}, {year}"
    return paper.venue or year


def other_spellings(author: Author) -> list[str]:
    """The author's aliases as displayed names, leaving out the name the page shows."""
    names: list[str] = []
    for spelling in author.aliases:
        name = alias_name(spelling, author.kind)
        display = name.display if name else spelling
        if display != author.name and display not in names:
            names.append(display)
    return names


def author_groups(content: Content, links: Links) -> list[tuple[str, list[Author]]]:
    """The A–Z index: authors grouped by the letter of their family name."""
    authors = [content.authors[aid] for aid in links.authors]
    return [(letter, list(group)) for letter, group in groupby(authors, key=index_letter)]


def person(author: Author, absolute_url: Callable[[str], str]) -> dict[str, Any]:
    """schema.org Person (or Organization) for an author page."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization" if author.kind == "organization" else "Person",
        "name": author.name,
        "url": absolute_url(author_path(author.id)),
    }
    if author.kind != "organization":
        data["familyName"] = author.family
        if author.given:
            data["givenName"] = author.given
    same_as = [link for link in (author.links.homepage, author.links.scholar) if link]
    if author.links.orcid:
        same_as.append(f"https://orcid.org/{author.links.orcid}")
    if same_as:
        data["sameAs"] = same_as
    return data


def scholarly_article(
    paper: Paper, authors: Mapping[str, Author], absolute_url: Callable[[str], str]
) -> dict[str, Any]:
    """schema.org ScholarlyArticle whose authors link to their pages here."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": plain_text(paper.title),
        "name": plain_text(paper.title),
        "url": absolute_url(paper_path(paper.id)),
        "author": [
            {
                "@type": "Organization" if authors[a].kind == "organization" else "Person",
                "name": authors[a].name,
                "url": absolute_url(author_path(a)),
            }
            for a in paper.authors
        ],
    }
    if paper.year:
        data["datePublished"] = str(paper.year)
    if paper.abstract:
        data["abstract"] = plain_text(paper.abstract)
    identifiers = []
    if paper.doi:
        identifiers.append(f"https://doi.org/{paper.doi}")
    if paper.arxiv:
        identifiers.append(f"https://arxiv.org/abs/{paper.arxiv}")
    if identifiers:
        data["sameAs"] = identifiers
    if paper.venue:
        data["isPartOf"] = {"@type": "PublicationIssue", "name": paper.venue}
    if paper.tags:
        data["keywords"] = list(paper.tags)
    return data

"""What pages tell machines and readers about a record: JSON-LD, feed dates, other spellings."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from generator.base.names import alias_name
from generator.base.text import plain_text, plain_title
from generator.model.records import Author, Content, Paper, ReadingList
from generator.site.links import (
    Links,
    author_path,
    index_letter,
    index_path,
    list_path,
    paper_path,
    recently_added,
)

FEED_SIZE = 50
# what XML 1.0 refuses (a feed with one of these is no XML at all): C0 controls but tab and
# line ends, lone surrogates, U+FFFE and U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text with every character XML refuses removed (Markup stays Markup). Validation refuses
    them in content files already; this keeps feeds well-formed whatever a record holds."""
    value = str(text)
    if _NOT_XML.search(value) is None:
        return text
    cleaned = _NOT_XML.sub("", value)
    return type(text)(cleaned) if isinstance(text, str) else cleaned


def feed_date(paper: Paper, added: dt.date | None = None) -> str:
    """An Atom date: when the paper was added (to the list), else 1 January of its year."""
    day = added or paper.added or (dt.date(paper.year, 1, 1) if paper.year else None)
    return f"{(day or dt.date(1970, 1, 1)).isoformat()}T00:00:00Z"


@dataclass(frozen=True, slots=True)
class Feed:
    """An Atom feed: its title, where it and its HTML page are, entries newest first."""

    title: str
    path: str  # the feed, relative to the site root
    page: str  # the HTML page it follows
    entries: tuple[tuple[Paper, str], ...]  # (paper, Atom date)

    @property
    def updated(self) -> str:
        """The newest entry's date (a fixed date for an empty feed: builds stay identical)."""
        return max((date for _, date in self.entries), default="1970-01-01T00:00:00Z")


def site_feed(title: str, content: Content, links: Links) -> Feed:
    """The site's feed: the most recently added papers."""
    papers = [content.papers[pid] for pid in links.recent[:FEED_SIZE]]
    return Feed(title, "feed.xml", "", tuple((p, feed_date(p)) for p in papers))


def list_feed(rlist: ReadingList, content: Content) -> Feed:
    """A reading list's feed: papers newest on the list first."""
    dated = [
        (content.papers[e.paper], feed_date(content.papers[e.paper], e.added))
        for e in rlist.entries
    ]
    dated.sort(key=lambda item: (item[1], item[0].id), reverse=True)
    path = list_path(rlist.id)
    return Feed(plain_title(rlist.title), path + "feed.xml", path, tuple(dated[:FEED_SIZE]))


def author_feed(author: Author, content: Content, links: Links) -> Feed:
    """An author's feed: their papers, most recently added first."""
    papers = sorted(
        (content.papers[p] for p in links.papers_of.get(author.id, ())), key=recently_added
    )
    path = author_path(author.id)
    return Feed(
        author.name, path + "feed.xml", path, tuple((p, feed_date(p)) for p in papers[:FEED_SIZE])
    )


def venue_and_year(paper: Paper) -> str:
    """'NeurIPS 2020', 'NeurIPS, 2020' or '2020': the year once, even when the venue has it."""
    year = str(paper.year) if paper.year else ""
    if paper.venue and year and year not in paper.venue:
        return f"{paper.venue}, {year}"
    return paper.venue or year


def other_spellings(author: Author) -> tuple[str, ...]:
    """The author's aliases as displayed names, leaving out the name the page shows."""
    return _other_spellings(author.aliases, author.kind, author.name)


@functools.lru_cache(maxsize=4096)  # an author's page, and each paper page in JSON-LD
def _other_spellings(aliases: tuple[str, ...], kind: str, shown: str) -> tuple[str, ...]:
    names: list[str] = []
    for spelling in aliases:
        name = alias_name(spelling, kind)
        display = name.display if name else spelling
        if display != shown and display not in names:
            names.append(display)
    return tuple(names)


def author_groups(authors: Iterable[Author]) -> list[tuple[str, list[Author]]]:
    """A page of the A–Z index: authors (in A–Z order) grouped by their family name's letter."""
    return [(letter, list(group)) for letter, group in groupby(authors, key=index_letter)]


@dataclass(frozen=True, slots=True)
class Pager:
    """Page `number` of `count` of a paginated index (papers/, authors/): its record ids, in
    order, and where the other pages are."""

    section: str
    number: int
    count: int
    ids: tuple[str, ...]
    start: int  # position of the first id in the whole index, from 1
    total: int  # ids in the whole index

    def path(self, number: int) -> str:
        return index_path(self.section, number)

    def numbers(self) -> list[int | None]:
        """Pages to link to: the first, the last, two either side of this one; None for a gap."""
        near = {1, self.count, *range(self.number - 2, self.number + 3)}
        numbers: list[int | None] = []
        previous = 0
        for n in sorted(n for n in near if 1 <= n <= self.count):
            if n - previous > 1:  # one page left out is shown rather than an ellipsis
                numbers.append(previous + 1 if n - previous == 2 else None)
            numbers.append(n)
            previous = n
        return numbers


def paginate(section: str, ids: Sequence[str], size: int) -> list[Pager]:
    """An index's ids cut into pages of `size`; an empty index still has its one page."""
    count = max(1, -(-len(ids) // size))
    return [
        Pager(section, n + 1, count, tuple(ids[n * size : (n + 1) * size]), n * size + 1, len(ids))
        for n in range(count)
    ]


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
        "headline": plain_title(paper.title),
        "name": plain_title(paper.title),
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

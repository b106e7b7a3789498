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
from generator.site.cite import (
    container,
    dashed_pages,
    editors_of,
    month_of,
    page_range,
    paper_links,
    paper_type,
    text_field,
)
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
    return _with_year(paper.venue, paper)


def _with_year(text: str, paper: Paper) -> str:
    year = str(paper.year) if paper.year else ""
    if text and year and year not in text:
        return f"{text}, {year}"
    return text or year


def _joined(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


# fields that say more about where a paper appeared than `venue` alone
_DETAILS = (
    "journal",
    "booktitle",
    "volume",
    "number",
    "pages",
    "edition",
    "publisher",
    "address",
    "school",
    "institution",
    "organization",
    "series",
    "howpublished",
    "degree",
)
_DEGREES = {"phd": "PhD thesis", "masters": "Master's thesis"}


def edition_label(edition: str) -> str:
    """'2' -> '2nd edition', 'Second' -> 'Second edition'; an edition naming itself as is."""
    edition = edition.strip()
    if edition.isdigit():
        n = int(edition)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix} edition"
    if re.search(r"\bed(?:ition|n|\.)?\b", edition, re.IGNORECASE):
        return edition
    return f"{edition} edition" if edition else ""


def venue_line(paper: Paper, authors: Mapping[str, Author]) -> str:
    """Where and when a paper appeared, as readers expect it, the year once:
    'Nature 521(7553): 436–444, 2015', 'In Proceedings of ICML 2017, pp. 1126–1135',
    'PhD thesis, MIT, 2019', 'Technical report 123, Google, 2020',
    'In Name of Book (eds. A, B), pp. 1–20. Publisher, 2020', 'arXiv:2203.02155, 2022'.
    A paper with only a venue shows it as written, with the year."""
    kind = paper_type(paper)
    get = functools.partial(text_field, paper)
    editors = [authors[a].name for a in editors_of(paper) if a in authors]
    if not editors and not any(get(name) for name in _DETAILS):
        if kind == "preprint" and paper.arxiv and not paper.venue:
            return _with_year(f"arXiv:{paper.arxiv}", paper)
        return venue_and_year(paper)
    where = container(paper)
    pages = dashed_pages(get("pages"), "–")
    publisher = _joined(get("publisher"), get("address"))
    if kind == "article":
        issue = get("volume") + (f"({get('number')})" if get("number") else "")
        head = f"{where} {issue}".strip()
        if pages:
            head = f"{head}: {pages}" if issue else _joined(head, f"pp. {pages}")
        return _with_year(head, paper)
    if kind in ("conference", "chapter"):
        head = f"In {where}" if where else ""
        if editors:
            label = "eds." if len(editors) > 1 else "ed."
            head = f"{head} ({label} {', '.join(editors)})".strip()
        if get("series") or get("volume"):
            head = _joined(head, " ".join(filter(None, (get("series"), get("volume")))))
        head = _joined(head, f"pp. {pages}" if pages else "")
        tail = _with_year(_joined(get("organization"), publisher), paper)
        if kind == "conference" and not publisher and not get("organization"):
            return _with_year(head, paper)
        return f"{head}. {tail}" if head and tail else head or tail
    if kind == "thesis":
        label = _DEGREES.get(get("degree"), "Thesis")
        return _with_year(_joined(label, get("school") or get("institution")), paper)
    if kind == "report":
        label = " ".join(filter(None, ("Technical report", get("number"))))
        return _with_year(_joined(label, get("institution") or get("publisher")), paper)
    if kind == "book":
        head = " ".join(filter(None, (get("series"), get("volume"))))
        head = _joined(head, edition_label(get("edition")))
        tail = _with_year(publisher, paper)
        return f"{head}. {tail}" if head and tail else head or tail
    if kind == "preprint" and paper.arxiv:
        return _with_year(_joined(f"arXiv:{paper.arxiv}", get("howpublished")), paper)
    return _with_year(_joined(get("howpublished") or where, publisher), paper)


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


def highwire(
    paper: Paper, authors: Mapping[str, Author], absolute_url: Callable[[str], str]
) -> list[tuple[str, str]]:
    """Google Scholar's citation_* tags (its inclusion guidelines), by the paper's type: the
    journal's for articles, the conference's for conference papers only, the institution's for
    theses and reports, the book's for chapters."""
    kind = paper_type(paper)
    get = functools.partial(text_field, paper)
    tags = [("citation_title", plain_title(paper.title))]
    for aid in paper.authors:
        author = authors[aid]
        tags.append(
            (
                "citation_author",
                f"{author.family}, {author.given}" if author.given else author.family,
            )
        )
    if paper.year:
        month = month_of(paper)
        tags.append(
            ("citation_publication_date", f"{paper.year}/{month:02d}" if month else str(paper.year))
        )
    where = container(paper)
    first, last = page_range(get("pages"))
    if kind == "article":
        tags += [
            ("citation_journal_title", where),
            ("citation_volume", get("volume")),
            ("citation_issue", get("number")),
        ]
    elif kind == "conference":
        tags += [("citation_conference_title", where), ("citation_volume", get("volume"))]
    elif kind == "chapter":
        tags.append(("citation_book_title", where))
    elif kind == "thesis":
        tags.append(("citation_dissertation_institution", get("school") or get("institution")))
    elif kind == "report":
        tags += [
            ("citation_technical_report_institution", get("institution") or get("publisher")),
            ("citation_technical_report_number", get("number")),
        ]
    if kind in ("article", "conference", "chapter"):
        tags += [("citation_firstpage", first), ("citation_lastpage", last)]
    if kind not in ("thesis", "report"):
        tags.append(("citation_publisher", get("publisher")))
    tags += [
        ("citation_isbn", get("isbn")),
        ("citation_issn", get("issn")),
        ("citation_doi", paper.doi),
        ("citation_arxiv_id", paper.arxiv),
        ("citation_pmid", get("pmid")),
    ]
    here = absolute_url(paper_path(paper.id))
    tags += [
        ("citation_pdf_url", url)
        for link, url in paper_links(paper)
        if link == "pdf" and url.startswith(here)  # Scholar reads a PDF beside the page only
    ]
    return [(name, value) for name, value in tags if value]


_SCHEMA_TYPES = {
    "book": "Book",
    "chapter": "Chapter",
    "thesis": "Thesis",
    "report": "Report",
    "dataset": "Dataset",
    "software": "SoftwareSourceCode",
}


def _organization(name: str) -> dict[str, str]:
    return {"@type": "Organization", "name": name}


def scholarly_article(
    paper: Paper,
    authors: Mapping[str, Author],
    absolute_url: Callable[[str], str],
    linked_max: int | None = None,
) -> dict[str, Any]:
    """schema.org's type for the paper (ScholarlyArticle, Book, Chapter, Thesis, Report,
    Dataset, SoftwareSourceCode) whose authors and editors link to their pages here. A paper
    of more than `linked_max` authors names them without their addresses: the byline links
    each one, and 280 addresses more would make a third of the page."""
    kind = paper_type(paper)
    get = functools.partial(text_field, paper)
    linked = linked_max is None or len(paper.authors) <= linked_max

    def people(ids: Iterable[str]) -> list[dict[str, str]]:
        made = []
        for a in ids:
            if a in authors:
                kind = "Organization" if authors[a].kind == "organization" else "Person"
                one = {"@type": kind, "name": authors[a].name}
                if linked:
                    one["url"] = absolute_url(author_path(a))
                made.append(one)
        return made

    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": _SCHEMA_TYPES.get(kind, "ScholarlyArticle"),
        "headline": plain_title(paper.title),
        "name": plain_title(paper.title),
        "url": absolute_url(paper_path(paper.id)),
        "author": people(paper.authors),
    }
    editors = people(editors_of(paper))
    if editors:
        data["editor"] = editors
    if paper.year:
        month = month_of(paper)
        data["datePublished"] = f"{paper.year}-{month:02d}" if month else str(paper.year)
    if paper.abstract:
        data["abstract"] = plain_text(paper.abstract)
    identifiers = []
    if paper.doi:
        identifiers.append(f"https://doi.org/{paper.doi}")
    if paper.arxiv:
        identifiers.append(f"https://arxiv.org/abs/{paper.arxiv}")
    if identifiers:
        data["sameAs"] = identifiers
    where = container(paper)
    if kind == "article" and where:
        part: dict[str, Any] = {"@type": "Periodical", "name": where}
        if get("issn"):
            part["issn"] = get("issn")
        if get("volume"):
            part = {"@type": "PublicationVolume", "volumeNumber": get("volume"), "isPartOf": part}
        if get("number"):
            part = {"@type": "PublicationIssue", "issueNumber": get("number"), "isPartOf": part}
        data["isPartOf"] = part
    elif kind in ("conference", "chapter") and where:
        data["isPartOf"] = {"@type": "Book", "name": where}
    elif where:
        data["isPartOf"] = {"@type": "PublicationIssue", "name": where}
    first, last = page_range(get("pages"))
    if first:
        data["pagination"] = dashed_pages(get("pages"), "-")
        data["pageStart"] = first
        if last:
            data["pageEnd"] = last
    publisher = get("publisher") or (get("institution") if kind == "report" else "")
    if publisher:
        data["publisher"] = _organization(publisher)
    if kind == "thesis":
        school = get("school") or get("institution")
        if school:
            data["sourceOrganization"] = _organization(school)
        if get("degree"):
            data["inSupportOf"] = {"phd": "PhD", "masters": "Master's degree"}.get(
                get("degree"), get("degree")
            )
    if kind == "report" and get("number"):
        data["reportNumber"] = get("number")
    if kind == "book" and get("edition"):
        data["bookEdition"] = get("edition")
    if get("isbn") and kind in ("book", "chapter"):
        data["isbn"] = get("isbn")
    if paper.tags:
        data["keywords"] = list(paper.tags)
    return data


_LINK_LABELS = {
    "pdf": "PDF",
    "code": "Code",
    "slides": "Slides",
    "video": "Video",
    "poster": "Poster",
    "project": "Project page",
    "data": "Data",
}


def paper_actions(paper: Paper) -> list[tuple[str, str]]:
    """What a reader of a paper's page does next, as (label, address), the PDF first (the
    paper's own, else arXiv's), then arXiv, DOI, code, slides, video and the rest."""
    links = dict(paper_links(paper))
    actions: list[tuple[str, str]] = []
    pdf = links.pop("pdf", "") or (f"https://arxiv.org/pdf/{paper.arxiv}" if paper.arxiv else "")
    if pdf:
        actions.append(("PDF", pdf))
    if paper.arxiv:
        actions.append(("arXiv", f"https://arxiv.org/abs/{paper.arxiv}"))
    if paper.doi:
        actions.append(("DOI", f"https://doi.org/{paper.doi}"))
    actions += [(_LINK_LABELS.get(kind, kind.title()), href) for kind, href in links.items()]
    if paper.url and paper.url not in (href for _, href in actions):
        actions.append(("Web page", paper.url))
    return actions


def pdf_of(paper: Paper) -> str:
    """The paper's PDF: its own, else arXiv's; '' when it has none."""
    own = dict(paper_links(paper)).get("pdf", "")
    return own or (f"https://arxiv.org/pdf/{paper.arxiv}" if paper.arxiv else "")


def venue_with_ids(paper: Paper, authors: Mapping[str, Author]) -> str:
    """The venue line a reader expects: 'NeurIPS 2020 · arXiv:2009.01325' (the year once)."""
    line = venue_line(paper, authors)
    if paper.arxiv and f"arXiv:{paper.arxiv}" not in line:
        line = f"{line} · arXiv:{paper.arxiv}" if line else f"arXiv:{paper.arxiv}"
    return line


def year_badge(paper: Paper) -> str:
    """The short badge of a paper item: 'NeurIPS 2020', 'arXiv 2022', '2015' or ''."""
    year = str(paper.year) if paper.year else ""
    venue = paper.venue or text_field(paper, "journal") or text_field(paper, "booktitle")
    if not venue and paper.arxiv:
        venue = "arXiv"
    if venue and len(venue) > 28:  # a full proceedings title: the year alone reads better
        venue = ""
    if venue and year and year in venue:
        return venue
    return " ".join(part for part in (venue, year) if part)

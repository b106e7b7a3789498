"""What an author's profile shows, and which names a folded byline keeps in view.

Pure: content and cross-links in, plain tuples out. Worked out when a page is rendered and
not kept, as the co-authors are (links.Coauthors): a site holds one of these per author.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from slugify import slugify

from generator.base.text import plain_title
from generator.model.records import Content
from generator.site.links import Links, author_path
from generator.site.pictures import Bar, Node

UNKNOWN_YEAR = "unknown"


@dataclass(frozen=True, slots=True)
class Shown:
    """A folded byline: the first names, then names further on kept in view (with their
    position, counted from 1), and how many stay folded."""

    head: tuple[str, ...]
    extras: tuple[tuple[str, int], ...]
    hidden: int
    total: int


def shown_authors(authors: Sequence[str], limit: int, keep: Iterable[str]) -> Shown:
    """The first `limit` authors, plus each of `keep` (the site's highlighted authors, the
    page's own author) further on, so that their name is seen without opening the list."""
    wanted = set(keep)
    extras = tuple(
        (aid, n) for n, aid in enumerate(authors[limit:], start=limit + 1) if aid in wanted
    )
    hidden = max(0, len(authors) - limit - len(extras))
    return Shown(tuple(authors[:limit]), extras, hidden, len(authors))


@dataclass(frozen=True, slots=True)
class Profile:
    """An author's page in numbers, and their papers by year (newest first)."""

    papers: int
    first: int | None  # the first and the last year with a paper
    last: int | None
    first_author: int
    years: tuple[tuple[str, tuple[str, ...]], ...]  # ("2020", paper ids) newest first
    large: tuple[str, ...]  # papers of more authors than coauthor_max_authors

    @property
    def span(self) -> str:
        if self.first is None or self.last is None:
            return ""
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"


def profile(aid: str, content: Content, links: Links) -> Profile:
    """The facts an author's page opens with, and their papers grouped by year."""
    pids = links.papers_of.get(aid, ())
    papers = [content.papers[p] for p in pids]
    years = [p.year for p in papers if p.year]
    groups: dict[str, list[str]] = {}
    for paper in papers:  # papers_of is newest first: the groups come out in order
        groups.setdefault(str(paper.year) if paper.year else UNKNOWN_YEAR, []).append(paper.id)
    return Profile(
        papers=len(pids),
        first=min(years, default=None),
        last=max(years, default=None),
        first_author=sum(1 for p in papers if p.authors[:1] == (aid,)),
        years=tuple((year, tuple(ids)) for year, ids in groups.items()),
        large=links.coauthors_of.left_out(aid),
    )


def year_bars(prof: Profile, anchor: str = "year-") -> list[Bar]:
    """One bar a year from the first to the last, years without papers included (a gap shows)."""
    if prof.first is None or prof.last is None:
        return []
    counts = {year: len(ids) for year, ids in prof.years}
    return [
        Bar(str(y), counts.get(str(y), 0), f"#{anchor}{y}")
        for y in range(prof.first, prof.last + 1)
    ]


def site_year_bars(content: Content, href: str) -> list[Bar]:
    """The site's papers per year, each bar linking to the papers index."""
    counts = Counter(p.year for p in content.papers.values() if p.year)
    if not counts:
        return []
    return [Bar(str(y), counts.get(y, 0), href) for y in range(min(counts), max(counts) + 1)]


def pairs_among(
    aid: str, ids: Sequence[str], content: Content, links: Links
) -> dict[tuple[str, str], int]:
    """How many of the author's papers each two of `ids` wrote together (papers of up to
    coauthor_max_authors authors, as the co-authors are counted)."""
    wanted = set(ids)
    large = links.coauthors_of.large
    together: Counter[tuple[str, str]] = Counter()
    for pid in links.papers_of.get(aid, ()):
        authors = content.papers[pid].authors
        if len(authors) <= large:
            present = [a for a in authors if a in wanted]
            if len(present) > 1:  # most papers share one of them at most
                together.update(combinations(sorted(set(present)), 2))
    return dict(together)


def picture_nodes(
    aid: str,
    ranked: Sequence[tuple[str, int]],
    content: Content,
    url: Callable[[str], str],
    highlight: Collection[str],
) -> tuple[Node, list[Node]]:
    """The centre and the ranked co-authors as nodes of the picture, linking to url(path of
    their page), marked when site.yaml highlights them."""
    names = content.authors

    def node(a: str, shared: int) -> Node:
        return Node(a, names[a].name, url(author_path(a)), shared, a in highlight)

    return node(aid, 0), [node(a, n) for a, n in ranked]


def members(aid: str, content: Content, links: Links) -> tuple[tuple[str, int], ...]:
    """An organization's people: everyone on its papers, large ones included, ranked by papers
    shared with it, then A–Z (the index's order)."""
    shared: Counter[str] = Counter()
    for pid in links.papers_of.get(aid, ()):
        shared.update(set(content.papers[pid].authors))
    del shared[aid]
    order = {a: n for n, a in enumerate(links.authors)}
    return tuple(sorted(shared.items(), key=lambda item: (-item[1], order[item[0]])))


def large_summary(pids: Sequence[str], content: Content) -> str:
    """One line for the large collaborations: 'GPT-4 Technical Report (280 authors), ...'."""
    papers = [content.papers[p] for p in pids]
    return ", ".join(f"{plain_title(p.title)} ({len(p.authors)} authors)" for p in papers)


def tag_slug(tag: str) -> str:
    """The address part of a tag's page: lowercase ASCII words joined by hyphens. A tag with
    no such letters gets one from its code points, so that no tag reaches outside tags/."""
    slug = slugify(tag, max_length=60)
    return slug or "t-" + "-".join(f"{ord(c):x}" for c in tag.strip()[:8])


def tags_of(content: Content, links: Links) -> dict[str, tuple[str, tuple[str, ...]]]:
    """slug -> (the tag as first written, its papers newest first). Tags whose slugs are one
    (`RLHF`, `rlhf`) share a page."""
    found: dict[str, tuple[str, list[str]]] = {}
    for pid in links.papers:
        for tag in content.papers[pid].tags:
            slug = tag_slug(tag)
            _, pids = found.setdefault(slug, (tag, []))
            if not pids or pids[-1] != pid:
                pids.append(pid)
    return {slug: (name, tuple(pids)) for slug, (name, pids) in sorted(found.items())}


def tag_path(slug: str) -> str:
    """The page of a tag, relative to the site root."""
    return f"tags/{slug}/"

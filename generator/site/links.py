"""Cross-record facts: who wrote what, who worked with whom, which lists hold a paper, sort orders.

Pure: content in, an index of plain tuples out. URLs are made here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from generator.base.names import PARTICLES, fold
from generator.model.records import Author, Content, Paper

# In sanitized HTML (nh3's output) every attribute value is in double quotes, with a quote
# inside written &quot;, and a "<" in text is &lt;: so a tag is this, and an href or src in it
# that starts at the site's root ("/papers/", not "//host/...") is the second.
_TAG = re.compile(r'<[a-zA-Z][^\s/>]*(?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*\s*/?>')
_ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')


def under_base_path(html: str, base_path: str) -> str:
    """Sanitized HTML whose root-relative links ("/papers/", as written in a page's Markdown)
    point under the site's base path, as Hugo's relURL does: on a project site /REPO/papers/.
    A link that already starts with the base path is left as it is; so is the text."""
    if base_path == "/":
        return html

    def link(match: re.Match[str]) -> str:
        start, address = match[1], match[2]
        if address.startswith(base_path):
            return match[0]
        return f'{start}{base_path}{address[1:]}"'

    return _TAG.sub(lambda tag: _ROOT_RELATIVE.sub(link, tag[0]), html)


def paper_path(paper_id: str) -> str:
    """The page of a paper, relative to the site root."""
    return f"papers/{paper_id}/"


def author_path(author_id: str) -> str:
    """The page of an author, relative to the site root."""
    return f"authors/{author_id}/"


def list_path(list_id: str) -> str:
    """The page of a reading list, relative to the site root."""
    return f"lists/{list_id}/"


def index_path(section: str, number: int) -> str:
    """Page `number` of a paginated index such as papers/: the first is the section itself, the
    others papers/page_2/ and so on ('_' is in no id: no paper or author page can be there)."""
    return section if number == 1 else f"{section}page_{number}/"


def family_key(author: Author) -> str:
    """Sort key A–Z by family name, particles aside ('von Lohmann' under L), then given name."""
    words = fold(author.family).split()
    core = [w for w in words if w not in PARTICLES] or words
    return " ".join(core) + "\0" + fold(author.given)


def index_letter(author: Author) -> str:
    """The letter of the A–Z index an author is listed under."""
    first = family_key(author)[:1].upper()
    return first if first.isalpha() else "#"


def newest_first(paper: Paper) -> tuple[int, dt.date, str]:
    """Sort key: newest year first, then most recently added, then title."""
    return (-(paper.year or 0), _negated(paper.added), fold(paper.title))


def recently_added(paper: Paper) -> tuple[dt.date, int, str]:
    """Sort key: most recently added first, then newest year, then title."""
    return (_negated(paper.added), -(paper.year or 0), fold(paper.title))


def _negated(day: dt.date | None) -> dt.date:
    # reverse a date for ascending sorts; unknown dates go last
    ordinal = day.toordinal() if day else 0
    return dt.date.fromordinal(dt.date.max.toordinal() - ordinal)


@dataclass(frozen=True)
class Links:
    """Everything the pages need to cross-link, computed once per build."""

    papers: tuple[str, ...]  # newest first
    recent: tuple[str, ...]  # most recently added first
    authors: tuple[str, ...]  # A–Z by family name
    papers_of: Mapping[str, tuple[str, ...]]  # author -> papers, newest first
    coauthors_of: Coauthors  # author -> (co-author, shared), papers of up to `large` authors
    lists_of: Mapping[str, tuple[str, ...]]  # paper -> lists that hold it


def resolve(content: Content, large: int) -> Links:
    """Compute the cross-links of a site whose references have been checked. Papers with more
    than `large` authors (site.yaml coauthor_max_authors) make no co-authors."""
    papers = tuple(sorted(content.papers, key=lambda pid: newest_first(content.papers[pid])))
    recent = tuple(sorted(content.papers, key=lambda pid: recently_added(content.papers[pid])))
    order = {aid: family_key(author) for aid, author in content.authors.items()}
    authors = tuple(sorted(content.authors, key=order.__getitem__))
    papers_of: dict[str, list[str]] = defaultdict(list)
    for pid in papers:  # an editor's page lists the works they edited too
        paper = content.papers[pid]
        for aid in dict.fromkeys((*paper.authors, *paper.editors)):
            papers_of[aid].append(pid)
    by_author = {aid: tuple(pids) for aid, pids in papers_of.items()}
    lists_of: dict[str, list[str]] = defaultdict(list)
    for lid in sorted(content.lists):
        for entry in content.lists[lid].entries:
            lists_of[entry.paper].append(lid)
    return Links(
        papers=papers,
        recent=recent,
        authors=authors,
        papers_of=by_author,
        coauthors_of=Coauthors(content, by_author, order, large),
        lists_of={pid: tuple(lids) for pid, lids in lists_of.items()},
    )


class Coauthors(Mapping[str, tuple[tuple[str, int], ...]]):
    """author -> (co-author, papers shared), ranked by papers shared, then A–Z.

    Only papers with at most `large` authors count: a large collaboration's page lists its
    hundreds of authors, and listing them again on each of their pages would make the site grow
    with the square of the authors of a paper (a 400-author paper makes 160,000 pairs; at 10,000
    papers, 87% of all pairs come from 30 such papers). Worked out when asked and not kept.
    """

    def __init__(
        self,
        content: Content,
        papers_of: Mapping[str, tuple[str, ...]],
        order: Mapping[str, str],
        large: int,
    ) -> None:
        self._content, self._papers_of, self._order = content, papers_of, order
        self.large = large

    def left_out(self, aid: str) -> tuple[str, ...]:
        """The author's papers whose co-authors are not counted: more than `large` authors."""
        papers = self._content.papers
        return tuple(p for p in self._papers_of.get(aid, ()) if len(papers[p].authors) > self.large)

    def __getitem__(self, aid: str) -> tuple[tuple[str, int], ...]:
        shared: Counter[str] = Counter()
        for pid in self._papers_of[aid]:
            authors = self._content.papers[pid].authors
            if len(authors) <= self.large:
                shared.update(authors)
        del shared[aid]
        return tuple(sorted(shared.items(), key=lambda item: (-item[1], self._order[item[0]])))

    def __iter__(self) -> Iterator[str]:
        return iter(self._papers_of)

    def __len__(self) -> int:
        return len(self._papers_of)

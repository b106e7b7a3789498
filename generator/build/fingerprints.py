"""Page fingerprints: the digest of everything each page shows, made from the digests of the
records it shows (its own, and those it links to). A rebuild renders only the pages whose
fingerprint changed; a clean build gives the same bytes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from generator.base.files import digest
from generator.model.records import Content
from generator.site.links import Links
from generator.site.meta import Pager
from generator.site.render import Page


class Fingerprints:
    """The digest of everything each page shows, from the digests of the records."""

    def __init__(
        self,
        content: Content,
        links: Links,
        keys: Mapping[str, str],
        record_digests: Mapping[tuple[str, str], str],
    ) -> None:
        self.content = content
        self.links = links
        self.d = record_digests
        self.keys = keys
        self._paper: dict[str, str] = {}
        self._record: dict[tuple[str, str], str] = {}
        self._whole = ""

    def paper(self, pid: str) -> str:
        """A paper as other pages show it: its record, its cite key, its authors' names."""
        if pid not in self._paper:
            paper = self.content.papers[pid]
            authors = (self.d["authors", a] for a in paper.authors)
            self._paper[pid] = digest(self.d["papers", pid], self.keys[pid], *authors)
        return self._paper[pid]

    def of(self, pages: Iterable[Page]) -> dict[str, str]:
        """Each page's path and fingerprint (the digests of records made on the way go with
        this object)."""
        return {page.path: self.page(page) for page in pages}

    def page(self, page: Page) -> str:
        """The fingerprint of one output page, chosen by the part of the site it is in."""
        path = page.path
        pager: Pager | None = page.context.get("pager")
        if pager is not None:  # a page of an index: an edit re-renders only the pages it is on
            return self._index(pager, page.context)
        addresses = page.context.get("urls") or page.context.get("sitemaps")
        if addresses:  # a sitemap shows the addresses of pages, not what they show
            return digest(page.template, *addresses)
        kind, _, rest = path.partition("/")
        rid = rest.split("/", 1)[0]
        if rest == "index.html" and kind in self.content.pages:
            # a free page shows its own file; its title in every page's navigation is one of
            # the build's settings (Increment.pages_to_render)
            return self.d["pages", kind]
        key = (kind, rid) if kind in ("papers", "authors", "lists") else ("", "")
        if key not in self._record:  # an author's page, exports and feed share this part
            self._record[key] = self._shown(kind, rid)
        return self._record[key]  # one string for all of a record's pages

    def _shown(self, kind: str, rid: str) -> str:
        """A digest of what the pages of one record show."""
        if kind == "papers" and rid in self.content.papers:
            lists = (self.d["lists", lid] for lid in self.links.lists_of.get(rid, ()))
            return digest(self.paper(rid), *lists)
        if kind == "authors" and rid in self.content.authors:
            # a paper's digest has its authors' too: the co-authors, their names and the
            # papers shared follow from the author's papers
            papers = (pid + self.paper(pid) for pid in self.links.papers_of.get(rid, ()))
            return digest(self.d["authors", rid], *papers)
        if kind == "lists" and rid in self.content.lists:
            entries = (e.paper + self.paper(e.paper) for e in self.content.lists[rid].entries)
            return digest(self.d["lists", rid], *entries)
        return self.whole_site()

    def _index(self, pager: Pager, context: Mapping[str, Any]) -> str:
        """A digest of what one page of the papers or authors index shows."""
        letters = sorted(context.get("letters", {}).items())  # the A–Z links' pages
        where = f"{pager.number}/{pager.count}/{pager.total}/{letters}"
        if pager.section == "papers/":  # each paper's item: its title, authors, year, venue
            return digest(where, *(pid + self.paper(pid) for pid in pager.ids))
        papers = self.links.papers_of  # each author's name and number of papers
        names = (f"{aid}:{len(papers.get(aid, ()))}:{self.d['authors', aid]}" for aid in pager.ids)
        return digest(where, *names)

    def whole_site(self) -> str:
        """Index pages, feeds and the sitemap show (a little of) everything."""
        if not self._whole:
            records = (
                f"{kind}/{rid}/{d}" for (kind, rid), d in sorted(self.d.items()) if kind != "pages"
            )  # no index, feed or sitemap shows a free page's text
            keys = (f"{pid}={key}" for pid, key in sorted(self.keys.items()))
            self._whole = digest(*records, *keys)
        return self._whole

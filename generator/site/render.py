"""Jinja rendering: the environment (autoescape, StrictUndefined) and every page, in memory.

Content is passed to templates as data and never compiled as a template, so `{{ config }}` in a
title is shown as written. No file I/O happens here but reading templates.
"""

from __future__ import annotations

import functools
import itertools
import json
import traceback
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from generator.base.errors import Problem, UserError
from generator.base.text import inline_html, markdown_html, plain_text, plain_title
from generator.base.yamlfile import editor_file, inside
from generator.model.config import SiteConfig
from generator.model.defaults import default_folder
from generator.model.records import Content, FreePage, Paper
from generator.site.cite import (
    bibtex,
    cite_keys,
    csl_indented,
    csl_json,
    csl_line,
    csl_list,
    editors_of,
    et_al,
    paper_links,
    ris,
    text_field,
)
from generator.site.links import (
    Links,
    author_path,
    index_letter,
    list_path,
    paper_path,
    under_base_path,
)
from generator.site.meta import (
    author_feed,
    author_groups,
    highwire,
    list_feed,
    other_spellings,
    paginate,
    paper_actions,
    pdf_of,
    person,
    scholarly_article,
    site_feed,
    venue_and_year,
    venue_line,
    venue_with_ids,
    xml_text,
    year_badge,
)
from generator.site.pictures import PICTURE_MOST, coauthor_picture, year_chart
from generator.site.profiles import (
    Shown,
    large_summary,
    members,
    pairs_among,
    picture_nodes,
    profile,
    shown_authors,
    site_year_bars,
    tag_path,
    tag_slug,
    tags_of,
    year_bars,
)
from generator.site.search import folded_names

T = TypeVar("T")

MEMO = 8192  # entries each memo keeps at most: memory stays flat however large the site
ONCE = 512  # for pieces with an abstract, which only one record's pages (made together) show
SITEMAP_URLS = 50_000  # the most one sitemap may list (sitemaps.org)


@dataclass(frozen=True, slots=True)  # slots: 100k papers, 800k pages
class Page:
    """One output file: where it goes, which template makes it, and what that template sees."""

    path: str  # relative to the output folder, such as papers/ID/index.html
    template: str
    context: dict[str, Any] = field(default_factory=dict)


class Later(functools.partial[Any]):
    """A value of a page's context that is made only when the page is rendered (and then
    dropped): what a site holds one of per author costs memory while every page waits."""


# callables that take a context when marked (@pass_context ...); those that never do are
# _PLAIN_CALLABLES, below Urls
_FUNCTIONS = (types.FunctionType, types.MethodType, type(functools.cache(print)))


class _Context(jinja2.runtime.Context):
    """Jinja's context, whose call() (every call in a template goes through it: a million in a
    5k-paper build) calls a macro, a built-in or an unmarked function straight away, and
    leaves anything else to Jinja's own, which looks for @pass_context and the like on the
    callable and on its __call__ for each call (about 0.7 µs of 1.1)."""

    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if __debug__:
            __traceback_hide__ = True  # Jinja's tracebacks leave this frame out
        kind = type(__obj)
        if kind in _PLAIN_CALLABLES or (
            kind in _FUNCTIONS and getattr(__obj, "jinja_pass_arg", None) is None
        ):
            if kwargs:  # what Jinja passes for a context, which these do not take
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:  # as Jinja's own
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        return super().call(__obj, *args, **kwargs)


class _Environment(jinja2.Environment):
    """Jinja's environment, whose templates share its globals as they are instead of through a
    ChainMap over them: Jinja copies a template's globals into every page's context, and
    copying a ChainMap of 40 names costs more than a plain dict (about 15% of a page)."""

    context_class = _Context

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return self.globals if not d else super().make_globals(d)


class _InsideLoader(jinja2.FileSystemLoader):
    """Jinja's file loader that reads a template only when the file, its links followed, is
    inside the folder's own root: the site for its templates/, the package for the defaults.
    A link out (templates/base.html -> /etc/passwd) is passed over, as if the file were not
    there, so the default is used; reading the content warns about it (model/reading.py)."""

    def __init__(self, folders: list[tuple[Path, Path]]) -> None:
        super().__init__([str(folder) for folder, _ in folders])
        self.roots = {str(folder): root for folder, root in folders}

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)
        for folder, root in self.roots.items():
            path = Path(folder).joinpath(*pieces)
            if path.is_file() and inside(path, root) and not editor_file(path.name):
                return jinja2.FileSystemLoader(folder).get_source(environment, template)
        raise jinja2.TemplateNotFound(template)


def make_environment(site: Path) -> jinja2.Environment:
    """Templates from the site's templates/ first, then the defaults, file by file; a template
    whose file is a link out of the site (or of the package's defaults) is never read."""
    folders = [(site / "templates", site.resolve())]
    defaults = default_folder("templates")
    folders.append((defaults, defaults.resolve()))
    env = _Environment(
        loader=_InsideLoader([(f, root) for f, root in folders if f.is_dir()]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no stat of base.html on every page
    )
    # one environment per build, so these caches live as long as the build and no longer:
    # a title is converted once, however many co-author pages show it
    cache = functools.lru_cache(maxsize=MEMO)
    once = functools.lru_cache(maxsize=ONCE)  # abstracts: shown by one record's pages
    env.filters.update(
        md=once(lambda text: Markup(markdown_html(text))),
        inline=cache(lambda text: Markup(inline_html(text))),
        plain=plain_text,  # cached where it is defined: citations use it too
        plain_title=cache(plain_title),
        json_ld=json_ld,
        xml=xml_text,  # feeds: no character XML refuses, whatever a record holds
    )
    return env


def json_ld(data: Any) -> Markup:
    """JSON for a <script type="application/ld+json"> block that no content can break out of."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)  # no indent: the C encoder
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return Markup(text)


class Urls:
    """Links inside the site, all under the path of base_url so project sites work."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.base_path = urlsplit(base_url).path or "/"

    def __call__(self, path: str = "") -> str:
        """A root-relative link, such as /REPO/papers/ID/."""
        return self.base_path + path

    def absolute(self, path: str = "") -> str:
        """A full address, for canonical links, feeds and the sitemap."""
        return self.base_url + path


_PLAIN_CALLABLES = (jinja2.runtime.Macro, types.BuiltinFunctionType, Urls)  # see _Context


EXPORTS = ("bib", "ris", "json")  # BibTeX, RIS, CSL-JSON


def _exports(folder: str, name: str, papers: list[Paper], abstracts: bool = True) -> list[Page]:
    context = {"papers": papers, "abstracts": abstracts}
    return [Page(f"{folder}{name}.{kind}", f"export.{kind}", context) for kind in EXPORTS]


def paper_pages(paper: Paper) -> list[Page]:
    """A paper's page and its three citation files."""
    page = Page(paper_path(paper.id) + "index.html", "paper.html", {"paper": paper})
    return [page, *_exports(paper_path(paper.id), "cite", [paper])]


# the authors index by number of papers: a "_" is in no id, so no author's page can be here
MOST_PAPERS = "authors/most_papers/"


def plan_pages(content: Content, links: Links, config: SiteConfig) -> list[Page]:
    """Every page of the site and the template that makes it."""
    # the indexes in pages, as Hugo's and Pelican's: one page of 100k papers would be 60 MB
    papers_index = paginate("papers/", links.papers, config.papers_per_page)
    authors_index = paginate("authors/", links.authors, config.authors_per_page)
    # the same authors by number of papers, most first; a stable sort keeps ties A–Z
    count = {aid: len(links.papers_of.get(aid, ())) for aid in links.authors}
    most = sorted(links.authors, key=lambda aid: -count[aid])
    most_index = paginate(MOST_PAPERS, most, config.authors_per_page)
    letters: dict[str, int] = {}  # the A–Z links: a letter's first page
    for pager in authors_index:
        for aid in pager.ids:
            letters.setdefault(index_letter(content.authors[aid]), pager.number)
    pages = [
        Page("index.html", "index.html"),
        *(Page(p.path(p.number) + "index.html", "papers.html", {"pager": p}) for p in papers_index),
        *(
            Page(p.path(p.number) + "index.html", "authors.html", {"pager": p, "letters": letters})
            for p in authors_index
        ),
        *(Page(p.path(p.number) + "index.html", "authors.html", {"pager": p}) for p in most_index),
        Page("lists/index.html", "lists.html"),
        Page("404.html", "404.html"),
        Page(
            "feed.xml", "feed.xml", {"feed": site_feed(plain_title(config.title), content, links)}
        ),
        Page("robots.txt", "robots.txt"),
    ]
    if config.search:
        pages.append(Page("search/index.html", "search.html"))
    tags = tags_of(content, links)
    pages.append(Page("tags/index.html", "tags.html", {"tags": tags}))
    for slug, (name, pids) in tags.items():
        pages.append(Page(tag_path(slug) + "index.html", "tag.html", {"tag": name, "ids": pids}))
    for pid in links.papers:
        pages += paper_pages(content.papers[pid])
    for aid in links.authors:
        author = content.authors[aid]
        papers = [content.papers[p] for p in links.papers_of.get(aid, ())]
        pages.append(Page(author_path(aid) + "index.html", "author.html", {"author": author}))
        # without abstracts, as DBLP's and the ACL Anthology's collections: a paper is in the
        # files of each of its authors, and its abstract in its own and its lists' files
        pages += _exports(author_path(aid), "papers", papers, abstracts=False)
        later = Later(author_feed, author, content, links)  # made when rendered: 88k at 100k
        pages.append(Page(author_path(aid) + "feed.xml", "feed.xml", {"feed": later}))
    for slug in sorted(content.pages):
        pages.append(Page(f"{slug}/index.html", "page.html", {"free_page": content.pages[slug]}))
    for lid in sorted(content.lists):
        rlist = content.lists[lid]
        papers = [content.papers[e.paper] for e in rlist.entries]
        pages.append(Page(list_path(lid) + "index.html", "list.html", {"rlist": rlist}))
        pages += _exports(list_path(lid), "papers", papers)
        feed = list_feed(rlist, content)
        pages.append(Page(list_path(lid) + "feed.xml", "feed.xml", {"feed": feed}))
    return pages + sitemaps(pages)


def nav_pages(pages: Iterable[FreePage]) -> list[tuple[str, str]]:
    """The free pages in the site's navigation, (path, title): those with `order` first, by
    it, then by title (the slug decides between equal titles, so the order never varies)."""
    shown = sorted(
        (p for p in pages if p.nav),
        key=lambda p: (p.order is None, p.order or 0, plain_title(p.title).casefold(), p.id),
    )
    return [(f"{p.id}/", p.title) for p in shown]


def sitemaps(pages: list[Page]) -> list[Page]:
    """sitemap.xml with every page but the search page, which has nothing of its own. A
    sitemap holds at most SITEMAP_URLS addresses (sitemaps.org): a larger site gets
    sitemap-1.xml, sitemap-2.xml ... and sitemap.xml becomes their index."""
    html = [
        p.path.removesuffix("index.html")
        for p in pages
        if p.path.endswith("index.html") and p.template != "search.html"
    ]
    if len(html) <= SITEMAP_URLS:
        return [Page("sitemap.xml", "sitemap.xml", {"urls": html})]
    parts = [
        Page(f"sitemap-{n}.xml", "sitemap.xml", {"urls": html[start : start + SITEMAP_URLS]})
        for n, start in enumerate(range(0, len(html), SITEMAP_URLS), start=1)
    ]
    return [Page("sitemap.xml", "sitemap-index.xml", {"sitemaps": [p.path for p in parts]}), *parts]


def site_globals(
    config: SiteConfig,
    content: Content,
    links: Links,
    keys: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """What every template sees: the settings, the content, the cross-links and helpers."""
    keys = keys if keys is not None else cite_keys(content)
    urls = Urls(config.base_url)
    # a paper's citation is in its own files and in those of every author and list it is on
    bib = per_paper(lambda p: bibtex(p, keys[p.id], content.authors))

    def memo(cite: Callable[..., str], abstract: bool) -> Callable[[Paper], str]:
        """A paper's citation in one format, with or without its abstract, made once."""
        made = functools.partial(cite, authors=content.authors, abstract=abstract)
        return per_paper(lambda p: made(p, keys[p.id]), ONCE if abstract else MEMO)

    # with abstracts for a paper's and a list's files, without for an author's
    ris_with = {abstract: memo(ris, abstract) for abstract in (True, False)}
    # a paper's CSL-JSON item is on its page (indented) and in its files (a line each)
    csl_item = per_paper(lambda p: csl_json(p, keys[p.id], content.authors), ONCE)
    csl_with = {True: per_paper(lambda p: csl_line(csl_item(p)), ONCE), False: memo(_csl, False)}
    highlight = frozenset(config.highlight)
    author_link = _author_links(content, urls, highlight)
    return {
        "config": config,
        "content": content,
        "links": links,
        "url": urls,
        "absolute_url": urls.absolute,
        "paper_path": paper_path,
        "author_path": author_path,
        "most_papers_path": MOST_PAPERS,  # the authors index by number of papers
        "under_base_path": lambda html: Markup(under_base_path(html, urls.base_path)),
        "list_path": list_path,
        "highlight": frozenset(config.highlight),
        "bibtex": bib,
        "bibtex_many": lambda papers: "\n".join(bib(p) for p in papers),
        "ris_many": lambda papers, abstracts=True: "\n".join(
            ris_with[abstracts](p) for p in papers
        ),
        "csl_many": lambda papers, abstracts=True: csl_list(csl_with[abstracts](p) for p in papers),
        "coauthor_items": lambda pairs: _coauthor_items(pairs, author_link),
        "cite_key": keys.__getitem__,
        "author_link": author_link,
        "authors_of": lambda paper: [content.authors[a] for a in paper.authors],
        "author_groups": lambda ids: author_groups(content.authors[a] for a in ids),
        "other_spellings": other_spellings,
        "folded_names": folded_names,
        "venue_and_year": venue_and_year,  # a site's own templates of earlier versions use it
        "venue_line": per_paper(lambda p: venue_line(p, content.authors)),
        "highwire": lambda paper: highwire(paper, content.authors, urls.absolute),
        "editors_of": editors_of,
        "et_al": et_al,
        "paper_links": paper_links,
        "paper_field": text_field,
        "person": lambda author: person(author, urls.absolute),
        "scholarly_article": lambda paper: scholarly_article(
            paper, content.authors, urls.absolute, config.coauthor_max_authors
        ),
        "edit_url": lambda page: edit_url(config, page),
        "paper_actions": paper_actions,
        "pdf_of": pdf_of,
        "year_badge": year_badge,
        "venue_with_ids": per_paper(lambda p: venue_with_ids(p, content.authors)),
        "item_detail": per_paper(lambda p: _item_detail(p, content)),
        "shown_authors": lambda paper, limit, me="": shown_authors(
            paper.authors, limit, highlight | ({me} if me else set())
        ),
        "byline_names": lambda paper, limit, me="": _byline_names(
            paper,
            shown_authors(paper.authors, limit, highlight | ({me} if me else set())),
            author_link,
            urls(paper_path(paper.id)),
        ),
        "ris_one": lambda paper: ris_with[True](paper),
        "csl_one": lambda paper: csl_indented(csl_item(paper)),
        "profile": lambda aid: profile(aid, content, links),
        "members": lambda aid: members(aid, content, links),
        "large_summary": lambda pids: large_summary(pids, content),
        "year_chart": lambda prof: year_chart(year_bars(prof)),
        "site_chart": lambda: year_chart(site_year_bars(content, urls("papers/"))),
        "coauthor_picture": lambda aid, ranked: _picture(
            aid, ranked, content, links, urls, highlight
        ),
        "tag_slug": tag_slug,
        "tag_path": tag_path,
        "css_string": css_string,
        "day": day_label,
        "list_progress": list_progress,
        "nav_pages": nav_pages(content.pages.values()),
    }


def _item_detail(paper: Paper, content: Content) -> str:
    """The venue line of a paper item when it says more than the item's badge."""
    line = venue_line(paper, content.authors)
    return "" if line == year_badge(paper) else line


def _picture(
    aid: str, ranked: Any, content: Content, links: Links, urls: Urls, highlight: frozenset[str]
) -> Markup:
    """The co-author picture of an author's page."""
    center, around = picture_nodes(aid, ranked[:PICTURE_MOST], content, urls, highlight)
    pairs = pairs_among(aid, [n.id for n in around], content, links)
    return coauthor_picture(center, around, pairs)


def css_string(text: str) -> str:
    """Text for a quoted CSS string inside <style>: anything but letters, digits and a few
    safe marks becomes a CSS escape, so no content closes the string or the element."""
    return "".join(
        c if c.isascii() and (c.isalnum() or c in "/-_.:") else f"\\{ord(c):x} " for c in text
    )


_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def day_label(day: Any) -> str:
    """'21 Nov 2026': a date as readers say it."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def list_progress(rlist: Any) -> tuple[int, int, dict[str, int]]:
    """(read, total, entries per status) of a reading list."""
    counts: dict[str, int] = {}
    for entry in rlist.entries:
        counts[entry.status] = counts.get(entry.status, 0) + 1
    return counts.get("read", 0), len(rlist.entries), counts


def _csl(paper: Paper, key: str, authors: Mapping[str, Any], abstract: bool) -> str:
    return csl_line(csl_json(paper, key, authors, abstract))


def _macro(env: jinja2.Environment, template: str, name: str) -> Callable[..., Markup]:
    """A template's macro as a function, looked up on its first call (get_template stats the
    file, so not once per call)."""
    macro: Callable[..., str] | None = None

    def call(*args: Any, **kwargs: Any) -> Markup:
        nonlocal macro
        if macro is None:
            macro = getattr(env.get_template(template).module, name)
        return Markup(macro(*args, **kwargs))

    return call


def _cached_macro(env: jinja2.Environment, template: str, name: str) -> Callable[..., Markup]:
    """A macro that pages call many times with the same arguments, rendered once for each: an
    author's page and every co-author's page show the same paper item."""
    made: dict[tuple[Any, ...], Markup] = {}
    macro = _macro(env, template, name)

    def call(record: Any, *args: Any, **kwargs: Any) -> Markup:
        key = (record.id, args, tuple(sorted(kwargs.items())))
        if key not in made:
            _bound(made)[key] = macro(record, *args, **kwargs)
        return made[key]

    return call


def per_paper(make: Callable[[Paper], T], size: int = MEMO) -> Callable[[Paper], T]:
    """Memoise something made from a paper, for the length of one build."""
    made: dict[str, T] = {}

    def get(paper: Paper) -> T:
        if paper.id not in made:
            _bound(made, size)[paper.id] = make(paper)
        return made[paper.id]

    return get


def _bound(made: dict[Any, Any], size: int = MEMO) -> dict[Any, Any]:
    """A memo with room for one more entry: a full one forgets its oldest quarter."""
    if len(made) >= size:
        for key in list(itertools.islice(made, size // 4)):
            del made[key]
    return made


def _coauthor_items(pairs: Iterable[tuple[str, int]], link: Callable[[str], Markup]) -> Markup:
    """The <li> of each co-author and the papers shared: built in Python, since an author on a
    400-author paper lists 400 of them."""
    items = (
        f'<li>{link(aid)} <span class="muted">{n} paper{"" if n == 1 else "s"}</span></li>'
        for aid, n in pairs
    )
    return Markup("".join(items))


def _byline_names(paper: Paper, shown: Shown, link: Callable[[str], Markup], href: str) -> Markup:
    """A short byline's names: the first ones, those kept in view further on with their place,
    then ", and N more" linking to the paper's page. Built in Python: every paper item has
    one, and on an author's page each of their long-list papers has its own."""
    parts = [", ".join(map(link, shown.head))]
    for aid, n in shown.extras:
        parts.append(f', … {link(aid)} <span class="position">({n} of {shown.total})</span>')
    if shown.hidden:
        parts.append(f', <a class="more" href="{escape(href)}">and {shown.hidden} more</a>')
    elif paper.et_al and paper.authors:
        parts.append(" et al.")
    return Markup("".join(parts))


def edit_url(config: SiteConfig, page: Page) -> str:
    """Where to edit the YAML file behind a page on GitHub, when site.yaml names the repository."""
    records = [value for value in page.context.values() if hasattr(value, "source")]
    if not config.repository or not records:
        return ""
    return f"{config.repository.rstrip('/')}/edit/{config.branch}/{records[0].source.path}"


def _author_links(
    content: Content, urls: Urls, highlight: frozenset[str]
) -> Callable[[str], Markup]:
    """An author's name linked to their page, made once per author: pages show it thousands of
    times. Classes for styling: `organization`, `highlight` (site.yaml); a person's link has
    none, which keeps a 400-name byline 6 KB lighter."""

    @functools.cache
    def link(aid: str) -> Markup:
        author = content.authors[aid]
        classes = "organization" if author.kind == "organization" else ""
        name = escape(author.name)
        if aid in highlight:
            classes = f"{classes} highlight".strip()
            name = Markup("<strong>{}</strong>").format(name)
        href = urls(author_path(aid))
        if not classes:
            return Markup('<a href="{}">{}</a>').format(href, name)
        return Markup('<a class="{}" href="{}">{}</a>').format(classes, href, name)

    return link


def render_pages(
    env: jinja2.Environment,
    pages: list[Page],
    globals_: dict[str, Any],
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Render each page; every template error is collected and reported with its line."""
    env.globals.update(globals_)
    paper_item = _cached_macro(env, "_macros.html", "paper_item")
    item_macro = _macro(env, "_macros.html", "paper_item")
    byline_names = globals_["byline_names"]
    own_macros = not _is_default(env, "_macros.html")
    papers = globals_["content"].papers
    env.globals["paper_item"] = paper_item
    limit = 5  # the names an item shows: the macro's default

    link = globals_["author_link"]

    def items(ids: Iterable[str], me: str = "", **options: Any) -> Markup:
        """Paper items, each rendered once per build and shared by every page that shows it,
        whatever its heading level. On the page of an author whom an item's first names
        leave out (`me`), the item's byline alone is made again, with them in view, and put
        in place of the shared one: such an item shows on that one page only, so it is not
        kept. The author's name is then made bold in all the items at once."""
        made = []
        shown = options.get("limit", limit)
        level = None if own_macros else options.pop("level", None)
        for pid in ids:
            paper = papers[pid]
            item = paper_item(paper, **options)
            if me and me in paper.authors[shown:]:
                item = with_me(item, paper, me, shown, options)
            if level is not None and level != 3:
                item = at_level(item, level)
            made.append(item)
        joined = Markup("").join(made)
        if me:
            plain = str(link(me))
            bold = plain.replace("<a ", '<a data-me="" ', 1)
            joined = Markup(str(joined).replace(plain, bold))
        return joined

    def with_me(item: Markup, paper: Paper, me: str, shown: int, options: Any) -> Markup:
        """A paper item with the byline that keeps `me` in view."""
        if own_macros:  # a site's paper_item may use `me` in other ways
            return item_macro(paper, me=me, **options)
        # the default short_byline is its names: they change, and only they (in the byline)
        shared = byline_names(paper, shown)
        return Markup(item.replace(shared, byline_names(paper, shown, me), 1))

    def at_level(item: Markup, level: int) -> Markup:
        """The default paper item (its title an h3) with its title at another heading level:
        the papers index, tag and author pages show the same items at their own levels. The
        title's closing tag is the item's first (its text is escaped)."""
        text = str(item).replace('<h3 class="paper-title">', f'<h{level} class="paper-title">', 1)
        return Markup(text.replace("</h3>", f"</h{level}>", 1))

    env.globals["paper_items"] = items
    env.globals["feed_entry"] = _cached_macro(env, "_feed.xml", "entry")
    problems: list[Problem] = []
    templates: dict[str, jinja2.Template] = {}
    for number, page in enumerate(pages, start=1):
        try:
            if page.template not in templates:
                templates[page.template] = env.get_template(page.template)
            context = {k: v() if isinstance(v, Later) else v for k, v in page.context.items()}
            text = templates[page.template].render(page=page, **context)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(_template_problem(exc, exc.filename or page.template, exc.lineno))
            break  # the same template would fail on every page
        except jinja2.TemplateNotFound as exc:
            problems.append(
                Problem(
                    f"templates/{exc.name}",
                    0,
                    "template not found; add it or remove what includes it",
                )
            )
            break
        except Exception as exc:  # an error raised inside a template while rendering it
            where, line = _template_frame(exc)
            problems.append(_template_problem(exc, where or page.template, line, page.path))
            if len(problems) >= 20:
                break
            continue
        if progress is not None:
            progress(number, len(pages))
        yield page.path, text.encode("utf-8")
    if problems:
        raise UserError(problems)


def _is_default(env: jinja2.Environment, template: str) -> bool:
    """Whether a template reads as the package's own (a site's templates/ may hold a copy)."""
    default = default_folder("templates") / template
    try:
        source = env.loader.get_source(env, template)[0] if env.loader else None
    except jinja2.TemplateError:  # reported where a page uses it
        return False
    return default.is_file() and source == default.read_text(encoding="utf-8")


def _template_frame(exc: BaseException) -> tuple[str, int]:
    """The template file and line where a rendering error happened (Jinja keeps them)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt", ".bib")):
            return frame.filename, frame.lineno or 0
    return "", 0


def _template_problem(exc: BaseException, filename: str, line: int, page: str = "") -> Problem:
    shown = _shown_template(filename)
    kind = (
        "template syntax error" if isinstance(exc, jinja2.TemplateSyntaxError) else "template error"
    )
    where = f" while rendering {page}" if page else ""
    message = getattr(exc, "message", None) or str(exc)
    return Problem(shown, line, f"{kind}{where}: {message}")


def _shown_template(filename: str) -> str:
    path = Path(filename)
    parts = path.parts
    if "templates" in parts:
        index = len(parts) - 1 - parts[::-1].index("templates")
        inside = Path(*parts[index:])
        default = default_folder("templates")
        return str(inside) if not path.is_relative_to(default) else f"{inside} (default)"
    return filename

"""Building the seed site: valid HTML, no broken links at / or under a path, cross-links both
ways, math, citations and metadata, harmless hostile content, determinism, failed builds."""

from __future__ import annotations

import itertools
import json
import re
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator.base.errors import UserError
from generator.build.pipeline import build
from generator.model.reading import read_content
from generator.site import render
from generator.site.links import family_key, resolve
from generator.site.meta import paginate

from .conftest import ONE_PAPER, ROOT, Run, copy_seed_site, snapshot, write_tree
from .sitecheck import broken_links, dangerous, html_pages, read_page

PREFIX_URL = "https://example.org/reading-list/"
PREFIX = "/reading-list/"


@pytest.fixture(scope="module")
def seed_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seed site, so builds never touch the repository."""
    return copy_seed_site(tmp_path_factory.mktemp("seed"))


@pytest.fixture(scope="module")
def built(seed_copy: Path) -> Path:
    """The seed site built at the root of its host."""
    out = seed_copy / "_site"
    build(seed_copy, out, base_url="https://example.org/")
    return out


@pytest.fixture(scope="module")
def built_under_path(seed_copy: Path) -> Path:
    """The seed site built for a GitHub project site under /reading-list/."""
    out = seed_copy / "_site_prefixed"
    build(seed_copy, out, base_url=PREFIX_URL)
    return out


def test_every_page_kind_and_file_is_there(built: Path) -> None:
    content, _ = read_content(ROOT)
    for name in ("index.html", "papers/index.html", "authors/index.html", "lists/index.html",
                 "404.html", "sitemap.xml", "feed.xml", "robots.txt", ".nojekyll",
                 "favicon.svg", "style.css"):  # fmt: skip
        assert (built / name).is_file(), name
    for pid in content.papers:
        assert (built / f"papers/{pid}/index.html").is_file()
        assert (built / f"papers/{pid}/cite.bib").is_file()
    for aid in content.authors:
        assert (built / f"authors/{aid}/index.html").is_file()
    for lid in content.lists:
        assert (built / f"lists/{lid}/index.html").is_file()


def test_every_page_passes_the_w3c_checker(
    built: Path, vnu: Callable[[list[Path]], list[str]]
) -> None:
    assert vnu(html_pages(built)) == []


def test_no_broken_internal_link_at_the_root(built: Path) -> None:
    assert broken_links(built, "/") == []


def test_no_broken_internal_link_under_a_base_path(built_under_path: Path) -> None:
    assert broken_links(built_under_path, "/reading-list/") == []
    sitemap = (built_under_path / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert locs and all(loc.startswith(PREFIX_URL) for loc in locs)
    feed = (built_under_path / "feed.xml").read_text(encoding="utf-8")
    assert all(h.startswith(PREFIX_URL) for h in re.findall(r'href="([^"]+)"', feed))
    assert f"Sitemap: {PREFIX_URL}sitemap.xml" in (built_under_path / "robots.txt").read_text()


def test_the_site_works_served_under_its_path(
    built_under_path: Path, serve_folder: Callable[..., object]
) -> None:
    with serve_folder(built_under_path, "/reading-list/") as base:  # type: ignore[attr-defined]
        home = urllib.request.urlopen(base).read().decode()
        for href in set(re.findall(r'href="(/reading-list/[^"#]*)"', home)):
            with urllib.request.urlopen(base.removesuffix("/reading-list/") + href) as reply:
                assert reply.status == 200, href


def test_papers_and_authors_link_each_other_both_ways(built: Path) -> None:
    content, _ = read_content(ROOT)
    for pid, paper in content.papers.items():
        links = set(read_page(built / f"papers/{pid}/index.html").links)
        for aid in paper.authors:
            assert f"/authors/{aid}/" in links, (pid, aid)
            assert f"/papers/{pid}/" in read_page(built / f"authors/{aid}/index.html").links


def test_author_pages_rank_coauthors_and_show_other_spellings(built: Path) -> None:
    page = (built / "authors/long-ouyang/index.html").read_text(encoding="utf-8")
    coauthors = page[page.index('id="coauthors-heading"') :]
    content, _ = read_content(ROOT)
    # papers with more than 50 authors (the seed's system cards) count apart
    small = [p for p in content.papers.values() if len(p.authors) <= 50]
    large = [
        p for p in content.papers.values() if len(p.authors) > 50 and "long-ouyang" in p.authors
    ]
    shared = {aid: sum(aid in p.authors and "long-ouyang" in p.authors for p in small)
              for aid in content.authors if aid != "long-ouyang"}  # fmt: skip
    card = "".join(re.findall(r'<ol class="coauthors"[^>]*>.*?</ol>', coauthors, re.S))
    ranked = re.findall(r'href="/authors/([^"]+)/"', card)
    assert len(ranked) == sum(n > 0 for n in shared.values()) > 20
    assert f"Co-authors ({len(ranked)})" in page
    assert [shared[a] for a in ranked] == sorted((shared[a] for a in ranked), reverse=True)
    ties = [a for a in ranked if shared[a] == shared[ranked[-1]]]  # ties A–Z by family name
    assert ties == sorted(ties, key=lambda a: family_key(content.authors[a]))
    assert ranked[0] == "jeff-wu" and f"{shared['jeff-wu']} papers" in card.split("</li>")[0]
    assert large and f"Also on {len(large)} large collaborations" in coauthors
    assert "more than 50 authors" in coauthors
    kaiser = (built / "authors/lukasz-kaiser/index.html").read_text(encoding="utf-8")
    assert "Also published as" in kaiser and "Lukasz Kaiser" in kaiser
    openai = (built / "authors/openai/index.html").read_text(encoding="utf-8")
    assert "Organization" in openai


def test_a_long_author_list_folds_but_keeps_every_link(built: Path) -> None:
    page = built / "papers/gpt-4o-system-card/index.html"
    text = page.read_text(encoding="utf-8")
    assert '<summary data-pagefind-ignore><span class="when-closed">and 402 more</span>' in text
    # Long Ouyang (highlighted) stays in view, with his place, beside the first ten
    assert re.search(r'<li class="extra gap"><a class="highlight" href="/authors/long-ouyang/">'
                     r'<strong>Long Ouyang</strong></a> <span class="position" data-pagefind-ignore>\(author 237 of '
                     r'413\)</span></li>', text)  # fmt: skip
    authors = [
        link for link in read_page(page).links if re.fullmatch(r"/authors/[a-z0-9-]+/", link)
    ]
    assert len(set(authors)) == 413
    # the one script is the copy buttons', which are hidden until it runs
    assert text.count("<script") == 2 and 'class="copy" data-copy-file=' in text


def test_the_highlighted_author_stands_out_everywhere(built: Path) -> None:
    for page in html_pages(built):
        for link, classes in read_page(page).classes_of_links.items():
            if link == "/authors/long-ouyang/" and page.parent.name != "authors":
                assert all("highlight" in c for c in classes), page


def test_tex_becomes_mathml_and_prose_escapes_read_plainly(built: Path) -> None:
    summarizing = built / "papers/recursively-summarizing-books-with-human-feedback/index.html"
    text = summarizing.read_text(encoding="utf-8")
    assert "<math" in text
    assert re.search(r"<mo[^>]*>∼</mo>\s*<mn>5</mn>\s*<m[oi][^>]*>%</m[oi]>", text)
    gpt4o = (built / "papers/gpt-4o-system-card/index.html").read_text(encoding="utf-8")
    assert "50% cheaper" in gpt4o and "50\\%" not in gpt4o


def test_bibtex_entry_on_the_page_and_beside_it(built: Path) -> None:
    bib = (built / "papers/learning-to-summarize-from-human-feedback/cite.bib").read_text()
    assert bib.startswith("@inproceedings{stiennon2020learning,\n")
    assert "author = {Stiennon, Nisan and Ouyang, Long and Wu, Jeff" in bib
    assert "eprint = {2009.01325}" in bib and "year = {2020}" in bib
    page = (built / "papers/learning-to-summarize-from-human-feedback/index.html").read_text()
    assert "@inproceedings{stiennon2020learning," in page
    gpt4o = (built / "papers/gpt-4o-system-card/cite.bib").read_text()
    assert gpt4o.count(" and ") == 412 and "author = {{OpenAI} and Hurst, Aaron" in gpt4o


def test_scholarly_metadata(built: Path) -> None:
    page = built / "papers/learning-to-summarize-from-human-feedback/index.html"
    info = read_page(page)
    meta = info.meta
    assert ("citation_title", "Learning to summarize from human feedback") in meta
    assert [c for n, c in meta if n == "citation_author"][:2] == ["Stiennon, Nisan", "Ouyang, Long"]
    assert len([1 for n, _ in meta if n == "citation_author"]) == 9
    assert ("citation_publication_date", "2020") in meta
    assert ("citation_arxiv_id", "2009.01325") in meta
    assert (
        "og:title",
        "Learning to summarize from human feedback · Alignment reading list",
    ) in meta
    [ld] = [json.loads(block) for block in info.json_ld]
    assert ld["@type"] == "ScholarlyArticle"
    assert ld["author"][1] == {"@type": "Person", "name": "Long Ouyang",
                               "url": "https://example.org/authors/long-ouyang/"}  # fmt: skip
    assert (
        '<link rel="canonical" href="https://example.org/papers/learning-to-summarize-from-human-feedback/">'
        in page.read_text()
    )
    [person] = [json.loads(b) for b in read_page(built / "authors/long-ouyang/index.html").json_ld]
    assert person["@type"] == "Person" and person["familyName"] == "Ouyang"


def test_feed_and_sitemap_are_well_formed(built: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(built / "feed.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == 7
    dates = [e.find(f"{atom}updated").text for e in entries]  # type: ignore[union-attr]
    assert dates == sorted(dates, reverse=True)
    sitemap = ET.parse(built / "sitemap.xml").getroot()
    locs = [u[0].text for u in sitemap]
    assert (
        "https://example.org/" in locs and "https://example.org/papers/gpt-4o-system-card/" in locs
    )
    assert not any("404" in (loc or "") for loc in locs)


def test_a_site_with_more_addresses_than_a_sitemap_holds_gets_a_sitemap_index(
    seed_copy: Path, built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    whole = [u[0].text for u in ET.parse(built / "sitemap.xml").getroot()]
    monkeypatch.setattr(render, "SITEMAP_URLS", 400)  # 50,000 (sitemaps.org) at full size
    build(seed_copy, tmp_path / "out", base_url="https://example.org/")
    index = ET.parse(tmp_path / "out/sitemap.xml").getroot()
    assert index.tag == f"{ns}sitemapindex"
    parts = [s.find(f"{ns}loc").text or "" for s in index]  # type: ignore[union-attr]
    assert parts == [f"https://example.org/sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    assert len(parts) == -(-len(whole) // 400) > 1
    listed = []
    for part in parts:
        urls = ET.parse(tmp_path / "out" / part.rsplit("/", 1)[1]).getroot()
        assert urls.tag == f"{ns}urlset" and len(urls) <= 400
        listed += [u[0].text for u in urls]
    assert listed == whole  # every address once, in the same order


def test_two_builds_are_byte_identical(seed_copy: Path, tmp_path: Path) -> None:
    build(seed_copy, tmp_path / "a")
    build(seed_copy, tmp_path / "b")
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


HOSTILE = {
    "content/authors/evil.yaml": """
        name: "<img src=x onerror=alert(1)>{{ config }}"
        family: "<script>alert('family')</script>"
        given: Eve
        kind: person
        links:
          homepage: "https://example.org/\\"onmouseover=\\"alert(1)"
        """,
    "content/papers/evil.yaml": """
        title: "<script>alert('title')</script> {{ config.title }} {% raw %}"
        authors: [evil]
        year: 2024
        tags: ["<b onclick=alert(1)>tag</b>"]
        abstract: |
          Click [here](javascript:alert(1)) or [there](JaVaScRiPt:alert(2)).
          <script>alert('abstract')</script><img src=x onerror="alert(3)">
          <a href="&#106;avascript:alert(4)">entity</a> {{ 7*7 }} {% for x in y %}
          </script><script>alert('json')</script>
        """,
    "content/lists/evil.yaml": """
        title: "<svg onload=alert(1)>"
        curator: "<iframe src=javascript:alert(1)>"
        description: "<style>body{display:none}</style>[x](javascript:alert(5))"
        entries:
          - paper: evil
            note: "<a href='javascript:alert(6)' onclick='alert(7)'>note</a> {{ 1 + 1 }}"
        """,
}


def test_hostile_content_is_harmless_on_every_page(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site(HOSTILE)
    out = tmp_path / "out"
    report = build(root, out)
    assert report.pages > 5
    pages = html_pages(out)
    assert len(pages) > 5
    for page in pages:
        assert dangerous(page.read_text(encoding="utf-8")) == [], page
    for path in out.rglob("*.xml"):  # feeds and sitemap: the markup is escaped, still XML
        assert "<script" not in path.read_text(encoding="utf-8"), path
        ET.parse(path)
    paper = (out / "papers/evil/index.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in paper and "{% for x in y %}" in paper and "{{ config.title }}" in paper
    for block in read_page(out / "papers/evil/index.html").json_ld:
        assert json.loads(block)["author"][0]["name"].startswith("<img")  # data, intact


@pytest.fixture
def good_build(site: Callable[..., Path], tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    root = site(ONE_PAPER)
    out = tmp_path / "out"
    build(root, out)
    yield root, out


def test_a_javascript_url_in_content_is_refused(site: Callable[..., Path], tmp_path: Path) -> None:
    root = site(
        {"content/papers/p.yaml": "title: P\nauthors: []\nyear: 2020\nurl: javascript:alert(1)\n"}
    )
    with pytest.raises(
        UserError,
        match=r"content/papers/p.yaml:4: url: 'javascript:alert\(1\)' does not look like a web address",
    ):
        build(root, tmp_path / "out")


def test_a_failed_build_keeps_the_old_output(
    good_build: tuple[Path, Path], cli: Callable[..., Run]
) -> None:
    root, out = good_build
    before = snapshot(out)
    (root / "content/papers/notes.yaml").write_text("title: no\nauthors: [nobody]\nyear: 1843\n")
    run = cli("build", "--site", root, "--out", out)
    assert run.code == 1
    assert "content/papers/notes.yaml:1: title: expected text" in run.err
    assert "content/papers/notes.yaml:2: unknown author 'nobody'" in run.err
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(["out", "site"])


def test_a_template_error_names_the_template_line_and_keeps_the_output(
    good_build: tuple[Path, Path], cli: Callable[..., Run]
) -> None:
    root, out = good_build
    before = snapshot(out)
    write_tree(
        root,
        {
            "templates/paper.html": '{% extends "base.html" %}\n{% block main %}\n{{ paper.no_such_field }}\n{% endblock %}\n'
        },
    )
    run = cli("build", "--site", root, "--out", out)
    assert run.code == 1
    assert re.search(
        r"templates/paper.html:3: template error while rendering papers/notes/index.html: .*no_such_field",
        run.err,
    )
    assert "Traceback" not in run.err
    assert snapshot(out) == before
    write_tree(root, {"templates/paper.html": "{% if %}\n"})
    run = cli("build", "--site", root, "--out", out)
    assert run.code == 1 and "templates/paper.html:1: template syntax error" in run.err


def test_site_templates_and_static_override_the_defaults_file_by_file(
    good_build: tuple[Path, Path],
) -> None:
    root, out = good_build
    write_tree(root, {
        "templates/404.html": "custom 404 for {{ config.title }}\n",
        "static/style.css": "body { color: red }\n",
        "static/extra.txt": "hello\n",
    })  # fmt: skip
    build(root, out)
    assert (out / "404.html").read_text() == "custom 404 for Test site\n"
    assert (out / "style.css").read_text() == "body { color: red }\n"
    assert (out / "extra.txt").is_file() and (out / "favicon.svg").is_file()
    assert "<!doctype html>" in (out / "index.html").read_text()


def test_the_output_folder_may_not_be_the_site(
    good_build: tuple[Path, Path], cli: Callable[..., Run]
) -> None:
    root, _ = good_build
    for out in (root, root / "content", root.parent):
        run = cli("build", "--site", root, "--out", out)
        assert run.code == 1 and "choose" in run.err
    assert (root / "content/papers/notes.yaml").is_file()


def test_an_empty_new_site_builds(cli: Callable[..., Run], tmp_path: Path) -> None:
    assert cli("init", tmp_path / "s").code == 0
    run = cli("build", "--site", tmp_path / "s")
    assert run.code == 0, run.err
    assert "Built " in run.out and (tmp_path / "s/_site/index.html").is_file()


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed site with small index pages: 3 papers, 100 authors to a page."""
    site = copy_seed_site(tmp_path_factory.mktemp("paged"))
    with (site / "site.yaml").open("a", encoding="utf-8") as config:
        config.write("papers_per_page: 3\nauthors_per_page: 100\n")
    build(site, site / "_site", base_url=PREFIX_URL)
    return site / "_site"


def _index_pages(out: Path, section: str) -> list[Path]:
    """papers/index.html, papers/page_2/index.html ... in order, checking there is no gap."""
    pages = [out / section / "index.html"]
    while (out / section / f"page_{len(pages) + 1}" / "index.html").is_file():
        pages.append(out / section / f"page_{len(pages) + 1}" / "index.html")
    assert not (out / section / "page_1").exists()
    return pages


def _listed(pages: list[Path], link: str) -> list[str]:
    """The ids a list of index pages links in the order shown, by a regex for the link."""
    return [found for page in pages for found in re.findall(link, page.read_text())]


def test_the_indexes_come_in_pages_that_list_everything_once_in_order(paged: Path) -> None:
    content, _ = read_content(ROOT)
    links = resolve(content, 50)
    papers = _index_pages(paged, "papers")
    assert len(papers) == -(-len(content.papers) // 3) > 1
    title_link = r'<h2 class="paper-title"><a href="/reading-list/papers/([^/]+)/"'
    assert _listed(papers, title_link) == list(links.papers)
    authors = _index_pages(paged, "authors")
    assert len(authors) == -(-len(content.authors) // 100) > 2
    name_link = r'<li><a href="/reading-list/authors/([a-z0-9-]+)/"'  # pages' links have a "_"
    assert _listed(authors, name_link) == list(links.authors)
    # every letter's link leads to the page where its first author is (the fragment is checked)
    assert broken_links(paged, "/reading-list/") == []
    second = read_page(authors[1])
    assert any(re.fullmatch(r"/reading-list/authors/#letter-[A-Z#]", a) for a in second.links)


def test_the_authors_index_also_comes_by_most_papers_with_ties_a_to_z(paged: Path) -> None:
    content, _ = read_content(ROOT)
    links = resolve(content, 50)
    pages = _index_pages(paged, "authors/most_papers")
    assert len(pages) == -(-len(content.authors) // 100) > 2  # the same pages of 100
    name_link = r'<li><a href="/reading-list/authors/([a-z0-9-]+)/"'
    listed = _listed(pages, name_link)
    assert sorted(listed) == sorted(content.authors)  # everyone, once
    count = {aid: len(links.papers_of.get(aid, ())) for aid in links.authors}
    shown = [count[aid] for aid in listed]
    assert shown == sorted(shown, reverse=True) and shown[0] > shown[-1]
    a_to_z = {aid: n for n, aid in enumerate(links.authors)}
    for before, after in itertools.pairwise(listed):  # equal counts: A–Z, as the A–Z index
        assert count[before] > count[after] or a_to_z[before] < a_to_z[after], (before, after)
    first, second = pages[0].read_text(), pages[1].read_text()
    assert "<title>Authors by most papers, page 1 of" in first
    assert f'<a href="{PREFIX}authors/most_papers/page_2/" rel="next">' in first
    assert '<ol class="author-index by-count" start="101">' in second  # numbered on
    assert 'class="letters"' not in first  # letters mean nothing in this order
    # each order links the other, and says which one is shown
    a_z = (paged / "authors/index.html").read_text()
    assert f'<a href="{PREFIX}authors/most_papers/">Most papers</a>' in a_z
    assert f'<a href="{PREFIX}authors/" aria-current="page">A–Z</a>' in a_z
    assert f'<a href="{PREFIX}authors/most_papers/" aria-current="page">Most papers</a>' in first
    assert broken_links(paged, PREFIX) == []


def test_pages_of_an_index_link_their_neighbours(paged: Path) -> None:
    pages = _index_pages(paged, "papers")
    middle = pages[1].read_text()
    assert f'<link rel="prev" href="{PREFIX_URL}papers/">' in middle
    assert f'<link rel="next" href="{PREFIX_URL}papers/page_3/">' in middle
    assert '<a href="/reading-list/papers/page_2/" aria-current="page"' in middle
    assert f"<title>Papers, page 2 of {len(pages)} · " in middle
    assert 'rel="prev"' not in pages[0].read_text() and 'rel="next"' not in pages[-1].read_text()
    sitemap = (paged / "sitemap.xml").read_text()
    assert f"<loc>{PREFIX_URL}papers/page_2/</loc>" in sitemap
    assert f"<loc>{PREFIX_URL}authors/page_2/</loc>" in sitemap


def test_pages_of_the_indexes_pass_the_w3c_checker(
    paged: Path, vnu: Callable[[list[Path]], list[str]]
) -> None:
    most = _index_pages(paged, "authors/most_papers")[:2]
    assert vnu(_index_pages(paged, "papers")[:3] + _index_pages(paged, "authors")[:3] + most) == []


def test_a_long_index_links_the_first_last_and_nearby_pages() -> None:
    pagers = paginate("papers/", [f"p{n}" for n in range(50 * 7)], 7)
    assert len(pagers) == 50 and pagers[-1].ids[-1] == "p349" and pagers[9].start == 64
    assert pagers[9].numbers() == [1, None, 8, 9, 10, 11, 12, None, 50]
    assert pagers[3].numbers() == [1, 2, 3, 4, 5, 6, None, 50]  # 2 rather than "…" for one page
    assert pagers[0].numbers() == [1, 2, 3, None, 50]
    assert [p.path(p.number) for p in pagers[:2]] == ["papers/", "papers/page_2/"]
    assert paginate("authors/", [], 10)[0].numbers() == [1]  # an empty index has its one page


def test_templates_call_functions_as_jinja_does(tmp_path: Path) -> None:
    """The environment's quicker calls (render._Context) keep Jinja's contract: a function
    marked @pass_context or @pass_environment still gets it, with the variables a loop sets;
    macros, built-ins and callable objects are called; a StopIteration is an undefined value."""
    env = render.make_environment(tmp_path)

    @jinja2.pass_context
    def seen(context: Any, name: str) -> str:
        return str(context.get(name))

    @jinja2.pass_environment
    def strict(environment: jinja2.Environment) -> bool:
        return environment.undefined is jinja2.StrictUndefined

    def stop() -> None:
        raise StopIteration

    env.globals.update(seen=seen, strict=strict, plain=str.upper, stop=stop, url=render.Urls("/x/"))
    template = env.from_string(
        "{% macro m(v) %}[{{ v }}]{% endmacro %}"
        "{% for i in [1, 2] %}{% set j = i * 10 %}{{ seen('j') }}{{ m(i) }}{% endfor %}"
        "{{ strict() }} {{ plain('a') }} {{ url('p/') }} {{ stop() is undefined }}"
    )
    assert template.render() == "10[1]20[2]True A /x/p/ True"


SEVEN_AUTHORS = {
    **{f"content/authors/a{i}.yaml": f'name: Person {i}\nfamily: "{i}"\n' for i in range(7)},
    "content/papers/p.yaml": "title: P\nauthors: [a0, a1, a2, a3, a4, a5, a6]\nyear: 2020\n",
}


def test_a_paper_item_is_made_once_and_shown_at_each_pages_level_with_its_author(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    """One rendering of an item serves every page: its title at the page's heading level, and
    on the page of an author past the first five, their name in view with their place."""
    out = tmp_path / "out"
    build(site(SEVEN_AUTHORS), out)
    home, index = (out / "index.html").read_text(), (out / "papers/index.html").read_text()
    sixth, first = ((out / f"authors/{a}/index.html").read_text() for a in ("a6", "a0"))
    assert '<h3 class="paper-title"><a href="/papers/p/">P</a></h3>' in home
    assert '<h2 class="paper-title"><a href="/papers/p/">P</a></h2>' in index
    assert '<h4 class="paper-title"><a href="/papers/p/">P</a></h4>' in sixth
    assert (
        '… <a data-me="" href="/authors/a6/">Person 6</a> <span class="position">(7 of 7)' in sixth
    )
    assert "(7 of 7)" not in first and '<a data-me="" href="/authors/a0/">' in first
    assert '<a class="more" href="/papers/p/">and 2 more</a>' in first + index


def test_a_sites_own_paper_item_is_given_the_pages_author(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    """A site's own _macros.html gets `me` in its paper_item, whatever it does with it."""
    macros = (ROOT / "templates/_macros.html").read_text(encoding="utf-8")
    own = macros.replace('<article class="paper-item">', '<article data-for="{{ me }}">', 1)
    out = tmp_path / "out"
    build(site({**SEVEN_AUTHORS, "templates/_macros.html": own}), out)
    assert '<article data-for="a6">' in (out / "authors/a6/index.html").read_text()
    assert '<article data-for="">' in (out / "authors/a0/index.html").read_text()

"""What readers see on each page kind (issue 16): a paper's actions (PDF first) and citation
box, bylines that keep the right names in view, author profiles with year headings and two
pictures, reading-list progress and filter, tag pages; page weight; and, in Chromium, no page
that scrolls sideways at 320, 390 or 1280 px, light or dark.

The seed site is built under a project-site path (/reading-list/), with a few additions: a
paper with its own PDF, code and slides, and hostile tags.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.build.pipeline import build
from generator.model.reading import read_content

from .conftest import copy_seed_site, write_tree
from .sitecheck import broken_links, read_page

BASE_URL = "https://x.github.io/reading-list/"
PREFIX = "/reading-list/"
EXTRA = {
    "content/papers/with-everything.yaml": """
        title: A paper with its own PDF, code and slides
        authors: [long-ouyang, jeff-wu]
        year: 2025
        venue: ICML 2025
        arxiv: 2501.00001
        doi: 10.1000/example
        tags: [rlhf, "../../etc/passwd", "<script>alert(1)</script>", "C++ & Rust", "Ünïcode tag"]
        links:
          pdf: https://example.org/paper.pdf
          code: https://github.com/example/code
          slides: https://example.org/slides.pdf
        abstract: An abstract.
        added: 2026-11-22
        """,
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pages")
    copy_seed_site(root)
    write_tree(root, EXTRA)
    build(root, root / "_site", base_url=BASE_URL)
    return root / "_site"


@pytest.fixture(scope="module")
def content(out: Path) -> Any:
    return read_content(out.parent)[0]


def text(out: Path, path: str) -> str:
    return (out / path / "index.html").read_text(encoding="utf-8")


def exists(out: Path, href: str) -> bool:
    """Whether a site link (under PREFIX, maybe with a #fragment) names a page of the output."""
    path, _, fragment = href.partition("#")
    assert path.startswith(PREFIX), href
    page = out / path.removeprefix(PREFIX) / "index.html"
    return page.is_file() and (not fragment or fragment in read_page(page).ids)


# --- paper pages ----------------------------------------------------------------------------


def actions(page: str) -> list[tuple[str, str, str]]:
    bar = page[page.index('<ul class="actions">') :]
    bar = bar[: bar.index("</ul>")]
    return re.findall(r'<a href="([^"]+)"(?: class="([^"]+)")?>([^<]+)</a>', bar)


def test_the_pdf_is_the_first_action_and_comes_before_the_abstract(out: Path) -> None:
    page = text(out, "papers/with-everything")
    assert [label for _, _, label in actions(page)] == ["PDF", "arXiv", "DOI", "Code", "Slides"]
    href, cls, _ = actions(page)[0]
    assert href == "https://example.org/paper.pdf" and cls == "primary"
    assert page.index('<ul class="actions">') < page.index('id="abstract-heading"')
    # a paper with only an arXiv id: arXiv's PDF first
    summary = text(out, "papers/learning-to-summarize-from-human-feedback")
    assert actions(summary)[0] == ("https://arxiv.org/pdf/2009.01325", "primary", "PDF")
    assert summary.index('<ul class="actions">') < summary.index('id="abstract-heading"')


def test_one_venue_line_with_the_year_once(out: Path) -> None:
    page = text(out, "papers/learning-to-summarize-from-human-feedback")
    assert ">NeurIPS 2020 · arXiv:2009.01325</p>" in page and '<p class="venue-line"' in page
    assert "<dt>Published</dt>" not in page and "<dt>Year</dt>" not in page


def test_cite_is_folded_with_three_formats_and_downloads(out: Path) -> None:
    page = text(out, "papers/learning-to-summarize-from-human-feedback")
    cite = page[page.index('<details class="cite"') :]
    cite = cite[: cite.index("</details>")]
    assert "@inproceedings{stiennon2020learning," in cite
    assert "TY  - CPAPER" in cite and "&#34;type&#34;: &#34;paper-conference&#34;" in cite
    for kind in ("bib", "ris", "json"):
        assert (
            f'href="{PREFIX}papers/learning-to-summarize-from-human-feedback/cite.{kind}"' in cite
        )
    assert cite.count('class="copy"') == 3 and cite.count(" hidden>") == 3  # shown by script
    # a 413-author paper keeps its entries in the files; its button copies the file
    big = text(out, "papers/gpt-4o-system-card")
    assert (
        "@misc{" not in big
        and 'data-copy-file="/reading-list/papers/gpt-4o-system-card/cite.bib"' in big
    )


def test_tag_chips_link_to_tag_pages_whose_addresses_stay_inside_tags(out: Path) -> None:
    page = text(out, "papers/with-everything")
    chips = page[page.index('<ul class="tags">') :]
    chips = chips[: chips.index("</ul>")]
    hrefs = re.findall(r'href="([^"]+)"', chips)
    assert len(hrefs) == 5 and all(exists(out, h) for h in hrefs)
    assert all(re.fullmatch(r"/reading-list/tags/[a-z0-9-]+/", h) for h in hrefs), hrefs
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in chips and "<script>alert" not in chips
    assert not (out.parent / "etc").exists()
    index = text(out, "tags")
    assert all(h in index for h in hrefs)
    rlhf = text(out, "tags/rlhf")
    assert "Papers tagged “rlhf”" in rlhf
    assert f'href="{PREFIX}papers/with-everything/"' in rlhf
    assert f'href="{PREFIX}papers/learning-to-summarize-from-human-feedback/"' in rlhf


def test_a_large_paper_page_is_light_and_keeps_every_author(out: Path, content: Any) -> None:
    path = out / "papers/gpt-4-technical-report/index.html"
    paper = content.papers["gpt-4-technical-report"]
    assert len(paper.authors) == 280
    assert path.stat().st_size < 60_000
    info = read_page(path)
    byline = {h for h in info.links if re.fullmatch(r"/reading-list/authors/[a-z0-9-]+/", h)}
    assert {f"{PREFIX}authors/{a}/" for a in paper.authors} <= byline
    assert sum(1 for name, _ in info.meta if name == "citation_author") == 280
    [ld] = [json.loads(block) for block in info.json_ld]
    assert [a["name"] for a in ld["author"]] == [content.authors[a].name for a in paper.authors]


def test_the_folded_byline_keeps_the_highlighted_author_in_view(out: Path) -> None:
    page = text(out, "papers/gpt-4-technical-report")
    head = page[page.index('<ul class="authors"') :]
    head = head[: head.index("</ul>")]
    assert "Long Ouyang" in head and "(author 175 of 280)" in head
    assert (
        '<span class="when-closed">and 269 more</span><span class="when-open">show fewer</span>'
        in page
    )


# --- author pages ---------------------------------------------------------------------------


def items_of(page: str) -> list[str]:
    return re.findall(r'<article class="paper-item">.*?</article>', page, re.S)


def test_every_author_sees_their_name_in_the_byline_of_each_of_their_papers(
    out: Path, content: Any
) -> None:
    """However far down a long author list someone is, their page's items show their name, in
    bold, without opening anything (Long Ouyang is author 175 of 280 on GPT-4)."""
    checked = 0
    for aid in content.authors:
        page = text(out, f"authors/{aid}")
        for item in items_of(page):
            pid = re.search(r'href="/reading-list/papers/([^/]+)/"', item)
            byline = re.search(r'<p class="byline">.*?</p>', item, re.S)
            assert pid and byline, (aid, item[:200])
            if aid in content.papers[pid[1]].authors:  # not an edited work
                mine = re.search(rf'<a data-me=""[^>]* href="{PREFIX}authors/{aid}/"', byline[0])
                assert mine, (aid, pid[1])
                checked += 1
    assert checked == sum(len(p.authors) for p in content.papers.values())


def test_author_pages_group_papers_under_year_headings_newest_first(
    out: Path, content: Any
) -> None:
    page = text(out, "authors/long-ouyang")
    years = re.findall(r'<h3 class="year-heading" id="year-(\d+)">', page)
    expected = sorted({p.year for p in content.papers.values() if "long-ouyang" in p.authors})
    assert [int(y) for y in years] == expected[::-1]
    assert '<h1 class="person-name"' in page and '<span class="family">Ouyang</span>' in page
    assert "<dt>Years active</dt><dd>2018–2025</dd>" in page
    assert "<dt>First author</dt>" in page


def test_both_pictures_are_inline_svg_with_names_and_working_links(out: Path) -> None:
    page = text(out, "authors/long-ouyang")
    figures = re.findall(r'<figure class="(chart|picture)">(.*?)</figure>', page, re.S)
    assert [kind for kind, _ in figures] == ["chart", "picture"]
    (_, chart), (_, picture) = figures
    for drawing in (chart, picture):
        assert re.search(
            r'<svg xmlns="http://www.w3.org/2000/svg"[^>]* aria-hidden="true"', drawing
        )
        assert "<figcaption" in drawing  # the figure's accessible name
    # the chart: a bar and a link per year with papers, each to its year's heading
    bars = re.findall(r'<a href="(#year-\d+)" tabindex="-1">', chart)
    years = re.findall(r'<li><a href="(#year-\d+)">', chart)
    assert bars == years and len(years) == 7
    assert all(f'id="{href[1:]}"' in page for href in years)
    assert '<span class="visually-hidden">2019: no papers</span>' in chart
    assert "Papers per year, 2018–2025" in chart
    # the picture: the author and the ten closest co-authors, each name a link to their page
    names = re.findall(r'<li><a class="at-[^"]*" href="([^"]+)"[^>]*>([^<]+)</a>', picture)
    assert len(names) == 11 and all(exists(out, href) for href, _ in names)
    assert names[0] == (f"{PREFIX}authors/long-ouyang/", "Long Ouyang")
    assert names[1][1] == "Jeff Wu" and 'title="Jeff Wu: 5 papers together"' in picture
    assert len(re.findall(r'<line class="edge"', picture)) > 10


def test_an_organization_lists_the_people_on_its_papers(out: Path) -> None:
    page = text(out, "authors/openai")
    assert "Co-authors (0)" not in page and "People on its papers (" in page
    people = re.findall(r'<li><a[^>]*href="(/reading-list/authors/[^"]+)"', page)
    assert len(people) > 400 and all(exists(out, h) for h in people[:20])


# --- reading lists --------------------------------------------------------------------------


def test_a_list_shows_progress_status_pills_labelled_dates_and_a_filter(out: Path) -> None:
    page = text(out, "lists/tony")
    assert "<strong>1 of 2 read</strong>" in page
    assert '<progress class="progress-bar" max="2" value="1"' in page
    assert '<span class="pill status-read">Read</span>' in page
    assert '<span class="pill status-reading">Reading</span>' in page
    assert (
        'Added <time datetime="2026-11-21">21 Nov 2026</time> · Published in arXiv:2410.21276, 2024'
        in page
    )
    for target in ("status-read", "status-reading"):  # the filter works by :target, no script
        assert f'href="#{target}"' in page and f'id="{target}"' in page
    assert '<div class="curator-note lead"' in page
    assert len(page.encode()) < 15_000  # short bylines: the 413 names stay on the paper page


def test_no_broken_links_under_the_base_path(out: Path) -> None:
    assert broken_links(out, PREFIX) == []


# --- in a browser ---------------------------------------------------------------------------

PAGE_KINDS = {
    "home": "",
    "paper": "papers/gpt-4o-system-card/",
    "short paper": "papers/with-everything/",
    "author": "authors/long-ouyang/",
    "organization": "authors/openai/",
    "list": "lists/tony/",
    "papers index": "papers/",
    "authors index": "authors/",
    "authors by most papers": "authors/most_papers/",
    "lists index": "lists/",
    "tags index": "tags/",
    "tag": "tags/rlhf/",
    "search": "search/",
}

WIDTH = """
const wide = [];
for (const el of document.body.querySelectorAll('*')) {
  const box = el.getBoundingClientRect();
  if (box.width && box.right > innerWidth + 0.5) wide.push(el.tagName + '.' + el.className);
}
return {scroll: document.documentElement.scrollWidth, inner: innerWidth, wide: wide.slice(0, 5)};
"""

# Every link, button and summary outside running text: at least 24 px tall (WCAG 2.5.8).
TARGETS = """
const small = [];
for (const el of document.querySelectorAll(
    '.site-header a, .site-header button, .site-header input, .actions a, .tags a, .filter a,'
    + ' .letters a, .index-order a, .pager a, .copy, .cite > summary, .search-form select')) {
  const box = el.getBoundingClientRect();
  if (box.width && box.height < 24) small.push(el.tagName + ' ' + el.textContent.trim() + ' ' + box.height);
}
return small;
"""


@pytest.fixture(scope="module")
def base(out: Path, serve_folder: Callable[..., Any]) -> Iterator[str]:
    with serve_folder(out, PREFIX) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_page_scrolls_sideways_and_targets_are_big_enough(
    kind: str, browser: Any, base: str
) -> None:
    failures = []
    try:
        for width in (320, 390, 1280):
            metrics = {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 500}
            browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
            browser.get(base + PAGE_KINDS[kind])
            for scheme in ("light", "dark"):
                features = [{"name": "prefers-color-scheme", "value": scheme}]
                browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": features})
                for opened in (False, True):
                    if opened:
                        browser.execute_script(
                            "document.querySelectorAll('details').forEach(d => d.open = true)"
                        )
                    found = browser.execute_script(WIDTH)
                    assert found["inner"] == width
                    if found["scroll"] > found["inner"]:
                        failures.append(f"{width} px {scheme}, details open {opened}: {found}")
            small = browser.execute_script(TARGETS)
            if small:
                failures.append(f"{width} px: targets under 24 px: {small[:5]}")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        browser.get("about:blank")
    assert not failures, f"{kind}: " + "\n".join(failures)


# The header's rows: the vertical centres of its parts, those within 8 px of another as one.
HEADER_ROWS = """
const centres = [...document.querySelectorAll('.site-title, .site-nav li, .site-search')]
  .map(e => e.getBoundingClientRect()).filter(r => r.height)
  .map(r => r.top + r.height / 2).sort((a, b) => a - b);
return centres.filter((c, i) => i === 0 || c - centres[i - 1] > 8).length;
"""


@pytest.mark.browser
def test_the_header_is_two_rows_on_a_phone_and_one_on_a_wide_screen(
    browser: Any, base: str
) -> None:
    """Title and search, then the links (About included, which made a third row before)."""
    from selenium.webdriver.common.by import By

    try:
        for width, most in ((390, 2), (1280, 1)):
            metrics = {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 500}
            browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
            for kind in ("home", "paper", "search"):
                browser.get(base + PAGE_KINDS[kind])
                assert browser.find_element(By.CSS_SELECTOR, '.site-nav a[href$="/about/"]')
                assert browser.execute_script(HEADER_ROWS) <= most, (kind, width)
                if kind != "search" and width == 390:  # the search button stays on a phone
                    button = browser.find_element(By.CSS_SELECTOR, ".site-search button")
                    assert button.is_displayed() and button.rect["y"] < 40
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.get("about:blank")


@pytest.mark.browser
def test_the_header_is_one_row_on_a_wide_screen(browser: Any, base: str) -> None:
    browser.get(base + PAGE_KINDS["paper"])
    rows = browser.execute_script(
        "const tops = [...document.querySelectorAll('.site-title, .site-nav li, .site-search')]"
        ".map(e => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2));"
        "return Math.max(...tops) - Math.min(...tops);"
    )
    assert rows <= 4  # centres on one line
    side = browser.execute_script(
        "const a = document.querySelector('.actions').getBoundingClientRect(),"
        " b = document.querySelector('.abstract').getBoundingClientRect(); return [a.left, b.right];"
    )
    assert side[0] > side[1]  # the actions stand beside the text from 64rem

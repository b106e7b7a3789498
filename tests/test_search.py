"""Search: the Pagefind index built into the output from paper, author and list pages only, the
search page and the header's search box under a base path, pages that keep everything without
JavaScript, a failed index that keeps the old output, and a real browser that searches for an
accent-free name and a title word and follows a result."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import stat
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.base.errors import UserError
from generator.build.pipeline import build
from generator.model.reading import read_content

from .conftest import ONE_PAPER, ROOT, Run, snapshot

PREFIX = "/reading-list/"
BASE_URL = "https://example.org/reading-list/"
KAISER = "authors/lukasz-kaiser/"
SUMMARIZE = "papers/learning-to-summarize-from-human-feedback/"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed site built for a GitHub project site under /reading-list/."""
    folder = tmp_path_factory.mktemp("search") / "_site"
    build(ROOT, folder, base_url=BASE_URL)
    return folder


def fragments(out: Path) -> dict[str, dict[str, Any]]:
    """The indexed pages by URL, read back from Pagefind's fragments (gzip, a 12-byte
    `pagefind_dcd` signature, then JSON: url, content, meta)."""
    pages = {}
    for path in (out / "pagefind/fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        record = json.loads(data[12:])
        pages[record["url"]] = record
    return pages


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_the_index_holds_papers_authors_lists_and_free_pages_and_nothing_else(out: Path) -> None:
    for name in ("pagefind-entry.json", "pagefind.js", "facets.json"):
        assert (out / "pagefind" / name).is_file(), name
    content, _ = read_content(ROOT)
    expected = {f"/papers/{p}/" for p in content.papers}
    expected |= {f"/authors/{a}/" for a in content.authors}
    expected |= {f"/lists/{lid}/" for lid in content.lists}
    expected |= {f"/{slug}/" for slug in content.pages}  # the About page
    assert content.pages
    pages = fragments(out)
    assert set(pages) == expected  # no home, index, search or 404 page
    entry = json.loads((out / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == len(expected)
    for url, page in pages.items():
        kinds = {"papers": "Paper", "authors": "Author", "lists": "Reading list"}
        kind = kinds.get(url.split("/")[1], "Page")
        assert page["meta"]["type"] == kind, url
        assert page["meta"]["title"], url


def test_each_page_has_its_type_and_year_for_the_filters_by_its_search_id(out: Path) -> None:
    content, _ = read_content(ROOT)
    facets = json.loads((out / "pagefind/facets.json").read_text(encoding="utf-8"))
    by_url = {}
    for path in (out / "pagefind/fragment").glob("*.pf_fragment"):  # the id of a result
        record = json.loads(gzip.decompress(path.read_bytes())[12:])
        by_url[record["url"]] = facets[path.name.removesuffix(".pf_fragment")]
    assert len(facets) == len(by_url)
    for pid, paper in content.papers.items():
        assert by_url[f"/papers/{pid}/"] == ["Paper", paper.year], pid
    assert by_url["/" + KAISER] == ["Author", None]
    assert by_url["/lists/tony/"] == ["Reading list", None]
    assert by_url["/about/"] == ["Page", None]
    # the filters' choices: the types there are and the papers' years, newest first
    search = (out / "search/index.html").read_text(encoding="utf-8")
    types = re.search(r'<select id="search-type" name="type">(.*?)</select>', search)
    assert types and re.findall(r'<option value="([^"]*)">', types[1]) == [
        "", "Paper", "Author", "Reading list", "Page"
    ]  # fmt: skip
    years = re.search(r'<select id="search-year" name="year">(.*?)</select>', search)
    expected = sorted({p.year for p in content.papers.values() if p.year}, reverse=True)
    assert years and re.findall(r"<option>(\d+)</option>", years[1]) == [str(y) for y in expected]
    assert '<label for="search-type">Type</label>' in search
    assert '<label for="search-year">Year</label>' in search


def test_a_rebuild_after_an_edit_gives_the_filters_the_new_year(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    others = {  # papers the edit leaves alone, so that the rebuild is not a full build
        f"content/papers/more-{n}.yaml": f"title: More {n}\nauthors: [bob]\nyear: 2001\n"
        for n in range(6)
    }
    bob = {"content/authors/bob.yaml": "name: Bob Byrd\nfamily: Byrd\ngiven: Bob\n"}
    root = site({**ONE_PAPER, **others, **bob})
    out = tmp_path / "out"

    def filters() -> tuple[list[Any], list[str]]:
        """The type and year of each page for the filters, and the years the menu offers."""
        facets = json.loads((out / "pagefind/facets.json").read_text(encoding="utf-8"))
        search = (out / "search/index.html").read_text(encoding="utf-8")
        kinds = sorted(f"{kind} {year}" for kind, year in facets.values())
        return kinds, re.findall(r"<option>(\d+)</option>", search)

    build(root, out)
    papers = ["Paper 2001"] * 6
    assert filters() == (["Author None"] * 2 + ["Paper 1843", *papers], ["2001", "1843"])
    (root / "content/papers/notes.yaml").write_text("title: Notes\nauthors: [ada]\nyear: 1842\n")
    report = build(root, out)  # a rebuild: only the pages that changed, and a fresh index
    assert report.rendered < report.pages
    assert filters() == (["Author None"] * 2 + ["Paper 1842", *papers], ["2001", "1842"])


def test_indexed_text_is_what_a_reader_searches_for(out: Path) -> None:
    pages = fragments(out)
    kaiser = pages["/" + KAISER]
    assert kaiser["meta"]["title"] == "Łukasz Kaiser"
    assert "Lukasz" in words(kaiser["content"])  # the accent-free spelling
    summarize = pages["/" + SUMMARIZE]
    assert summarize["meta"]["title"] == "Learning to summarize from human feedback"
    text = summarize["content"]
    for shown in ("Nisan Stiennon", "NeurIPS 2020", "ROUGE", "rlhf"):  # authors, venue,
        assert shown in text, shown  # abstract, tags
    assert "@inproceedings" not in text and "@article" not in text  # the BibTeX is left out
    # a long byline's toggle and positions are controls, not text to find (excerpts showed
    # "and 408 moreshow fewer")
    gpt4o = pages["/papers/gpt-4o-system-card/"]["content"]
    assert "Aaron Hurst" in gpt4o
    assert not re.search(r"show fewer|\d+ more\b|author \d+ of \d+", gpt4o)
    # a paper by Łukasz Kaiser is found by 'Lukasz' too
    by_kaiser = [p for p in pages.values() if "Łukasz Kaiser" in p["content"]]
    assert by_kaiser and all("Lukasz Kaiser" in p["content"] for p in by_kaiser)
    # list notes: on the list page, and on the page of the paper they are about
    note = "Skim the Preparedness Framework sections first"
    assert note in pages["/lists/tony/"]["content"]
    assert note in pages["/papers/gpt-4o-system-card/"]["content"]
    # co-authors and paper lists of an author page are not the author's text
    assert "Learning to summarize" not in pages["/authors/long-ouyang/"]["content"]
    # the folded names are for the index only: hidden from sight and from screen readers
    page = (out / "papers/gpt-4o-system-card/index.html").read_text(encoding="utf-8")
    hidden = re.search(r'<p class="visually-hidden" aria-hidden="true"[^>]*>([^<]*)</p>', page)
    assert hidden and "Lukasz Kaiser" in hidden[1] and "Aleksander Madry" in hidden[1]
    assert "Phil Tillet" in hidden[1]  # another spelling, not shown on a paper page


def test_search_page_and_header_box_work_under_the_base_path(
    out: Path, serve_folder: Callable[..., Any]
) -> None:
    search = (out / "search/index.html").read_text(encoding="utf-8")
    assert f'data-bundle-path="{PREFIX}pagefind/"' in search
    assert f'data-base-url="{PREFIX}"' in search
    form = f'<form class="site-search" role="search" action="{PREFIX}search/" method="get">'
    for path in ("index.html", "404.html", KAISER + "index.html", SUMMARIZE + "index.html"):
        page = (out / path).read_text(encoding="utf-8")
        assert form in page and 'name="q"' in page, path
    assert form not in search  # the search page has its own box
    with serve_folder(out, PREFIX) as base:
        host = base.removesuffix(PREFIX)
        for href in re.findall(r'(?:href|src)="(/reading-list/[^"#]*)"', search):
            with urllib.request.urlopen(host + href) as reply:
                assert reply.status == 200, href
        with urllib.request.urlopen(base + "search/?q=Lukasz") as reply:  # the header form
            assert reply.status == 200
        for name in ("pagefind.js", "facets.json"):  # what the page's script loads
            with urllib.request.urlopen(base + "pagefind/" + name) as reply:
                assert reply.status == 200


def test_pages_keep_everything_without_javascript(out: Path) -> None:
    search = (out / "search/index.html").read_text(encoding="utf-8")
    fallback = search[search.index('<div id="search-fallback"') :]
    fallback = fallback[: fallback.index("</div>")]
    assert "needs JavaScript" in fallback
    # the form and the results are the script's: shown only once a script has marked the page
    # (in a browser: test_without_a_script_the_page_shows_the_links_and_no_form)
    head = search[: search.index("</head>")]
    assert '<script>document.documentElement.classList.add("search-runs")</script>' in head
    for index in ("papers/", "authors/", "lists/"):
        assert f'href="{PREFIX}{index}"' in fallback, index
    # search is the only page that needs a script; JSON-LD is data. Elsewhere a script only
    # adds to a page that works without it: the copy buttons and the authors filter are
    # hidden until it runs (the entries stay selectable, the index stays whole).
    for page in out.rglob("*.html"):
        if page != out / "search/index.html":
            text = page.read_text("utf-8")
            scripts = re.findall(r"<script(?![^>]*application/ld\+json)", text)
            if scripts:
                assert len(scripts) == 1, page
                controls = re.findall(
                    r"<(?:button|div)[^>]*class=\"(?:copy|index-filter)\"[^>]*>", text
                )
                assert controls and all(" hidden" in c for c in controls), page


def test_a_site_with_nothing_to_search_builds_without_an_index(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    assert cli("init", tmp_path / "s").code == 0
    run = cli("build", "--site", tmp_path / "s")
    assert run.code == 0, run.err
    site = tmp_path / "s/_site"
    assert not (site / "pagefind").exists()
    search = (site / "search/index.html").read_text(encoding="utf-8")
    assert "nothing to search yet" in search and "pagefind" not in search


def test_a_failed_index_is_reported_and_keeps_the_old_output(
    site: Callable[..., Path],
    tmp_path: Path,
    cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = site(ONE_PAPER)
    out = tmp_path / "out"
    build(root, out)
    assert (out / "pagefind/pagefind-entry.json").is_file()
    before = snapshot(out)
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: disk full' >&2\nexit 3\n")
    broken.chmod(broken.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(broken))
    (root / "content/papers/notes.yaml").write_text(
        "title: New notes\nauthors: [ada]\nyear: 1843\n"
    )
    with pytest.raises(UserError, match="Pagefind could not build the search index: Error: disk"):
        build(root, out)
    run = cli("build", "--site", root, "--out", out)
    assert run.code == 1 and "search index: Pagefind could not" in run.err
    assert "previous output is kept" in run.err and "Traceback" not in run.err
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(["out", "site", "pagefind"])
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "missing"))
    with pytest.raises(UserError, match="the Pagefind binary is missing"):
        build(root, out)
    assert snapshot(out) == before


def test_static_files_may_not_write_into_the_index_folder(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site({
        "content/authors/ada.yaml": "name: Ada Lovelace\nfamily: Lovelace\ngiven: Ada\n",
        "static/pagefind/pagefind.js": "// mine\n",
    })  # fmt: skip
    with pytest.raises(UserError, match="written into pagefind/, which the search index owns"):
        build(root, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_browser_finds_an_accent_free_name_and_a_title_word_and_follows_a_result(
    out: Path,
    browser: Any,
    serve_folder: Callable[..., Any],
    screenshot: Callable[..., Path],
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    def results() -> list[str]:
        """The result links once Pagefind shows them (it searches as one types)."""
        links: list[str] = []

        def shown(driver: Any) -> bool:
            # read in one script: Pagefind redraws the results as it searches, and a link found
            # by find_elements may be gone before its href is read (a stale element, on CI)
            links[:] = driver.execute_script(
                "return [...document.querySelectorAll('.search-link')].map(a => a.href)"
            )
            return bool(links)

        WebDriverWait(browser, 15).until(shown)
        return links

    with serve_folder(out, PREFIX) as base:
        try:
            # the header's box, on any page, takes the query to the search page
            browser.get(base)
            box = browser.find_element(By.CSS_SELECTOR, ".site-header input[name=q]")
            box.send_keys("Lukasz", Keys.ENTER)
            WebDriverWait(browser, 10).until(lambda d: "/search/" in d.current_url)
            assert browser.current_url == base + "search/?q=Lukasz"
            found = results()
            assert base + KAISER in found, found
            assert not browser.find_element(By.ID, "search-fallback").is_displayed()
            screenshot(browser, tmp_path / "search-lukasz.png")

            # a title word typed into the search page's own box; the address follows it
            field = browser.find_element(By.ID, "search-q")
            field.clear()
            field.send_keys("summarize")
            WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("?q=summarize"))
            WebDriverWait(browser, 15).until(lambda d: base + SUMMARIZE in results())
            shot = screenshot(browser, tmp_path / "search-summarize.png")
            assert shot.stat().st_size > 1000
            link = browser.find_element(
                By.CSS_SELECTOR, f'.search-link[href="{PREFIX}{SUMMARIZE}"]'
            )
            assert link.text == "Learning to summarize from human feedback"
            link.click()
            WebDriverWait(browser, 10).until(lambda d: d.current_url == base + SUMMARIZE)
            heading = browser.find_element(By.TAG_NAME, "h1").text
            assert heading == "Learning to summarize from human feedback"
        finally:
            browser.get("about:blank")


def test_search_can_be_turned_off(site: Callable[..., Path], tmp_path: Path) -> None:
    root = site({
        "site.yaml": "title: T\nbase_url: https://x.org/\nsearch: false\n",
        "content/authors/kaiser.yaml": "name: Łukasz Kaiser\nfamily: Kaiser\ngiven: Łukasz\n",
        "content/papers/notes.yaml": "title: Notes\nauthors: [kaiser]\nyear: 1843\n",
    })  # fmt: skip
    out = tmp_path / "out"
    build(root, out)
    assert not (out / "pagefind").exists() and not (out / "search").exists()
    for page in ("papers/notes/index.html", "authors/kaiser/index.html"):  # nothing to index
        assert "Lukasz" not in (out / page).read_text(encoding="utf-8")
    assert 'role="search"' not in (out / "index.html").read_text(encoding="utf-8")
    assert "search/" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_browser_filters_results_by_type_and_year_and_the_address_keeps_them(
    out: Path, browser: Any, serve_folder: Callable[..., Any], tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    content, _ = read_content(ROOT)

    def settled(driver: Any) -> list[str] | None:
        """The result links once the status says how many there are and all of a first page
        are drawn (up to ten), else None. Status and links are read in one script, at one
        moment: read one by one, a link redrawn in between is a stale element (seen on a
        loaded machine)."""
        status, links = driver.execute_script(
            "return [document.getElementById('search-status').textContent.trim(),"
            " Array.from(document.querySelectorAll('.search-link'), a => a.href)]"
        )
        counted = re.match(r"(\d+) results? for", status)
        if status.startswith("No results"):
            return links if not links else None
        if counted and len(links) == min(int(counted[1]), 10):
            return links
        return None

    def results(after: Callable[[], None]) -> list[str]:
        """Do `after`, then wait for the results it brings."""
        browser.execute_script("document.getElementById('search-status').textContent = ''")
        after()
        found: list[str] = []

        def ready(driver: Any) -> bool:
            links = settled(driver)
            found[:] = links or []
            return links is not None

        WebDriverWait(browser, 15).until(ready)
        return [link.removeprefix(base) for link in found]

    with serve_folder(out, PREFIX) as base:
        try:
            browser.get(base + "search/")
            field = browser.find_element(By.ID, "search-q")
            every = results(lambda: field.send_keys("GPT"))
            assert (
                "papers/gpt-4o-system-card/" in every and "papers/gpt-4-technical-report/" in every
            ), every
            kind = Select(browser.find_element(By.ID, "search-type"))
            papers = results(lambda: kind.select_by_visible_text("Papers"))
            assert papers and all(link.startswith("papers/") for link in papers), papers
            assert set(papers) < set(every) or len(every) == 10
            year = Select(browser.find_element(By.ID, "search-year"))
            of_2024 = results(lambda: year.select_by_visible_text("2024"))
            expected = {f"papers/{p}/" for p, paper in content.papers.items() if paper.year == 2024}
            assert set(of_2024) == expected == {"papers/gpt-4o-system-card/"}
            assert browser.current_url == base + "search/?q=GPT&type=Paper&year=2024"
            status = browser.find_element(By.ID, "search-status").text
            assert status == "1 result for “GPT” (Papers, 2024)"
            label = browser.find_element(By.CSS_SELECTOR, ".search-label").text
            assert label.startswith("Paper · ") and "2024" in label  # the type, then where
            # the address brings the same search back, filters and all
            browser.get(base + "search/?q=Kaiser&type=Author")
            authors = results(lambda: None)
            assert authors == [KAISER]  # not the papers with his name on them
            assert (
                Select(browser.find_element(By.ID, "search-type")).first_selected_option.text
                == "Authors"
            )
            assert browser.find_element(By.ID, "search-q").get_attribute("value") == "Kaiser"
            # a year no paper of this type has: no results, said so
            browser.get(base + "search/?q=Kaiser&type=Author&year=2024")
            assert results(lambda: None) == []
            assert browser.find_element(By.ID, "search-status").text.startswith("No results")
        finally:
            browser.get("about:blank")


def test_results_that_load_move_nothing_on_the_page(
    out: Path, browser: Any, serve_folder: Callable[..., Any]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    shifts = """
    const done = arguments[arguments.length - 1];
    let total = 0;
    new PerformanceObserver((entries) => {
      for (const shift of entries.getEntries()) if (!shift.hadRecentInput) total += shift.value;
    }).observe({type: "layout-shift", buffered: true});
    requestAnimationFrame(() => requestAnimationFrame(() => done(total)));
    """
    with serve_folder(out, PREFIX) as base:
        try:
            for width in (390, 1280):
                metrics = {"width": width, "height": 800, "deviceScaleFactor": 1}
                browser.execute_cdp_cmd(
                    "Emulation.setDeviceMetricsOverride", {**metrics, "mobile": width < 500}
                )
                browser.get(base + "search/?q=a")  # most pages: more than one page of results
                WebDriverWait(browser, 15).until(
                    lambda d: len(d.find_elements(By.CSS_SELECTOR, ".search-result")) == 10
                )
                assert browser.execute_async_script(shifts) == 0, width
            # "More results" adds the next ten and takes the keyboard to the first of them
            browser.find_element(By.ID, "search-more").click()
            WebDriverWait(browser, 15).until(
                lambda d: len(d.find_elements(By.CSS_SELECTOR, ".search-result")) == 20
            )
            eleventh = browser.find_elements(By.CSS_SELECTOR, ".search-link")[10]
            assert browser.switch_to.active_element == eleventh
        finally:
            browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
            browser.get("about:blank")


def test_without_a_script_the_page_shows_the_links_and_no_form(
    out: Path, browser: Any, serve_folder: Callable[..., Any]
) -> None:
    from selenium.webdriver.common.by import By

    with serve_folder(out, PREFIX) as base:
        try:
            browser.get(base + "search/")
            shown = {
                name: browser.find_element(By.ID, name).is_displayed()
                for name in ("search-form", "search-results", "search-fallback")
            }
            assert shown == {"search-form": True, "search-results": True, "search-fallback": False}
            # as the page is without the mark its first script makes
            browser.execute_script("document.documentElement.classList.remove('search-runs')")
            shown = {name: browser.find_element(By.ID, name).is_displayed() for name in shown}
            assert shown == {"search-form": False, "search-results": False, "search-fallback": True}
        finally:
            browser.get("about:blank")


def test_without_the_facets_file_search_still_works_and_hides_the_filters(
    out: Path, browser: Any, serve_folder: Callable[..., Any], tmp_path: Path
) -> None:
    """An index from elsewhere (or a facets file that did not load): results, no filters."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    copy = tmp_path / "site"
    shutil.copytree(out, copy)
    (copy / "pagefind/facets.json").unlink()
    with serve_folder(copy, PREFIX) as base:
        try:
            browser.get(base + "search/?q=Kaiser&type=Author&year=2024")
            WebDriverWait(browser, 15).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, ".search-link")
            )
            links = [
                a.get_attribute("href")
                for a in browser.find_elements(By.CSS_SELECTOR, ".search-link")
            ]
            assert base + KAISER in links and any("/papers/" in link for link in links)
            assert not browser.find_element(By.ID, "search-filters").is_displayed()
        finally:
            browser.get("about:blank")

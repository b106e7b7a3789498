"""Free pages: content/pages/SLUG.md (About, People, Join us) rendered at /SLUG/, linked from
the navigation of every page, searched, and rebuilt incrementally like the rest."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import jsonschema
import yaml

from generator.build.pipeline import build
from generator.model.schema import json_schema

from .conftest import ONE_PAPER, ROOT, Run, snapshot
from .test_incremental import clean_build

PROJECT = "title: Test site\nbase_url: https://example.org/project/\n"
ABOUT = """\
---
title: About us
order: 1
---
We read papers on **alignment** every Tuesday, with math such as $x^2$.

## Join us

Write to [the organisers](mailto:group@example.org).
"""


def page(title: str, body: str = "Text.", **fields: object) -> str:
    """A page file's text with the given front matter."""
    extra = "".join(f"{key}: {json.dumps(value)}\n" for key, value in fields.items())
    return f"---\ntitle: {json.dumps(title)}\n{extra}---\n{body}\n"


def nav_links(html: str) -> list[str]:
    """The addresses of the site navigation's links, in order."""
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    assert nav, "no site navigation"
    return re.findall(r'<li><a href="([^"]+)"', nav.group(0))


def test_a_page_renders_under_a_base_path_and_every_page_links_it(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site({**ONE_PAPER, "site.yaml": PROJECT, "content/pages/about.md": ABOUT})
    out = tmp_path / "out"
    build(root, out)
    html = (out / "about/index.html").read_text(encoding="utf-8")
    assert '<h1 id="page-title" data-pagefind-meta="title">About us</h1>' in html
    assert "<title>About us · Test site</title>" in html
    assert "<strong>alignment</strong>" in html and "<math" in html  # Markdown and TeX math
    assert "<h2>Join us</h2>" in html
    assert (
        '<a href="mailto:group@example.org" rel="nofollow noopener noreferrer">the organisers</a>'
        in html
    )
    assert "data-pagefind-body" in html
    assert '<link rel="canonical" href="https://example.org/project/about/">' in html
    assert '<a href="/project/about/" aria-current="page">About us</a>' in html
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 5
    for path in pages:  # the home page, indexes, paper, author, tags, 404, search...
        links = nav_links(path.read_text(encoding="utf-8"))
        assert links[-1] == "/project/about/", path  # after the built-in links
        assert links[0] == "/project/papers/", path
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/project/about/</loc>" in sitemap


def test_the_navigation_orders_pages_by_order_then_title_and_leaves_out_nav_false(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site({
        **ONE_PAPER,
        "content/pages/zeta.md": page("Zeta"),
        "content/pages/alpha.md": page("Alpha"),
        "content/pages/join.md": page("Join us", order=2),
        "content/pages/people.md": page("People", order=-1),
        "content/pages/imprint.md": page("Imprint", nav=False),
    })  # fmt: skip
    out = tmp_path / "out"
    build(root, out)
    links = nav_links((out / "index.html").read_text(encoding="utf-8"))
    assert links[4:] == ["/people/", "/join/", "/alpha/", "/zeta/"]
    # a page left out of the navigation is still made, and listed in the sitemap
    assert "Imprint" in (out / "imprint/index.html").read_text(encoding="utf-8")
    assert "https://example.org/imprint/" in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_hostile_page_text_is_shown_as_text_and_sanitized(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    body = (
        "{{ config }} {% if true %}x{% endif %}\n\n"
        "<script>alert(1)</script>\n\n"
        '<img src="x" onerror="alert(2)"> <a href="javascript:alert(3)">link</a>\n\n'
        "<iframe src=https://evil.example></iframe>\n"
    )
    root = site({
        **ONE_PAPER,
        "content/pages/about.md": page("<b>Bold</b> {{ config.title }}", body),
    })  # fmt: skip
    out = tmp_path / "out"
    build(root, out)
    html = (out / "about/index.html").read_text(encoding="utf-8")
    main = html[html.index("<main") :]
    assert "{{ config }} {% if true %}x{% endif %}" in main  # content is data, not a template
    assert "<script" not in html.replace('<script type="application/ld+json"', "")
    assert "alert(" not in main and "<a>link</a>" in main
    assert "onerror" not in html and "javascript:" not in html and "<iframe" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt; {{ config.title }}" in main  # the title, escaped
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="/about/">&lt;b&gt;Bold&lt;/b&gt; {{ config.title }}</a>' in home


BAD_PAGES = {
    "content/pages/no-title.md": "---\norder: 1\n---\nText.\n",
    "content/pages/unknown.md": "---\ntitle: T\nname: People\nmenu: true\n---\n",
    "content/pages/types.md": "---\ntitle: T\norder: first\nnav: 'yes'\n---\n",
    "content/pages/About Us.md": "---\ntitle: About\n---\n",
    "content/pages/papers.md": "---\ntitle: My papers\n---\n",
    "content/pages/bare.md": "Just text, no front matter.\n",
    "content/pages/open.md": "---\ntitle: T\nText.\n",
    "content/pages/control.md": "---\ntitle: T\n---\nfine\n\nbad \x01 here\n",
    "content/pages/syntax.md": "---\ntitle: [unclosed\n---\n",
}


def test_page_errors_are_reported_together_at_their_lines_by_check_and_build(
    site: Callable[..., Path], tmp_path: Path, cli: Callable[..., Run]
) -> None:
    root = site({**ONE_PAPER, **BAD_PAGES})
    expected = [
        "content/pages/About Us.md: 'About Us.md' is not a valid file name",
        "content/pages/bare.md:1: a page starts with its front matter",
        "content/pages/control.md:6: the text holds the control character U+0001",
        "content/pages/no-title.md:1: missing required field 'title'",
        "content/pages/open.md:1: the front matter is never closed",
        "content/pages/papers.md: a page named 'papers' would take the address /papers/",
        "content/pages/syntax.md:3:",
        "content/pages/types.md:3: order: expected a whole number such as 10, but found the "
        "text 'first'",
        "content/pages/types.md:4: nav: expected true or false, but found the text 'yes'",
        "content/pages/unknown.md:3: unknown field 'name'; did you mean 'title'?",
        "content/pages/unknown.md:4: unknown field 'menu'; remove it, or use one of: title, "
        "order, nav",
    ]
    out = tmp_path / "out"
    for run in (cli("check", "--site", root), cli("build", "--site", root, "--out", out)):
        assert run.code != 0
        lines = run.err.splitlines()
        for start in expected:
            assert any(line.startswith(start) for line in lines), (start, run.err)
    assert not out.exists()


def test_a_page_whose_address_a_static_file_takes_is_refused(
    site: Callable[..., Path], tmp_path: Path, cli: Callable[..., Run]
) -> None:
    root = site({
        **ONE_PAPER,
        "content/pages/about.md": ABOUT,
        "static/about/photo.txt": "not a photo",
    })  # fmt: skip
    run = cli("build", "--site", root, "--out", tmp_path / "out")
    assert run.code != 0
    assert "content/pages/about.md: the page's address /about/ is taken by static/about" in run.err


def test_incremental_builds_of_pages_equal_clean_builds(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site({**ONE_PAPER, "content/pages/about.md": ABOUT})
    out, reference = tmp_path / "out", tmp_path / "reference"
    first = build(root, out)
    about = root / "content/pages/about.md"

    def step(change: Callable[[], None]) -> int:
        change()
        report = build(root, out)
        assert snapshot(out) == clean_build(root, reference)
        return report.rendered

    # the text only: that page alone (the others do not show it)
    rendered = step(lambda: about.write_text(ABOUT.replace("Tuesday", "Friday"), "utf-8"))
    assert rendered == 1
    assert "Friday" in (out / "about/index.html").read_text(encoding="utf-8")
    # a page out of the navigation: itself and the sitemap
    imprint = root / "content/pages/imprint.md"
    assert step(lambda: imprint.write_text(page("Imprint", nav=False), "utf-8")) == 2
    # the title, shown in every page's navigation: every page
    assert step(lambda: about.write_text(ABOUT.replace("About us", "Who we are"), "utf-8")) == (
        first.pages + 1
    )
    assert "Who we are" in (out / "papers/notes/index.html").read_text(encoding="utf-8")
    # a new page in the navigation, then deleting pages
    people = root / "content/pages/people.md"
    step(lambda: people.write_text(page("People", order=0), "utf-8"))
    assert nav_links((out / "index.html").read_text(encoding="utf-8"))[4:] == [
        "/people/",
        "/about/",
    ]
    step(about.unlink)
    assert not (out / "about").exists()
    assert "/about/" not in (out / "index.html").read_text(encoding="utf-8")
    step(imprint.unlink)
    assert not (out / "imprint").exists()


def test_output_with_pages_is_byte_identical_across_builds(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site({
        **ONE_PAPER,
        "content/pages/about.md": ABOUT,
        "content/pages/b.md": page("Same title"),
        "content/pages/a.md": page("Same title"),
    })  # fmt: skip
    one = clean_build(root, tmp_path / "out")
    assert any(name.startswith("pagefind/") for name in one)  # the pages are indexed
    assert clean_build(root, tmp_path / "out") == one
    links = nav_links(one["index.html"].decode())
    assert links[4:] == ["/about/", "/a/", "/b/"]  # equal titles: by file name


def test_pages_are_searched(site: Callable[..., Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(site(ONE_PAPER), out)
    without = json.loads((out / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    root = site({**ONE_PAPER, "content/pages/about.md": ABOUT})
    build(root, out)
    entry = json.loads((out / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    counts = [sum(lang["page_count"] for lang in e["languages"].values()) for e in (without, entry)]
    assert counts[1] == counts[0] + 1


def test_the_seed_sites_about_page_matches_the_page_schema() -> None:
    schema = json.loads((ROOT / "schemas/page.schema.json").read_text(encoding="utf-8"))
    assert schema == json_schema("page")
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((ROOT / "content/pages").glob("*.md")):
        front = path.read_text(encoding="utf-8").split("---\n")[1]
        assert list(validator.iter_errors(yaml.safe_load(front))) == [], path
    assert (ROOT / "content/pages/about.md").is_file()
    assert not validator.is_valid({"title": "T", "order": "first"})
    assert not validator.is_valid({"order": 1})
    assert not validator.is_valid({"title": "T", "menu": True})


def test_edit_this_page_links_a_pages_markdown_file(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site({
        **ONE_PAPER,
        "site.yaml": "title: T\nbase_url: https://x.org/\nrepository: https://github.com/me/site\n",
        "content/pages/about.md": ABOUT,
    })  # fmt: skip
    build(root, tmp_path / "out")
    html = (tmp_path / "out/about/index.html").read_text(encoding="utf-8")
    edit = (
        '<a href="https://github.com/me/site/edit/main/content/pages/about.md">Edit this page</a>'
    )
    assert f"{edit} (its Markdown file on GitHub)" in html
    paper = (tmp_path / "out/papers/notes/index.html").read_text(encoding="utf-8")
    assert "(its YAML file on GitHub)" in paper


def test_new_page_writes_a_page_that_builds(
    site: Callable[..., Path], tmp_path: Path, cli: Callable[..., Run]
) -> None:
    root = site(ONE_PAPER)
    title = 'Join us: the "weekly" meeting # 1'  # a colon, quotes and a hash: YAML's traps
    run = cli("new", "page", "--title", title, "--order", "2", "--site", root)
    assert run.code == 0, run.err
    assert (
        "new page join-us-the-weekly-meeting-1: content/pages/join-us-the-weekly-meeting-1.md"
        in (run.out)
    )
    assert cli("new", "page", "--title", "Papers", "--site", root).code == 0  # a section's name
    assert (root / "content/pages/papers-2.md").is_file()
    refused = cli("new", "page", "--title", "T", "--id", "tags", "--site", root)
    assert refused.code != 0 and "/tags/ is already a section of the site" in refused.err
    assert cli("check", "--site", root).code == 0
    out = tmp_path / "out"
    build(root, out)
    html = (out / "join-us-the-weekly-meeting-1/index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-meta="title">Join us: the &quot;weekly&quot; meeting # 1</h1>' in html
    assert nav_links(html)[4:] == ["/join-us-the-weekly-meeting-1/", "/papers-2/"]


def test_links_written_from_the_site_root_follow_the_base_path(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    body = (
        "Read [the papers](/papers/) and [our list](/lists/reading/#entries), see"
        " [home](/), [elsewhere](https://example.com/papers/),"
        " [a protocol-relative one](//cdn.example.com/x.js), [already based](/project/about/)"
        ' and [a relative one](../papers/). Written as text: href="/papers/".'
    )
    root = site({**ONE_PAPER, "site.yaml": PROJECT, "content/pages/about.md": page("About", body)})
    out = tmp_path / "out"
    build(root, out)
    html = (out / "about/index.html").read_text(encoding="utf-8")
    article = html[html.index('<article class="free-page"') : html.index("</article>")]
    hrefs = re.findall(r'<a href="([^"]*)"', article)
    assert hrefs == [
        "/project/papers/",
        "/project/lists/reading/#entries",
        "/project/",
        "https://example.com/papers/",
        "//cdn.example.com/x.js",
        "/project/about/",  # not twice
        "../papers/",
    ]
    assert 'Written as text: href="/papers/".' in article  # text stays as written
    # the same in the other Markdown written for the site: a list's description and notes
    # (on the list, the lists index and the paper's page) and the site's description
    rlist = (
        "title: Reading\ncurator: Ada\ndescription: Start at [the about page](/about/).\n"
        "entries:\n  - paper: notes\n    status: read\n    note: See [Ada](/authors/ada/).\n"
    )
    (root / "content/lists").mkdir(exist_ok=True)
    (root / "content/lists/reading.yaml").write_text(rlist, encoding="utf-8")
    described = PROJECT + "description: Read [the lists](/lists/).\n"
    (root / "site.yaml").write_text(described, encoding="utf-8")
    build(root, out)
    for path, link in (
        ("lists/reading/index.html", '<a href="/project/about/"'),
        ("lists/reading/index.html", '<a href="/project/authors/ada/"'),
        ("lists/index.html", '<a href="/project/about/"'),
        ("papers/notes/index.html", '<a href="/project/authors/ada/"'),
        ("index.html", '<a href="/project/lists/"'),
    ):
        assert link in (out / path).read_text(encoding="utf-8"), (path, link)
    # at the root of a domain, the same links are as written
    (root / "site.yaml").write_text("title: Test site\nbase_url: https://example.org/\n")
    build(root, out)
    html = (out / "about/index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a href="([^"]*)"', html[html.index('<article class="free-page"') :])
    assert hrefs[:2] == ["/papers/", "/lists/reading/#entries"]

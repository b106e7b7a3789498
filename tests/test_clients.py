"""The real clients of tests/clients.py work: vnu, headless Chromium, the prefixed server."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

Serve = Callable[..., AbstractContextManager[str]]
VALID = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title></head>
<body>
<h1>{title}</h1>
<p><a id="next" href="{href}">next</a></p>
</body>
</html>
"""


def page(title: str, href: str = "./") -> str:
    return VALID.format(title=title, href=href)


def status_of(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


@pytest.mark.slow
def test_vnu_flags_invalid_html_and_passes_valid(
    vnu: Callable[[list[Path]], list[str]], tmp_path: Path
) -> None:
    good = tmp_path / "good.html"
    good.write_text(page("Fine"), encoding="utf-8")
    bad = tmp_path / "bad.html"
    # a <div> cannot sit in a <p>: the parser closes the p, and the </p> has nothing to close
    bad.write_text(
        page("Broken").replace("<h1>Broken</h1>", "<p>one <div>two</div> three</p>"),
        encoding="utf-8",
    )

    errors = vnu([good, bad])

    assert errors, "vnu found nothing wrong with a <div> inside a <p>"
    assert all("bad.html:" in e for e in errors), errors
    assert any("bad.html:5:" in e and "“p”" in e for e in errors), errors
    assert vnu([good]) == []


@pytest.mark.browser
def test_browser_opens_prefixed_site_and_follows_a_link(
    browser: Any, serve_folder: Serve, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    site = tmp_path / "site"
    (site / "about").mkdir(parents=True)
    (site / "index.html").write_text(page("Home", href="about/"), encoding="utf-8")
    (site / "about" / "index.html").write_text(page("About", href="../"), encoding="utf-8")
    (site / "404.html").write_text(page("Not here"), encoding="utf-8")

    with serve_folder(site, "/reading-list/") as base:
        assert base.startswith("http://127.0.0.1:") and base.endswith("/reading-list/")
        browser.get(base)
        assert browser.title == "Home"
        browser.find_element(By.ID, "next").click()
        assert browser.title == "About"
        assert browser.current_url == base + "about/"

        browser.get(base + "missing/")
        assert browser.title == "Not here"


def test_server_prefix_404_and_redirect(serve_folder: Serve, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(page("Home"), encoding="utf-8")
    (tmp_path / "sub" / "index.html").write_text(page("Sub"), encoding="utf-8")
    (tmp_path / "404.html").write_text(page("Not here"), encoding="utf-8")

    with serve_folder(tmp_path, "reading-list") as base:
        root = base.removesuffix("reading-list/")
        assert status_of(base)[0] == 200
        assert "<title>Sub</title>" in status_of(base + "sub/")[1]
        # the site's own files are not reachable outside the prefix, as on a project site
        assert status_of(root + "index.html")[0] == 404
        assert status_of(root + "reading-listx/index.html")[0] == 404
        # a missing page inside the prefix gets the site's 404.html
        code, body = status_of(base + "nope.html")
        assert code == 404 and "<title>Not here</title>" in body
        # a folder without its slash redirects to it (urllib follows the redirect)
        with urllib.request.urlopen(base + "sub", timeout=10) as response:
            assert response.url == base + "sub/"
    with pytest.raises(OSError):  # shut down
        urllib.request.urlopen(base, timeout=2)


@pytest.mark.browser
def test_screenshot_is_a_full_page_png_at_the_given_width(
    browser: Any, serve_folder: Serve, screenshot: Callable[..., Path], tmp_path: Path
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    tall = page("Tall").replace("<h1>", '<div style="height:2000px">tall</div><h1>')
    (site / "index.html").write_text(tall, encoding="utf-8")

    with serve_folder(site) as base:
        browser.get(base)
        png = screenshot(browser, tmp_path / "shots" / "tall.png", width=600)

    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert width == 600 and height >= 2000, (width, height)
    assert browser.execute_script("return window.innerWidth") != 600  # override cleared

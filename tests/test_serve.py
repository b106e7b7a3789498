"""`readinglist serve` as a real subprocess, over HTTP: the base path, the 404 page, content
types, the livereload script, rebuilds on save, error pages with `path:line:`, traversal
refused, and a loopback-only bind.

The helpers here (`running`, `tiny_site`, `wait_until`) are shared with tests/test_browser.py.
"""

from __future__ import annotations

import contextlib
import html
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import pytest

from generator.model.config import load_config

from .conftest import ROOT, corpus, write_tree

T = TypeVar("T")
BASE_PATH = "/reading-list/"
START_DEADLINE = 20.0  # seconds for the first answer of a tiny site
CHANGE_DEADLINE = 10.0  # seconds for a save to show (the watcher polls every 0.8 s)
SECRET = "not-for-serving-7f3a9c"  # a YAML comment in site.yaml: never rendered into a page
LIVERELOAD = re.compile(rb'<script type="text/javascript">\(function\(\)\{.*?</script>', re.S)

TINY_SITE = {
    "site.yaml": f"""
        title: Tiny site
        base_url: https://example.org/reading-list/
        # {SECRET}
        """,
    "content/papers/x.yaml": """
        title: Original paper title
        authors:
          - ada-lovelace
          - charles-babbage
        year: 2020
        """,
    "content/papers/y.yaml": """
        title: Second paper
        authors:
          - charles-babbage
          - ada-lovelace
        year: 2021
        """,
    "content/authors/ada-lovelace.yaml": """
        name: Ada Lovelace
        family: Lovelace
        given: Ada
        """,
    "content/authors/charles-babbage.yaml": """
        name: Charles Babbage
        family: Babbage
        given: Charles
        """,
    "content/lists/engines.yaml": """
        title: Engines of thought
        curator: Tony
        entries:
          - paper: x
            status: read
          - paper: y
            status: to-read
        """,
}

# A title that is harmless in every output, but which livereload's injector matches in a .bib
HEAD_TAG_PAPER = """
    title: Why </head> tags matter
    authors:
      - ada-lovelace
    year: 2022
    """

# A site template overriding the default paper page; line 4 is the one the tests break.
PAPER_TEMPLATE = """\
{% extends "base.html" %}
{% block title %}{{ paper.title | plain }} · {{ config.title | plain }}{% endblock %}
{% block main %}
<p class="custom">Custom paper page</p>
<h1 id="paper-title">{{ paper.title | inline }}</h1>
{% endblock %}
"""


def tiny_site(root: Path, extra: dict[str, str] | None = None) -> Path:
    """Two papers by the same two authors, on one reading list, served under /reading-list/."""
    root.mkdir(parents=True, exist_ok=True)
    return write_tree(root, {**TINY_SITE, **(extra or {})})


def wait_until(
    probe: Callable[[], T | None], what: str | Callable[[], str], timeout: float = CHANGE_DEADLINE
) -> T:
    """Call `probe` until it returns something truthy, and return that; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            message = what() if callable(what) else what
            pytest.fail(f"not within {timeout:.0f} s: {message}", pytrace=False)
        time.sleep(0.1)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")


def request(port: int, path: str, method: str = "GET", host: str = "127.0.0.1") -> Response:
    """One raw request: the path is sent exactly as given (no normalising, no redirects)."""
    conn = http.client.HTTPConnection(host, port, timeout=5)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        conn.endheaders()
        resp = conn.getresponse()
        return Response(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


@dataclass
class Server:
    """A running `readinglist serve`."""

    proc: subprocess.Popen[bytes]
    site: Path
    port: int
    out_log: Path
    err_log: Path
    base_path: str = BASE_PATH  # the path of site.yaml's base_url
    started: float = 0.0  # time.monotonic() when it first answered

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.base_path}"

    def get(self, path: str, method: str = "GET") -> Response:
        """GET a path relative to the base path (or an absolute one, starting with /)."""
        return request(self.port, path if path.startswith("/") else self.base_path + path, method)

    def stderr(self) -> str:
        return self.err_log.read_text(encoding="utf-8", errors="replace")

    @property
    def output(self) -> Path:
        """The folder serve builds its preview into: its own, never the site's _site/."""
        (folder,) = (self.site / ".readinglist-cache").glob("serve-*/site")
        return folder

    def alive(self) -> bool:
        return self.proc.poll() is None

    def describe(self) -> str:
        """The terminal output so far, for failure messages."""
        return f"\n--- serve stderr ---\n{self.stderr()[-4000:]}"

    def edit(self, relative: str, text: str) -> None:
        """Save a file of the site, as an editor would."""
        write_tree(self.site, {relative: text})

    def wait_for_page(
        self, path: str, *needles: str, status: int = 200, timeout: float = CHANGE_DEADLINE
    ) -> Response:
        """Poll a page until it has this status and contains every needle."""
        last: list[Response] = []

        def probe() -> Response | None:
            assert self.alive(), f"serve exited with {self.proc.returncode}{self.describe()}"
            resp = self.get(path)
            last[:] = [resp]
            return resp if resp.status == status and all(n in resp.text for n in needles) else None

        def why() -> str:
            got = f"{last[0].status}: {last[0].text[-1500:]}" if last else "no answer"
            return f"{path} with status {status} and {needles}; last got {got}{self.describe()}"

        return wait_until(probe, why, timeout)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (another process may still take it first)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the server's whole process group; kill it if it does not go."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)  # it cleans up first: its Pagefind runs, its preview folder
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def start(site: Path, logs: Path, *args: str, deadline: float = START_DEADLINE) -> Server:
    """Start `readinglist serve` on a free port and wait until it answers; retry a taken port."""
    logs.mkdir(parents=True, exist_ok=True)
    for attempt in range(3):
        port = free_port()
        out_log, err_log = logs / f"serve-{port}.out", logs / f"serve-{port}.err"
        cmd = [sys.executable, "-m", "generator", "serve", "--site", str(site), "--port", str(port)]
        with out_log.open("wb") as out, err_log.open("wb") as err:
            proc = subprocess.Popen(
                [*cmd, *args],
                cwd=ROOT,
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group, killed as a whole
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        base_path = urlsplit(load_config(site).base_url).path or "/"
        server = Server(proc, site, port, out_log, err_log, base_path)
        try:
            state = wait_until(partial(answers, server), f"serve on port {port}", deadline)
        except BaseException:
            stop(proc)
            raise
        if state == "up":
            server.started = time.monotonic()
            return server
        # it exited: retry only when another process took the port in the meantime
        if "Address already in use" not in server.stderr() or attempt == 2:
            pytest.fail(f"serve exited with {proc.returncode}{server.describe()}", pytrace=False)
    raise AssertionError("unreachable")


def answers(server: Server) -> str | None:
    """'up' once our server answers (any status: a broken site answers 500), 'exited' if gone."""
    if not server.alive():
        return "exited"
    try:
        resp = server.get("")
    except OSError:
        return None
    # another program on the same port would not call itself LiveServer
    return "up" if resp.headers.get("Server") == "LiveServer" else None


@contextlib.contextmanager
def running(
    site: Path, logs: Path, *args: str, deadline: float = START_DEADLINE
) -> Iterator[Server]:
    """`with running(site, logs) as server:` -- always terminated afterwards."""
    server = start(site, logs, *args, deadline=deadline)
    try:
        yield server
    finally:
        stop(server.proc)


def without_livereload(body: bytes) -> bytes:
    """The page as built: the script livereload injects before </head> taken out."""
    return LIVERELOAD.sub(b"", body, count=1)


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the tests that only read; they must not edit its site."""
    root = tmp_path_factory.mktemp("serve-shared")
    site = tiny_site(root / "site", {"content/papers/head-tag.yaml": HEAD_TAG_PAPER})
    with running(site, root / "logs") as server:
        yield server


@pytest.fixture(scope="module")
def editable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the tests that edit its site; `server` puts the site back after each."""
    root = tmp_path_factory.mktemp("serve-editable")
    site = tiny_site(root / "site", {"templates/paper.html": PAPER_TEMPLATE})
    with running(site, root / "logs") as server:
        yield server


def sources(site: Path) -> dict[Path, bytes]:
    """The site's own files (not the output, nor the folder a full build stages it in)."""
    files = [site / "site.yaml", *(p for f in SOURCES for p in (site / f).rglob("*"))]
    return {p: p.read_bytes() for p in files if p.is_file()}


SOURCES = ("content", "templates", "static")


@pytest.fixture
def server(editable: Server) -> Iterator[Server]:
    """The editable server with its site as written by tiny_site, and put back afterwards."""
    before = sources(editable.site)
    editable.wait_for_page("papers/x/", "Custom paper page", "Original paper title")
    yield editable
    after = sources(editable.site)
    for path in after.keys() - before.keys():
        path.unlink()
    for path, data in before.items():
        if after.get(path) != data:
            path.write_bytes(data)
    if after != before:
        editable.wait_for_page("papers/x/", "Custom paper page", "Original paper title")


# --- serving --------------------------------------------------------------------------------


def test_pages_are_served_under_the_base_path(shared: Server) -> None:
    home = shared.get("")
    assert home.status == 200, home.text
    assert home.content_type == "text/html; charset=utf-8"
    assert "<title>Tiny site</title>" in home.text
    assert home.headers["Cache-Control"] == "no-store"
    paper = shared.get("papers/x/")
    assert paper.status == 200
    assert "<title>Original paper title · Tiny site</title>" in paper.text
    # links stay under the base path
    assert f'href="{BASE_PATH}authors/ada-lovelace/"' in paper.text
    assert shared.get("lists/engines/").status == 200
    assert shared.get("authors/charles-babbage/").status == 200


def test_the_root_and_paths_without_a_slash_redirect(shared: Server) -> None:
    root = shared.get("/")
    assert root.status in (301, 302, 307, 308)
    assert root.headers["Location"] == BASE_PATH
    bare = shared.get("/reading-list")
    assert bare.status in (301, 308)
    assert bare.headers["Location"] == BASE_PATH
    folder = shared.get("papers/x")
    assert folder.status in (301, 308)
    assert folder.headers["Location"] == f"{BASE_PATH}papers/x/"


@pytest.mark.parametrize(
    "path",
    [
        f"{BASE_PATH}no-such-page/",
        f"{BASE_PATH}papers/no-such-paper/",
        f"{BASE_PATH}papers/x/missing.pdf",
        "/papers/x/",  # the page exists, but not outside the base path
        "/no-such-page",
    ],
)
def test_a_missing_page_is_404_with_the_sites_own_page(shared: Server, path: str) -> None:
    resp = shared.get(path)
    assert resp.status == 404
    assert resp.content_type == "text/html; charset=utf-8"
    own = (shared.output / "404.html").read_bytes()
    assert without_livereload(resp.body) == own
    assert "<title>Page not found · Tiny site</title>" in resp.text


@pytest.mark.parametrize(
    ("path", "content_type", "start"),
    [
        ("papers/x/cite.bib", "text/plain; charset=utf-8", "@"),
        ("feed.xml", "application/xml; charset=utf-8", "<?xml"),
        ("sitemap.xml", "application/xml; charset=utf-8", "<?xml"),
        ("robots.txt", "text/plain; charset=utf-8", ""),
        ("style.css", "text/css; charset=utf-8", ""),
        ("favicon.svg", "image/svg+xml", ""),
    ],
)
def test_files_have_sensible_content_types(
    shared: Server, path: str, content_type: str, start: str
) -> None:
    resp = shared.get(path)
    assert resp.status == 200
    assert resp.content_type == content_type
    assert resp.text.startswith(start)
    assert resp.body == (shared.output / path).read_bytes(), "served as built"


def test_html_gets_the_livereload_script_and_other_files_do_not(shared: Server) -> None:
    for path in ("", "papers/x/", "authors/ada-lovelace/", "no-such-page/"):
        body = shared.get(path).body
        match = LIVERELOAD.search(body)
        assert match, path
        assert b"/livereload.js?port=" in match.group()
        assert body[match.end() :].startswith(b"</head>"), "injected right before </head>"
        assert body.count(b"livereload.js") == 1
    script = shared.get("/livereload.js")
    assert script.status == 200
    assert "javascript" in script.content_type
    assert b"livereload" not in shared.get("papers/x/cite.bib").body
    assert b"livereload" not in shared.get("feed.xml").body


def test_the_script_is_injected_into_html_only(shared: Server) -> None:
    page = shared.get("papers/head-tag/")
    assert page.body.count(b"livereload.js") == 1
    assert "Why &lt;/head&gt; tags matter" in page.text
    for path in ("papers/head-tag/cite.bib", "feed.xml"):
        resp = shared.get(path)
        assert resp.body == (shared.output / path).read_bytes(), path


def test_head_requests_are_answered(shared: Server) -> None:
    resp = shared.get("papers/x/", method="HEAD")
    assert resp.status == 200
    assert resp.content_type == "text/html; charset=utf-8"
    assert resp.body == b""
    assert "Traceback" not in shared.stderr()


# --- rebuilding on save ---------------------------------------------------------------------


def test_editing_a_paper_changes_the_served_page(server: Server) -> None:
    assert "Original paper title" in server.get("papers/x/").text
    text = (server.site / "content/papers/x.yaml").read_text(encoding="utf-8")
    server.edit("content/papers/x.yaml", text.replace("Original paper title", "A better title"))
    page = server.wait_for_page("papers/x/", "<title>A better title · Tiny site</title>")
    assert "Original paper title" not in page.text
    # the paper's own pages were written first, before the rebuild
    assert "Paper rewritten in" in server.stderr()
    # every page that shows the title follows: its BibTeX, the list, both authors, the feed
    for path in ("papers/x/cite.bib", "lists/engines/", "authors/charles-babbage/", "feed.xml"):
        assert "Original paper title" not in server.wait_for_page(path, "A better title").text


def test_a_paper_saved_during_a_long_rebuild_shows_at_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    corpus.generate(site, 400)  # a rebuild of every page takes seconds
    with running(site, tmp_path / "logs", deadline=START_DEADLINE * 3) as server:
        paper = sorted((site / "content/papers").glob("*.yaml"))[5]
        author = re.search(r"^  - (\S+)", paper.read_text(encoding="utf-8"), re.M)
        assert author
        rebuilds = server.stderr().count("Rebuilt in")
        # a template changes: every page is rendered again
        notice = (ROOT / "templates/404.html").read_text(encoding="utf-8")
        server.edit("templates/404.html", notice.replace("There is no page", "Nothing"))
        time.sleep(0.3)  # the rebuild has begun
        text = paper.read_text(encoding="utf-8")
        paper.write_text(re.sub(r'^title: ".*"', 'title: "Saved mid-rebuild"', text, flags=re.M),
                         encoding="utf-8")  # fmt: skip
        server.wait_for_page(f"papers/{paper.stem}/", "<title>Saved mid-rebuild · ")
        assert server.stderr().count("Rebuilt in") == rebuilds, "it waited for the rebuild"
        # both edits then reach every page that shows them
        server.wait_for_page("no-such-page/", "Nothing at this address", status=404)
        server.wait_for_page(f"authors/{author[1]}/", "Saved mid-rebuild")
        server.wait_for_page(f"papers/{paper.stem}/", "<title>Saved mid-rebuild · ")


BREAKAGES = {
    "invalid-yaml": (
        "content/papers/x.yaml",
        """
        title: Original paper title
        year: 2020
        venue: Proceedings: of nothing
        """,
        "content/papers/x.yaml:3: mapping values are not allowed",
    ),
    "unknown-author": (
        "content/papers/x.yaml",
        """
        title: Original paper title
        authors:
          - ada-lovelace
          - nobody-known
        year: 2020
        """,
        "content/papers/x.yaml:4: unknown author 'nobody-known'",
    ),
    "template-syntax": (
        "templates/paper.html",
        PAPER_TEMPLATE.replace("Custom paper page", "{{ paper.title | no_such_filter }}"),
        "templates/paper.html:4: template syntax error: No filter named 'no_such_filter'",
    ),
    "template-runtime": (
        "templates/paper.html",
        PAPER_TEMPLATE.replace("Custom paper page", "{{ paper.nothing.deeper }}"),
        "templates/paper.html:4: template error while rendering papers/x/index.html:",
    ),
}


@pytest.mark.parametrize("kind", BREAKAGES)
def test_a_broken_file_shows_the_error_page_until_it_is_fixed(server: Server, kind: str) -> None:
    relative, broken, expected = BREAKAGES[kind]
    good = (server.site / relative).read_text(encoding="utf-8")
    told = len(server.stderr())
    server.edit(relative, broken)

    error = server.wait_for_page("papers/x/", status=500)
    assert server.alive()
    assert "<title>Build failed</title>" in error.text
    assert html.escape(expected) in error.text, error.text
    assert error.content_type == "text/html; charset=utf-8"
    assert LIVERELOAD.search(error.body), "the error page reloads itself when fixed"
    # every page is the error page while the build is broken, and nothing else leaks
    for path in ("", "authors/ada-lovelace/", "no-such-page/"):
        resp = server.get(path)
        assert (resp.status, "<title>Build failed</title>" in resp.text) == (500, True), path
    wait_until(
        lambda: expected in server.stderr()[told:] and "Build failed" in server.stderr()[told:],
        lambda: f"the terminal to say {expected!r}{server.describe()}",
    )

    server.edit(relative, good)
    fixed = server.wait_for_page("papers/x/", "Custom paper page", "Original paper title")
    assert "Build failed" not in fixed.text
    assert server.get("").status == 200
    assert server.alive()
    assert "Traceback" not in server.stderr()[told:]


# --- nothing outside the output folder ------------------------------------------------------


TRAVERSALS = [
    f"{BASE_PATH}../../etc/passwd",
    f"{BASE_PATH}../site.yaml",
    f"{BASE_PATH}%2e%2e/%2e%2e/etc/passwd",
    f"{BASE_PATH}%2e%2e/site.yaml",
    f"{BASE_PATH}%2e%2e%2f%2e%2e%2fsite.yaml",
    f"{BASE_PATH}%2e%2e%2fsite.yaml",
    f"{BASE_PATH}%2E%2E%2Fcontent%2Fpapers%2Fx.yaml",
    f"{BASE_PATH}..%5c..%5csite.yaml",
    f"{BASE_PATH}..%5csite.yaml",
    f"{BASE_PATH}papers/..%2f..%2f..%2fsite.yaml",
    f"{BASE_PATH}papers/x/%2e%2e/%2e%2e/%2e%2e/site.yaml",
    f"{BASE_PATH}.nojekyll",  # a dot-file that is in the output folder
    f"{BASE_PATH}%2enojekyll",
    f"{BASE_PATH}papers/.hidden/",
    f"{BASE_PATH}/etc/passwd",  # absolute-looking
    f"{BASE_PATH}%2fetc%2fpasswd",
    f"{BASE_PATH}//etc/passwd",
    f"{BASE_PATH}papers/x/index.html%00.txt",
    "//etc/passwd",
    "/etc/passwd",
    "/../site.yaml",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_nothing_outside_the_output_folder_is_served(shared: Server, path: str) -> None:
    resp = shared.get(path)
    assert resp.status == 404, resp.text[:300]
    assert "Page not found" in resp.text
    assert SECRET not in resp.text, "site.yaml was served"
    assert "root:" not in resp.text, "/etc/passwd was served"
    assert "ada-lovelace\n" not in resp.text, "a content file was served"


def test_an_absolute_form_request_cannot_escape_either(shared: Server) -> None:
    for target in (
        f"http://127.0.0.1:{shared.port}{BASE_PATH}../site.yaml",
        f"http://127.0.0.1:{shared.port}/etc/passwd",
        f"file://{shared.site}/site.yaml",
        "*",
    ):
        resp = shared.get(target)
        assert resp.status in (400, 404), target
        assert SECRET not in resp.text, target
        assert "root:" not in resp.text, target


# --- who can connect ------------------------------------------------------------------------


def non_loopback_ipv4() -> str | None:
    """An IPv4 address of this machine other than 127.x, or None."""
    with contextlib.suppress(OSError):
        address = socket.gethostbyname(socket.gethostname())
        if not address.startswith("127."):
            return address
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        out = subprocess.run(
            ["ip", "-4", "-o", "addr", "show", "up"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout
        for found in re.findall(r"\binet (\d+\.\d+\.\d+\.\d+)/", out):
            if not str(found).startswith("127."):
                return str(found)
    return None


def listening(port: int) -> list[str]:
    """Local addresses (hex, as in /proc/net/tcp*) of sockets listening on `port`."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                address, hex_port = fields[1].split(":")
                if fields[3] == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.append(address)
    return found


def test_the_server_listens_on_loopback_only(shared: Server) -> None:
    assert shared.get("").status == 200, "answers on 127.0.0.1"
    if not Path("/proc/net/tcp").is_file():
        pytest.skip("no /proc/net/tcp on this machine")
    # 0100007F is 127.0.0.1 in /proc's byte order; 00000000 would be 0.0.0.0
    assert listening(shared.port) == ["0100007F"]
    ss = subprocess.run(["ss", "-ltnH", f"sport = :{shared.port}"],
                        capture_output=True, text=True, check=False)  # fmt: skip
    if ss.returncode == 0:
        assert re.findall(r"\s(\S+):\d+\s", ss.stdout) == ["127.0.0.1"], ss.stdout

    address = non_loopback_ipv4()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address to try")
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((address, shared.port), timeout=5).close()


# --- starting -------------------------------------------------------------------------------


def test_a_taken_port_is_reported_in_one_line(tmp_path: Path) -> None:
    site = tiny_site(tmp_path / "site")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cmd = [sys.executable, "-m", "generator", "serve", "--site", str(site), "--port", str(port)]
        proc = subprocess.run(
            cmd, cwd=ROOT, capture_output=True, text=True, timeout=30, check=False
        )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr, proc.stderr
    assert f"127.0.0.1:{port}" in proc.stderr
    assert "in use" in proc.stderr

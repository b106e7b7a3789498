"""The editor of `readinglist serve` over HTTP, against the real subprocess: opened only with
the secret address serve prints; a request without the token, from a foreign page (Origin,
Sec-Fetch-Site), to a foreign Host, or a GET with write parameters is refused and writes
nothing, content/ unchanged byte for byte; the same request done right does write; content
is shown as text; and the editor is off unless serve listens on loopback (or is asked).
"""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from generator.commands.addresses import editor_on

from .conftest import snapshot
from .test_serve import Server, running, tiny_site, wait_until

ADDRESS = re.compile(r"Editor \(keep this address to yourself\): (http://\S+)")
NEEDS_METADATA = """
    title: A paper known by its abstract
    abstract: Only this.
    needs_metadata: true
    """
BIBTEX = """@article{hopper1952,
  title = {The education of a computer},
  author = {Hopper, Grace and Lovelace, Ada},
  journal = {Proceedings of the ACM},
  year = {1952},
}"""
HOSTILE = "<script>alert(1)</script> {{ config.title }} {% raw %} &amp;"


@dataclass
class Editor:
    server: Server
    address: str  # as printed

    @property
    def token(self) -> str:
        return self.address.rsplit("token=", 1)[1]

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def cookie(self) -> str:
        return f"readinglist-edit-{self.port}={self.token}"

    def send(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], str]:
        """One request with exactly these headers (Host and the cookie unless given)."""
        sent = {"Host": f"127.0.0.1:{self.port}", "Cookie": self.cookie, **(headers or {})}
        # X-Body: a body given as it is (a field twice), sent as the body, not as a header
        raw = sent.pop("X-Body", "")
        body = urlencode(form).encode() if form is not None else raw.encode()
        if form is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        sent["Content-Length"] = str(len(body))
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in sent.items():
                if value:
                    conn.putheader(name, value)
            conn.endheaders(body)
            resp = conn.getresponse()
            return resp.status, dict(resp.headers), resp.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def save(self, **form: str) -> tuple[int, dict[str, str], str]:
        return self.send("POST", "/_edit/save", {"token": self.token, **form})


def printed_address(server: Server) -> str:
    found = wait_until(lambda: ADDRESS.search(server.stderr()), "the editor's address printed")
    return found.group(1)


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editor]:
    root = tmp_path_factory.mktemp("editor-http")
    site = tiny_site(root / "site", {"content/papers/z.yaml": NEEDS_METADATA})
    with running(site, root / "logs") as server:
        yield Editor(server, printed_address(server))


@pytest.fixture
def unchanged(editor: Editor) -> Iterator[Editor]:
    """The editor; the test fails if content/ changed by a single byte."""
    before = snapshot(editor.server.site / "content")
    yield editor
    assert snapshot(editor.server.site / "content") == before


def test_the_printed_address_opens_the_editor_and_sets_a_strict_cookie(editor: Editor) -> None:
    split = urlsplit(editor.address)
    assert (split.hostname, split.port, split.path) == ("127.0.0.1", editor.port, "/_edit/")
    assert len(editor.token) >= 40  # 32 random bytes
    status, headers, _ = editor.send("GET", f"{split.path}?{split.query}", headers={"Cookie": ""})
    assert status == 303 and headers["Location"] == "/_edit/"  # the token leaves the address
    cookie = headers["Set-Cookie"]
    assert cookie.startswith(f"{editor.cookie};")
    assert {"HttpOnly", "SameSite=Strict", "Path=/_edit/"} <= {p.strip() for p in cookie.split(";")}
    status, headers, page = editor.send("GET", "/_edit/")
    assert status == 200 and "Engines of thought" in page
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY" and headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/_edit/", "/_edit/check", "/_edit/lists/engines"])
def test_head_requests_are_answered_without_a_body(editor: Editor, path: str) -> None:
    status, headers, body = editor.send("HEAD", path)
    assert status == 200 and body == "" and headers["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/_edit/", "/_edit/check", "/_edit/lists/engines"])
def test_no_page_without_the_token(unchanged: Editor, path: str) -> None:
    for cookie in ("", f"readinglist-edit-{unchanged.port}=wrong"):
        status, _, page = unchanged.send("GET", path, headers={"Cookie": cookie})
        assert status == 403 and "Engines" not in page


def refused_requests(
    editor: Editor,
) -> dict[str, tuple[str, str, dict[str, str] | None, dict[str, str]]]:
    """(method, path, form, headers) of requests that would write if they were answered."""
    good = {"token": editor.token, "text": BIBTEX, "list": "engines"}
    change = {"token": editor.token, "action": "remove", "paper": "x"}
    query = urlencode(good)
    host = f"127.0.0.1:{editor.port}"
    return {
        "no token": ("POST", "/_edit/save", {**good, "token": ""}, {}),
        "wrong token": ("POST", "/_edit/save", {**good, "token": editor.token[:-1] + "x"}, {}),
        "the cookie alone": ("POST", "/_edit/lists/engines", {**change, "token": ""}, {}),
        "foreign origin": ("POST", "/_edit/save", good, {"Origin": "http://evil.example"}),
        "foreign origin, same host": (
            "POST", "/_edit/lists/engines", change, {"Origin": f"http://evil.example:{editor.port}"}
        ),
        "null origin": ("POST", "/_edit/save", good, {"Origin": "null"}),
        "cross-site fetch": ("POST", "/_edit/save", good, {"Sec-Fetch-Site": "cross-site"}),
        "foreign host": ("POST", "/_edit/save", good, {"Host": f"evil.example:{editor.port}"}),
        "rebinding host": ("POST", "/_edit/lists/engines", change, {"Host": "attacker.test"}),
        "GET with write parameters": ("GET", f"/_edit/save?{query}", None, {}),
        "GET of a list change": ("GET", f"/_edit/lists/engines?{urlencode(change)}", None, {}),
        "GET of the paste form": ("GET", f"/_edit/?{query}", None, {}),
        "PUT": ("PUT", "/_edit/save", good, {}),
        "DELETE": ("DELETE", "/_edit/lists/engines", change, {}),
        "POST to a page": ("POST", "/_edit/check", good, {}),
        "a host's origin over https": ("POST", "/_edit/save", good, {"Origin": f"https://{host}"}),
    }  # fmt: skip


REFUSED = [
    "no token", "wrong token", "the cookie alone", "foreign origin", "foreign origin, same host",
    "null origin", "cross-site fetch", "foreign host", "rebinding host",
    "GET with write parameters", "GET of a list change", "GET of the paste form", "PUT",
    "DELETE", "POST to a page", "a host's origin over https",
]  # fmt: skip


@pytest.mark.parametrize("case", REFUSED)
def test_a_request_that_is_not_the_editors_own_is_refused_and_writes_nothing(
    unchanged: Editor, case: str
) -> None:
    method, path, form, headers = refused_requests(unchanged)[case]
    status, answer, text = unchanged.send(method, path, form, headers)
    assert status in (403, 405), text
    if status == 405:  # says what is answered there
        assert answer["Allow"] in ("POST", "GET, HEAD", "GET, HEAD, POST")
    assert "Engines of thought" not in text


def test_the_same_requests_done_right_do_write(tmp_path: Path) -> None:
    site = tiny_site(tmp_path / "site")
    with running(site, tmp_path / "logs") as server:
        editor = Editor(server, printed_address(server))
        origin = {"Origin": f"http://127.0.0.1:{editor.port}", "Sec-Fetch-Site": "same-origin"}
        status, headers, text = editor.send(
            "POST", "/_edit/save", {"token": editor.token, "text": BIBTEX, "list": "engines"},
            origin,
        )  # fmt: skip
        assert status == 303, text
        assert (site / "content/papers/the-education-of-a-computer.yaml").is_file()
        status, _, page = editor.send("GET", headers["Location"])
        assert "wrote content/papers/the-education-of-a-computer.yaml" in page
        # a script's way: the token in a header, no cookie
        status, _, text = editor.send(
            "POST", "/_edit/lists/engines", {"action": "remove", "paper": "x"},
            {"Cookie": "", "X-Readinglist-Token": editor.token},
        )  # fmt: skip
        assert status == 303, text
        assert "paper: x\n" not in (site / "content/lists/engines.yaml").read_text()
        # the preview's tick boxes: nothing on the site links "Lovelace, A." (with a new
        # co-author) to Ada; offered unticked, and ticked she is Ada
        ris = "TY  - JOUR\nTI  - Looms\nAU  - Lovelace, A.\nAU  - Turing, Alan\nER  -\n"
        form = {"token": editor.token, "text": ris}
        status, _, page = editor.send("POST", "/_edit/paste", form)
        assert 'name="same" value="ada-lovelace Lovelace, A.">' in page
        form["decided"] = "1"
        body = urlencode(form) + "&" + urlencode({"same": "ada-lovelace Lovelace, A."})
        status, _, text = editor.send(
            "POST", "/_edit/save", None,
            {"Content-Type": "application/x-www-form-urlencoded", "X-Body": body},
        )  # fmt: skip
        assert status == 303, text
        looms = (site / "content/papers/looms.yaml").read_text()
        assert "- ada-lovelace\n  - alan-turing\n" in looms
        assert "Lovelace, A." in (site / "content/authors/ada-lovelace.yaml").read_text()
        assert not (site / "schemas").exists()  # nothing outside content/


def test_pasted_content_is_shown_as_text(unchanged: Editor) -> None:
    csl = json.dumps([{"type": "article-journal", "title": HOSTILE,
                       "author": [{"family": "Hopper", "given": "<b>Grace</b>"}],
                       "issued": {"date-parts": [[1952]]}}])  # fmt: skip
    status, _, page = unchanged.send(
        "POST", "/_edit/paste", {"token": unchanged.token, "text": csl}
    )
    assert status == 200, page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ config.title }} {% raw %} &amp;amp;" in page
    assert "<script>" not in page and "<b>Grace" not in page
    assert "Tiny site {%" not in page  # no template ran the title


def test_a_paste_that_cannot_be_read_says_why_and_keeps_the_text(unchanged: Editor) -> None:
    text = "@article{broken, title = {Unclosed"
    status, _, page = unchanged.send(
        "POST", "/_edit/paste", {"token": unchanged.token, "text": text}
    )
    assert status == 400 and "pasted text" in page
    assert ">@article{broken, title = {Unclosed</textarea>" in page


def test_every_editor_page_is_valid_html(
    unchanged: Editor, vnu: Callable[[list[Path]], list[str]], tmp_path: Path
) -> None:
    csl = json.dumps([{"type": "article-journal", "title": HOSTILE,
                       "author": [{"family": "Lovelace", "given": "A."}]}])  # fmt: skip
    pages = {
        "home": unchanged.send("GET", "/_edit/"),
        "preview": unchanged.send("POST", "/_edit/paste", {"token": unchanged.token, "text": csl}),
        "refused": unchanged.send(
            "POST", "/_edit/paste", {"token": unchanged.token, "text": "@x{"}
        ),
        "list": unchanged.send("GET", "/_edit/lists/engines"),
        "check": unchanged.send("GET", "/_edit/check"),
    }
    assert 'name="same"' in pages["preview"][2]  # the namesake's tick box is on it
    paths = []
    for name, (_, _, page) in pages.items():
        paths.append(tmp_path / f"{name}.html")
        paths[-1].write_text(page, encoding="utf-8")
    assert vnu(paths) == []


def test_the_check_page_shows_checks_problems(editor: Editor) -> None:
    status, _, page = editor.send("GET", "/_edit/check")
    assert status == 200
    assert "content/papers/z.yaml:3: warning: needs metadata" in page


def test_the_list_page_shows_each_entry_with_its_status(editor: Editor) -> None:
    status, _, page = editor.send("GET", "/_edit/lists/engines")
    assert status == 200
    assert re.search(r'name="paper" value="x">.*?<option selected>read</option>', page, re.S)
    status, _, _ = editor.send("GET", "/_edit/lists/no-such-list")
    assert status == 404


def test_while_the_content_is_broken_a_list_says_why_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    site = tiny_site(tmp_path / "site")
    with running(site, tmp_path / "logs") as server:
        editor = Editor(server, printed_address(server))
        broken = site / "content/papers/y.yaml"
        broken.write_text(broken.read_text().replace("ada-lovelace", "nobody-known"))
        before = snapshot(site / "content")
        status, _, page = editor.send("GET", "/_edit/lists/engines")
        assert status == 409 and "unknown author &#39;nobody-known&#39;" in page
        status, _, page = editor.send(
            "POST",
            "/_edit/lists/engines",
            {"token": editor.token, "action": "remove", "paper": "x"},
        )
        assert status == 409 and "Nothing was saved." in page
        status, _, page = editor.save(text=BIBTEX)
        assert status == 400 and "nobody-known" in page and "Nothing was saved." in page
        assert snapshot(site / "content") == before


def test_the_editor_is_off_when_asked(tmp_path: Path) -> None:
    site = tiny_site(tmp_path / "site")
    with running(site, tmp_path / "logs", "--no-edit") as server:
        assert server.get("/_edit/").status == 404  # the site's own 404 page
        assert server.get("/_edit/save", method="POST").status == 405
        assert "Editor" not in server.stderr()


@pytest.mark.parametrize(
    ("host", "asked", "on"),
    [
        ("127.0.0.1", None, True), ("::1", None, True), ("[::1]", None, True),
        ("localhost", None, True), ("127.0.0.2", None, True),
        ("0.0.0.0", None, False), ("::", None, False), ("192.168.1.20", None, False),
        ("example.org", None, False),
        ("0.0.0.0", True, True), ("127.0.0.1", False, False),
    ],
)  # fmt: skip
def test_the_editor_is_on_by_default_on_loopback_only(
    host: str, asked: bool | None, on: bool
) -> None:
    assert editor_on(host, asked) is on

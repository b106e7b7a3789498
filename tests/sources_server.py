"""A local stand-in for the metadata sources: one HTTP server on 127.0.0.1 that answers, under
/arxiv, /crossref, /datacite, /openalex, /openlibrary, /openreview, /acl and /s2, with the
recorded answers in tests/data/sources/ (see SOURCES.md there), and counts what it was asked."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

DATA = Path(__file__).parent / "data" / "sources"
PREFIXES = {
    "ARXIV": "arxiv",
    "CROSSREF": "crossref",
    "DATACITE": "datacite",
    "OPENALEX": "openalex",
    "OPENLIBRARY": "openlibrary",
    "OPENREVIEW": "openreview",
    "OPENREVIEW_V1": "openreview-v1",
    "ACL": "acl",
    "S2": "s2",
}


@dataclass
class Answer:
    """One response: status, body, headers; `cut` sends fewer bytes than Content-Length."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    cut: bool = False


def recorded(name: str, status: int = 200) -> Answer:
    """A file of tests/data/sources/ as the answer."""
    kind = "application/atom+xml" if name.endswith(".xml") else "application/json"
    return Answer(status, (DATA / name).read_bytes(), {"Content-Type": kind})


@dataclass
class Route:
    path: str  # e.g. /crossref/works/10.1371/journal.pone.0033693 (compared lower-cased)
    query: dict[str, str]  # parameters that must be present with these values (substring)
    answers: list[Answer]  # in turn; the last one is repeated


class Sources:
    """The server's routes and the requests it got."""

    def __init__(self) -> None:
        self.routes: list[Route] = []
        self.requests: list[str] = []
        self.agents: list[str] = []
        self.base = ""

    def on(self, path: str, *answers: Answer, **query: str) -> None:
        """Answer GET path (with these query values) with these answers, in turn."""
        self.routes.insert(0, Route(path.lower(), query, list(answers)))

    def answer(self, path: str, query: dict[str, list[str]]) -> Answer:
        for route in self.routes:
            if route.path != unquote(path).lower():
                continue
            if all(v.lower() in " ".join(query.get(k, [])).lower() for k, v in route.query.items()):
                return route.answers.pop(0) if len(route.answers) > 1 else route.answers[0]
        return Answer(404, b'{"status":"error","message":"Resource not found."}')

    def env(self) -> dict[str, str]:
        """Environment variables that point every source here, with no waiting."""
        env = {
            f"READINGLIST_{name}_URL": f"{self.base}/{prefix}" for name, prefix in PREFIXES.items()
        }
        env.update(
            READINGLIST_ARXIV_DELAY="0",
            READINGLIST_S2_DELAY="0",
            READINGLIST_HTTP_BACKOFF="0",
            READINGLIST_HTTP_RETRIES="2",
            READINGLIST_HTTP_TIMEOUT="30",
        )
        return env


def _handler(sources: Sources) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            sources.requests.append(self.path)
            sources.agents.append(self.headers.get("User-Agent", ""))
            answer = sources.answer(parts.path, parse_qs(parts.query))
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            if answer.cut:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(answer.body[: len(answer.body) // 2] if answer.cut else answer.body)
            if answer.cut:
                self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def sources(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sources]:
    """The local sources, with every READINGLIST_*_URL pointing at them."""
    state = Sources()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    for name, value in state.env().items():
        monkeypatch.setenv(name, value)
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()

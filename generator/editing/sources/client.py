"""Asking the sources politely: one HTTP client (httpx) with a contact address, arXiv's pace,
timeouts, retries with backoff, and a disk cache of answers so that asking again asks nobody.

Every source's base address comes from an environment variable (READINGLIST_ARXIV_URL, ...),
which is how tests point them at local servers. The ready-made clients (the `arxiv` package,
habanero, pyalex) each bring their own HTTP stack, pacing and retries and not all of them take
a base address; one client here gives every source the same cache, errors and politeness.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlencode, urlsplit

import httpx

from generator import __version__
from generator.base.files import call_id, write_bytes

T = TypeVar("T")

CACHE_FOLDER = "sources"  # under SITE/.readinglist-cache/


@dataclass(frozen=True)
class Source:
    """One web service: its name in messages, its environment variable and its address."""

    name: str
    env: str
    default: str
    pace_env: str = ""  # seconds between two requests, where the service asks for it
    pace: float = 0.0


ARXIV = Source(
    "arXiv",
    "READINGLIST_ARXIV_URL",
    "https://export.arxiv.org/api/query",
    "READINGLIST_ARXIV_DELAY",
    3.0,  # arXiv's API terms: no more than one request every three seconds
)
CROSSREF = Source("Crossref", "READINGLIST_CROSSREF_URL", "https://api.crossref.org")
DATACITE = Source("DataCite", "READINGLIST_DATACITE_URL", "https://api.datacite.org")
OPENALEX = Source("OpenAlex", "READINGLIST_OPENALEX_URL", "https://api.openalex.org")
OPENLIBRARY = Source("Open Library", "READINGLIST_OPENLIBRARY_URL", "https://openlibrary.org")
OPENREVIEW = Source("OpenReview", "READINGLIST_OPENREVIEW_URL", "https://api2.openreview.net")
# venues before 2023 live in OpenReview's first API, which API 2 does not answer for
OPENREVIEW_V1 = Source("OpenReview", "READINGLIST_OPENREVIEW_V1_URL", "https://api.openreview.net")
ACL = Source("ACL Anthology", "READINGLIST_ACL_URL", "https://aclanthology.org")
S2 = Source(
    "Semantic Scholar",
    "READINGLIST_S2_URL",
    "https://api.semanticscholar.org/graph/v1",
    "READINGLIST_S2_DELAY",
    1.0,  # the unauthenticated pool is shared: one request a second is what S2 asks of keys
)
SOURCES = (ARXIV, CROSSREF, DATACITE, OPENALEX, OPENLIBRARY, OPENREVIEW, OPENREVIEW_V1, ACL, S2)


class SourceError(Exception):
    """A source could not answer; `message` is one line for the editor."""

    def __init__(self, source: Source, message: str) -> None:
        self.source = source
        self.message = message
        super().__init__(f"{source.name}: {message}")


class NotFound(SourceError):
    """The source answered that it does not know the record (404)."""


class Malformed(SourceError):
    """The source's answer could not be read (cut off, not the documented format)."""


# when each source was last asked, for the whole process: serve's editor makes a client per
# request, and arXiv's pace is per caller, not per client
_LAST: dict[str, float] = {}
_PACE_LOCK = threading.Lock()


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    try:
        return max(0.0, float(env.get(name, default)))
    except ValueError:
        return default


class Client:
    """Fetches and caches answers from the sources; one per command run."""

    def __init__(
        self,
        contact: str = "",
        cache: Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.env = dict(os.environ if env is None else env)
        self.contact = contact.strip()
        self.cache = cache
        self.timeout = _number(self.env, "READINGLIST_HTTP_TIMEOUT", 20.0)
        self.retries = int(_number(self.env, "READINGLIST_HTTP_RETRIES", 3))
        self.backoff = _number(self.env, "READINGLIST_HTTP_BACKOFF", 1.0)
        # a Retry-After longer than this is not waited for: the editor is told to come back
        self.max_wait = _number(self.env, "READINGLIST_HTTP_MAX_WAIT", 60.0)
        self.requests = 0  # answers fetched from the network (not the cache) this run
        mail = f"; mailto:{self.contact}" if self.contact else ""
        self._http = httpx.Client(
            headers={
                # Crossref's polite pool and OpenAlex's want a contact address with each request
                "User-Agent": f"readinglist/{__version__} (reading-list site generator{mail})",
                "Accept-Encoding": "gzip",
            },
            timeout=self.timeout,
            follow_redirects=True,
        )

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def base(self, source: Source) -> str:
        """A source's base address: its environment variable, else the public service."""
        return (self.env.get(source.env) or source.default).rstrip("/")

    def url(self, source: Source, path: str, params: Mapping[str, str] | None = None) -> str:
        """The address of one request, with the contact address where the source wants it."""
        query = dict(params or {})
        if self.contact and source in (CROSSREF, OPENALEX):
            query["mailto"] = self.contact
        tail = f"?{urlencode(sorted(query.items()))}" if query else ""
        return f"{self.base(source)}{path}{tail}"

    def get(
        self,
        source: Source,
        path: str,
        parse: Callable[[bytes], T],
        params: Mapping[str, str] | None = None,
    ) -> T:
        """GET one answer and parse it; a parsed answer is cached, so asking again asks
        nobody. Raises SourceError (NotFound, Malformed) with a one-line message."""
        url = self.url(source, path, params)
        cached = self._cached(url)
        if cached is not None:
            status, body = cached
            if status == 404:
                raise NotFound(source, "not found (404)")
            try:
                return parse(body)
            except Malformed:
                pass  # a cache entry from an older reader: ask again
        try:
            body = self._fetch(source, url)
        except NotFound:
            self._store(url, 404, b"")  # "not found" is an answer too: the next run asks nobody
            raise
        result = parse(body)  # raises Malformed: a broken answer is never cached
        self._store(url, 200, body)
        return result

    # --- network --------------------------------------------------------------------------

    def _fetch(self, source: Source, url: str) -> bytes:
        attempt = 0
        while True:
            self._pace(source)
            try:
                answer = self._http.get(url)
                body = answer.content
            except httpx.TimeoutException:
                problem = f"no answer within {self.timeout:g} s"
                wait = None
            except (httpx.RemoteProtocolError, httpx.ReadError):
                problem = "the answer was cut off"
                wait = None
            except httpx.ConnectError as exc:
                host = urlsplit(url).netloc
                raise SourceError(
                    source, f"cannot connect to {host} (no network?): {_reason(exc)}"
                ) from exc
            except httpx.HTTPError as exc:
                raise SourceError(source, f"the request failed: {_reason(exc)}") from exc
            else:
                self.requests += 1
                status = answer.status_code
                if status == 200:
                    return body
                if status in (404, 410):
                    raise NotFound(source, f"not found ({status})")
                if status not in (429, 500, 502, 503, 504):
                    raise SourceError(source, f"answered {status} {answer.reason_phrase}")
                problem = (
                    "rate limit reached (429)"
                    if status == 429
                    else f"unavailable ({status} {answer.reason_phrase})"
                )
                wait = _retry_after(answer.headers.get("Retry-After", ""))
                if wait is not None and wait > self.max_wait:
                    raise SourceError(
                        source, f"{problem}: it asks to wait {wait:.0f} s; try again later"
                    )
            attempt += 1
            if attempt > self.retries:
                tries = f"{attempt} tr{'y' if attempt == 1 else 'ies'}"
                raise SourceError(source, f"{problem}, after {tries}; try again later")
            time.sleep(wait if wait is not None else self.backoff * 2 ** (attempt - 1))

    def _pace(self, source: Source) -> None:
        """Wait until the source's pace allows the next request (arXiv: one every 3 s)."""
        pace = _number(self.env, source.pace_env, source.pace) if source.pace_env else 0.0
        with _PACE_LOCK:
            now = time.monotonic()
            ready = _LAST.get(source.name, -pace) + pace
            if ready > now:
                time.sleep(ready - now)
            _LAST[source.name] = time.monotonic()

    # --- cache ----------------------------------------------------------------------------

    def _cache_file(self, url: str) -> Path | None:
        if self.cache is None:
            return None
        # the contact address is not part of what was asked
        key = url.replace(f"mailto={_quoted(self.contact)}", "") if self.contact else url
        return self.cache / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"

    def _cached(self, url: str) -> tuple[int, bytes] | None:
        path = self._cache_file(url)
        if path is None or not path.is_file():
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            return int(entry.get("status", 200)), str(entry["body"]).encode("utf-8")
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # unreadable (a disk error, a hand edit): ask the source again

    def _store(self, url: str, status: int, body: bytes) -> None:
        path = self._cache_file(url)
        if path is None:
            return
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return
        fetched = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        entry = {"url": url, "status": status, "fetched": fetched, "body": text}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # written whole under another name, then renamed: a reader never sees half a file
            temp = path.with_name(f".{path.name}.{call_id()}.tmp")
            write_bytes(str(temp), json.dumps(entry, ensure_ascii=False).encode("utf-8"))
            temp.replace(path)
        except OSError:
            pass  # a cache that cannot be written costs a request next time, nothing more


def _quoted(text: str) -> str:
    return urlencode({"": text})[1:]


def _reason(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _retry_after(value: str) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())

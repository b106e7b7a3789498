"""`readinglist serve`: a thin loop around build(): watch -> rebuild -> every open tab reloads.

The files are served by a small WSGI app of our own, which livereload wraps (it injects its
script before `</head>`): the site appears under the path of its base_url, as on GitHub Pages,
missing pages get the site's 404.html, nothing outside the output folder is ever served, and
while the last build failed every page is an error page naming `path:line: message`, which
reloads itself when the next save fixes it.
"""

from __future__ import annotations

import mimetypes
import posixpath
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.base.errors import UserError
from generator.build.cache import BuildCache, cache_key, forget
from generator.build.live import paper_first
from generator.build.pipeline import build
from generator.model.config import CONFIG_FILE, load_config, normalise_base_url

WATCHED = ("content", "templates", "static", CONFIG_FILE)
StartResponse = Callable[[str, list[tuple[str, str]]], Any]
TYPES = {
    ".bib": "text/plain; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
}


@dataclass
class Preview:
    """What the server knows: where the output is, under which path, and the last build's errors."""

    out: Path
    base_path: str = "/"
    errors: list[str] = field(default_factory=list)
    cache: BuildCache = field(default_factory=BuildCache)  # kept in memory between rebuilds

    script: bytes = b""  # livereload's <script>, set by the server; injected into HTML only

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """The WSGI entry point."""
        status, headers, body = self.respond(environ.get("PATH_INFO", "/") or "/")
        if self.script and dict(headers).get("Content-Type", "").startswith("text/html"):
            body = body.replace(b"</head>", self.script + b"</head>", 1)
        headers.append(("Cache-Control", "no-store"))
        start_response(status, headers)
        # HEAD: no body, or tornado aborts the response (more data than Content-Length)
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else body]

    def respond(self, raw_path: str) -> tuple[str, list[tuple[str, str]], bytes]:
        """Status, headers and body for one request path (already %-decoded by the server)."""
        # WSGI hands over the decoded bytes as latin-1; paths here are UTF-8
        path = raw_path.encode("latin-1", "replace").decode("utf-8", "replace")
        if self.errors:
            return self.error_page()
        if path.rstrip("/") == self.base_path.rstrip("/") and not path.endswith("/"):
            return "301 Moved Permanently", [("Location", self.base_path)], b""
        if not path.startswith(self.base_path):
            if path == "/":
                return "302 Found", [("Location", self.base_path)], b""
            return self.not_found()
        target = self.resolve(path[len(self.base_path) :])
        if target is None:
            return self.not_found()
        if target.is_dir():
            if not path.endswith("/"):
                return "301 Moved Permanently", [("Location", path + "/")], b""
            target = target / "index.html"
        if not target.is_file():
            return self.not_found()
        return "200 OK", [("Content-Type", content_type(target))], target.read_bytes()

    def resolve(self, relative: str) -> Path | None:
        """The file a path names inside the output folder, or None for anything that escapes."""
        if "\0" in relative or "\\" in relative:
            return None
        parts = relative.split("/")
        if any(part in ("..", ".") or part.startswith(".") for part in parts):
            return None  # no traversal, and no dot-files (GitHub Pages does not publish them)
        normal = posixpath.normpath("/" + relative).lstrip("/")
        root = self.out.resolve()
        target = (root / normal).resolve() if normal else root
        return target if target == root or target.is_relative_to(root) else None

    def not_found(self) -> tuple[str, list[tuple[str, str]], bytes]:
        """The site's own 404 page, as GitHub Pages serves it."""
        page = self.out / "404.html"
        body = page.read_bytes() if page.is_file() else b"<!doctype html><title>Not found</title>"
        return "404 Not Found", [("Content-Type", "text/html; charset=utf-8")], body

    def error_page(self) -> tuple[str, list[tuple[str, str]], bytes]:
        """Every page while the build is broken: the errors, and a reload when fixed."""
        items = "\n".join(f"<li><code>{escape(e)}</code></li>" for e in self.errors)
        body = (
            '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            "<title>Build failed</title>\n<style>body{font:16px/1.5 system-ui,sans-serif;"
            "max-width:60rem;margin:2rem auto;padding:0 1rem}code{white-space:pre-wrap}"
            "li{margin:.5rem 0}</style>\n</head>\n<body>\n<main>\n<h1>The build failed</h1>\n"
            f"<p>Fix these and save; this page reloads by itself.</p>\n<ul>\n{items}\n</ul>\n"
            "</main>\n</body>\n</html>\n"
        )
        return (
            "500 Internal Server Error",
            [("Content-Type", "text/html; charset=utf-8")],
            body.encode(),
        )


def content_type(path: Path) -> str:
    """The Content-Type of a file we serve."""
    if path.suffix in TYPES:
        return TYPES[path.suffix]
    guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


def rebuild(site: Path, preview: Preview, base_url: str | None) -> None:
    """Build once; on failure keep serving the error page and say why in the terminal."""
    started = time.perf_counter()
    try:
        report = build(site, preview.out, base_url, cache=preview.cache)
    except UserError as exc:
        preview.errors = [str(p) for p in exc.problems]
        print("\n".join(preview.errors), file=sys.stderr)
        count = len(preview.errors)
        print(
            f"Build failed ({count} error{'s' if count != 1 else ''}); still serving",
            file=sys.stderr,
        )
        return
    preview.errors = []
    seconds = time.perf_counter() - started
    print(
        f"Rebuilt in {seconds:.2f} s: {report.rendered} of {report.pages} pages rendered",
        file=sys.stderr,
    )


class Rebuilds:
    """What saves do in `serve`. An edited paper's own pages are rewritten at once, in
    milliseconds, so the page shows the edit; then a rebuild brings everything that depends on
    it up to date. Open tabs reload after each. Rebuilds run one at a time in a thread of their
    own, so a save made while one runs is shown at once too; one more rebuild follows for all
    such saves."""

    def __init__(self, site: Path, preview: Preview, base_url: str, reload: Callable[[], None]):
        self.site, self.preview, self.base_url, self.reload = site, preview, base_url, reload
        self.wanted = threading.Event()  # saves not yet rebuilt
        self.first = threading.Lock()  # one paper_first at a time
        self.lock = threading.Lock()  # for `during`, which both threads change
        self.during: set[Path] = set()  # papers rewritten first while a rebuild runs
        threading.Thread(target=self._loop, name="rebuild", daemon=True).start()

    def saved(self, changed: set[Path]) -> None:
        """Files were saved (the watching thread calls this)."""
        if len(changed) == 1 and self._paper_first(next(iter(changed))):
            with self.lock:
                self.during |= changed
        self.wanted.set()

    def _paper_first(self, path: Path) -> bool:
        if self.preview.errors:
            return False
        started = time.perf_counter()
        with self.first:
            try:
                written = paper_first(self.site, self.preview.out, self.preview.cache, path)
            except (OSError, UserError):
                written = 0  # the rebuild reports it
        if written:
            seconds = time.perf_counter() - started
            print(f"Paper rewritten in {seconds * 1000:.0f} ms; rebuilding", file=sys.stderr)
            self.reload()
        return bool(written)

    def _loop(self) -> None:
        while True:
            self.wanted.wait()
            self.wanted.clear()
            with self.lock:
                self.during = set()
            try:
                rebuild(self.site, self.preview, self.base_url)
                # a paper saved during the rebuild may have been read before the save: its
                # pages again, from what the rebuild knows, until the next rebuild
                with self.lock:
                    during, self.during = self.during, set()
                for path in during:
                    self._paper_first(path)
            except Exception:  # a bug, not the user's: say so and keep serving
                traceback.print_exc()
                print("readinglist: that rebuild failed; still watching", file=sys.stderr)
            self.reload()


IGNORED = (".", "#")  # hidden files and editors' temporary files (.x.swp, #x#, x~, 4913)


Report = Callable[[set[Path]], None]


def watch_changes(site: Path) -> Callable[[Report], None] | None:
    """Watch the site's folders from now on (Linux inotify); the function returned starts a
    thread that reports the files changed, as soon as they are saved. None where inotify is
    missing: serve polls then."""
    try:
        from inotify_simple import INotify, flags
    except (ImportError, OSError):
        return None
    inotify = INotify()
    mask = flags.CLOSE_WRITE | flags.MOVED_TO | flags.MOVED_FROM | flags.CREATE | flags.DELETE
    folders: dict[int, Path] = {}

    def add(folder: Path) -> None:
        for path in (folder, *(p for p in folder.rglob("*") if p.is_dir())):
            folders[inotify.add_watch(str(path), mask)] = path

    add_root = inotify.add_watch(str(site), mask)  # site.yaml, and folders made later
    folders[add_root] = site
    for name in WATCHED[:-1]:
        if (site / name).is_dir():
            add(site / name)

    def loop(report: Report) -> None:
        while True:
            changed: set[Path] = set()
            for event in inotify.read(read_delay=5):  # a save can be several events
                folder = folders.get(event.wd)
                name = event.name
                if folder is None or name.startswith(IGNORED) or name.endswith("~"):
                    continue
                if (folder == site and name not in WATCHED) or name == "4913":
                    continue
                path = folder / name
                if event.mask & flags.ISDIR and event.mask & (flags.CREATE | flags.MOVED_TO):
                    add(path)
                changed.add(path)
            if not changed:
                continue
            try:
                report(changed)
            except Exception:  # a bug, not the user's: say so and keep watching
                traceback.print_exc()
                print("readinglist: that rebuild failed; still watching", file=sys.stderr)

    def start(report: Report) -> None:
        threading.Thread(target=loop, args=(report,), name="watch", daemon=True).start()

    return start


def serve(site: Path, host: str, port: int, out: Path | None, open_browser: bool) -> int:
    """Build, serve and rebuild on every change until interrupted; the exit status."""
    from livereload import Server  # imported here: only serve needs tornado
    from livereload.handlers import LiveReloadHandler
    from livereload.watcher import Watcher
    from tornado.ioloop import IOLoop

    class HtmlOnlyServer(Server):  # type: ignore[misc]
        """livereload injects its script before every `</head>` of every response, a .bib's
        included; here Preview injects it, into HTML pages only."""

        def get_web_handlers(self, script: bytes) -> Any:
            preview.script = script
            return super().get_web_handlers(b"")

    class Told(Watcher):  # type: ignore[misc]
        """livereload's watcher when watch_changes reports changes: it polls nothing."""

        def start(self, callback: Callable[[], None]) -> bool:
            return True

    # livereload drops a reload that comes within 3 s of the previous one (or of the start),
    # which leaves a tab on a stale page, or on the error page after a quick fix
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0

    config = load_config(site)
    base_url = f"http://{host}:{port}{urlsplit(config.base_url).path}"
    preview = Preview(out or site / "_site", urlsplit(base_url).path or "/")
    # the cache lives in memory while serving; one left on disk would not match what serve
    # writes, so it goes (the next `build` after serving is a full one)
    key = cache_key(preview.out, normalise_base_url(base_url))
    preview.cache = BuildCache(key=key)
    forget(site, key)
    watching = watch_changes(site)  # before the first build: saves made during it count
    rebuild(site, preview, base_url)
    loop = IOLoop.current()

    def reload() -> None:  # tornado's loop runs in the main thread
        loop.add_callback(LiveReloadHandler.reload_waiters)

    server = HtmlOnlyServer(app=preview, watcher=Told() if watching else None)
    if watching:
        watching(Rebuilds(site, preview, base_url, reload).saved)
        server.watch(str(site))  # or livereload watches the working folder
    else:
        for name in WATCHED:
            server.watch(str(site / name), lambda: rebuild(site, preview, base_url))
        server.watcher.examine()  # note every file now, or the first poll reloads every tab
    print(f"Serving {site.resolve()} at {base_url} (Ctrl+C to stop)", file=sys.stderr)
    try:
        server.serve(
            port=port,
            host=host,
            debug=False,
            open_url_delay=0.5 if open_browser else None,
            restart_delay=0,
        )
    except OSError as exc:  # the port is taken, or the host is no address of this machine
        reason = exc.strerror or str(exc)
        print(f"Cannot listen on {host}:{port}: {reason}; try another --port", file=sys.stderr)
        return 1
    return 0

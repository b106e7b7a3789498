"""`readinglist serve`: a thin loop around build(): watch -> rebuild -> every open tab reloads.

The preview is built into a folder of serve's own (SITE/.readinglist-cache/serve-PID-*/),
removed when serve stops: it links to the local address, so it never goes near the folder that
gets published, nor that folder's build cache. Its only writer is the rebuild, one at a time;
an edited paper's pages are shown from memory until a rebuild has written them.

The files are served by a small WSGI app of our own, behind livereload's tornado server: the
site appears under the path of its base_url, as on GitHub Pages, missing pages get the site's
404.html, nothing outside the output folder is ever served, and while the last build failed
every page is an error page naming `path:line: message`, which reloads itself when the next
save fixes it. Only GET and HEAD requests addressed to serve itself are answered, for pages and
livereload's script and websocket alike: a web page cannot reach it through DNS rebinding.
The editor at /_edit/ (commands/editor.py), on by default on loopback only, also takes POSTs,
with the secret token serve prints.
"""

from __future__ import annotations

import contextlib
import mimetypes
import os
import posixpath
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

from generator.base.errors import UserError
from generator.build.cache import CACHE_DIR, BuildCache, cache_key, forget
from generator.build.live import paper_first
from generator.build.pipeline import build
from generator.commands.addresses import editor_on, host_allowed, is_loopback, origin_allowed
from generator.model.config import CONFIG_FILE, load_config, normalise_base_url
from generator.site.search import stop_pagefind

WATCHED = ("content", "templates", "static", CONFIG_FILE)
StartResponse = Callable[[str, list[tuple[str, str]]], Any]
TYPES = {
    ".bib": "text/plain; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
}


METHODS = ("GET", "HEAD")  # the only requests answered
ALLOW = ", ".join(METHODS)
# livereload's own <script> for a page served on the same port (livereload.server), which the
# server would inject into every response; Preview injects it, into HTML pages only
LIVE_SCRIPT = (
    b'<script type="text/javascript">(function(){'
    b'var s=document.createElement("script");'
    b"var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
    b's.src="//"+window.location.hostname+":"+port'
    b'+ "/livereload.js?port=" + port;'
    b"document.head.appendChild(s);"
    b"})();</script>"
)


@dataclass
class Preview:
    """What the server knows: where the output is, under which path, the last build's errors,
    and the pages shown from memory until a rebuild has written them."""

    out: Path
    base_path: str = "/"
    errors: list[str] = field(default_factory=list)
    cache: BuildCache = field(default_factory=BuildCache)  # kept in memory between rebuilds

    script: bytes = b""  # livereload's <script>, set by the server; injected into HTML only
    # output path -> (the rebuild under way when it was rendered, its bytes): paper_first's
    # pages, until a rebuild begun after them has written the output folder
    shown: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    rebuilds: int = 0  # rebuilds begun
    lock: threading.Lock = field(default_factory=threading.Lock)  # for `shown` and `rebuilds`
    writing: threading.Lock = field(default_factory=threading.Lock)  # held by every write
    stopped: bool = False  # set once serve stops: no more writes

    def show(self, pages: Iterable[tuple[str, bytes]], rebuild: int) -> None:
        """Serve these pages from memory, until a rebuild begun after `rebuild` is done."""
        with self.lock:
            for relative, data in pages:
                self.shown[relative] = (rebuild, data)

    def begin(self) -> int:
        """A rebuild begins: its number."""
        with self.lock:
            self.rebuilds += 1
            return self.rebuilds

    def settle(self, rebuild: int) -> None:
        """A rebuild is done: the pages shown from memory before it began are in the output
        folder now, or superseded by it."""
        with self.lock:
            self.shown = {rel: page for rel, page in self.shown.items() if page[0] >= rebuild}

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """The WSGI entry point."""
        if environ.get("REQUEST_METHOD", "GET") not in METHODS:
            start_response("405 Method Not Allowed", [("Allow", ALLOW)])
            return [b""]
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
        try:
            return self.file(path, path[len(self.base_path) :])
        except OSError:  # a name too long for the file system, or the like: no such page
            return self.not_found()

    def file(self, path: str, relative: str) -> tuple[str, list[tuple[str, str]], bytes]:
        """The answer for a path inside the base path."""
        normal = self.normal(relative)
        if normal is None:
            return self.not_found()
        target = self.resolve(normal)
        if target is None:
            return self.not_found()
        if target.is_dir():
            if not path.endswith("/"):
                return "301 Moved Permanently", [("Location", path + "/")], b""
            normal = f"{normal}/index.html" if normal else "index.html"
            target = target / "index.html"
        with self.lock:
            shown = self.shown.get(normal)
        if shown is not None:
            return "200 OK", [("Content-Type", content_type(target))], shown[1]
        if not target.is_file():
            return self.not_found()
        return "200 OK", [("Content-Type", content_type(target))], target.read_bytes()

    @staticmethod
    def normal(relative: str) -> str | None:
        """A request path inside the base path as an output path, or None for anything that
        could escape the output folder or names a dot-file."""
        if "\0" in relative or "\\" in relative:
            return None
        parts = relative.split("/")
        if any(part in ("..", ".") or part.startswith(".") for part in parts):
            return None  # no traversal, and no dot-files (GitHub Pages does not publish them)
        return posixpath.normpath("/" + relative).lstrip("/")

    def resolve(self, normal: str) -> Path | None:
        """The file an output path names inside the output folder, or None if it escapes."""
        root = self.out.resolve()
        target = (root / normal).resolve() if normal else root
        return target if target == root or target.is_relative_to(root) else None

    def not_found(self) -> tuple[str, list[tuple[str, str]], bytes]:
        """The site's own 404 page, as GitHub Pages serves it."""
        try:
            body = (self.out / "404.html").read_bytes()
        except OSError:
            body = b"<!doctype html><title>Not found</title>"
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


def rebuild_safely(site: Path, preview: Preview, base_url: str) -> bool:
    """One rebuild, the preview folder's only writer while it runs. A failure that is no
    mistake in the content (a bug) is reported, the cache kept in memory dropped, and the site
    built again in full: a rebuild that stopped half way must not leave pages that no later
    rebuild knows to redo. False once serve is stopping."""
    with preview.writing:
        if preview.stopped:
            return False
        for attempt in (1, 2):
            number = preview.begin()
            try:
                rebuild(site, preview, base_url)
            except Exception:  # a bug, not the user's: say so and keep serving
                traceback.print_exc()
                preview.cache = BuildCache(key=preview.cache.key)
                again = "building everything again" if attempt == 1 else "still watching"
                print(f"readinglist: that rebuild failed; {again}", file=sys.stderr)
                continue
            preview.settle(number)
            break
    return True


class Rebuilds:
    """What saves do in `serve`. An edited paper's own pages are rendered at once, in
    milliseconds, and shown from memory, so the page shows the edit; then a rebuild brings
    everything that depends on it up to date, and writes it. Open tabs reload after each.
    Rebuilds run one at a time in a thread of their own, so a save made while one runs is shown
    at once too; one more rebuild follows for all such saves. Only rebuilds write the preview
    folder, so nothing a save shows early can be left in it: after the last save, what serve
    shows is what a clean build of the saved files makes."""

    def __init__(self, site: Path, preview: Preview, base_url: str, reload: Callable[[], None]):
        self.site, self.preview, self.base_url, self.reload = site, preview, base_url, reload
        self.wanted = threading.Event()  # saves not yet rebuilt
        self.first = threading.Lock()  # one paper_first at a time
        threading.Thread(target=self._loop, name="rebuild", daemon=True).start()

    def saved(self, changed: set[Path]) -> None:
        """Files were saved (the watching thread calls this)."""
        if len(changed) == 1:
            self._paper_first(next(iter(changed)))
        self.wanted.set()  # after the pages shown first: the rebuild begins after them

    def _paper_first(self, path: Path) -> None:
        preview = self.preview
        if preview.errors:
            return
        started = time.perf_counter()
        with self.first:
            under_way = preview.rebuilds  # read before the file: see Preview.settle
            try:
                pages = paper_first(self.site, preview.cache, path)
            except (OSError, UserError):
                pages = []  # the rebuild reports it
            preview.show(pages, under_way)
        if pages:
            seconds = time.perf_counter() - started
            print(f"Paper rewritten in {seconds * 1000:.0f} ms; rebuilding", file=sys.stderr)
            self.reload()

    def _loop(self) -> None:
        while True:
            self.wanted.wait()
            self.wanted.clear()
            if not rebuild_safely(self.site, self.preview, self.base_url):
                return
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


def refusal(method: str, host: str, bound: str, port: int) -> tuple[int, str, str] | None:
    """(status, reason, message) for a request serve does not answer, else None."""
    if not host_allowed(host, bound, port):
        own = bound if bound not in ("", "0.0.0.0", "::") else "localhost"
        return (
            403,
            "Forbidden",
            f"Blocked: this preview answers only requests addressed to it, such as"
            f" http://{url_host(own)}:{port}/, not to '{host[:200]}'.\n",
        )
    if method not in METHODS:
        return 405, "Method Not Allowed", f"Only {ALLOW} requests are answered here.\n"
    return None


def url_host(host: str) -> str:
    """An address as it is written in a URL: an IPv6 one in brackets."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def scratch_folder(site: Path) -> Path:
    """A new folder of this serve's own for the preview: under SITE/.readinglist-cache/ (git
    ignores it), or the system's temporary folder where the site cannot be written. Folders
    that a killed serve left there are removed first."""
    root = site / CACHE_DIR
    try:
        root.mkdir(exist_ok=True)
        ignore = root / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        for left in root.glob("serve-*-*"):
            if not _running(left.name.split("-")[1]):
                shutil.rmtree(left, ignore_errors=True)
        return Path(tempfile.mkdtemp(prefix=f"serve-{os.getpid()}-", dir=root))
    except OSError:
        return Path(tempfile.mkdtemp(prefix=f"readinglist-serve-{os.getpid()}-"))


def _running(pid: str) -> bool:
    """Whether a process of this id runs (one of another user's does too)."""
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except OSError:
        return True
    return True


@contextlib.contextmanager
def stopping_cleanly(preview: Preview, scratch: Path | None) -> Iterator[None]:
    """Run serve; when it stops (Ctrl+C, SIGTERM, SIGHUP, or an error), stop every Pagefind
    it runs and remove its own preview folder, once no rebuild writes there."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt  # as Ctrl+C: tornado's loop ends, and so does serve

    main = threading.current_thread() is threading.main_thread()
    stops = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    before = {signum: signal.getsignal(signum) for signum in stops} if main else {}
    for signum in before:  # SIGINT too: a shell starts background jobs with it ignored
        signal.signal(signum, interrupt)
    try:
        yield
    finally:
        for signum in before:  # a second Ctrl+C must not cut the clean-up short
            signal.signal(signum, signal.SIG_IGN)
        stop_pagefind()
        held = preview.writing.acquire(timeout=15)  # a rebuild ends soon once Pagefind is gone
        preview.stopped = True
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        if held:
            preview.writing.release()
        for signum, handler in before.items():
            signal.signal(signum, handler)


def serve(
    site: Path,
    host: str,
    port: int,
    out: Path | None,
    open_browser: bool,
    edit: bool | None = None,
) -> int:
    """Build, serve and rebuild on every change until interrupted; the exit status.

    The preview is built into a folder of serve's own, removed when it stops; with `out`, into
    that folder, which is kept (a later `build` there builds in full: the preview links to the
    local address). The editor (/_edit/) is on when serve listens on loopback only, unless
    `edit` says otherwise."""
    config = load_config(site)
    base_url = f"http://{url_host(host)}:{port}{urlsplit(config.base_url).path}"
    scratch: Path | None = None
    if out is None:
        scratch = scratch_folder(site)
        out = scratch / "site"
    preview = Preview(out, urlsplit(base_url).path or "/")
    # the cache lives in memory while serving; a `build` into the same folder must not take
    # the preview for its own output
    preview.cache = BuildCache(key=cache_key(preview.out, normalise_base_url(base_url)))
    if scratch is None:
        forget(site, cache_key(out, config.base_url))
    with stopping_cleanly(preview, scratch):
        code = _serve(site, host, port, preview, base_url, open_browser, editor_on(host, edit))
    if scratch is None:
        forget(site, cache_key(out, config.base_url))
    return code


def _serve(
    site: Path,
    host: str,
    port: int,
    preview: Preview,
    base_url: str,
    open_browser: bool,
    editing: bool,
) -> int:
    from livereload import Server  # imported here: only serve needs tornado
    from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
    from livereload.server import LiveScriptContainer
    from livereload.watcher import Watcher
    from tornado import web
    from tornado.ioloop import IOLoop

    class Guard(web.RequestHandler):
        """Answers only GET and HEAD requests addressed to this server (see host_allowed)."""

        def prepare(self) -> Any:
            refused = refusal(
                self.request.method or "", self.request.headers.get("Host", ""), host, port
            )
            if refused is None:
                return super().prepare()
            status, reason, message = refused
            self.set_status(status, reason)
            if status == 405:
                self.set_header("Allow", ALLOW)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(message)
            return None

        def write_error(self, status_code: int, **kwargs: Any) -> None:
            if status_code == 405:  # a method tornado knows no handler for
                self.set_header("Allow", ALLOW)
            super().write_error(status_code, **kwargs)

    class Pages(Guard, web.FallbackHandler):
        """The site, from Preview."""

    class Script(Guard, LiveReloadJSHandler):  # type: ignore[misc]
        """livereload.js."""

        def head(self) -> None:
            self.get()  # tornado sends no body for HEAD

    class Socket(Guard, LiveReloadHandler):  # type: ignore[misc]
        """The websocket that tells open tabs to reload: for this server's own pages only."""

        def check_origin(self, origin: str) -> bool:
            return origin_allowed(origin, host, port)

    class GuardedServer(Server):  # type: ignore[misc]
        """livereload's server with our handlers: every one of them guarded, the site from
        Preview (which injects livereload's script into HTML pages only; livereload would
        inject it before every `</head>` of every response, a .bib's included), and no
        /forcereload (any page could reload every tab)."""

        def application(
            self,
            port: int,
            host: str,
            liveport: int | None = None,
            debug: bool | None = None,
            live_css: bool = True,
        ) -> None:
            LiveReloadHandler.watcher = self.watcher
            LiveReloadHandler.live_css = live_css
            preview.script = LIVE_SCRIPT
            handlers: list[Any] = [
                (r"/livereload", Socket),
                (r"/livereload\.js", Script),
                *(editor_handlers(editor) if editor else ()),
                (r".*", Pages, {"fallback": LiveScriptContainer(preview, b"")}),
            ]
            web.Application(handlers, debug=False).listen(
                port, address=host, max_body_size=MAX_BODY
            )

    class Told(Watcher):  # type: ignore[misc]
        """livereload's watcher when watch_changes reports changes: it polls nothing."""

        def start(self, callback: Callable[[], None]) -> bool:
            return True

    # livereload drops a reload that comes within 3 s of the previous one (or of the start),
    # which leaves a tab on a stale page, or on the error page after a quick fix
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0

    from generator.commands.editor import MAX_BODY, Editor, new_token
    from generator.commands.editor import handlers as editor_handlers

    editor = None
    if editing:
        editor = Editor(site, new_token(), host, port, preview.base_path)
    watching = watch_changes(site)  # before the first build: saves made during it count
    rebuild_safely(site, preview, base_url)
    loop = IOLoop.current()

    def reload() -> None:  # tornado's loop runs in the main thread
        loop.add_callback(LiveReloadHandler.reload_waiters)

    server = GuardedServer(app=preview, watcher=Told() if watching else None)
    if watching:
        watching(Rebuilds(site, preview, base_url, reload).saved)
        server.watch(str(site))  # or livereload watches the working folder
    else:
        for name in WATCHED:
            server.watch(str(site / name), lambda: rebuild_safely(site, preview, base_url))
        server.watcher.examine()  # note every file now, or the first poll reloads every tab
    print(f"Serving {site.resolve()} at {base_url} (Ctrl+C to stop)", file=sys.stderr)
    if editor is not None:
        print(f"Editor (keep this address to yourself): {editor.address(url_host(host))}",
              file=sys.stderr)  # fmt: skip
        if not is_loopback(host.strip("[]").lower()):
            print(
                f"readinglist: the editor answers on {host}, not this machine alone: anyone "
                "who sees its address (and the unencrypted traffic) can change the content",
                file=sys.stderr,
            )
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

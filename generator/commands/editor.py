"""The editor of `readinglist serve`, at /_edit/: HTTP only; the work is editing/web.py's.

Who may use it: whoever has the secret token serve prints in the editor's address (a new one
each run, as Jupyter does). The first visit trades the token in the address for a cookie
(HttpOnly, SameSite=Strict, this port's own) and drops it from the address. Every request must
be addressed to serve itself (Host, as for the site's pages) and come from none but serve's own
pages (Origin, Sec-Fetch-Site); every change is a POST that carries the token in its form (or
an X-Readinglist-Token header), so a page elsewhere cannot make a browser write through a
cookie it does not see. A GET never changes anything. Nothing from a request names a file: ids
are looked up among the loaded records, and editing/save.py writes content/ as `import` does.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from tornado import web
from tornado.ioloop import IOLoop

from generator.base.errors import UserError
from generator.commands.addresses import host_allowed, origin_allowed
from generator.editing.checks import check_site
from generator.editing.ingest.incoming import IncomingPaper
from generator.editing.web import (
    ListChange,
    Plan,
    load,
    plan_paste,
    save_list_change,
    save_paste,
)
from generator.model.config import load_config
from generator.model.reading import ParsedFiles, read_content
from generator.model.records import STATUSES, Content
from generator.site.links import list_path, paper_path

T = TypeVar("T")
PREFIX = "/_edit/"
TOKEN_HEADER = "X-Readinglist-Token"
READ_PARAMETERS = {"token", "done"}  # the only query parameters a GET takes
MAX_BODY = 2_000_000  # bytes of a form: a paste of up to 1,000,000 characters, and the rest
KEPT_MESSAGES = 50
# the editor's pages load nothing, run no script, and show in no frame
POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def new_token() -> str:
    """A secret for one run of serve."""
    return secrets.token_urlsafe(32)


def look_up(site: Path, identifier: str) -> IncomingPaper:
    """A paper's record from the metadata sources, as `readinglist add` asks them (answers
    cached under SITE/.readinglist-cache/sources/: the save after a preview asks nobody)."""
    from generator.editing.sources import lookup  # httpx: only for an identifier

    return lookup(identifier, load_config(site), site)


@dataclass(frozen=True)
class Line:
    """One line of what a save did; `href`, a page of the preview it changed."""

    text: str
    href: str = ""


@dataclass
class Editor:
    """What the editor's handlers share: the site, the secret, and serve's address."""

    site: Path
    token: str
    host: str  # the address serve listens on
    port: int
    base_path: str  # the preview's, for links to the pages an edit changes
    fetch: Callable[[Path, str], IncomingPaper] | None = look_up  # (site, identifier) -> record
    writing: threading.Lock = field(default_factory=threading.Lock)  # one save at a time
    # content files as last read: unchanged ones are not parsed again (10,000 papers: 5 s)
    parsed: ParsedFiles = field(default_factory=ParsedFiles)
    reading: threading.Lock = field(default_factory=threading.Lock)  # for `parsed`
    messages: OrderedDict[str, list[Line]] = field(default_factory=OrderedDict)

    @property
    def cookie(self) -> str:
        # cookies ignore ports: two serves on one machine must not take each other's
        return f"readinglist-edit-{self.port}"

    def address(self, shown_host: str) -> str:
        """The address to open the editor at, with its token."""
        return f"http://{shown_host}:{self.port}{PREFIX}?token={self.token}"

    def remember(self, lines: list[Line]) -> str:
        """Keep what a save did for the page it redirects to; the key for that page's address."""
        key = secrets.token_urlsafe(8)
        self.messages[key] = lines
        while len(self.messages) > KEPT_MESSAGES:
            self.messages.popitem(last=False)
        return key

    def today(self) -> dt.date:
        return dt.date.today()

    def content(self) -> Content:
        """The site's content as it is, refused (UserError) while it has errors. (What a
        stopped write left is finished by the next save, under `writing`.)"""
        with self.reading:
            return load(self.site, finish=False, cache=self.parsed)

    def overview(self) -> dict[str, Any]:
        """What the first page shows: the lists, how many errors, an empty paste. (Not
        check's look-alike authors: at 10,000 papers that takes a minute and more.)"""
        with self.reading:
            content, problems = read_content(self.site, cache=self.parsed)
        return {
            "lists": sorted(content.lists.values(), key=lambda rlist: rlist.title.lower()),
            "errors_count": len(problems.errors),
            "text": "",
            "list_id": "",
            "status": "to-read",
            "note": "",
        }


def environment() -> Environment:
    """The editor's own templates (never the site's): escaped everywhere, strict."""
    env = Environment(
        loader=PackageLoader("generator.commands", "editor_templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["statuses"] = STATUSES
    return env


class Base(web.RequestHandler):
    """Every editor page: refused unless addressed to serve, from its own pages, with the
    token; answered with headers that keep it out of frames, caches and other pages."""

    SUPPORTED_METHODS = ("GET", "HEAD", "POST")
    editor: Editor
    env: Environment

    def initialize(self, editor: Editor, env: Environment) -> None:
        self.editor, self.env = editor, env

    def set_default_headers(self) -> None:
        self.set_header("Content-Security-Policy", POLICY)
        self.set_header("X-Frame-Options", "DENY")
        self.set_header("X-Content-Type-Options", "nosniff")
        # "same-origin", not "no-referrer": with that, a browser sends its forms as `Origin: null`
        self.set_header("Referrer-Policy", "same-origin")
        self.set_header("Cache-Control", "no-store")

    def prepare(self) -> None:
        refused = self.refusal()
        if refused is not None:
            status, message = refused
            self.plain(status, message)

    def refusal(self) -> tuple[int, str] | None:
        """(status, message) for a request the editor does not answer, else None."""
        editor, headers = self.editor, self.request.headers
        if not host_allowed(headers.get("Host", ""), editor.host, editor.port):
            return 403, "Blocked: this editor answers only requests addressed to it.\n"
        origin = headers.get("Origin")
        if origin is not None and not origin_allowed(origin, editor.host, editor.port):
            return 403, "Blocked: a page of another site cannot use this editor.\n"
        if headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            return 403, "Blocked: a page of another site cannot use this editor.\n"
        method = self.request.method or ""
        if method not in self.allowed():
            return 405, f"Only {', '.join(self.allowed())} requests are answered here.\n"
        if method != "POST" and set(self.request.query_arguments) - READ_PARAMETERS:
            return 405, "A GET never changes anything here: use the editor's forms (POST).\n"
        if method == "POST":  # the token in the form: a cookie alone is no consent
            given = self.get_body_argument("token", "") or headers.get(TOKEN_HEADER, "")
            if not _same(given, editor.token):
                return 403, "Blocked: a change needs the token of this editor's forms.\n"
        elif not self.authorised():
            return 403, (
                "Open the editor at the address `readinglist serve` printed: it carries the "
                "secret token this editor asks for.\n"
            )
        return None

    def allowed(self) -> tuple[str, ...]:
        own = type(self)
        return tuple(
            method
            for method in self.SUPPORTED_METHODS
            if getattr(own, method.lower()) is not getattr(web.RequestHandler, method.lower())
        )

    def authorised(self) -> bool:
        """The token in the address (first visit) or in this port's cookie."""
        return _same(self.get_query_argument("token", ""), self.editor.token) or _same(
            self.get_cookie(self.editor.cookie, ""), self.editor.token
        )

    def plain(self, status: int, message: str) -> None:
        self.set_status(status)
        if status == 405:
            self.set_header("Allow", ", ".join(self.allowed()))
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(message)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        if status_code == 405:
            self.set_header("Allow", ", ".join(self.allowed()))
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code} {self._reason}\n")

    def page(self, template: str, status: int = 200, /, **values: Any) -> None:
        """Render one of the editor's pages."""
        done = self.get_query_argument("done", "")
        values.setdefault("errors", [])
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        html = self.env.get_template(template).render(
            token=self.editor.token,
            messages=self.editor.messages.get(done, []),
            preview=self.editor.base_path,
            paper_url=lambda pid: self.editor.base_path + paper_path(pid),
            list_url=lambda lid: self.editor.base_path + list_path(lid),
            edit_list_url=lambda lid: f"{PREFIX}lists/{quote(lid, safe='')}",
            **values,
        )
        self.finish(html)

    def entered(self) -> bool:
        """On the first visit, trade the token in the address for a cookie and drop it from
        the address (history, the terminal's scrollback of a shared screen). True if so."""
        if self.get_query_argument("token", "") and self.request.method == "GET":
            self.set_cookie(
                self.editor.cookie, self.editor.token, path=PREFIX, httponly=True,
                samesite="Strict",
            )  # fmt: skip
            self.redirect(self.request.path, status=303)
            return True
        return False

    async def work(self, job: Callable[[], T]) -> T:
        """Run a job that reads or writes files (or asks a metadata source) off the server's
        loop, so that pages and reloads go on meanwhile."""
        return await IOLoop.current().run_in_executor(None, job)

    def done(self, lines: list[Line], where: str) -> None:
        """After a save: to a page that shows what it did (a reload does not save again)."""
        self.redirect(f"{where}?done={self.editor.remember(lines)}", status=303)

    def form(self, name: str, default: str = "") -> str:
        return self.get_body_argument(name, default) or default


def _same(given: str | None, token: str) -> bool:
    return bool(given) and hmac.compare_digest(str(given).encode(), token.encode())


class Home(Base):
    """The paste form, the lists, and how many problems `check` finds."""

    async def get(self) -> None:
        if self.entered():
            return
        self.page("home.html", **await self.work(self.editor.overview))

    async def head(self) -> None:
        await self.get()


class Paste(Base):
    """What a paste would make, with every author matched or new; nothing is written."""

    async def post(self) -> None:
        values = self.paste_values()
        try:
            plan = await self.work(lambda: self.plan(values))
        except UserError as exc:
            await self.refused(values, [str(p) for p in exc.problems])
            return
        self.page("preview.html", 200, plan=plan, **values)

    async def refused(self, values: dict[str, str], errors: list[str]) -> None:
        """The first page again, the paste kept, with why it cannot be read or saved."""
        shown = await self.work(self.editor.overview)
        self.page("home.html", 400, errors=errors, **{**shown, **values})

    def paste_values(self) -> dict[str, str]:
        return {
            "text": self.form("text").replace("\r\n", "\n"),
            "list_id": self.form("list"),
            "status": self.form("status", "to-read"),
            "note": self.form("note"),
        }

    def plan(self, values: dict[str, str]) -> Plan:
        editor = self.editor
        return plan_paste(
            editor.content(),
            editor.site,
            values["text"],
            today=editor.today(),
            list_id=values["list_id"],
            status=values["status"],
            note=values["note"],
            fetch=self.fetcher(),
            same_as=self.same_as(),
        )

    def same_as(self) -> dict[str, str] | None:
        """The known authors the editor ticked as the same person as a name of the paste
        (each "ID SPELLING"); None before the editor has seen the choice."""
        if not self.get_body_argument("decided", ""):
            return None
        pairs = (value.partition(" ") for value in self.get_body_arguments("same"))
        return {spelling: author_id for author_id, _, spelling in pairs if spelling}

    def fetcher(self) -> Callable[[str], IncomingPaper] | None:
        fetch, site = self.editor.fetch, self.editor.site
        return None if fetch is None else (lambda identifier: fetch(site, identifier))


class Save(Paste):
    """Save a paste: computed again from the files as they are now, then written."""

    async def post(self) -> None:
        values = self.paste_values()
        editor, same_as = self.editor, self.same_as()

        def job() -> list[Line]:
            with editor.writing, editor.reading:
                plan, written = save_paste(
                    editor.site,
                    values["text"],
                    today=editor.today(),
                    list_id=values["list_id"],
                    status=values["status"],
                    note=values["note"],
                    fetch=self.fetcher(),
                    same_as=same_as,
                    cache=editor.parsed,
                )
            return saved_lines(plan, written, editor)

        try:
            lines = await self.work(job)
        except UserError as exc:
            await self.refused(values, [*map(str, exc.problems), "Nothing was saved."])
            return
        self.done(lines, PREFIX)


def saved_lines(plan: Plan, written: tuple[Path, ...], editor: Editor) -> list[Line]:
    """What a saved paste did, in lines, with links to the pages it changes on the preview."""
    lines = []
    for record in plan.records:
        verb = "added" if record.created else "already on the site; filled in"
        href = editor.base_path + paper_path(record.paper.id)
        lines.append(Line(f"{record.paper.title} ({record.paper.id}): {verb}", href))
    return lines + written_lines(written, editor.site)


def written_lines(written: tuple[Path, ...], site: Path) -> list[Line]:
    """The files a save wrote, one a line, or that it changed nothing."""
    lines = [Line(f"wrote {path.relative_to(site).as_posix()}") for path in written]
    return lines or [Line("Nothing changed.")]


class ListPage(Base):
    """One list's entries: change a status or note, remove one, add a paper."""

    async def get(self, list_id: str) -> None:
        if self.entered():
            return
        await self.show(list_id)

    async def head(self, list_id: str) -> None:
        await self.get(list_id)

    async def show(self, list_id: str, status: int = 200, errors: list[str] | None = None) -> None:
        try:  # a GET writes nothing: what a stopped command left is finished by the next save
            content = await self.work(self.editor.content)
        except UserError as exc:
            shown = [*(errors or []), "The lists cannot be changed until these are fixed:"]
            self.page("check.html", 409, problems=exc.problems, errors=shown)
            return
        rlist = content.lists.get(list_id)
        if rlist is None:
            self.plain(404, f"There is no list '{list_id}'.\n")
            return
        self.page("list.html", status, rlist=rlist, papers=content.papers, errors=errors or [])

    async def post(self, list_id: str) -> None:
        change = ListChange(
            self.form("action"),
            list_id,
            self.form("paper").strip(),
            self.form("status", "to-read"),
            self.form("note"),
        )
        editor = self.editor

        def job() -> tuple[Path, ...]:
            with editor.writing, editor.reading:
                return save_list_change(editor.site, change, editor.today(), editor.parsed)

        try:
            written = await self.work(job)
        except UserError as exc:
            errors = [str(p) for p in exc.problems] + ["Nothing was saved."]
            await self.show(list_id, 400, errors)
            return
        what = {"add": "added to", "remove": "removed from", "update": "changed on"}
        href = editor.base_path + list_path(list_id)
        lines = [Line(f"{change.paper_id} {what[change.action]} the list", href)] if written else []
        self.done(lines + written_lines(written, editor.site), self.request.path)


class Check(Base):
    """`readinglist check`'s problems."""

    async def get(self) -> None:
        if self.entered():
            return
        _, problems = await self.work(lambda: check_site(self.editor.site))
        self.page("check.html", problems=problems)

    async def head(self) -> None:
        await self.get()


class Missing(Base):
    """Any other address under /_edit/."""

    async def get(self, rest: str = "") -> None:
        self.plain(404, "No such page in the editor.\n")

    async def head(self, rest: str = "") -> None:
        await self.get(rest)


def handlers(editor: Editor) -> list[tuple[str, type[Base], dict[str, Any]]]:
    """The editor's routes, for serve's tornado application."""
    args = {"editor": editor, "env": environment()}
    return [
        (r"/_edit/?", Home, args),
        (r"/_edit/paste", Paste, args),
        (r"/_edit/save", Save, args),
        (r"/_edit/lists/([^/]+)", ListPage, args),
        (r"/_edit/check", Check, args),
        (r"/_edit(/.*)?", Missing, args),
    ]

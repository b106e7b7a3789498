"""Reading a built site back: the links, ids and metadata of its HTML pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


@dataclass
class PageInfo:
    """What one HTML page contains that tests look at."""

    links: list[str] = field(default_factory=list)  # href/src of a, link, script, img
    ids: set[str] = field(default_factory=set)
    meta: list[tuple[str, str]] = field(default_factory=list)  # (name or property, content)
    json_ld: list[str] = field(default_factory=list)
    classes_of_links: dict[str, list[str]] = field(default_factory=dict)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.info = PageInfo()
        self._in_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.info.ids.add(a["id"])
        for key in ("href", "src"):
            if key in a and tag in ("a", "link", "script", "img"):
                self.info.links.append(a[key])
                self.info.classes_of_links.setdefault(a[key], []).append(a.get("class", ""))
        if tag == "meta" and ("name" in a or "property" in a):
            self.info.meta.append((a.get("name") or a.get("property", ""), a.get("content", "")))
        self._in_json = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.info.json_ld.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_json = False


def read_page(path: Path) -> PageInfo:
    """Parse one HTML file."""
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader.info


def html_pages(out: Path) -> list[Path]:
    """Every HTML file of a built site."""
    return sorted(out.rglob("*.html"))


def broken_links(out: Path, base_path: str) -> list[str]:
    """Internal links (under base_path) that lead nowhere, or to a missing #fragment."""
    infos = {page: read_page(page) for page in html_pages(out)}
    broken = []
    for page, info in infos.items():
        here = base_path + page.relative_to(out).as_posix()
        for link in info.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # external
            if parts.path and not parts.path.startswith("/"):  # relative, as a page's Markdown
                parts = urlsplit(urljoin(here, link))  # may link: as a browser reads it
            if not parts.path:  # "#fragment" on the same page
                target = page
            elif not parts.path.startswith(base_path):
                broken.append(f"{page.relative_to(out)}: {link} leaves the base path {base_path}")
                continue
            else:
                target = out / unquote(parts.path[len(base_path) :])
                if link.endswith("/") or target.is_dir():
                    target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(out)}: {link} -> no such file")
            elif parts.fragment and target.suffix == ".html":
                ids = infos[target].ids if target in infos else read_page(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{page.relative_to(out)}: {link} -> no #{parts.fragment}")
    return broken


class _Danger(HTMLParser):
    """Finds what could run: foreign scripts, event handlers, javascript: URLs, frames, styles.

    The site's own scripts (JSON-LD data, the search page's Pagefind files under the site's
    path) are allowed; any script carrying the hostile payload (`alert`) is not.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script":
            src = a.get("src", "")
            if src and (not src.startswith("/") or src.startswith("//") or "alert" in src):
                self.found.append(f"<script src={src!r}>")
            self._script = a
        # inline SVG pictures are drawn by the site (site/pictures.py); what in SVG could run
        # or fetch (foreignObject, use, animate, set, image) is not
        if tag in ("iframe", "object", "embed", "style", "base", "foreignobject", "use",
                   "animate", "set", "image"):  # fmt: skip
            self.found.append(f"<{tag}>")
        for name, value in a.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            squashed = "".join(value.split()).lower()
            if name in ("href", "src", "action", "formaction", "xlink:href") and (
                squashed.startswith(("javascript:", "vbscript:", "data:"))
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.found.append(f"<{tag} style=...>")

    def handle_data(self, data: str) -> None:
        if self._script is not None and "alert" in data:
            kind = self._script.get("type", "")
            if kind == "application/ld+json":
                # JSON-LD is data: the payload may appear in a string, never as markup
                if "</script" in data.lower() or "<!--" in data:
                    self.found.append("a JSON-LD block that breaks out of its <script>")
            else:
                self.found.append(f"<script> running content: {data[:60]!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


def dangerous(text: str) -> list[str]:
    """Everything in an HTML page that could run code or restyle the page."""
    finder = _Danger()
    finder.feed(text)
    return finder.found

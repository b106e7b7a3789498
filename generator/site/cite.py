"""Citations out: BibTeX, RIS and CSL-JSON, with keys stable across builds and unique in a site."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from generator.base.names import PARTICLES, fold
from generator.base.text import plain_text, plain_title
from generator.model.records import Author, Content, Paper

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "on",
        "of",
        "in",
        "for",
        "to",
        "and",
        "with",
        "from",
        "by",
        "is",
        "are",
        "at",
        "as",
    ]
)
_TEX_SPECIALS = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}"}
# TeX escapes already in the text (50\%) or math ($...$) are kept as they are.
_TEX_TOKEN = re.compile(r"\$[^$]*\$|\\[&%#_{}$]|[&%#_{}]")
# in a RIS value: control characters, lone surrogates and non-characters become spaces
_NOT_IN_RIS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def cite_keys(content: Content) -> dict[str, str]:
    """A BibTeX key per paper: family name of the first author, year, first title word."""
    by_base: dict[str, list[str]] = defaultdict(list)
    for pid in sorted(content.papers):
        by_base[base_key(content.papers[pid], content.authors)].append(pid)
    keys: dict[str, str] = {}
    for base, pids in by_base.items():
        for n, pid in enumerate(pids):
            keys[pid] = base if len(pids) == 1 else base + _suffix(n)
    return keys


def _suffix(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def base_key(paper: Paper, authors: Mapping[str, Author]) -> str:
    """A paper's key before two papers that share it get a, b, c..."""
    first = authors.get(paper.authors[0]) if paper.authors else None
    family = "anon"
    if first is not None:
        words = [w for w in fold(first.family).split() if w not in PARTICLES] or ["anon"]
        family = "".join(words)
    words = [w for w in fold(paper.title).split() if w not in STOP_WORDS]
    return f"{family}{paper.year or 'nd'}{words[0] if words else 'untitled'}"


def tex_escape(text: str) -> str:
    """Escape TeX specials outside math; what is already escaped or math stays as written."""

    def fix(match: re.Match[str]) -> str:
        token = match.group(0)
        return _TEX_SPECIALS.get(token, token)

    return _TEX_TOKEN.sub(fix, " ".join(text.split()))


def _protect_capitals(title: str) -> str:
    """Brace words that must keep their capitals (GPT-4o, WebGPT), as reference managers do."""
    return re.sub(
        r"(?<![\\{$\w])([\w-]*[A-Z][\w-]*[A-Z0-9][\w-]*)",
        lambda m: "{" + m.group(1) + "}",
        title,
    )


def bibtex_name(author: Author) -> str:
    """An author in BibTeX: 'Family, Given', or a braced organization name."""
    if author.kind == "organization" or not author.given:
        return "{" + tex_escape(author.name) + "}"
    return f"{tex_escape(author.family)}, {tex_escape(author.given)}"


def bibtex(paper: Paper, key: str, authors: Mapping[str, Author]) -> str:
    """One BibTeX entry: @misc for preprints, @inproceedings when a venue is known."""
    fields: list[tuple[str, str]] = [
        ("title", _protect_capitals(tex_escape(paper.title))),
        ("author", " and ".join(bibtex_name(authors[a]) for a in paper.authors if a in authors)),
    ]
    if paper.year:
        fields.append(("year", str(paper.year)))
    kind = "misc"
    if paper.venue:
        kind = "inproceedings"
        fields.append(("booktitle", tex_escape(paper.venue)))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archiveprefix", "arXiv")]
    if paper.doi:
        fields.append(("doi", paper.doi))
    url = paper.url or (f"https://arxiv.org/abs/{paper.arxiv}" if paper.arxiv else "")
    if url:
        fields.append(("url", url))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def ris(paper: Paper, key: str, authors: Mapping[str, Author], abstract: bool = True) -> str:
    """One RIS record (EndNote, Zotero, Mendeley): conference paper or unpublished preprint."""
    lines = [
        ("TY", "CPAPER" if paper.venue else "UNPB"),
        ("ID", key),
        ("TI", plain_title(paper.title)),
    ]
    for aid in paper.authors:
        author = authors[aid]
        name = (
            author.name
            if author.kind == "organization" or not author.given
            else (f"{author.family}, {author.given}")
        )
        lines.append(("AU", name))
    if paper.year:
        lines.append(("PY", str(paper.year)))
    if paper.venue:
        lines.append(("T2", paper.venue))
    if paper.doi:
        lines.append(("DO", paper.doi))
    url = paper.url or (f"https://arxiv.org/abs/{paper.arxiv}" if paper.arxiv else "")
    if url:
        lines.append(("UR", url))
    if paper.arxiv:
        lines.append(("M1", f"arXiv:{paper.arxiv}"))
    lines += [("KW", tag) for tag in paper.tags]
    if abstract and paper.abstract:
        lines.append(("AB", plain_text(paper.abstract)))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {ris_value(value)}".rstrip() + "\n" for tag, value in lines)


def ris_value(value: str) -> str:
    """A value on one RIS line: a line break in it would start a line of its own, which a
    reader takes for a tag (`TY  - JOUR` starts another record). Every run of spaces, line
    breaks and control characters becomes one space."""
    return " ".join(_NOT_IN_RIS.sub(" ", value).split())


def csl_json(
    paper: Paper, key: str, authors: Mapping[str, Author], abstract: bool = True
) -> dict[str, Any]:
    """One CSL-JSON item (citeproc, Zotero, pandoc)."""
    item: dict[str, Any] = {
        "id": key,
        "type": "paper-conference" if paper.venue else "article",
        "title": plain_title(paper.title),
        "author": [
            {"literal": authors[a].name}
            if authors[a].kind == "organization" or not authors[a].given
            else {"family": authors[a].family, "given": authors[a].given}
            for a in paper.authors
        ],
    }
    if paper.year:
        item["issued"] = {"date-parts": [[paper.year]]}
    if paper.venue:
        item["container-title"] = paper.venue
    if paper.doi:
        item["DOI"] = paper.doi
    if paper.arxiv:
        item["number"] = f"arXiv:{paper.arxiv}"
        item["publisher"] = "arXiv"
    url = paper.url or (f"https://arxiv.org/abs/{paper.arxiv}" if paper.arxiv else "")
    if url:
        item["URL"] = url
    if paper.tags:
        item["keyword"] = ", ".join(paper.tags)
    if abstract and paper.abstract:
        item["abstract"] = plain_text(paper.abstract)
    return item


def csl_line(item: dict[str, Any]) -> str:
    """One CSL-JSON item on one line (compact enough for json's C encoder)."""
    return json.dumps(item, ensure_ascii=False)


def csl_list(lines: Iterable[str]) -> str:
    """A CSL-JSON file: a list of items made by csl_line, one a line."""
    return "[\n" + ",\n".join(lines) + "\n]\n"

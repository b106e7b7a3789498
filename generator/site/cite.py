"""Citations out: BibTeX, RIS and CSL-JSON, with keys stable across builds and unique in a site."""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import fields as dataclass_fields
from typing import Any

from generator.base.names import PARTICLES, fold
from generator.base.text import plain_text, plain_title
from generator.model.records import (
    MONTHS,
    PAPER_TYPES,
    Author,
    Content,
    Paper,
    PaperLinks,
    implied_type,
)

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
    """A BibTeX key per paper: the user's own `citation_key`, else family name of the first
    author, year and first title word. Unique in the site: a key given twice, or a made key
    that another paper already has, gets a, b, c..."""
    keys: dict[str, str] = {}
    taken: set[str] = set()
    for pid in sorted(content.papers):
        key = own_key(content.papers[pid])
        if key and key not in taken:
            keys[pid] = key
            taken.add(key)
    by_base: dict[str, list[str]] = defaultdict(list)
    for pid in sorted(content.papers):
        if pid not in keys:
            by_base[base_key(content.papers[pid], content.authors)].append(pid)
    for base, pids in by_base.items():
        n = 0
        for pid in pids:
            key = base if len(pids) == 1 and base not in taken else ""
            while not key or key in taken:
                key = base + _suffix(n)
                n += 1
            keys[pid] = key
            taken.add(key)
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


# --- what a paper is: its type and the fields of its type ---------------------------------

LINK_KINDS = tuple(f.name for f in dataclass_fields(PaperLinks))  # pdf, code, slides, ...
_BIBTEX_TYPES = {
    "article": "article",
    "conference": "inproceedings",
    "book": "book",
    "chapter": "incollection",
    "report": "techreport",
}
_RIS_TYPES = {
    "article": "JOUR",
    "conference": "CPAPER",
    "book": "BOOK",
    "chapter": "CHAP",
    "thesis": "THES",
    "report": "RPRT",
    "preprint": "UNPB",  # RIS has no preprint: an unpublished work (Zotero: manuscript)
    "dataset": "DATA",
    "software": "COMP",
    "other": "GEN",
}
_CSL_TYPES = {
    "article": "article-journal",
    "conference": "paper-conference",
    "book": "book",
    "chapter": "chapter",
    "thesis": "thesis",
    "report": "report",
    "preprint": "article",  # CSL's type for preprints and working papers, as Zotero writes
    "dataset": "dataset",
    "software": "software",
    "other": "article",
}
# BibTeX's key: anything but what ends it or breaks the entry
_OWN_KEY = re.compile(r"^[^\s,{}()\"#%'=\\~]{1,100}$")
_PAGE_RANGE = re.compile(r"^\s*([^\s\-\u2010-\u2015]+)\s*(?:-+|[\u2010-\u2015])\s*(\S+)\s*$")


def text_field(paper: Paper, name: str) -> str:
    """A text field of a paper by name ('' when it has none): for templates and tables."""
    value = getattr(paper, name, "")
    return value if isinstance(value, str) else ""


def paper_type(paper: Paper) -> str:
    """What the paper is (one of PAPER_TYPES): its type, else the one its fields imply."""
    return paper.type if paper.type in PAPER_TYPES else implied_type(paper)


def month_of(paper: Paper) -> int | None:
    """The month of publication, 1-12, or None."""
    return paper.month if paper.month and 1 <= paper.month <= 12 else None


def editors_of(paper: Paper) -> tuple[str, ...]:
    """The paper's editors (author ids)."""
    return paper.editors


def et_al(paper: Paper) -> bool:
    """Whether the paper has more authors than it lists."""
    return paper.et_al


def anonymous(paper: Paper) -> str:
    """'Anonymous' for a work that names no author, as BibTeX and RIS give one; else ""."""
    return "Anonymous" if paper.anonymous and not paper.authors else ""


def paper_links(paper: Paper) -> list[tuple[str, str]]:
    """(kind, URL) of each of the paper's links beyond `url`, in LINK_KINDS order."""
    return [(kind, url) for kind in LINK_KINDS if (url := getattr(paper.links, kind))]


def container(paper: Paper) -> str:
    """Where the paper appeared: the journal, the book or proceedings, else `venue`."""
    kind = paper_type(paper)
    if kind == "article":
        return text_field(paper, "journal") or paper.venue
    if kind in ("conference", "chapter"):
        return text_field(paper, "booktitle") or paper.venue
    return text_field(paper, "journal") or text_field(paper, "booktitle") or paper.venue


def page_range(pages: str) -> tuple[str, str]:
    """(first, last) page of '436-444', '436--444' or '436–444'; (pages, '') for one page."""
    found = _PAGE_RANGE.match(pages)
    if found:
        return found.group(1), found.group(2)
    return pages.strip(), ""


def paper_url(paper: Paper) -> str:
    """The paper's web address: its url, else its arXiv page."""
    return paper.url or (f"https://arxiv.org/abs/{paper.arxiv}" if paper.arxiv else "")


def own_key(paper: Paper) -> str:
    """The user's own citation key, when it is one BibTeX can read."""
    key = text_field(paper, "citation_key").strip()
    return key if _OWN_KEY.match(key) else ""


# --- BibTeX -------------------------------------------------------------------------------


def bibtex_type(paper: Paper) -> str:
    """The BibTeX (not biblatex) entry type of a paper."""
    kind = paper_type(paper)
    if kind == "thesis":
        return "mastersthesis" if text_field(paper, "degree") == "masters" else "phdthesis"
    return _BIBTEX_TYPES.get(kind, "misc")


def _balanced(value: str) -> bool:
    """Whether the braces of a value pair up as BibTeX counts them (a backslash escapes none)."""
    depth = 0
    for char in value:
        depth += 1 if char == "{" else -1 if char == "}" else 0
        if depth < 0:
            return False
    return depth == 0


def bib_text(text: str) -> str:
    """A text value for BibTeX: specials escaped, braces balanced as BibTeX counts them."""
    value = tex_escape(text)
    if _balanced(value):
        return value
    # a lone brace: every literal brace as a macro, math no longer kept apart
    plain = " ".join(text.split())
    out = []
    for char in plain:
        if char == "{":
            out.append(r"{\textbraceleft}")
        elif char == "}":
            out.append(r"{\textbraceright}")
        else:
            out.append(_TEX_SPECIALS.get(char, char))
    return "".join(out)


def _bib_verbatim(value: str) -> str:
    """A DOI or URL as written, its braces percent-encoded when they would not pair up."""
    value = " ".join(value.split())
    return value if _balanced(value) else value.replace("{", "%7B").replace("}", "%7D")


def dashed_pages(pages: str, dash: str) -> str:
    """Pages with a range's dash as a format wants it: 436--444 (BibTeX), 436-444 (CSL)."""
    first, last = page_range(pages)
    return f"{first}{dash}{last}" if last else first


def bib_names(ids: Iterable[str], authors: Mapping[str, Author], more: bool = False) -> str:
    """Names joined with ' and ', ending with 'and others' when more are not listed."""
    names = [bibtex_name(authors[a]) for a in ids if a in authors]
    if more and names:
        names.append("others")
    return " and ".join(names)


def bibtex(paper: Paper, key: str, authors: Mapping[str, Author]) -> str:
    """One BibTeX entry, of the paper's type, with every field the paper has."""
    kind = paper_type(paper)
    entry = bibtex_type(paper)
    text = functools.partial(text_field, paper)
    fields: list[tuple[str, str]] = [
        ("title", _protect_capitals(bib_text(paper.title))),
        ("author", bib_names(paper.authors, authors, et_al(paper)) or anonymous(paper)),
        ("editor", bib_names(editors_of(paper), authors)),
    ]
    where = container(paper)
    # the container of the type, and any other the paper has (bibtex passes over the rest)
    journal = where if kind == "article" else paper.journal
    booktitle = where if kind in ("conference", "chapter") else paper.booktitle
    fields += [("journal", bib_text(journal)), ("booktitle", bib_text(booktitle))]
    fields += [
        ("series", bib_text(text("series"))),
        ("edition", bib_text(text("edition"))),
        ("volume", bib_text(text("volume"))),
        ("number", bib_text(text("number"))),
        ("pages", bib_text(dashed_pages(text("pages"), "--"))),
        ("school", bib_text(text("school"))),
        ("institution", bib_text(text("institution"))),
        ("organization", bib_text(text("organization"))),
        ("publisher", bib_text(text("publisher"))),
        ("address", bib_text(text("address"))),
    ]
    howpublished = text("howpublished")
    if entry == "misc" and not howpublished and paper.venue:
        howpublished = paper.venue
    fields.append(("howpublished", bib_text(howpublished)))
    if kind in ("dataset", "software"):  # BibTeX has no such types: @misc says it here
        fields.append(("type", kind.capitalize()))
    if kind not in ("article", "conference", "chapter") and paper.venue and entry != "misc":
        fields.append(("note", bib_text(paper.venue)))  # a venue with no field of its own
    month = month_of(paper)
    if month:
        fields.append(("month", MONTHS[month - 1]))  # a macro, as bibtex styles expect
    if paper.year:
        fields.append(("year", str(paper.year)))
    fields += [
        ("isbn", bib_text(text("isbn"))),
        ("issn", bib_text(text("issn"))),
    ]
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archiveprefix", "arXiv")]
    fields += [
        ("doi", _bib_verbatim(paper.doi)),
        ("pmid", bib_text(text("pmid"))),
        ("url", _bib_verbatim(paper_url(paper))),
        ("openreview", bib_text(text("openreview"))),
        (
            "biburl",
            _bib_verbatim(f"https://dblp.org/rec/{text('dblp')}.bib" if text("dblp") else ""),
        ),
    ]
    # the links as al-folio's buttons name them
    names = {"project": "website"}
    fields += [(names.get(link, link), _bib_verbatim(url)) for link, url in paper_links(paper)]
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
        if value
    )
    return f"@{entry}{{{key},\n{body}\n}}\n"


# --- RIS ----------------------------------------------------------------------------------


def _ris_name(author: Author) -> str:
    if author.kind == "organization" or not author.given:
        return author.name
    return f"{author.family}, {author.given}"


def ris(paper: Paper, key: str, authors: Mapping[str, Author], abstract: bool = True) -> str:
    """One RIS record (EndNote, Zotero, Mendeley), tagged as Zotero's RIS translator reads it."""
    kind = paper_type(paper)
    text = functools.partial(text_field, paper)
    lines = [("TY", _RIS_TYPES[kind]), ("ID", key), ("TI", plain_title(paper.title))]
    lines += [("AU", _ris_name(authors[a])) for a in paper.authors if a in authors]
    lines += [("AU", anonymous(paper))] if anonymous(paper) else []
    lines += [("ED", _ris_name(authors[a])) for a in editors_of(paper) if a in authors]
    if paper.year:
        lines.append(("PY", str(paper.year)))
        month = month_of(paper)
        if month:
            lines.append(("DA", f"{paper.year}/{month:02d}//"))
    where = container(paper)
    if kind in ("article", "conference", "chapter") or (where and kind != "preprint"):
        lines.append(("T2", where))
    elif kind == "preprint" and paper.venue and not paper.arxiv:
        lines.append(("T2", paper.venue))
    lines += [("T3", text("series")), ("VL", text("volume"))]
    if kind == "report":
        lines.append(("SN", text("number")))
    else:
        lines.append(("IS", text("number")))
    first, last = page_range(text("pages"))
    lines += [("SP", first), ("EP", last), ("ET", text("edition"))]
    if kind == "thesis":
        degree = text("degree")
        lines.append(("M3", {"phd": "PhD thesis", "masters": "Master's thesis"}.get(degree, "")))
    publisher = text("school") or text("institution") or text("organization") or text("publisher")
    lines += [("PB", publisher), ("CY", text("address"))]
    if kind != "report" or not text("number"):
        lines += [("SN", text("isbn")), ("SN", text("issn"))]
    lines.append(("DO", paper.doi))
    lines.append(("UR", paper_url(paper)))
    lines += [("L1", url) for link, url in paper_links(paper) if link == "pdf"]
    if paper.arxiv:
        lines.append(("M1", f"arXiv:{paper.arxiv}"))
    if text("pmid"):
        lines.append(("AN", f"PMID:{text('pmid')}"))
    lines += [("KW", tag) for tag in paper.tags]
    if abstract and paper.abstract:
        lines.append(("AB", plain_text(paper.abstract)))
    out = []
    for tag, value in lines:
        value = ris_value(value)
        if value or tag == "ER":
            out.append(f"{tag}  - {value}\n")
    return "".join(out) + "ER  -\n"


def ris_value(value: str) -> str:
    """A value on one RIS line: a line break in it would start a line of its own, which a
    reader takes for a tag (`TY  - JOUR` starts another record). Every run of spaces, line
    breaks and control characters becomes one space."""
    return " ".join(_NOT_IN_RIS.sub(" ", value).split())


def _csl_name(author: Author) -> dict[str, str]:
    if author.kind == "organization" or not author.given:
        return {"literal": author.name}
    return {"family": author.family, "given": author.given}


def csl_json(
    paper: Paper, key: str, authors: Mapping[str, Author], abstract: bool = True
) -> dict[str, Any]:
    """One CSL-JSON item (citeproc, Zotero, pandoc), of the CSL type of the paper's type."""
    kind = paper_type(paper)
    text = functools.partial(text_field, paper)
    item: dict[str, Any] = {
        "id": key,
        "type": _CSL_TYPES[kind],
        "title": plain_title(paper.title),
        "author": [_csl_name(authors[a]) for a in paper.authors if a in authors],
    }
    editors = [_csl_name(authors[a]) for a in editors_of(paper) if a in authors]
    if editors:
        item["editor"] = editors
    if paper.year:
        month = month_of(paper)
        item["issued"] = {"date-parts": [[paper.year, month] if month else [paper.year]]}
    where = container(paper)
    if where and not (kind == "preprint" and paper.arxiv and where == paper.venue):
        item["container-title"] = where
    values = {
        "collection-title": text("series"),
        "volume": text("volume"),
        "page": dashed_pages(text("pages"), "-"),
        "edition": text("edition"),
        "publisher": text("school")
        or text("institution")
        or text("organization")
        or text("publisher"),
        "publisher-place": text("address"),
        "ISBN": text("isbn"),
        "ISSN": text("issn"),
        "PMID": text("pmid"),
    }
    values["issue" if kind not in ("report",) else "number"] = text("number")
    if kind == "thesis":
        values["genre"] = {"phd": "PhD thesis", "masters": "Master's thesis"}.get(
            text("degree"), ""
        )
    item.update((name, value) for name, value in values.items() if value)
    if paper.doi:
        item["DOI"] = paper.doi
    if paper.arxiv:
        item.setdefault("number", f"arXiv:{paper.arxiv}")
        item.setdefault("publisher", "arXiv")
    url = paper_url(paper)
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


_JSON_TEXT = json.encoder.encode_basestring  # json's C function for a string (not ASCII-only)
_JSON = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one a call


def csl_indented(value: Any, depth: int = 0) -> str:
    """JSON as json.dumps(value, ensure_ascii=False, indent=2) writes it (its keys strings),
    for a paper's page, in a third less time: json's own indenting runs in Python, several
    generator steps per value, and json.dumps makes an encoder each call."""
    if isinstance(value, str):
        return _JSON_TEXT(value)
    if not value or not isinstance(value, dict | list):
        return _JSON(value)
    inner = "\n" + "  " * (depth + 1)
    if isinstance(value, dict):
        pieces = [f"{_JSON_TEXT(k)}: {csl_indented(v, depth + 1)}" for k, v in value.items()]
        return "{" + inner + ("," + inner).join(pieces) + "\n" + "  " * depth + "}"
    pieces = [csl_indented(v, depth + 1) for v in value]
    return "[" + inner + ("," + inner).join(pieces) + "\n" + "  " * depth + "]"


def csl_list(lines: Iterable[str]) -> str:
    """A CSL-JSON file: a list of items made by csl_line, one a line."""
    return "[\n" + ",\n".join(lines) + "\n]\n"

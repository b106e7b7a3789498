"""CSL-JSON files (Zotero, Better BibTeX, Mendeley, citeproc, pandoc), read with the standard
library: a JSON array of items (or one item) with `type`, `title`, `author`, `issued`."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from generator.base.errors import Problem, UserError
from generator.base.names import Name, looks_like_organization
from generator.editing.ingest.bibtex import ARXIV_DOI, ARXIV_IN_TEXT
from generator.editing.ingest.incoming import CITATION_KEY_ID, BibtexFile, IncomingPaper
from generator.editing.sources.common import orcid
from generator.model.records import ARXIV_RE, DOI_RE, URL_RE

# CSL types -> paper types
TYPES = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "review": "article",
    "paper-conference": "conference",
    "book": "book",
    "classic": "book",
    "chapter": "chapter",
    "entry-encyclopedia": "chapter",
    "entry-dictionary": "chapter",
    "thesis": "thesis",
    "report": "report",
    "standard": "report",
    "article": "preprint",  # CSL's "article" is an unpublished or preprint article
    "manuscript": "preprint",
    "dataset": "dataset",
    "software": "software",
}


def is_csl_json(text: str) -> bool:
    """Whether a text is CSL-JSON: JSON whose items have a CSL `type` and a title or author."""
    if not text.lstrip().startswith(("[", "{")):
        return False
    try:
        data = json.loads(text)
    except ValueError:
        return False
    items = data if isinstance(data, list) else [data]
    return bool(items) and all(
        isinstance(item, dict) and "type" in item and ("title" in item or "author" in item)
        for item in items
    )


def read_csl_json(text: str, path: str) -> BibtexFile:
    """Parse CSL-JSON into papers; an item without a title is skipped with its number."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise UserError(
            [Problem(path, getattr(exc, "lineno", 1), f"not valid JSON: {exc}")]
        ) from exc
    items = data if isinstance(data, list) else [data]
    lines = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"\{\s*\"", text)]
    problems: list[Problem] = []
    papers = []
    item_line = iter(_item_lines(text, len(items)) or lines)
    for number, item in enumerate(items, start=1):
        line = next(item_line, 1)
        if not isinstance(item, dict):
            problems.append(Problem(path, line, f"skipped item {number}: not a JSON object"))
            continue
        title = " ".join(str(item.get("title", "")).split())
        if not title:
            problems.append(Problem(path, line, f"skipped item {number}: it has no title"))
            continue
        papers.append(_paper(item, title, line))
    return BibtexFile(path, tuple(papers), tuple(problems))


def _item_lines(text: str, count: int) -> list[int]:
    """The line each top-level item of a JSON array starts on."""
    lines, depth, quoted, escaped, line = [], 0, False, False, 1
    for ch in text:
        if ch == "\n":
            line += 1
        if quoted:
            escaped, quoted = (False, quoted) if escaped else (ch == "\\", ch != '"')
            continue
        if ch == '"':
            quoted = True
        elif ch in "[{":
            depth += 1
            if depth == 2 and ch == "{":
                lines.append(line)
        elif ch in "]}":
            depth -= 1
    return lines if len(lines) == count else []


def people(values: Any) -> tuple[tuple[Name, ...], tuple[str, ...]]:
    """CSL names (family with its particles and given, or a literal: an organization), with
    an ORCID per position ('' where none; () when none has one): CSL-JSON
    from Crossref, DataCite and Zotero's translators gives `"ORCID": "https://orcid.org/..."`
    on a name. One name given twice is kept once."""
    found: dict[Name, str] = {}
    for person in values or ():
        if not isinstance(person, Mapping):
            continue
        literal = " ".join(str(person.get("literal", "")).split())
        particle = " ".join(
            str(person.get(k, "")) for k in ("dropping-particle", "non-dropping-particle")
        ).strip()
        family = " ".join(f"{particle} {person.get('family', '')}".split())
        given = " ".join(str(person.get("given", "")).split())
        suffix = " ".join(str(person.get("suffix", "")).split())
        if suffix:
            family = f"{family} {suffix}"
        if not family and literal:
            kind = (
                "organization" if " " in literal or looks_like_organization(literal) else "person"
            )
            name = Name(literal, "", kind, f"{literal}, null")
        elif family and given:
            name = Name(family, given, "person", f"{family}, {given}")
        elif family:
            kind = "organization" if looks_like_organization(family) else "person"
            name = Name(family, "", kind, f"{family}, null")
        else:
            continue
        found[name] = found.get(name) or orcid(person.get("ORCID") or person.get("orcid"))
    orcids = tuple(found.values())
    return tuple(found), orcids if any(orcids) else ()


def _date(item: Mapping[str, Any]) -> tuple[int | None, int | None]:
    issued = item.get("issued") or {}
    parts = (
        issued.get("date-parts") or issued.get("date_parts") if isinstance(issued, dict) else None
    )
    if parts and isinstance(parts, list):
        # the first part with a year of four digits, as BibTeX's year is read: a library's
        # 'date-parts': [[21], [1996]] is 1996, and [[16]] ('circa', a 17th-century book) none
        for part in parts:
            try:
                year = int(part[0])
                month = int(part[1]) if len(part) > 1 else None
            except (TypeError, ValueError, IndexError, KeyError):
                continue
            if 1000 <= year <= 2999:
                return year, month if month and 1 <= month <= 12 else None
        return None, None
    raw = str(issued.get("raw", "") if isinstance(issued, dict) else issued)
    found = re.match(r"(\d{4})(?:-(\d{2}))?", raw)
    if found:
        return int(found.group(1)), int(found.group(2)) if found.group(2) else None
    return None, None


def _text(item: Mapping[str, Any], *keys: str) -> str:
    for key in keys:
        value = item.get(key)
        if value not in (None, ""):
            return " ".join(str(value).split())
    return ""


def _paper(item: Mapping[str, Any], title: str, line: int) -> IncomingPaper:
    kind = TYPES.get(str(item.get("type", "")), "other")
    container = _text(item, "container-title")
    year, month = _date(item)
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/)", "", _text(item, "DOI"), flags=re.I)
    url = _text(item, "URL")
    note = _text(item, "note", "extra")
    arxiv = ""
    found = ARXIV_DOI.match(doi) or ARXIV_IN_TEXT.search(url) or ARXIV_IN_TEXT.search(note)
    if found and ARXIV_RE.match(found.group(1)):
        arxiv = found.group(1)
    if kind == "other" and arxiv:
        kind = "preprint"
    genre = _text(item, "genre").lower()
    degree = ""
    if kind == "thesis":
        degree = (
            "phd"
            if ("phd" in genre or "doctor" in genre or "dissertation" in genre)
            else ("masters" if "master" in genre else "")
        )
    publisher = _text(item, "publisher")
    keywords = _text(item, "keyword")
    key = _text(item, "citation-key", "citationKey")
    if not key:
        found_key = re.search(r"^Citation Key:\s*(\S+)", note, re.MULTILINE)
        key = found_key.group(1) if found_key else ""
    if not key and CITATION_KEY_ID.fullmatch(_text(item, "id")):
        key = _text(item, "id")  # Better BibTeX's and pandoc's CSL JSON: the id is the key
    authors, orcids = people(item.get("author"))
    editors, editor_orcids = people(item.get("editor"))
    return IncomingPaper(
        title=title,
        authors=authors,
        orcids=orcids,
        editor_orcids=editor_orcids,
        abstract=_text(item, "abstract"),
        line=line,
        year=year,
        month=month,
        arxiv=arxiv,
        doi=doi if DOI_RE.match(doi) else "",
        url=url if URL_RE.match(url) and not arxiv else "",
        tags=tuple(dict.fromkeys(t.strip() for t in re.split(r"[,;]", keywords) if t.strip())),
        type=kind,
        degree=degree,
        journal=container if kind in ("article", "preprint") else "",
        booktitle=container if kind in ("conference", "chapter") else "",
        series=_text(item, "collection-title"),
        volume=_text(item, "volume"),
        number=_text(item, "issue", "number") if kind != "report" else _text(item, "number"),
        pages=_text(item, "page"),
        edition=_text(item, "edition"),
        publisher="" if kind in ("thesis", "report") else publisher,
        school=publisher if kind == "thesis" else "",
        institution=publisher if kind == "report" else "",
        address=_text(item, "publisher-place", "event-place"),
        isbn=_text(item, "ISBN"),
        issn=_text(item, "ISSN"),
        pmid=_text(item, "PMID"),
        citation_key=key if re.fullmatch(r"[^\s,{}]+", key or "-") else "",
        editors=editors,
    )

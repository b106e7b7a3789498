"""BibTeX files (bibtexparser 2): entries -> papers; LaTeX accents -> Unicode.

A broken entry is reported with its line and skipped; the good entries still import.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares import (
    LatexDecodingMiddleware,
    SeparateCoAuthors,
    SplitNameParts,
)

from generator.base.errors import Problem
from generator.base.names import Name, looks_like_organization
from generator.editing.ingest.incoming import BibtexFile, IncomingPaper
from generator.model.records import ARXIV_RE, DOI_RE, URL_RE

ENTRY_START = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
ARXIV_IN_TEXT = re.compile(
    r"(?:arxiv(?:\.org/(?:abs|pdf)/|:\s*|\s+preprint\s+arxiv:\s*))"
    r"(\d{4}\.\d{4,5}(?:v\d+)?|[a-z.-]+/\d{7}(?:v\d+)?)",
    re.IGNORECASE,
)


def is_bibtex(text: str) -> bool:
    """Whether a text looks like BibTeX: it has at least one `@type{` entry start."""
    return bool(ENTRY_START.search(text))


def read_bibtex(text: str, path: str) -> BibtexFile:
    """Parse a BibTeX file into papers; problems in single entries are kept, not raised."""
    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # its parse errors are reported below, with our wording
    try:
        library = parse_string(
            text,
            append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors(), SplitNameParts()],
        )
    finally:
        logger.setLevel(level)
    problems = [
        Problem(
            path,
            (block.start_line or 0) + 1,
            f"skipped a broken entry: {_first_line(block)}; "
            "fix its braces and quotes, then import again",
        )
        for block in library.failed_blocks
    ]
    papers = []
    for entry in library.entries:
        line = (entry.start_line or 0) + 1  # bibtexparser counts lines from 0
        fields = {key.lower(): field.value for key, field in entry.fields_dict.items()}
        title = _clean(fields.get("title", ""))
        if not title:
            problems.append(
                Problem(path, line, f"skipped @{entry.entry_type}{{{entry.key}}}: it has no title")
            )
            continue
        papers.append(_paper(fields, title, line, path, problems))
    return BibtexFile(path, tuple(papers), tuple(problems))


def _first_line(block: Any) -> str:
    raw = str(getattr(block, "raw", "")).strip().splitlines()
    return raw[0][:60] if raw else "an unreadable block"


def _clean(value: Any) -> str:
    """A field value as plain text: braces that only protected capitals are dropped."""
    text = str(value) if not isinstance(value, str) else value
    text = re.sub(r"(?<!\\)[{}]", "", text)
    return " ".join(text.split())


def _names(value: Any) -> tuple[Name, ...]:
    if not isinstance(value, list):
        return ()
    names = []
    for parts in value:
        family = " ".join([*parts.von, *parts.last, *parts.jr])
        given = " ".join(parts.first)
        family, given = _clean(family), _clean(given)
        if not family:
            continue
        if given:
            names.append(Name(family, given, "person", f"{family}, {given}"))
        else:
            kind = "organization" if looks_like_organization(family) else "person"
            names.append(Name(family, "", kind, family))
    return tuple(dict.fromkeys(names))


def _paper(
    fields: dict[str, Any], title: str, line: int, path: str, problems: list[Problem]
) -> IncomingPaper:
    year_match = re.search(
        r"\b(1\d{3}|2\d{3})\b", _clean(fields.get("year") or fields.get("date", ""))
    )
    venue = _clean(fields.get("journal") or fields.get("booktitle") or "")
    arxiv = _arxiv(fields)
    if venue and ARXIV_IN_TEXT.search(venue):
        venue = ""  # "arXiv preprint arXiv:1706.03762" is not a venue; the id is kept
    doi = _clean(fields.get("doi", "")).removeprefix("https://doi.org/").removeprefix("doi:")
    if doi and not DOI_RE.match(doi):
        problems.append(Problem(path, line, f"ignored doi '{doi}': not a DOI", warning=True))
        doi = ""
    url = _clean(fields.get("url", ""))
    if url and (not URL_RE.match(url) or ARXIV_IN_TEXT.search(url)):
        url = ""
    keywords = _clean(fields.get("keywords", ""))
    tags = tuple(dict.fromkeys(t.strip() for t in re.split(r"[,;]", keywords) if t.strip()))
    return IncomingPaper(
        title=title,
        authors=_names(fields.get("author")),
        abstract=" ".join(str(fields.get("abstract", "")).split()),
        line=line,
        year=int(year_match.group(1)) if year_match else None,
        venue=venue,
        arxiv=arxiv,
        doi=doi,
        url=url,
        tags=tags,
    )


def _arxiv(fields: dict[str, Any]) -> str:
    eprint = _clean(fields.get("eprint", ""))
    prefix = _clean(fields.get("archiveprefix", "") or fields.get("eprinttype", "")).lower()
    if eprint and (prefix == "arxiv" or ARXIV_RE.match(eprint)):
        return eprint.removeprefix("arXiv:")
    for key in ("journal", "url", "note", "howpublished"):
        match = ARXIV_IN_TEXT.search(_clean(fields.get(key, "")))
        if match:
            return match.group(1)
    return ""

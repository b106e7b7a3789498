"""What the sources' readers share: names, abstracts, JSON and dates."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any

from generator.base.names import Name, looks_like_organization
from generator.editing.ingest.bibtex import read_names
from generator.editing.sources.client import Malformed, Source
from generator.model.records import ORCID_RE


def obj(value: object) -> dict[str, Any]:
    """A JSON object, or {} for anything else: a source's optional parts may be missing."""
    return value if isinstance(value, dict) else {}


def one_line(value: object) -> str:
    """A value as one line of text ('' for None)."""
    return " ".join(str(value).split()) if value not in (None, "") else ""


def person(display: str) -> Name | None:
    """A name written "Given Family" (or "Family, Given"), split as BibTeX splits names."""
    text = one_line(display)
    if not text:
        return None
    if looks_like_organization(text):
        return Name(text, "", "organization", f"{text}, null")
    # braces and backslashes would be read as TeX: a source's name is plain text
    names, _ = read_names(text.replace("{", "").replace("}", "").replace("\\", ""))
    return names[0] if names else None


def given_family(given: object, family: object) -> Name | None:
    """A name a source gives in parts; an organization has a family name alone."""
    fam, giv = one_line(family), one_line(given)
    if fam and giv:
        return Name(fam, giv, "person", f"{fam}, {giv}")
    if fam:
        kind = "organization" if looks_like_organization(fam) or " " in fam else "person"
        return Name(fam, "", kind, f"{fam}, null")
    return person(giv) if giv else None


def orcid(value: object) -> str:
    """An ORCID iD from 'https://orcid.org/0000-...' or the bare form; '' if not one."""
    text = one_line(value).rsplit("/", 1)[-1].upper()
    return text if ORCID_RE.match(text) else ""


_JATS_TITLE = re.compile(r"<(?:jats:)?title\b[^>]*>.*?</(?:jats:)?title>", re.S | re.I)
_PARAGRAPH_END = re.compile(r"</(?:jats:)?p>", re.I)
_TAG = re.compile(r"<[^>]+>")


def strip_markup(text: str) -> str:
    """An abstract as plain text: JATS or HTML tags (and an 'Abstract' heading) removed,
    paragraphs kept apart by a blank line."""
    text = _JATS_TITLE.sub(" ", text)
    text = _PARAGRAPH_END.sub("\n\n", text)
    text = html.unescape(_TAG.sub("", text))
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def plain_title(text: object) -> str:
    """A title as one line of plain text: Crossref and DataCite titles may carry inline
    markup (<i>E. coli</i>, <sub>2</sub>, MathML), which pages would show as written."""
    return one_line(html.unescape(_TAG.sub("", str(text or ""))))


def inverted_abstract(index: object) -> str:
    """OpenAlex's abstract_inverted_index ({word: [positions]}) back to the abstract."""
    if not isinstance(index, Mapping):
        return ""
    words: dict[int, str] = {}
    for word, positions in index.items():
        for position in positions if isinstance(positions, list) else ():
            if isinstance(position, int):
                words[position] = str(word)
    return " ".join(words[p] for p in sorted(words))


def load_json(source: Source, body: bytes) -> Any:
    """A JSON answer; anything else (cut off, an HTML error page) is Malformed."""
    try:
        return json.loads(body)
    except ValueError as exc:
        raise Malformed(source, f"the answer is not valid JSON ({_short(exc)})") from exc


def expect(source: Source, value: object, kind: type, what: str) -> Any:
    """A part of an answer that must be there, of the documented type."""
    if not isinstance(value, kind):
        raise Malformed(source, f"the answer has no {what}")
    return value


def _short(exc: Exception) -> str:
    return one_line(exc)[:80]


def year_of(value: object) -> int | None:
    """A plausible year from an int or the start of a date string."""
    found = re.match(r"\s*(\d{4})", str(value or ""))
    return int(found.group(1)) if found and 1000 < int(found.group(1)) < 3000 else None

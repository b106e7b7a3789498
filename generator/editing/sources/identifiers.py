"""What an editor pastes, read as one identifier: arXiv id, DOI, ISBN or a paper page's URL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from generator.base.errors import Problem, UserError

KINDS = ("arxiv", "doi", "isbn", "openreview", "acl", "s2")

# new-style ids (0704.0001 on, five digits after the dot from 1501) and old-style archive ids
# (hep-th/9901001, math.GT/0309136); a version suffix names a revision of the same paper
_ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[a-z]{2})?/\d{7})(v\d+)?"
_ARXIV = re.compile(rf"^(?:arxiv:\s*)?{_ARXIV_ID}$", re.IGNORECASE)
_ARXIV_URL = re.compile(
    rf"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/{_ARXIV_ID}(?:\.pdf)?/?"
    r"(?:[?#].*)?$",
    re.IGNORECASE,
)
_ARXIV_DOI = re.compile(rf"^10\.48550/arxiv\.{_ARXIV_ID}$", re.IGNORECASE)
_DOI = re.compile(
    r"^(?:doi:\s*|https?://(?:dx\.|www\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE
)
_ISBN = re.compile(r"^(?:isbn(?:-1[03])?:?\s*)?([\d][\d\s-]{8,15}[\dxX])$", re.IGNORECASE)
_OPENREVIEW = re.compile(
    r"^(?:https?://)?(?:www\.)?openreview\.net/(?:forum|pdf)/?\?(?:.*&)?id=([\w-]+)",
    re.IGNORECASE,
)
# ACL Anthology: modern ids (2020.acl-main.463) and old ones (P19-1001), on either host
_ACL_ID = r"(\d{4}\.[a-z\d]+-[a-z\d]+\.\d+|[a-z]\d{2}-\d{4})"
_ACL = re.compile(
    rf"^(?:https?://)?(?:www\.)?(?:aclanthology\.org|aclweb\.org/anthology)/{_ACL_ID}"
    r"(?:\.pdf|\.bib)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
# Semantic Scholar: /paper/[Title-slug/]<40 hex> pages, or a CorpusID
_S2 = re.compile(
    r"^(?:https?://)?(?:www\.)?semanticscholar\.org/paper/(?:[^/?#]+/)?([0-9a-f]{40})"
    r"/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_S2_CORPUS = re.compile(r"^corpusid:\s*(\d+)$", re.IGNORECASE)

ACCEPTED = (
    "an arXiv id (2203.02155, arXiv:2203.02155v2, hep-th/9901001, an arxiv.org link), a DOI "
    "(10.1145/3442188.3445922 or a doi.org link), an ISBN, or an OpenReview, ACL Anthology or "
    "Semantic Scholar link"
)


@dataclass(frozen=True)
class Identifier:
    """One identifier, normalised: `value` is what the source is asked for.

    arxiv: the id without its version; doi: lower-cased DOI; isbn: digits only (10 or 13);
    openreview: the forum id; acl: the Anthology id; s2: a 40-hex paper id or CorpusID:N."""

    kind: str
    value: str
    version: str = ""  # an arXiv revision the editor named (v2), kept for the message only

    def __str__(self) -> str:
        label = {
            "arxiv": "arXiv:",
            "doi": "doi:",
            "isbn": "ISBN ",
            "openreview": "OpenReview ",
            "acl": "ACL Anthology ",
            "s2": "Semantic Scholar ",
        }[self.kind]
        return f"{label}{self.value}{self.version}"


def _error(text: str, message: str) -> UserError:
    return UserError([Problem(text or "''", 0, message)])


def parse_identifier(text: str) -> Identifier:
    """Read one pasted identifier; anything else is a UserError saying what is accepted."""
    raw = text.strip().strip("<>").strip()
    if not raw:
        raise _error(text, f"an empty identifier: give {ACCEPTED}")
    found = _ARXIV.match(raw) or _ARXIV_URL.match(raw)
    if found:
        return Identifier("arxiv", _arxiv_id(found.group(1)), (found.group(2) or "").lower())
    doi = _DOI.match(unquote(raw) if raw.lower().startswith("http") else raw)
    if doi:
        value = doi.group(1).rstrip(".,;")
        arxiv_doi = _ARXIV_DOI.match(value)
        if arxiv_doi:  # DataCite registers arXiv's DOIs; arXiv itself says more
            return Identifier("arxiv", _arxiv_id(arxiv_doi.group(1)), "")
        return Identifier("doi", value.lower())
    isbn = _ISBN.match(raw)
    if isbn:
        digits = re.sub(r"[\s-]", "", isbn.group(1)).upper()
        if len(digits) in (10, 13) and isbn_valid(digits):
            return Identifier("isbn", digits)
        if len(digits) in (10, 13) and (len(digits) == 10 or digits.startswith(("978", "979"))):
            raise _error(text, "this ISBN's check digit is wrong: a typing mistake?")
    for kind, pattern in (("openreview", _OPENREVIEW), ("acl", _ACL), ("s2", _S2)):
        found = pattern.match(raw)
        if found:
            return Identifier(kind, found.group(1) if kind != "s2" else found.group(1).lower())
    corpus = _S2_CORPUS.match(raw)
    if corpus:
        return Identifier("s2", f"CorpusID:{corpus.group(1)}")
    raise _error(text, f"not an identifier readinglist can look up: give {ACCEPTED}")


def _arxiv_id(found: str) -> str:
    # old-style archive names are lower case (math.GT keeps its upper-case subject class)
    if "/" in found:
        archive, number = found.split("/")
        head, _, subject = archive.partition(".")
        return f"{head.lower()}{'.' + subject.upper() if subject else ''}/{number}"
    return found


def isbn_valid(digits: str) -> bool:
    """Whether a 10- or 13-character ISBN's check digit is right."""
    if len(digits) == 10 and re.fullmatch(r"\d{9}[\dX]", digits):
        values = [10 if ch == "X" else int(ch) for ch in digits]
        return sum((10 - i) * v for i, v in enumerate(values)) % 11 == 0
    if len(digits) == 13 and digits.isdigit():
        return sum(int(ch) * (1 if i % 2 == 0 else 3) for i, ch in enumerate(digits)) % 10 == 0
    return False

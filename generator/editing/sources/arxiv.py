"""arXiv's API (an Atom feed): one paper by its id, with its DOI and journal reference once
published (https://info.arxiv.org/help/api/user-manual.html)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from generator.editing.ingest.incoming import IncomingPaper
from generator.editing.sources.client import ARXIV, Client, Malformed, NotFound
from generator.editing.sources.common import one_line, person, year_of
from generator.model.records import DOI_RE

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"


@dataclass(frozen=True)
class ArxivRecord:
    """One arXiv entry: the paper, and where it was published (if the authors said)."""

    paper: IncomingPaper
    journal_ref: str
    doi: str
    category: str


def fetch(client: Client, arxiv_id: str) -> ArxivRecord:
    """The entry of one arXiv id (its latest version)."""
    return client.get(ARXIV, "", lambda body: parse(body, arxiv_id), {"id_list": arxiv_id})


def parse(body: bytes, arxiv_id: str) -> ArxivRecord:
    """Read an API answer for one id. Python's expat does not fetch external entities and
    refuses entity-expansion bombs, so a hostile feed is at worst Malformed."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise Malformed(ARXIV, f"the answer is not valid XML ({exc})") from exc
    if root.tag != f"{_ATOM}feed":
        raise Malformed(ARXIV, "the answer is not an Atom feed")
    for entry in root.findall(f"{_ATOM}entry"):
        entry_id = entry.findtext(f"{_ATOM}id", "")
        if "/api/errors" in entry_id:  # arXiv reports a bad id as an entry titled Error
            raise NotFound(ARXIV, one_line(entry.findtext(f"{_ATOM}summary", "")) or "no such id")
        found = re.search(r"arxiv\.org/abs/(.+?)(v\d+)?$", entry_id)
        if found and found.group(1).lower() == arxiv_id.lower():
            return _record(entry, found.group(1))
    raise NotFound(ARXIV, "no such paper (404)")


def _record(entry: ET.Element, arxiv_id: str) -> ArxivRecord:
    title = one_line(entry.findtext(f"{_ATOM}title", ""))
    if not title:
        raise Malformed(ARXIV, "the entry has no title")
    names = [
        person(author.findtext(f"{_ATOM}name", "")) for author in entry.findall(f"{_ATOM}author")
    ]
    published = entry.findtext(f"{_ATOM}published", "")
    month = re.match(r"\d{4}-(\d{2})", published)
    primary = entry.find(f"{_ARXIV}primary_category")
    category = primary.get("term", "") if primary is not None else ""
    pdf = ""
    for link in entry.findall(f"{_ATOM}link"):
        if link.get("title") == "pdf" or link.get("type") == "application/pdf":
            pdf = re.sub(r"v\d+$", "", link.get("href", "").replace("http://", "https://"))
    doi = one_line(entry.findtext(f"{_ARXIV}doi", ""))
    journal_ref = one_line(entry.findtext(f"{_ARXIV}journal_ref", ""))
    paper = IncomingPaper(
        title=title,
        authors=tuple(n for n in names if n is not None),
        abstract=one_line(entry.findtext(f"{_ATOM}summary", "")),
        line=0,
        year=year_of(published),
        month=int(month.group(1)) if month else None,
        arxiv=arxiv_id,
        type="preprint",
        # arXiv's own way to cite a preprint: arXiv:2203.02155 [cs.CL]
        howpublished=f"arXiv:{arxiv_id}" + (f" [{category}]" if category else ""),
        links=(("pdf", pdf),) if pdf else (),
    )
    return ArxivRecord(paper, journal_ref, doi if DOI_RE.match(doi) else "", category)

"""`add` and `complete`: papers by identifier, and abstract-only papers filled in from the
sources, through the importer's own merge (identity rules, duplicates) and all-or-nothing save."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from generator.base.errors import Problem, Problems, UserError
from generator.base.files import recover
from generator.editing.ingest.incoming import BibtexFile, IncomingPaper
from generator.editing.ingest.merge import (
    ABSTRACT_THRESHOLD,
    Report,
    merge,
    normalise_abstract,
    placeholder_title,
    title_key,
)
from generator.editing.save import save
from generator.editing.sources import openalex
from generator.editing.sources.client import Client, SourceError
from generator.editing.sources.lookup import lookup, make_client
from generator.model.config import SiteConfig, load_config
from generator.model.reading import read_content
from generator.model.records import Content, Paper

__all__ = [
    "AddResult",
    "Candidate",
    "CompleteResult",
    "Outcome",
    "add_papers",
    "add_records",
    "complete_papers",
]

STATUSES = ("to-read", "reading", "read")
SOURCE_PATH = "(looked up)"  # where merged records came from, for the importer's messages


@dataclass(frozen=True)
class AddResult:
    """What `add` wrote: the import report, the files, and each paper's authors."""

    report: Report
    written: tuple[Path, ...]
    papers: tuple[str, ...]  # the paper id each identifier became, in order
    # paper -> its authors and editors: (author id, already on the site)
    authors: dict[str, tuple[tuple[str, bool], ...]]


def _load(site: Path) -> tuple[SiteConfig, Content]:
    recover(site)  # first: finish or undo what a stopped command left in content/
    config = load_config(site)
    content, problems = read_content(site)
    if problems.errors:
        raise UserError(problems.errors)
    return config, content


def _check_list(content: Content, list_id: str, status: str, note: str) -> None:
    problems = Problems()
    if list_id and list_id not in content.lists:
        problems.add(
            "--list",
            0,
            f"there is no list '{list_id}'; create it with 'readinglist new list' first",
        )
    if status and status not in STATUSES:
        problems.add("--status", 0, f"'{status}' is not one of {', '.join(STATUSES)}")
    if (status or note) and not list_id:
        problems.add("--list", 0, "--status and --note are for a list entry: name the list")
    problems.raise_if_errors()


def add_papers(
    site: Path,
    identifiers: Sequence[str],
    today: dt.date,
    *,
    list_id: str = "",
    status: str = "",
    note: str = "",
    client: Client | None = None,
) -> AddResult:
    """Look every identifier up, then merge them into content/ and save, all or nothing.

    Any failed look-up, or a paper the site already has, stops it before anything is written.
    A paper known only by its abstract (needs_metadata) is completed rather than refused."""
    config, content = _load(site)
    _check_list(content, list_id, status, note)
    problems = Problems()
    found: list[tuple[str, IncomingPaper]] = []
    active = client if client is not None else make_client(config, site)
    try:
        for identifier in identifiers:
            try:
                found.append((identifier, lookup(identifier, config, site, client=active)))
            except UserError as exc:
                problems.extend(exc.problems)
    finally:
        if client is None:
            active.close()
    problems.raise_if_errors()
    return _add(site, content, found, today, list_id, status, note, write=True)


def add_records(
    site: Path,
    records: Sequence[tuple[str, IncomingPaper]],
    today: dt.date,
    *,
    list_id: str = "",
    status: str = "",
    note: str = "",
    write: bool = True,
) -> AddResult:
    """Add papers already looked up (or read from a pasted BibTeX or RIS entry), each with
    the text it came from for messages, as `add` does; with write=False, only say what would
    be written (authors matched or new, a paper refused) and write nothing."""
    _, content = _load(site)
    _check_list(content, list_id, status, note)
    return _add(site, content, records, today, list_id, status, note, write=write)


def _add(
    site: Path,
    content: Content,
    found: Sequence[tuple[str, IncomingPaper]],
    today: dt.date,
    list_id: str,
    status: str,
    note: str,
    *,
    write: bool,
) -> AddResult:
    problems = Problems()
    papers = tuple(dataclasses.replace(p, line=i + 1) for i, (_, p) in enumerate(found))
    merged, report = merge(content, [BibtexFile(SOURCE_PATH, papers, ())], today, list_id)
    seen: dict[str, str] = {}
    for (identifier, paper), paper_id in zip(found, report.imported, strict=True):
        old = content.papers.get(paper_id)
        if old is not None and not old.needs_metadata:
            problems.add(
                identifier.strip(),
                0,
                f"the site already has this paper: {paper_id} "
                f"({_why_same(old, paper)}); nothing to add",
            )
        elif paper_id in seen:
            problems.add(identifier.strip(), 0, f"the same paper as {seen[paper_id]}, given twice")
        seen.setdefault(paper_id, identifier.strip())
    problems.raise_if_errors()
    if list_id:
        merged = _set_entries(merged, list_id, report.imported, status or "to-read", note)
    written = save(site, content, merged) if write else ()
    authors = {
        pid: tuple(
            (a, a in content.authors)
            for a in dict.fromkeys((*merged.papers[pid].authors, *merged.papers[pid].editors))
        )
        for pid in dict.fromkeys(report.imported)
    }
    return AddResult(report, written, tuple(report.imported), authors)


def _why_same(old: Paper, new: IncomingPaper) -> str:
    if old.arxiv and old.arxiv.lower() == new.arxiv.lower():
        return f"arXiv {old.arxiv}"
    if old.doi and old.doi.lower() == new.doi.lower():
        return f"DOI {old.doi}"
    if title_key(old.title) == title_key(new.title):
        return "the same title and authors"
    return "the same abstract"


def _set_entries(
    content: Content, list_id: str, papers: Sequence[str], status: str, note: str
) -> Content:
    """The list's entries for these papers with the status and note asked for."""
    rlist = content.lists[list_id]
    wanted = set(papers)
    entries = tuple(
        dataclasses.replace(e, status=status, note=note or e.note) if e.paper in wanted else e
        for e in rlist.entries
    )
    lists = {**content.lists, list_id: dataclasses.replace(rlist, entries=entries)}
    return dataclasses.replace(content, lists=lists)


# --- complete -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A work a source found for a paper, and how well it matches."""

    paper: IncomingPaper
    abstract_score: float  # fuzz.ratio of normalised abstracts, as the importer compares them
    title_score: float | None  # None when the paper's title is its abstract's first words

    @property
    def certain(self) -> bool:
        """The abstract matches as the importer's own matching requires."""
        return self.abstract_score >= ABSTRACT_THRESHOLD


@dataclass(frozen=True)
class Outcome:
    """What `complete` did with one paper."""

    paper: str
    candidates: tuple[Candidate, ...]
    chosen: int | None  # index into candidates, None when left as it is
    reason: str


@dataclass(frozen=True)
class CompleteResult:
    """What `complete` did: one outcome a paper, the import report and the files written."""

    outcomes: tuple[Outcome, ...]
    report: Report | None
    written: tuple[Path, ...]


Chooser = Callable[[Paper, Sequence[Candidate]], int | None]


def score(paper: Paper, candidate: IncomingPaper) -> Candidate:
    """How well a found work matches a paper: abstracts compared as the importer does."""
    abstract = (
        fuzz.ratio(normalise_abstract(paper.abstract), normalise_abstract(candidate.abstract))
        if paper.abstract and candidate.abstract
        else 0.0
    )
    placeholder = paper.title == placeholder_title(paper.abstract)
    title = (
        None
        if placeholder or not paper.title
        else round(float(fuzz.ratio(title_key(paper.title), title_key(candidate.title))), 1)
    )
    return Candidate(candidate, round(float(abstract), 1), title)


def search_text(paper: Paper) -> str:
    """What a paper is searched by: its title, unless that is the abstract's first words."""
    if paper.title and paper.title != placeholder_title(paper.abstract):
        return paper.title
    return " ".join(paper.abstract.split()[:30])


def complete_papers(
    site: Path,
    paper_ids: Sequence[str],
    today: dt.date,
    *,
    pick: int | None = None,
    choose: Chooser | None = None,
    client: Client | None = None,
) -> CompleteResult:
    """Search the sources for papers marked needs_metadata (all of them, or those named) and
    fill in each one whose abstract matches a found work, or the one `pick` or `choose` says."""
    config, content = _load(site)
    problems = Problems()
    for pid in paper_ids:
        if pid not in content.papers:
            problems.add(pid, 0, "there is no such paper in content/papers/")
        elif not content.papers[pid].needs_metadata:
            problems.add(pid, 0, "this paper is not marked needs_metadata: nothing to complete")
    problems.raise_if_errors()
    targets = [
        content.papers[pid]
        for pid in (
            paper_ids or sorted(p for p in content.papers if content.papers[p].needs_metadata)
        )
    ]
    if pick is not None and len(targets) != 1:
        raise UserError([Problem("--pick", 0, "give exactly one PAPER with --pick")])
    outcomes: list[Outcome] = []
    chosen: list[tuple[Paper, IncomingPaper]] = []
    active = client if client is not None else make_client(config, site)
    try:
        for paper in targets:
            try:
                found = openalex.search(active, search_text(paper))
            except SourceError as exc:
                raise UserError([Problem(paper.id, 0, str(exc))]) from exc
            candidates = sorted(
                (score(paper, c) for c in found),
                key=lambda c: (c.abstract_score, c.title_score or 0.0),
                reverse=True,
            )
            outcome = _decide(paper, tuple(candidates), pick, choose)
            outcomes.append(outcome)
            if outcome.chosen is not None:
                chosen.append((paper, candidates[outcome.chosen].paper))
    finally:
        if client is None:
            active.close()
    if not chosen:
        return CompleteResult(tuple(outcomes), None, ())
    # the paper's own abstract (or, without one, its title) ties the chosen work to it: the
    # importer's matching then fills the paper in (title, authors by the identity rules, year,
    # venue), keeping what an editor wrote
    records = tuple(
        dataclasses.replace(
            found,
            abstract=paper.abstract,
            title=found.title if paper.abstract else paper.title,
            line=i + 1,
        )
        for i, (paper, found) in enumerate(chosen)
    )
    merged, report = merge(content, [BibtexFile(SOURCE_PATH, records, ())], today)
    for (paper, _), paper_id in zip(chosen, report.imported, strict=True):
        if paper_id in content.papers and paper_id != paper.id:
            why = f"the work found is {paper_id}, already on the site: merge the two by hand"
        elif paper_id != paper.id:
            why = "the work found could not be tied to this paper (its year or type differ)"
        else:
            continue
        raise UserError([Problem(paper.id, 0, f"{why}; nothing was changed")])
    return CompleteResult(tuple(outcomes), report, save(site, content, merged))


def _decide(
    paper: Paper, candidates: tuple[Candidate, ...], pick: int | None, choose: Chooser | None
) -> Outcome:
    if not candidates:
        return Outcome(paper.id, candidates, None, "the sources found nothing like it")
    if pick is not None:
        if not 1 <= pick <= len(candidates):
            raise UserError(
                [
                    Problem(
                        "--pick",
                        0,
                        f"there are {len(candidates)} candidates: pick 1 to {len(candidates)}",
                    )
                ]
            )
        return Outcome(paper.id, candidates, pick - 1, "picked by the editor")
    if candidates[0].certain:
        best = candidates[0].abstract_score
        return Outcome(paper.id, candidates, 0, f"the abstract matches ({best:.0f}%)")
    if choose is not None:
        index = choose(paper, candidates)
        if index is not None:
            return Outcome(paper.id, candidates, index, "picked by the editor")
        return Outcome(paper.id, candidates, None, "no candidate picked")
    best = candidates[0].abstract_score
    return Outcome(
        paper.id,
        candidates,
        None,
        f"no candidate's abstract matches (best {best:.0f}%, needs {ABSTRACT_THRESHOLD:.0f}%): "
        "pick one with --pick N",
    )

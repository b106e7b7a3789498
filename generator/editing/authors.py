"""`readinglist authors`: the review list of authors who may be one person, and the two edits
an editor makes from it: merge two authors into one, or split a spelling off an author.

Both edits rewrite every paper that points to the authors, keep every spelling, and write all
their files at once (all or nothing, as import does).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from generator.base.errors import Problem, UserError
from generator.base.names import alias_name, make_id, unique_id
from generator.editing.ingest.identity import known_spellings, spelling_key
from generator.editing.ingest.people import Candidate, review_authors
from generator.editing.save import save
from generator.model.config import load_config
from generator.model.reading import read_content
from generator.model.records import Author, Content, Paper


def _refuse(message: str) -> UserError:
    return UserError([Problem("authors", 0, message)])


def _loaded(site: Path) -> Content:
    content, problems = read_content(site)
    if problems.errors:
        raise UserError(problems.errors)
    return content


def review(site: Path) -> list[Candidate]:
    """Authors of the site who may be one person, strongest evidence first."""
    return review_authors(_loaded(site))


def repoint(paper: Paper, old: str, new: str) -> Paper:
    """A paper with `old` replaced by `new` wherever it names authors (once each)."""
    changes = {}
    for name in ("authors", "editors"):
        ids = getattr(paper, name, None)
        if ids and old in ids:
            changes[name] = tuple(dict.fromkeys(new if a == old else a for a in ids))
    return dataclasses.replace(paper, **changes) if changes else paper  # type: ignore[arg-type]


def merge_authors(site: Path, keep: str, others: Sequence[str]) -> list[str]:
    """Merge authors into `keep`: their papers point to it, their spellings become its aliases,
    their files are removed. Returns the lines to print."""
    content = _loaded(site)
    missing = [aid for aid in (keep, *others) if aid not in content.authors]
    if missing:
        raise _refuse(f"no author '{missing[0]}' in content/authors/; check the id")
    if keep in others:
        raise _refuse(f"'{keep}' cannot be merged into itself")
    highlighted = [aid for aid in others if aid in load_config(site).highlight]
    if highlighted:
        raise _refuse(
            f"site.yaml highlights '{highlighted[0]}': highlight '{keep}' there instead, then merge"
        )
    kept = content.authors[keep]
    aliases = list(known_spellings(kept))
    links = kept.links
    lines = []
    papers = dict(content.papers)
    for other in others:
        author = content.authors[other]
        if author.kind != kept.kind:
            raise _refuse(f"'{other}' is an {author.kind} and '{keep}' a {kept.kind}")
        aliases += [s for s in known_spellings(author) if s not in aliases]
        links = dataclasses.replace(
            links,
            **{
                f.name: getattr(author.links, f.name)
                for f in dataclasses.fields(links)
                if not getattr(links, f.name) and getattr(author.links, f.name)
            },
        )
        moved = 0
        for pid, paper in papers.items():
            repointed = repoint(paper, other, keep)
            if repointed is not paper:
                papers[pid] = repointed
                moved += 1
        lines.append(f"merged {other} into {keep}: {moved} paper{'s' * (moved != 1)} moved")
    excluded = {spelling_key(s) for s in aliases}
    not_same_as = tuple(s for s in kept.not_same_as if spelling_key(s) not in excluded)
    authors = {aid: a for aid, a in content.authors.items() if aid not in others}
    authors[keep] = dataclasses.replace(
        kept, aliases=tuple(aliases), links=links, not_same_as=not_same_as
    )
    new = dataclasses.replace(content, papers=papers, authors=authors)
    written = save(site, content, new)
    lines.append(f"{len(written)} file{'s' * (len(written) != 1)} written or removed")
    return lines


def split_author(site: Path, author_id: str, spelling: str, papers: Sequence[str]) -> list[str]:
    """Split a spelling off an author: a new author with that spelling, the given papers
    pointing to it, and the spelling in the old author's `not_same_as` so that no import
    merges it back. Returns the lines to print."""
    content = _loaded(site)
    if author_id not in content.authors:
        raise _refuse(f"no author '{author_id}' in content/authors/; check the id")
    author = content.authors[author_id]
    key = spelling_key(spelling)
    aliases = [s for s in known_spellings(author) if spelling_key(s) != key]
    if len(aliases) == len(known_spellings(author)):
        known = "; ".join(known_spellings(author))
        raise _refuse(f"'{spelling}' is not a spelling of {author_id} (it has: {known})")
    if not aliases:
        raise _refuse(f"'{spelling}' is the only spelling of {author_id}: nothing to split")
    for pid in papers:
        if pid not in content.papers:
            raise _refuse(f"no paper '{pid}' in content/papers/; check the id")
        if author_id not in content.papers[pid].authors + getattr(
            content.papers[pid], "editors", ()
        ):
            raise _refuse(f"paper '{pid}' does not name {author_id}")
    name = alias_name(spelling, author.kind)
    if name is None:
        raise _refuse(f"'{spelling}': write the spelling as 'Family, Given'")
    new_id = unique_id(make_id(name.display, "author"), content.authors)
    authors = dict(content.authors)
    authors[new_id] = Author(
        id=new_id,
        name=name.display,
        family=name.family,
        given=name.given,
        kind=author.kind,
        aliases=(spelling,),
        not_same_as=(known_spellings(author)[0],) if aliases else (),
    )
    authors[author_id] = dataclasses.replace(
        author, aliases=tuple(aliases), not_same_as=(*author.not_same_as, spelling)
    )
    updated = dict(content.papers)
    for pid in papers:
        updated[pid] = repoint(content.papers[pid], author_id, new_id)
    new = dataclasses.replace(content, papers=updated, authors=authors)
    written = save(site, content, new)
    count = len(papers)
    return [
        f"new author {new_id}: content/authors/{new_id}.yaml",
        f"'{spelling}' split off {author_id} (now in its not_same_as); "
        f"{count} paper{'s' * (count != 1)} moved to {new_id}",
        f"{len(written)} file{'s' * (len(written) != 1)} written",
    ]

"""The round trip of issue 13's acceptance: import a real .bib into an empty site, build it,
import every exported cite.bib into a second empty site: the same records, field for field.
The files are real bibliographies (tests/data/bib/SOURCES.md)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.build.pipeline import build
from generator.model.reading import read_content
from generator.model.records import Content, Paper
from generator.site.cite import page_range

from .conftest import Run

DATA = Path(__file__).parent / "data" / "bib"
FILES = (
    "biblatex-examples.bib",
    "d2l-textbook.bib",
    "peikert-crypto.bib",
    "al-folio-papers.bib",
    "dblp-thesis-rnbguy.bib",
    "zotero-physics-thesis.bib",
    "nlp-dissertation-gowda.bib",
)
# every field a paper has that BibTeX carries, compared as read back
FIELDS = (
    "type",
    "title",
    "year",
    "month",
    "et_al",
    "citation_key",
    "journal",
    "booktitle",
    "volume",
    "number",
    "pages",
    "edition",
    "series",
    "publisher",
    "address",
    "school",
    "institution",
    "organization",
    "howpublished",
    "degree",
    "isbn",
    "issn",
    "pmid",
    "arxiv",
    "doi",
    "openreview",
    "dblp",
    "links",
)


def record(paper: Paper, content: Content) -> dict[str, Any]:
    """What a paper says, with its people by name (ids differ between sites)."""
    values = {name: getattr(paper, name, None) for name in FIELDS}
    values["authors"] = [content.authors[a].name for a in paper.authors]
    values["editors"] = [content.authors[a].name for a in getattr(paper, "editors", ())]
    return values


def imported(cli: Callable[..., Run], folder: Path, files: list[Path]) -> Content:
    assert cli("init", folder).code == 0
    run = cli("import", "--site", folder, *files)
    assert run.code == 0, run.err
    content, problems = read_content(folder)
    assert not problems.errors, problems.errors
    return content


def round_trip(cli: Callable[..., Run], tmp_path: Path, name: str) -> tuple[int, list[str]]:
    """(papers compared, what differs) for one file."""
    first = imported(cli, tmp_path / "first", [DATA / name])
    build(tmp_path / "first", tmp_path / "out")
    exported = tmp_path / "exported.bib"
    exported.write_text(
        "\n".join(
            (tmp_path / f"out/papers/{pid}/cite.bib").read_text(encoding="utf-8")
            for pid in sorted(first.papers)
        ),
        encoding="utf-8",
    )
    second = imported(cli, tmp_path / "second", [exported])
    differences = []
    if len(second.papers) != len(first.papers):
        differences.append(f"{len(first.papers)} papers became {len(second.papers)}")
    again = {getattr(p, "citation_key", "") or p.title: p for p in second.papers.values()}
    for pid, paper in sorted(first.papers.items()):
        key = getattr(paper, "citation_key", "") or paper.title
        if key not in again:
            differences.append(f"{name}: {pid} ({key}) is missing after the round trip")
            continue
        before, after = record(paper, first), record(again[key], second)
        differences += [
            f"{name}: {key}: {field}: {before[field]!r} became {after[field]!r}"
            for field in before
            if before[field] != after[field]
        ]
    return len(first.papers), differences


@pytest.mark.parametrize("name", FILES)
def test_a_real_bibliography_survives_import_export_import_field_for_field(
    cli: Callable[..., Run], tmp_path: Path, name: str
) -> None:
    count, differences = round_trip(cli, tmp_path, name)
    spelled = [d for d in differences if _only_spelled_apart(d)]
    others = [d for d in differences if d not in spelled]
    print(f"round trip of {name}: {count} papers, {len(others)} fields differ, "
          f"{len(spelled)} page ranges spelled apart")  # fmt: skip
    assert count >= 5
    assert not others, "\n".join(others[:40]) + f"\n({len(others)} in all)"


def test_page_ranges_come_back_spelled_as_they_were(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    differences = []
    for name in ("d2l-textbook.bib", "peikert-crypto.bib"):
        differences += round_trip(cli, tmp_path / name, name)[1]
    assert not differences, "\n".join(differences[:20])


_PAGES = re.compile(r": pages: '(.*)' became '(.*)'$")


def _only_spelled_apart(difference: str) -> bool:
    """A page range read back with another dash: the same pages, spelled apart (see
    test_page_ranges_come_back_spelled_as_they_were)."""
    found = _PAGES.search(difference)
    return bool(found) and page_range(found.group(1)) == page_range(found.group(2))

"""The editor's work (generator/editing/web.py), without HTTP: what a paste makes, with every
author matched or new, saved as `import` saves it; list entries changed, added, removed; and
every refusal writing nothing.

HTTP, the token and the browser are tests/test_editor_http.py's and tests/test_browser.py's.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.base.errors import UserError
from generator.base.names import Name
from generator.commands.editor import look_up
from generator.editing.ingest.detect import read_source, read_text_source
from generator.editing.ingest.incoming import IncomingPaper
from generator.editing.web import (
    ListChange,
    change_list,
    load,
    plan_paste,
    save_list_change,
    save_paste,
)
from generator.model.reading import read_content

from .conftest import snapshot
from .sources_server import Sources, recorded
from .test_serve import tiny_site

TODAY = dt.date(2026, 12, 1)

# Ada Lovelace and Charles Babbage are on the site, co-authors of x and y; Grace Hopper is not
BIBTEX = """
@inproceedings{engine2023,
  title = {Notes on the Analytical Engine},
  author = {Lovelace, Ada and Babbage, Charles and Hopper, Grace},
  booktitle = {Proceedings of the Engine Society},
  year = {2023},
}
"""

RIS = """TY  - JOUR
TI  - Punched cards as programs
AU  - Lovelace, Ada
AU  - Hopper, Grace
PY  - 2022
JO  - Journal of Looms
ER  -
"""

HOSTILE = "<script>alert(1)</script> {{ config.title }} {% raw %}"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return tiny_site(tmp_path / "site")


def plan(site: Path, text: str, **options: object) -> object:
    return plan_paste(load(site), site, text, today=TODAY, **options)  # type: ignore[arg-type]


def test_a_bibtex_paste_shows_each_author_matched_or_new_and_writes_nothing(site: Path) -> None:
    before = snapshot(site)
    made = plan_paste(load(site), site, BIBTEX, today=TODAY, list_id="engines", status="reading")
    assert made.kind == "BibTeX"
    [record] = made.records
    assert record.created and record.paper.title == "Notes on the Analytical Engine"
    assert record.paper.type == "conference" and record.paper.year == 2023
    people = [(p.spelling, p.author, p.new) for p in record.authors]
    assert people == [
        ("Lovelace, Ada", "ada-lovelace", False),
        ("Babbage, Charles", "charles-babbage", False),
        ("Hopper, Grace", "grace-hopper", True),
    ]
    assert record.listed == "added"
    assert dict(made.files) == {
        "content/authors/grace-hopper.yaml": True,
        f"content/papers/{record.paper.id}.yaml": True,
        "content/lists/engines.yaml": False,
    }
    assert snapshot(site) == before  # a preview only


def test_saving_a_paste_writes_the_paper_its_new_author_and_the_list_entry(site: Path) -> None:
    made, written = save_paste(
        site, BIBTEX, today=TODAY, list_id="engines", status="reading", note="Chapter 2 first"
    )
    paper_id = made.records[0].paper.id
    assert {p.relative_to(site).as_posix() for p in written} == {
        "content/authors/grace-hopper.yaml",
        f"content/papers/{paper_id}.yaml",
        "content/lists/engines.yaml",
    }
    content, problems = read_content(site)
    assert not problems.errors
    paper = content.papers[paper_id]
    assert paper.authors == ("ada-lovelace", "charles-babbage", "grace-hopper")
    assert paper.booktitle == "Proceedings of the Engine Society"
    entries = {e.paper: e for e in content.lists["engines"].entries}
    assert [e.paper for e in content.lists["engines"].entries] == ["x", "y", paper_id]
    assert (entries[paper_id].status, entries[paper_id].note) == ("reading", "Chapter 2 first")
    assert entries[paper_id].added == TODAY
    assert entries["x"].status == "read"  # the others as they were
    # the editor writes nothing outside content/ (import would add the missing schemas)
    assert not (site / "schemas").exists()


def test_the_same_paste_again_is_the_same_paper_and_adds_nothing(site: Path) -> None:
    save_paste(site, BIBTEX, today=TODAY, list_id="engines")
    before = snapshot(site)
    again = plan(site, BIBTEX, list_id="engines")
    [record] = again.records  # type: ignore[attr-defined]
    assert not record.created and record.listed == "already"
    assert again.files == ()  # type: ignore[attr-defined]
    _, written = save_paste(site, BIBTEX, today=TODAY, list_id="engines")
    assert written == () and snapshot(site) == before


def test_a_paste_of_several_entries_shows_each_new_or_already_there(site: Path) -> None:
    known = """@article{x, title = {Original paper title}, author = {Lovelace, Ada and
    Babbage, Charles}, year = {2020}, journal = {Annals of Engines}}"""
    made, _ = save_paste(site, known + BIBTEX, today=TODAY, list_id="engines")
    assert [(r.paper.id, r.created, r.listed) for r in made.records] == [
        ("x", False, "already"),
        ("notes-on-the-analytical-engine", True, "added"),
    ]
    assert load(site).papers["x"].journal == "Annals of Engines"  # a gap filled, as import does


def test_ris_and_csl_json_are_read_by_the_importers_readers(site: Path) -> None:
    ris = plan(site, RIS)
    assert ris.kind == "RIS"  # type: ignore[attr-defined]
    [record] = ris.records  # type: ignore[attr-defined]
    assert record.paper.journal == "Journal of Looms" and record.paper.type == "article"
    assert [(p.author, p.new) for p in record.authors] == [
        ("ada-lovelace", False),
        ("grace-hopper", True),
    ]
    csl = json.dumps(
        [{"type": "book", "title": "Sketch of the Engine", "issued": {"date-parts": [[1843]]},
          "author": [{"family": "Babbage", "given": "Charles"}], "ISBN": "9780000000002"}]
    )  # fmt: skip
    [record] = plan(site, csl).records  # type: ignore[attr-defined]
    assert record.paper.type == "book" and record.paper.year == 1843
    assert [(p.author, p.new) for p in record.authors] == [("charles-babbage", False)]


def test_a_pasted_abstract_makes_a_paper_that_needs_metadata(site: Path) -> None:
    abstract = (
        "Abstract: We describe a machine that weaves algebraic patterns just as the Jacquard "
        "loom weaves flowers and leaves, and show how it computes Bernoulli numbers."
    )
    made, _ = save_paste(site, abstract, today=TODAY, list_id="engines")
    assert made.kind == "an abstract"
    [record] = made.records
    paper = load(site).papers[record.paper.id]
    assert paper.needs_metadata and paper.abstract.startswith("We describe a machine")
    assert record.paper.id in [e.paper for e in load(site).lists["engines"].entries]
    # the same abstract again is that paper (the importer's abstract matching)
    [again] = plan(site, abstract.replace("Abstract: ", "")).records  # type: ignore[attr-defined]
    assert again.paper.id == record.paper.id and not again.created


def test_an_identifier_is_looked_up_never_parsed(site: Path) -> None:
    asked: list[str] = []

    def fetch(identifier: str) -> IncomingPaper:
        asked.append(identifier)
        return IncomingPaper(
            "Looked-up paper", (Name("Hopper", "Grace"),), "", 0, year=2024, arxiv="2401.00001"
        )

    [record] = plan(site, "  arXiv:2401.00001\n", fetch=fetch).records  # type: ignore[attr-defined]
    assert asked == ["arXiv:2401.00001"]
    assert record.paper.arxiv == "2401.00001" and record.authors[0].new
    with pytest.raises(UserError, match="no metadata source"):
        plan(site, "10.1000/xyz123")  # no source to ask
    with pytest.raises(UserError, match="an arXiv id"):  # parse_identifier's own message
        plan(site, "hello", fetch=fetch)
    assert asked == ["arXiv:2401.00001"]


def test_an_identifier_is_asked_of_the_sources_once(site: Path, sources: Sources) -> None:
    """Against the local stand-in for arXiv and Crossref (tests/sources_server.py): the preview
    asks, the save after it asks nobody (the answers are cached), and the paper is complete."""
    sources.on("/arxiv", recorded("arxiv-1111.2011.xml"), id_list="1111.2011")
    sources.on(
        "/crossref/works/10.1103/physrevb.85.115117",
        recorded("crossref-10.1103-physrevb.85.115117.json"),
    )

    def fetch(text: str) -> IncomingPaper:
        return look_up(site, text)

    made = plan(site, "https://arxiv.org/abs/1111.2011v2", fetch=fetch, list_id="engines")
    asked = len(sources.requests)
    assert made.kind == "an identifier" and asked >= 2  # type: ignore[attr-defined]
    [record] = made.records  # type: ignore[attr-defined]
    assert [(p.spelling, p.new) for p in record.authors] == [
        ("Murray, James M.", True), ("Del Maestro, Adrian", True), ("Tešanović, Zlatko", True),
    ]  # fmt: skip
    saved, _ = save_paste(
        site, "https://arxiv.org/abs/1111.2011v2", today=TODAY, fetch=fetch, list_id="engines"
    )
    assert len(sources.requests) == asked
    paper = load(site).papers[saved.records[0].paper.id]
    assert (paper.arxiv, paper.doi, paper.journal) == (
        "1111.2011", "10.1103/physrevb.85.115117", "Physical Review B"
    )  # fmt: skip
    assert load(site).authors["adrian-del-maestro"].links.orcid == "0000-0001-9158-8474"


def test_an_identifier_the_sources_do_not_know_is_one_line_and_writes_nothing(
    site: Path, sources: Sources
) -> None:
    sources.on("/arxiv", recorded("arxiv-empty.xml"), id_list="2401.99999")
    before = snapshot(site / "content")
    with pytest.raises(UserError) as caught:
        save_paste(site, "2401.99999", today=TODAY, fetch=lambda text: look_up(site, text))
    [problem] = caught.value.problems
    assert str(problem).startswith("2401.99999: ") and "arXiv: no such paper" in str(problem)
    assert snapshot(site / "content") == before


@pytest.mark.parametrize(
    ("text", "options", "message"),
    [
        ("", {}, "paste an identifier"),
        (BIBTEX, {"list_id": "no-such-list"}, "there is no list 'no-such-list'"),
        (BIBTEX, {"list_id": "engines", "status": "done"}, "'done' is no status"),
        ("@article{broken, title = {Unclosed", {}, "pasted text"),
        ("Ada Lovelace\nAbstract: one\nAbstract: two", {}, "readinglist import FILE"),
        ("A title perhaps", {}, "too short for an abstract"),
    ],
)
def test_a_paste_that_cannot_be_saved_is_refused_and_writes_nothing(
    site: Path, text: str, options: dict[str, str], message: str
) -> None:
    before = snapshot(site)
    with pytest.raises(UserError, match=message):
        save_paste(site, text, today=TODAY, **options)  # type: ignore[arg-type]
    assert snapshot(site) == before


def test_a_hostile_title_is_kept_as_text(site: Path) -> None:
    csl = json.dumps([{"type": "article-journal", "title": HOSTILE, "issued": {"date-parts": [[2020]]},
                       "author": [{"family": "Lovelace", "given": "Ada"}]}])  # fmt: skip
    made, _ = save_paste(site, csl, today=TODAY)
    assert load(site).papers[made.records[0].paper.id].title == HOSTILE


def test_list_entries_change_status_and_note_are_added_and_removed(site: Path) -> None:
    written = save_list_change(
        site, ListChange("update", "engines", "y", "reading", "  half way  "), TODAY
    )
    assert [p.relative_to(site).as_posix() for p in written] == ["content/lists/engines.yaml"]
    entries = load(site).lists["engines"].entries
    assert [(e.paper, e.status, e.note) for e in entries] == [
        ("x", "read", ""),
        ("y", "reading", "half way"),
    ]
    save_list_change(site, ListChange("remove", "engines", "x"), TODAY)
    save_list_change(site, ListChange("add", "engines", "x", "to-read", "again"), TODAY)
    entries = load(site).lists["engines"].entries
    assert [(e.paper, e.status, e.note, e.added) for e in entries] == [
        ("y", "reading", "half way", None),
        ("x", "to-read", "again", TODAY),
    ]
    before = snapshot(site)
    assert (
        save_list_change(site, ListChange("update", "engines", "y", "reading", "half way"), TODAY)
        == ()
    )
    assert snapshot(site) == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (ListChange("update", "nope", "x"), "there is no list 'nope'"),
        (ListChange("update", "../../site", "x"), "there is no list"),
        (ListChange("add", "engines", "../../../etc/passwd"), "there is no paper"),
        (ListChange("add", "engines", "x"), "already on the list"),
        (ListChange("remove", "engines", "z"), "there is no paper 'z'"),
        (ListChange("update", "engines", "x", "finished"), "'finished' is no status"),
        (ListChange("delete", "engines", "x"), "is no change to a list"),
        (ListChange("update", "engines", "x", "read", "bad\x1bnote"), "control character"),
    ],
)
def test_a_list_change_that_cannot_be_made_is_refused_and_writes_nothing(
    site: Path, change: ListChange, message: str
) -> None:
    before = snapshot(site)
    with pytest.raises(UserError, match=message):
        save_list_change(site, change, TODAY)
    assert snapshot(site) == before


def test_change_list_is_pure(site: Path) -> None:
    content = load(site)
    changed = change_list(content, ListChange("remove", "engines", "x"), TODAY)
    assert [e.paper for e in changed.lists["engines"].entries] == ["y"]
    assert [e.paper for e in content.lists["engines"].entries] == ["x", "y"]


def test_a_known_full_name_without_evidence_is_the_editors_choice(site: Path) -> None:
    """The identity rules alone keep a lone 'Lovelace, Ada' of 1843 apart from the site's Ada
    Lovelace of 2022 (a rare name, but papers far more than 15 years apart, and no shared
    co-author or venue); the preview says so, and offers her, ticked. Of 2021, the rare name
    alone makes her the site's Ada."""
    [record] = plan(site, RIS.replace("PY  - 2022", "PY  - 2021")).records  # type: ignore[attr-defined]
    ada = record.authors[0]
    assert (ada.author, ada.new, ada.namesake) == ("ada-lovelace", False, "")
    old = RIS.replace("PY  - 2022", "PY  - 1843")
    [record] = plan(site, old).records  # type: ignore[attr-defined]
    ada = record.authors[0]
    assert (ada.author, ada.new, ada.namesake, ada.chosen) == (
        "ada-lovelace",
        False,
        "ada-lovelace",
        True,
    )
    # untick: a namesake, a new author of her own
    made, _ = save_paste(site, old, today=TODAY, same_as={})
    ada = made.records[0].authors[0]
    assert ada.new and ada.author == "ada-lovelace-2" and ada.namesake == "ada-lovelace"
    assert not ada.chosen and "ada-lovelace-2" in load(site).authors


def test_a_ticked_namesake_gets_the_new_spelling(site: Path) -> None:
    ris = RIS.replace("AU  - Lovelace, Ada", "AU  - Lovelace, A.")
    [record] = plan(site, ris).records  # type: ignore[attr-defined]
    ada = record.authors[0]
    assert ada.new and ada.namesake == "ada-lovelace" and not ada.chosen  # an initial: unticked
    made, _ = save_paste(site, ris, today=TODAY, same_as={"Lovelace, A.": "ada-lovelace"})
    paper = load(site).papers[made.records[0].paper.id]
    assert paper.authors == ("ada-lovelace", "grace-hopper")
    assert "Lovelace, A." in load(site).authors["ada-lovelace"].aliases


def test_a_text_is_read_as_the_same_file_would_be(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(BIBTEX, encoding="utf-8")
    assert read_text_source(BIBTEX, "refs.bib", ".bib") == read_source(path, "refs.bib")

"""Adding papers by identifier: parsing, the sources (local servers), add and complete."""

from __future__ import annotations

import datetime as dt
import json
import socket
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
import yaml

from generator.base.errors import UserError
from generator.editing.add import Candidate, add_records, complete_papers
from generator.editing.sources import Identifier, lookup, parse_identifier
from generator.model.config import SiteConfig
from generator.model.reading import read_content
from generator.model.records import Paper

from .conftest import READING, TODAY, Run, copy_seed_site, snapshot
from .sources_server import Answer, Sources, recorded


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("2203.02155", "arxiv", "2203.02155"),
        ("arXiv:2203.02155v2", "arxiv", "2203.02155"),
        (" https://arxiv.org/abs/2203.02155v1 ", "arxiv", "2203.02155"),
        ("https://arxiv.org/pdf/1706.03762.pdf", "arxiv", "1706.03762"),
        ("hep-th/9901001", "arxiv", "hep-th/9901001"),
        ("arxiv.org/abs/math.gt/0309136v1", "arxiv", "math.GT/0309136"),
        ("0704.0001", "arxiv", "0704.0001"),
        ("10.48550/arXiv.2203.02155", "arxiv", "2203.02155"),
        ("https://doi.org/10.48550/arXiv.1706.03762", "arxiv", "1706.03762"),
        ("10.1038/nature14539", "doi", "10.1038/nature14539"),
        ("doi:10.1145/3442188.3445922", "doi", "10.1145/3442188.3445922"),
        ("https://dx.doi.org/10.1162/neco.1997.9.8.1735", "doi", "10.1162/neco.1997.9.8.1735"),
        ("https://doi.org/10.1000%2Fabc", "doi", "10.1000/abc"),
        ("978-0-262-03561-3", "isbn", "9780262035613"),
        ("ISBN 0-262-03384-4", "isbn", "0262033844"),
        ("ISBN-10: 0-8044-2957-X", "isbn", "080442957X"),
        ("https://openreview.net/forum?id=rJl-b3RcF7", "openreview", "rJl-b3RcF7"),
        ("https://openreview.net/pdf?id=YicbFdNTTy", "openreview", "YicbFdNTTy"),
        ("https://aclanthology.org/2020.acl-main.463/", "acl", "2020.acl-main.463"),
        ("https://aclanthology.org/P02-1040.pdf", "acl", "P02-1040"),
        ("https://www.aclweb.org/anthology/N19-1423", "acl", "N19-1423"),
        (
            "https://www.semanticscholar.org/paper/Attention-is-All-you-Need-Vaswani-Shazeer/"
            "204e3073870fae3d05bcbc2f6a8e263d9b72e776",
            "s2",
            "204e3073870fae3d05bcbc2f6a8e263d9b72e776",
        ),
        ("CorpusID:13756489", "s2", "CorpusID:13756489"),
    ],
)
def test_identifiers_are_read_in_every_form_editors_paste(text: str, kind: str, value: str) -> None:
    assert parse_identifier(text) == Identifier(kind, value, parse_identifier(text).version)


def test_an_arxiv_version_is_kept_for_messages_but_not_asked_for() -> None:
    parsed = parse_identifier("arXiv:2203.02155v2")
    assert (parsed.value, parsed.version, str(parsed)) == ("2203.02155", "v2", "arXiv:2203.02155v2")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("978-0-262-03561-4", "check digit"),
        ("0-262-03384-5", "check digit"),
        ("attention is all you need", "not an identifier"),
        ("https://example.org/paper.pdf", "not an identifier"),
        ("", "empty"),
        ("10.1038", "not an identifier"),
    ],
)
def test_anything_else_is_a_clear_error(text: str, says: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_identifier(text)
    assert says in str(caught.value)
    assert "\n" not in str(caught.value)


# --- the sources, answered by local servers --------------------------------------------------

PLOS = "10.1371/journal.pone.0033693"
ACL_DOI = "10.18653/v1/2020.acl-main.463"


def _config() -> SiteConfig:
    return SiteConfig(title="T", base_url="https://x.org/", contact="editor@example.org")


def _standard_routes(sources: Sources) -> None:
    sources.on("/arxiv", recorded("arxiv-1111.2011.xml"), id_list="1111.2011")
    sources.on("/arxiv", recorded("arxiv-1706.03741.xml"), id_list="1706.03741")
    sources.on("/arxiv", recorded("arxiv-empty.xml"), id_list="2401.99999")
    sources.on(
        "/crossref/works/10.1103/physrevb.85.115117",
        recorded("crossref-10.1103-physrevb.85.115117.json"),
    )
    sources.on(f"/crossref/works/{PLOS}", recorded("crossref-10.1371-journal.pone.0033693.json"))
    sources.on(
        f"/openalex/works/doi:{PLOS}", recorded("openalex-doi-10.1371-journal.pone.0033693.json")
    )
    sources.on(
        f"/crossref/works/{ACL_DOI}", recorded("crossref-10.18653-v1-2020.acl-main.463.json")
    )
    sources.on(
        "/datacite/dois/10.5281/zenodo.1308060", recorded("datacite-10.5281-zenodo.1308060.json")
    )
    sources.on(
        "/openlibrary/api/books", recorded("openlibrary-0201558025.json"), bibkeys="0201558025"
    )
    sources.on("/openlibrary/api/books", Answer(200, b"{}"), bibkeys="9780262035613")
    sources.on(
        "/openalex/works", recorded("openalex-search-instructgpt.json"), search="Making language"
    )
    sources.on("/openalex/works", recorded("openalex-search-unrelated.json"), search="GPT-4o")


def test_arxiv_paper_published_later_is_one_paper_with_its_doi_and_journal(
    sources: Sources,
) -> None:
    _standard_routes(sources)
    paper = lookup("arXiv:1111.2011v2", _config())
    assert paper.arxiv == "1111.2011" and paper.doi == "10.1103/physrevb.85.115117"
    assert (paper.type, paper.journal, paper.volume, paper.number, paper.pages) == (
        "article", "Physical Review B", "85", "11", "115117",
    )  # fmt: skip
    assert paper.title.startswith("Quantum criticality for extended nodes")
    assert [a.display for a in paper.authors] == [
        "James M. Murray", "Adrian Del Maestro", "Zlatko Tešanović",
    ]  # fmt: skip
    assert paper.orcids == ("", "0000-0001-9158-8474", "")  # the publisher's, by position
    assert paper.abstract.startswith("Theoretical description of anisotropic systems")
    assert (paper.year, paper.month) == (2012, 3)
    assert dict(paper.links) == {"pdf": "https://arxiv.org/pdf/1111.2011"}
    # the contact address goes with every request, and to Crossref as its polite pool asks
    assert all("mailto:editor@example.org" in agent for agent in sources.agents)
    assert any("mailto=editor%40example.org" in r for r in sources.requests if "crossref" in r)


def test_an_unpublished_preprint_is_a_preprint_with_its_category(sources: Sources) -> None:
    _standard_routes(sources)
    paper = lookup("https://arxiv.org/abs/1706.03741", _config())
    assert (paper.type, paper.year, paper.month) == ("preprint", 2017, 6)
    assert paper.howpublished == "arXiv:1706.03741 [stat.ML]"
    assert paper.authors[0].display == "Paul Christiano" and len(paper.authors) == 6


def test_crossref_types_jats_abstracts_and_openalex_abstracts(sources: Sources) -> None:
    _standard_routes(sources)
    article = lookup(f"https://doi.org/{PLOS}", _config())
    assert (article.type, article.journal, article.volume, article.number, article.pages) == (
        "article", "PLoS ONE", "7", "3", "e33693",
    )  # fmt: skip
    assert [e.display for e in article.editors] == ["Cesario V. Borlongan"]
    # Crossref has no abstract for it: OpenAlex's inverted index, put back in order
    assert article.abstract.startswith("Methylphenidate (MPH) is a psychostimulant that is")
    conference = lookup("https://aclanthology.org/2020.acl-main.463/", _config())
    assert (conference.type, conference.booktitle, conference.pages, conference.year) == (
        "conference",
        "Proceedings of the 58th Annual Meeting of the Association for Computational Linguistics",
        "5185–5198",
        2020,
    )
    assert conference.acl == "2020.acl-main.463" and conference.doi == ACL_DOI
    # JATS stripped: no tags, no "Abstract" heading, entities decoded
    assert conference.abstract.startswith("The success of the large neural language models")
    assert "“understanding”" in conference.abstract and "<" not in conference.abstract


def test_datacite_answers_for_dois_crossref_does_not_know(sources: Sources) -> None:
    _standard_routes(sources)
    paper = lookup("10.5281/zenodo.1308060", _config())
    assert (paper.type, paper.publisher, paper.year) == ("dataset", "Zenodo", 2018)
    assert [(a.display, a.kind) for a in paper.authors] == [
        ("Robin Dasler", "person"), ("DataCite Metadata Working Group", "organization"),
    ]  # fmt: skip
    assert paper.orcids == ("0000-0002-4695-7874", "")
    assert paper.abstract == "A small data set used to show the DataCite metadata schema."
    assert sources.requests[0].startswith("/crossref/works/10.5281/zenodo.1308060")


def test_an_isbn_is_a_book_from_open_library(sources: Sources) -> None:
    _standard_routes(sources)
    book = lookup("ISBN 0-201-55802-5", _config())
    assert book.title == "Concrete mathematics: a foundation for computer science"
    assert (book.type, book.publisher, book.address, book.year) == (
        "book", "Addison-Wesley", "Reading, Mass", 1994,
    )  # fmt: skip
    assert [a.family for a in book.authors] == ["Graham", "Knuth", "Patashnik"]


@pytest.mark.parametrize(
    ("identifier", "answers", "says"),
    [
        ("2401.99999", [], "arXiv: no such paper"),
        ("10.1000/nothing", [], "no such DOI at Crossref or DataCite"),
        ("978-0-262-03561-3", [], "Open Library: no book with this ISBN"),
        ("10.1000/limit", [Answer(429, b"", {"Retry-After": "3600"})], "asks to wait 3600 s"),
        ("10.1000/down", [Answer(503, b"busy")], "unavailable (503"),
        ("10.1000/cut", [Answer(200, b'{"status":"ok","message":{"title":["A"]}}', cut=True)],
         "cut off"),
        ("10.1000/html", [Answer(200, b"<html>Service maintenance</html>")], "not valid JSON"),
        ("10.1000/shape", [Answer(200, b'{"status":"ok","message":[]}')], "has no work"),
    ],
)  # fmt: skip
def test_every_failure_is_one_line_naming_the_identifier_and_the_source(
    sources: Sources, identifier: str, answers: list[Answer], says: str
) -> None:
    _standard_routes(sources)
    if answers:
        sources.on(f"/crossref/works/{identifier}", *answers)
    with pytest.raises(UserError) as caught:
        lookup(identifier, _config())
    message = str(caught.value)
    assert message.startswith(f"{identifier}: ") and says in message and "\n" not in message


def test_malformed_xml_from_arxiv_is_reported(sources: Sources) -> None:
    sources.on("/arxiv", Answer(200, b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>"))
    with pytest.raises(UserError, match=r"^2203\.02155: arXiv: the answer is not valid XML"):
        lookup("2203.02155", _config())


def test_a_rate_limit_is_waited_out_as_retry_after_says(sources: Sources) -> None:
    _standard_routes(sources)
    sources.on(
        f"/crossref/works/{PLOS}",
        Answer(429, b"", {"Retry-After": "0"}),
        Answer(503, b""),
        recorded("crossref-10.1371-journal.pone.0033693.json"),
    )
    assert lookup(PLOS, _config()).journal == "PLoS ONE"
    assert [r.split("?")[0] for r in sources.requests[:3]] == [f"/crossref/works/{PLOS}"] * 3


def test_no_network_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("READINGLIST_CROSSREF_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("READINGLIST_HTTP_RETRIES", "0")
    with pytest.raises(UserError, match=r"^10\.1000/x: Crossref: cannot connect to 127\.0\.0\.1"):
        lookup("10.1000/x", _config())


def test_a_second_run_asks_nobody_and_broken_answers_are_not_cached(
    sources: Sources, tmp_path: Path
) -> None:
    _standard_routes(sources)
    sources.on("/crossref/works/10.1000/once", Answer(200, b"{broken"), Answer(404, b""))
    first = lookup("1111.2011", _config(), tmp_path)
    asked = len(sources.requests)
    assert asked == 2  # arXiv, then Crossref for the published version
    assert [r.split("?")[0] for r in sources.requests] == [
        "/arxiv", "/crossref/works/10.1103/physrevb.85.115117",
    ]  # fmt: skip
    assert lookup("arxiv:1111.2011", _config(), tmp_path) == first
    assert len(sources.requests) == asked
    cached = list((tmp_path / ".readinglist-cache" / "sources").glob("*.json"))
    assert len(cached) == 2 and not list(cached[0].parent.glob(".*tmp"))
    with pytest.raises(UserError, match="not valid JSON"):
        lookup("10.1000/once", _config(), tmp_path)
    with pytest.raises(UserError, match="no such DOI"):  # asked again: the broken one was not kept
        lookup("10.1000/once", _config(), tmp_path)


# --- readinglist add and complete ------------------------------------------------------------


@pytest.fixture
def seed_site(tmp_path: Path) -> Path:
    return copy_seed_site(tmp_path / "seed")


def _yaml(site: Path, folder: str, rid: str) -> dict[str, object]:
    data = yaml.safe_load((site / "content" / folder / f"{rid}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_add_writes_complete_papers_of_the_right_type_and_matches_known_authors(
    sources: Sources, seed_site: Path, cli: Callable[..., Run]
) -> None:
    _standard_routes(sources)
    authors_before = {p.name for p in (seed_site / "content" / "authors").iterdir()}
    run = cli(
        "add", "--site", seed_site, "--added", "2026-12-01", "--list", "tony",
        "--status", "reading", "--note", "Read with the InstructGPT paper.",
        "1706.03741", f"doi:{PLOS}", "https://aclanthology.org/2020.acl-main.463",
        "0-201-55802-5", "arXiv:1111.2011",
    )  # fmt: skip
    assert run.code == 0, run.err
    content, problems = read_content(seed_site)
    assert not problems.errors
    new = {pid: p for pid, p in content.papers.items() if p.added == dt.date(2026, 12, 1)}
    by_type = {p.type: p for p in new.values()}
    assert sorted(by_type) == ["article", "book", "conference", "preprint"] and len(new) == 5
    for paper in new.values():  # complete: nothing left to fill in by hand
        assert paper.title and paper.authors and paper.year and not paper.needs_metadata
    assert by_type["conference"].booktitle.startswith("Proceedings of the 58th Annual Meeting")
    assert by_type["book"].publisher == "Addison-Wesley"
    preprint = by_type["preprint"]
    # Christiano, Leike (InstructGPT) and Amodei (GPT-4) are on the seed site: the same people
    assert preprint.authors[:2] == ("paul-christiano", "jan-leike")
    assert preprint.authors[5] == "dario-amodei"
    assert {"paul-christiano.yaml", "jan-leike.yaml", "dario-amodei.yaml"} <= authors_before
    assert (
        f"{preprint.id}: matched 3 known authors: paul-christiano, jan-leike, dario-amodei"
        in run.out
    )
    assert f"{preprint.id}: created 3 authors: tom-b-brown, miljan-martic, shane-legg" in run.out
    # the published arXiv paper carries both ids; the ORCID went to its author
    murray = next(p for p in new.values() if p.arxiv == "1111.2011")
    assert murray.doi == "10.1103/physrevb.85.115117" and murray.journal == "Physical Review B"
    assert content.authors["adrian-del-maestro"].links.orcid == "0000-0001-9158-8474"
    entries = {e.paper: e for e in content.lists["tony"].entries}
    for pid in new:
        assert entries[pid].status == "reading"
        assert entries[pid].note == "Read with the InstructGPT paper."
    assert "5 added" in run.out and "wrote content/papers/" in run.out


def test_a_paper_already_on_the_site_is_refused_and_a_second_run_asks_nobody(
    sources: Sources, seed_site: Path, cli: Callable[..., Run]
) -> None:
    _standard_routes(sources)
    assert cli("add", "--site", seed_site, "1706.03741").code == 0
    asked = len(sources.requests)
    before = snapshot(seed_site / "content")
    again = cli("add", "--site", seed_site, "https://arxiv.org/pdf/1706.03741v2")
    assert again.code == 1
    assert (
        "https://arxiv.org/pdf/1706.03741v2: the site already has this paper: "
        "deep-reinforcement-learning-from-human-preferences (arXiv 1706.03741)" in again.err
    )
    assert len(sources.requests) == asked  # answered from SITE/.readinglist-cache/
    twice = cli("add", "--site", seed_site, f"doi:{PLOS}", f"https://doi.org/{PLOS}")
    assert twice.code == 1 and "given twice" in twice.err
    assert snapshot(seed_site / "content") == before


def test_one_failed_lookup_writes_nothing(
    sources: Sources, seed_site: Path, cli: Callable[..., Run]
) -> None:
    _standard_routes(sources)
    sources.on("/crossref/works/10.1000/busy", Answer(503, b"", {"Retry-After": "0"}))
    before = snapshot(seed_site / "content")
    run = cli("add", "--site", seed_site, "1706.03741", "10.1000/busy", "hep-th/9901001")
    assert run.code == 1 and "nothing was written" in run.err
    assert "10.1000/busy: Crossref: unavailable (503" in run.err
    assert "hep-th/9901001: arXiv: not found (404)" in run.err
    assert snapshot(seed_site / "content") == before


def test_complete_fills_in_the_abstract_only_entry_and_leaves_what_does_not_match(
    sources: Sources, site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    _standard_routes(sources)
    root = site()
    assert cli("import", "--site", root, READING).code == 0
    content, _ = read_content(root)
    waiting = [p for p in content.papers.values() if p.needs_metadata]
    assert len(waiting) == 2
    instruct = next(p.id for p in waiting if p.abstract.startswith("Making language models"))
    run = cli("complete", "--site", root)
    assert run.code == 0, run.err
    content, _ = read_content(root)
    done = content.papers[instruct]  # the id stays: links to it keep working
    assert done.title == "Training language models to follow instructions with human feedback"
    assert not done.needs_metadata and done.year == 2022 and done.arxiv == "2203.02155"
    assert len(done.authors) == 20 and done.authors[0] == "long-ouyang"
    assert "completed: the abstract matches (100%)" in run.out
    assert " 1. 100% /    –  Training language models to follow instructions" in run.out
    left = [p for p in content.papers.values() if p.needs_metadata]
    assert len(left) == 1 and left[0].title.startswith("GPT-4o is an autoregressive omni model")
    assert f"{left[0].id}: left as it is: no candidate's abstract matches" in run.out
    # the editor may still pick one; a second run asks nobody
    asked = len(sources.requests)
    picked = cli("complete", "--site", root, left[0].id, "--pick", "1")
    assert picked.code == 0 and "completed: picked by the editor" in picked.out
    assert len(sources.requests) == asked
    content, _ = read_content(root)
    assert content.papers[left[0].id].title == "Learning to summarize from human feedback"


def test_add_refuses_an_unknown_list_before_asking_anyone(
    sources: Sources, seed_site: Path, cli: Callable[..., Run]
) -> None:
    run = cli("add", "--site", seed_site, "--list", "nope", "1706.03741")
    assert run.code == 1 and "there is no list 'nope'" in run.err
    alone = cli("add", "--site", seed_site, "--status", "read", "1706.03741")
    assert alone.code == 1 and "--status and --note are for a list entry" in alone.err
    assert sources.requests == []


def _json(data: object) -> Answer:
    return Answer(200, json.dumps(data).encode(), {"Content-Type": "application/json"})


def test_openreview_semantic_scholar_and_old_acl_ids(sources: Sources) -> None:
    _standard_routes(sources)
    # OpenReview API 2's note format (docs.openreview.net, API v2: content fields as {value})
    sources.on("/openreview/notes", _json({"notes": [{
        "id": "YicbFdNTTy", "forum": "YicbFdNTTy", "pdate": 1673049600000,
        "content": {
            "title": {"value": "An Image is Worth 16x16 Words"},
            "authors": {"value": ["Alexey Dosovitskiy", "Lucas Beyer"]},
            "abstract": {"value": "While the Transformer architecture has become the de-facto standard."},
            "venue": {"value": "ICLR 2021 Oral"},
            "pdf": {"value": "/pdf/abc.pdf"},
        }}]}), id="YicbFdNTTy")  # fmt: skip
    paper = lookup("https://openreview.net/forum?id=YicbFdNTTy", _config())
    assert (paper.type, paper.venue, paper.year, paper.openreview) == (
        "conference", "ICLR 2021", 2021, "YicbFdNTTy",
    )  # fmt: skip
    assert dict(paper.links) == {"pdf": "https://openreview.net/pdf?id=YicbFdNTTy"}
    # the first API (older venues) has plain content values; API 2 does not know the note
    sources.on("/openreview/notes", _json({"notes": []}), id="rJl-b3RcF7")
    sources.on("/openreview-v1/notes", _json({"notes": [{"id": "rJl-b3RcF7", "content": {
        "title": "Lottery tickets", "authors": ["Jonathan Frankle"], "venue": "Submitted to ICLR 2019",
        "abstract": "Pruning."}, "cdate": 1538352000000}]}), id="rJl-b3RcF7")  # fmt: skip
    rejected = lookup("https://openreview.net/forum?id=rJl-b3RcF7", _config())
    assert (rejected.type, rejected.venue, rejected.year) == ("preprint", "", 2018)
    # Semantic Scholar's Graph API gives the DOI; Crossref then answers for it
    sources.on("/s2/paper/CorpusID:218487034", _json({
        "paperId": "a" * 40, "title": "Climbing towards NLU", "year": 2020,
        "externalIds": {"DOI": ACL_DOI, "ACL": "2020.acl-main.463", "CorpusId": 218487034},
        "authors": [{"authorId": "1", "name": "Emily M. Bender"}]}))  # fmt: skip
    via_s2 = lookup("CorpusID:218487034", _config())
    assert via_s2.doi == ACL_DOI and via_s2.type == "conference"
    # an old Anthology id has no DOI: the Anthology's own BibTeX
    sources.on("/acl/P02-1040.bib", Answer(200, b"""@inproceedings{papineni-etal-2002-bleu,
    title = "{B}leu: a Method for Automatic Evaluation of Machine Translation",
    author = "Papineni, Kishore  and Roukos, Salim  and Ward, Todd  and Zhu, Wei-Jing",
    booktitle = "Proceedings of the 40th Annual Meeting of the Association for Computational Linguistics",
    year = "2002",
    address = "Philadelphia, Pennsylvania, USA",
    publisher = "Association for Computational Linguistics",
    url = "https://aclanthology.org/P02-1040/",
    pages = "311--318",
}"""))  # fmt: skip
    bleu = lookup("https://aclanthology.org/P02-1040.pdf", _config())
    assert (bleu.type, bleu.acl, bleu.year, bleu.pages) == (
        "conference",
        "P02-1040",
        2002,
        "311–318",
    )
    assert bleu.title.startswith("Bleu: a Method") and len(bleu.authors) == 4


def test_complete_asks_the_editor_when_no_abstract_matches(
    sources: Sources, site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    _standard_routes(sources)
    root = site()
    assert cli("import", "--site", root, READING).code == 0
    shown: list[int] = []

    def choose(paper: Paper, candidates: Sequence[Candidate]) -> int | None:
        shown.append(len(candidates))
        return None  # the editor presses Enter: nothing is changed

    result = complete_papers(root, [], TODAY, choose=choose)
    assert shown == [1]  # asked about the GPT-4o entry only; InstructGPT's abstract matched
    assert [o.chosen for o in result.outcomes] == [None, 0]


def test_inline_markup_in_crossref_titles_is_dropped_and_chapters_are_chapters(
    sources: Sources,
) -> None:
    sources.on("/crossref/works/10.1007/978-3-030-00000-0_1", _json({"status": "ok", "message": {
        "type": "book-chapter", "DOI": "10.1007/978-3-030-00000-0_1",
        "title": ["Growth of <i>E. coli</i> at 37&#x00B0;C"],
        "container-title": ["Methods in <i>Microbiology</i>"],
        "author": [{"given": "Ada", "family": "Lovelace", "sequence": "first"},
                   {"name": "The Bacteria Consortium", "sequence": "additional"}],
        "publisher": "Springer", "ISBN": ["9783030000000"], "page": "1-20",
        "issued": {"date-parts": [[2019, 5]]},
        "abstract": "<jats:p>Cells <jats:italic>grow</jats:italic>.</jats:p>"}}))  # fmt: skip
    sources.on("/openalex/works/doi:10.1007/978-3-030-00000-0_1", Answer(404))
    chapter = lookup("10.1007/978-3-030-00000-0_1", _config())
    assert chapter.title == "Growth of E. coli at 37°C"
    assert (chapter.type, chapter.booktitle, chapter.isbn, chapter.month) == (
        "chapter", "Methods in Microbiology", "9783030000000", 5,
    )  # fmt: skip
    assert [(a.display, a.kind) for a in chapter.authors] == [
        ("Ada Lovelace", "person"), ("The Bacteria Consortium", "organization"),
    ]  # fmt: skip
    assert chapter.abstract == "Cells grow."


def test_add_records_previews_without_writing(sources: Sources, seed_site: Path) -> None:
    _standard_routes(sources)
    paper = lookup("1706.03741", _config(), seed_site)
    before = snapshot(seed_site / "content")
    preview = add_records(seed_site, [("1706.03741", paper)], TODAY, write=False)
    assert preview.written == () and snapshot(seed_site / "content") == before
    assert dict(preview.authors[preview.papers[0]])["paul-christiano"] is True
    assert dict(preview.authors[preview.papers[0]])["shane-legg"] is False


def test_a_paper_known_by_its_title_alone_is_completed_from_the_pick(
    sources: Sources, site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = site({
        "content/papers/rlhf.yaml": "title: Deep RL from human preferences\nneeds_metadata: true\n",
    })  # fmt: skip
    sources.on("/openalex/works", _json({"meta": {"count": 1}, "results": [{
        "title": "Deep reinforcement learning from human preferences", "publication_year": 2017,
        "type": "article", "doi": None,
        "primary_location": {"source": {"display_name": "Neural Information Processing Systems",
                                        "type": "conference"}},
        "authorships": [{"author": {"display_name": "Paul F. Christiano"}},
                        {"author": {"display_name": "Jan Leike"}}]}]}),
        search="Deep RL")  # fmt: skip
    shown = cli("complete", "--site", root)
    assert shown.code == 0 and "rlhf: left as it is: no candidate's abstract matches" in shown.out
    assert "  1.   0% /  " in shown.out  # no abstract to compare; the title's similarity shown
    picked = cli("complete", "--site", root, "rlhf", "--pick", "1")
    assert picked.code == 0, picked.err
    content, _ = read_content(root)
    paper = content.papers["rlhf"]
    assert paper.title == "Deep RL from human preferences"  # what the editor wrote is kept
    assert (paper.year, paper.type, paper.booktitle) == (
        2017, "conference", "Neural Information Processing Systems",
    )  # fmt: skip
    assert paper.authors == ("paul-f-christiano", "jan-leike") and not paper.needs_metadata

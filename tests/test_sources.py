"""Adding papers by identifier: parsing, the sources (local servers), add and complete."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from generator.base.errors import UserError
from generator.editing.sources import Identifier, lookup, parse_identifier
from generator.model.config import SiteConfig

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
    # arXiv, Crossref for the published version, OpenAlex for an abstract (it has none: 404)
    assert asked == 3
    assert lookup("arxiv:1111.2011", _config(), tmp_path) == first
    assert len(sources.requests) == asked
    cached = list((tmp_path / ".readinglist-cache" / "sources").glob("*.json"))
    assert len(cached) == 3 and not list(cached[0].parent.glob(".*tmp"))
    with pytest.raises(UserError, match="not valid JSON"):
        lookup("10.1000/once", _config(), tmp_path)
    with pytest.raises(UserError, match="no such DOI"):  # asked again: the broken one was not kept
        lookup("10.1000/once", _config(), tmp_path)

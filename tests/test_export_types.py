"""Exports say what the paper is (issue 13): each paper type gives its BibTeX entry type, RIS
type, CSL type, Google Scholar tags and schema.org type, with every field the paper has, and
its page shows where it appeared as readers expect. Every output is parsed back."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors

from generator.build.pipeline import build

from .conftest import write_tree
from .sitecheck import read_page

AUTHORS = {
    "content/authors/lecun.yaml": "name: Yann LeCun\nfamily: LeCun\ngiven: Yann\n",
    "content/authors/bengio.yaml": "name: Yoshua Bengio\nfamily: Bengio\ngiven: Yoshua\n",
    "content/authors/hinton.yaml": "name: Geoffrey Hinton\nfamily: Hinton\ngiven: Geoffrey\n",
    "content/authors/finn.yaml": "name: Chelsea Finn\nfamily: Finn\ngiven: Chelsea\n",
    "content/authors/precup.yaml": "name: Doina Precup\nfamily: Precup\ngiven: Doina\n",
    "content/authors/teh.yaml": "name: Yee Whye Teh\nfamily: Teh\ngiven: Yee Whye\n",
    "content/authors/google.yaml": "name: Google\nfamily: Google\nkind: organization\n",
}
PAPERS = {
    "article": """\
        type: article
        title: Deep learning
        authors: [lecun, bengio, hinton]
        year: 2015
        month: 5
        journal: Nature
        volume: '521'
        number: '7553'
        pages: 436-444
        publisher: Nature Publishing Group
        issn: 0028-0836
        doi: 10.1038/nature14539
        pmid: '26017442'
        """,
    "conference": """\
        type: conference
        title: Model-Agnostic Meta-Learning for Fast Adaptation of Deep Networks
        authors: [finn]
        editors: [precup, teh]
        year: 2017
        booktitle: Proceedings of ICML 2017
        series: Proceedings of Machine Learning Research
        volume: '70'
        pages: 1126--1135
        publisher: PMLR
        arxiv: '1703.03400'
        """,
    "book": """\
        type: book
        title: The Art of Deep Nets
        authors: [bengio]
        year: 2016
        edition: '2'
        publisher: MIT Press
        address: Cambridge, MA
        isbn: 978-0-262-03561-3
        """,
    "chapter": """\
        type: chapter
        title: Learning Deep Architectures
        authors: [bengio]
        editors: [precup, teh]
        year: 2020
        booktitle: Name of Book
        pages: 1-20
        publisher: Publisher
        """,
    "thesis": """\
        type: thesis
        degree: phd
        title: Learning to Learn with Gradients
        authors: [finn]
        year: 2019
        school: MIT
        """,
    "masters": """\
        type: thesis
        degree: masters
        title: A Master's Study
        authors: [teh]
        year: 2001
        school: University of Toronto
        """,
    "report": """\
        type: report
        title: A Technical Report
        authors: [google]
        year: 2020
        number: '123'
        institution: Google
        """,
    "preprint": """\
        type: preprint
        title: Training language models to follow instructions
        authors: [hinton]
        et_al: true
        year: 2022
        arxiv: '2203.02155'
        citation_key: ouyang2022training
        """,
    "dataset": """\
        type: dataset
        title: A Dataset of Things
        authors: [precup]
        year: 2021
        publisher: Zenodo
        links:
          data: https://example.org/data.zip
        """,
    "software": """\
        type: software
        title: A Library
        authors: [teh]
        year: 2022
        howpublished: GitHub
        links:
          code: https://github.com/example/library
          pdf: https://example.org/papers/software/paper.pdf
          slides: https://example.org/slides.pdf
        """,
    "venue-only": """\
        title: A Paper With a Venue
        authors: [lecun]
        year: 2020
        venue: NeurIPS 2020
        """,
    "braces": """\
        type: article
        title: 'A lone { brace and 50% of $x_{1}$ & more'
        authors: [lecun]
        year: 2020
        journal: 'Journal of {Things'
        pages: e12
        """,
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("types")
    files = {
        "site.yaml": "title: Types\nbase_url: https://example.org/\nsearch: false\n",
        **AUTHORS,
        **{f"content/papers/{pid}.yaml": text for pid, text in PAPERS.items()},
        "content/lists/all.yaml": "title: All\ncurator: C\nentries:\n"
        + "".join(f"  - paper: {pid}\n" for pid in PAPERS),
    }
    write_tree(root, files)
    build(root, root / "_site")
    return root / "_site"


def bib_entry(out: Path, pid: str) -> tuple[str, str, dict[str, str]]:
    """(type, key, fields) of a paper's cite.bib as bibtexparser reads it, LaTeX decoded."""
    text = (out / f"papers/{pid}/cite.bib").read_text(encoding="utf-8")
    library = parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks, text
    [entry] = library.entries
    return entry.entry_type, entry.key, {k.lower(): f.value for k, f in entry.fields_dict.items()}


RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  - ?(.*)$")


def ris_records(text: str) -> list[list[tuple[str, str]]]:
    """A strict RIS reader: every line a tag, every record TY ... ER."""
    records: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] | None = None
    for line in text.splitlines():
        if not line:
            continue
        found = RIS_LINE.match(line)
        assert found, line
        tag, value = found.groups()
        if tag == "TY":
            assert current is None, "TY inside a record"
            current = []
        assert current is not None, f"{tag} outside a record"
        if tag == "ER":
            records.append(current)
            current = None
        else:
            current.append((tag, value))
    assert current is None, "a record without ER"
    return records


def ris_of(out: Path, pid: str) -> dict[str, list[str]]:
    [record] = ris_records((out / f"papers/{pid}/cite.ris").read_text(encoding="utf-8"))
    tags: dict[str, list[str]] = {}
    for tag, value in record:
        tags.setdefault(tag, []).append(value)
    return tags


def csl_of(out: Path, pid: str) -> dict[str, Any]:
    [item] = json.loads((out / f"papers/{pid}/cite.json").read_text(encoding="utf-8"))
    assert isinstance(item, dict)
    return item


def meta_of(out: Path, pid: str) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for name, value in read_page(out / f"papers/{pid}/index.html").meta:
        if name.startswith("citation_"):
            tags.setdefault(name, []).append(value)
    return tags


def json_ld_of(out: Path, pid: str) -> dict[str, Any]:
    [data] = read_page(out / f"papers/{pid}/index.html").json_ld
    parsed = json.loads(data)
    assert isinstance(parsed, dict)
    return parsed


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("script", "style", "head")
        self.parts.append(" " if tag not in ("a", "span", "strong", "em", "code") else "")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style", "head")
        self.parts.append(" " if tag not in ("a", "span", "strong", "em", "code") else "")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def page_text(path: Path) -> str:
    """What a reader sees on a page, spaces collapsed."""
    reader = _Text()
    reader.feed(path.read_text(encoding="utf-8"))
    return " ".join("".join(reader.parts).split())


# --- BibTeX ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pid", "kind"),
    [
        ("article", "article"),
        ("conference", "inproceedings"),
        ("book", "book"),
        ("chapter", "incollection"),
        ("thesis", "phdthesis"),
        ("masters", "mastersthesis"),
        ("report", "techreport"),
        ("preprint", "misc"),
        ("dataset", "misc"),
        ("software", "misc"),
        ("venue-only", "inproceedings"),
    ],
)
def test_cite_bib_has_the_bibtex_entry_type_of_the_paper(out: Path, pid: str, kind: str) -> None:
    assert bib_entry(out, pid)[0] == kind


def test_cite_bib_writes_every_field_of_an_article(out: Path) -> None:
    _, key, fields = bib_entry(out, "article")
    assert key == "lecun2015deep"
    assert {k: fields[k] for k in ("journal", "volume", "number", "pages", "publisher")} == {
        "journal": "Nature",
        "volume": "521",
        "number": "7553",
        "pages": "436–444",  # 436--444 decoded
        "publisher": "Nature Publishing Group",
    }
    assert (fields["issn"], fields["doi"], fields["pmid"]) == (
        "0028-0836",
        "10.1038/nature14539",
        "26017442",
    )
    assert "booktitle" not in fields
    text = (out / "papers/article/cite.bib").read_text(encoding="utf-8")
    assert re.search(r"^  month = may,$", text, re.MULTILINE), text  # the macro, unbraced
    assert "  pages = {436--444},\n" in text


def test_cite_bib_of_conference_chapter_book_thesis_and_report(out: Path) -> None:
    _, _, conf = bib_entry(out, "conference")
    assert conf["booktitle"] == "Proceedings of ICML 2017"
    assert conf["pages"] == "1126–1135"
    assert (conf["series"], conf["volume"], conf["publisher"]) == (
        "Proceedings of Machine Learning Research",
        "70",
        "PMLR",
    )
    assert conf["editor"] == "Precup, Doina and Teh, Yee Whye"
    assert (conf["eprint"], conf["archiveprefix"]) == ("1703.03400", "arXiv")
    _, _, chapter = bib_entry(out, "chapter")
    assert (chapter["booktitle"], chapter["pages"], chapter["publisher"]) == (
        "Name of Book",
        "1–20",
        "Publisher",
    )
    assert chapter["editor"] == "Precup, Doina and Teh, Yee Whye"
    _, _, book = bib_entry(out, "book")
    assert (book["publisher"], book["edition"], book["address"], book["isbn"]) == (
        "MIT Press",
        "2",
        "Cambridge, MA",
        "978-0-262-03561-3",
    )
    assert bib_entry(out, "thesis")[2]["school"] == "MIT"
    _, _, report = bib_entry(out, "report")
    assert (report["institution"], report["number"]) == ("Google", "123")
    assert "  author = {{Google}},\n" in (out / "papers/report/cite.bib").read_text("utf-8")
    assert bib_entry(out, "dataset")[2]["type"] == "Dataset"
    _, _, software = bib_entry(out, "software")
    assert (software["howpublished"], software["code"]) == (
        "GitHub",
        "https://github.com/example/library",
    )


def test_et_al_is_and_others_and_the_own_citation_key_is_kept(out: Path) -> None:
    text = (out / "papers/preprint/cite.bib").read_text(encoding="utf-8")
    library = parse_string(text, append_middleware=[SeparateCoAuthors()])
    [entry] = library.entries
    assert entry.key == "ouyang2022training"
    assert entry.fields_dict["author"].value == ["Hinton, Geoffrey", "others"]
    page = (out / "papers/preprint/index.html").read_text(encoding="utf-8")
    assert 'download="ouyang2022training.bib"' in page


def test_a_lone_brace_and_tex_specials_stay_balanced_and_read_back(out: Path) -> None:
    _, _, fields = bib_entry(out, "braces")
    assert re.sub(r"[{}]", "", fields["title"].replace("{{}", "{")).startswith("A lone")
    assert "brace and 50% of" in fields["title"]
    assert fields["journal"].replace("{", "").replace("}", "").startswith("Journal of")
    text = (out / "papers/braces/cite.bib").read_text(encoding="utf-8")
    body = text[text.index("{") + 1 : text.rindex("}")]
    depth = 0
    for char in body:  # BibTeX counts every brace; a backslash escapes none
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0, text
    assert depth == 0, text


def test_author_and_list_files_hold_the_same_entries(out: Path) -> None:
    library = parse_string((out / "lists/all/papers.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks
    types = {e.key: e.entry_type for e in library.entries}
    assert types["lecun2015deep"] == "article"
    assert types["ouyang2022training"] == "misc"
    assert len(types) == len(PAPERS)
    author = parse_string((out / "authors/bengio/papers.bib").read_text(encoding="utf-8"))
    assert sorted(e.entry_type for e in author.entries) == ["article", "book", "incollection"]
    items = json.loads((out / "authors/bengio/papers.json").read_text(encoding="utf-8"))
    assert sorted(i["type"] for i in items) == ["article-journal", "book", "chapter"]
    ris = ris_records((out / "lists/all/papers.ris").read_text(encoding="utf-8"))
    assert len(ris) == len(PAPERS)


# --- RIS ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pid", "kind"),
    [
        ("article", "JOUR"),
        ("conference", "CPAPER"),
        ("book", "BOOK"),
        ("chapter", "CHAP"),
        ("thesis", "THES"),
        ("report", "RPRT"),
        ("preprint", "UNPB"),
        ("dataset", "DATA"),
        ("software", "COMP"),
    ],
)
def test_ris_type_of_each_paper_type(out: Path, pid: str, kind: str) -> None:
    assert ris_of(out, pid)["TY"] == [kind]


def test_ris_fields_as_zotero_reads_them(out: Path) -> None:
    article = ris_of(out, "article")
    assert {t: article[t] for t in ("T2", "VL", "IS", "SP", "EP", "PB", "SN", "DA")} == {
        "T2": ["Nature"],
        "VL": ["521"],
        "IS": ["7553"],
        "SP": ["436"],
        "EP": ["444"],
        "PB": ["Nature Publishing Group"],
        "SN": ["0028-0836"],
        "DA": ["2015/05//"],
    }
    chapter = ris_of(out, "chapter")
    assert chapter["ED"] == ["Precup, Doina", "Teh, Yee Whye"]
    assert (chapter["T2"], chapter["SP"], chapter["EP"]) == (["Name of Book"], ["1"], ["20"])
    book = ris_of(out, "book")
    assert (book["PB"], book["CY"], book["ET"], book["SN"]) == (
        ["MIT Press"],
        ["Cambridge, MA"],
        ["2"],
        ["978-0-262-03561-3"],
    )
    thesis = ris_of(out, "thesis")
    assert (thesis["PB"], thesis["M3"]) == (["MIT"], ["PhD thesis"])
    report = ris_of(out, "report")
    assert (report["PB"], report["SN"]) == (["Google"], ["123"])
    assert ris_of(out, "software")["L1"] == ["https://example.org/papers/software/paper.pdf"]


# --- CSL-JSON -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pid", "kind"),
    [
        ("article", "article-journal"),
        ("conference", "paper-conference"),
        ("book", "book"),
        ("chapter", "chapter"),
        ("thesis", "thesis"),
        ("report", "report"),
        ("preprint", "article"),
        ("dataset", "dataset"),
        ("software", "software"),
    ],
)
def test_csl_type_of_each_paper_type(out: Path, pid: str, kind: str) -> None:
    assert csl_of(out, pid)["type"] == kind


def test_csl_fields(out: Path) -> None:
    article = csl_of(out, "article")
    assert {k: article[k] for k in ("container-title", "volume", "issue", "page")} == {
        "container-title": "Nature",
        "volume": "521",
        "issue": "7553",
        "page": "436-444",
    }
    assert (article["ISSN"], article["PMID"], article["issued"]) == (
        "0028-0836",
        "26017442",
        {"date-parts": [[2015, 5]]},
    )
    chapter = csl_of(out, "chapter")
    assert chapter["editor"] == [
        {"family": "Precup", "given": "Doina"},
        {"family": "Teh", "given": "Yee Whye"},
    ]
    assert (chapter["container-title"], chapter["publisher"]) == ("Name of Book", "Publisher")
    book = csl_of(out, "book")
    assert (book["publisher"], book["publisher-place"], book["edition"], book["ISBN"]) == (
        "MIT Press",
        "Cambridge, MA",
        "2",
        "978-0-262-03561-3",
    )
    thesis = csl_of(out, "thesis")
    assert (thesis["genre"], thesis["publisher"]) == ("PhD thesis", "MIT")
    assert csl_of(out, "masters")["genre"] == "Master's thesis"
    report = csl_of(out, "report")
    assert (report["number"], report["publisher"]) == ("123", "Google")


# --- Google Scholar (Highwire) and schema.org -----------------------------------------------


def test_highwire_tags_follow_the_paper_type(out: Path) -> None:
    article = meta_of(out, "article")
    assert {k: article[k] for k in (
        "citation_journal_title", "citation_volume", "citation_issue", "citation_firstpage",
        "citation_lastpage", "citation_publisher", "citation_issn", "citation_doi",
        "citation_publication_date")} == {
        "citation_journal_title": ["Nature"],
        "citation_volume": ["521"],
        "citation_issue": ["7553"],
        "citation_firstpage": ["436"],
        "citation_lastpage": ["444"],
        "citation_publisher": ["Nature Publishing Group"],
        "citation_issn": ["0028-0836"],
        "citation_doi": ["10.1038/nature14539"],
        "citation_publication_date": ["2015/05"],
    }  # fmt: skip
    assert "citation_conference_title" not in article
    assert article["citation_author"] == ["LeCun, Yann", "Bengio, Yoshua", "Hinton, Geoffrey"]
    conference = meta_of(out, "conference")
    assert conference["citation_conference_title"] == ["Proceedings of ICML 2017"]
    assert conference["citation_arxiv_id"] == ["1703.03400"]
    assert "citation_journal_title" not in conference
    assert meta_of(out, "thesis")["citation_dissertation_institution"] == ["MIT"]
    report = meta_of(out, "report")
    assert report["citation_technical_report_institution"] == ["Google"]
    assert report["citation_technical_report_number"] == ["123"]
    assert meta_of(out, "chapter")["citation_book_title"] == ["Name of Book"]
    assert meta_of(out, "book")["citation_isbn"] == ["978-0-262-03561-3"]
    preprint = meta_of(out, "preprint")
    assert "citation_conference_title" not in preprint
    assert "citation_journal_title" not in preprint
    # a PDF beside the page only (Scholar's rule); a PDF elsewhere is a plain link
    assert meta_of(out, "software")["citation_pdf_url"] == [
        "https://example.org/papers/software/paper.pdf"
    ]
    assert "citation_pdf_url" not in meta_of(out, "dataset")


def test_json_ld_uses_the_schema_org_type(out: Path) -> None:
    types = {pid: json_ld_of(out, pid)["@type"] for pid in PAPERS}
    assert types == {
        "article": "ScholarlyArticle",
        "conference": "ScholarlyArticle",
        "book": "Book",
        "chapter": "Chapter",
        "thesis": "Thesis",
        "masters": "Thesis",
        "report": "Report",
        "preprint": "ScholarlyArticle",
        "dataset": "Dataset",
        "software": "SoftwareSourceCode",
        "venue-only": "ScholarlyArticle",
        "braces": "ScholarlyArticle",
    }
    article = json_ld_of(out, "article")
    assert article["isPartOf"] == {
        "@type": "PublicationIssue",
        "issueNumber": "7553",
        "isPartOf": {
            "@type": "PublicationVolume",
            "volumeNumber": "521",
            "isPartOf": {"@type": "Periodical", "name": "Nature", "issn": "0028-0836"},
        },
    }
    assert (article["pagination"], article["pageStart"], article["pageEnd"]) == (
        "436-444",
        "436",
        "444",
    )
    assert article["publisher"] == {"@type": "Organization", "name": "Nature Publishing Group"}
    chapter = json_ld_of(out, "chapter")
    assert chapter["editor"] == [
        {"@type": "Person", "name": "Doina Precup", "url": "https://example.org/authors/precup/"},
        {"@type": "Person", "name": "Yee Whye Teh", "url": "https://example.org/authors/teh/"},
    ]
    assert json_ld_of(out, "thesis")["sourceOrganization"] == {
        "@type": "Organization",
        "name": "MIT",
    }


# --- pages ----------------------------------------------------------------------------------

VENUE_LINES = {
    "article": "Nature 521(7553): 436–444, 2015",
    "conference": "In Proceedings of ICML 2017 (eds. Doina Precup, Yee Whye Teh), "
    "Proceedings of Machine Learning Research 70, pp. 1126–1135. PMLR, 2017",
    "chapter": "In Name of Book (eds. Doina Precup, Yee Whye Teh), pp. 1–20. Publisher, 2020",
    "book": "2nd edition. MIT Press, Cambridge, MA, 2016",
    "thesis": "PhD thesis, MIT, 2019",
    "masters": "Master's thesis, University of Toronto, 2001",
    "report": "Technical report 123, Google, 2020",
    "preprint": "arXiv:2203.02155, 2022",
    "venue-only": "NeurIPS 2020",
}


@pytest.mark.parametrize(("pid", "line"), sorted(VENUE_LINES.items()))
def test_pages_show_the_venue_as_readers_expect_with_the_year_once(
    out: Path, pid: str, line: str
) -> None:
    page = (out / f"papers/{pid}/index.html").read_text(encoding="utf-8")
    text = page_text(out / f"papers/{pid}/index.html")
    venue = re.search(r'<p class="venue-line"[^>]*>([^<]*)</p>', page)  # under the byline
    assert venue and html.unescape(venue[1]).startswith(line), venue
    assert text.count(str(PAPERS[pid].split("year: ")[1][:4])) >= 1
    assert "Year " not in text  # no separate year beside a venue that has it
    assert line in page_text(out / "papers/index.html")  # the list item says the same
    assert line in page_text(out / "lists/all/index.html")
    atom = "{http://www.w3.org/2005/Atom}"
    summaries = [e.findtext(f"{atom}summary") or "" for e in ET.parse(out / "feed.xml").iter()]
    assert any(summary.startswith(line) for summary in summaries)


def test_editors_et_al_and_links_on_the_paper_page(out: Path) -> None:
    page = out / "papers/chapter/index.html"
    text = page_text(page)
    assert "Edited by Doina Precup Yee Whye Teh" in text
    links = read_page(page).links
    assert "/authors/precup/" in links and "/authors/teh/" in links
    preprint = page_text(out / "papers/preprint/index.html")
    assert "Geoffrey Hinton et al." in preprint
    software = out / "papers/software/index.html"
    html_text = software.read_text(encoding="utf-8")
    assert '<a href="https://example.org/papers/software/paper.pdf" class="primary">PDF</a>' in (
        html_text
    )  # the first action
    for label, href in (
        ("Code", "https://github.com/example/library"),
        ("Slides", "https://example.org/slides.pdf"),
    ):
        assert f'<a href="{href}">{label}</a>' in html_text
    article = page_text(out / "papers/article/index.html")
    assert "PubMed 26017442" in article and "ISSN 0028-0836" in article


def test_an_own_key_shared_with_a_made_key_keeps_keys_unique(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site(
        {
            **AUTHORS,
            "content/papers/a.yaml": "title: Deep learning\nauthors: [lecun]\nyear: 2015\n",
            "content/papers/b.yaml": "title: Other\nauthors: [bengio]\nyear: 2015\n"
            "citation_key: lecun2015deep\n",
            "content/papers/c.yaml": "title: Deep nets\nauthors: [lecun]\nyear: 2015\n",
        }
    )
    build(root, tmp_path / "out")
    keys = {
        pid: parse_string((tmp_path / f"out/papers/{pid}/cite.bib").read_text("utf-8"))
        .entries[0]
        .key
        for pid in "abc"
    }
    assert keys["b"] == "lecun2015deep"  # the user's key wins; the made ones step aside
    assert (keys["a"], keys["c"]) == ("lecun2015deepa", "lecun2015deepb")


def test_paper_pages_of_every_type_are_valid_html(
    out: Path, vnu: Callable[[list[Path]], list[str]]
) -> None:
    """Editors, et al., links and venue lines keep the pages valid (the W3C checker)."""
    pages = [out / f"papers/{pid}/index.html" for pid in PAPERS]
    assert vnu([*pages, out / "papers/index.html", out / "lists/all/index.html"]) == []


def test_datasets_software_and_theses_without_a_degree_come_back_from_their_bibtex() -> None:
    from generator.editing.ingest.bibtex import read_bibtex

    text = (
        "@misc{a, title={Data}, author={Doe, Jane}, year={2020}, type={Dataset}}\n"
        "@misc{s, title={Code}, author={Doe, Jane}, year={2020}, type={Software}}\n"
        "@phdthesis{b, title={T}, author={Doe, Jane}, year={2020}, school={MIT}, type={Thesis}}\n"
        "@phdthesis{c, title={T2}, author={Doe, Jane}, year={2020}, school={MIT}}\n"
    )
    papers = {p.citation_key: p for p in read_bibtex(text, "x.bib").papers}
    assert (papers["a"].type, papers["s"].type) == ("dataset", "software")
    assert (papers["b"].type, papers["b"].degree) == ("thesis", "")
    assert (papers["c"].type, papers["c"].degree) == ("thesis", "phd")


def test_an_editors_page_lists_the_works_they_edited(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site({
        "content/authors/ada.yaml": "name: Ada Lovelace\nfamily: Lovelace\ngiven: Ada\n",
        "content/papers/collected.yaml": (
            "title: Collected Notes\ntype: book\neditors: [ada]\nyear: 1843\npublisher: Taylor\n"
        ),
    })  # fmt: skip
    build(root, tmp_path / "out")
    page = (tmp_path / "out/authors/ada/index.html").read_text(encoding="utf-8")
    assert "Collected Notes" in page

"""What bibliographies carry (issue 13): paper types, their fields, editors, links; inferred
types for files from before types; messages at path:line; dump order; schemas; `new paper`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.base.errors import Problems
from generator.base.yamlfile import parse_yaml
from generator.model.dump import author_yaml, paper_yaml
from generator.model.reading import read_content
from generator.model.records import (
    PAPER_FIELDS,
    Author,
    Links,
    Paper,
    PaperLinks,
    author_from_yaml,
    infer_type,
    paper_from_yaml,
    type_stated,
)
from generator.model.schema import json_schema

from .conftest import ROOT, Run, copy_seed_site

AUTHORS = {
    "content/authors/ada.yaml": "name: Ada Lovelace\nfamily: Lovelace\ngiven: Ada\n",
    "content/authors/charles.yaml": "name: Charles Babbage\nfamily: Babbage\ngiven: Charles\n",
}
FULL = """\
title: Deep learning
type: article
authors:
  - ada
editors:
  - charles
et_al: true
year: 2015
month: 5
venue: Nature 2015
journal: Nature
booktitle: A book
volume: 521
number: 7553
pages: 436–444
edition: 2
series: LNCS
publisher: Nature Publishing Group
address: London
school: MIT
institution: MIT CSAIL
organization: ACM
howpublished: On paper
degree: phd
arxiv: 2303.08774
doi: 10.1038/nature14539
isbn: 978-0-262-03561-3
issn: 0028-0836
pmid: 26017442
openreview: HkxYzANYDB
acl: 2020.acl-main.1
dblp: journals/nature/LeCunBH15
citation_key: lecun2015deep
url: https://example.org/paper
links:
  pdf: https://example.org/a.pdf
  code: https://github.com/a/b
  slides: https://example.org/s
  video: https://example.org/v
  poster: https://example.org/p
  project: https://example.org/
  data: https://example.org/d
"""


def read(text: str) -> tuple[Paper | None, list[str]]:
    problems = Problems()
    paper = paper_from_yaml("p", "content/papers/p.yaml", parse_yaml(text, "p.yaml"), problems)
    return paper, [str(p) for p in problems]


def errors_of(site: Path) -> list[str]:
    return [str(p) for p in read_content(site)[1].errors]


def test_every_field_of_a_bibliography_reads_into_the_paper() -> None:
    paper, problems = read(FULL)
    assert problems == []
    assert paper is not None
    assert (paper.type, paper.editors, paper.et_al, paper.month) == (
        "article",
        ("charles",),
        True,
        5,
    )
    assert (paper.journal, paper.booktitle, paper.volume, paper.number, paper.pages) == (
        "Nature", "A book", "521", "7553", "436–444"
    )  # fmt: skip
    assert (paper.edition, paper.series, paper.publisher, paper.address) == (
        "2", "LNCS", "Nature Publishing Group", "London"
    )  # fmt: skip
    assert (paper.school, paper.institution, paper.organization, paper.howpublished) == (
        "MIT", "MIT CSAIL", "ACM", "On paper"
    )  # fmt: skip
    assert (paper.degree, paper.isbn, paper.issn, paper.pmid) == (
        "phd", "978-0-262-03561-3", "0028-0836", "26017442"
    )  # fmt: skip
    assert (paper.openreview, paper.acl, paper.dblp, paper.citation_key) == (
        "HkxYzANYDB", "2020.acl-main.1", "journals/nature/LeCunBH15", "lecun2015deep"
    )  # fmt: skip
    assert paper.links == PaperLinks(
        "https://example.org/a.pdf", "https://github.com/a/b", "https://example.org/s",
        "https://example.org/v", "https://example.org/p", "https://example.org/",
        "https://example.org/d",
    )  # fmt: skip
    assert type_stated(paper)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("arxiv: 2303.08774\n", "preprint"),
        ("arxiv: 2303.08774\nvenue: NeurIPS 2020\n", "conference"),
        ("arxiv: 2303.08774\njournal: Nature\n", "article"),
        ("journal: Nature\n", "article"),
        ("journal: Nature\nbooktitle: Proc. X\n", "article"),
        ("booktitle: Proceedings of ICML 2017\n", "conference"),
        ("venue: NeurIPS 2020\n", "conference"),  # what every export assumed before types
        ("", "other"),
        ("type: book\nvenue: Somewhere\n", "book"),  # a stated type is kept
    ],
)
def test_a_file_without_a_type_gets_the_type_its_fields_imply(
    site: Callable[..., Path], fields: str, expected: str
) -> None:
    root = site({**AUTHORS, "content/papers/p.yaml": f"title: T\nauthors: [ada]\nyear: 2020\n{fields}"})  # fmt: skip
    content, problems = read_content(root)
    assert list(problems) == []
    assert content.papers["p"].type == expected
    assert type_stated(content.papers["p"]) == fields.startswith("type:")


def test_infer_type_is_the_rule_importers_share() -> None:
    assert infer_type(arxiv="1706.03762") == "preprint"
    assert infer_type(arxiv="1706.03762", booktitle="NeurIPS") == "conference"
    assert infer_type(journal="Nature", venue="Nature") == "article"
    assert infer_type(venue="arXiv preprint") == "conference"
    assert infer_type() == "other"


def test_the_seed_site_reads_as_before_and_check_has_nothing_new(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    root = copy_seed_site(tmp_path / "seed")
    content, problems = read_content(root)
    assert list(problems) == []
    types = {p.type for p in content.papers.values()}
    assert types <= {"preprint", "conference", "other"}
    assert {p.type for p in content.papers.values() if p.venue} == {"conference"}
    assert not any(type_stated(p) for p in content.papers.values())
    run = cli("check", "--site", root)
    assert run.code == 0 and "0 errors, 0 warnings" in run.out, run.out + run.err


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("type: journal", "4: type: 'journal' is not one of: article, conference, book, chapter, thesis, report, preprint, dataset, software, other"),
        ("month: jan", "4: month: expected a month as a number from 1 to 12 (3 for March), but found the text 'jan'; write month: 1"),
        ("month: September", "4: month: expected a month as a number from 1 to 12 (3 for March), but found the text 'September'; write month: 9"),
        ("month: 13", "4: month: expected a month as a number from 1 to 12 (3 for March), but YAML reads `13` as a number"),
        ("month: '3'", "4: month: expected a month as a number from 1 to 12 (3 for March), but found the text '3'; write it without quotes: month: 3"),
        ("citation_key: smith 2020", "4: citation_key: 'smith 2020' cannot be a BibTeX key: a key has no spaces, commas or braces; write one such as smith2020"),
        ("citation_key: '{smith}'", "4: citation_key: '{smith}' cannot be a BibTeX key"),
        ("degree: doctor", "4: degree: 'doctor' is not one of: phd, masters"),
        ("pmid: PMC123", "4: pmid: 'PMC123' does not look like a number such as 26017442"),
        ("et_al: maybe", "4: et_al: expected true or false, but found the text 'maybe'"),
        ('journal: "Nature\\nLetters"', "4: journal: the text holds a line break; write it on one line"),
        ("publisher: [a, b]", "4: publisher: expected text, but found a list"),
        ("links:\n  pdf: ftp://x.org/a.pdf", "5: pdf: 'ftp://x.org/a.pdf' does not look like a web address starting with https://"),
        ("links:\n  github: https://github.com/a/b", "5: unknown field 'github'; did you mean 'code'?"),
        ("links: https://x.org/", "4: links must be a mapping of fields (found the text 'https://x.org/')"),
        ("pdf: https://x.org/a.pdf", "4: unknown field 'pdf'; put it under 'links:' as pdf"),
        ("journaltitle: Nature", "4: unknown field 'journaltitle'; did you mean 'journal'?"),
        ("editors: [charles, charles]", "4: editor 'charles' is listed twice"),
        ("editors:\n  - ada\n  - charle", "6: unknown editor 'charle': there is no content/authors/charle.yaml; did you mean 'charles'?"),
    ],
)  # fmt: skip
def test_a_wrong_value_says_where_and_what_to_write(
    site: Callable[..., Path], line: str, message: str
) -> None:
    root = site({**AUTHORS, "content/papers/p.yaml": f"title: T\nauthors: [ada]\nyear: 2020\n{line}\n"})  # fmt: skip
    errors = errors_of(root)
    assert any(e.startswith(f"content/papers/p.yaml:{message}") for e in errors), errors


def test_a_month_may_have_a_leading_zero() -> None:
    paper, problems = read("title: T\nauthors: [a]\nyear: 2020\nmonth: 03\n")
    assert problems == [] and paper is not None and paper.month == 3


def test_an_edited_book_may_name_editors_and_no_authors(site: Callable[..., Path]) -> None:
    root = site({**AUTHORS, "content/papers/p.yaml": "title: T\ntype: book\neditors: [charles]\nyear: 2020\n"})  # fmt: skip
    content, problems = read_content(root)
    assert list(problems) == []
    assert content.papers["p"].authors == () and content.papers["p"].editors == ("charles",)
    root = site({"content/papers/p.yaml": "title: T\ntype: book\nyear: 2020\n"})
    assert errors_of(root) == [
        "content/papers/p.yaml:1: missing required field 'authors'; add it, or mark the paper "
        "'needs_metadata: true' until you know it"
    ]


def test_author_links_take_dblp_semantic_scholar_and_openreview() -> None:
    text = (
        "name: Geoffrey Hinton\nfamily: Hinton\ngiven: Geoffrey\nlinks:\n"
        "  dblp: h/GeoffreyEHinton\n  semantic_scholar: 1695689\n  openreview: ~Geoffrey_Hinton1\n"
    )
    problems = Problems()
    author = author_from_yaml("g", "a.yaml", parse_yaml(text, "a.yaml"), problems)
    assert list(problems) == [] and author is not None
    assert author.links == Links(
        dblp="h/GeoffreyEHinton", semantic_scholar="1695689", openreview="~Geoffrey_Hinton1"
    )
    assert author_yaml(author).endswith(
        "links:\n  dblp: h/GeoffreyEHinton\n  semantic_scholar: 1695689\n"
        "  openreview: ~Geoffrey_Hinton1\n"
    )
    problems = Problems()
    author_from_yaml("g", "a.yaml", parse_yaml(text.replace("1695689", "abc"), "a.yaml"), problems)
    assert [str(p) for p in problems] == [
        "a.yaml:6: semantic_scholar: 'abc' does not look like a number such as 26017442"
    ]
    problems = Problems()
    author_from_yaml("g", "a.yaml", parse_yaml("name: A\nfamily: A\ndblp: x\n", "a.yaml"), problems)
    assert [str(p) for p in problems] == ["a.yaml:3: unknown field 'dblp'; put it under 'links:' as dblp"]  # fmt: skip


def test_files_are_written_in_field_table_order_and_read_back_the_same() -> None:
    paper, _ = read(FULL.replace("type: article", "type: chapter"))
    assert paper is not None
    text = paper_yaml(paper)
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith(" ")]
    assert keys == [spec.name for spec in PAPER_FIELDS if spec.name in keys]
    written = [line.split(":")[0] for line in FULL.splitlines() if not line.startswith(" ")]
    assert keys[:3] == ["title", "type", "authors"] and sorted(keys) == sorted(written)
    assert "volume: 521\n" in text and "pages: 436–444\n" in text  # numbers unquoted
    back, problems = read(text)
    assert problems == [] and back == paper


def test_a_type_the_fields_imply_is_left_out_only_where_the_file_left_it_out() -> None:
    # a new paper's type is its record's (an import's entry type): written, so the same
    # file imported again finds the paper as the first import made it
    article = Paper("p", "T", ("a",), 2020, type="article", journal="Nature")
    assert "\ntype: article\n" in paper_yaml(article)
    assert read(paper_yaml(article))[0] == article
    # a file from before types stays as it was: its type is inferred, and not written back
    old = read(paper_yaml(article).replace("type: article\n", ""))[0]
    assert old is not None and old.type == "article"
    assert "type:" not in paper_yaml(old)
    book = dataclasses.replace(article, type="book", journal="", publisher="MIT Press")
    assert "\ntype: book\n" in paper_yaml(book)
    assert read(paper_yaml(book))[0] == book


def test_the_schema_accepts_every_field_and_rejects_wrong_values() -> None:
    validator = jsonschema.Draft202012Validator(json_schema("paper"))
    good = yaml.safe_load(FULL)
    assert list(validator.iter_errors(good)) == []
    assert validator.is_valid({"title": "T", "type": "book", "editors": ["ed"], "year": 2020})
    for wrong in (
        {"type": "journal"},
        {"month": 13},
        {"month": "jan"},
        {"degree": "doctor"},
        {"citation_key": "a b"},
        {"citation_key": "a,b"},
        {"pmid": "PMC1"},
        {"et_al": "yes"},
        {"journal": "a\nb"},
        {"links": {"pdf": "ftp://x"}},
        {"links": {"github": "https://x.org/"}},
        {"editors": ["Bad Id"]},
    ):
        assert not validator.is_valid({**good, **wrong}), wrong
    author = jsonschema.Draft202012Validator(json_schema("author"))
    links = {"dblp": "h/X", "semantic_scholar": "123", "openreview": "~X1"}
    assert author.is_valid({"name": "X", "family": "X", "links": links})
    assert not author.is_valid({"name": "X", "family": "X", "links": {"semantic_scholar": "x"}})


def test_the_seed_sites_schemas_are_the_current_ones() -> None:
    import json

    for kind in ("paper", "author", "list", "site"):
        written = json.loads((ROOT / f"schemas/{kind}.schema.json").read_text(encoding="utf-8"))
        assert written == json_schema(kind), kind


@pytest.mark.parametrize(
    ("files", "duplicate"),
    [
        # Goodfellow's 2016 book and LeCun's 2015 article: two works with one title
        ({"a": "title: Deep Learning\ntype: book\nauthors: [ada]\nyear: 2016\n",
          "b": "title: Deep learning\njournal: Nature\nauthors: [charles]\nyear: 2015\n"}, False),
        # a 1995 thesis and the 1996 book made from it
        ({"a": "title: Deep Learning\ntype: thesis\nauthors: [ada]\nyear: 1995\n",
          "b": "title: Deep Learning\ntype: book\nauthors: [ada]\nyear: 1996\n"}, False),
        # a conference paper and its journal version
        ({"a": "title: X\nbooktitle: Proc. ICML\nauthors: [ada]\nyear: 2017\n",
          "b": "title: X\njournal: JMLR\nauthors: [ada]\nyear: 2018\n"}, False),
        # two editions
        ({"a": "title: X\ntype: book\nedition: 1\nauthors: [ada]\nyear: 2017\n",
          "b": "title: X\ntype: book\nedition: 2\nauthors: [ada]\nyear: 2017\n"}, False),
        # two parts of one series of articles: other volumes or pages
        ({"a": "title: X\njournal: J\nvolume: 1\nauthors: [ada]\nyear: 2017\n",
          "b": "title: X\njournal: J\nvolume: 2\nauthors: [ada]\nyear: 2017\n"}, False),
        # the same pages written two ways
        ({"a": "title: X\njournal: J\npages: 1–9\nauthors: [ada]\nyear: 2017\n",
          "b": "title: X\njournal: J\npages: 1--9\nauthors: [ada]\nyear: 2017\n"}, True),
        # years far apart
        ({"a": "title: X\nauthors: [ada]\nyear: 2010\n",
          "b": "title: X\nauthors: [ada]\nyear: 2017\n"}, False),
        # one work twice: a preprint and its conference version, by the same author
        ({"a": "title: X\narxiv: 1706.03762\nauthors: [ada]\nyear: 2017\n",
          "b": "title: x!\nvenue: NeurIPS 2017\nauthors: [ada]\nyear: 2017\n"}, True),
    ],
)  # fmt: skip
def test_one_title_is_one_paper_only_when_it_is_one_work(
    site: Callable[..., Path], files: dict[str, str], duplicate: bool
) -> None:
    root = site({**AUTHORS, **{f"content/papers/{k}.yaml": v for k, v in files.items()}})
    expected = [
        "content/papers/b.yaml:1: the same title as content/papers/a.yaml: one paper twice? "
        "Keep one file and point lists at it"
    ]
    assert errors_of(root) == (expected if duplicate else [])


def test_two_papers_may_not_share_a_citation_key(site: Callable[..., Path]) -> None:
    root = site({
        **AUTHORS,
        "content/papers/a.yaml": "title: A\nauthors: [ada]\nyear: 2020\ncitation_key: ada2020\n",
        "content/papers/b.yaml": "title: B\nauthors: [ada]\nyear: 2020\ncitation_key: Ada2020\n",
    })  # fmt: skip
    assert errors_of(root) == [
        "content/papers/b.yaml:4: the same citation_key as content/papers/a.yaml: every paper "
        "needs a key of its own in the BibTeX exports; change one"
    ]


def test_new_paper_writes_the_fields_of_its_type(
    site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = site(AUTHORS)
    run = cli("new", "paper", "--site", root, "--title", "Deep learning",
              "--author", "LeCun, Yann", "--author", "Lovelace, Ada", "--year", "2015",
              "--type", "article", "--journal", "Nature", "--volume", "521", "--number", "7553",
              "--pages", "436--444", "--month", "5", "--doi", "10.1038/nature14539",
              "--citation-key", "lecun2015", "--pdf", "https://x.org/a.pdf", "--et-al")  # fmt: skip
    assert run.code == 0, run.err
    text = (root / "content/papers/deep-learning.yaml").read_text()
    for line in ("journal: Nature\n", "volume: 521\n", "number: 7553\n", "pages: 436--444\n",
                 "month: 5\n", "citation_key: lecun2015\n", "links:\n  pdf: https://x.org/a.pdf\n",
                 "et_al: true\n"):  # fmt: skip
        assert line in text, text
    content, problems = read_content(root)
    assert list(problems) == []
    paper = content.papers["deep-learning"]
    assert paper.type == "article" and paper.authors == ("yann-lecun", "ada")
    assert (paper.journal, paper.volume, paper.number, paper.pages) == (
        "Nature", "521", "7553", "436--444"
    )  # fmt: skip


def test_new_paper_resolves_editors_like_authors(
    site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = site(AUTHORS)
    run = cli("new", "paper", "--site", root, "--title", "A Handbook", "--type", "book",
              "--editor", "Babbage, Charles", "--editor", "Somerville, Mary",
              "--publisher", "MIT Press", "--isbn", "978-0-262-03561-3", "--year", "1850")  # fmt: skip
    assert run.code == 0, run.err
    assert "editor 'Babbage, Charles': charles" in run.out
    assert "editor 'Somerville, Mary': new author mary-somerville" in run.out
    content, problems = read_content(root)
    assert list(problems) == []
    paper = content.papers["a-handbook"]
    assert paper.type == "book" and paper.authors == ()
    assert paper.editors == ("charles", "mary-somerville") and not paper.needs_metadata
    assert paper.publisher == "MIT Press" and paper.isbn == "978-0-262-03561-3"
    assert content.authors["mary-somerville"].aliases == ("Somerville, Mary",)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "journal"], "new: --type: 'journal' is not one of: article, conference"),
        (["--month", "13"], "new: --month 13: write the month as a number from 1 to 12"),
        (["--citation-key", "a b"], "new: --citation-key: 'a b' cannot be a BibTeX key"),
        (
            ["--code", "github.com/a"],
            "new: --code: 'github.com/a' does not look like a web address",
        ),
        (["--editor", ","], "new: --editor ',': write the name as 'Family, Given'"),
    ],
)
def test_new_paper_refuses_a_wrong_field_and_writes_nothing(
    site: Callable[..., Path], cli: Callable[..., Run], args: list[str], message: str
) -> None:
    root = site(AUTHORS)
    run = cli("new", "paper", "--site", root, "--title", "T", "--author", "Lovelace, Ada", *args)
    assert run.code == 1
    assert message in run.err, run.err
    assert not (root / "content/papers").exists()


def test_a_paper_made_in_code_reads_back_with_its_implied_type() -> None:
    paper = Paper("p", "T", ("a",), 2020, venue="NeurIPS 2020")
    back, _ = read(paper_yaml(paper))
    assert back == dataclasses.replace(paper, type="conference")
    assert Author("a", "A", "A").links == Links()


def test_the_readme_documents_every_paper_field_with_an_example_per_type() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### `content/papers/ID.yaml`")[1].split("### `content/authors")[0]
    for spec in PAPER_FIELDS:
        assert f"`{spec.name}" in section or f"\n{spec.name}:" in section, spec.name
    blocks = [b.split("```")[0] for b in section.split("```yaml\n")[1:]]
    types = []
    for block in blocks:
        paper, problems = read(block)
        assert problems == [], block
        assert paper is not None
        types.append(paper.type)
    assert types == ["conference", "article", "conference", "book", "thesis"]


def test_new_paper_has_an_option_for_every_field(cli: Callable[..., Run]) -> None:
    from generator.editing.new import DETAIL_FIELDS, LINK_OPTIONS, option

    run = cli("new", "paper", "--help")
    assert run.code == 0
    for spec in (*DETAIL_FIELDS, *LINK_OPTIONS):
        assert f"{option(spec.name)} TEXT" in run.out, spec.name
    for flag in ("--editor", "--et-al", "--month"):
        assert flag in run.out

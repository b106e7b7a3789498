"""Exports (BibTeX, RIS, CSL-JSON, Atom per list and author) and BibTeX import."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares import LatexDecodingMiddleware

from generator.build.pipeline import build
from generator.model.reading import read_content
from generator.site.cite import cite_keys, container, csl_indented, csl_json

from .conftest import ROOT, Run, copy_seed_site, snapshot
from .sitecheck import read_page

BIBTEX_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_:.\-]*$")


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_seed_site(tmp_path_factory.mktemp("seed"))
    build(root, root / "_site", base_url="https://example.org/")
    return root / "_site"


def test_every_bibtex_file_parses_with_unique_valid_keys(seed_out: Path) -> None:
    files = sorted(seed_out.rglob("*.bib"))
    content, _ = read_content(ROOT)
    assert len(files) == len(content.papers) + len(content.authors) + len(content.lists)
    all_keys: dict[str, str] = {}
    for path in files:
        library = parse_string(path.read_text(encoding="utf-8"))
        assert not library.failed_blocks, (path, library.failed_blocks)
        keys = [entry.key for entry in library.entries]
        assert len(keys) == len(set(keys)), path
        for entry in library.entries:
            assert BIBTEX_KEY.match(entry.key), entry.key
            title = entry.fields_dict["title"].value
            assert all_keys.setdefault(entry.key, title) == title  # one key, one paper
    assert len(all_keys) == len(content.papers)


def test_ris_and_csl_json_hold_every_paper_and_author(seed_out: Path) -> None:
    content, _ = read_content(ROOT)
    for pid, paper in content.papers.items():
        ris = (seed_out / f"papers/{pid}/cite.ris").read_text(encoding="utf-8")
        assert ris.startswith("TY  - ") and ris.rstrip().endswith("ER  -")
        assert ris.count("\nAU  - ") == len(paper.authors)
        [item] = json.loads((seed_out / f"papers/{pid}/cite.json").read_text(encoding="utf-8"))
        assert len(item["author"]) == len(paper.authors)
        assert item["issued"] == {"date-parts": [[paper.year]]}
    items = json.loads((seed_out / "lists/tony/papers.json").read_text(encoding="utf-8"))
    assert [i["title"] for i in items] == [
        content.papers[e.paper].title for e in content.lists["tony"].entries
    ]
    ris = (seed_out / "authors/long-ouyang/papers.ris").read_text(encoding="utf-8")
    assert ris.count("TY  - ") == 7


def test_author_exports_leave_abstracts_to_paper_and_list_exports(seed_out: Path) -> None:
    """An author's files hold citations only (a paper is in the files of each of its authors);
    its own files and its lists' keep the abstract."""
    content, _ = read_content(ROOT)
    pid = next(e.paper for e in content.lists["tony"].entries if content.papers[e.paper].abstract)
    aid = content.papers[pid].authors[0]
    for folder in (f"papers/{pid}/cite", "lists/tony/papers", f"authors/{aid}/papers"):
        ris = (seed_out / f"{folder}.ris").read_text(encoding="utf-8")
        items = json.loads((seed_out / f"{folder}.json").read_text(encoding="utf-8"))
        with_abstract = not folder.startswith("authors/")
        assert ("\nAB  - " in ris) is with_abstract, folder
        assert any("abstract" in item for item in items) is with_abstract, folder
        assert len(items) == ris.count("TY  - ") >= 1


def test_lists_and_authors_have_atom_feeds_advertised_on_their_pages(seed_out: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    content, _ = read_content(ROOT)
    shared = {
        a: sum(a in p.authors for p in content.papers.values())
        for a in ("long-ouyang", "jan-leike")
    }
    for page, count in (("lists/tony/", len(content.lists["tony"].entries)),
                        ("authors/long-ouyang/", shared["long-ouyang"]),
                        ("authors/jan-leike/", shared["jan-leike"])):  # fmt: skip
        feed = ET.parse(seed_out / page / "feed.xml").getroot()
        entries = feed.findall(f"{atom}entry")
        assert len(entries) == count, page
        dates = [e.findtext(f"{atom}updated") for e in entries]
        assert dates == sorted(dates, reverse=True)
        html = (seed_out / page / "index.html").read_text(encoding="utf-8")
        assert '<link rel="alternate" type="application/atom+xml"' in html
        assert f'href="/{page}feed.xml"' in html
        for kind in ("bib", "ris", "json"):
            assert f"/{page}papers.{kind}" in read_page(seed_out / page / "index.html").links


RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  -( .*)?$")


def test_every_ris_line_is_a_tag_and_every_record_one_ty_to_er(seed_out: Path) -> None:
    """Abstracts of several paragraphs too: a raw line break in a value would read as a tag."""
    files = sorted(seed_out.rglob("*.ris"))
    assert files
    for path in files:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line]
        assert all(RIS_LINE.match(line) for line in lines), path
        heads = "".join(line[:2] for line in lines if line[:2] in ("TY", "ER"))
        assert heads == "TYER" * (len(heads) // 4), path


TRICKY = {
    "content/authors/madry.yaml": "name: Aleksander Mądry\nfamily: Mądry\ngiven: Aleksander\n",
    "content/authors/openai.yaml": "name: OpenAI\nfamily: OpenAI\nkind: organization\n",
    "content/authors/kaiser.yaml": "name: Łukasz Kaiser\nfamily: Kaiser\ngiven: Łukasz\n",
    "content/authors/von.yaml": "name: Fred von Lohmann\nfamily: von Lohmann\ngiven: Fred\n",
    "content/papers/tricky.yaml": (
        "title: '50\\% of $\\alpha$-nets & {braces} #1 for under_scores: Mądry’s GPT-4o'\n"
        "authors: [madry, openai, kaiser, von]\nyear: 2024\narxiv: '2401.00001'\n"
        "doi: 10.1000/abc_def\nvenue: ICML & Friends\ntags: [rlhf]\n"
    ),
    "content/papers/plain.yaml": "title: A plain paper\nauthors: [kaiser]\nyear: 2019\n",
}


def test_tex_and_special_characters_survive_a_bibtex_round_trip(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site(TRICKY)
    build(root, tmp_path / "out")
    bib = (tmp_path / "out/papers/tricky/cite.bib").read_text(encoding="utf-8")
    library = parse_string(bib, append_middleware=[LatexDecodingMiddleware()])
    [entry] = library.entries
    title = entry.fields_dict["title"].value
    assert (
        re.sub(r"[{}]", "", title)
        == "50% of $\\alpha$-nets & braces #1 for under_scores: Mądry’s GPT-4o"
    )
    assert entry.fields_dict["booktitle"].value == "ICML & Friends"
    assert entry.fields_dict["doi"].value == "10.1000/abc_def"


def test_export_then_import_into_an_empty_site_gives_the_same_papers_and_authors(
    seed_out: Path, site: Callable[..., Path], cli: Callable[..., Run], tmp_path: Path
) -> None:
    original, _ = read_content(ROOT)
    bib = tmp_path / "all.bib"
    bib.write_text("\n".join((seed_out / f"papers/{pid}/cite.bib").read_text(encoding="utf-8")
                             for pid in sorted(original.papers)), encoding="utf-8")  # fmt: skip
    empty = tmp_path / "empty"
    assert cli("init", empty).code == 0
    run = cli("import", "--site", empty, bib)
    assert run.code == 0, run.err
    copy, problems = read_content(empty)
    assert not problems.errors
    by_title = {p.title: p for p in copy.papers.values()}
    assert set(by_title) == {p.title for p in original.papers.values()}
    for paper in original.papers.values():
        again = by_title[paper.title]
        # the venue comes back as the proceedings' title (booktitle), where it is shown the same
        assert (again.year, again.arxiv, container(again)) == (
            paper.year,
            paper.arxiv,
            container(paper),
        )
        names = [original.authors[a].name for a in paper.authors]
        assert [copy.authors[a].name for a in again.authors] == names, paper.id
    assert copy.authors["openai"].kind == "organization"
    assert len(copy.authors) == len(original.authors)


BIB = r"""
@article{kaiser2017,
  title = {One Model To Learn Them All},
  author = {Kaiser, {\L}ukasz and M{\k{a}}dry, Aleksander and Gomez, Aidan N.},
  year = 2017,
  eprint = {1706.05137},
  archivePrefix = {arXiv},
  keywords = {multitask; transformers},
}

@inproceedings{broken,
  title = {Missing brace,
  author = {X, Y},
  year = {2020}

@misc{dup,
  title = "{GPT-4} Technical Report",
  author = "{OpenAI} and Achiam, Josh",
  year = {2023},
  journal = {arXiv preprint arXiv:2303.08774},
}
"""


def test_bibtex_import_decodes_accents_merges_duplicates_and_skips_a_broken_entry(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    root = copy_seed_site(tmp_path / "site")
    refs = tmp_path / "refs.bib"
    refs.write_text(BIB, encoding="utf-8")
    before, _ = read_content(root)
    run = cli("import", "--site", root, refs, "--list", "tony", "--added", "2026-12-01")
    assert run.code == 0, run.err
    assert "refs.bib:11: skipped a broken entry: @inproceedings{broken," in run.err
    assert "Papers: 1 added, 1 merged" in run.out
    content, problems = read_content(root)
    assert not problems.errors
    new = content.papers["one-model-to-learn-them-all"]
    assert new.authors == ("lukasz-kaiser", "aleksander-madry", "aidan-n-gomez")
    assert new.arxiv == "1706.05137" and new.tags == ("multitask", "transformers")
    assert content.authors["aleksander-madry"].name == "Aleksander Mądry"
    # the duplicate was recognised by its arXiv id and not added twice
    assert len(content.papers) == len(before.papers) + 1
    assert content.papers["gpt-4-technical-report"] == before.papers["gpt-4-technical-report"]
    # --list: both imported papers are on the list, after what was there
    entries = [e.paper for e in content.lists["tony"].entries]
    assert entries[-2:] == ["one-model-to-learn-them-all", "gpt-4-technical-report"]
    again = snapshot(root)
    cli("import", "--site", root, refs, "--list", "tony")
    assert snapshot(root) == again  # idempotent


def test_import_to_an_unknown_list_is_refused(
    cli: Callable[..., Run], site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site()
    refs = tmp_path / "refs.bib"
    refs.write_text(BIB, encoding="utf-8")
    run = cli("import", "--site", root, refs, "--list", "nope")
    assert run.code == 1 and "there is no list 'nope'" in run.err
    assert not (root / "content/papers").exists()


def test_the_csl_json_on_a_paper_page_is_indented_as_json_writes_it() -> None:
    """csl_indented (a paper page's CSL-JSON box) writes what json.dumps(indent=2) does, for
    every seed paper and for values that need escaping."""
    content, _ = read_content(ROOT)
    keys = cite_keys(content)
    items = [csl_json(p, keys[p.id], content.authors) for p in content.papers.values()]
    odd = {"a": [], "b": {}, "c": [[2016, 3]], "d": 'ü"<\\\u2028\x01', "e": None, "f": 1.5}
    for item in [*items, odd, [odd, [odd]], "", 0, False]:
        assert csl_indented(item) == json.dumps(item, ensure_ascii=False, indent=2)

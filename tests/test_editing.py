"""The editor's commands: new, check's cross-record checks, schema, and 'Edit this page'."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.build.pipeline import build
from generator.model.reading import read_content
from generator.model.schema import json_schema

from .conftest import ROOT, Run, snapshot

AUTHORS = {
    "content/authors/jan-leike.yaml": "name: Jan Leike\nfamily: Leike\ngiven: Jan\naliases: ['Leike, Jan']\n",
    "content/authors/lukasz-kaiser.yaml": "name: Łukasz Kaiser\nfamily: Kaiser\ngiven: Łukasz\naliases: ['Kaiser, Łukasz']\n",
    "content/lists/group.yaml": "title: Group\ncurator: Ana\nentries: []\n",
}


def test_new_paper_resolves_authors_and_says_which(
    site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = site(AUTHORS)
    run = cli("new", "paper", "--site", root, "--title", "Attention Is All You Need",
              "--author", "Kaiser, Lukasz", "--author", "Leike, Jan", "--author", "Vaswani, Ashish",
              "--year", "2017", "--arxiv", "1706.03762", "--list", "group", "--added", "2026-01-02")  # fmt: skip
    assert run.code == 0, run.err
    assert (
        "author 'Kaiser, Lukasz': lukasz-kaiser, merged (the same name apart from accents"
        in run.out
    )
    assert "author 'Leike, Jan': jan-leike" in run.out
    assert "author 'Vaswani, Ashish': new author ashish-vaswani" in run.out
    content, problems = read_content(root)
    assert not problems.errors
    paper = content.papers["attention-is-all-you-need"]
    assert paper.authors == ("lukasz-kaiser", "jan-leike", "ashish-vaswani")
    assert paper.year == 2017 and paper.arxiv == "1706.03762" and not paper.needs_metadata
    assert content.authors["lukasz-kaiser"].aliases == ("Kaiser, Łukasz", "Kaiser, Lukasz")
    assert [e.paper for e in content.lists["group"].entries] == ["attention-is-all-you-need"]
    text = (root / "content/papers/attention-is-all-you-need.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schemas/paper.schema.json\n")
    assert (root / "schemas/paper.schema.json").is_file()


def test_new_paper_matches_a_short_form_of_a_rare_name_as_an_import_would(
    site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    # one typed paper is no evidence, but a known short form of a rare full name is one person
    # (identity.rare_name), as in an import: 'Knuth, Don' is the site's Donald E. Knuth
    knuth = (
        "name: Donald E. Knuth\nfamily: Knuth\ngiven: Donald E.\naliases: ['Knuth, Donald E.']\n"
    )
    root = site({**AUTHORS, "content/authors/donald-e-knuth.yaml": knuth})
    run = cli("new", "paper", "--site", root, "--title", "Literate programming",
              "--author", "Knuth, Don", "--author", "Wang, Ye", "--year", "1984")  # fmt: skip
    assert run.code == 0, run.err
    assert (
        "author 'Knuth, Don': donald-e-knuth, merged ('Don' is a short form of 'Donald'; a full "
        "name that is not a common one)" in run.out
    )
    content, _ = read_content(root)
    assert content.papers["literate-programming"].authors[0] == "donald-e-knuth"
    assert "Knuth, Don" in content.authors["donald-e-knuth"].aliases


def test_new_paper_keeps_a_name_that_only_fits_apart_and_says_how_to_merge(
    site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    # an initial is not evidence (issue 14): 'Leike, J.' may be Jan or Reimar Leike
    root = site(AUTHORS)
    run = cli("new", "paper", "--site", root, "--title", "Scalable agent alignment",
              "--author", "Leike, J.", "--author", "Kaiser, Łukasz", "--year", "2018")  # fmt: skip
    assert run.code == 0, run.err
    assert "author 'Leike, J.': new author j-leike" in run.out
    advice = "readinglist authors merge jan-leike j-leike"
    assert (
        "j-leike may be jan-leike ('J.' is the initial of 'Jan')" in run.out and advice in run.out
    )
    assert "author 'Kaiser, Łukasz': lukasz-kaiser" in run.out  # a known spelling is matched
    merged = cli("authors", "merge", "jan-leike", "j-leike", "--site", root)
    assert merged.code == 0, merged.err
    content, _ = read_content(root)
    assert content.papers["scalable-agent-alignment"].authors == ("jan-leike", "lukasz-kaiser")
    assert "Leike, J." in content.authors["jan-leike"].aliases


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["paper", "--title", "", "--author", "A, B"], "a paper needs a title"),
        (["paper", "--title", "T", "--arxiv", "abs/1"], "does not look like an arXiv id"),
        (["paper", "--title", "T", "--list", "nope"], "there is no list 'nope'"),
        (
            ["paper", "--title", "Existing", "--author", "Leike, Jan"],
            "this paper is already there: content/papers/existing.yaml",
        ),
        (["author", "--author", "Leike, Jan"], "'Leike, Jan' is already author jan-leike"),
        (
            ["author", "--author", "Kaiser, Lukasz"],
            "is already author lukasz-kaiser (the same name apart from accents",
        ),
        (
            ["author", "--author", "X, Y", "--not-same-as", "ghost"],
            "there is no author with that id",
        ),
        (
            ["list", "--title", "Group", "--curator", "Bo", "--id", "group"],
            "there is already a list 'group'",
        ),
    ],
)
def test_new_refuses_bad_input_and_writes_nothing(
    site: Callable[..., Path], cli: Callable[..., Run], args: list[str], message: str
) -> None:
    root = site(
        {
            **AUTHORS,
            "content/papers/existing.yaml": "title: Existing\nauthors: [jan-leike]\nyear: 2020\n",
        }
    )
    before = snapshot(root)
    run = cli("new", *args, "--site", root)
    assert run.code == 1
    assert message in run.err, run.err
    assert "Traceback" not in run.err
    assert snapshot(root) == before


def test_new_author_namesake_and_new_list(
    site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = site(AUTHORS)
    run = cli("new", "author", "--site", root, "--author", "Leike, Jan", "--not-same-as", "jan-leike",
              "--orcid", "0000-0002-1825-0097")  # fmt: skip
    assert run.code == 0, run.err
    assert "new author jan-leike-2" in run.out
    assert (
        cli("new", "list", "--site", root, "--title", "Ana's picks", "--curator", "Ana").code == 0
    )
    content, problems = read_content(root)
    assert not problems.errors
    assert content.authors["jan-leike-2"].not_same_as == ("jan-leike",)
    assert content.authors["jan-leike-2"].links.orcid == "0000-0002-1825-0097"
    assert content.lists["anas-picks"].curator == "Ana"
    # the namesake is declared, so check does not flag the pair
    assert "looks like the same person" not in cli("check", "--site", root).err


def test_new_asks_field_by_field_in_a_terminal(
    site: Callable[..., Path], cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site(AUTHORS)
    answers = iter(["Deep RL from human preferences", "Christiano, Paul", "Leike, Jan", "",
                    "2017", "1706.03741", "", "group"])  # fmt: skip
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    run = cli("new", "paper", "--site", root)
    assert run.code == 0, run.err
    content, _ = read_content(root)
    paper = content.papers["deep-rl-from-human-preferences"]
    assert paper.authors == ("paul-christiano", "jan-leike") and paper.year == 2017
    assert content.lists["group"].entries[0].paper == paper.id


def test_check_reports_duplicates_lookalikes_and_needs_metadata(
    site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = site({
        **AUTHORS,
        "content/authors/lukasz-kaiser-2.yaml": "name: Lukasz Kaiser\nfamily: Kaiser\ngiven: Lukasz\n",
        "content/papers/a.yaml": "title: Same Title\nauthors: [jan-leike]\nyear: 2020\narxiv: 2001.00001\n",
        "content/papers/b.yaml": "title: same title!\nauthors: [jan-leike]\nyear: 2020\n",
        "content/papers/c.yaml": "title: Other\nauthors: [jan-leike]\nyear: 2020\narxiv: 2001.00001\n",
        "content/papers/d.yaml": "title: Half\nneeds_metadata: true\n",
    })  # fmt: skip
    run = cli("check", "--site", root)
    assert run.code == 1
    err = run.err.splitlines()
    assert (
        "content/papers/b.yaml:1: the same title as content/papers/a.yaml: one paper twice? Keep one file and point lists at it"
        in err
    )
    assert any(
        line.startswith("content/papers/c.yaml:4: the same arXiv id as content/papers/a.yaml")
        for line in err
    )
    assert (
        "content/authors/lukasz-kaiser.yaml:1: warning: looks like the same person as lukasz-kaiser-2 (the same name apart from accents, case or punctuation); merge the two files, or add 'lukasz-kaiser-2' to not_same_as if they are different people"
        in err
    )
    assert any(line.startswith("content/papers/d.yaml:2: warning: needs metadata") for line in err)
    assert "2 errors, 2 warnings" in run.out


def test_schemas_accept_the_seed_site_and_reject_mistakes(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    assert cli("schema", "--site", tmp_path).code == 0
    for kind, folder in (("paper", "papers"), ("author", "authors"), ("list", "lists")):
        schema = json.loads((tmp_path / f"schemas/{kind}.schema.json").read_text())
        assert schema == json_schema(kind)
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.FormatChecker()
        )
        for path in sorted((ROOT / "content" / folder).glob("*.yaml"))[:50]:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            data = json.loads(json.dumps(data, default=str))  # dates as text, as editors see them
            assert list(validator.iter_errors(data)) == [], path
    paper = jsonschema.Draft202012Validator(json_schema("paper"))
    assert not paper.is_valid({"title": "T"})  # authors and year are required...
    assert paper.is_valid({"title": "T", "needs_metadata": True})  # ...unless marked
    assert not paper.is_valid({"title": False, "authors": [], "year": 2020})
    assert not paper.is_valid({"title": "T", "authors": ["Bad Id"], "year": 2020})
    assert not paper.is_valid({"title": "T", "authors": [], "year": 2020, "titel": "x"})
    site_schema = jsonschema.Draft202012Validator(json_schema("site"))
    assert site_schema.is_valid(yaml.safe_load((ROOT / "site.yaml").read_text()))
    # the seed site's own schemas/, which its content files name, are the current ones
    for name in ("paper", "author", "list", "site"):
        written = (tmp_path / f"schemas/{name}.schema.json").read_text(encoding="utf-8")
        assert (ROOT / f"schemas/{name}.schema.json").read_text(encoding="utf-8") == written, name


def test_edit_this_page_links_to_the_yaml_file(site: Callable[..., Path], tmp_path: Path) -> None:
    root = site({
        **AUTHORS,
        "site.yaml": "title: T\nbase_url: https://x.org/\nrepository: https://github.com/me/site\n",
    })  # fmt: skip
    build(root, tmp_path / "out")
    page = (tmp_path / "out/authors/jan-leike/index.html").read_text()
    assert (
        'href="https://github.com/me/site/edit/main/content/authors/jan-leike.yaml">Edit this page'
        in page
    )
    assert "Edit this page" not in (tmp_path / "out/index.html").read_text()


def test_check_names_many_look_alikes_of_one_author_in_one_warning(
    site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    # as in a PubMed list built by searching 'Shepherd J' (tests/data/identity/holdout43):
    # namesakes kept apart for want of a shared co-author are one warning each, not one for
    # each of their pairs (64 of them made 2,016)
    files = {
        f"content/authors/j-shepherd{'-' + str(n) if n > 1 else ''}.yaml": (
            "name: J Shepherd\nfamily: Shepherd\ngiven: J\naliases: ['Shepherd, J']\n"
        )
        for n in range(1, 14)
    }
    run = cli("check", "--site", site(files))
    warnings = [line for line in run.err.splitlines() if "looks like the same person" in line]
    assert len(warnings) == 12  # the last has no look-alike that an earlier one did not name
    first = next(w for w in warnings if w.startswith("content/authors/j-shepherd.yaml:1:"))
    assert "as j-shepherd-10, j-shepherd-11, j-shepherd-12, j-shepherd-13, j-shepherd-2" in first
    assert "and 2 more (the same name apart from accents, case or punctuation)" in first
    assert "'readinglist authors' shows each pair with its evidence" in first
    assert run.code == 0

"""Incremental builds give exactly the bytes a clean build gives, after any sequence of edits."""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.base import parallel
from generator.base.errors import UserError
from generator.build import rendering
from generator.build.cache import BuildCache, cache_key, forget
from generator.build.live import paper_first
from generator.build.pipeline import build
from generator.model.config import load_config
from generator.model.reading import ParsedFiles, read_content
from generator.site import render

from .conftest import ROOT, corpus, snapshot, write_tree


def clean_build(site: Path, out: Path) -> dict[str, bytes]:
    """A build from nothing: no output folder and no cache of it."""
    shutil.rmtree(out, ignore_errors=True)
    config = load_config(site)
    forget(site, cache_key(out, config.base_url))
    report = build(site, out)
    assert report.rendered == report.pages
    return snapshot(out)


def _papers(site: Path) -> list[Path]:
    return sorted((site / "content/papers").glob("*.yaml"))


def _edit_text(path: Path, pattern: str, replacement: str) -> None:
    path.write_text(re.sub(pattern, replacement, path.read_text(encoding="utf-8"), count=1,
                           flags=re.M), encoding="utf-8")  # fmt: skip


def edit_paper_title(site: Path, rng: random.Random, n: int) -> None:
    _edit_text(rng.choice(_papers(site)), r'^title: "(.*)"', rf'title: "\1 v{n}"')


def edit_author_name(site: Path, rng: random.Random, n: int) -> None:
    author = rng.choice(sorted((site / "content/authors").glob("*.yaml")))
    _edit_text(author, r'^name: "(.*?)"', rf'name: "\1 {n}"')


def add_paper(site: Path, rng: random.Random, n: int) -> None:
    authors = [p.stem for p in sorted((site / "content/authors").glob("*.yaml"))]
    chosen = rng.sample(authors, 3)
    (site / f"content/papers/new-paper-{n}.yaml").write_text(
        f'title: "New paper {n} with $\\\\alpha$"\nauthors:\n'
        + "".join(f"  - {a}\n" for a in chosen)
        + f'year: {2000 + n}\nadded: 2027-01-{1 + n % 28:02d}\nabstract: "About {n}."\n',
        encoding="utf-8",
    )


def delete_paper(site: Path, rng: random.Random, n: int) -> None:
    path = rng.choice(_papers(site))
    for rlist in (site / "content/lists").glob("*.yaml"):  # keep the lists valid
        text = rlist.read_text(encoding="utf-8")
        text = re.sub(rf"  - paper: {path.stem}\n(    .*\n)*", "", text)
        rlist.write_text(text, encoding="utf-8")
    path.unlink()


def add_author_to_paper(site: Path, rng: random.Random, n: int) -> None:
    author = rng.choice(sorted((site / "content/authors").glob("*.yaml"))).stem
    path = rng.choice(_papers(site))
    if f"  - {author}\n" not in path.read_text(encoding="utf-8"):
        _edit_text(path, r"^authors:\n", f"authors:\n  - {author}\n")


def edit_list(site: Path, rng: random.Random, n: int) -> None:
    rlist = sorted((site / "content/lists").glob("*.yaml"))[0]
    paper = rng.choice(_papers(site)).stem
    text = rlist.read_text(encoding="utf-8")
    if f"paper: {paper}\n" not in text:
        text += f'  - paper: {paper}\n    status: reading\n    note: "Note {n}: see $x^2$."\n'
    rlist.write_text(text.replace("Reading group", f"Reading group v{n}", 1), encoding="utf-8")


def edit_template(site: Path, rng: random.Random, n: int) -> None:
    source = (ROOT / "templates/paper.html").read_text(encoding="utf-8")
    write_tree(site, {"templates/paper.html": source.replace("<h2 id=\"abstract-heading\">Abstract</h2>",
                                                             f"<h2 id=\"abstract-heading\">Abstract {n}</h2>")})  # fmt: skip


SMALL_PAGES = "papers_per_page: 7\nauthors_per_page: 15\n"


def edit_settings(site: Path, rng: random.Random, n: int) -> None:
    author = rng.choice(sorted((site / "content/authors").glob("*.yaml"))).stem
    (site / "site.yaml").write_text(
        f'title: "Benchmark corpus {n}"\nbase_url: "https://example.org/bench/"\n'
        f"highlight: [{author}]\n{SMALL_PAGES}",
        encoding="utf-8",
    )


EDITS: list[Callable[[Path, random.Random, int], None]] = [
    edit_paper_title, edit_author_name, add_paper, delete_paper, add_author_to_paper,
    edit_list, edit_template, edit_settings,
]  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_builds_equal_clean_builds_after_random_edits(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    corpus.generate(site, 40, seed=seed)
    with (site / "site.yaml").open("a", encoding="utf-8") as config:
        config.write(SMALL_PAGES)  # indexes in several pages, each rebuilt on its own
    monkeypatch.setattr(render, "SITEMAP_URLS", 60)  # and several sitemaps
    out, reference = tmp_path / "out", tmp_path / "reference"
    build(site, out)
    rng = random.Random(seed)
    steps = [*EDITS, *rng.choices(EDITS, k=4)]
    rng.shuffle(steps)
    for n, edit in enumerate(steps):
        edit(site, rng, n)
        report = build(site, out)
        assert report.rendered < report.pages or edit in (edit_template, edit_settings), edit
        assert snapshot(out) == clean_build(site, reference), f"after {edit.__name__} (step {n})"


def test_an_unchanged_site_is_not_rebuilt_and_a_failed_build_changes_nothing(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    corpus.generate(site, 20)
    out = tmp_path / "out"
    first = build(site, out)
    assert first.rendered == first.pages
    again = build(site, out)
    assert again.rendered == 0 and again.files == 0
    before = snapshot(out)
    paper = _papers(site)[0]
    paper.write_text(
        paper.read_text(encoding="utf-8").replace("title:", "title: [", 1), encoding="utf-8"
    )
    with pytest.raises(Exception, match="YAML syntax"):
        build(site, out)
    assert snapshot(out) == before


def test_serve_renders_an_edited_papers_pages_first_and_the_rebuild_completes_them(
    tmp_path: Path,
) -> None:
    site, out = tmp_path / "site", tmp_path / "out"
    corpus.generate(site, 20)
    cache = BuildCache(key=cache_key(out, load_config(site).base_url))  # serve's, in memory
    build(site, out, cache=cache)
    paper = _papers(site)[3]
    first_author = re.search(r"^  - (\S+)", paper.read_text(encoding="utf-8"), re.M)
    assert first_author
    author_page = out / "authors" / first_author[1] / "index.html"
    before = snapshot(out)
    _edit_text(paper, r'^title: "(.*)"', r'title: "Shown at once"')
    shown = dict(paper_first(site, cache, paper))  # in memory: serve answers with these
    folder = f"papers/{paper.stem}/"
    assert sorted(shown) == sorted(folder + name for name in (
        "index.html", "cite.bib", "cite.ris", "cite.json"))  # fmt: skip
    assert b"Shown at once" in shown[folder + "index.html"]
    assert b"Shown at once" in shown[folder + "cite.bib"]
    assert snapshot(out) == before  # nothing written: only rebuilds write the output
    build(site, out, cache=cache)
    assert "Shown at once" in author_page.read_text(encoding="utf-8")
    assert snapshot(out)[folder + "index.html"] == shown[folder + "index.html"]
    assert snapshot(out) == clean_build(site, tmp_path / "reference")
    # edits that change more than the paper's own pages are left to the rebuild
    _edit_text(paper, r"^authors:\n", "authors:\n  - nobody-known\n")
    assert paper_first(site, cache, paper) == []
    paper.write_text("title: [", encoding="utf-8")
    assert paper_first(site, cache, paper) == []
    new = site / "content/papers/brand-new.yaml"
    new.write_text('title: "New"\nyear: 2020\n', encoding="utf-8")
    assert paper_first(site, cache, new) == []


def test_rendering_on_several_cores_gives_the_same_bytes_and_every_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    corpus.generate(site, 30)
    one = clean_build(site, tmp_path / "one")
    monkeypatch.setattr(rendering, "_workers", lambda pages, jobs: 3)  # forked: small sites use one
    assert clean_build(site, tmp_path / "three") == one
    # a template error on every paper page: each process reports its share, all together
    (site / "templates").mkdir()
    (site / "templates/export.bib").write_text("{{ papers[0].no_such_field }}\n", "utf-8")
    forget(site, cache_key(tmp_path / "three", load_config(site).base_url))  # a full build
    with pytest.raises(UserError) as failed:
        build(site, tmp_path / "three")
    assert len(failed.value.problems) == 20 + 20 + 20  # each process stops at 20
    assert all("export.bib:1: template error" in str(p) for p in failed.value.problems)
    assert snapshot(tmp_path / "three") == one  # the old output stays


def test_reading_on_several_cores_gives_the_same_records_and_every_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    corpus.generate(site, 30)
    papers = _papers(site)[::7][:4]  # spread over the shares of the processes
    for path, bad in zip(papers, ["title: [", "year: soon", "authors: [nobody-known]",
                                      "title: x\ntitle: y"], strict=True):  # fmt: skip
        path.write_text(bad + "\n", encoding="utf-8")
    one, found = read_content(site)
    monkeypatch.setattr(parallel, "processes", lambda items, jobs=None: 3)  # small: forked
    three, found_forked = read_content(site)
    assert three == one
    assert [str(p) for p in found_forked] == [str(p) for p in found]
    broken = {f"content/papers/{path.name}" for path in papers}
    assert len(broken) == 4 and broken <= {p.path for p in found.errors}


def test_reading_again_parses_only_changed_files_and_forgets_deleted_ones(tmp_path: Path) -> None:
    site = tmp_path / "site"
    corpus.generate(site, 30)
    parsed = ParsedFiles()
    first, _ = read_content(site, cache=parsed)
    kept, edited, deleted = _papers(site)[:3]
    _edit_text(edited, r"^title: .*$", 'title: "Edited"')
    deleted.unlink()
    before = {path: cached.record for path, cached in parsed.files.items()}
    second, _ = read_content(site, cache=parsed)
    assert parsed.files[str(kept)].record is before[str(kept)]  # not parsed again
    assert second.papers[edited.stem].title == "Edited"
    assert deleted.stem in first.papers and deleted.stem not in second.papers
    assert str(deleted) not in parsed.files
    assert len(parsed.files) == len(before) - 1

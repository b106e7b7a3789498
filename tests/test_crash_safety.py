"""Nothing is half written, even when the process is killed (issue 15, "Trust").

The strongest checks run the real command in a subprocess that kills itself (SIGKILL) at its
N-th file operation, for every N until the command finishes, then run the next command and
compare with what an uninterrupted run gives, byte for byte, with no stray file.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.base import files as base_files
from generator.base.errors import UserError
from generator.base.files import recover, write_files_atomically
from generator.build.output import recover_output, update_site
from generator.build.pipeline import build
from generator.editing.save import save
from generator.model.reading import read_content
from generator.model.records import Paper

from .conftest import ROOT, Run, corpus, snapshot

# Runs `python -m generator ARGS` with os file operations counted; at the KILL_AT-th one the
# process kills itself with SIGKILL (no cleanup of any kind runs). KILL_COUNT: a file that
# receives the number of operations of a run that was not killed.
KILLER = """\
import os, signal, sys
limit = int(os.environ["KILL_AT"])
main_pid = os.getpid()
calls = 0
def counted(name):
    real = getattr(os, name)
    def op(*args, **kwargs):
        global calls
        if os.getpid() == main_pid:
            calls += 1
            if calls == limit:
                os.kill(main_pid, signal.SIGKILL)
        return real(*args, **kwargs)
    setattr(os, name, op)
import shutil  # before the patches: rmtree's choice of functions is made at import
for name in os.environ["KILL_OPS"].split(","):
    counted(name)
from generator.commands.cli import main
code = main(sys.argv[1:])
with open(os.environ["KILL_COUNT"], "w") as handle:
    handle.write(str(calls))
sys.exit(code)
"""
# the operations that change what is on disk, but os.write (one per file: counted on its own)
CHANGES = "replace,rename,unlink,link,mkdir,rmdir"


def killed_run(tmp: Path, args: list[str | Path], kill_at: int, ops: str = CHANGES) -> int | None:
    """Run the command, killed at its kill_at-th operation: None if it was, else the count of
    operations of the whole run (it must then succeed)."""
    script = tmp / "killer.py"
    if not script.exists():
        script.write_text(KILLER, encoding="utf-8")
    count = tmp / "count"
    count.unlink(missing_ok=True)
    env = {**os.environ, "KILL_AT": str(kill_at), "KILL_OPS": ops, "KILL_COUNT": str(count)}
    env["PYTHONPATH"] = str(ROOT)
    run = subprocess.run(
        [sys.executable, str(script), *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if run.returncode == -9:
        return None
    assert run.returncode == 0, run.stderr
    return int(count.read_text())


def kill_points(total: int, most: int) -> list[int]:
    """1..total, or about `most` of them spread evenly (with the first and the last two)."""
    if total <= most:
        return list(range(1, total + 1))
    step = total / most
    return sorted({1, total - 1, total, *(round(1 + i * step) for i in range(most))})


def strays(folder: Path) -> list[str]:
    """Files that a writer left: journals, staging folders, temp and set-aside files."""
    names = (".readinglist-journal", ".staging.", ".building", ".journal.", ".old", ".tmp")
    found = []
    for path in folder.rglob("*"):
        if ".readinglist-cache" in path.parts:  # build/cache.py's own temp files: see report
            continue
        if any(mark in path.name for mark in names):
            found.append(str(path.relative_to(folder)))
    return sorted(found)


def copy_tree(source: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, symlinks=True)
    return target


# -- 2. import: all or nothing, even if killed ----------------------------------------------

FIRST = r"""
@article{vaswani2017,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki and Kaiser, {\L}ukasz},
  year = 2017,
  eprint = {1706.03762},
  archivePrefix = {arXiv},
}
"""

SECOND = r"""
@article{kaiser2017,
  title = {One Model To Learn Them All},
  author = {Kaiser, Lukasz and Gomez, Aidan N. and Shazeer, Noam and Uszkoreit, Jakob},
  year = 2017,
  eprint = {1706.05137},
  archivePrefix = {arXiv},
  keywords = {multitask},
}

@inproceedings{shazeer2017,
  title = {Outrageously Large Neural Networks},
  author = {Shazeer, Noam and Mirhoseini, Azalia and Maziarz, Krzysztof},
  year = 2017,
  booktitle = {ICLR 2017},
}

@article{vaswani2017,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki and Kaiser, {\L}ukasz},
  year = 2017,
  journal = {NeurIPS 2017},
  doi = {10.48550/arXiv.1706.03762},
}
"""

ADDED = "2026-11-21"


@pytest.fixture
def imported(tmp_path: Path, cli: Callable[..., Run]) -> tuple[Path, Path]:
    """A site with one imported paper (the state before), and a BibTeX file that adds two
    papers and authors, and changes existing paper and author files."""
    site = tmp_path / "before"
    assert cli("init", site).code == 0
    first, second = tmp_path / "first.bib", tmp_path / "second.bib"
    first.write_text(FIRST, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    assert cli("import", "--site", site, first, "--added", ADDED).code == 0
    return site, second


def test_import_killed_at_every_step_is_all_or_nothing(
    tmp_path: Path, cli: Callable[..., Run], imported: tuple[Path, Path]
) -> None:
    """Killed at each file operation of `import`, then any command: content/ is exactly the
    old one or the fully imported one (check passes), never a mix and no stray file; the
    import run again gives exactly what an uninterrupted import gives."""
    before, bib = imported
    expected = copy_tree(before, tmp_path / "expected")
    total = killed_run(tmp_path, ["import", "--site", expected, bib, "--added", ADDED], 0)
    assert total is not None and total > 10
    old, new = snapshot(before), snapshot(expected)
    assert old != new and strays(expected) == []
    changed = [name for name in new if name in old and old[name] != new[name]]
    assert len(changed) >= 2 and len(new) - len(old) >= 5  # replaced files and new ones
    outcomes = {"old": 0, "new": 0}
    for kill_at in range(1, total + 1):
        site = copy_tree(before, tmp_path / "work")
        args = ["import", "--site", site, bib, "--added", ADDED]
        assert killed_run(tmp_path, args, kill_at) is None, kill_at
        check = cli("check", "--site", site)  # any command recovers first
        assert check.code == 0, (kill_at, check.err)
        now = snapshot(site)
        assert now in (old, new), kill_at
        outcomes["old" if now == old else "new"] += 1
        assert strays(site) == [], kill_at
        again = cli("import", "--site", site, bib, "--added", ADDED)
        assert again.code == 0, (kill_at, again.err)
        assert snapshot(site) == new, kill_at
    assert outcomes["old"] and outcomes["new"]  # kills before and after the journal was complete


def test_import_killed_while_recovering_is_recovered_by_the_next_command(
    tmp_path: Path, cli: Callable[..., Run], imported: tuple[Path, Path]
) -> None:
    """A kill during the recovery itself (at each of its operations) changes nothing: the next
    command still finishes or undoes the interrupted import."""
    before, bib = imported
    expected = copy_tree(before, tmp_path / "expected")
    assert cli("import", "--site", expected, bib, "--added", ADDED).code == 0
    old, new = snapshot(before), snapshot(expected)
    counted = copy_tree(before, tmp_path / "counted")
    total = killed_run(tmp_path, ["import", "--site", counted, bib, "--added", ADDED], 0)
    assert total is not None and total > 10
    for kill_at in (total // 3, total - 3):  # a journal being written, then a complete one
        stopped = copy_tree(before, tmp_path / "stopped")
        args = ["import", "--site", stopped, bib, "--added", ADDED]
        assert killed_run(tmp_path, args, kill_at) is None
        for second_kill in range(1, 40):
            site = copy_tree(stopped, tmp_path / "work")
            if killed_run(tmp_path, ["check", "--site", site], second_kill) is not None:
                break
            assert cli("check", "--site", site).code == 0
            assert snapshot(site) in (old, new) and strays(site) == []
        else:
            pytest.fail("the recovery did not end")


def test_ctrl_c_during_an_import_is_all_or_nothing(
    tmp_path: Path,
    cli: Callable[..., Run],
    imported: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl-C at each rename (the journal's included): exit 130, then the next command leaves
    content/ exactly old or new, with no stray file."""
    before, bib = imported
    expected = copy_tree(before, tmp_path / "expected")
    assert cli("import", "--site", expected, bib, "--added", ADDED).code == 0
    old, new = snapshot(before), snapshot(expected)
    real = Path.replace
    for stop_at in range(1, 30):
        site = copy_tree(before, tmp_path / "work")
        calls = 0

        def interrupted(self: Path, target: str | Path) -> Path:
            nonlocal calls
            calls += 1
            if calls == stop_at:  # noqa: B023 - read at once, in this round
                raise KeyboardInterrupt
            return real(self, target)

        monkeypatch.setattr(Path, "replace", interrupted)
        run = cli("import", "--site", site, bib, "--added", ADDED)
        monkeypatch.undo()
        if run.code == 0:
            break
        assert run.code == 130, run.err
        assert cli("check", "--site", site).code == 0
        assert snapshot(site) in (old, new) and strays(site) == [], stop_at
    else:
        pytest.fail("the import never ended")
    assert stop_at > 5


def test_write_errors_in_staging_change_nothing_and_name_the_path(
    tmp_path: Path, cli: Callable[..., Run], imported: tuple[Path, Path]
) -> None:
    """A file where a folder must be made: a UserError naming it, content/ unchanged."""
    site, _ = imported
    shutil.rmtree(site / "content/lists")
    (site / "content/lists").write_text("in the way", encoding="utf-8")
    files = {
        site / "content/papers/x.yaml": "title: x\n",
        site / "content/lists/new/y.yaml": "title: y\n",
    }
    old = snapshot(site)
    with pytest.raises(UserError) as caught:
        write_files_atomically(files, root=site)
    assert "content/lists" in str(caught.value)
    assert "nothing was changed" in str(caught.value)
    assert snapshot(site) == old and strays(site) == []


def test_a_record_that_would_not_load_back_stops_the_whole_save(
    imported: tuple[Path, Path],
) -> None:
    """save() makes each file's text while staging (a large import never holds them all): a
    bad record found half way still changes nothing, and every bad record is named, those
    before it and after it."""
    site, _ = imported
    content, problems = read_content(site)
    assert not problems.errors
    papers = dict(content.papers)
    for number in range(30):  # good ones staged before and after the bad ones
        papers[f"good-{number}"] = Paper(f"good-{number}", f"Good {number}", year=2001)
    papers["bad-doi"] = Paper("bad-doi", "Bad DOI", year=2001, doi="nodoi")
    papers["bad-year"] = Paper("bad-year", "Bad year", year=-5)
    papers["good-last"] = Paper("good-last", "Good last", year=2001)
    old = snapshot(site)
    with pytest.raises(UserError) as caught:
        save(site, content, dataclasses.replace(content, papers=papers))
    shown = [(p.path, p.message) for p in caught.value.problems]
    assert ("content/papers/bad-doi.yaml", "doi: 'nodoi' does not look like a DOI such as "
            "10.1000/xyz123") in shown  # fmt: skip
    assert any(path == "content/papers/bad-year.yaml" for path, _ in shown)
    assert snapshot(site) == old and strays(site) == []
    # without the bad ones, the same save writes every file, each loading back
    del papers["bad-doi"], papers["bad-year"]
    written = save(site, content, dataclasses.replace(content, papers=papers))
    assert site / "content/papers/good-last.yaml" in written
    again, problems = read_content(site)
    assert not problems.errors and again.papers["good-7"].title == "Good 7"


def test_disk_full_while_importing_is_reported_and_changes_nothing(
    tmp_path: Path,
    cli: Callable[..., Run],
    imported: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site, bib = imported
    old = snapshot(site)
    real = os.write
    calls = 0

    def full(fd: int, data: bytes) -> int:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(os, "write", full)
    run = cli("import", "--site", site, bib, "--added", ADDED)
    monkeypatch.undo()
    assert run.code == 1
    assert "no space left on the device: free some space and run the command again" in run.err
    assert "nothing was changed" in run.err and "Traceback" not in run.err
    assert snapshot(site) == old and strays(site) == []


def test_a_failed_rename_is_finished_by_the_next_command(
    tmp_path: Path,
    cli: Callable[..., Run],
    imported: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An error after the journal is complete (a rename refused): the next command finishes."""
    site, bib = imported
    expected = copy_tree(site, tmp_path / "expected")
    assert cli("import", "--site", expected, bib, "--added", ADDED).code == 0
    real = Path.replace
    calls = 0

    def refused(self: Path, target: str | Path) -> Path:
        nonlocal calls
        if str(self).endswith(".tmp") and ".readinglist-journal" not in str(self):
            calls += 1
            if calls == 3:
                raise OSError(errno.EIO, "Input/output error", str(target))
        return real(self, target)

    monkeypatch.setattr(Path, "replace", refused)
    run = cli("import", "--site", site, bib, "--added", ADDED)
    monkeypatch.undo()
    assert run.code == 1 and "Traceback" not in run.err
    assert "run any readinglist command again; it finishes the interrupted change" in run.err
    assert cli("check", "--site", site).code == 0
    assert snapshot(site) == snapshot(expected) and strays(site) == []


def test_temp_names_are_unique_per_call() -> None:
    assert base_files.call_id() != base_files.call_id()
    assert base_files.call_id().startswith(f"{os.getpid()}-")


# -- 5. build: a killed build never leaves a mix, the next build is a clean build -----------


@dataclass(frozen=True)
class Small:
    """A small built site kept aside (`pristine`), copied to `work` for each use: at one path,
    so that its build cache (keyed by the output's path) fits and a rebuild is incremental;
    `clean`: the clean build of it after its first paper's title changed."""

    pristine: Path
    work: Path
    clean: dict[str, bytes]

    def fresh(self) -> Path:
        """`work` as `pristine` is, but for its cache folder's identity (a copied cache
        folder is another one: build/cache.py home_of), which stays the built one's."""
        cache = self.work / ".readinglist-cache"
        for path in self.work.iterdir():
            if path == cache:
                for name in path.iterdir():
                    name.unlink()
            elif path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        for path in self.pristine.iterdir():
            target = self.work / path.name
            if path.name == cache.name:
                for name in path.iterdir():
                    shutil.copy2(name, target / name.name)
            elif path.is_dir():
                shutil.copytree(path, target, symlinks=True)
            else:
                shutil.copy2(path, target)
        return self.work


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Small:
    root = tmp_path_factory.mktemp("small")
    site = root / "site"
    corpus.generate(site, 6, seed=4)
    build(site, jobs=1)
    pristine = copy_tree(site, root / "pristine")
    edited = copy_tree(site, root / "edited")
    shutil.rmtree(edited / "_site")
    shutil.rmtree(edited / ".readinglist-cache")
    _edit_title(edited)
    build(edited, jobs=1)
    return Small(pristine, site, snapshot(edited / "_site"))


def _edit_title(site: Path) -> None:
    paper = sorted((site / "content/papers").glob("*.yaml"))[0]
    text = paper.read_text(encoding="utf-8")
    paper.write_text(text.replace('title: "', 'title: "Edited: ', 1), encoding="utf-8")


def _beside(site: Path) -> list[str]:
    """What the site's folder holds: nothing a build left beside its output."""
    return sorted(path.name for path in site.iterdir())


def test_incremental_build_killed_at_every_step_gives_a_clean_build_next(
    tmp_path: Path, small_site: Small
) -> None:
    """An incremental build killed at its N-th file operation, for N = 1, 2, ... (spread over
    at most 10 points): right after recovery the output is all old or all new, and the next
    build gives exactly the clean build's bytes, with no stray file inside or beside it."""
    clean = small_site.clean
    old = snapshot(small_site.pristine / "_site")
    site = small_site.fresh()
    _edit_title(site)
    report = build(site, jobs=1)
    assert 0 < report.rendered < report.pages and snapshot(site / "_site") == clean
    site = small_site.fresh()
    _edit_title(site)
    total = killed_run(tmp_path, ["build", "--site", site, "--jobs", "1"], 0)
    assert total is not None
    assert snapshot(site / "_site") == clean  # the uninterrupted incremental build
    listing = _beside(site)
    for kill_at in kill_points(total, 10):
        site = small_site.fresh()
        _edit_title(site)
        assert killed_run(tmp_path, ["build", "--site", site, "--jobs", "1"], kill_at) is None
        out = site / "_site"
        recover_output(out)
        now = {k: v for k, v in snapshot(out).items() if k != ".nojekyll"}
        assert now in (
            {k: v for k, v in old.items() if k != ".nojekyll"},
            {k: v for k, v in clean.items() if k != ".nojekyll"},
        ), kill_at
        build(site, jobs=1)
        assert snapshot(out) == clean, kill_at
        assert strays(site) == [] and _beside(site) == listing, kill_at


def test_full_build_killed_at_each_rename_or_while_writing_gives_a_clean_build_next(
    tmp_path: Path, small_site: Small
) -> None:
    """A full build (a changed setting) killed at each rename (the swap included) and at some
    of its writes: the output is never missing after recovery, the next build is clean."""
    site = small_site.fresh()
    config = site / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "language: de\n", encoding="utf-8")
    reference = copy_tree(site, tmp_path / "reference")
    shutil.rmtree(reference / "_site")
    shutil.rmtree(reference / ".readinglist-cache")
    build(reference, jobs=1)
    clean = snapshot(reference / "_site")
    old = snapshot(site / "_site")
    renames = killed_run(tmp_path, ["build", "--site", site, "--jobs", "1"], 0, "rename,replace")
    assert renames is not None and renames >= 2
    listing = _beside(site)
    points = [("rename,replace", n) for n in range(1, renames + 1)]
    points += [("write", n) for n in (1, 40)]
    for ops, kill_at in points:
        site = small_site.fresh()
        config.write_text(config.read_text(encoding="utf-8") + "language: de\n", encoding="utf-8")
        assert killed_run(tmp_path, ["build", "--site", site, "--jobs", "1"], kill_at, ops) is None
        recover_output(site / "_site")
        assert (site / "_site/index.html").is_file(), (ops, kill_at)
        now = snapshot(site / "_site")
        now.pop(".nojekyll", None)
        assert now in ({k: v for k, v in o.items() if k != ".nojekyll"} for o in (old, clean))
        build(site, jobs=1)
        assert snapshot(site / "_site") == clean, (ops, kill_at)
        assert strays(site) == [] and _beside(site) == listing, (ops, kill_at)


def test_recovery_after_a_kill_makes_the_next_build_a_full_one(
    tmp_path: Path, small_site: Small
) -> None:
    clean = small_site.clean
    site = small_site.fresh()
    _edit_title(site)
    assert 0 < build(site, jobs=1).rendered < len(clean)  # without a recovery: incremental
    site = small_site.fresh()
    _edit_title(site)
    out = site / "_site"
    (site / "._site.staging.999999-1/new").mkdir(parents=True)  # a killed update's staging
    (site / "._site.old").mkdir()  # a killed full build's old output
    report = build(site, jobs=1)
    assert report.rendered == report.pages  # full: the cache may not describe the output
    assert snapshot(out) == clean and strays(site) == []
    again = build(site, jobs=1)
    assert again.rendered == 0


def test_the_old_output_is_put_back_when_a_kill_came_between_the_swap_renames(
    tmp_path: Path, small_site: Small
) -> None:
    site = small_site.fresh()
    old = snapshot(site / "_site")
    (site / "_site").rename(site / "._site.old")
    (site / "._site.building.999999-2").mkdir()
    assert recover_output(site / "_site")
    assert snapshot(site / "_site") == {k: v for k, v in old.items() if k != ".nojekyll"}
    assert strays(site) == []
    assert not recover_output(site / "_site")  # nothing left to do


def test_update_site_from_two_threads_at_once(tmp_path: Path) -> None:
    """serve may write from two threads of one process: names never collide, nothing is lost,
    and a recovery while they write leaves their files alone."""
    out = tmp_path / "_site"
    out.mkdir()
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for round_ in range(30):
                files = [(f"t{n}/page{i}.html", f"{n} {round_}".encode()) for i in range(5)]
                update_site(out, files, [], {})
                recover_output(out)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]
    for n in range(3):
        assert (out / f"t{n}/page4.html").read_bytes() == f"{n} 29".encode()


def test_update_site_puts_every_old_file_back_when_finish_fails(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    (out / "a").mkdir(parents=True)
    (out / "a/index.html").write_bytes(b"old a")
    (out / "gone.html").write_bytes(b"old gone")
    before = snapshot(out)

    def finish(folder: Path) -> None:
        assert (folder / "a/index.html").read_bytes() == b"new a"
        assert not (folder / "gone.html").exists()
        raise UserError([])

    with pytest.raises(UserError):
        update_site(out, [("a/index.html", b"new a"), ("b.html", b"new b")], ["gone.html"], {},
                    finish)  # fmt: skip
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


# -- 8. a full disk, a file in the way: a UserError naming the path, the output unchanged ----


@pytest.mark.parametrize("which", ["full", "incremental"])
def test_disk_full_during_a_build_is_reported_and_the_output_is_unchanged(
    tmp_path: Path,
    cli: Callable[..., Run],
    small_site: Small,
    monkeypatch: pytest.MonkeyPatch,
    which: str,
) -> None:
    clean = small_site.clean
    site = small_site.fresh()
    old = snapshot(site / "_site")
    if which == "full":
        config = site / "site.yaml"
        config.write_text(config.read_text(encoding="utf-8") + "language: de\n", encoding="utf-8")
    else:
        _edit_title(site)
    real = os.write
    calls = 0

    def full(fd: int, data: bytes) -> int:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(os, "write", full)
    run = cli("build", "--site", site, "--jobs", "1")
    monkeypatch.undo()
    assert run.code == 1, run.err
    assert "no space left on the device: free some space and build again" in run.err
    assert "the previous output is unchanged" in run.err and "Traceback" not in run.err
    assert run.err.startswith(str(site / "_site"))  # the output's path, not the staging one
    assert ".building." not in run.err and ".staging." not in run.err
    assert snapshot(site / "_site") == old and strays(site) == []
    assert cli("build", "--site", site, "--jobs", "1").code == 0
    if which == "incremental":
        assert snapshot(site / "_site") == clean


def test_an_output_folder_that_cannot_be_made_is_a_user_error(
    tmp_path: Path, cli: Callable[..., Run], small_site: Small
) -> None:
    """A file where the output's folder must be (as a read-only folder would, for root)."""
    site = small_site.fresh()
    (tmp_path / "blocked").write_text("a file", encoding="utf-8")
    run = cli("build", "--site", site, "--out", tmp_path / "blocked/_site", "--jobs", "1")
    assert run.code == 1 and "Traceback" not in run.err
    assert f"{tmp_path / 'blocked'}: cannot write: a file is in the way" in run.err
    assert "build again; the previous output is unchanged" in run.err


def test_a_rename_refused_at_the_swap_keeps_the_previous_output(
    tmp_path: Path,
    cli: Callable[..., Run],
    small_site: Small,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = small_site.fresh()
    old = snapshot(site / "_site")
    config = site / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "language: de\n", encoding="utf-8")
    real = Path.rename

    def refused(self: Path, target: str | Path) -> Path:
        if ".building." in self.name:
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real(self, target)

    monkeypatch.setattr(Path, "rename", refused)
    run = cli("build", "--site", site, "--jobs", "1")
    monkeypatch.undo()
    assert run.code == 1 and "Traceback" not in run.err
    assert "the file system is read-only: choose a writable folder and build again" in run.err
    assert snapshot(site / "_site") == old and strays(site) == []


def test_recover_is_quick_when_there_is_nothing_to_do(tmp_path: Path) -> None:
    assert not recover(tmp_path)
    assert not recover(tmp_path / "missing")
    assert not recover_output(tmp_path / "_site")

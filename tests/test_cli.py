"""The command line: help everywhere, exit codes, `path:line: message` and never a traceback."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import rendering
from generator.commands.cli import build_parser

from .conftest import ROOT, Run

COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(cli: Callable[..., Run], command: str) -> None:
    run = cli(command, "--help")
    assert run.code == 0
    assert f"usage: readinglist {command}" in run.out
    if command != "init":
        assert "--site DIR" in run.out


def test_python_dash_m_runs_the_command() -> None:
    done = subprocess.run([sys.executable, "-m", "generator", "--help"], cwd=ROOT,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0 and "usage: readinglist" in done.stdout


def test_init_makes_a_site_that_checks_clean(cli: Callable[..., Run], tmp_path: Path) -> None:
    target = tmp_path / "new-site"
    assert cli("init", target, "--title", "no").code == 0
    assert (target / "site.yaml").is_file()
    run = cli("check", "--site", target)
    assert run.code == 0, run.err
    assert "0 errors, 0 warnings" in run.out
    again = cli("init", target)
    assert again.code == 1 and "a site already exists here" in again.err


def test_check_reports_all_errors_with_lines_and_exits_1(
    cli: Callable[..., Run], site: Callable[..., Path]
) -> None:
    root = site({
        "content/papers/a.yaml": "title: no\nauthors: [ghost]\nyear: 2020\nyear: 2021\n",
        "content/papers/b.yaml": "title: B\nauthors: [ghost]\nyear: 2020\n",
        "content/lists/l.yaml": "title: L\ncurator: C\nentries:\n  - paper: b\n    status: done\n",
    })  # fmt: skip
    run = cli("check", "--site", root)
    assert run.code == 1
    lines = run.err.splitlines()
    assert lines == sorted(lines)  # sorted by path and line
    assert (
        "content/papers/a.yaml:4: duplicate key 'year' (first on line 3); keep one of them (YAML syntax)"
        in lines
    )
    assert (
        "content/papers/b.yaml:2: unknown author 'ghost': there is no content/authors/ghost.yaml; fix the id or add that author"
        in lines
    )
    assert "content/lists/l.yaml:5: status: 'done' is not one of: to-read, reading, read" in lines
    assert "Traceback" not in run.err


def test_check_passes_with_warnings_only(
    cli: Callable[..., Run], site: Callable[..., Path]
) -> None:
    root = site({"content/papers/a.yaml": "title: Half known\nneeds_metadata: true\n"})
    run = cli("check", "--site", root)
    assert run.code == 0
    assert "content/papers/a.yaml:2: warning: needs metadata" in run.err
    assert "0 errors, 1 warning" in run.out


def test_build_jobs_must_be_a_whole_number_and_reaches_the_renderer(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for bad in ("0", "-1", "two"):
        run = cli("build", "--site", ROOT, "--out", tmp_path / "out", "--jobs", bad)
        assert run.code == 2 and f"'{bad}' is not a whole number of at least 1" in run.err
    assert not (tmp_path / "out").exists()
    asked: list[int | None] = []
    real = rendering._workers
    monkeypatch.setattr(
        rendering, "_workers", lambda pages, jobs: asked.append(jobs) or real(pages, jobs)
    )
    run = cli("build", "--site", ROOT, "--out", tmp_path / "out", "--jobs", "1")
    assert run.code == 0, run.err
    assert asked == [1] and (tmp_path / "out/index.html").is_file()
    forks = sys.platform == "linux" and threading.active_count() == 1
    assert real(5000, 3) == (3 if forks else 1) and real(100, 3) == 1  # small sites: one


def test_a_missing_site_is_explained(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli("check", "--site", tmp_path / "nowhere")
    assert run.code == 1
    assert "no site.yaml here" in run.err


def test_bad_site_yaml_is_reported_with_line(
    cli: Callable[..., Run], site: Callable[..., Path]
) -> None:
    root = site(
        {"site.yaml": "title: T\nbase_url: https://x.org/\nhighlight: [nobody]\ncolour: red\n"}
    )
    run = cli("check", "--site", root)
    assert run.code == 1
    assert "site.yaml:4: unknown field 'colour'" in run.err

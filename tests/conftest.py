"""Shared fixtures: tiny sites written inline, the seed files, and running the CLI in-process."""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from generator.commands.cli import main

pytest_plugins = ["tests.clients", "tests.sources_server"]

# Property tests judge results, not speed: on a loaded 2-core machine an example may take
# seconds, which must not fail a test (no deadline, no too-slow health check).
settings.register_profile(
    "readinglist", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("readinglist")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"  # the two seed exports the seed site is made from
PUBLICATIONS = SEEDS / "publications.txt"
READING = SEEDS / "reading-list.txt"
TODAY = dt.date(2026, 11, 21)

# bench/corpus.py: generated sites of any size, shaped like the seeds
_spec = importlib.util.spec_from_file_location("corpus", ROOT / "bench" / "corpus.py")
assert _spec and _spec.loader
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)


@dataclass
class Run:
    """The outcome of one CLI run."""

    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run `readinglist ARGS...` in-process and capture what it printed."""

    def run(*args: str | Path) -> Run:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse: --help and usage errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write files given as {relative path: text}; text is dedented."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


SITE_YAML = """\
title: Test site
base_url: https://example.org/
"""


# the smallest site with a page of each kind that links another: one paper, one author
ONE_PAPER = {
    "content/authors/ada.yaml": "name: Ada Lovelace\nfamily: Lovelace\ngiven: Ada\n",
    "content/papers/notes.yaml": "title: Notes\nauthors: [ada]\nyear: 1843\n",
}


@pytest.fixture
def site(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Make a site from inline files; site.yaml is added unless given."""

    def make(files: dict[str, str] | None = None) -> Path:
        root = tmp_path / "site"
        root.mkdir(exist_ok=True)
        write_tree(root, {"site.yaml": SITE_YAML, **(files or {})})
        return root

    return make


def copy_seed_site(target: Path) -> Path:
    """A copy of this repository's seed site (its settings, content, templates and static
    files), so that tests build and edit it without touching the repository."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "site.yaml", target / "site.yaml")
    for name in ("content", "templates", "static"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, to compare before and after."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }

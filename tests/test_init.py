"""`readinglist init`: a new site that is ready to push and publish on GitHub Pages.

Besides site.yaml and content/, a new site gets a .gitignore (the output and the build cache
stay out of git), a GitHub Pages workflow that installs readinglist from PyPI at this version
(the site's repository has no package to `pip install .`), and a README with the steps.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import __version__
from generator.base.errors import Problem, UserError
from generator.editing import scaffold

from .conftest import ROOT, Run, snapshot

WORKFLOW = Path(".github/workflows/pages.yml")
REQUIREMENT = f"readinglist-ssg=={__version__}"
BASE_URL_ENV = {"BASE_URL": "${{ steps.pages.outputs.base_url }}"}
FORK_URL = "https://someone.github.io/fork/"


def new_site(cli: Callable[..., Run], folder: Path, *args: str) -> Path:
    run = cli("init", folder, *args)
    assert run.code == 0, run.err
    return folder


def load_workflow(site: Path) -> dict[Any, Any]:
    data = yaml.safe_load((site / WORKFLOW).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job["steps"])


def action(step: dict[str, Any]) -> str:
    return str(step.get("uses", "")).split("@")[0]


# --- what init writes -----------------------------------------------------------------------


def test_init_writes_a_gitignore_for_the_output_and_the_cache(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    site = new_site(cli, tmp_path / "mysite")
    lines = (site / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "_site/" in lines
    assert ".readinglist-cache/" in lines


def test_init_writes_a_pages_workflow_that_installs_this_version_from_pypi(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    workflow = load_workflow(new_site(cli, tmp_path / "mysite"))
    # YAML 1.1 reads a bare `on` key as True
    assert workflow.get("on", workflow.get(True)) == {
        "push": {"branches": ["main"]},
        "workflow_dispatch": None,
    }
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    assert [action(s) for s in steps(deploy)] == ["actions/deploy-pages"]

    runs = [s["run"].strip() for s in steps(build) if "run" in s]
    # readinglist itself, from PyPI, at the version that made the site; never `pip install .`
    assert runs[0] == f'python -m pip install "{REQUIREMENT}"'
    [build_step] = [s for s in steps(build) if "readinglist build" in s.get("run", "")]
    assert build_step["run"].strip() == 'readinglist build --out _site --base-url "${BASE_URL%/}/"'
    assert build_step["env"] == BASE_URL_ENV  # the address actions/configure-pages reports
    order = [action(s) or s["run"].strip() for s in steps(build)]
    assert order == [
        "actions/checkout",
        "actions/setup-python",
        runs[0],
        "actions/configure-pages",
        build_step["run"].strip(),
        "actions/upload-pages-artifact",
    ]
    [configure] = [s for s in steps(build) if action(s) == "actions/configure-pages"]
    assert configure["id"] == "pages"
    [upload] = [s for s in steps(build) if action(s) == "actions/upload-pages-artifact"]
    assert upload["with"] == {"path": "_site"}


def test_the_new_sites_actions_use_the_commits_this_repository_pins(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """Same actions, same full commit SHAs and version comments as .github/workflows/pages.yml
    (a bump there must be made in the scaffold too)."""

    def uses(text: str) -> list[str]:
        return [line.split("uses:", 1)[1].strip() for line in text.splitlines() if "uses:" in line]

    site = new_site(cli, tmp_path / "mysite")
    ours = uses((site / WORKFLOW).read_text(encoding="utf-8"))
    theirs = uses((ROOT / WORKFLOW).read_text(encoding="utf-8"))
    assert ours == theirs
    assert all(re.fullmatch(r"actions/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", u) for u in ours)


def test_the_pinned_distribution_is_this_package_on_pypi() -> None:
    """`readinglist` on PyPI is an unrelated project: the workflow must name ours."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "readinglist-ssg"
    assert project["version"] == __version__
    assert project["scripts"]["readinglist"] == "generator.commands.cli:main"


def test_init_writes_a_readme_with_the_steps_to_publish(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    site = new_site(cli, tmp_path / "mysite", "--title", "Alignment papers")
    readme = (site / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Alignment papers\n")
    for step in (
        f'pip install "{REQUIREMENT}"',
        "git push -u origin main",
        "**Settings → Pages**",
        "**Source** to **GitHub Actions**",
        "Run workflow",
        "https://USER.github.io/REPO/",
        "`.github/workflows/pages.yml`",
    ):
        assert step in readme
    assert readme.index("git push") < readme.index("Settings → Pages")


def test_init_writes_every_file_in_one_all_or_nothing_write(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[Path, str]] = []
    real = scaffold.write_files_atomically

    def spy(files: Mapping[Path, str]) -> None:
        calls.append(dict(files))
        real(files)

    monkeypatch.setattr(scaffold, "write_files_atomically", spy)
    site = new_site(cli, tmp_path / "mysite")
    [written] = calls
    on_disk = {p for p in site.rglob("*") if p.is_file()}
    assert set(written) == on_disk
    names = {p.relative_to(site).as_posix() for p in on_disk}
    assert {"site.yaml", ".gitignore", "README.md", WORKFLOW.as_posix()} <= names

    def fail(files: Mapping[Path, str]) -> None:
        raise UserError([Problem(str(next(iter(files))), 0, "cannot write: disk full")])

    monkeypatch.setattr(scaffold, "write_files_atomically", fail)
    run = cli("init", tmp_path / "other")
    assert run.code == 1 and "disk full" in run.err
    assert not (tmp_path / "other").exists()


# --- git and the build ----------------------------------------------------------------------


def git(site: Path, *args: str) -> str:
    home = site.parent / "home"  # no user or system settings (global excludes) take part
    home.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "XDG_CONFIG_HOME": ""}
    env.pop("GIT_CONFIG_GLOBAL", None)
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=site, env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return done.stdout


def test_after_a_build_git_add_adds_only_the_sources(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git not found")
    site = new_site(cli, tmp_path / "mysite")
    build = cli("build", "--site", site)
    assert build.code == 0, build.err
    assert (site / "_site" / "index.html").is_file()
    assert any((site / ".readinglist-cache").iterdir())
    git(site, "init", "-q")
    git(site, "add", "-A")
    added = sorted(git(site, "diff", "--cached", "--name-only").splitlines())
    assert added == [
        ".github/workflows/pages.yml",
        ".gitignore",
        "README.md",
        "content/authors/.gitkeep",
        "content/lists/.gitkeep",
        "content/pages/.gitkeep",
        "content/papers/.gitkeep",
        "site.yaml",
    ]
    assert git(site, "status", "--porcelain", "--untracked-files=all").splitlines() == [
        f"A  {name}" for name in added
    ]
    ignored = git(site, "check-ignore", "_site/index.html", ".readinglist-cache/x").splitlines()
    assert ignored == ["_site/index.html", ".readinglist-cache/x"]


def test_the_workflows_build_step_builds_the_new_site_under_its_address(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """The build step's script, run in the new site as the runner runs it, with the address
    configure-pages returns (no trailing slash): the output is what upload-pages-artifact
    takes, and every page is under the project path."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash not found; the step runs under bash on GitHub's runners")
    site = new_site(cli, tmp_path / "mysite")
    build = load_workflow(site)["jobs"]["build"]
    [step] = [s for s in steps(build) if "readinglist build" in s.get("run", "")]
    shim = tmp_path / "bin" / "readinglist"  # the command pip installs, from this checkout
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m generator "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {
        "BASE_URL": FORK_URL.rstrip("/"),
        "PATH": f"{shim.parent}:/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [bash, "-eo", "pipefail", "-c", step["run"]],
        cwd=site, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    [upload] = [s for s in steps(build) if action(s) == "actions/upload-pages-artifact"]
    out = site / upload["with"]["path"]
    html = (out / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{FORK_URL}">' in html
    assert 'href="/fork/style.css"' in html or f'href="{FORK_URL}style.css"' in html
    assert (out / "404.html").is_file()


# --- an existing folder ---------------------------------------------------------------------


def test_init_refuses_an_existing_site_and_changes_nothing(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    site = new_site(cli, tmp_path / "mysite")
    (site / "README.md").write_text("my notes\n", encoding="utf-8")
    (site / WORKFLOW).unlink(missing_ok=True)  # a site made before init wrote these
    (site / ".gitignore").unlink(missing_ok=True)
    before = snapshot(site)
    run = cli("init", site)
    assert run.code == 1
    assert "site.yaml: a site already exists here; choose another folder" in run.err
    assert snapshot(site) == before


def test_init_refuses_a_folder_with_a_pages_workflow_and_writes_nothing(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    folder = tmp_path / "repo"
    (folder / WORKFLOW.parent).mkdir(parents=True)
    (folder / WORKFLOW).write_text("name: something else\n", encoding="utf-8")
    before = snapshot(folder)
    run = cli("init", folder)
    assert run.code == 1
    assert "pages.yml: a workflow of this name already exists" in run.err
    assert snapshot(folder) == before


def test_init_keeps_a_readme_and_completes_a_gitignore_already_there(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """A folder that is not a site yet (say, a fresh clone) gets the site; what is already
    there stays, and its .gitignore gains only the lines it lacks."""
    folder = tmp_path / "clone"
    folder.mkdir()
    (folder / "README.md").write_text("# My list\n", encoding="utf-8")
    (folder / ".gitignore").write_text("*.pyc\n/_site/\n.venv", encoding="utf-8")
    new_site(cli, folder)
    assert (folder / "README.md").read_text(encoding="utf-8") == "# My list\n"
    assert (folder / ".gitignore").read_text(encoding="utf-8") == (
        "*.pyc\n/_site/\n.venv\n.readinglist-cache/\n"
    )
    assert (folder / "site.yaml").is_file() and (folder / WORKFLOW).is_file()

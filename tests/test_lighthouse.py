"""Lighthouse on mobile settings: 100 in performance, accessibility, best practices and SEO on
the home page, a paper, an author and a list page of the seed site, served under a path prefix.

Lighthouse (npm, pinned) is installed by scripts/install-test-tools into .cache/test-tools/ and
drives Debian's /usr/bin/chromium; either missing skips with the reason (tests/clients.py).
Performance is scored from a trace with Lighthouse's default simulated throttling, which
replays the page on a modelled slow phone and so depends less on this machine's load than
real throttling, though not at all: its Total Blocking Time scales the main thread's observed
tasks, which a busy 2-core machine stretches (at a load of 10 a page that blocks for 10-50 ms
when idle blocked for 130-690 ms). So a page that misses only on performance is run again, up
to three runs, and passes on its best, as Lighthouse CI's "optimistic" aggregation does. A
rerun also calibrates the CPU slowdown as Lighthouse's docs/throttling.md says to: the default
4x turns a high-end desktop (benchmarkIndex 1500-2000) into a mid-tier phone, and a slower
host should use less, so a rerun after a run that measured benchmarkIndex B uses
min(4, B / 500) (in CI, a loaded machine measured 1198-1678 and missed with 4x on a page that
blocks for 0 ms when idle). A page that is really slow misses every time.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.build.pipeline import build

from .clients import CHROMIUM, CHROMIUM_FLAGS, TOOLS, need
from .conftest import ROOT, copy_seed_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LIGHTHOUSE_JS = TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
PREFIX = "/reading-list/"
BASE_URL = "https://example.org/reading-list/"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {
    "home": "",
    "paper": "papers/gpt-4-technical-report/",  # 280 authors
    "author": "authors/long-ouyang/",
    "list": "lists/tony/",
}
# Lighthouse's own launcher adds its usual flags; these are the ones this machine needs (root,
# no GPU, no network: see CHROMIUM_FLAGS), with the headless mode Lighthouse supports.
CHROME_FLAGS = ["--headless=new", *(f for f in CHROMIUM_FLAGS if f != "--headless")]
RUN_TIMEOUT = 300  # seconds for one Lighthouse run; one takes about 15 s on an idle machine
PERFORMANCE_RUNS = 3
DEFAULT_CPU_SLOWDOWN = 4.0  # Lighthouse's mobile default
# The benchmarkIndex a high-end desktop slowed by the default 4x lands on: the middle of the
# mid-tier mobile bracket (125-800) in Lighthouse's docs/throttling.md.
MID_TIER_PHONE_INDEX = 500.0


@pytest.fixture(scope="module")
def lighthouse() -> list[str]:
    """The command that runs the pinned Lighthouse CLI."""
    if not LIGHTHOUSE_JS.is_file():
        need("lighthouse", f"{LIGHTHOUSE_JS.relative_to(ROOT)} not found")
    node = shutil.which("node")
    if node is None:
        need("lighthouse", "node not found on PATH; Lighthouse runs on Node.js")
    if not os.access(CHROMIUM, os.X_OK):
        need("chromium", f"{CHROMIUM} not found (Debian package chromium)")
    return [node, str(LIGHTHOUSE_JS)]


@pytest.fixture(scope="module")
def base(
    tmp_path_factory: pytest.TempPathFactory, serve_folder: Callable[..., Any]
) -> Iterator[str]:
    """The seed site built for a GitHub project site and served under its path."""
    root = copy_seed_site(tmp_path_factory.mktemp("lighthouse"))
    build(root, root / "_site", base_url=BASE_URL)
    with serve_folder(root / "_site", PREFIX) as url:
        yield url


def run_lighthouse(
    command: list[str], url: str, out: Path, cpu_slowdown: float = DEFAULT_CPU_SLOWDOWN
) -> dict[str, Any]:
    """One Lighthouse run of ``url`` on its default mobile settings but for the CPU slowdown;
    the JSON report."""
    cmd = [
        *command,
        url,
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        f"--throttling.cpuSlowdownMultiplier={cpu_slowdown:.2f}",
        "--max-wait-for-load=90000",  # a loaded machine may need more than the 45 s default
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"Lighthouse took more than {RUN_TIMEOUT} s on {url}", pytrace=False)
    if proc.returncode != 0 or not out.is_file():
        pytest.fail(
            f"Lighthouse failed on {url} (exit {proc.returncode}):\n{proc.stderr[-3000:]}",
            pytrace=False,
        )
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        pytest.fail(f"Lighthouse could not audit {url}: {report['runtimeError']}", pytrace=False)
    return report


def calibrated_slowdown(report: dict[str, Any]) -> float:
    """The CPU slowdown that turns the host a run measured into a mid-tier phone: the default
    on a fast host, less on a slow or busy one (Lighthouse's docs/throttling.md)."""
    index = report.get("environment", {}).get("benchmarkIndex")
    if not isinstance(index, int | float) or index <= 0:
        return DEFAULT_CPU_SLOWDOWN
    return max(1.0, min(DEFAULT_CPU_SLOWDOWN, index / MID_TIER_PHONE_INDEX))


def score(report: dict[str, Any], category: str) -> int | None:
    """The category's score as Lighthouse shows it, 0 to 100; None when it could not tell."""
    value = report["categories"][category]["score"]
    return None if value is None else round(value * 100)


def short(value: Any, limit: int = 200) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(item: dict[str, Any]) -> str:
    """One line for a detail row of an audit: what it points at and the numbers."""
    parts = []
    for key, value in item.items():
        if isinstance(value, dict):  # a node, a source location or a URL
            where = value.get("selector") or value.get("url") or value.get("value")
            if value.get("url") and value.get("line") is not None:  # a CSS or JS location
                where = f"{value['url']}:{value['line'] + 1}"
            snippet = value.get("snippet") or value.get("nodeLabel")
            value = " ".join(short(v, 120) for v in (where, snippet) if v)
            if not value:
                continue
        elif isinstance(value, list):
            continue
        parts.append(f"{key}={short(value, 160)}")
    return "; ".join(parts)


def failures(report: dict[str, Any], page: str) -> list[str]:
    """Each category under 100 with the audits that cost it points, titles and details."""
    lines = []
    for category in CATEGORIES:
        got = score(report, category)
        if got == 100:
            continue
        lines.append(f"{page}: {category} {got}")
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            # audits that cost no points (weight 0: diagnostics, also when they error) are left out
            unscored = audit.get("scoreDisplayMode") in ("notApplicable", "manual", "informative")
            if not ref["weight"] or unscored or audit.get("score") == 1:
                continue
            shown = audit.get("displayValue") or audit.get("errorMessage") or ""
            lines.append(
                f"  - {audit['id']} (weight {ref['weight']}, score {audit.get('score')}):"
                f" {audit['title']}" + (f" [{short(shown)}]" if shown else "")
            )
            if audit.get("explanation"):
                lines.append(f"      {short(audit['explanation'], 400)}")
            for item in (audit.get("details") or {}).get("items", [])[:8]:
                if isinstance(item, dict) and (row := describe(item)):
                    lines.append(f"      {row}")
        if category == "performance":
            metrics = ("first-contentful-paint", "largest-contentful-paint",
                       "total-blocking-time", "cumulative-layout-shift", "speed-index")  # fmt: skip
            values = [f"{m} {report['audits'][m].get('displayValue', '?')}" for m in metrics]
            # Lighthouse's measure of this machine's speed at the time: lower is slower
            bench = report.get("environment", {}).get("benchmarkIndex", "?")
            lines.append("  metrics: " + ", ".join(values) + f"; benchmarkIndex {bench}")
    return lines


@pytest.mark.parametrize("page", list(PAGES))
def test_lighthouse_scores_100_in_every_category_on_mobile(
    page: str, lighthouse: list[str], base: str, tmp_path: Path
) -> None:
    url = base + PAGES[page]
    runs = []
    slowdown = DEFAULT_CPU_SLOWDOWN
    for run in range(1, PERFORMANCE_RUNS + 1):
        report = run_lighthouse(lighthouse, url, tmp_path / f"run{run}.json", slowdown)
        settings = report["configSettings"]
        assert settings["formFactor"] == "mobile"
        assert settings["throttling"]["cpuSlowdownMultiplier"] == round(slowdown, 2)
        found = failures(report, page)
        if not found:
            return
        runs += [f"run {run} (CPU slowdown {slowdown:.2f}x):", *found]
        slowdown = calibrated_slowdown(report)
        # the other categories do not depend on timing: a miss there fails at once
        if any(score(report, c) != 100 for c in CATEGORIES if c != "performance"):
            break
    pytest.fail(f"Lighthouse on {url}:\n" + "\n".join(runs), pytrace=False)

"""Accessibility, measured in headless Chromium: axe-core (WCAG 2.0/2.1 A and AA plus best
practices, colour contrast included) on every kind of page in the light and the dark colour
scheme, visited links and the search page with results and filters; then the keyboard: the
skip link, a visible focus indicator on each element Tab reaches, and the folded "and N more"
lists.

axe-core is installed by scripts/install-test-tools into .cache/test-tools/; the browser is the
session-wide `browser` fixture of tests/clients.py. Either missing skips with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.build.pipeline import build

from .clients import TOOLS, need
from .conftest import ROOT, copy_seed_site, write_tree

pytestmark = pytest.mark.browser

AXE_JS = TOOLS / "node_modules" / "axe-core" / "axe.min.js"
PREFIX = "/readinglist/"
BASE_URL = "https://example.org/readinglist/"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SCHEMES = ["light", "dark"]
PAPER = "papers/gpt-4o-system-card/"
SHORT_PAPER = "papers/learning-to-summarize-from-human-feedback/"
PAGES = {
    "home": "",
    "papers index": "papers/",
    "authors index": "authors/",
    "authors by most papers": "authors/most_papers/",
    "lists index": "lists/",
    "list": "lists/tony/",
    "paper": PAPER,
    "paper needing metadata": "papers/still-missing-details/",
    "highlighted author": "authors/long-ouyang/",
    "organization": "authors/openai/",
    "free page": "about/",
    "search": "search/",
    "404": "no-such-page/",
}
# The seed has no paper that still needs metadata: one is added to the copy, so that the
# "needs metadata" badge is measured on the home page, the papers index and its own page.
INCOMPLETE = {
    "content/papers/still-missing-details.yaml": """
        title: A paper whose details are still missing
        authors: [long-ouyang]
        needs_metadata: true
        added: 2030-01-01
        tags: [rlhf]
        abstract: Imported from a reading list of abstracts and not yet matched to a record.
        """,
}

# Runs axe with the folded lists open (axe skips what is hidden) and returns what a report
# needs: violations, and the elements whose contrast axe could not decide ("incomplete": text
# over an image or a gradient, overlapped, ...), which a claim of AA cannot leave out either.
RUN_AXE = """
const [context, options, done] = arguments;
document.querySelectorAll('details').forEach((d) => { d.open = true; });
const nodes = (rule) => rule.nodes.map((n) => ({target: n.target, summary: n.failureSummary
  || n.any.concat(n.all, n.none).map((c) => c.message).join('; ')}));
axe.run(context || document, options).then(
  (r) => done({
    violations: r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                          nodes: nodes(v)})),
    undecided: r.incomplete.filter((v) => v.id === 'color-contrast').map((v) => ({
      id: v.id + ' (undecided)', impact: v.impact, help: v.help, nodes: nodes(v)})),
    passed: r.passes.flatMap((p) => p.nodes.map((n) => [p.id, n.target[0]]))}),
  (e) => done({error: String(e)})
);
"""

# Shows every link as if visited: a copy of each :visited rule, as :link, right after it,
# so the cascade stays the same. (Browsers hide :visited styles from getComputedStyle, and
# so from axe.) Returns how many rules it copied.
AS_VISITED = """
let copied = 0;
function walk(list) {
  for (let i = list.length - 1; i >= 0; i--) {
    const rule = list[i];
    if (rule.cssRules && !(rule instanceof CSSStyleRule)) walk(rule.cssRules);
    else if (rule.selectorText && rule.selectorText.includes(':visited')) {
      const parent = rule.parentRule || rule.parentStyleSheet;
      parent.insertRule(rule.cssText.replaceAll(':visited', ':link'), i + 1);
      copied++;
    }
  }
}
for (const sheet of document.styleSheets) walk(sheet.cssRules);
return copied;
"""


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_JS.is_file():
        need("axe-core", f"{AXE_JS.relative_to(ROOT)} not found")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed site (plus one paper needing metadata) built under /readinglist/."""
    root = tmp_path_factory.mktemp("a11y")
    copy_seed_site(root)
    write_tree(root, INCOMPLETE)
    build(root, root / "_site", base_url=BASE_URL)
    return root / "_site"


@pytest.fixture(scope="module")
def base(out: Path, serve_folder: Callable[..., Any]) -> Iterator[str]:
    with serve_folder(out, PREFIX) as url:
        yield url


@pytest.fixture
def use_scheme(browser: Any) -> Iterator[Callable[[str], None]]:
    """``use("dark")``: the colour scheme the browser reports to pages (CSS follows at once,
    no reload needed). The browser's own preference comes back afterwards."""

    def use(name: str) -> None:
        features = [{"name": "prefers-color-scheme", "value": name}]
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": features})
        dark = browser.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
        assert dark == (name == "dark"), f"the browser did not take the {name} scheme"

    try:
        yield use
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        browser.get("about:blank")


# --- helpers --------------------------------------------------------------------------------


def axe(
    driver: Any,
    source: str,
    rules: list[str] | None = None,
    context: dict[str, Any] | None = None,
    passes: bool = False,
) -> dict[str, Any]:
    """Run axe-core on the open page: the WCAG A/AA tags and best practices, or ``rules``.

    Every passed element is listed only when ``passes`` is set; else one per rule.
    """
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(source)
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": TAGS}
    options: dict[str, Any] = {"runOnly": only}
    if not passes:
        options["resultTypes"] = ["violations", "incomplete"]
    driver.set_script_timeout(60)
    result = driver.execute_async_script(RUN_AXE, context, options)
    if "error" in result:
        pytest.fail(f"axe.run failed: {result['error']}", pytrace=False)
    return dict(result)


def problems(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [*result["violations"], *result["undecided"]]


def report(found: list[dict[str, Any]], where: str) -> str:
    """Violations as lines a person can act on: rule, impact, elements, and why each fails."""
    lines = [f"{where}: {len(found)} axe violation(s)"]
    for v in found:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            target = " ".join(" >> ".join(t) if isinstance(t, list) else t for t in node["target"])
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {target}\n      {summary}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more elements")
    return "\n".join(lines)


def in_both_schemes(use: Callable[[str], None], check: Callable[[str], list[str]]) -> None:
    """Run ``check(scheme)`` light then dark on the open page; fail with both reports."""
    failures = []
    for scheme in SCHEMES:
        use(scheme)
        failures += check(scheme)
    assert not failures, "\n\n".join(failures)


def axe_check(
    driver: Any, source: str, where: str, rules: list[str] | None = None
) -> Callable[[str], list[str]]:
    def check(scheme: str) -> list[str]:
        found = problems(axe(driver, source, rules))
        return [report(found, f"{where} ({scheme})")] if found else []

    return check


def search_for(driver: Any, query: str) -> int:
    """Type ``query`` into the search page's box; wait for its results to render."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    field = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "#search-q"))
    field.send_keys(query)
    WebDriverWait(driver, 15).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".search-excerpt mark")
    )
    return len(driver.find_elements(By.CSS_SELECTOR, ".search-result"))


def channels(color: str) -> list[float]:
    """``rgb(r, g, b)`` or ``rgba(r, g, b, a)`` as [r, g, b, a]."""
    values = [float(c) for c in color[color.index("(") + 1 : -1].split(",")]
    return values if len(values) == 4 else [*values, 1.0]


def over(color: str, background: str, opacity: float = 1.0) -> str:
    """``color`` (translucent, or faded by ``opacity``) as painted on an opaque background."""
    *fg, alpha = channels(color)
    bg = channels(background)[:3]
    alpha *= opacity
    mixed = (alpha * f + (1 - alpha) * b for f, b in zip(fg, bg, strict=True))
    return "rgb({})".format(", ".join(f"{c:.1f}" for c in mixed))


def luminance(color: str) -> float:
    srgb = [c / 255 for c in channels(color)[:3]]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in srgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours; ``a`` may be translucent, ``b`` is opaque."""
    hi, lo = sorted((luminance(over(a, b)), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# The colour behind an element: the first opaque background up its ancestors.
BACKGROUND = r"""
function background(node) {
  for (; node; node = node.parentElement) {
    const c = getComputedStyle(node).backgroundColor;
    if (c && c !== 'transparent' && !/, 0\)$/.test(c)) return c;
  }
  return 'rgb(255, 255, 255)';
}
"""


# --- axe ------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", list(PAGES))
def test_no_axe_violations(
    page: str, axe_source: str, browser: Any, base: str, use_scheme: Callable[[str], None]
) -> None:
    browser.get(base + PAGES[page])
    in_both_schemes(use_scheme, axe_check(browser, axe_source, page))


def test_search_results_have_no_axe_violations(
    axe_source: str, browser: Any, base: str, use_scheme: Callable[[str], None]
) -> None:
    """The search page once results show: box, filters, result count, titles, excerpts,
    marks."""
    browser.get(base + "search/")
    assert search_for(browser, "human feedback") >= 3
    in_both_schemes(use_scheme, axe_check(browser, axe_source, "search results"))


@pytest.mark.parametrize("page", ["home", "short paper", "search results"])
def test_visited_links_keep_their_contrast(
    page: str, axe_source: str, browser: Any, base: str, use_scheme: Callable[[str], None]
) -> None:
    path = {"short paper": SHORT_PAPER, "search results": "search/"}.get(page, "")
    browser.get(base + path)
    if page == "search results":
        search_for(browser, "summarize")
    assert browser.execute_script(AS_VISITED) >= 1
    check = axe_check(browser, axe_source, f"{page}, links as visited", ["color-contrast"])
    in_both_schemes(use_scheme, check)


# What the contrast rule must have looked at, page by page: an element there that passed
# proves axe measured it rather than skipping it.
MEASURED = {
    "paper needing metadata": [
        ".badge.warn",
        "a.highlight > strong",
        ".tags a",
        ".abstract p",
        ".site-search input",
        ".site-search button",
        ".site-footer a",
    ],
    "papers index": [".badge.warn", "a.highlight > strong", ".venue-badge", ".muted"],
    "highlighted author": [
        ".person-name .family",
        ".coauthors .muted",
        ".badge, .exports",
        ".summary dd",
        ".year-heading",
    ],
    "list": [".pill", ".note p", "time", ".lead p", ".filter a"],
}


@pytest.mark.parametrize("page", list(MEASURED))
def test_contrast_is_measured_on_the_badge_highlight_tags_and_boxes(
    page: str, axe_source: str, browser: Any, base: str, use_scheme: Callable[[str], None]
) -> None:
    """axe's color-contrast rule really looked at these (it skips what it cannot see); the
    header's search box has text typed in, so that text is measured too."""
    from selenium.webdriver.common.by import By

    browser.get(base + PAGES[page])
    browser.find_element(By.CSS_SELECTOR, ".site-search input").send_keys("Ouyang")
    context = {"include": [[selector] for selector in MEASURED[page]]}

    def check(scheme: str) -> list[str]:
        result = axe(browser, axe_source, ["color-contrast"], context, passes=True)
        if problems(result):
            return [report(problems(result), f"{page} ({scheme})")]
        targets = [target for rule, target in result["passed"] if rule == "color-contrast"]
        unmeasured = browser.execute_script(
            "const [selectors, targets] = arguments;"
            "const passed = targets.map((t) => document.querySelector(t));"
            "return selectors.filter((s) => !passed.some((e) => e && e.matches(s)));",
            MEASURED[page],
            targets,
        )
        return [f"{page} ({scheme}): axe measured no {s}" for s in unmeasured]

    in_both_schemes(use_scheme, check)


def test_placeholders_keep_their_contrast(
    browser: Any, base: str, use_scheme: Callable[[str], None]
) -> None:
    """Placeholder text, which axe does not measure: 4.5:1 on the box, in both boxes."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    for page, selector in (("home", "#site-search-q"), ("search", "#search-q")):
        browser.get(base + PAGES[page])
        WebDriverWait(browser, 10).until(lambda d, s=selector: d.find_elements(By.CSS_SELECTOR, s))

        def check(scheme: str, page: str = page, selector: str = selector) -> list[str]:
            color, opacity, bg = browser.execute_script(
                BACKGROUND + "const e = document.querySelector(arguments[0]),"
                " s = getComputedStyle(e, '::placeholder');"
                "return [s.color, parseFloat(s.opacity), background(e)];",
                selector,
            )
            fg = over(color, bg, opacity)
            ratio = contrast(fg, bg)
            return [] if ratio >= 4.5 else [f"{page} ({scheme}): {fg} on {bg} is {ratio:.2f}:1"]

        in_both_schemes(use_scheme, check)


# --- keyboard -------------------------------------------------------------------------------


def press(driver: Any, *keys: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(*keys).perform()


def test_the_skip_link_comes_first_shows_and_moves_focus_to_main(browser: Any, base: str) -> None:
    from selenium.webdriver.common.keys import Keys

    for page in ("home", "paper", "404"):
        browser.get(base + PAGES[page])
        press(browser, Keys.TAB)
        state = browser.execute_script(
            BACKGROUND
            + """
            const e = document.activeElement, r = e.getBoundingClientRect();
            return {cls: e.className, text: e.textContent.trim(),
                    color: getComputedStyle(e).color, background: background(e),
                    box: [r.left, r.top, r.right, r.bottom],
                    view: [innerWidth, innerHeight],
                    visible: getComputedStyle(e).visibility === 'visible'};
            """
        )
        assert state["cls"] == "skip-link", (page, state)
        assert state["text"] == "Skip to main content"
        left, top, right, bottom = state["box"]
        width, height = state["view"]
        assert state["visible"] and right - left > 20 and bottom - top > 10, state
        assert left >= 0 and top >= 0 and right <= width and bottom <= height, state
        assert contrast(state["color"], state["background"]) >= 4.5, state
        press(browser, Keys.ENTER)
        assert browser.execute_script("return document.activeElement.id") == "main", page
        assert browser.current_url.endswith("#main")
    # the search page starts in its own box, inside main, which the skip link would reach
    browser.get(base + PAGES["search"])
    focused = browser.execute_script(
        "const e = document.activeElement; return [e.className, !!e.closest('main')]"
    )
    assert "search-q" in focused[0] and focused[1], focused


# The style that shows focus, per element.
LOOK = (
    BACKGROUND
    + """
const e = arguments[0] || document.activeElement, s = getComputedStyle(e);
return {tag: e.tagName.toLowerCase(), text: (e.textContent || e.value || '').trim().slice(0, 40),
        outline: s.outlineStyle === 'none' ? 'none'
                 : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
        outlineWidth: parseFloat(s.outlineWidth) || 0, outlineColor: s.outlineColor,
        shadow: s.boxShadow, background: background(e.parentElement)};
"""
)


def test_every_element_tab_reaches_shows_focus(
    browser: Any, base: str, use_scheme: Callable[[str], None]
) -> None:
    """Every Tab stop of a paper page, skip link to footer: the outline or shadow changes
    on focus, and an outline is 2px or more and 3:1 on what is behind it (WCAG 1.4.11)."""
    from selenium.webdriver.common.keys import Keys

    kinds: set[str] = set()

    def check(scheme: str) -> list[str]:
        browser.get(base + PAGES["paper"])
        failures, stops = [], 0
        for _ in range(60):
            press(browser, Keys.TAB)
            element = browser.switch_to.active_element
            focused = browser.execute_script(LOOK)
            if focused["tag"] == "body" or (stops and focused["text"] == "Skip to main content"):
                break
            stops += 1
            kinds.add(focused["tag"])
            browser.execute_script("arguments[0].blur()", element)
            resting = browser.execute_script(LOOK, element)
            where = f"Tab stop {stops}, {focused['tag']} {focused['text']!r} ({scheme})"
            if (focused["outline"], focused["shadow"]) == (resting["outline"], resting["shadow"]):
                failures.append(f"{where}: no visible focus indicator ({focused})")
            elif focused["outline"] != "none":
                ratio = contrast(focused["outlineColor"], focused["background"])
                if focused["outlineWidth"] < 2 or ratio < 3:
                    failures.append(f"{where}: outline {focused['outline']} is {ratio:.2f}:1"
                                    f" on {focused['background']}")  # fmt: skip
            browser.execute_script("arguments[0].focus()", element)  # Tab goes on from here
        if stops < 15:
            failures.append(f"{scheme}: only {stops} Tab stops")
        return failures

    in_both_schemes(use_scheme, check)
    assert {"a", "input", "button", "summary"} <= kinds, kinds


def test_folded_lists_open_and_close_from_the_keyboard(browser: Any, base: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    # a byline's "and N more" becomes "show fewer" at the end of the names once open; an
    # author's co-authors past the first ten are under "show all N"
    for page, selector, closed, opened in (
        ("paper", ".more-authors > summary", r"and \d+ more", "show fewer"),
        ("highlighted author", ".more-coauthors > summary", r"show all \d+", r"show all \d+"),
    ):
        browser.get(base + PAGES[page])
        summaries = browser.find_elements(By.CSS_SELECTOR, selector)
        assert summaries, page
        for summary in summaries:
            browser.execute_script("arguments[0].focus()", summary)
            assert browser.switch_to.active_element == summary, page
            assert browser.execute_script("return arguments[0].tabIndex", summary) >= 0
            assert re.fullmatch(closed, summary.text), summary.text
            details = summary.find_element(By.XPATH, "..")
            press(browser, Keys.ENTER)
            assert details.get_attribute("open") is not None, (page, summary.text)
            assert re.fullmatch(opened, summary.text), summary.text
            links = details.find_elements(By.CSS_SELECTOR, "li a")
            assert links and links[-1].is_displayed(), (page, summary.text)
            if page == "paper":  # the toggle follows the last name
                below = browser.execute_script(
                    "return arguments[0].getBoundingClientRect().top"
                    " >= arguments[1].getBoundingClientRect().bottom - 1",
                    summary,
                    links[-1],
                )
                assert below, "show fewer is not after the names"
            press(browser, Keys.ENTER)
            assert details.get_attribute("open") is None, (page, summary.text)


def test_the_editors_pages_have_no_axe_violations(
    axe_source: str, browser: Any, tmp_path: Path, use_scheme: Callable[[str], None]
) -> None:
    """serve's editor: its first page, a paste's preview (with a namesake's tick box), a
    list's page and the problems page."""
    from selenium.webdriver.common.by import By

    from .test_browser import EditorPage
    from .test_editor_http import printed_address
    from .test_serve import running, tiny_site

    ris = "TY  - JOUR\nTI  - Looms\nAU  - Lovelace, A.\nAU  - Hopper, Grace\nPY  - 2022\nER  -\n"
    with running(tiny_site(tmp_path / "site"), tmp_path / "logs") as server:
        page = EditorPage(browser)
        browser.get(printed_address(server))
        page.shows("Edit the reading lists", "the editor's first page")
        in_both_schemes(use_scheme, axe_check(browser, axe_source, "editor"))
        page.paste(ris)
        assert browser.find_elements(By.CSS_SELECTOR, "input[type=checkbox][name=same]")
        in_both_schemes(use_scheme, axe_check(browser, axe_source, "paste preview"))
        for path in ("lists/engines", "check"):
            browser.get(f"http://127.0.0.1:{server.port}/_edit/{path}")
            in_both_schemes(use_scheme, axe_check(browser, axe_source, f"editor {path}"))

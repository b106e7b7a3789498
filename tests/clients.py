"""Real clients for the test suite: the W3C Nu HTML checker, headless Chromium, a local server.

Load it from tests/conftest.py with ``pytest_plugins = ["tests.clients"]``.
``scripts/install-test-tools`` installs the tools; this module only finds them.

Fixtures:
    vnu            session: ``check(paths: list[Path]) -> list[str]``, one java run for all files
    browser        session: a selenium Chrome WebDriver on headless /usr/bin/chromium
    serve_folder   session: ``serve(folder, prefix="/")``, a context manager yielding the base URL
    screenshot     session: ``shoot(driver, path, width=1280) -> Path``, a full-page PNG

When a tool is missing the tests that need it skip with the reason, and the reason is repeated
in a "missing test tools" section at the end of the run. They fail instead when

- ``READINGLIST_REQUIRE_TEST_TOOLS=1`` is set, or
- ``CI=true`` and ``.cache/test-tools/status`` (written by scripts/install-test-tools) does not
  say the tool could not be installed: either the install script did not run (a missing
  install step) or it claimed success and the tool still does not work. A tool the script
  recorded as impossible to install (no root, apt or npm failed) still only skips.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO, NoReturn
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".cache" / "test-tools"
STATUS_FILE = TOOLS / "status"
VNU_JAR = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL_HINT = "run scripts/install-test-tools"

# The flags this machine needs (env/machines/python.md, "Known to work"): as root, with a
# closed network, Chromium must not sandbox, use a GPU, or phone home at start.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
WINDOW = (1280, 900)

_missing: dict[str, str] = {}


# --- skipping, loudly -----------------------------------------------------------------------


def _install_status() -> dict[str, tuple[str, str]]:
    """``tool -> (ok|missing, reason)`` as recorded by the last scripts/install-test-tools."""
    try:
        lines = STATUS_FILE.read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    status = {}
    for line in lines:
        tool, state, reason = [*line.split("\t", 2), "", ""][:3]
        status[tool] = (state, reason)
    return status


def need(tool: str, reason: str) -> NoReturn:
    """Skip the test because ``tool`` is unusable; fail instead when that is a defect.

    See the module docstring for when that is. Never returns.
    """
    state, recorded = _install_status().get(tool, ("", ""))
    message = f"{tool}: {reason}"
    if state == "missing" and recorded:
        message += f" (install-test-tools: {recorded})"
    elif not state:
        message += f" ({INSTALL_HINT})"
    _missing[tool] = message
    if os.environ.get("READINGLIST_REQUIRE_TEST_TOOLS") == "1":
        pytest.fail(f"{message} [READINGLIST_REQUIRE_TEST_TOOLS=1]", pytrace=False)
    if os.environ.get("CI") == "true" and state != "missing":
        why = "did not run" if not state else "reported it installed"
        pytest.fail(f"{message} [CI=true and scripts/install-test-tools {why}]", pytrace=False)
    pytest.skip(message)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _missing:
        terminalreporter.section("missing test tools", yellow=True)
        for message in _missing.values():
            terminalreporter.line(message, yellow=True, bold=True)


# --- vnu ------------------------------------------------------------------------------------


def _vnu_messages(report: str, base: Path) -> list[str]:
    out = []
    for m in json.loads(report or '{"messages": []}').get("messages", []):
        if m.get("type") == "info":  # warnings; --errors-only already drops them
            continue
        url = m.get("url", "")
        where = unquote(urlsplit(url).path) if url.startswith("file:") else url
        with contextlib.suppress(ValueError):
            where = str(Path(where).relative_to(base))
        line = m.get("lastLine") or m.get("firstLine")
        col = m.get("firstColumn") or m.get("lastColumn")
        pos = f"{where}:{line}:{col}" if line and col else f"{where}:{line}" if line else where
        kind = m.get("subType") or m.get("type", "error")
        out.append(f"{pos}: {kind}: {m.get('message', '').strip()}")
    return out


@pytest.fixture(scope="session")
def vnu() -> Callable[[list[Path]], list[str]]:
    """``check(paths)`` validates HTML files in one java run, returning error messages.

    Each message reads ``file:line:col: error: text`` (file relative to the current directory
    when it is inside it). An empty list means every file is valid.
    """
    java = shutil.which("java")
    if java is None:
        need("java", "java not found on PATH; the Nu HTML checker needs Java 11 or later")
    if not VNU_JAR.is_file():
        need("vnu", f"{VNU_JAR.relative_to(ROOT)} not found")

    def check(paths: list[Path]) -> list[str]:
        if not paths:
            return []
        cmd = [
            java,
            "-Xss8m",  # vnu's own advice against StackOverflowError on deep documents
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            *(str(Path(p).resolve()) for p in paths),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
        # exit 0: valid, 1: errors reported; anything else (or no JSON) is the checker failing
        if proc.returncode not in (0, 1) or not proc.stdout.lstrip().startswith("{"):
            pytest.fail(
                f"vnu failed (exit {proc.returncode}): {proc.stderr.strip() or proc.stdout[:2000]}",
                pytrace=False,
            )
        return _vnu_messages(proc.stdout, Path.cwd())

    return check


# --- browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A selenium Chrome WebDriver on headless Debian Chromium, quit at the end of the session.

    The window is 1280x900 and the profile a fresh temporary directory. Selenium Manager never
    runs: the driver path is given, so selenium skips it (and SE_OFFLINE=true is set anyway).
    """
    for tool, path, package in (
        ("chromium", CHROMIUM, "chromium"),
        ("chromedriver", CHROMEDRIVER, "chromium-driver"),
    ):
        if not os.access(path, os.X_OK):
            need(tool, f"{path} not found (Debian package {package})")
    try:
        from selenium import webdriver
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.chrome.service import Service
    except ImportError as err:
        need("selenium", f"cannot import selenium ({err}); pip install -e '.[dev]'")

    os.environ.setdefault("SE_OFFLINE", "true")
    with tempfile.TemporaryDirectory(prefix="readinglist-chromium-") as tmp:
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={Path(tmp) / 'profile'}")
        options.add_argument(f"--window-size={WINDOW[0]},{WINDOW[1]}")
        log = Path(tmp) / "chromedriver.log"
        service = Service(executable_path=str(CHROMEDRIVER), log_output=str(log))
        try:
            driver = webdriver.Chrome(service=service, options=options)
        except WebDriverException as err:
            text = log.read_text(errors="replace") if log.exists() else ""
            first = (err.msg or str(err)).strip().splitlines()[0].split("; For documentation")[0]
            errors = [
                line
                for line in text.splitlines()
                if ("ERROR" in line or "FATAL" in line) and "RESPONSE" not in line
            ]
            need(
                "chromium",
                f"Chromium did not start: {first}" + (f" | {errors[-1]}" if errors else ""),
            )
        try:
            driver.set_window_size(*WINDOW)
            driver.set_page_load_timeout(30)
            yield driver
        finally:
            driver.quit()


@pytest.fixture(scope="session")
def screenshot() -> Callable[..., Path]:
    """``shoot(driver, path, width=1280) -> Path``: a whole-page PNG, ``width`` CSS px wide."""

    def shoot(driver: Any, path: Path, width: int = WINDOW[0]) -> Path:
        # The viewport, not the window, is set to ``width`` CSS pixels (the window's frame
        # would eat some), then Chromium captures beyond the viewport down to the page end.
        cdp = driver.execute_cdp_cmd
        before = driver.execute_script("return window.innerWidth")
        cdp(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": WINDOW[1], "deviceScaleFactor": 1, "mobile": False},
        )
        try:
            height = driver.execute_script(
                "return Math.max(document.documentElement.scrollHeight,"
                " document.body ? document.body.scrollHeight : 0)"
            )
            clip = {"x": 0, "y": 0, "width": width, "height": max(int(height), 1), "scale": 1}
            shot = cdp(
                "Page.captureScreenshot",
                {"format": "png", "captureBeyondViewport": True, "clip": clip},
            )
        finally:
            cdp("Emulation.clearDeviceMetricsOverride", {})
            # the renderer takes the window's own size back in its own time (on a loaded
            # machine, after the next script has run): the next caller sees it, not `width`
            deadline = time.monotonic() + 10
            while driver.execute_script("return window.innerWidth") != before:
                if time.monotonic() > deadline:
                    raise AssertionError(f"the viewport stayed {width} px after the screenshot")
                time.sleep(0.05)
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    return shoot


# --- a local static server ------------------------------------------------------------------


class _Handler(SimpleHTTPRequestHandler):
    """Static files under a URL prefix, like a GitHub project site.

    Outside the prefix: a plain 404. Inside, the prefix is stripped; a missing file, or a
    folder without index.html, gets the folder's 404.html (status 404) when there is one.
    ``/prefix`` without its slash redirects to ``/prefix/``. Responses are not cached.
    """

    prefix = "/"

    def _inside(self, url: str) -> str | None:
        """The URL's path with the prefix stripped, or None when outside the prefix."""
        path = urlsplit(url).path
        bare = self.prefix.rstrip("/")
        if path == bare or path.startswith(bare + "/"):
            return path[len(bare) :] or ""
        return None

    def translate_path(self, path: str) -> str:
        inside = self._inside(path)
        return super().translate_path(path if inside is None else inside)

    def send_head(self) -> BinaryIO | None:
        inside = self._inside(self.path)
        if inside is None:
            self.send_error(HTTPStatus.NOT_FOUND, "Outside the served prefix")
            return None
        target = Path(self.translate_path(self.path))
        if target.is_dir() and (not inside.endswith("/") or (target / "index.html").is_file()):
            return super().send_head()  # redirect to the slash, or serve index.html
        if target.is_file():
            return super().send_head()
        page = Path(self.directory) / "404.html"
        if not page.is_file():
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        f = page.open("rb")
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(page.stat().st_size))
        self.end_headers()
        return f

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # a browser that drops a connection mid-response is not a test failure
        pass


@contextlib.contextmanager
def serve(folder: Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 at a free port under ``prefix``; yield the base URL."""
    folder = Path(folder).resolve()
    if not folder.is_dir():
        raise FileNotFoundError(f"not a folder: {folder}")
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = type("Handler", (_Handler,), {"prefix": prefix})
    server = _QuietServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def serve_folder() -> Callable[..., contextlib.AbstractContextManager[str]]:
    """``with serve_folder(folder, prefix="/reading-list/") as base_url: ...``"""
    return serve

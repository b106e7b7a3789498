"""`readinglist serve` can be trusted (issue 15), with real processes on 127.0.0.1:

- a preview never touches the folder that gets published, nor its build cache;
- after many rapid saves, what serve shows equals a clean build;
- any request path gets a proper status, never a traceback;
- stopping serve (SIGTERM, SIGINT) leaves no Pagefind behind, and Pagefind runs time out;
- only requests for serve's own address are answered (no DNS rebinding), for pages and for
  livereload's script and websocket alike; a websocket from a foreign page is refused; only
  GET and HEAD are answered.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.base.errors import UserError
from generator.site import search

from .conftest import ROOT, corpus, snapshot
from .test_serve import (
    BASE_PATH,
    START_DEADLINE,
    Server,
    running,
    tiny_site,
    wait_until,
    without_livereload,
)

CACHE = ".readinglist-cache"


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`readinglist ARGS` as a real process."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def raw(
    port: int, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One request with exactly these headers (Host included): status, headers, body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in {"Host": f"127.0.0.1:{port}", **(headers or {})}.items():
            conn.putheader(name, value)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, dict(resp.headers), resp.read()
    finally:
        conn.close()


def websocket(port: int, host: str, origin: str | None) -> str:
    """Open livereload's websocket as a browser would; the status line of the answer."""
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [
        "GET /livereload HTTP/1.1",
        f"Host: {host}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
    ]
    if origin is not None:
        lines.append(f"Origin: {origin}")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer.split(b"\r\n", 1)[0].decode("latin-1")


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the tests that only make requests."""
    root = tmp_path_factory.mktemp("serve-safety")
    with running(tiny_site(root / "site"), root / "logs") as server:
        yield server


# --- 1: a preview never touches what gets published ------------------------------------------


def no_local_address(folder: Path) -> list[str]:
    """The files of a folder that name a 127.0.0.1 address."""
    return [name for name, data in snapshot(folder).items() if b"127.0.0.1" in data]


def test_serve_leaves_the_published_folder_and_its_cache_alone(tmp_path: Path) -> None:
    site = tiny_site(tmp_path / "site")
    built = cli("build", "--site", site)
    assert built.returncode == 0, built.stderr
    published, cache = snapshot(site / "_site"), snapshot(site / CACHE)

    with running(site, tmp_path / "logs") as server:
        # the preview itself links to where it is served
        page = server.get("papers/x/")
        assert f"http://127.0.0.1:{server.port}{BASE_PATH}papers/x/" in page.text
        text = (site / "content/papers/x.yaml").read_text(encoding="utf-8")
        server.edit("content/papers/x.yaml", text.replace("Original paper title", "Served"))
        server.wait_for_page("authors/ada-lovelace/", "Served")
        assert snapshot(site / "_site") == published, "serve wrote into the publish folder"
        server.edit("content/papers/x.yaml", text)
        server.wait_for_page("authors/ada-lovelace/", "Original paper title")

    assert snapshot(site / "_site") == published, "serve wrote into the publish folder"
    left = sorted(set(snapshot(site / CACHE)) ^ set(cache))
    assert snapshot(site / CACHE) == cache, f"serve changed or left files in the cache: {left}"
    rebuilt = cli("build", "--site", site)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert no_local_address(site / "_site") == []
    clean = cli("build", "--site", site, "--out", tmp_path / "clean")
    assert clean.returncode == 0, clean.stderr
    assert snapshot(site / "_site") == snapshot(tmp_path / "clean")


def test_serve_out_keeps_the_preview_and_a_later_build_there_is_clean(tmp_path: Path) -> None:
    site = tiny_site(tmp_path / "site")
    out = tmp_path / "preview"
    built = cli("build", "--site", site, "--out", out)
    assert built.returncode == 0, built.stderr
    with running(site, tmp_path / "logs", "--out", str(out)) as server:
        page = without_livereload(server.get("papers/x/").body)
        assert page == (out / "papers/x/index.html").read_bytes()
    assert no_local_address(out), "the preview is kept in --out, as served"
    assert not (site / "_site").exists(), "nothing was written into the publish folder"
    rebuilt = cli("build", "--site", site, "--out", out)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert no_local_address(out) == [], "a build after serve --out made the site in full"
    clean = cli("build", "--site", site, "--out", tmp_path / "clean")
    assert clean.returncode == 0, clean.stderr
    assert snapshot(out) == snapshot(tmp_path / "clean")


# --- 4: after rapid saves, what serve shows equals a clean build -------------------------------


def served_differences(server: Server, expected: dict[str, bytes]) -> list[str]:
    """The files of a clean build that serve shows otherwise (one connection, kept alive)."""
    differing = []
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        for relative, data in expected.items():
            if relative.startswith("."):
                continue  # .nojekyll: dot-files are not served
            conn.request("GET", server.base_path + relative)
            resp = conn.getresponse()
            body = resp.read()
            if resp.status != 200 or without_livereload(body) != data:
                differing.append(f"{relative} ({resp.status})")
    finally:
        conn.close()
    return differing


@pytest.mark.parametrize("run", range(2))
def test_after_rapid_saves_serve_shows_what_a_clean_build_makes(tmp_path: Path, run: int) -> None:
    site = tmp_path / "site"
    corpus.generate(site, 300, seed=run + 1, search=True)
    papers = sorted((site / "content/papers").glob("*.yaml"))
    paper = papers[7 + run]
    text = paper.read_text(encoding="utf-8")
    with running(site, tmp_path / "logs", deadline=START_DEADLINE * 4) as server:
        for i in range(100):
            saved = re.sub(r"^title: .*$", f'title: "Rapid save {i:03d}"', text, flags=re.M)
            paper.write_text(saved, encoding="utf-8")
            time.sleep(0.02 + (i % 4) * 0.01)  # the pace of the saves, not a synchronisation
        clean = tmp_path / "clean"
        made = cli("build", "--site", site, "--out", clean, "--base-url", server.url)
        assert made.returncode == 0, made.stderr
        expected = snapshot(clean)
        assert b"Rapid save 099" in expected[f"papers/{paper.stem}/index.html"]
        last: list[list[str]] = [[]]

        def settled() -> bool:
            assert server.alive(), server.describe()
            if "Rapid save 099" not in server.get(f"papers/{paper.stem}/").text:
                return False
            last[0] = served_differences(server, expected)
            return not last[0]

        wait_until(
            settled,
            lambda: f"serve to show a clean build; differing: {last[0][:20]}{server.describe()}",
            timeout=240,
        )
        assert "Traceback" not in server.stderr(), server.describe()
        assert "that rebuild failed" not in server.stderr(), server.describe()
        # and the rebuilds stayed rebuilds: a title shows on about 60 of 3,000+ pages
        counts = re.findall(r"Rebuilt in \S+ s: (\d+) of (\d+) pages", server.stderr())
        assert len(counts) >= 2, server.describe()
        assert all(int(done) * 2 < int(pages) for done, pages in counts[1:]), server.describe()


# --- 8: any request path gets a proper status ---------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        BASE_PATH + "a" * 8000,
        BASE_PATH + "papers/" + "x" * 300 + "/",
        BASE_PATH + "a/" * 4000,
        BASE_PATH + "%61" * 2600,
        "/" + "a" * 8000,
        BASE_PATH + "papers/x/%ff%fe/",
    ],
    ids=["8000-chars", "long-name", "4000-folders", "encoded", "outside-base", "bad-utf8"],
)
def test_any_request_path_gets_a_proper_status(shared: Server, path: str) -> None:
    told = len(shared.stderr())
    resp = shared.get(path)
    assert resp.status == 404, resp.text[:300]
    assert "Page not found" in resp.text
    assert shared.get("papers/x/").status == 200
    assert "Traceback" not in shared.stderr()[told:], shared.describe()


# --- 10: no Pagefind left behind; Pagefind runs time out ---------------------------------


def in_session(sid: int) -> list[int]:
    """Live (not zombie) processes of a session, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == sid and fields[0] != "Z":  # fields: state ppid pgrp session
                found.append(int(entry.name))
    return found


def hanging_pagefind(folder: Path, mark: Path) -> Path:
    """A stand-in for the Pagefind binary: the real one, but while `mark` exists it notes
    its process id in `folder` and hangs, as Pagefind did when a build ran beside serve."""
    real = search.pagefind_binary()
    script = folder / "pagefind"
    script.write_text(
        "#!/bin/sh\n"
        f'if [ -e "{mark}" ]; then echo $$ > "{folder}/pid-$$"; exec sleep 600; fi\n'
        f'exec "{real}" "$@"\n',
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def hung(folder: Path) -> list[int]:
    return [int(p.name.removeprefix("pid-")) for p in folder.glob("pid-*")]


def kill_all(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs Linux /proc")
@pytest.mark.parametrize("during", ["first-build", "rebuild"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_serve_stops_its_pagefind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int, during: str
) -> None:
    site = tiny_site(
        tmp_path / "site", {"site.yaml": "title: T\nbase_url: https://example.org/\nsearch: true\n"}
    )
    fakes, mark = tmp_path / "fakes", tmp_path / "hang"
    fakes.mkdir()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(hanging_pagefind(fakes, mark)))
    try:
        if during == "first-build":  # serve does not answer yet: started by hand
            mark.touch()
            proc, stderr = serve_until_pagefind_hangs(site, tmp_path / "logs", fakes, signum)
        else:
            with running(site, tmp_path / "logs") as server:
                mark.touch()
                text = (site / "content/papers/x.yaml").read_text(encoding="utf-8")
                server.edit("content/papers/x.yaml", text.replace("Original", "Searched"))
                wait_until(
                    lambda: hung(fakes), lambda: f"a rebuild to run Pagefind{server.describe()}"
                )
                server.proc.send_signal(signum)  # serve alone, not its process group
                server.proc.wait(timeout=60)
                proc, stderr = server.proc, server.stderr()
        # serve ran in a session of its own: nothing of it may be left
        wait_until(
            lambda: in_session(proc.pid) == [],
            lambda: f"serve's processes to end; left: {in_session(proc.pid)}\n{stderr}",
        )
        assert proc.returncode in (0, 130), stderr  # stopped, not killed by the signal
        assert "Traceback" not in stderr, stderr
        assert not list((site / CACHE).glob("serve-*")), "serve's private folder is removed"
    finally:
        kill_all(hung(fakes))


def serve_until_pagefind_hangs(
    site: Path, logs: Path, fakes: Path, signum: int
) -> tuple[subprocess.Popen[bytes], str]:
    """Start serve, wait until its first build's Pagefind hangs, signal serve; its stderr."""
    logs.mkdir()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = str(sock.getsockname()[1])
    command = [sys.executable, "-m", "generator", "serve", "--site", str(site), "--port", port]
    with (logs / "serve.err").open("wb") as err:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err,
                                stdin=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    try:
        wait_until(lambda: hung(fakes), "the first build to run Pagefind", START_DEADLINE)
        proc.send_signal(signum)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return proc, (logs / "serve.err").read_text(encoding="utf-8", errors="replace")


def one_page_and_a_hanging_pagefind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """An output folder with one searchable page, and a Pagefind that hangs on it: (the
    folder, where the hung runs note their process ids)."""
    folder = tmp_path / "out"
    (folder / "papers/x").mkdir(parents=True)
    (folder / "papers/x/index.html").write_text("<html data-pagefind-body></html>")
    fakes, mark = tmp_path / "fakes", tmp_path / "hang"
    fakes.mkdir()
    mark.touch()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(hanging_pagefind(fakes, mark)))
    return folder, fakes


def test_a_pagefind_run_that_hangs_is_stopped_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, fakes = one_page_and_a_hanging_pagefind(tmp_path, monkeypatch)
    monkeypatch.setattr(search, "TIMEOUT", 1.0)
    started = time.monotonic()
    try:
        with pytest.raises(UserError) as raised:
            search.index_site(folder)
        assert time.monotonic() - started < 30
        message = str(raised.value.problems[0])
        assert "Pagefind did not finish within" in message, message
        pids = hung(fakes)
        assert pids
        assert all(not Path(f"/proc/{pid}").exists() for pid in pids), "the hung run is killed"
    finally:
        kill_all(hung(fakes))


class _Stop(Exception):
    """What the test's Ctrl+C handler raises (a KeyboardInterrupt would stop pytest itself)."""


def test_a_stop_while_pagefind_starts_still_stops_that_pagefind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a Ctrl+C that lands while Popen returns, before the run is recorded: once, on a loaded
    # machine, the Pagefind so started outlived serve
    folder, fakes = one_page_and_a_hanging_pagefind(tmp_path, monkeypatch)
    started: list[subprocess.Popen[str]] = []
    real = subprocess.Popen

    def popen_then_ctrl_c(*args: object, **kwargs: object) -> subprocess.Popen[str]:
        run: subprocess.Popen[str] = real(*args, **kwargs)  # type: ignore[call-overload]
        started.append(run)
        signal.raise_signal(signal.SIGINT)
        return run

    def stop(signum: int, frame: object) -> None:
        raise _Stop

    monkeypatch.setattr(search.subprocess, "Popen", popen_then_ctrl_c)
    before = signal.signal(signal.SIGINT, stop)
    try:
        with pytest.raises(_Stop):
            search.index_site(folder)
        assert started and started[0].poll() is not None, "the run is stopped, not left behind"
    finally:
        signal.signal(signal.SIGINT, before)
        kill_all(hung(fakes))
        for run in started:
            run.kill()
            run.wait()


# --- 12: only serve's own address; only GET and HEAD -----------------------------------------


LIVERELOAD_PATHS = ["/livereload.js?port=1", "/livereload", "/forcereload"]


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.evil:{port}"])
@pytest.mark.parametrize("path", [BASE_PATH, BASE_PATH + "papers/x/", "/", *LIVERELOAD_PATHS])
def test_a_foreign_host_is_refused(shared: Server, host: str, path: str) -> None:
    status, _, body = raw(shared.port, path, headers={"Host": host.format(port=shared.port)})
    assert status in (403, 421), body[:300]
    assert b"Original paper title" not in body
    assert b"livereload" not in body.lower() or b"not allowed" in body.lower()


def test_the_livereload_websocket_accepts_only_serves_own_pages(shared: Server) -> None:
    own = f"127.0.0.1:{shared.port}"
    assert " 101 " in websocket(shared.port, own, f"http://{own}") + " "
    assert " 101 " in websocket(shared.port, f"localhost:{shared.port}", f"http://{own}") + " "
    for host, origin in [
        (own, "http://evil.example"),
        (own, f"http://evil.example:{shared.port}"),
        (own, "null"),
        (f"evil.example:{shared.port}", f"http://evil.example:{shared.port}"),  # rebinding
    ]:
        line = websocket(shared.port, host, origin)
        assert " 403 " in line + " " or " 421 " in line + " ", (host, origin, line)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"])
@pytest.mark.parametrize("path", [BASE_PATH + "papers/x/", "/livereload.js", "/nowhere"])
def test_only_get_and_head_are_answered(shared: Server, method: str, path: str) -> None:
    status, headers, _ = raw(shared.port, path, method)
    assert status == 405
    assert {m.strip() for m in headers.get("Allow", "").split(",")} == {"GET", "HEAD"}


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "[::1]", "LOCALHOST"])
def test_serves_own_addresses_are_answered(shared: Server, name: str) -> None:
    status, headers, body = raw(shared.port, BASE_PATH + "papers/x/",
                                headers={"Host": f"{name}:{shared.port}"})  # fmt: skip
    assert status == 200
    assert b"Original paper title" in body
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    status, _, _ = raw(shared.port, BASE_PATH, "HEAD")
    assert status == 200
    status, _, script = raw(shared.port, "/livereload.js?port=1")
    assert status == 200
    assert b"LiveReload" in script


def test_which_hosts_each_binding_accepts() -> None:
    from generator.commands.serve import host_allowed

    # loopback: its own address and the names of loopback, on its port only
    for value in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "app.localhost:8000"):
        assert host_allowed(value, "127.0.0.1", 8000), value
    for value in ("evil.example:8000", "127.0.0.1:8001", "127.0.0.1", "10.0.0.5:8000", "",
                  "evil.example:8000@127.0.0.1:8000", "127.0.0.1:8000/x"):  # fmt: skip
        assert not host_allowed(value, "127.0.0.1", 8000), value
    assert host_allowed("localhost", "127.0.0.1", 80)
    # one address of the machine: that address only
    assert host_allowed("192.168.1.5:8000", "192.168.1.5", 8000)
    assert not host_allowed("localhost:8000", "192.168.1.5", 8000)
    assert not host_allowed("evil.example:8000", "192.168.1.5", 8000)
    # every address (0.0.0.0 or ::): any IP address, loopback names and this machine's name;
    # never another domain name, which is what DNS rebinding needs
    for value in ("192.168.1.5:8000", "[fe80::1]:8000", "localhost:8000", "0.0.0.0:8000",
                  f"{socket.gethostname()}:8000"):  # fmt: skip
        assert host_allowed(value, "0.0.0.0", 8000), value
        assert host_allowed(value, "::", 8000), value
    assert not host_allowed("evil.example:8000", "0.0.0.0", 8000)

"""Benchmark: build speed and memory on seeded corpora, against Hugo on the same corpus.

    python bench/run.py [--sizes 1000 10000] [--runs 3] [--no-hugo] [--record]

For each size: a clean full build, its floor (bench/floor.py: reading the corpus and writing
the site's files, with no rendering), a no-op rebuild, the rebuild after editing one paper, the
rebuild after editing an author shared by many papers, and (with --serve) the time from saving
a file in `readinglist serve` until the rebuilt page is on disk. Each build runs in its own
process: wall time, pages per second and peak memory (ru_maxrss) are measured there, and the
medians of --runs runs are printed. Where `hugo` is on PATH (Debian package `hugo`), the same
corpus is built with Hugo (one page per paper, one term page per author, the same links) and
our time divided by Hugo's, measured in the same run, is printed. --record appends the results
to bench/RESULTS.md with the machine, date and command.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import generate  # noqa: E402

WORK = Path(os.environ.get("BENCH_DIR", "/tmp/readinglist-bench"))


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, int, str]:
    """Run a command; return wall seconds, peak memory in MiB, and its stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    out = process.stdout.read().decode() if process.stdout else ""
    err = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err[-2000:]}")
    return seconds, usage.ru_maxrss // 1024, out


def build_command(site: Path, out: Path) -> list[str]:
    """Our build, as a user runs it."""
    return [sys.executable, "-m", "generator", "build", "--site", str(site), "--out", str(out)]


def count_pages(out: Path) -> int:
    """HTML pages in an output folder."""
    return sum(1 for _ in out.rglob("*.html"))


def touch_paper(site: Path, n: int) -> None:
    """Edit one paper's title, as an editor would."""
    papers = sorted((site / "content/papers").iterdir())
    path = papers[len(papers) // 2]
    text = path.read_text(encoding="utf-8")
    edited = re.sub(r'^title: "(.*)"', rf'title: "\1 (edit {n})"', text, count=1, flags=re.M)
    path.write_text(edited, encoding="utf-8")


def touch_shared_author(site: Path, n: int) -> None:
    """Edit the author with the most papers (a000000: the Zipf head)."""
    path = site / "content/authors/a000000.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'^name: "(.*?)( \(\d+\))?"', rf'name: "\1 ({n})"', text, count=1,
                           flags=re.M), encoding="utf-8")  # fmt: skip


def hugo_site(site: Path, target: Path) -> None:
    """The same corpus as a Hugo site: a page per paper, a term page per author, same links."""
    import yaml

    if target.exists():
        shutil.rmtree(target)
    (target / "content/papers").mkdir(parents=True)
    (target / "layouts/_default").mkdir(parents=True)
    names = {}
    for path in (site / "content/authors").iterdir():
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        names[path.stem] = data["name"]
    (target / "data").mkdir()
    (target / "data/names.json").write_text(json.dumps(names, ensure_ascii=False))
    (target / "hugo.yaml").write_text(
        "baseURL: https://example.org/bench/\ndisableKinds: [RSS, sitemap, robotsTXT]\n"
        "taxonomies:\n  author: authors\n"
    )
    for path in (site / "content/papers").iterdir():
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        front = {
            "title": data["title"],
            "authors": data.get("authors", []),
            "year": data.get("year"),
        }
        body = data.get("abstract", "")
        (target / f"content/papers/{path.stem}.md").write_text(
            "---\n" + json.dumps(front, ensure_ascii=False) + "\n---\n" + body + "\n",
            encoding="utf-8",
        )
    layouts = target / "layouts/_default"
    head = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>'
    (layouts / "single.html").write_text(
        head + "<h1>{{ .Title }}</h1><p>{{ range .Params.authors }}"
        '<a href="{{ printf "authors/%s/" . | relURL }}">{{ index site.Data.names . }}</a>, {{ end }}</p>'
        "{{ .Content }}</body></html>"
    )
    (layouts / "term.html").write_text(
        head + "<h1>{{ index site.Data.names .Title }}</h1><ul>{{ range .Pages }}"
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>'
    )
    for name in ("list.html", "taxonomy.html", "home.html"):
        (layouts / name).write_text(head + "<h1>{{ .Title }}</h1></body></html>")


def median(values: list[float]) -> float:
    """The median, or the only value."""
    return statistics.median(values)


def bench_size(papers: int, runs: int, hugo: bool, serve: bool, search: bool) -> dict[str, object]:
    """Every scenario for one corpus size."""
    site, out = WORK / f"site-{papers}", WORK / f"out-{papers}"
    started = time.perf_counter()
    counts = generate(site, papers, search=search)
    print(f"\n{papers} papers: corpus of {counts} written in {time.perf_counter() - started:.1f} s")
    result: dict[str, object] = {"papers": papers, "search": search, **counts}
    full, memory = [], []
    for _ in range(runs):  # clean: no output and no cache from an earlier build
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(site / ".readinglist-cache", ignore_errors=True)
        seconds, mib, _ = timed(build_command(site, out))
        full.append(seconds)
        memory.append(mib)
    pages = count_pages(out)
    result.update(pages=pages, full=median(full), full_memory=max(memory),
                  pages_per_second=pages / median(full))  # fmt: skip
    print(f"  full build: {median(full):.2f} s, {pages} pages, {pages / median(full):.0f} pages/s, "
          f"peak {max(memory)} MiB")  # fmt: skip
    floors = [json.loads(timed([sys.executable, str(HERE / "floor.py"), str(site), str(out)])[2])
              for _ in range(runs)]  # fmt: skip
    result.update(floor_read=median([f["read"] for f in floors]),
                  floor_write=median([f["write"] for f in floors]))  # fmt: skip
    result["floor"] = float(result["floor_read"]) + float(result["floor_write"])
    print(f"  floor: reading the corpus {result['floor_read']:.2f} s + writing the "
          f"{floors[0]['files']} files of the site {result['floor_write']:.2f} s")  # fmt: skip
    scenarios = {
        "noop": lambda n: None,
        "one_paper": lambda n: touch_paper(site, n),
        "shared_author": lambda n: touch_shared_author(site, n),
    }
    for name, edit in scenarios.items():
        times = []
        for n in range(runs):
            edit(n)
            seconds, _, _ = timed(build_command(site, out))
            times.append(seconds)
        result[name] = median(times)
        print(f"  {name.replace('_', ' ')} rebuild: {median(times):.2f} s")
    if serve:
        result["serve_one_paper"], result["serve_settled"] = serve_latency(site, out, runs)
        print(f"  serve, save -> page on disk: {result['serve_one_paper'] * 1000:.0f} ms; "
              f"-> rebuild done: {result['serve_settled']:.2f} s")  # fmt: skip
    if hugo and shutil.which("hugo"):
        hugo_dir = WORK / f"hugo-{papers}"
        hugo_site(site, hugo_dir)
        times = []
        for _ in range(runs):
            shutil.rmtree(hugo_dir / "public", ignore_errors=True)
            seconds, mib, _ = timed(
                ["hugo", "--quiet", "-s", str(hugo_dir), "-d", str(hugo_dir / "public")]
            )
            times.append(seconds)
        hugo_pages = count_pages(hugo_dir / "public")
        result.update(hugo=median(times), hugo_memory=mib, hugo_pages=hugo_pages,
                      ratio=median(full) / median(times),
                      floor_ratio=float(result["floor"]) / median(times))  # fmt: skip
        print(f"  hugo: {median(times):.2f} s, {hugo_pages} pages, peak {mib} MiB; "
              f"ours / hugo = {median(full) / median(times):.2f}; "
              f"floor / hugo = {result['floor_ratio']:.2f}")  # fmt: skip
    return result


def serve_latency(site: Path, out: Path, runs: int) -> tuple[float, float]:
    """Seconds from saving a paper file in `serve` until its page on disk shows the edit, and
    until serve's rebuild of every other page is done (medians). Each save is made while
    serve is idle, as an editor saves after reading the page."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--site", str(site), "--out", str(out),
         "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    rebuilt = threading.Semaphore(0)  # released at each "Rebuilt in" serve prints

    def read_log() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            if line.startswith("Rebuilt in"):
                rebuilt.release()

    threading.Thread(target=read_log, daemon=True).start()
    try:
        if not rebuilt.acquire(timeout=1800):  # the first, full build
            raise SystemExit("serve did not build within 30 minutes")
        paper = sorted((site / "content/papers").iterdir())[0]
        page = out / "papers" / paper.stem / "index.html"
        shown, settled = [], []
        for n in range(runs):
            marker = f"serve-edit-{n}-{time.time_ns()}"
            text = paper.read_text(encoding="utf-8")
            started = time.perf_counter()
            paper.write_text(re.sub(r'^title: "(.*?)"', f'title: "{marker}"', text, count=1,
                                    flags=re.M), encoding="utf-8")  # fmt: skip
            while marker not in (page.read_text(encoding="utf-8") if page.exists() else ""):
                if time.perf_counter() - started > 600:
                    raise SystemExit("serve did not rebuild within 10 minutes")
                time.sleep(0.002)
            shown.append(time.perf_counter() - started)
            if not rebuilt.acquire(timeout=1800):
                raise SystemExit("serve did not finish its rebuild within 30 minutes")
            settled.append(time.perf_counter() - started)
        return median(shown), median(settled)
    finally:
        process.terminate()
        process.wait(timeout=30)


def machine() -> str:
    """The machine, as the results file records it."""
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"model name\s*:\s*(.*)", cpuinfo.read_text())
        cpu = match.group(1) if match else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        match = re.search(r"MemTotal:\s*(\d+)", meminfo.read_text())
        memory = f", {int(match.group(1)) // 1024 // 1024} GiB" if match else ""
    hugo = "Hugo not installed"
    if shutil.which("hugo"):
        hugo = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip()
    return (f"{platform.node()}: {cpu}, {os.cpu_count()} cores{memory}; Python "
            f"{platform.python_version()}; {hugo}")  # fmt: skip


def record(results: list[dict[str, object]], command: str) -> None:
    """Append a results table to bench/RESULTS.md."""
    lines = [f"\n## {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC\n", f"Machine: {machine()}  ",
             f"Command: `{command}`\n",
             "| papers | authors | HTML pages | full build s | pages/s | peak MiB | no-op s | "
             "one paper s | shared author s | serve save→page ms | serve save→rebuilt s | Hugo s | "
             "ours/Hugo | floor s | floor/Hugo |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for r in results:

        def cell(key: str, scale: float = 1, fmt: str = "{:.2f}", r: dict[str, object] = r) -> str:
            value = r.get(key)
            return fmt.format(float(value) * scale) if isinstance(value, int | float) else "–"

        lines.append(
            f"| {r['papers']}{' +search' if r.get('search') else ''} | {r['authors']} | {r['pages']} | {cell('full')} | "
            f"{cell('pages_per_second', fmt='{:.0f}')} | {r['full_memory']} | {cell('noop')} | "
            f"{cell('one_paper')} | {cell('shared_author')} | "
            f"{cell('serve_one_paper', 1000, '{:.0f}')} | {cell('serve_settled')} | "
            f"{cell('hugo')} | {cell('ratio')} | {cell('floor')} | {cell('floor_ratio')} |"
        )
    with (HERE / "RESULTS.md").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument(
        "--serve", action="store_true", help="also measure serve's save-to-disk time"
    )
    parser.add_argument("--record", action="store_true", help="append to bench/RESULTS.md")
    parser.add_argument("--search", action="store_true", help="build the search index too")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    results = [
        bench_size(n, args.runs, not args.no_hugo, args.serve, args.search) for n in args.sizes
    ]
    if args.record:
        record(results, "python " + " ".join(sys.argv))


if __name__ == "__main__":
    main()

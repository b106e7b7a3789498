"""Hostile and careless input (issue 15, "Trust"): links out of the site, editors' lock files,
impossible dates, odd years, values that would break an export, messages that quote too much or
do not say what to fix. Each either fails at `path:line` with what to do, or builds well-formed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.model.records import Author, Paper
from generator.site.cite import ris
from generator.site.meta import xml_text

from .conftest import ONE_PAPER, Run, write_tree

Site = Callable[..., Path]
Cli = Callable[..., Run]

AUTHOR = "name: Ada Lovelace\nfamily: Lovelace\ngiven: Ada\n"
SECRET = "SECRET-VALUE-FROM-OUTSIDE"
LOCATED = re.compile(r"^(content/\S+|site\.yaml):\d+: ", re.MULTILINE)


def no_traceback(run: Run) -> None:
    assert "Traceback" not in run.err + run.out, run.err


# --- 3. links out of the site, editors' lock and backup files ------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the site, standing for /etc or /proc: nothing in it may be published."""
    folder = tmp_path / "outside"
    write_tree(
        folder,
        {
            "env.txt": f"{SECRET}\n",
            "paper.yaml": f"title: {SECRET}\nauthors: [ada]\nyear: 2020\n",
            "robots.txt": f"{SECRET}\n",
        },
    )
    return folder


def test_a_static_link_to_a_file_outside_the_site_is_skipped_with_a_warning(
    cli: Cli, site: Site, outside: Path, tmp_path: Path
) -> None:
    root = site(ONE_PAPER)
    (root / "static").mkdir()
    (root / "static/env.txt").symlink_to(outside / "env.txt")
    (root / "static/environ.txt").symlink_to("/proc/self/environ")
    run = cli("build", "--site", root, "--out", tmp_path / "out")
    no_traceback(run)
    assert run.code == 0, run.err
    assert "static/env.txt: warning: skipped a link to a file outside the site" in run.err
    assert "static/environ.txt: warning: skipped a link to a file outside the site" in run.err
    assert not (tmp_path / "out/env.txt").exists()
    assert not (tmp_path / "out/environ.txt").exists()
    check = cli("check", "--site", root)
    assert check.code == 0 and "static/env.txt: warning: skipped a link" in check.err


def test_a_template_link_outside_the_site_is_refused(
    cli: Cli, site: Site, outside: Path, tmp_path: Path
) -> None:
    root = site(ONE_PAPER)
    (root / "templates").mkdir()
    (root / "templates/robots.txt").symlink_to(outside / "robots.txt")
    (root / "templates/base.html").symlink_to("/etc/passwd")
    run = cli("build", "--site", root, "--out", tmp_path / "out")
    no_traceback(run)
    assert run.code == 0, run.err
    assert "templates/robots.txt: warning: skipped a link to a file outside the site" in run.err
    assert "templates/base.html: warning: skipped a link to a file outside the site" in run.err
    published = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in (tmp_path / "out").rglob("*")
        if p.is_file()
    )
    assert SECRET not in published and "root:x:0" not in published
    assert "Sitemap:" in (tmp_path / "out/robots.txt").read_text(encoding="utf-8")  # the default


def test_a_content_link_outside_the_site_is_not_read(
    cli: Cli, site: Site, outside: Path, tmp_path: Path
) -> None:
    root = site(ONE_PAPER)
    (root / "content/papers/leak.yaml").symlink_to(outside / "paper.yaml")
    (root / "content/papers/passwd.yaml").symlink_to("/etc/passwd")
    check = cli("check", "--site", root)
    no_traceback(check)
    assert check.code == 0, check.err
    assert "content/papers/leak.yaml: warning: skipped a link to a file outside the site" in (
        check.err
    )
    assert "content/papers/passwd.yaml: warning: skipped a link" in check.err
    assert SECRET not in check.err and "root:x:0" not in check.err
    run = cli("build", "--site", root, "--out", tmp_path / "out")
    assert run.code == 0, run.err
    assert not (tmp_path / "out/papers/leak").exists()


def test_links_inside_the_site_are_followed(cli: Cli, site: Site, tmp_path: Path) -> None:
    root = site(
        {
            **ONE_PAPER,
            "shared/other.yaml": "title: Shared paper\nauthors: [ada]\nyear: 1844\n",
            "shared/extra.css": "body { color: black }\n",
            "shared/robots.txt": "User-agent: *\n",
        }
    )
    (root / "content/papers/other.yaml").symlink_to(root / "shared/other.yaml")
    (root / "static").mkdir()
    (root / "static/extra.css").symlink_to("../shared/extra.css")
    (root / "templates").mkdir()
    (root / "templates/robots.txt").symlink_to(root / "shared/robots.txt")
    run = cli("build", "--site", root, "--out", tmp_path / "out")
    assert run.code == 0, run.err
    assert "skipped a link" not in run.err
    assert (tmp_path / "out/papers/other/index.html").is_file()
    assert (tmp_path / "out/extra.css").read_text(encoding="utf-8") == "body { color: black }\n"
    assert (tmp_path / "out/robots.txt").read_text(encoding="utf-8") == "User-agent: *\n"


def test_editor_lock_and_backup_files_are_ignored(cli: Cli, site: Site, tmp_path: Path) -> None:
    root = site(
        {
            **ONE_PAPER,
            "static/style.css": "body {}\n",
            "templates/robots.txt": "ok\n",
            "content/papers/#notes.yaml#": "title: [broken\n",
            "content/papers/.notes.yaml.swp": "\0\0binary",
            "content/papers/.hidden.yaml": "title: [broken\n",
            "content/papers/.#notes.yaml": "user@host.1234:1700000000",
            "static/style.css~": "old\n",
            "static/#style.css#": "autosave\n",
            "static/.style.css.swp": "swap\n",
            "static/.#style.css": "lock\n",
            "templates/robots.txt~": "old\n",
            "templates/.#robots.txt": "lock\n",
        }
    )
    check = cli("check", "--site", root)
    no_traceback(check)
    assert check.code == 0 and "0 errors, 0 warnings" in check.out, check.err
    run = cli("build", "--site", root, "--out", tmp_path / "out")
    no_traceback(run)
    assert run.code == 0, run.err
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert "style.css" in names
    assert not names & {"style.css~", "#style.css#", ".style.css.swp", ".#style.css"}


def emacs_locks(root: Path) -> None:
    """What Emacs leaves beside a file being edited: a link to nothing."""
    for folder in ("content/papers", "static", "templates"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / ".#notes.yaml").symlink_to("user@host.1234:1700000000")


def test_a_dangling_lock_file_does_not_trouble_check(cli: Cli, site: Site) -> None:
    root = site(ONE_PAPER)
    emacs_locks(root)
    check = cli("check", "--site", root)
    no_traceback(check)
    assert check.code == 0 and "0 errors, 0 warnings" in check.out, check.err


def test_a_dangling_lock_file_does_not_crash_build(cli: Cli, site: Site, tmp_path: Path) -> None:
    root = site(ONE_PAPER)
    emacs_locks(root)
    run = cli("build", "--site", root, "--out", tmp_path / "out")
    no_traceback(run)
    assert run.code == 0, run.err


# --- 7. impossible dates and odd years -------------------------------------------------------

BAD_VALUES = [
    ("added: 2026-13-01", "added: 2026-13-01 is not a date", "YYYY-MM-DD"),
    ("added: 2026-02-30", "added: 2026-02-30 is not a date", "YYYY-MM-DD"),
    ("added: 0000-01-01", "added: 0000-01-01 is not a date", "YYYY-MM-DD"),
    ("year: 19:50", "year: write the year as four digits, such as 2019", "19:50"),
    ("year: 0x7B2", "year: write the year as four digits, such as 2019", "0x7B2"),
    ("year: 03662", "year: write the year as four digits, such as 2019", "03662"),
    ("year: 1_970", "year: write the year as four digits, such as 2019", "1_970"),
    ("year: +1970", "year: write the year as four digits, such as 2019", "+1970"),
]


@pytest.mark.parametrize(("line", "message", "quoted"), BAD_VALUES)
def test_impossible_dates_and_odd_years_are_errors_at_their_line(
    cli: Cli, site: Site, tmp_path: Path, line: str, message: str, quoted: str
) -> None:
    key = line.split(":")[0]
    paper = "title: Notes\nauthors: [ada]\nyear: 1843\n".replace("year: 1843\n", "")
    paper += line + "\n" + ("year: 1843\n" if key != "year" else "")
    root = site({"content/authors/ada.yaml": AUTHOR, "content/papers/notes.yaml": paper})
    for args in (("check",), ("build", "--out", tmp_path / "out")):
        run = cli(*args, "--site", root)
        no_traceback(run)
        assert run.code == 1, run.err
        found = [m for m in run.err.splitlines() if m.startswith("content/papers/notes.yaml:3: ")]
        assert found and message in found[0] and quoted in found[0], run.err


@pytest.mark.parametrize("date", ["2026-13-01", "2026-02-30"])
def test_an_impossible_date_in_a_list_does_not_crash_new_or_import(
    cli: Cli, site: Site, tmp_path: Path, date: str
) -> None:
    root = site(
        {
            **ONE_PAPER,
            "content/lists/l.yaml": f"title: L\ncurator: C\nentries:\n"
            f"  - paper: notes\n    added: {date}\n",
        }
    )
    bib = write_tree(tmp_path, {"refs.bib": "@misc{a, title={A new paper}, year={2020}}\n"})
    runs = [
        cli("new", "paper", "--site", root, "--title", "Other", "--author", "Lovelace, Ada"),
        cli("import", "--site", root, bib / "refs.bib"),
        cli("check", "--site", root),
    ]
    for run in runs:
        no_traceback(run)
        assert run.code == 1, run.err
        assert f"content/lists/l.yaml:5: added: {date} is not a date" in run.err


def test_site_settings_take_plain_decimal_numbers_only(cli: Cli, site: Site) -> None:
    root = site({"site.yaml": "title: T\nbase_url: https://example.org/\nrecent: 0x10\n"})
    run = cli("check", "--site", root)
    no_traceback(run)
    assert run.code == 1
    assert "site.yaml:3: recent: write a whole number such as 10" in run.err


def test_a_date_spelled_as_text_is_kept_as_text(site: Site, cli: Cli) -> None:
    root = site({**ONE_PAPER, "content/papers/notes.yaml": "title: 2026-02-30\nauthors: [ada]\n"
                 "year: 1843\n"})  # fmt: skip
    run = cli("check", "--site", root)
    assert run.code == 0, run.err


# --- 8. messages quote at most a line --------------------------------------------------------


def test_a_message_quotes_at_most_one_short_line_of_content(cli: Cli, site: Site) -> None:
    garbage = "".join(f"line {n} of garbage that goes on and on and on\n" for n in range(5000))
    root = site({**ONE_PAPER, "content/papers/garbage.yaml": garbage,
                 "content/papers/key.yaml": "x" * 5000 + ": 1\n",
                 "content/papers/long.yaml": "title: T\nauthors: [ada]\nyear: 1843\n"
                 f"url: {'y' * 5000}\n"})  # fmt: skip
    run = cli("check", "--site", root)
    no_traceback(run)
    assert run.code == 1
    lines = run.err.splitlines()
    assert len(lines) == 3, lines
    for line in lines:
        assert len(line) < 300, line
        assert "…" in line
    assert len(run.err) < 1000


def test_control_characters_are_not_echoed_to_the_terminal(cli: Cli, site: Site) -> None:
    root = site({**ONE_PAPER, "content/papers/notes.yaml": 'title: Notes\nauthors: [ada]\n'
                 'year: 1843\nstatus: "\\e[31mred"\n'})  # fmt: skip
    run = cli("check", "--site", root)
    assert run.code == 1 and "\x1b" not in run.err


# --- 9. messages that say what to fix --------------------------------------------------------


def test_an_unquoted_colon_in_a_title_says_to_quote_the_value(cli: Cli, site: Site) -> None:
    title = "BERT: Pre-training of Deep Bidirectional Transformers"
    root = site({**ONE_PAPER, "content/papers/bert.yaml": f"title: {title}\nauthors: [ada]\n"
                 "year: 2019\n"})  # fmt: skip
    run = cli("check", "--site", root)
    no_traceback(run)
    assert run.code == 1
    [line] = [m for m in run.err.splitlines() if m.startswith("content/papers/bert.yaml:1: ")]
    assert "put the value in quotes" in line
    assert f'title: "{title}"' in line


@pytest.mark.parametrize(
    ("field", "suggested"),
    [
        ("journaltitle", "journal"),  # journal and booktitle are fields since issue 13
        ("proceedings", "booktitle"),
        ("conference", "venue"),
        ("issue", "number"),
        ("keywords", "tags"),
        ("link", "url"),
        ("date", "year"),
        ("autors", "authors"),
        ("titel", "title"),
        ("eprint", "arxiv"),
        ("summary", "abstract"),
    ],
)
def test_an_unknown_field_suggests_the_field_that_means_it(
    cli: Cli, site: Site, field: str, suggested: str
) -> None:
    root = site({**ONE_PAPER, "content/papers/notes.yaml": "title: Notes\nauthors: [ada]\n"
                 f"year: 1843\n{field}: x\n"})  # fmt: skip
    run = cli("check", "--site", root)
    assert run.code == 1
    assert f"content/papers/notes.yaml:4: unknown field '{field}'; " in run.err
    assert f"'{suggested}'" in run.err


@pytest.mark.parametrize("field", ["lccn", "colour", "zzz"])
def test_a_field_with_no_counterpart_suggests_nothing_misleading(
    cli: Cli, site: Site, field: str
) -> None:
    root = site({**ONE_PAPER, "content/papers/notes.yaml": "title: Notes\nauthors: [ada]\n"
                 f"year: 1843\n{field}: x\n"})  # fmt: skip
    run = cli("check", "--site", root)
    assert run.code == 1
    [line] = [m for m in run.err.splitlines() if f"unknown field '{field}'" in m]
    assert "did you mean" not in line and "remove" in line


def test_an_author_link_at_the_top_level_says_to_move_it_under_links(cli: Cli, site: Site) -> None:
    root = site({**ONE_PAPER, "content/authors/ada.yaml": AUTHOR + "homepage: https://a.org/\n"})
    run = cli("check", "--site", root)
    assert "content/authors/ada.yaml:4: unknown field 'homepage'; put it under 'links:'" in run.err


def test_an_unknown_author_suggests_the_nearest_id(cli: Cli, site: Site) -> None:
    root = site({"content/authors/ada-lovelace.yaml": AUTHOR,
                 "content/papers/notes.yaml": "title: Notes\nauthors: [ada-lovelac]\nyear: 1843\n"})  # fmt: skip
    run = cli("check", "--site", root)
    assert run.code == 1
    assert "content/papers/notes.yaml:2: unknown author 'ada-lovelac'" in run.err
    assert "did you mean 'ada-lovelace'?" in run.err


@pytest.mark.parametrize(
    ("extra", "line", "what"),
    [
        ("arxiv: 1810.04805\n", 4, "arXiv id"),
        ("doi: 10.1000/xyz\n", 4, "DOI"),
        ("", 1, "title"),
    ],
)
def test_check_and_build_agree_on_duplicate_papers(
    cli: Cli, site: Site, tmp_path: Path, extra: str, line: int, what: str
) -> None:
    root = site({**ONE_PAPER,
                 "content/papers/a.yaml": f"title: One paper\nauthors: [ada]\nyear: 2019\n{extra}",
                 "content/papers/b.yaml": ("title: Another paper\n" if extra else "title: ONE  paper!\n")
                 + f"authors: [ada]\nyear: 2019\n{extra}"})  # fmt: skip
    message = f"content/papers/b.yaml:{line}: the same {what} as content/papers/a.yaml"
    check = cli("check", "--site", root)
    assert check.code == 1 and check.err.count(message) == 1, check.err
    assert "1 error, 0 warnings" in check.out
    run = cli("build", "--site", root, "--out", tmp_path / "out")
    assert run.code == 1 and message in run.err, run.err
    assert not (tmp_path / "out").exists()


def test_counts_are_singular_for_one(cli: Cli, site: Site, tmp_path: Path) -> None:
    root = site({**ONE_PAPER, "content/lists/l.yaml": "title: L\ncurator: C\nentries:\n"
                 "  - paper: notes\n", "content/papers/half.yaml": "title: Half\n"
                 "needs_metadata: true\n"})  # fmt: skip
    check = cli("check", "--site", root)
    assert "2 papers, 1 author, 1 list: 0 errors, 1 warning" in check.out, check.out
    run = cli("build", "--site", root, "--out", tmp_path / "out")
    assert run.code == 0
    author = (tmp_path / "out/authors/ada/index.html").read_text(encoding="utf-8")
    rlist = (tmp_path / "out/lists/l/index.html").read_text(encoding="utf-8")
    for page in (author, rlist):
        assert "All 1 " not in page and "1 papers" not in page
        assert "This paper as" in page


# --- 11. values that would break an export -------------------------------------------------

INJECTION = "Evil\nER  - \n\nTY  - JOUR\nTI  - Injected\nUR  - https://evil.example/\nER  - "
HOSTILE_VALUES = [
    INJECTION,
    "a\rb",
    "tab\there",
    "bell\b",
    "vt\v",
    "ff\f",
    "esc\x1b[31m",
    "nul\x00",
    "del\x7f",
    "nel\x85",
    "ls\u2028",
    "nonchar\ufffe",
    "nonchar\uffff",
    "nonchar\ufdd0",
    "lone\ud800",
    'en"><script>alert(1)</script>',
    "x" * 40,
]
# (file, YAML with a {} where the value goes, the field's name in messages)
FIELDS = [
    ("content/papers/notes.yaml", "title: {}\nauthors: [ada]\nyear: 1843\n", "title"),
    ("content/papers/notes.yaml", "title: T\nauthors: [ada]\nyear: 1843\nvenue: {}\n", "venue"),
    ("content/papers/notes.yaml", "title: T\nauthors: [ada]\nyear: 1843\ntags: [{}]\n", "tags"),
    (
        "content/papers/notes.yaml",
        "title: T\nauthors: [ada]\nyear: 1843\nabstract: {}\n",
        "abstract",
    ),
    ("content/papers/notes.yaml", "title: T\nauthors: [ada]\nyear: 1843\nurl: {}\n", "url"),
    ("content/papers/notes.yaml", "title: T\nauthors: [ada]\nyear: 1843\ndoi: {}\n", "doi"),
    ("content/authors/ada.yaml", "name: {}\nfamily: Lovelace\ngiven: Ada\n", "name"),
    ("content/authors/ada.yaml", "name: Ada\nfamily: {}\ngiven: Ada\n", "family"),
    ("content/authors/ada.yaml", "name: Ada\nfamily: Lovelace\ngiven: {}\n", "given"),
    ("content/authors/ada.yaml", "name: Ada\nfamily: L\naliases: [{}]\n", "aliases"),
    ("content/authors/ada.yaml", "name: Ada\nfamily: L\nlinks:\n  orcid: {}\n", "orcid"),
    ("content/lists/l.yaml", "title: {}\ncurator: C\nentries: [{{paper: notes}}]\n", "title"),
    ("content/lists/l.yaml", "title: L\ncurator: {}\nentries: [{{paper: notes}}]\n", "curator"),
    (
        "content/lists/l.yaml",
        "title: L\ncurator: C\ndescription: {}\nentries: [{{paper: notes}}]\n",
        "description",
    ),
    (
        "content/lists/l.yaml",
        "title: L\ncurator: C\nentries:\n  - paper: notes\n    note: {}\n",
        "note",
    ),
    ("site.yaml", "title: {}\nbase_url: https://example.org/\nsearch: false\n", "title"),
    (
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nsearch: false\nauthor: {}\n",
        "author",
    ),
    (
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nsearch: false\ndescription: {}\n",
        "description",
    ),
    (
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nsearch: false\nlanguage: {}\n",
        "language",
    ),
]
SITE_NO_SEARCH = "title: T\nbase_url: https://example.org/\nsearch: false\n"


RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  -( .*)?$")


def well_formed(out: Path) -> None:
    """Every RIS record is one TY ... ER; every XML file parses strictly."""
    for path in out.rglob("*.ris"):
        text = path.read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if line]  # any break a reader splits on
        assert all(RIS_LINE.match(line) for line in lines), (path, lines)
        heads = "".join(
            "<" if line[:2] == "TY" else ">" for line in lines if line[:2] in ("TY", "ER")
        )
        assert heads and heads == "<>" * (len(heads) // 2), (path, heads)
        assert "Injected" not in [line[6:] for line in lines if line.startswith("TI  - ")]
    for path in out.rglob("*.xml"):
        ET.parse(path)


def test_hostile_values_in_every_field_are_errors_or_harmless(
    cli: Cli, site: Site, tmp_path: Path
) -> None:
    built = 0
    for n, value in enumerate(HOSTILE_VALUES):
        for path, text, name in FIELDS:
            root = tmp_path / f"s{n}-{name}-{path.split('/')[-1]}"
            files = {"site.yaml": SITE_NO_SEARCH, **ONE_PAPER,
                     "content/lists/l.yaml": "title: L\ncurator: C\nentries: [{paper: notes}]\n"}  # fmt: skip
            files[path] = text.format(json.dumps(value))
            write_tree(root, files)
            check = cli("check", "--site", root)
            no_traceback(check)
            if check.code:
                errors = [m for m in check.err.splitlines() if LOCATED.match(m)]
                assert errors, (value, path, name, check.err)
                assert any(f"{name}:" in m or "(YAML syntax)" in m for m in errors), (
                    value,
                    name,
                    errors,
                )
                assert not any(c in check.err for c in "\x1b\x00\b\v\f\x85\u2028"), check.err
                continue
            run = cli("build", "--site", root, "--out", root / "_site")
            no_traceback(run)
            assert run.code == 0, (value, path, run.err)
            well_formed(root / "_site")
            built += 1
    assert built >= len(FIELDS)  # the harmless values (quotes, a long text) build


def test_the_language_is_a_language_tag(cli: Cli, site: Site, tmp_path: Path) -> None:
    for language in ('en"><script>', "x" * 33, "english language", "e", "en-"):
        root = site({"site.yaml": SITE_NO_SEARCH + f"language: '{language}'\n", **ONE_PAPER})
        run = cli("check", "--site", root)
        assert run.code == 1, language
        assert "site.yaml:4: language: " in run.err and "such as en or pt-BR" in run.err
    root = site({"site.yaml": SITE_NO_SEARCH.replace("false", "true") + "language: pt-BR\n",
                 **ONE_PAPER})  # fmt: skip
    run = cli("build", "--site", root, "--out", tmp_path / "out")
    assert run.code == 0, run.err
    assert (tmp_path / "out/pagefind/pagefind-entry.json").is_file()


def test_writers_never_emit_a_raw_line_break_or_an_xml_invalid_character() -> None:
    """The second line of defence, for records made in code rather than read from files."""
    evil = INJECTION + "\b\v\f\x1b\x00\ufffe\uffff\ud800\x85\u2028"
    author = Author("evil", name=evil, family=evil, given=evil)
    paper = Paper(
        "p",
        title=evil,
        authors=("evil",),
        year=2020,
        venue=evil,
        url="https://example.org/" + evil,
        tags=(evil, evil),
        abstract=evil + "\n\nSecond paragraph",
        added=dt.date(2020, 1, 1),
    )
    text = ris(paper, "key", {"evil": author})
    lines = text.splitlines()
    assert len(text.split("\n")) == len(lines) + 1  # no line break but the writer's own
    assert [line[:2] for line in lines].count("TY") == 1
    assert [line[:2] for line in lines].count("ER") == 1
    assert all(re.match(r"[A-Z][A-Z0-9]  -( |$)", line) for line in lines), lines
    cleaned = xml_text(evil)
    ET.fromstring(f"<a>{cleaned.replace('&', '&amp;').replace('<', '&lt;')}</a>")
    assert "Evil" in cleaned and "\x1b" not in cleaned


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_the_package_default_templates_still_load(cli: Cli, site: Site, tmp_path: Path) -> None:
    root = site(ONE_PAPER)  # no templates/ of its own: every page comes from the defaults
    run = cli("build", "--site", root, "--out", tmp_path / "out")
    assert run.code == 0, run.err
    assert "skipped a link" not in run.err
    assert (tmp_path / "out/papers/notes/index.html").is_file()

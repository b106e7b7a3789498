"""The `readinglist` command: argument parsing and printing only; the work happens elsewhere."""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.base.errors import UserError
from generator.base.files import recover

if TYPE_CHECKING:
    from generator.build.pipeline import BuildReport
    from generator.editing.add import Candidate
    from generator.editing.ingest.merge import Report
    from generator.model.records import Paper

# Each command imports what it needs when it runs: `build` on an unchanged site should not
# pay for loading the importer, the renderer and their libraries (a third of a second).


def _n(count: int, noun: str) -> str:
    """'1 error', '2 errors': a count with its noun, singular for one."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def cmd_init(args: argparse.Namespace) -> int:
    """Create an empty site."""
    from generator.editing.scaffold import init_site

    folder = Path(args.dir)
    for path in init_site(folder, title=args.title):
        print(f"kept {path} as it was")
    print(
        f"Created a new site in {folder}/ — add papers with 'readinglist import FILE' "
        f"(run inside {folder}/ or pass --site {folder})"
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import publication lists and reading lists into content/."""
    from generator.editing.ingest.importer import import_files

    site = Path(args.site)
    result = import_files(site, [Path(f) for f in args.files], args.added, args.list or "")
    print_report(result.report, len(result.written), verbose=args.verbose)
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    """Add papers by identifier: arXiv id, DOI, ISBN, OpenReview/ACL/Semantic Scholar link."""
    from generator.editing.add import add_papers

    site = Path(args.site)
    result = add_papers(
        site,
        args.ids,
        args.added,
        list_id=args.list or "",
        status=args.status or "",
        note=args.note or "",
    )
    for identifier, paper_id in zip(args.ids, result.papers, strict=True):
        verb = "completed" if paper_id in result.report.papers_completed else "added"
        print(f"{identifier}: {verb} {paper_id}")
    for paper_id, authors in result.authors.items():
        known = [a for a, old in authors if old]
        new = [a for a, old in authors if not old]
        if known:
            print(f"  {paper_id}: matched {_n(len(known), 'known author')}: {', '.join(known)}")
        if new:
            print(f"  {paper_id}: created {_n(len(new), 'author')}: {', '.join(new)}")
    print_report(result.report, len(result.written), verbose=args.verbose)
    for path in result.written:
        print(f"  wrote {path.relative_to(site) if path.is_relative_to(site) else path}")
    return 0


def cmd_complete(args: argparse.Namespace) -> int:
    """Fill in papers marked needs_metadata from the sources."""
    from generator.editing.add import complete_papers

    site = Path(args.site)
    interactive = args.pick is None and sys.stdin.isatty() and sys.stdout.isatty()
    result = complete_papers(
        site,
        args.papers,
        args.added,
        pick=args.pick,
        choose=_ask_candidate if interactive else None,
    )
    if not result.outcomes:
        print("No paper is marked needs_metadata: nothing to complete")
    for outcome in result.outcomes:
        if not interactive or outcome.chosen is not None:
            _show_candidates(outcome.paper, outcome.candidates)
        done = outcome.chosen is not None
        print(f"{outcome.paper}: {'completed' if done else 'left as it is'}: {outcome.reason}")
    if result.report is not None:
        print_report(result.report, len(result.written), verbose=False)
    return 0


def _show_candidates(paper: str, candidates: Sequence[Candidate]) -> None:
    if candidates:
        print(f"{paper}: {_n(len(candidates), 'candidate')} (abstract / title similarity)")
    for number, candidate in enumerate(candidates, start=1):
        found = candidate.paper
        first = found.authors[0].display if found.authors else "?"
        more = " et al." if len(found.authors) > 1 else ""
        where = (
            f", doi:{found.doi}" if found.doi else (f", arXiv:{found.arxiv}" if found.arxiv else "")
        )
        title = "   –" if candidate.title_score is None else f"{candidate.title_score:3.0f}%"
        print(
            f"  {number}. {candidate.abstract_score:3.0f}% / {title}  "
            f"{found.title} ({first}{more}, {found.year or '?'}{where})"
        )


def _ask_candidate(paper: Paper, candidates: Sequence[Candidate]) -> int | None:
    _show_candidates(paper.id, candidates)
    while True:
        answer = input(f"Which one is {paper.id}? [1-{len(candidates)}, Enter for none] ").strip()
        if not answer:
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(candidates):
            return int(answer) - 1


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the content; errors exit 1, warnings alone exit 0."""
    from generator.editing.checks import check_site

    content, problems = check_site(Path(args.site))
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = sum(not p.warning for p in problems)
    warnings = len(problems) - errors
    counts = ", ".join(
        _n(len(records), noun)
        for records, noun in ((content.papers, "paper"), (content.authors, "author"),
                              (content.lists, "list"))
    )  # fmt: skip
    print(f"{counts}: {_n(errors, 'error')}, {_n(warnings, 'warning')}")
    return 1 if errors else 0


def cmd_authors(args: argparse.Namespace) -> int:
    """The review list of possible same-person pairs, or a merge or split."""
    from generator.editing.authors import merge_authors, review, split_author

    site = Path(args.site)
    if args.action == "merge":
        lines = merge_authors(site, args.keep, args.others)
    elif args.action == "split":
        lines = split_author(site, args.author, args.spelling, args.paper)
    else:
        found = review(site)
        lines = [
            f"{c.a} ('{c.spelling_a}') and {c.b} ('{c.spelling_b}'): {c.reason}; "
            + (c.evidence or "nothing else links them")
            for c in found
        ]
        lines.append(
            f"{_n(len(found), 'pair')} of authors whose names fit. To make two one person: "
            "readinglist authors merge KEEP OTHER; to keep them apart for good, add the other's "
            "spelling to not_same_as in one of the files."
        )
    for line in lines:
        print(line)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """Add a paper, an author or a list; ask for the fields in a terminal when none are given."""
    from generator.editing.new import (
        DETAIL_FIELDS,
        LINK_OPTIONS,
        ask,
        ask_many,
        new_author,
        new_list,
        new_page,
        new_paper,
        parse_author,
    )

    site = Path(args.site)
    interactive = sys.stdin.isatty() and not any(
        getattr(args, name, None) for name in ("title", "author", "curator", "family")
    )
    prompt = input
    if args.kind == "paper":
        if interactive:
            args.title = ask(prompt, "Title", required=True)
            args.author = ask_many(prompt, "Authors as 'Family, Given'")
            year = ask(prompt, "Year (empty if unknown)")
            args.year = int(year) if year.isdigit() else None
            args.arxiv = ask(prompt, "arXiv id (empty if none)")
            args.doi = ask(prompt, "DOI (empty if none)")
            args.list = ask(prompt, "Add to list (a list id, empty for none)")
        outcome = new_paper(
            site,
            title=args.title or "",
            authors=args.author or [],
            year=args.year,
            arxiv=args.arxiv or "",
            doi=args.doi or "",
            list_id=args.list or "",
            today=args.added,
            editors=args.editor or [],
            et_al=args.et_al,
            month=args.month,
            details={
                spec.name: getattr(args, spec.name) or ""
                for spec in (*DETAIL_FIELDS, *LINK_OPTIONS)
            },
        )
    elif args.kind == "author":
        if interactive:
            args.author = ask(prompt, "Name as 'Family, Given'", required=True)
            args.organization = ask(prompt, "Organization? (y/N)").lower().startswith("y")
            args.orcid = ask(prompt, "ORCID (empty if none)")
            args.homepage = ask(prompt, "Homepage (empty if none)")
        family, given = parse_author(args.author or "")
        outcome = new_author(
            site,
            family=family,
            given=given,
            kind="organization" if args.organization else "person",
            orcid=args.orcid or "",
            homepage=args.homepage or "",
            not_same_as=args.not_same_as or [],
        )
    elif args.kind == "page":
        if interactive:
            args.title = ask(prompt, "Title", required=True)
        outcome = new_page(site, title=args.title or "", page_id=args.id or "", order=args.order)
    else:
        if interactive:
            args.title = ask(prompt, "Title", required=True)
            args.curator = ask(prompt, "Curator", required=True)
            args.description = ask(prompt, "Description (Markdown, may be empty)")
        outcome = new_list(
            site,
            title=args.title or "",
            curator=args.curator or "",
            description=args.description or "",
            list_id=args.id or "",
        )
    for line in outcome.lines:
        print(line)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas that content files name for editors."""
    from generator.base.files import write_files_atomically
    from generator.model.schema import schema_files

    site = Path(args.site)
    files = {site / relative: text for relative, text in schema_files().items()}
    write_files_atomically(files, root=site)  # the site's journal: every command finishes it
    for path in sorted(files):
        print(f"wrote {path}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Render the site into the output folder."""
    from generator.build.pipeline import build

    site = Path(args.site)
    out = Path(args.out) if args.out else None
    report = build(site, out, args.base_url, progress=_progress_printer(), jobs=args.jobs)
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    print(build_summary(report))
    return 0


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 1")
    return int(text)


def build_summary(report: BuildReport) -> str:
    """The one line a build ends with."""
    if not report.rendered:
        return (
            f"Nothing changed: {_n(report.pages, 'page')} in {report.out} ({report.seconds:.2f} s)"
        )
    return (
        f"Built {_n(report.pages, 'page')} into {report.out}: {report.rendered} rendered, "
        f"{_n(report.files, 'file')} written, in {report.seconds:.2f} s"
    )


def cmd_serve(args: argparse.Namespace) -> int:
    """Build, serve with livereload and rebuild on every change."""
    from generator.commands.serve import serve

    return serve(
        Path(args.site),
        args.host,
        args.port,
        Path(args.out) if args.out else None,
        args.open,
        edit=args.edit,
    )


def _progress_printer() -> Callable[[int, int], None] | None:
    """Progress on long builds, on a terminal only: a line that rewrites itself."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total >= 2000 and (done % 1000 == 0 or done == total):
            end = "\n" if done == total else ""
            print(f"\rRendered {done}/{total} pages", end=end, file=sys.stderr, flush=True)

    return show


def print_report(report: Report, written: int, *, verbose: bool) -> None:
    """The summary an import ends with."""
    out = print
    for owner in report.owners:
        out(f"Publication list of {owner}")
    out(
        f"Papers: {len(report.papers_added)} added, {len(report.papers_merged)} merged, "
        f"{len(report.papers_completed)} completed"
    )
    joined = [m for m in report.authors_merged if m.files]
    spellings = [m for m in report.authors_merged if not m.files]
    out(
        f"Authors: {len(report.authors_added)} added, {_n(len(spellings), 'spelling')} merged"
        + (f", {_n(len(joined), 'name')} in several records joined" if joined else "")
    )
    for merge in spellings:
        out(f"  merged '{merge.spelling}' into {merge.author} (like '{merge.via}'): {merge.reason}")
    for merge in joined:  # one spelling in two files, twice in one, or in one and the site
        where = " and ".join(f or "the site" for f in merge.files)
        times = f", {merge.times} times" if merge.times > 1 else ""
        out(f"  one person: '{merge.spelling}' of {where} ({merge.author}{times}): {merge.reason}")
    if report.entries_matched or report.entries_unmatched:
        out(
            f"Reading-list entries: {len(report.entries_matched)} matched, "
            f"{len(report.entries_unmatched)} unmatched"
        )
        for path, line, paper_id, score in report.entries_matched:
            out(f"  {path}:{line}: matched {paper_id} (abstract similarity {score:.0f}%)")
        for path, line, paper_id in report.entries_unmatched:
            out(
                f"  {path}:{line}: no known paper has this abstract: added {paper_id}, "
                "marked needs_metadata"
            )
    if report.skipped:
        out(
            f"Skipped {report.skipped} broken BibTeX entr{'y' if report.skipped == 1 else 'ies'} "
            "(listed on stderr); the others were imported"
        )
    if report.lists_added:
        out(f"Lists added: {', '.join(report.lists_added)}")
    if verbose:
        for name in ("papers_added", "authors_added"):
            out(f"{name.replace('_', ' ')}: {', '.join(getattr(report, name))}")
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    out(f"{_n(written, 'file')} written" if written else "Nothing changed")


def _added_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--added",
        type=_date,
        default=dt.date.today(),
        metavar="YYYY-MM-DD",
        help="date recorded as 'added' on new papers and entries (default: today)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The command line, with --help on every command."""
    parser = argparse.ArgumentParser(
        prog="readinglist",
        description="Build a cross-linked static site from a reading list or publication list.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str, run: Callable[[argparse.Namespace], int], help_text: str, site: bool = True
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        if site:
            sub.add_argument(
                "--site",
                default=".",
                metavar="DIR",
                help="the site's folder (default: the current folder)",
            )
        sub.set_defaults(run=run)
        return sub

    init = command("init", cmd_init, "Create an empty site that builds.", site=False)
    init.add_argument("dir", metavar="DIR", help="folder to create the site in")
    init.add_argument("--title", default="Reading list", help="the site's title")

    imp = command(
        "import",
        cmd_import,
        "Import publication lists and reading lists into content/, merging with what is there.",
    )
    imp.add_argument("files", nargs="+", metavar="FILE", help="files to import")
    _added_option(imp)
    imp.add_argument("--list", metavar="LIST", help="also add every imported paper to this list")
    imp.add_argument("-v", "--verbose", action="store_true", help="list every id added")

    add = command(
        "add",
        cmd_add,
        "Add papers by identifier: an arXiv id, a DOI, an ISBN, or an OpenReview, ACL Anthology "
        "or Semantic Scholar link. Metadata comes from arXiv, Crossref, DataCite, OpenAlex and "
        "Open Library; nothing is written unless every identifier is found.",
    )
    add.add_argument("ids", nargs="+", metavar="ID", help="identifiers, such as 2203.02155")
    add.add_argument("--list", metavar="LIST", help="also add the papers to this reading list")
    add.add_argument(
        "--status",
        choices=("to-read", "reading", "read"),
        help="the list entries' status (with --list; default: to-read)",
    )
    add.add_argument("--note", metavar="TEXT", help="the list entries' note (with --list)")
    _added_option(add)
    add.add_argument("-v", "--verbose", action="store_true", help="list every id added")

    complete = command(
        "complete",
        cmd_complete,
        "Fill in papers marked needs_metadata (such as abstract-only reading-list entries) "
        "from OpenAlex: a paper whose abstract matches a found work is completed; otherwise "
        "the candidates are shown (pick one with --pick N, or in a terminal, when asked).",
    )
    complete.add_argument(
        "papers", nargs="*", metavar="PAPER", help="paper ids (default: every one marked)"
    )
    complete.add_argument(
        "--pick", type=int, metavar="N", help="fill the paper in from candidate N as shown"
    )
    _added_option(complete)

    command("check", cmd_check, "Check the content: schema, references, duplicate keys.")

    new = command(
        "new",
        cmd_new,
        "Add a paper, an author, a reading list or a page by hand. In a "
        "terminal, with no flags, it asks for each field.",
    )
    kinds = new.add_subparsers(dest="kind", required=True, metavar="KIND")
    paper = kinds.add_parser("paper", help="a paper: its authors are matched to known ones")
    paper.add_argument("--title", help="the title")
    paper.add_argument(
        "--author",
        action="append",
        metavar="'FAMILY, GIVEN'",
        help="an author, in byline order; repeat for each",
    )
    paper.add_argument("--year", type=int, help="year of publication")
    paper.add_argument("--arxiv", metavar="ID", help="arXiv id, such as 2303.08774")
    paper.add_argument("--doi", help="DOI, such as 10.1000/xyz123")
    paper.add_argument("--list", metavar="LIST", help="also add the paper to this list (an id)")
    paper.add_argument(
        "--editor",
        action="append",
        metavar="'FAMILY, GIVEN'",
        help="an editor (of a book or proceedings), matched like authors; repeat for each",
    )
    paper.add_argument("--et-al", action="store_true", help="there are more authors than given")
    paper.add_argument("--month", type=int, help="month of publication, 1 to 12")
    for name, text in (  # the fields of editing/new.py's DETAIL_FIELDS and LINK_OPTIONS
        ("type", "article, conference, book, chapter, thesis, report, preprint, dataset, "
                 "software or other (default: from --journal, --booktitle, --venue, --arxiv)"),
        ("venue", "where it appeared, as shown, such as 'NeurIPS 2020'"),
        ("journal", "the journal (an article)"),
        ("booktitle", "the proceedings, or the book a chapter is in"),
        ("volume", "volume"), ("number", "issue, or a report's number"),
        ("pages", "pages, such as 436--444 or e12"), ("edition", "edition"),
        ("series", "series"), ("publisher", "publisher"),
        ("address", "place of publication"), ("school", "a thesis's university"),
        ("institution", "a report's institution"), ("organization", "organization"),
        ("howpublished", "how it was published, when nothing else says"),
        ("degree", "a thesis's degree: phd or masters"), ("isbn", "ISBN"), ("issn", "ISSN"),
        ("pmid", "PubMed id"), ("openreview", "OpenReview forum id"),
        ("acl", "ACL Anthology id, such as 2020.acl-main.1"),
        ("dblp", "DBLP key, such as conf/acl/SmithJ20"),
        ("citation_key", "your own BibTeX key, such as smith2020"),
        ("url", "another web address for the paper"), ("pdf", "the PDF's address"),
        ("code", "the code's address"), ("slides", "the slides' address"),
        ("video", "a video's address"), ("poster", "the poster's address"),
        ("project", "the project page's address"), ("data", "the data's address"),
    ):  # fmt: skip
        paper.add_argument("--" + name.replace("_", "-"), dest=name, metavar="TEXT", help=text)
    _added_option(paper)
    author = kinds.add_parser("author", help="a person or organization")
    author.add_argument("--author", metavar="'FAMILY, GIVEN'", help="the name")
    author.add_argument("--organization", action="store_true", help="an organization")
    author.add_argument("--orcid", help="ORCID iD, such as 0000-0002-1825-0097")
    author.add_argument("--homepage", metavar="URL", help="homepage address")
    author.add_argument(
        "--not-same-as",
        action="append",
        metavar="ID",
        help="an existing author id this person is NOT (a namesake)",
    )
    rlist = kinds.add_parser("list", help="a reading list")
    rlist.add_argument("--title", help="the list's title")
    rlist.add_argument("--curator", help="who keeps the list")
    rlist.add_argument("--description", help="what the list is for (Markdown)")
    rlist.add_argument("--id", help="the list's id (default: made from the title)")
    page = kinds.add_parser("page", help="a free page, such as About (Markdown)")
    page.add_argument("--title", help="the page's title")
    page.add_argument("--id", help="the page's address, /ID/ (default: made from the title)")
    page.add_argument("--order", type=int, help="its place in the navigation: lower first")
    for sub in (paper, author, rlist, page):
        sub.add_argument(
            "--site",
            default=".",
            metavar="DIR",
            help="the site's folder (default: the current folder)",
        )

    people = command(
        "authors",
        cmd_authors,
        "Review authors who may be one person, with the evidence; merge two, or split one.",
    )
    actions = people.add_subparsers(dest="action", metavar="ACTION")
    merge = actions.add_parser(
        "merge", help="merge authors into one: their papers and spellings move to KEEP"
    )
    merge.add_argument("keep", metavar="KEEP", help="the author id that stays")
    merge.add_argument("others", nargs="+", metavar="OTHER", help="author ids merged into KEEP")
    split = actions.add_parser(
        "split", help="split a spelling off an author into a new author, with the given papers"
    )
    split.add_argument("author", metavar="ID", help="the author id")
    split.add_argument("spelling", metavar="'FAMILY, GIVEN'", help="one of its aliases")
    split.add_argument(
        "--paper", action="append", default=[], metavar="PAPER", help="a paper id that moves"
    )
    for sub in (merge, split):
        sub.add_argument(
            "--site",
            default=argparse.SUPPRESS,
            metavar="DIR",
            help="the site's folder (default: the current folder)",
        )

    command(
        "schema",
        cmd_schema,
        "Write JSON Schemas for content files into DIR/schemas/, "
        "for completion and checks in editors.",
    )

    bld = command("build", cmd_build, "Render the site into a folder ready to publish.")
    bld.add_argument("--out", metavar="OUT", help="output folder (default: DIR/_site)")
    bld.add_argument(
        "--base-url",
        metavar="URL",
        help="publish address, overriding site.yaml (such as https://USER.github.io/REPO/)",
    )
    bld.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help="processes that parse and render a full build (default: one per core; 1 uses the "
        "least memory: each process holds its own copy of what it reads)",
    )

    srv = command("serve", cmd_serve, "Build and serve the site; pages reload on every save.")
    srv.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    srv.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    srv.add_argument(
        "--out",
        metavar="OUT",
        help="keep the preview in OUT (default: a folder of serve's own under "
        "DIR/.readinglist-cache/, removed when serve stops; never DIR/_site)",
    )
    srv.add_argument("--open", action="store_true", help="open the site in a web browser")
    srv.add_argument(
        "--edit",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="the editor at /_edit/, opened with the secret address serve prints (default: on "
        "when listening on 127.0.0.1 or ::1 only; --edit turns it on for any address)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; a user's mistake is reported as `path:line: message` with exit 1."""
    args = build_parser().parse_args(argv)
    # a stop request (SIGTERM, as from a process manager) ends like Ctrl-C: what is running
    # is stopped (Pagefind too) and every all-or-nothing write is undone or finished
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _interrupt) if main_thread else None
    try:
        if getattr(args, "site", None):  # first: finish or undo what a stopped command left
            recover(Path(args.site))
        code: int = args.run(args)
    except UserError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        errors = sum(not p.warning for p in exc.problems)
        # a write stopped between its renames is finished by the next command: not "nothing"
        unfinished = any("interrupted change" in p.message for p in exc.problems)
        tail = "" if unfinished else "; nothing was written"
        print(f"{errors} error{'s' if errors != 1 else ''}{tail}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    return code


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

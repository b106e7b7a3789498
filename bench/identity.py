"""Who is who, measured: author identity against curated truth, and the speed of `import`.

Quality: the evaluation set (tests/data/identity/SOURCES.md) has these parts, each imported
with the real CLI (`readinglist init` + `import`) into a temporary site of its own: "curated",
three files of tests/data/identity/; "within", three real reference lists of IEEE-style papers
(initials only: 'Li, J.' is several people within one list) imported together; "cross", the
12 real bibliographies of tests/data/bib/ imported together (the same people cited in several
of them); and one part per tests/data/identity/holdout*/ folder (held out: labelled by people
who never ran the tool, with a truth.tsv and pairs.tsv of its own). Each (file, entry, author
position) is mapped to the author id it got, and compared with truth.tsv's person labels:

- pairwise precision and recall over pairs of occurrences (precision: of the pairs put under
  one author, the share that are one person; recall: of the pairs that are one person, the
  share put under one author);
- B-cubed precision, recall and F1 (per occurrence, averaged);
- every pair of pairs.tsv (hand-labelled, one line of evidence each) checked;
- the partition of each part compared across import orders (forward, reversed, file by file);
- the worst wrong merges and splits, with their spellings.

Scores are given for all occurrences, for each part and for each truth source (acl, aligned,
hand, within, cross). Entries are mapped to papers by citation key, else by DOI, else by arXiv
id, else by title; where
several papers could be the one (a record merged into a paper that kept another record's key,
and same-titled works such as several editions or a review), only those sharing a family name
with the record, within a year and with a byline of its length are kept, and the record is
skipped (counted as not mapped) unless they all give the same authors.

Speed: a generated BibTeX file (Zipf author reuse, initials, accents, namesakes; seeded; or,
with --long, a physicist's collaboration bylines of 150-420 names; with --abstracts, an abstract
of 100-200 words to each entry, as Zotero and Scholar exports carry) is
imported into an empty site, `--runs` times per size, each in its own process under
/usr/bin/time -v for the peak resident size; medians are reported.

    .venv/bin/python bench/identity.py                       # quality only
    .venv/bin/python bench/identity.py --speed 10000 --runs 3
    .venv/bin/python bench/identity.py --speed 10000 100000 --runs 3 --record
    .venv/bin/python bench/identity.py --no-quality --long 2000 --runs 3   # collaboration bylines
    .venv/bin/python bench/identity.py --no-quality --abstracts 10000 --runs 3  # with abstracts
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from math import comb
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.editing.ingest.incoming import IncomingPaper
    from generator.model.records import Content, Paper

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "identity"
# this checkout's readinglist, run by this interpreter: a worktree or a fresh clone needs no
# .venv of its own (-P: the current folder is not on the path, PYTHONPATH is)
CLI = [sys.executable, "-P", "-m", "generator"]
CLI_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH", "")])])}  # fmt: skip
BIB = ROOT / "tests" / "data" / "bib"
# held out: labelled by helpers who never ran the tool, measured after the rules were set; a
# folder is a part once its SOURCES.md, truth.tsv and pairs.tsv are all written
HELD_OUT = tuple(
    sorted(
        p
        for p in DATA.glob("holdout*")
        if all((p / f).is_file() for f in ("truth.tsv", "pairs.tsv", "SOURCES.md"))
    )
)
FILES = ("acl-j93.bib", "namesakes.bib", "aligned.bib")
# three real reference lists of IEEE-style signal processing and communications papers (initials
# only, many Chinese family names): 'Li, J.' or 'Liu, Y.' is several people within one list
WITHIN = ("within-su.bib", "within-wang.bib", "within-xiong.bib")
# each record of namesakes.bib comes from a bibliography of its own (SOURCES.md lists the
# stored file of each): imported as one file each, as they were found, not as one file that
# would say they come from one bibliography
ONE_FILE_A_RECORD = ("namesakes.bib",)


def as_found(paths: Sequence[Path], work: Path) -> list[Path]:
    """The files to import: those of ONE_FILE_A_RECORD cut into one file per record."""
    found: list[Path] = []
    for path in paths:
        if path.name not in ONE_FILE_A_RECORD:
            found.append(path)
            continue
        folder = work / "as-found" / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        records = ["@" + r for r in path.read_text(encoding="utf-8").split("\n@")[1:]]
        for number, record in enumerate(records):
            target = folder / f"{path.stem}-{number:03d}.bib"
            target.write_text(record, encoding="utf-8")
            found.append(target)
    return found


# what a held-out folder may hold: BibTeX, CSL-JSON (truth keyed by the item's id) or RIS
BIBLIOGRAPHIES = ("*.bib", "*.json", "*.ris")


def _bibliographies(folder: Path) -> tuple[str, ...]:
    """The bibliography files of a held-out folder, by name."""
    return tuple(sorted(p.name for pattern in BIBLIOGRAPHIES for p in folder.glob(pattern)))


@dataclass(frozen=True)
class Part:
    """Files imported together into a site of their own, and scored as one part."""

    name: str
    folder: Path
    files: tuple[str, ...]


PARTS = (
    Part("curated", DATA, FILES),
    # initials under common family names within one bibliography: a part of its own, so that
    # neither its figures nor the curated ones hide the other's
    Part("within", DATA, WITHIN),
    # the real bibliographies, imported as a user would import them: all together
    Part("cross", BIB, tuple(sorted(p.name for p in BIB.glob("*.bib")))),
    *(Part(h.name, h, _bibliographies(h)) for h in HELD_OUT),
)

RECORD = ROOT / "bench" / "IDENTITY.md"

sys.path.insert(0, str(ROOT))

Occurrence = tuple[str, str, int]  # (file, key, 1-based position)
CONTENT_PROBLEMS: list[str] = []  # errors `read_content` reports on an imported site


# --- truth --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Truth:
    person: dict[Occurrence, str]
    spelling: dict[Occurrence, str]
    source: dict[Occurrence, str]
    pairs: list[dict[str, str]]
    file_of: dict[tuple[str, int], str]  # (key, position) -> file, undecided ones too


def load_truth(data: Path = DATA) -> Truth:
    person: dict[Occurrence, str] = {}
    spelling: dict[Occurrence, str] = {}
    source: dict[Occurrence, str] = {}
    named: dict[tuple[str, int], str] = {}
    pairs: list[dict[str, str]] = []
    for folder in (data, *(data / h.name for h in HELD_OUT)):
        if not (folder / "truth.tsv").is_file():
            continue
        with (folder / "truth.tsv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                occ = (row["file"], row["key"], int(row["position"]))
                if occ[1:] in named:  # pairs.tsv names occurrences by key and position alone
                    raise ValueError(f"truth.tsv: {occ[1]} {occ[2]} is in two files")
                named[occ[1:]] = occ[0]
                if ":undecided-" in row["person"]:  # whose it is is not known: not scored,
                    continue  # but a pair may say it is not someone
                person[occ] = row["person"]
                spelling[occ] = row["spelling"]
                source[occ] = row["source"]
        with (folder / "pairs.tsv").open(encoding="utf-8") as fh:
            pairs += list(csv.DictReader(fh, delimiter="\t"))
    return Truth(person, spelling, source, pairs, named)


# --- running the CLI ----------------------------------------------------------------------------


def run_cli(*args: object, timed: bool = False) -> tuple[float, int, str]:
    """Run the CLI; (seconds, peak resident KiB or 0, combined output)."""
    command = [*CLI, *map(str, args)]
    if timed and Path("/usr/bin/time").exists():
        command = ["/usr/bin/time", "-v", *command]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=CLI_ENV)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return seconds, int(peak.group(1)) if peak else 0, done.stdout + done.stderr


def import_into(site: Path, batches: Sequence[Sequence[Path]]) -> None:
    """`init` a site, then one `import` per batch of files."""
    run_cli("init", site)
    for batch in batches:
        run_cli("import", "--site", site, *batch)


def assigned(site: Path, files: Sequence[Path]) -> dict[Occurrence, str]:
    """The author id each (file, key, position) of the given BibTeX files got in the site."""
    from generator.base.names import fold
    from generator.editing.ingest.detect import read_source
    from generator.editing.ingest.merge import title_key
    from generator.model.reading import read_content

    content, problems = read_content(site)
    CONTENT_PROBLEMS.extend(f"{p.path}:{p.line}: {p.message}" for p in problems.errors)
    by_key: dict[str, list[Paper]] = defaultdict(list)
    by_doi: dict[str, list[Paper]] = defaultdict(list)
    by_arxiv: dict[str, list[Paper]] = defaultdict(list)
    by_title: dict[str, list[Paper]] = defaultdict(list)
    for paper in content.papers.values():
        key = getattr(paper, "citation_key", "")
        if key:
            by_key[key].append(paper)
        if paper.doi:
            by_doi[paper.doi.lower()].append(paper)
        if paper.arxiv:  # a preprint merged into its published version
            by_arxiv[paper.arxiv.lower()].append(paper)
        by_title[title_key(paper.title)].append(paper)
    found: dict[Occurrence, str] = {}
    for path in files:
        item_ids = _item_ids(path, title_key)
        for record in read_source(path, path.name).papers:
            candidates = (
                by_key.get(getattr(record, "citation_key", "") or "\0")
                or by_doi.get(record.doi.lower() or "\0")
                or by_arxiv.get(record.arxiv.lower() or "\0")
                or by_title.get(title_key(record.title), [])
            )
            if len(candidates) > 1:  # as the importer merges: a shared family name
                families = {fold(n.family) for n in record.authors}
                candidates = [
                    p
                    for p in candidates
                    if families
                    & {fold(content.authors[a].family) for a in p.authors if a in content.authors}
                ]
            authors = _byline(record, candidates, content)
            for position, author in enumerate(authors, 1):
                if author:
                    # a RIS record (most carry no key): its title, as truth.tsv names it; a
                    # CSL-JSON item whose id is Zotero's URI (no citation key): that id
                    key = record.citation_key or item_ids.get(title_key(record.title))
                    found[path.name, key or record.title, position] = author
    return found


def _item_ids(path: Path, title_key: Callable[[str], str]) -> dict[str, str]:
    """A CSL-JSON file's item ids by title key (titles given once only), as truth.tsv names
    its items: the importer keeps an id only when it is a citation key."""
    if path.suffix != ".json":
        return {}
    items = json.loads(path.read_text(encoding="utf-8"))
    titles = Counter(title_key(str(i.get("title", ""))) for i in items)
    return {
        title_key(str(i["title"])): str(i["id"])
        for i in items
        if i.get("title") and "id" in i and titles[title_key(str(i["title"]))] == 1
    }


def _byline(
    record: IncomingPaper, candidates: Sequence[Paper], content: Content
) -> tuple[str, ...]:
    """The author ids of the paper a record went into, position by position; () when that is
    not known: no paper, or several candidates (same key, DOI or title, a family name shared)
    that disagree. One paper with a byline of another length (a record merged into a paper
    that kept its own, longer byline: a reprint listing one of two authors): each position
    is the one author of that paper whose spellings include the record's, "" where none or
    several do."""
    if len(candidates) == 1 and len(candidates[0].authors) != len(record.authors):
        spelled = [
            [a for a in candidates[0].authors if a in content.authors
             and name.spelling in content.authors[a].aliases]
            for name in record.authors
        ]  # fmt: skip
        return tuple(ids[0] if len(ids) == 1 else "" for ids in spelled)
    if len(candidates) > 1:  # two editions, or a record merged into another record's paper
        candidates = [
            p
            for p in candidates
            if not (p.year and record.year and abs(p.year - record.year) > 1)
            and len(p.authors) == len(record.authors)
        ]
    bylines = {p.authors for p in candidates}
    if len(bylines) > 1:  # the one whose authors carry the record's spellings, in its order
        bylines = {
            authors
            for authors in bylines
            if all(
                a in content.authors and name.spelling in content.authors[a].aliases
                for a, name in zip(authors, record.authors, strict=True)
            )
        }
    if len(bylines) != 1:
        return ()
    (authors,) = bylines
    if len(authors) != len(record.authors):
        return ()
    # the same paper exported twice with its authors in another order (a scholar's list from
    # several sources): a position whose author lacks the record's spelling is the one author
    # of the paper who has it
    placed = []
    for author, name in zip(authors, record.authors, strict=True):
        if author in content.authors and name.spelling in content.authors[author].aliases:
            placed.append(author)
            continue
        having = [a for a in authors if a in content.authors
                  and name.spelling in content.authors[a].aliases]  # fmt: skip
        placed.append(having[0] if len(having) == 1 else author)
    return tuple(placed)


# --- metrics ------------------------------------------------------------------------------------


@dataclass
class Scores:
    occurrences: int
    pairwise_precision: float
    pairwise_recall: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    wrong_merges: list[tuple[int, str, list[str]]] = field(default_factory=list)
    splits: list[tuple[int, str, list[str]]] = field(default_factory=list)


def score(
    predicted: dict[Occurrence, str],
    truth: Truth,
    only: Iterable[Occurrence] | None = None,
) -> Scores:
    """Pairwise and B-cubed scores of a predicted partition against the truth labels."""
    occs = sorted(o for o in (only if only is not None else truth.person) if o in predicted)
    cells: Counter[tuple[str, str]] = Counter((predicted[o], truth.person[o]) for o in occs)
    pred_sizes: Counter[str] = Counter(predicted[o] for o in occs)
    true_sizes: Counter[str] = Counter(truth.person[o] for o in occs)
    together = sum(comb(n, 2) for n in cells.values())
    pred_pairs = sum(comb(n, 2) for n in pred_sizes.values())
    true_pairs = sum(comb(n, 2) for n in true_sizes.values())
    precision = together / pred_pairs if pred_pairs else 1.0
    recall = together / true_pairs if true_pairs else 1.0
    bp = sum(cells[predicted[o], truth.person[o]] / pred_sizes[predicted[o]] for o in occs)
    br = sum(cells[predicted[o], truth.person[o]] / true_sizes[truth.person[o]] for o in occs)
    n = len(occs) or 1
    bp, br = bp / n, br / n
    f1 = 2 * bp * br / (bp + br) if bp + br else 0.0

    # wrong merges: an author holding several people; splits: a person under several authors
    spellings: dict[tuple[str, str], set[str]] = defaultdict(set)
    for o in occs:
        spellings[predicted[o], truth.person[o]].add(truth.spelling[o])
    merges = []
    for author in pred_sizes:
        people = [(cells[author, p], p) for p in true_sizes if cells.get((author, p))]
        if len(people) > 1:
            cost = sum(a * b for (a, _), (b, _) in itertools.combinations(people, 2))
            shown = [f"{p} {sorted(spellings[author, p])} x{c}" for c, p in sorted(people)]
            merges.append((cost, author, shown))
    splits = []
    for person in true_sizes:
        authors = [(cells[a, person], a) for a in pred_sizes if cells.get((a, person))]
        if len(authors) > 1:
            cost = sum(a * b for (a, _), (b, _) in itertools.combinations(authors, 2))
            shown = [f"{a} {sorted(spellings[a, person])} x{c}" for c, a in sorted(authors)]
            splits.append((cost, person, shown))
    merges.sort(key=lambda m: (-m[0], m[1]))
    splits.sort(key=lambda s: (-s[0], s[1]))
    return Scores(len(occs), precision, recall, bp, br, f1, merges, splits)


def check_pairs(predicted: dict[Occurrence, str], truth: Truth) -> list[tuple[dict, bool]]:
    """Each hand-labelled pair with whether the import got it right."""
    file_of = truth.file_of
    results = []
    for pair in truth.pairs:
        a = (
            file_of[pair["key_a"], int(pair["position_a"])],
            pair["key_a"],
            int(pair["position_a"]),
        )
        b = (
            file_of[pair["key_b"], int(pair["position_b"])],
            pair["key_b"],
            int(pair["position_b"]),
        )
        if a not in predicted or b not in predicted:
            continue
        same = predicted[a] == predicted[b]
        results.append((pair, same == (pair["verdict"] == "same")))
    return results


def partition(predicted: dict[Occurrence, str]) -> set[frozenset[Occurrence]]:
    groups: dict[str, set[Occurrence]] = defaultdict(set)
    for occ, author in predicted.items():
        groups[author].add(occ)
    return {frozenset(g) for g in groups.values()}


@dataclass
class Evaluation:
    problems: list[str]  # what the site's own reader refuses in the imported content
    overall: Scores
    per_part: dict[str, Scores]
    per_source: dict[str, Scores]
    pairs: list[tuple[dict, bool]]
    part_of_pair: list[str]  # the part of each of `pairs`
    same_partition: dict[str, bool]  # "part: order" -> same partition as the forward import
    mapped: dict[str, int]  # per part: labelled occurrences mapped to an author
    labelled: dict[str, int]
    # every part but curated imported into one site, each scored on its own occurrences, and
    # the namesake pairs that one import joins
    together: dict[str, Scores] = field(default_factory=dict)
    together_merged: list[str] = field(default_factory=list)
    # what importing every file into that site a second time changed: its summary lines, or
    # none (a second import of the same files changes nothing)
    again: list[str] = field(default_factory=list)


def evaluate(
    parts: Sequence[Part] = PARTS, data: Path = DATA, orders: bool = True, work: Path | None = None
) -> Evaluation:
    """Import each part into a site of its own and score the result (and, with `orders`, the
    partition under other import orders); author ids are prefixed with the part's name."""
    truth = load_truth(data)
    keep = work is not None
    CONTENT_PROBLEMS.clear()
    work = work or Path(tempfile.mkdtemp(prefix="identity-eval-"))
    predicted: dict[Occurrence, str] = {}
    per_part: dict[str, Scores] = {}
    same: dict[str, bool] = {}
    mapped: dict[str, int] = {}
    labelled: dict[str, int] = {}
    part_of_file: dict[str, str] = {}
    try:
        for part in parts:
            only = {o for o in truth.person if o[0] in part.files}
            forward, others = _import_part(part, work / part.name, orders)
            per_part[part.name] = score(forward, truth, only)
            mapped[part.name] = len(forward.keys() & only)
            labelled[part.name] = len(only)
            for order, found in others.items():
                same[f"{part.name}: {order}"] = partition(found) == partition(forward)
            predicted.update({o: f"{part.name}/{a}" for o, a in forward.items()})
            part_of_file.update(dict.fromkeys(part.files, part.name))
        only = {o for o in truth.person if o[0] in part_of_file}
        sources = sorted({truth.source[o] for o in only})
        per_source = {
            s: score(predicted, truth, [o for o in only if truth.source[o] == s]) for s in sources
        }
        pairs = check_pairs(predicted, truth)
        file_of = truth.file_of
        together, together_merged, again = _together(parts, truth, work / "together")
        return Evaluation(
            sorted(set(CONTENT_PROBLEMS)),
            score(predicted, truth, only),
            per_part,
            per_source,
            pairs,
            [part_of_file[file_of[p["key_a"], int(p["position_a"])]] for p, _ in pairs],
            same,
            mapped,
            labelled,
            together,
            together_merged,
            again,
        )
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def _together(
    parts: Sequence[Part], truth: Truth, work: Path
) -> tuple[dict[str, Scores], list[str], list[str]]:
    """Every part's files but curated's (whose namesakes are one record to a file) imported
    into one site, as a site that collects many bibliographies would: each part scored on its
    own labelled occurrences there, and the labelled namesake pairs joined. Evidence from one
    part may join two people of another (a co-author by chance of the same common name).
    Then all of them imported again: what that changed (Evaluation.again)."""
    chosen = [part for part in parts if part.name != "curated"]
    paths = [part.folder / f for part in chosen for f in part.files]
    import_into(work, [paths])
    found = assigned(work, paths)
    scores = {
        part.name: score(found, truth, {o for o in truth.person if o[0] in part.files})
        for part in chosen
    }
    merged = [  # check_pairs skips the pairs of curated, which is not in this site
        f"{p['spelling_a']} [{p['key_a']}] / {p['spelling_b']} [{p['key_b']}]"
        for p, ok in check_pairs(found, truth)
        if not ok and p["verdict"] == "different"
    ]
    output = run_cli("import", "--site", work, *paths)[2]
    summary = ("Papers:", "Authors:", "Reading-list")
    again = (
        []
        if "Nothing changed" in output
        else [line for line in output.splitlines() if line.startswith(summary) or "written" in line]
    )
    return scores, merged, again


def _import_part(
    part: Part, work: Path, orders: bool
) -> tuple[dict[Occurrence, str], dict[str, dict[Occurrence, str]]]:
    """A part's files imported together (forward), and with `orders` in reverse and file by
    file in reverse: the author id of each occurrence in each."""
    paths = [part.folder / f for f in part.files]
    found = as_found(paths, work)
    import_into(work / "forward", [found])
    others: dict[str, dict[Occurrence, str]] = {}
    if orders:
        import_into(work / "reversed", [list(reversed(found))])
        others["reversed files, one import"] = assigned(work / "reversed", paths)
        import_into(work / "one-by-one", [[p] for p in reversed(found)])
        others["file by file, reversed"] = assigned(work / "one-by-one", paths)
    return assigned(work / "forward", paths), others


def report(ev: Evaluation, worst: int = 10) -> str:
    lines = [f"content problems after import: {p}" for p in ev.problems]
    lines += [
        "occurrences mapped: "
        + "; ".join(
            f"{part} {ev.mapped[part]} of {ev.labelled[part]} labelled" for part in ev.mapped
        ),
        "| set | occurrences | pairwise P | pairwise R | B3 P | B3 R | B3 F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    rows = [("all", ev.overall)]
    rows += [(f"part {name}", s) for name, s in ev.per_part.items()]
    rows += sorted(ev.per_source.items())
    for name, s in rows:
        lines.append(
            f"| {name} | {s.occurrences} | {s.pairwise_precision:.3f} | {s.pairwise_recall:.3f} "
            f"| {s.bcubed_precision:.3f} | {s.bcubed_recall:.3f} | {s.bcubed_f1:.3f} |"
        )
    for part in ev.per_part:
        pairs = [pok for pok, p in zip(ev.pairs, ev.part_of_pair, strict=True) if p == part]
        right = sum(ok for _, ok in pairs)
        apart = [(p, ok) for p, ok in pairs if p["verdict"] == "different"]
        lines.append(
            f"\n{part}: hand-labelled pairs right: {right} of {len(pairs)}; namesake pairs kept "
            f"apart: {sum(ok for _, ok in apart)} of {len(apart)}"
        )
        for pair, ok in pairs:
            if not ok:
                lines.append(
                    f"- wrong ({pair['verdict']}): {pair['spelling_a']} [{pair['key_a']}] / "
                    f"{pair['spelling_b']} [{pair['key_b']}] - {pair['evidence']}"
                )
    lines.append("\nall parts but curated imported together into one site:")
    lines.append("| part | occurrences | pairwise P | pairwise R | B3 F1 | worst wrong merge |")
    lines.append("|---|---|---|---|---|---|")
    for name, s in ev.together.items():
        merge = "; ".join(s.wrong_merges[0][2]) if s.wrong_merges else ""
        lines.append(
            f"| {name} | {s.occurrences} | {s.pairwise_precision:.3f} | "
            f"{s.pairwise_recall:.3f} | {s.bcubed_f1:.3f} | {merge} |"
        )
    lines.append(f"namesake pairs joined together: {len(ev.together_merged)}")
    lines += [f"- {pair}" for pair in ev.together_merged]
    lines.append(
        "every file imported into that site again: "
        + ("; ".join(ev.again) if ev.again else "nothing changed")
    )
    lines.append("")
    for what, same in ev.same_partition.items():
        lines.append(f"same partition, {what}: {'yes' if same else 'NO'}")
    for part, s in ev.per_part.items():
        lines.append(f"\n{part}: worst wrong merges (of {len(s.wrong_merges)}):")
        for cost, author, shown in s.wrong_merges[:worst]:
            lines.append(f"- {author} ({cost} wrong pairs): " + "; ".join(shown))
        lines.append(f"{part}: worst splits (of {len(s.splits)}):")
        for cost, person, shown in s.splits[:worst]:
            lines.append(f"- {person} ({cost} missed pairs): " + "; ".join(shown))
    return "\n".join(lines)


# --- generated corpus for speed -----------------------------------------------------------------

GIVEN = (
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Wei Li Jing Yang Hao Xin Lei Yu "
    "Jun Ming Hiroshi Yuki Kenji Akiko Sung Min Ji Hyun Anna Maria Jose Luis Carlos Ana Juan "
    "Pierre Marie Jean Luc Andrea Giulia Marco Lukas Jonas Lena Sofia Olga Ivan Dmitri Elena "
    "Ahmed Fatima Omar Priya Rahul Anil Sanjay Deepa Kwame Amara Chidi Zeynep Emre Ayse"
).split()
FAMILY = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Wang Li Zhang "
    "Liu Chen Yang Huang Zhao Wu Zhou Kim Lee Park Choi Tanaka Suzuki Sato Nguyen Tran Müller "
    "Schmidt Schneider Fischer Weber Dubois Martin Bernard Rossi Russo Ferrari Kowalski Nowak "
    "Ivanov Petrov Novak Horvat Silva Santos Oliveira Pereira Gómez Fernández López Sánchez "
    "Pérez Patel Shah Singh Kumar Gupta Sharma Öztürk Yılmaz Kaya Okafor Mensah Andersson "
    "Johansson Nielsen Hansen Jensen Virtanen Korhonen de Vries van Dijk Jansen O'Brien Murphy"
).split()
VENUES = [f"Journal of {w}" for w in "Physics Biology Learning Vision Speech Chemistry".split()]
VENUES += [f"Proceedings of {w}" for w in "NeurIPS ICML ACL CVPR SIGMOD STOC CHI KDD".split()]


def _strip_accents(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).replace("ı", "i")


def make_corpus(entries: int, seed: int = 14, abstracts: bool = False) -> str:
    """A BibTeX file of `entries` articles: authors reused with a Zipf law, spelled with
    initials, without accents or with a middle initial now and then; ~2% of people share a
    name with another (namesakes); labs give co-author structure. With `abstracts`, each has
    an abstract of 100-200 words (a Zotero or Scholar export carries one for most entries)."""
    rng = random.Random(seed)
    people_count = max(50, entries // 2)
    people: list[tuple[str, str, str]] = []  # (family, given, middle)
    seen: set[tuple[str, str]] = set()
    while len(people) < people_count:
        family, given = rng.choice(FAMILY), rng.choice(GIVEN)
        if rng.random() < 0.5:
            given = f"{given}-{rng.choice(GIVEN).lower()}" if rng.random() < 0.1 else given
            family = f"{family}{rng.choice(['', 'er', 'sen', 'ova', 'ini', 'stein', 'wala'])}"
        middle = rng.choice("ABCDEFGHJKLMNPRSTW") if rng.random() < 0.3 else ""
        if (family, given) in seen and rng.random() > 0.02:
            continue
        seen.add((family, given))
        people.append((family, given, middle))
    cumulative = list(itertools.accumulate(1 / (rank + 1) ** 1.1 for rank in range(len(people))))
    labs = [rng.sample(range(len(people)), 12) for _ in range(max(10, people_count // 20))]
    venue_of = {i: rng.choice(VENUES) for i in range(len(labs))}

    def spell(person: int) -> str:
        family, given, middle = people[person]
        roll = rng.random()
        if roll < 0.12:
            given_s = " ".join(f"{part[0]}." for part in given.split("-"))
        elif roll < 0.18:
            given_s, family = _strip_accents(given), _strip_accents(family)
        elif roll < 0.25 and middle:
            given_s = f"{given} {middle}."
        else:
            given_s = f"{given} {middle}." if middle and roll < 0.6 else given
        return f"{family}, {given_s}"

    out = []
    for number in range(entries):
        lab_id = rng.randrange(len(labs))
        lab = labs[lab_id]
        size = min(len(lab), max(1, int(rng.expovariate(1 / 4)) + 1))
        chosen = set(rng.sample(lab, min(size, rng.randint(1, 3))))
        while len(chosen) < size:
            chosen.add(rng.choices(range(len(people)), cum_weights=cumulative)[0])
        authors = " and ".join(spell(p) for p in chosen)
        year = 1990 + number % 35
        abstract = ""
        if abstracts:
            words = rng.choices(ABSTRACT_WORDS, k=rng.randint(100, 200))
            abstract = f"  abstract = {{{' '.join(words).capitalize()}.}},\n"
        out.append(
            f"@article{{gen{number},\n  title = {{Generated study number {number} of "
            f"{rng.choice(['graphs', 'spectra', 'proteins', 'parsers', 'agents'])}}},\n"
            f"  author = {{{authors}}},\n  journal = {{{venue_of[lab_id]}}},\n{abstract}"
            f"  year = {{{year}}}\n}}\n"
        )
    return "\n".join(out)


ABSTRACT_WORDS = (
    "we propose a novel method for learning representations of data that improves accuracy on"
    " several benchmarks results show the model outperforms prior work in experiments with"
    " graphs spectra proteins parsers agents language images signals networks theory evidence"
    " analysis structure training inference samples estimation bounds algorithm framework"
).split()


LONG_SIZES = (150, 300, 420)  # collaboration papers' bylines (the seeds have a 420-name one)


def make_long_corpus(entries: int, seed: int = 14) -> str:
    """A physicist's files: `entries` articles by a pool of entries // 2 people, a third of
    them collaboration papers of 150, 300 or 420 names (LONG_SIZES), the rest of 1-6; half of
    all names by initials. Every long byline makes hundreds of co-author names per person."""
    rng = random.Random(seed)
    pool = max(50, entries // 2)
    people = [
        (f"{rng.choice(FAMILY)}{rng.choice(['', 'er', 'sen', 'ova', 'ini'])}", rng.choice(GIVEN))
        for _ in range(pool)
    ]
    out = []
    for number in range(entries):
        size = rng.choice(LONG_SIZES) if number % 3 == 0 else rng.randint(1, 6)
        names = " and ".join(
            f"{people[p][0]}, {people[p][1][0] + '.' if rng.random() < 0.5 else people[p][1]}"
            for p in rng.sample(range(pool), min(size, pool))
        )
        out.append(
            f"@article{{long{number}, title = {{Measurement number {number}}},\n"
            f"  author = {{{names}}},\n  journal = {{Phys. Rev. {rng.choice('ABCDL')}}},\n"
            f"  year = {{{1990 + number % 35}}}\n}}\n"
        )
    return "\n".join(out)


def time_import(
    entries: int,
    runs: int,
    work: Path,
    timeout_note: list[str],
    long: bool = False,
    abstracts: bool = False,
) -> dict:
    """Median seconds and peak resident MiB of importing a generated file into an empty site
    (`long`: make_long_corpus's collaboration bylines; `abstracts`: an abstract to each)."""
    kind = "long-" * long + "abstracts-" * abstracts
    bib = work / f"generated-{kind}{entries}.bib"
    text = make_long_corpus(entries) if long else make_corpus(entries, abstracts=abstracts)
    bib.write_text(text, encoding="utf-8")
    times, peaks = [], []
    for run in range(runs):
        site = work / f"site-{entries}-{run}"
        run_cli("init", site)
        seconds, peak_kib, _ = run_cli("import", "--site", site, bib, timed=True)
        times.append(seconds)
        peaks.append(peak_kib / 1024)
        shutil.rmtree(site, ignore_errors=True)
        print(f"  {entries} entries, run {run + 1}: {seconds:.1f} s, {peak_kib / 1024:.0f} MiB")
    return {
        "entries": f"{entries} (long bylines)"
        if long
        else (f"{entries} (abstracts)" if abstracts else entries),
        "runs": runs,
        "median_s": statistics.median(times),
        "times": times,
        "peak_mib": max(peaks),
    }


def time_real(runs: int, work: Path) -> dict:
    """The real bibliographies of tests/data/bib and tests/data/identity, in one import."""
    files = sorted((ROOT / "tests" / "data" / "bib").glob("*.bib")) + [DATA / f for f in FILES]
    times, peaks = [], []
    for run in range(runs):
        site = work / f"real-{run}"
        run_cli("init", site)
        seconds, peak_kib, _ = run_cli("import", "--site", site, *files, timed=True)
        times.append(seconds)
        peaks.append(peak_kib / 1024)
        shutil.rmtree(site, ignore_errors=True)
    return {"files": len(files), "median_s": statistics.median(times), "peak_mib": max(peaks)}


# --- main ---------------------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    return (
        f"{platform.node() or 'host'}: {cpu}, nproc {os.cpu_count()}, Python "
        f"{platform.python_version()}, load average at start {load[0]:.2f} {load[1]:.2f} "
        f"{load[2]:.2f} (shared machine)"
    )


def commit() -> str:
    done = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--speed", type=int, nargs="*", default=[], help="entries per size")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--long", type=int, nargs="*", default=[], help="entries per size, long bylines"
    )
    parser.add_argument(
        "--abstracts", type=int, nargs="*", default=[], help="entries per size, with abstracts"
    )
    parser.add_argument("--real", action="store_true", help="also time the real files")
    parser.add_argument("--no-quality", action="store_true")
    parser.add_argument("--record", action="store_true", help=f"append to {RECORD.name}")
    parser.add_argument("--json", type=Path, help="write the figures as JSON too")
    args = parser.parse_args(argv)

    started = dt.datetime.now(dt.UTC)
    header = machine()
    sections = []
    figures: dict = {"machine": header, "commit": commit(), "date": started.isoformat()}
    if not args.no_quality:
        ev = evaluate()
        text = report(ev)
        print(text)
        sections.append("### Quality\n\n" + text)
        figures["quality"] = {
            "overall": vars(ev.overall) | {"wrong_merges": None, "splits": None},
            "per_part": {
                name: vars(s) | {"wrong_merges": None, "splits": None}
                for name, s in ev.per_part.items()
            },
            "pairs_right": sum(ok for _, ok in ev.pairs),
            "pairs": len(ev.pairs),
            "same_partition": ev.same_partition,
        }
    speed = []
    with tempfile.TemporaryDirectory(prefix="identity-speed-") as tmp:
        for entries in args.speed:
            speed.append(time_import(entries, args.runs, Path(tmp), []))
        for entries in args.abstracts:
            speed.append(time_import(entries, args.runs, Path(tmp), [], abstracts=True))
        for entries in args.long:
            speed.append(time_import(entries, args.runs, Path(tmp), [], long=True))
        if args.real:
            figures["real"] = time_real(args.runs, Path(tmp))
    if speed or args.real:
        rows = ["| entries | runs | median s | all runs s | peak MiB |", "|---|---|---|---|---|"]
        for s in speed:
            rows.append(
                f"| {s['entries']} | {s['runs']} | {s['median_s']:.1f} | "
                f"{', '.join(f'{t:.1f}' for t in s['times'])} | {s['peak_mib']:.0f} |"
            )
        if args.real:
            r = figures["real"]
            rows.append(
                f"| real files ({r['files']}) | {args.runs} | {r['median_s']:.1f} | | "
                f"{r['peak_mib']:.0f} |"
            )
        print("\n".join(rows))
        sections.append("### Speed (generated BibTeX into an empty site)\n\n" + "\n".join(rows))
        figures["speed"] = speed
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, default=str), encoding="utf-8")
    if args.record:
        command = "python bench/identity.py " + " ".join(argv or sys.argv[1:])
        block = (
            f"\n## {started:%Y-%m-%d %H:%M} UTC, commit {figures['commit']}\n\n"
            f"Machine: {header}  \nCommand: `{command}`\n\n" + "\n\n".join(sections) + "\n"
        )
        with RECORD.open("a", encoding="utf-8") as fh:
            fh.write(block)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Reference facts for the BibTeX evaluation set, read by a bibtex-compatible reader.

    .venv/bin/python bench/bib_reference.py [--data tests/data/bib] [--out FILE] [--check]

Every ``*.bib`` under tests/data/bib/ is read with pybtex (it expands @string macros and ``#``
concatenation, predefines the month macros, splits names on the raw braced text as bibtex does,
and resolves crossref the bibtex way: a missing field is taken from the crossref'd entry under
the same name). Per entry we keep what our importer will be compared against: key, lowercased
entry type, title, persons per role (author, editor) with their four name parts, the author
count (``others`` excluded but flagged), the year (from ``year``, else from a biblatex ``date``)
and the container fields. Text is LaTeX-decoded to Unicode with pylatexenc when it is installed,
else with pybtex's own latexcodec; the decoder used is written into the output.

pybtex is not the judge of what a file means where BibTeX itself would fail: entries pybtex
cannot read are listed per file with pybtex's reason, not guessed at.

The output (tests/data/bib/reference.json) is sorted and deterministic: rerunning the script on
the same files gives the same bytes. ``--check`` exits 1 if the committed file is stale.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from contextlib import suppress
from pathlib import Path
from typing import Any

import pybtex
import pybtex.errors
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import Parser

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "bib"

ROLES = ("author", "editor")


def unbrace(value: str) -> str:
    return value.replace("{", "").replace("}", "")


CONTAINER_FIELDS = (
    "journal",
    "journaltitle",
    "booktitle",
    "volume",
    "number",
    "pages",
    "publisher",
    "school",
    "institution",
    "organization",
    "series",
    "edition",
    "address",
    "location",
    "month",
    "isbn",
    "issn",
    "doi",
    "eprint",
    "archiveprefix",
    "eprinttype",
    "eprintclass",
    "primaryclass",
)
# Identifier-like fields: only the TeX escapes are undone, nothing else is interpreted.
VERBATIM_FIELDS = {"doi", "eprint", "isbn", "issn", "archiveprefix", "eprinttype"}

STRING_RE = re.compile(r"@\s*string\s*[({]", re.IGNORECASE)
CONCAT_RE = re.compile(r"""["}\w]\s+#\s+["{\w]""")
DATE_YEAR_RE = re.compile(r"^\s*(-?\d{4})")
SPACE_RE = re.compile(r"\s+")


# TeX logos and the logo/markup macros of the TUGboat and texbook bibliographies (their
# definitions live in tugboat.def and bibnames.sty, not in the .bib files): pylatexenc would
# otherwise drop them, and "The \\TeX book" would lose its subject.
LOGOS = {
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2e",
    "BibTeX": "BibTeX",
    "AmSTeX": "AMS-TeX",
    "AMSTeX": "AMS-TeX",
    "AMSTEX": "AMS-TeX",
    "AmSLaTeX": "AMS-LaTeX",
    "LAMSTeX": "LAMS-TeX",
    "AMS": "AMS",
    "MF": "METAFONT",
    "METAFONT": "METAFONT",
    "MP": "MetaPost",
    "POSTSCRIPT": "PostScript",
    "TUB": "TUGboat",
    "TUG": "TUG",
    "VAX": "VAX",
    "WEB": "WEB",
    "SliTeX": "SliTeX",
    "XeTeX": "XeTeX",
    "LuaTeX": "LuaTeX",
    "ConTeXt": "ConTeXt",
    "emdash": "\u2014",
    "Dash": "\u2014",
    "hyphen": "-",
}


def _make_decoder() -> tuple[Any, str]:
    try:
        from pylatexenc.latex2text import (
            LatexNodes2Text,
            MacroTextSpec,
            get_default_latex_context_db,
        )
    except ImportError:
        import latexcodec  # noqa: F401  (registers the "ulatex" codec)

        def decode(text: str) -> str:
            return unbrace(text.encode("utf-8").decode("ulatex+utf8"))

        return decode, f"latexcodec {_version('latexcodec')}"

    context = get_default_latex_context_db()
    context.add_context_category(
        "bib-logos",
        prepend=True,
        macros=[MacroTextSpec(name, simplify_repl=repl) for name, repl in LOGOS.items()],
    )
    converter = LatexNodes2Text(latex_context=context, math_mode="text", strict_latex_spaces=False)

    def decode(text: str) -> str:
        try:
            out = converter.latex_to_text(text)
        except Exception:  # pylatexenc is lenient, but never let one field stop the run
            out = text
        return out.replace("\u00ad", "")  # \- is a hyphenation hint, not text

    return decode, f"pylatexenc {_version('pylatexenc')} (+ TeX logo macros)"


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "unknown"


DECODE, DECODER = _make_decoder()


def text(value: str, *, verbatim: bool = False) -> str:
    out = unbrace(value.replace("\\_", "_")) if verbatim else DECODE(value)
    return SPACE_RE.sub(" ", out).strip()


def is_others(person: Person) -> bool:
    return str(person).strip().lower() == "others"


def is_braced_whole(person: Person) -> bool:
    """A name given as one braced group, e.g. {Google DeepMind}: bibtex keeps it whole."""
    parts = person.first_names + person.middle_names + person.prelast_names + person.lineage_names
    last = person.last_names
    return not parts and len(last) == 1 and last[0].startswith("{") and last[0].endswith("}")


def person_record(person: Person) -> dict[str, Any]:
    def join(names: list[str]) -> str:
        return text(" ".join(names))

    return {
        "first": join(person.first_names + person.middle_names),
        "von": join(person.prelast_names),
        "last": join(person.last_names),
        "jr": join(person.lineage_names),
        "raw": str(person),
        "braced_whole": is_braced_whole(person),
    }


def find_field(entry: Entry, name: str, bib: BibliographyData) -> str | None:
    with suppress(KeyError):
        return entry._find_field(name, bib)  # same-name crossref inheritance, as bibtex does
    return None


def find_persons(entry: Entry, role: str, bib: BibliographyData) -> tuple[list[Person], bool]:
    """The role's persons, from the entry or (bibtex crossref rule) from its crossref parent."""
    if role in entry.persons:
        return list(entry.persons[role]), False
    parent_key = entry.fields.get("crossref")
    if parent_key and parent_key in bib.entries and role in bib.entries[parent_key].persons:
        return list(bib.entries[parent_key].persons[role]), True
    return [], False


def year_of(entry: Entry, bib: BibliographyData) -> tuple[str | None, str | None]:
    year = find_field(entry, "year", bib)
    if year is not None and year.strip():
        return text(year), "year"
    date = find_field(entry, "date", bib)
    if date:
        found = DATE_YEAR_RE.match(date)
        if found:
            return found.group(1), "date"
    return None, None


def entry_record(entry: Entry, bib: BibliographyData) -> dict[str, Any]:
    record: dict[str, Any] = {"key": entry.key, "type": entry.type}
    title = find_field(entry, "title", bib)
    record["title"] = text(title) if title is not None else None
    record["title_raw"] = title
    persons: dict[str, Any] = {}
    for role in ROLES:
        people, inherited = find_persons(entry, role, bib)
        if not people:
            continue
        named = [p for p in people if not is_others(p)]
        persons[role] = {
            "count": len(named),
            "others": len(named) != len(people),
            "inherited": inherited,
            "names": [person_record(p) for p in named],
        }
    record["persons"] = persons
    authors = persons.get("author")
    record["author_count"] = authors["count"] if authors else 0
    record["author_others"] = bool(authors and authors["others"])
    record["year"], record["year_source"] = year_of(entry, bib)
    container = {}
    for name in CONTAINER_FIELDS:
        value = find_field(entry, name, bib)
        if value is not None and value.strip():
            container[name] = text(value, verbatim=name in VERBATIM_FIELDS)
    record["container"] = container
    record["crossref"] = entry.fields.get("crossref")
    return record


def read_file(path: Path) -> dict[str, Any]:
    raw = path.read_text(encoding="utf-8", errors="replace")
    parser = Parser(encoding="utf-8")
    with pybtex.errors.capture() as captured:
        try:
            bib = parser.parse_string(raw)
        except Exception as exc:  # a fatal parse error still leaves what was read so far
            captured.append(exc)
            bib = parser.data
    errors = [SPACE_RE.sub(" ", f"{type(e).__name__}: {e}").strip() for e in captured]
    entries = sorted(
        (entry_record(entry, bib) for entry in bib.entries.values()),
        key=lambda r: (r["key"].lower(), r["key"]),
    )
    return {
        "entries": len(entries),
        "errors": errors,
        "string_definitions": len(STRING_RE.findall(raw)),
        "concatenations": len(CONCAT_RE.findall(raw)),
        "crossref_entries": sum(1 for r in entries if r["crossref"]),
        "others_lists": sum(1 for r in entries if any(p["others"] for p in r["persons"].values())),
        "braced_whole_names": sum(
            1
            for r in entries
            for p in r["persons"].values()
            for name in p["names"]
            if name["braced_whole"]
        ),
        "records": entries,
    }


def build(data: Path) -> dict[str, Any]:
    files = {path.name: read_file(path) for path in sorted(data.glob("*.bib"))}
    return {
        "about": "Reference facts for tests/data/bib, written by bench/bib_reference.py",
        "reader": f"pybtex {pybtex.__version__}",
        "decoder": DECODER,
        "files": files,
    }


def dump(result: dict[str, Any]) -> str:
    return json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def summary(result: dict[str, Any]) -> str:
    lines = [f"reader: {result['reader']}; decoder: {result['decoder']}"]
    head = f"{'file':34} {'entries':>7} {'errors':>6} {'@string':>7} {'#':>5} {'xref':>5} {'others':>6} {'{org}':>5}"
    lines.append(head)
    totals = [0] * 7
    for name, info in result["files"].items():
        row = [
            info["entries"],
            len(info["errors"]),
            info["string_definitions"],
            info["concatenations"],
            info["crossref_entries"],
            info["others_lists"],
            info["braced_whole_names"],
        ]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        lines.append(
            f"{name:34} "
            + " ".join(f"{v:>{w}}" for v, w in zip(row, (7, 6, 7, 5, 5, 6, 5), strict=True))
        )
    lines.append(
        f"{'total':34} "
        + " ".join(f"{v:>{w}}" for v, w in zip(totals, (7, 6, 7, 5, 5, 6, 5), strict=True))
    )
    for name, info in result["files"].items():
        for error in info["errors"]:
            lines.append(f"  {name}: {error}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=None, help="default: DATA/reference.json")
    parser.add_argument("--check", action="store_true", help="fail if the output is stale")
    args = parser.parse_args(argv)
    out = args.out or args.data / "reference.json"
    result = build(args.data)
    rendered = dump(result)
    if args.check:
        current = out.read_text(encoding="utf-8") if out.exists() else ""
        print(summary(result))
        if current != rendered:
            print(f"{out} is stale: rerun bench/bib_reference.py", file=sys.stderr)
            return 1
        return 0
    out.write_text(rendered, encoding="utf-8")
    print(summary(result))
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Which format an input file is in, and reading it into records; nothing is written here."""

from __future__ import annotations

from pathlib import Path

from generator.base.errors import Problem, UserError
from generator.base.yamlfile import read_text
from generator.editing.ingest.abstracts import is_abstract_list, read_abstract_list
from generator.editing.ingest.bibtex import is_bibtex, read_bibtex
from generator.editing.ingest.csl import is_csl_json, read_csl_json
from generator.editing.ingest.incoming import Source
from generator.editing.ingest.ris import is_ris, read_ris
from generator.editing.ingest.scholar import is_publication_list, read_publication_list
from generator.model.records import clean_text

FORMATS_HELP = (
    "readinglist imports (1) a publication list: the owner's 'Family, Given' on line 1, then "
    "title, author line and abstract for each paper, (2) a reading list: the reader's name "
    "on line 1, then one 'Abstract: ...' line per paper, (3) BibTeX or biblatex (.bib), (4) RIS "
    "(.ris, from Zotero, Mendeley, EndNote or Web of Science) and (5) CSL-JSON (.json)"
)


def read_source(path: Path, shown: str) -> Source:
    """Detect the format of one input file and parse it."""
    if not path.is_file():
        raise UserError([Problem(shown, 0, "no such file")])
    return read_text_source(read_text(path, shown), shown, path.suffix)


def read_text_source(raw: str, shown: str, suffix: str = "") -> Source:
    """Detect the format of a text (a file's, or one pasted into the editor) and parse it;
    `suffix` is the file's extension, if it came from a file."""
    # control characters and tabs become spaces: no format here means them, and content
    # files refuse them (a name with an escape character would break every feed)
    text = clean_text(raw, multiline=True).replace("\t", " ")
    if not text.strip():
        raise UserError([Problem(shown, 0, "the file is empty; " + FORMATS_HELP)])
    # by content first: a .txt may hold RIS, a .bib may hold a CSL-JSON export
    if is_csl_json(text):
        return read_csl_json(text, shown)
    if is_ris(text):
        return read_ris(text, shown)
    if suffix.lower() == ".bib" or is_bibtex(text):
        return read_bibtex(text, shown)
    if suffix.lower() == ".json":
        return read_csl_json(text, shown)
    lines = text.split("\n")  # only the line formats need lines (100k entries: 50 MB)
    while not lines[-1].strip():
        lines.pop()
    if is_abstract_list(lines):
        return read_abstract_list(lines, shown)
    if is_publication_list(lines):
        return read_publication_list(lines, shown)
    raise UserError([Problem(shown, 1, "not a format readinglist knows; " + FORMATS_HELP)])

"""BibTeX and biblatex files read as bibtex and biber read them.

bibtexparser 2 splits the file into blocks (entries, `@string`s, broken blocks, with lines);
the rest follows BibTeX's own rules, on the raw text:
- field names in any case; a field given twice keeps its first value, with a warning;
- `@string` macros (the month macros `jan`..`dec` predefined) and `#` concatenation;
- `crossref` (missing fields come from the parent, the bibtex way, and a proceedings or book
  title becomes the child's `booktitle`, the biber way) and biblatex `xdata`; a parent that
  has no authors of its own is only a container, not a paper;
- names split on the raw text with braces respected (bibtexparser's name splitter), then
  LaTeX-decoded (pylatexenc, latex.py): `{Google DeepMind}` stays one organization and
  `{De Feo}` one family name; `and others` ends the list (`et_al`), never an author;
- entry types mapped to the paper types; every field of the content model filled.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares.names import (
    NameParts,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import DuplicateFieldKeyBlock, Entry, ParsingFailedBlock

from generator.base.errors import Problem
from generator.base.names import (
    HOMONYM,
    ORG_WORDS,
    SUFFIXES,
    Name,
    fold,
    han_name,
    looks_like_organization,
)
from generator.editing.ingest.incoming import BibtexFile, IncomingPaper
from generator.editing.ingest.latex import decode, verbatim
from generator.model.records import ARXIV_RE, DOI_RE, ORCID_RE, URL_RE

ENTRY_START = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
ARXIV_IN_TEXT = re.compile(
    r"(?:arxiv(?:\.org/(?:abs|pdf)/|:\s*|\s+preprint\s+arxiv:\s*|\.)"
    r"|10\.48550/arxiv\.)"
    r"(\d{4}\.\d{4,5}(?:v\d+)?|[a-z.-]+/\d{7}(?:v\d+)?)",
    re.IGNORECASE,
)
ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
ONLY_ARXIV = re.compile(r"^\s*(?:arxiv|corr)\b.*$|^\s*arxiv\s*preprint", re.IGNORECASE)
MONTHS = (
    "january february march april may june july august september october november december"
).split()
MONTH_MACROS = {name[:3]: name.capitalize() for name in MONTHS}
ET_AL = re.compile(r"^(?:others|et\.?\s*al\.?)$", re.IGNORECASE)
TRAILING_ET_AL = re.compile(r"\s+et\.?\s*al\.?\s*$", re.IGNORECASE)
# what a publication list puts on a name that is not the name: marks of equal contribution or
# of the corresponding author ('Junho Lee*', '*Jong Chul Ye', 'Hak Hee Kim *', 'Cui\dagger',
# '$^{*}$', \textsuperscript{\dag}), affiliation numbers as superscripts, and the list's own
# HTML ('<b>Hamish Ivison*</b>': al-folio's bold for the owner)
_MARKS = re.compile(
    r"\$\^\{?[\s\d,*]*(?:\\(?:dagger|ddagger|dag|ddag|ast|star)\b[\s,]*)*\}?\$"
    r"|\\textsuperscript\{[^{}]*\}"
    r"|\\(?:dagger|ddagger|dag|ddag|ast)\b(?:\{\})?"
    r"|[*\u2217\u2020\u2021\u00a7\u00b6]"
    r"|</?(?:b|strong|i|em|u|sup)\s*>",
    re.IGNORECASE,
)
# affiliation numbers pasted from a paper's byline, glued to a word of a person's name
# ('Nadolsky1, P.', 'J. Huston2', 'Istrate1,2'): after a lower-case letter only, so 'AI2' stays,
# and not in a braced name ('{Gen2 Consortium}'); DBLP's 'Wei Wang 0001' is a word of its own
_GLUED_NUMBER = re.compile(r"(?<=[a-z\u00df-\u024f])\d{1,2}(?:,\d{1,2})*(?=[\s,]|$)")

# entry type -> paper type (biblatex's types included; anything else is "other")
TYPES = {
    "article": "article",
    "inproceedings": "conference",
    "conference": "conference",
    "book": "book",
    "mvbook": "book",
    "booklet": "book",
    "collection": "book",
    "mvcollection": "book",
    "reference": "book",
    "mvreference": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "periodical": "book",
    "manual": "report",
    "incollection": "chapter",
    "inbook": "chapter",
    "inreference": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "inproceedingsx": "conference",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "dataset": "dataset",
    "data": "dataset",
    "software": "software",
    "code": "software",
    "preprint": "preprint",
}
CONTAINERS = {
    "proceedings",
    "mvproceedings",
    "collection",
    "mvcollection",
    "book",
    "mvbook",
    "reference",
    "mvreference",
    "periodical",
}
NOT_WORKS = {"xdata", "set", "comment", "preamble", "string"}
LINK_FIELDS = {  # al-folio's buttons and Hugo Academic's url_* fields
    "pdf": "pdf",
    "url_pdf": "pdf",
    "code": "code",
    "url_code": "code",
    "slides": "slides",
    "url_slides": "slides",
    "video": "video",
    "url_video": "video",
    "poster": "poster",
    "url_poster": "poster",
    "website": "project",
    "url_project": "project",
    "project": "project",
    "data": "data",
    "url_dataset": "data",
}


def is_bibtex(text: str) -> bool:
    """Whether a text looks like BibTeX: it has at least one `@type{` entry start."""
    return bool(ENTRY_START.search(text))


@dataclass(slots=True)
class _Raw:
    """One entry with its fields evaluated to TeX text (macros expanded, `#` joined)."""

    type: str
    key: str
    line: int
    fields: dict[str, str]
    inherited: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class _Field:
    key: str
    value: str
    start_line: int | None  # from 0, in the whole file


@dataclass(frozen=True, slots=True)
class _Block:
    """An entry or an @string as bibtexparser read it, kept without bibtexparser's objects
    (lines counted from 0 in the whole file, bibtexparser's drift corrected: _real_lines)."""

    entry_type: str
    key: str
    start_line: int
    fields: tuple[_Field, ...] = ()
    value: str = ""  # an @string's


T = TypeVar("T")

CHUNK = 2000  # entries parsed at once: bibtexparser's objects for 100k entries took 300+ MB


def _chunks(text: str, size: int) -> Iterable[tuple[int, str]]:
    """The text cut before entry starts about every `size` entries, where the braces before
    balance (an `@` opening a line inside a value is not a cut): (lines before, chunk)."""
    start = line = 0
    starts = [m.start() for m in ENTRY_START.finditer(text)]
    for index in range(size, len(starts), size):
        cut = starts[index]
        while index < len(starts) and text.count("{", start, cut) != text.count("}", start, cut):
            index += 1  # a cut that would fall inside a brace: the next entry start
            cut = starts[index] if index < len(starts) else len(text)
        if cut <= start or cut >= len(text):
            continue
        yield line, text[start:cut]
        line += text.count("\n", start, cut)
        start = cut
    yield line, text[start:]


_COUNTED = re.compile(r"(?<!\\)\n")  # the line ends bibtexparser 2.1 counts (not after a '\\')


def _real_lines(chunk: str) -> Callable[[int], int]:
    """bibtexparser's line number (from 0) -> the real one: it does not count a line that
    ends in a backslash (TeX's `\\` line break), and its lines drift from there on."""
    if "\\\n" not in chunk:
        return lambda line: line
    real: list[int] = []  # per counted line end, how many line ends up to it
    for number, match in enumerate(re.finditer("\n", chunk), start=1):
        if _COUNTED.match(chunk, match.start()):
            real.append(number)
    return lambda line: real[line - 1] if 0 < line <= len(real) else line


def _parse(text: str, path: str) -> tuple[list[_Block], list[_Block | Problem]]:
    """The @strings, and the entries and broken blocks in file order, chunk by chunk."""
    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # its parse errors are reported below, with our wording
    strings: list[_Block] = []
    blocks: list[_Block | Problem] = []
    try:
        for offset, chunk in _chunks(text, CHUNK):
            library = parse_string(chunk, parse_stack=[])
            real = _real_lines(chunk)
            for string in library.strings:
                line = real(string.start_line or 0) + offset
                strings.append(_Block("string", string.key, line, value=str(string.value)))
            for block in library.blocks:
                if isinstance(block, DuplicateFieldKeyBlock) and isinstance(
                    block.ignore_error_block, Entry
                ):
                    block = block.ignore_error_block
                if isinstance(block, Entry):
                    fields = tuple(
                        _Field(
                            item.key,
                            str(item.value),
                            None if item.start_line is None else real(item.start_line) + offset,
                        )
                        for item in block.fields
                    )
                    line = real(block.start_line or 0) + offset
                    blocks.append(_Block(block.entry_type, block.key, line, fields))
                elif isinstance(block, ParsingFailedBlock):
                    blocks.append(_broken(block, path, offset + real(block.start_line or 0)))
    finally:
        logger.setLevel(level)
    return strings, blocks


def _consumed(items: list[T]) -> Iterator[T]:
    """The items in order, each let go by the list once it is handed out (the list ends
    empty): what is made from one step is not held beside all of the step before."""
    items.reverse()
    while items:
        yield items.pop()


def read_bibtex(text: str, path: str) -> BibtexFile:
    """Parse a BibTeX file into papers; problems in single entries are kept, not raised."""
    strings, blocks = _parse(text, path)
    problems: list[Problem] = []
    macros = _macros(strings, path, problems)
    raws: list[_Raw] = []
    for block in _consumed(blocks):  # the file is never held twice over
        if isinstance(block, Problem):
            problems.append(block)
        else:
            raws.append(_entry(block, macros, path, problems))
    parents = _resolve_inheritance(raws, {raw.key.lower(): raw for raw in raws}, path, problems)
    papers = []
    for raw in _consumed(raws):
        if raw.type in NOT_WORKS:
            continue
        if raw.key.lower() in parents and not raw.fields.get("author"):
            continue  # a proceedings or collection its children name: a container, not a paper
        title = decode(raw.fields.get("title", ""))
        if not title and raw.type in WHOLE_BOOKS and raw.fields.get("booktitle"):
            # a book is its own booktitle: a hand-made @book gives its title so
            raw.fields["title"] = raw.fields.pop("booktitle")
            title = decode(raw.fields["title"])
            problems.append(
                Problem(
                    path,
                    raw.line,
                    f"@{raw.type}{{{raw.key}}} has a booktitle but no title: read the booktitle "
                    "as its title",
                    warning=True,
                )
            )
        if not title:
            problems.append(
                Problem(path, raw.line, f"skipped @{raw.type}{{{raw.key}}}: it has no title")
            )
            continue
        papers.append(_paper(raw, title, path, problems))
    return BibtexFile(path, tuple(papers), tuple(problems))


# entry types that are a whole book, whose booktitle (when they give one) is their own title
WHOLE_BOOKS = frozenset(
    ("book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings", "reference")
)


# --- values ---------------------------------------------------------------------------------


class _BadValue(ValueError):
    """A value that is not a sequence of `{...}`, `"..."`, numbers and macros joined by #."""


def _pieces(raw: str) -> list[str]:
    """A value split at its top-level `#` signs."""
    pieces, start, depth, quoted = [], 0, 0, False
    for i, ch in enumerate(raw):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                raise _BadValue("a '}' closes nothing")
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            pieces.append(raw[start:i])
            start = i + 1
    if depth or quoted:
        raise _BadValue("unbalanced braces or quotes")
    pieces.append(raw[start:])
    return [piece.strip() for piece in pieces]


def evaluate(raw: str, macros: Mapping[str, str], unknown: list[str] | None = None) -> str:
    """A field's raw value as bibtex sees it: delimiters gone, macros expanded, pieces joined.
    Undefined macros are empty (as in bibtex) and named in `unknown`."""
    out = []
    for piece in _pieces(raw):
        if not piece:
            raise _BadValue("an empty part around '#'")
        if (piece[0], piece[-1]) in (("{", "}"), ('"', '"')) and len(piece) > 1:
            inner = piece[1:-1]
            whole = _closes_at_end(piece) if piece[0] == "{" else _quoted_whole(piece)
            if whole:
                out.append(inner)
            else:
                raise _BadValue(f"'{piece[:30]}' is not one value")
        elif piece.isdigit():
            out.append(piece)
        elif re.fullmatch(r"[^\s\"#%'(),={}]+", piece):
            value = macros.get(piece.lower())
            if value is None:
                if unknown is not None:
                    unknown.append(piece)
                value = ""
            out.append(value)
        else:
            raise _BadValue(f"'{piece[:30]}' is not a value")
    return "".join(out)


def _closes_at_end(piece: str) -> bool:
    depth = 0
    for i, ch in enumerate(piece):
        depth += (ch == "{") - (ch == "}")
        if depth == 0 and i < len(piece) - 1:
            return False
    return depth == 0


def _quoted_whole(piece: str) -> bool:
    depth = 0
    for ch in piece[1:-1]:
        depth += (ch == "{") - (ch == "}")
        if ch == '"' and depth == 0:
            return False
    return depth == 0


def _macros(strings: Iterable[_Block], path: str, problems: list[Problem]) -> dict[str, str]:
    macros = dict(MONTH_MACROS)
    for string in strings:
        line = (string.start_line or 0) + 1
        try:
            macros[string.key.lower()] = evaluate(str(string.value), macros)
        except _BadValue as exc:
            problems.append(
                Problem(
                    path,
                    line,
                    f"ignored @string{{{string.key} ...}}: {exc}; an @string holds one "
                    "definition (as in bibtex)",
                    warning=True,
                )
            )
    return macros


def _entry(entry: _Block, macros: Mapping[str, str], path: str, problems: list[Problem]) -> _Raw:
    line = (entry.start_line or 0) + 1  # bibtexparser counts lines from 0
    fields: dict[str, str] = {}
    for item in entry.fields:
        name = item.key.strip().lower()
        at = (item.start_line or 0) + 1 if item.start_line is not None else line
        if name in fields:
            problems.append(
                Problem(
                    path,
                    at,
                    f"@{entry.entry_type}{{{entry.key}}} gives '{name}' twice: kept the first "
                    "value, as bibtex does",
                    warning=True,
                )
            )
            continue
        unknown: list[str] = []
        try:
            fields[name] = evaluate(str(item.value), macros, unknown)
        except _BadValue as exc:
            problems.append(
                Problem(
                    path,
                    at,
                    f"ignored field '{name}' of @{entry.entry_type}{{{entry.key}}}: {exc}",
                    warning=True,
                )
            )
            continue
        for macro in unknown:
            problems.append(
                Problem(
                    path,
                    at,
                    f"@{entry.entry_type}{{{entry.key}}}, field '{name}': no @string defines "
                    f"'{macro}'; read as empty, as bibtex does",
                    warning=True,
                )
            )
    return _Raw(entry.entry_type.strip().lower(), entry.key.strip(), line, fields)


def _broken(block: ParsingFailedBlock, path: str, start: int) -> Problem:
    """A block bibtexparser could not read, with the reason in the user's terms (`start`: the
    file's line it starts on, from 0)."""
    raw = str(block.raw or "")
    line = 1 + start
    first = raw.strip().splitlines()[0][:60] if raw.strip() else "an unreadable block"
    error = str(getattr(block, "error", "") or "")
    opened: list[int] = []
    quoted_at = 0
    for number, text in enumerate(raw.split("\n"), start=line):
        for ch in text:
            if ch == "{":
                opened.append(number)
            elif ch == "}" and opened:
                opened.pop()
            elif ch == '"' and len(opened) == 1:
                quoted_at = 0 if quoted_at else number
    if 'closing `"`' in error or (quoted_at and len(opened) <= 1):
        reason = f"the quoted value opened on line {quoted_at or line} has no closing '\"'"
    elif len(opened) > 1:
        reason = f"unbalanced braces: the '{{' on line {opened[-1]} is never closed"
    elif opened:
        reason = "the entry's braces are never closed"
    else:
        reason = "it is not '@type{key, name = value, ...}'"
    return Problem(path, line, f"skipped a broken entry: {first}; {reason}")


# --- crossref and xdata ---------------------------------------------------------------------


def _resolve_inheritance(
    raws: list[_Raw], by_key: Mapping[str, _Raw], path: str, problems: list[Problem]
) -> set[str]:
    """Fill missing fields from `xdata` and `crossref` parents; returns the parents' keys."""
    parents: set[str] = set()
    for raw in raws:
        for xkey in re.split(r"\s*,\s*", raw.fields.get("xdata", "").strip()):
            source = by_key.get(xkey.lower()) if xkey else None
            if source is None:
                if xkey:
                    problems.append(_missing(path, raw, "xdata", xkey))
                continue
            for name, value in source.fields.items():
                raw.fields.setdefault(name, value)
    for raw in raws:
        parent_key = raw.fields.get("crossref", "").strip()
        if not parent_key:
            continue
        parent = by_key.get(parent_key.lower())
        if parent is None:
            problems.append(_missing(path, raw, "crossref", parent_key))
            continue
        parents.add(parent_key.lower())
        for name, value in parent.fields.items():
            if name not in raw.fields and name not in {"crossref", "ids", "entryset"}:
                raw.fields[name] = value
                raw.inherited.add(name)
        if (
            parent.type in CONTAINERS
            and "booktitle" not in raw.fields
            and parent.fields.get("title")
        ):
            raw.fields["booktitle"] = parent.fields["title"]  # biber: the parent's title
            raw.inherited.add("booktitle")
    return parents


def _missing(path: str, raw: _Raw, what: str, key: str) -> Problem:
    return Problem(
        path,
        raw.line,
        f"@{raw.type}{{{raw.key}}}: its {what} '{key}' is not in the file; read without it",
        warning=True,
    )


# --- names ----------------------------------------------------------------------------------


def read_names(text: str) -> tuple[list[Name], bool]:
    """A bibtex name list split on the raw text, then decoded; `others` or `et al.` at the end
    say the list is incomplete (the bool), and are no author."""
    names: list[Name] = []
    et_al = False
    text = text.strip()
    if TRAILING_ET_AL.search(text):
        text, et_al = TRAILING_ET_AL.sub("", text), True
    # 'Manley and and Jong Chul Ye': the second 'and' is no part of his name
    pieces = [re.sub(r"^(?:and\s+)+", "", raw.strip()).strip(",").strip()
              for raw in split_multiple_persons_names(text)]  # fmt: skip
    in_vancouver = is_vancouver([raw for raw in pieces if raw and "," not in raw], alone=False)
    for raw in pieces:
        if not raw:
            continue
        if in_vancouver and "," not in raw and (written := vancouver(raw)):
            raw = ", ".join(written)  # 'Heymsfield SB': family, initials
        if ET_AL.match(raw) or ET_AL.match(decode(raw)):
            et_al = True
            continue
        name = _name(raw)
        if name is not None:
            names.append(name)
    return names, et_al


_INITIALS = re.compile(r"[A-Z]{1,3}")  # Vancouver's initials, without dots or spaces


def is_vancouver(texts: list[str], alone: bool = True) -> bool:
    """Whether a list's names without a comma are Vancouver's 'Family INITIALS': three in four
    of its people's names (a group's name aside, or one braced whole) end in one to three
    capitals, and one at least in one or two (no family name is 'J' or 'SB'; 'Jun-Ho KIM'
    alone may be given names first); with `alone` false, two names at least (a BibTeX list's
    'Bo LI' alone is given names first). Only those that end so are read so (vancouver)."""
    spaced = [text for text in texts if " " in text]
    ends = [text.split()[-1] for text in spaced if vancouver(text) and len(text.split()) <= 4]
    others = [
        text
        for text in spaced
        if not vancouver(text) and not text.startswith("{") and not looks_like_organization(text)
    ]
    return (
        len(ends) >= (1 if alone else 2)
        and 4 * len(ends) >= 3 * (len(ends) + len(others))
        and any(len(end) <= 2 for end in ends)
    )


def vancouver(text: str) -> tuple[str, str] | None:
    """A name 'Family INITIALS' as (family, initials), or None when it does not end so."""
    *family, last = text.split() or [""]
    return (" ".join(family), last) if family and _INITIALS.fullmatch(last) else None


def read_name(raw: str) -> Name | None:
    """One name as BibTeX reads it ('Family, Given', 'Given von Family', 'Family, Jr., Given');
    None for an empty one."""
    return _name(raw)


@functools.lru_cache(maxsize=1 << 16)
def _name(raw: str) -> Name | None:
    """One bibtex name. Cached: a name recurs on many entries, and one Name object for all of
    them is 8 MiB less at the peak of a 30k-entry import (output unchanged)."""
    raw = _MARKS.sub("", raw).strip().strip(",").strip()
    whole = re.fullmatch(r"\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}", raw)
    if whole:  # {Google DeepMind}: kept whole, as bibtex keeps it
        family = decode(raw)
        if not family:
            return None
        if family.count(",") == 1 and not looks_like_organization(family):
            return _name(whole.group(1))  # '{Cirera, Xavier}': a person braced by mistake
        person = " " not in family.strip() and not looks_like_organization(family)
        return Name(family, "", "person" if person else "organization", f"{family}, null")
    number = HOMONYM.search(raw)  # DBLP's "Wei Wang 0001": the number is not part of the name
    if number:
        raw = raw[: number.start()]
    raw = _GLUED_NUMBER.sub("", raw)
    try:
        parts = _suffix_placed(parse_single_name_into_parts(raw, strict=False))
    except Exception:  # an odd name is kept as written rather than lost
        family = decode(raw)
        return Name(family, "", "person", f"{family}, null") if family else None
    family = decode(" ".join([*parts.von, *parts.last, *parts.jr]))
    given = decode(" ".join(parts.first))
    if not family:
        family, given = given, ""
    if not family:
        return None
    if given and "," not in raw and _organization_words(raw):
        # 'World Bank' unbraced, given-first by BibTeX's grammar: an organization's name
        whole_name = decode(raw)
        return Name(whole_name, "", "organization", f"{whole_name}, null")
    if "," not in raw and (han := han_name(f"{given} {family}".strip())):
        family, given = han  # '张 伟' given-first by BibTeX's grammar, '彭翔' one word
    if given:
        return Name(family, given, "person", f"{family}, {given}" + (
            f" {number.group(1)}" if number else ""))  # fmt: skip
    kind = "organization" if looks_like_organization(family) else "person"
    return Name(family, "", kind, f"{family}, null")


def _organization_words(raw: str) -> bool:
    """Whether a name has a word only organizations' names have (ORG_WORDS: 'World Bank',
    'Stan Development Team'), the capitals of 'OpenAI' aside."""
    return any(word in ORG_WORDS for word in fold(decode(raw)).split())


def _is_suffix(words: list[str]) -> bool:
    return len(words) == 1 and fold(words[0]) in SUFFIXES


def _suffix_placed(parts: NameParts) -> NameParts:
    """A generational suffix where BibTeX's grammar misplaces it, as hand-kept files write it:
    'Robert E. Lucas, Jr.' (read as family 'Robert E. Lucas', given 'Jr.'), 'Lucas, Robert E.,
    Jr.' (given 'Jr.', jr 'Robert E.') and 'Robert E. Lucas Jr.' (family 'Jr.') are all
    'Lucas Jr., Robert E.', as 'Lucas, Jr., Robert E.' is read."""
    if _is_suffix(parts.first) and parts.jr and not _is_suffix(parts.jr):
        return NameParts(parts.jr, parts.von, parts.last, parts.first)
    if _is_suffix(parts.first) and not parts.jr and len(parts.last) > 1:
        *first, last = parts.last
        return NameParts(first, parts.von, [last], parts.first)
    if _is_suffix(parts.last) and not parts.jr and len(parts.first) > 1:
        *first, last = parts.first
        return NameParts(first, parts.von, [last], parts.last)
    return parts


# --- entry -> paper -------------------------------------------------------------------------


def _paper(raw: _Raw, title: str, path: str, problems: list[Problem]) -> IncomingPaper:
    f = raw.fields

    def text(*names: str) -> str:
        for name in names:
            value = decode(f.get(name, ""), math="text")
            if value:
                return value
        return ""

    authors, et_al = read_names(f.get("author", ""))
    editors, editors_et_al = read_names(f.get("editor", ""))
    kind, degree = _type(raw)
    journal = text("journal", "journaltitle")
    arxiv = _arxiv(f)
    if journal and ONLY_ARXIV.match(journal) and arxiv and raw.type in {"article", "misc"}:
        journal = ""  # "arXiv preprint arXiv:1706.03762" is not a journal; the id is kept
        kind = "preprint"
    if kind == "other" and arxiv:
        kind = "preprint"
    booktitle = text("booktitle")
    if raw.type in {"proceedings", "mvproceedings", "collection"}:
        booktitle = ""
    school = text("school")
    institution = text("institution")
    if kind == "thesis" and not school:
        school, institution = institution, ""
    year, month = _date(f)
    doi = _doi(f, raw, path, problems)
    if not arxiv and doi and ARXIV_DOI.match(doi):
        arxiv = ARXIV_DOI.match(doi).group(1)  # type: ignore[union-attr]
    url = _url(f.get("url", ""))
    links = _links(f)
    keywords = text("keywords")
    tags = tuple(dict.fromkeys(t.strip() for t in re.split(r"[,;]", keywords) if t.strip()))
    address = text("address", "location")
    return IncomingPaper(
        title=title,
        authors=tuple(authors),
        abstract=decode(f.get("abstract", "")),
        line=raw.line,
        year=year,
        venue="",
        arxiv=arxiv,
        doi=doi,
        url=url,
        tags=tags,
        type=kind,
        degree=degree,
        journal=journal,
        booktitle=booktitle,
        volume=text("volume"),
        number=text("number", "issue"),
        pages=text("pages"),
        edition=text("edition"),
        publisher=text("publisher"),
        address=address,
        school=school,
        institution=institution,
        organization=text("organization"),
        series=text("series"),
        howpublished=text("howpublished") if not URL_RE.match(text("howpublished")) else "",
        isbn=verbatim(f.get("isbn", "")),
        issn=verbatim(f.get("issn", "")),
        pmid=_pmid(f),
        openreview=_openreview(f),
        acl=_acl(f),
        dblp=_dblp(raw),
        citation_key=raw.key,
        month=month,
        editors=tuple(editors),
        et_al=et_al or (not authors and editors_et_al),
        links=links,
        orcids=_orcids(f, "author", authors),
        editor_orcids=_orcids(f, "editor", editors),
    )


def _type(raw: _Raw) -> tuple[str, str]:
    kind = TYPES.get(raw.type, "other")
    degree = ""
    label = re.sub(r"[^a-z]", "", raw.fields.get("type", "").lower())
    if raw.type == "misc" and label in {"dataset", "software"}:
        return label, ""  # how the site's own exports write them (no BibTeX type of their own)
    if raw.type == "phdthesis" and label == "thesis":
        return kind, ""  # a thesis of no stated degree, as the site's exports write it
    if raw.type == "phdthesis":
        degree = "phd"
    elif raw.type == "mastersthesis":
        degree = "masters"
    elif raw.type == "thesis":
        if "phd" in label or "doctor" in label or "dissertation" in label:
            degree = "phd"
        elif "master" in label or label in {"mathesis", "msc", "ma", "ms"}:
            degree = "masters"
    return kind, degree


def _date(f: Mapping[str, str]) -> tuple[int | None, int | None]:
    year_text = decode(f.get("year", ""))
    date = verbatim(f.get("date", ""))
    found = re.search(r"(?<!\d)(1\d{3}|2\d{3})(?!\d)", year_text) or re.match(r"(\d{4})", date)
    year = int(found.group(1)) if found else None
    month = _month(decode(f.get("month", "")))
    if month is None:
        dated = re.match(r"\d{4}-(\d{2})", date)
        if dated and 1 <= int(dated.group(1)) <= 12:
            month = int(dated.group(1))
    return year, month


def _month(text: str) -> int | None:
    """The (first) month a `month` field names: 'jun', 'June', 'June~/~July', '6'."""
    text = text.strip().lower()
    number = re.match(r"(\d{1,2})\b", text)
    if number:
        value = int(number.group(1))
        return value if 1 <= value <= 12 else None
    word = re.match(r"[a-z]+", text)
    if word and len(word.group()) >= 3:
        for index, name in enumerate(MONTHS, start=1):
            if name.startswith(word.group()):
                return index
    return None


def _doi(f: Mapping[str, str], raw: _Raw, path: str, problems: list[Problem]) -> str:
    doi = verbatim(f.get("doi", ""))
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.IGNORECASE)
    if doi and not DOI_RE.match(doi):
        problems.append(Problem(path, raw.line, f"ignored doi '{doi}': not a DOI", warning=True))
        return ""
    return doi


def _arxiv(f: Mapping[str, str]) -> str:
    eprint = verbatim(f.get("eprint", ""))
    prefix = verbatim(f.get("archiveprefix", "") or f.get("eprinttype", "")).lower()
    if eprint and (prefix == "arxiv" or (not prefix and ARXIV_RE.match(eprint))):
        eprint = re.sub(r"^arxiv:", "", eprint, flags=re.IGNORECASE)
        if ARXIV_RE.match(eprint):
            return eprint
    doi = ARXIV_DOI.match(verbatim(f.get("doi", "")))
    if doi and ARXIV_RE.match(doi.group(1)):
        return doi.group(1)
    for key in ("journal", "journaltitle", "url", "note", "howpublished", "volume"):
        match = ARXIV_IN_TEXT.search(verbatim(f.get(key, "")) if key == "url" else f.get(key, ""))
        if match:
            return match.group(1)
    return ""


def _url(value: str) -> str:
    url = verbatim(value)
    return url if URL_RE.match(url) else ""


def _links(f: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    links: dict[str, str] = {}
    for name, kind in LINK_FIELDS.items():
        url = _url(f.get(name, ""))
        if url and kind not in links:
            links[kind] = url
    return tuple(links.items())


def _pmid(f: Mapping[str, str]) -> str:
    pmid = verbatim(f.get("pmid", ""))
    if not pmid and verbatim(f.get("eprinttype", "")).lower() == "pubmed":
        pmid = verbatim(f.get("eprint", ""))
    return pmid if pmid.isdigit() else ""


def _openreview(f: Mapping[str, str]) -> str:
    found = verbatim(f.get("openreview", ""))
    if found and not found.startswith("http"):
        return found
    for value in (found, verbatim(f.get("url", ""))):
        match = re.search(r"openreview\.net/(?:forum|pdf)\?id=([\w-]+)", value)
        if match:
            return match.group(1)
    return ""


def _acl(f: Mapping[str, str]) -> str:
    for value in (verbatim(f.get("url", "")), verbatim(f.get("doi", ""))):
        match = re.search(
            r"(?:aclanthology\.org/|aclweb\.org/anthology/|10\.18653/v1/)([A-Z]\d{2}-\d{4}|"
            r"\d{4}\.[\w-]+\.\d+)",
            value,
            re.IGNORECASE,
        )
        if match:
            return match.group(1)
    return ""


def _dblp(raw: _Raw) -> str:
    for value in (verbatim(raw.fields.get("biburl", "")), raw.key):
        match = re.search(r"dblp\.(?:org|uni-trier\.de)/rec/(?:bib\w*/)?(.+?)(?:\.bib)?$", value)
        if match:
            return match.group(1)
        if value.startswith("DBLP:"):
            return value.removeprefix("DBLP:")
    return ""


def _orcids(f: Mapping[str, str], role: str, names: Iterable[Name]) -> tuple[str, ...]:
    """ORCIDs per position: biblatex `author+an:orcid = {1="..."; 3="..."}`, or Web of
    Science's `orcid-numbers = {Family, Given/0000-...; ...}` (`OI`, its tag, where a converter
    kept that) matched by name (_listed_position)."""
    names = list(names)
    found = [""] * len(names)
    annotation = f.get(f"{role}+an:orcid", "")
    for position, orcid in re.findall(r"(\d+)\s*=\s*\"?([\dX-]{19})", annotation):
        index = int(position) - 1
        if 0 <= index < len(found) and ORCID_RE.match(orcid):
            found[index] = orcid
    if role == "author":
        listed = f.get("orcid-numbers", "") or f.get("orcid", "") or f.get("oi", "")
        for who, orcid in _LISTED_ORCID.findall(listed):
            at = _listed_position(decode(who), names, found)
            if at is not None and ORCID_RE.match(orcid):
                found[at] = orcid
    return tuple(found) if any(found) else ()


# one 'Family, Given/ORCID' of Web of Science's list: they are parted by ';' or by a line end
# (a space once BibTeX has read the value)
_LISTED_ORCID = re.compile(r"\s*([^;/]+?)\s*/\s*(\d{4}-\d{4}-\d{4}-\d{3}[\dX])")


def _listed_position(who: str, names: list[Name], found: list[str]) -> int | None:
    """The byline position of one name of a 'Family, Given/ORCID' list: the one author of that
    family name, or among several the one whose given name has the same first letter (its
    spelling there may differ: 'LEE, Chung Sing Victor' is 'Lee, Victor C. S.'); None when
    that is not one author (a paper's two Lius, neither a C.). An ORCID given to the wrong
    one says a person is another: 'Xie, Ruitao' took each of her co-authors' in turn."""
    family, _, given = (fold(part) for part in who.partition(","))
    mine = [i for i, name in enumerate(names) if not found[i] and fold(name.family) == family]
    if len(mine) > 1:
        mine = [i for i in mine if given and fold(names[i].given)[:1] == given[:1]]
    return mine[0] if len(mine) == 1 else None

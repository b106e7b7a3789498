"""Names shared by the site and the importer: author lines -> names, folding, ids and aliases.

An author line is comma-separated "Family, Given" pairs, as scholar profiles export them. The
exports are messy: `null` stands for a missing given name, a group author is written
`OpenAI, null, :, null`, and a person whose name was not split comes as two given-less pairs
(`Michael, null, Pokorny, null`).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Container
from dataclasses import dataclass
from typing import Final

from slugify import slugify

NULLS = frozenset({"", "null"})  # not "nan": Nan is a given name (Du, Nan)
PARTICLES = frozenset(
    {"de", "del", "della", "der", "di", "da", "dos", "du", "la", "le", "van", "von", "den", "ter"}
)
# generational suffixes, folded: part of a name as written ('Lucas Jr., Robert E.'), not of
# whom it names apart from a father or son ('Jr.' against 'Sr.'); 'V' is an initial as often
SUFFIXES = frozenset({"jr", "sr", "jnr", "snr", "ii", "iii", "iv"})
ORG_WORDS = frozenset(
    [
        "team",
        "group",
        "consortium",
        "collaboration",
        "committee",
        "project",
        "initiative",
        "institute",
        "lab",
        "laboratory",
        "laboratories",
        "labs",
        "inc",
        "inc.",
        "ltd",
        "llc",
        "corporation",
        "corp",
        "foundation",
        "university",
        "association",
        "society",
        "council",
        "network",
        "alliance",
        "organization",
        "organisation",
        "center",
        "centre",
        "openai",
        "deepmind",
        # public bodies ('World Bank', 'United Nations', 'European Commission')
        "world",
        "nations",
        "agency",
        "ministry",
        "commission",
        "government",
        "department",
        "bureau",
        "federation",
        "programme",
        "secretariat",
    ]
)
_APOSTROPHES = [["'", ""], ["’", ""], ["ʼ", ""]]
_HAN_CHARACTERS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN: Final = re.compile(f"[{_HAN_CHARACTERS}]")  # a Chinese character
HAN_RUN: Final = re.compile(f"[{_HAN_CHARACTERS}]+")


@dataclass(frozen=True, slots=True)  # slots: an import holds a million of them
class Name:
    """One author as a source spelled them."""

    family: str
    given: str = ""
    kind: str = "person"  # or "organization"
    raw: str = ""  # the source's own spelling, verbatim ("Kaiser, Łukasz")

    @property
    def display(self) -> str:
        """The name as shown on pages: "Given Family", or the family (organization) alone;
        a name in Chinese characters family first, with no space ('彭翔')."""
        if not self.given:
            return self.family
        if HAN.match(self.family[-1:]) and HAN.match(self.given[:1]):
            return f"{self.family}{self.given}"
        return f"{self.given} {self.family}"

    @property
    def spelling(self) -> str:
        """The "Family, Given" form used in aliases."""
        return self.raw or (f"{self.family}, {self.given}" if self.given else self.family)

    @property
    def homonym(self) -> str:
        """DBLP's number for one of several people of one name ('Wang, Wei 0001'), or ""."""
        match = HOMONYM.search(self.raw)
        return match.group(1) if match else ""


# what a source writes where it knows no author ('Anonymous', 'Anon.', 'N. N.'): no person
PLACEHOLDERS: Final = frozenset(
    "anonymous anon anonym anonymus anonyme anonimo anonyma unknown nn n-n"
    " unknown-author author-unknown no-author various various-authors".split()
)


def is_placeholder(name: Name) -> bool:
    """Whether a name stands for no known author: many unrelated works share it, and an
    author page under it would list strangers' papers as one person's."""
    return "-".join(fold(name.display).split()) in PLACEHOLDERS


# DBLP numbers people who share a name: "Wei Wang 0001" and "Wei Wang 0010" are two people
HOMONYM: Final = re.compile(r"\s(\d{4})\s*$")


BACKEND: Final = "text-unidecode"  # slugify's "auto" tries to import unidecode anew on every call


@functools.lru_cache(maxsize=1 << 18)  # a build folds each name and title many times
def fold(text: str) -> str:
    """Lowercase ASCII words for comparing names and titles: 'Mądry' -> 'madry', '薛小代' ->
    'xue xiao dai' (han_read)."""
    return slugify(han_read(text), separator=" ", replacements=_APOSTROPHES, backend=BACKEND)


def fold_family(family: str) -> str:
    """fold for a family name: one in Chinese characters read as a family name ('曾' Zeng)."""
    return fold(han_read(family, family=True))


# Chinese characters read in pinyin, each by its commonest reading (pypinyin's table), not as
# text-unidecode reads them: '沈' chen, '万' mo, '宁' zhu, '薛' xie, '翟' di, where people
# write Shen, Wan, Ning, Xue, Zhai. A family name's first characters are read as a family
# name, where that differs: '曾' is Zeng (ceng otherwise), '单' Shan, '尉迟' Yuchi.
SURNAME_READINGS: Final = {
    spelling: reading
    for spellings, reading in (
        ("曾", "zeng"), ("单 單", "shan"), ("解", "xie"), ("仇", "qiu"), ("区 區", "ou"),
        ("查", "zha"), ("朴", "piao"), ("盖 蓋", "ge"), ("缪 繆", "miao"), ("翟", "zhai"),
        ("召", "shao"), ("秘", "bi"), ("员 員", "yun"), ("种 種 重", "chong"), ("折", "she"),
        ("繁", "po"), ("句", "gou"), ("隗", "wei"), ("都", "du"), ("乐 樂", "yue"), ("覃", "qin"),
        ("尉迟 尉遲", "yuchi"), ("万俟 萬俟", "moqi"), ("长孙 長孫", "zhangsun"),
        ("单于 單于", "chanyu"), ("澹台", "tantai"),
    )
    for spelling in spellings.split()
}  # fmt: skip


def han_read(text: str, family: bool = False) -> str:
    """Text with its Chinese characters in pinyin, without tones, a word each ('薛小代' ->
    ' xue xiao dai '); with `family`, its first characters read as a family name's
    (SURNAME_READINGS). Other text as it is."""
    if not HAN.search(text):
        return text
    head = ""
    if family:
        size = next((n for n in (2, 1) if text[:n] in SURNAME_READINGS), 0)
        head, text = (SURNAME_READINGS[text[:size]], text[size:]) if size else ("", text)
    read = _pinyin()
    return f" {head} " + HAN_RUN.sub(lambda run: " " + " ".join(read(run.group())) + " ", text)


@functools.lru_cache(maxsize=1)
def _pinyin() -> Callable[[str], list[str]]:
    """pypinyin's reading of each character, loaded once a text has Chinese characters:
    without its table of phrases (each character's own reading, as in names: 13 MiB, not 57)."""
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")
    from pypinyin import Style, lazy_pinyin

    return functools.partial(lazy_pinyin, style=Style.NORMAL, v_to_u=True)


def make_id(text: str, fallback: str, max_length: int = 60) -> str:
    """A safe id: lowercase ASCII words joined by hyphens, never empty, never a path."""
    slug = slugify(han_read(text), replacements=_APOSTROPHES, backend=BACKEND)
    if len(slug) > max_length:  # cut at a word boundary; slugify's own cut can skip a word
        cut = slug[: max_length + 1].rfind("-")
        slug = slug[:cut] if cut > 0 else slug[:max_length]
    return slug or fallback


def unique_id(base: str, taken: Container[str]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is not taken yet."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def looks_like_organization(text: str) -> bool:
    """Whether a given-name-less entry names an organization rather than a person."""
    words = fold(text).split()
    if any(word in ORG_WORDS for word in words):
        return True
    # OpenAI, IBM, NVIDIA: two capitals in a row, which person names do not have
    return bool(re.search(r"[A-Z]{2}", text))


def _is_null(token: str) -> bool:
    return token.strip().lower() in NULLS


def _is_marker(token: str) -> bool:
    """`:` and other punctuation-only tokens are not authors (`OpenAI, null, :, null`)."""
    return not any(ch.isalnum() for ch in token)


_HAN_NAME = re.compile(f"[{_HAN_CHARACTERS}]{{1,4}}")
# two-character Chinese family names ('欧阳明' is Ouyang Ming)
_COMPOUND_FAMILY = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕"
    " 令狐 钟离 端木 独孤 南宫 西门 歐陽 司馬 諸葛 長孫 軒轅 鍾離".split()
)


def han_name(text: str) -> tuple[str, str] | None:
    """(family, given) of a name written in Chinese characters, family name first: '张 伟'
    and '张伟' are Zhang Wei, '欧阳明' Ouyang Ming; a four-character name without a space is
    two and two (a compound family name, or a Japanese name in kanji). None for another."""
    words = text.split()
    if len(words) == 2 and all(_HAN_NAME.fullmatch(w) for w in words):
        return words[0], words[1]
    if len(words) != 1 or not _HAN_NAME.fullmatch(text) or len(text) < 2:
        return None
    size = 2 if text[:2] in _COMPOUND_FAMILY or len(text) == 4 else 1
    return text[:size], text[size:]


def parse_author_line(line: str) -> list[Name]:
    """Parse "Family, Given, Family, Given, ..." into names, in order, exact repeats dropped."""
    tokens = [token.strip() for token in line.split(",")]
    if len(tokens) % 2:
        tokens.append("null")
    pairs = [(tokens[i], tokens[i + 1]) for i in range(0, len(tokens), 2)]
    names: list[Name] = []
    i = 0
    while i < len(pairs):
        family, given = pairs[i]
        nxt = pairs[i + 1] if i + 1 < len(pairs) else None
        i += 1
        if _is_marker(family):
            continue
        if not _is_null(given):
            # "Wang, Wei 0001" (an alias keeps DBLP's number): the name is Wei Wang
            plain = HOMONYM.sub("", given) or given
            names.append(Name(family, plain, "person", f"{family}, {given}"))
            continue
        group_marker = nxt is not None and _is_marker(nxt[0])
        if group_marker or looks_like_organization(family):
            names.append(Name(family, "", "organization", f"{family}, {given}"))
        elif (
            nxt is not None
            and _is_null(nxt[1])
            and not looks_like_organization(nxt[0])
            and not _is_marker(nxt[0])
        ):
            # "Michael, null, Pokorny, null": one person whose name the export did not split
            raw = f"{family}, {given}, {nxt[0]}, {nxt[1]}"
            names.append(Name(nxt[0], family, "person", raw))
            i += 1
        elif han := han_name(family):  # '彭翔': Peng Xiang
            names.append(Name(han[0], han[1], "person", f"{family}, {given}"))
        else:
            names.append(Name(family, "", "person", f"{family}, {given}"))
    return _drop_repeats(names)


def _drop_repeats(names: list[Name]) -> list[Name]:
    seen: set[str] = set()
    out = []
    for name in names:
        if name.raw not in seen:
            seen.add(name.raw)
            out.append(name)
    return out


def looks_like_author_line(line: str) -> bool:
    """Whether a line could be an author line: comma-separated short name tokens."""
    tokens = [t.strip() for t in line.split(",")]
    if len(tokens) < 2:
        return False
    return all(0 < len(t) <= 60 and len(t.split()) <= 6 for t in tokens)


def parse_owner(line: str) -> Name | None:
    """The first line of a publication list: the profile owner, "Family, Given"."""
    names = parse_author_line(line) if looks_like_author_line(line) else []
    return names[0] if len(names) == 1 else None


def alias_name(spelling: str, kind: str) -> Name | None:
    """An alias read back into a name ("Kaiser, Łukasz" -> family Kaiser, given Łukasz). An
    importer writes a name with a comma of its own whole: a family name and no given name as
    "University of California, Berkeley, null", a suffix as "Bailey, Jr., Herbert S." (BibTeX's
    "von Last, Jr, First"); read as a list, such an alias was no name, and importing the same
    file again added the name once more, without ", null"."""
    names = parse_author_line(spelling)
    if len(names) == 1:
        return Name(names[0].family, names[0].given, kind, names[0].raw)
    head, _, last = spelling.rpartition(",")
    if head and _is_null(last.strip()):
        return Name(head.strip(), "", kind, spelling)
    family, _, given = head.rpartition(",")
    if family and given.strip() and fold(given) in SUFFIXES and last.strip():
        return Name(f"{family.strip()}, {given.strip()}", last.strip(), kind, spelling)
    return None

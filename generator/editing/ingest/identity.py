"""Who is the same person: the rules that merge spellings, each with a reason a person can check.

Merged: `Kaiser, Łukasz` / `Kaiser, Lukasz` (accents), `Tillet, Phil` / `Tillet, Philippe` and
`Achiam, Josh` / `Achiam, Joshua` (short forms), `Keskar, Nitish` / `Keskar, Nitish Shirish`
(middle names), `Gontijo-Lopes, Rapha` / `Lopes, Rapha Gontijo` (a compound family name split
another way), `Stiennon, Nisan` / `Stiennon, Nissan` (one letter).
Kept apart: different given names under one family name (`Leike, Jan` / `Leike, Reimar`,
`Chen, Jason` / `Chen, Jay`), and anything an author's `not_same_as` lists.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from nicknames import NickNamer

from generator.base.names import HAN, PARTICLES, SUFFIXES, Name, alias_name, fold, fold_family
from generator.model.records import Author

# Short forms the nickname dataset lacks but that the seeds (and European names) need.
EXTRA_SHORT_FORMS = {
    "nik": ("nikolas", "nikola", "niklas", "nikolai", "nikolaus"),
    "phil": ("philippe", "philipp", "philipe"),
    "rapha": ("raphael", "rafael"),
    "xavi": ("xavier",),
}
_VOWELS = frozenset("aeiouy")
_PINYIN = frozenset(
    initial + final
    for initial in "b p m f d t n l g k h j q x zh ch sh r z c s y w -".split()
    for final in (
        "a o e i u v ai ei ui ao ou iu ie ve ue er an en in un vn ang eng ing ong ia iao ian"
        " iang iong ua uo uai uan uang"
    ).split()
    if initial != "-" or final[0] in "aoe"
) | {"a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "er"}


@functools.lru_cache(maxsize=1 << 14)
def _pinyin(word: str) -> bool:
    """Whether a word is pinyin syllables run together ('hongbin', 'qingqing', 'danqi')."""
    return not word or any(word[:n] in _PINYIN and _pinyin(word[n:]) for n in range(1, 7))


def _syllables(words: Iterable[str]) -> int:
    """About how many syllables words have: their runs of vowels ('y' inside a word aside)."""
    return sum(len(re.findall(r"[aeiou]+|y$", w)) for w in words)


# Family names so widely shared that one full name under them is often several researchers
# (most of DBLP's numbered namesakes, `Wei Wang 0001` to `0150`, carry one): the frequent
# Chinese (pinyin, and the Cantonese and Wade-Giles spellings common in papers), Korean,
# Vietnamese, Japanese, South Asian and Arabic family names; and the most frequent of the
# countries whose names the US lists of name_frequencies.tsv lack or rank far below their
# home share (Turkish, Russian, Persian, Bengali and Indian, Italian, Portuguese, Polish,
# German, French, Dutch, Greek, Nigerian, Indonesian), which would otherwise count as rare:
# 'Ivanov, Sergey', 'Rossi, Marco' and 'Yilmaz, Mehmet' are many researchers each. With them,
# one full name needs evidence, as initials do.
# the Chinese, Korean and Vietnamese family names: under them one short given name ('Zhang,
# Lu', 'Li, Hongbin') may be two people within one bibliography (Key.shared_in_one_file)
CHINESE_FAMILY = frozenset(
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng"
    " liang xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du"
    " ye cheng wei su lu ding ren shen yao jin fu zhong tan dai xia qiu fang hou zou xiong meng"
    " qin bai jia yan shi xue lei long duan hao kong shao mao chang wan gu lai wen kang qian niu"
    " hong gong fan yin yi qi chu mo bao cui fei gan geng guan ji jiao lan lou mu ning ou pang"
    " pei qu rao ruan tao xiang xin yue zhan zhuang zuo hua miao shu bi bian an".split()
)  # in pinyin
EAST_ASIAN_FAMILY = CHINESE_FAMILY | frozenset(
    # Cantonese, Wade-Giles
    " chan cheung wong leung lau ho ng chow tsang yip lam kwok tse chiu hsu tsai hsieh kuo"
    " chou yeh tseng liao chien chung chuang"
    # Korean
    " kim lee park choi jung jeong kang cho jo yoon yun jang lim im oh seo shin kwon hwang"
    " ahn yoo hong jeon chun ko moon yang son bae baek paik heo huh nam noh roh ha kwak"
    " sung cha joo woo min ryu"
    # Vietnamese
    " nguyen tran le pham hoang huynh phan vu vo dang bui do duong ly truong dinh mai trinh"
    "".split()
)
COMMON_FAMILY = EAST_ASIAN_FAMILY | frozenset(
    # Japanese
    " sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato"
    # South Asian, Arabic
    " kumar singh sharma gupta patel shah reddy rao das jain agarwal agrawal mishra verma"
    " yadav khan ali ahmed ahmad mohamed mohammed hassan hussain ibrahim"
    " mahmoud hussein saleh abdullah abbas youssef mustafa"
    # Japanese beyond the top ten
    " yoshida yamada sasaki yamaguchi matsumoto inoue kimura hayashi shimizu yamazaki mori abe"
    " ikeda hashimoto yamashita ishikawa nakajima maeda fujita ogawa goto okada hasegawa"
    " murakami kondo ishii saito sakamoto endo aoki fujii nishimura fukuda ota miura fujiwara"
    # Indian and Bengali beyond the above
    " banerjee chatterjee mukherjee ghosh bose roy sen dutta iyer nair menon pillai joshi mehta"
    " desai kulkarni patil krishnan subramanian srinivasan chandra prasad kaur bhatt saxena"
    " tiwari pandey dubey chauhan thakur islam rahman hossain akter uddin alam chowdhury haque"
    " miah malik iqbal raza javed"
    # Turkish
    " yilmaz kaya demir sahin celik yildiz yildirim ozturk aydin ozdemir arslan dogan kilic"
    " aslan cetin kara koc kurt ozkan simsek"
    # Russian, both forms
    " ivanov smirnov kuznetsov popov vasiliev vasilyev petrov sokolov mikhailov novikov fedorov"
    " morozov volkov alekseev lebedev semenov egorov pavlov kozlov stepanov nikolaev orlov"
    " andreev makarov zaitsev ivanova smirnova kuznetsova popova vasilieva vasilyeva petrova"
    " sokolova mikhailova novikova fedorova morozova volkova alekseeva lebedeva semenova"
    " egorova pavlova kozlova stepanova nikolaeva orlova andreeva makarova zaitseva"
    # Persian
    " mohammadi hosseini ahmadi rezaei moradi karimi jafari rahimi hashemi mousavi ghasemi"
    " sadeghi heidari ebrahimi akbari kazemi rostami"
    # Italian, Portuguese and Brazilian, Polish
    " rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno gallo conti"
    " mancini giordano rizzo lombardi moretti"
    " silva santos oliveira souza sousa rodrigues ferreira alves pereira lima gomes costa"
    " ribeiro martins carvalho almeida lopes soares fernandes vieira barbosa"
    " nowak kowalski wisniewski wojcik kowalczyk kaminski lewandowski zielinski szymanski"
    " wozniak"
    # German, French, Dutch (particles aside: de Vries is 'vries'), Greek
    " muller mueller schmidt schneider fischer weber meyer wagner becker schulz hoffmann"
    " schroder schroeder neumann zimmermann kruger krueger hartmann krause"
    " dubois durand leroy moreau lefebvre fournier girard bonnet lambert fontaine"
    " jong vries berg dijk bakker jansen janssen visser smit meijer boer mulder groot"
    " papadopoulos papadakis georgiou nikolaou"
    # Nigerian, Indonesian
    " okafor okeke okonkwo adeyemi adebayo eze nwosu musa abubakar bello yusuf"
    " wijaya santoso susanto kusuma hidayat saputra setiawan nugroho pratama".split()
)
# Given names common in Europe that the US lists of name_frequencies.tsv lack or rank low:
# counted as a typical national top-30 name.
EUROPEAN_GIVEN = frozenset(
    "klaus jurgen wolfgang matthias dieter uwe jorg thorsten gunter bernd ralf holger alain"
    " philippe francois sebastien jerome gerard herve yves olivier nicolas frederic julien"
    " guillaume matteo alessandro lorenzo andrea davide stefano luca giovanni pedro rafael"
    " jorge alejandro sergio pablo raul joao lukasz piotr tomasz krzysztof pawel marcin jakub"
    " andrzej jiri petr gabor laszlo zoltan sergey sergei dmitry dmitri alexei alexey andrei"
    " mikhail vladimir yuri olga elena natalia".split()
)
EUROPEAN_GIVEN_SHARE = 0.003
FAMILY_FLOOR = 0.000005  # a family name the lists leave out: rarer than their last (0.001%)
GIVEN_FLOOR = 0.00005
# One full name with a share above this is several people in a field (about one in ten
# million people carries it: Michael Roth, Sean Murphy, Roy Schwartz, Charles Kemp all are);
# below it, within one site, one (Donald Knuth, Leslie Lamport, Brian Kernighan).
COMMON_NAME_SHARE = 1e-7
COMMON_FAMILY_SHARE = 0.0001  # a family name carried by one in ten thousand or more is common
COMMON_WORD_SHARE = 0.01  # the share a word of COMMON_FAMILY counts for in a longer family name
# a family name carried by one in a thousand or more (Smith, Evans, Hall): initials under it
# are anyone's, even within one bibliography
VERY_COMMON_FAMILY_SHARE = 0.001
NAME_FREQUENCIES = Path(__file__).with_name("name_frequencies.tsv")
RARE_NAME_YEARS = 15  # a rare name's papers this many years apart may be two people


@dataclass(frozen=True, slots=True)
class Key:
    """A name reduced to what identity rules compare: folded tokens, particles aside."""

    kind: str
    family: tuple[str, ...]  # without particles such as de, von, and suffixes such as Jr.
    given: tuple[str, ...]
    full: tuple[str, ...]  # every token, particles included, in order

    @property
    def widely_shared(self) -> bool:
        """Whether its family name is in COMMON_FAMILY: one full name under it is often
        several people."""
        return any(token in COMMON_FAMILY for token in self.family)

    @property
    def shared_in_one_file(self) -> bool:
        """Whether one full name under it may be two people in one bibliography: a family
        name of EAST_ASIAN_FAMILY with a given name of one syllable or in pinyin ('Zhang, Lu',
        'Li, Hongbin': each two people in one reference list); not a given name of two
        syllables or more that is not pinyin ('Liang, Percy', 'Ng, Derrick Wing Kwan',
        'Kim, Dong In'), which is as specific as any other full name; nor under the other
        names of COMMON_FAMILY ('von Neumann, John' twice in an economics list)."""
        if not any(token in EAST_ASIAN_FAMILY for token in self.family):
            return False
        words = [t for t in self.given if len(t) > 1]
        return not words or all(_pinyin(w) for w in words) or _syllables(words) < 2

    @staticmethod
    @functools.lru_cache(maxsize=1 << 18)  # an import compares each spelling many times
    def of(name: Name) -> Key:
        """The key of one spelling: a Chinese name's given name as one word, however spaced
        ('Mei, Sheng Wei' and 'Mei, Shengwei'; '刘晓利' and 'Liu, Xiaoli')."""
        family = tuple(fold_family(name.family).split())
        given = tuple(fold(given_of(name)).split())
        if HAN.search(name.family) or HAN.search(name.given):
            family = ("".join(family),) if family else ()  # '欧阳': 'ouyang'
            given = ("".join(given),) if given else ()
        elif _pinyin_name(family, given):
            given = ("".join(given),)
        core = tuple(t for t in family if t not in PARTICLES and t not in SUFFIXES) or family
        return Key(name.kind, core, given, given + family)

    @property
    def suffix(self) -> tuple[str, ...]:
        """The generational suffix of its family name ('jr'), or ()."""
        return tuple(t for t in self.full[len(self.given) :] if t in SUFFIXES)


# One Russian (Ukrainian, Bulgarian...) name romanized several ways: 'Шайтан' is Shaitan or
# Shaytan, 'Дмитрий' Dmitrii, Dmitriy, Dmitry or Dmitrij, 'Брюхов' Bryukhov or Briukhov,
# 'Наталья' Natalya or Natalia, 'Виктор' Viktor or Victor, 'Филипп' Philipp or Filipp. Each
# rule maps the alternatives to one form (romanized); applied in order, to folded words.
_ROMANIZATIONS = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        ("x", "ks"),  # Alexey / Aleksei
        ("ph", "f"),  # Philipp / Filipp
        ("kh", "h"),  # Mikhail / Mihail
        ("w", "v"),  # Iwanow / Ivanov: the German way
        ("ck", "k"),
        ("c(?=[^aeiouyh])", "k"),  # Victor / Viktor
        ("(?<=[aeiou])[yj](?![aeiou])", "i"),  # Shaytan / Shaitan, Sergey / Sergei / Sergej
        ("(?<![aeiou])(?:iy|ij|yi|ii|y)$", "i"),  # Dmitriy, Dmitrij, Dmitrii / Dmitry
        ("y(?=[aeiou])", "i"),  # Yuri / Iurii, Natalya / Natalia, Bryukhov / Briukhov
        ("^ie", "e"),  # Yevgeny / Evgeny, Yelena / Elena
        ("(?<=[aeiou])ie", "e"),  # Sergeyev / Sergeev
        (r"(.)\1", r"\1"),  # Philipp / Filip, Dmitrii / Dmitri
    )
)


@functools.lru_cache(maxsize=1 << 18)  # asked of every word of every name compared
def romanized(word: str) -> str:
    """A folded word with the ways of romanizing one Cyrillic spelling made one: 'shaytan'
    and 'shaitan' are 'shaitan', 'dmitriy' and 'dmitry' 'dmitri'."""
    for pattern, replacement in _ROMANIZATIONS:
        word = pattern.sub(replacement, word)
    return word


@functools.lru_cache(maxsize=1 << 18)
def romanizes(family: tuple[str, ...]) -> bool:
    """Whether a family name may be one romanized several ways: not a Chinese, Korean or
    Vietnamese one, nor one syllable of pinyin ('Liu' and 'Lyu' are two families)."""
    return not any(
        t in EAST_ASIAN_FAMILY or t in _PINYIN or romanized(t) in _PINYIN for t in family
    )


# Vietnamese family names, and a word that may be a Vietnamese given name ('can', 'minh',
# 'diem', 'thuong'; not 'smith' or 'jones'): one syllable as Vietnamese spells them unmarked
VIETNAMESE_FAMILY = frozenset(
    "nguyen tran le pham hoang huynh phan vu vo dang bui do duong ly truong dinh mai trinh"
    " ngo ho dao doan luong lam ha cao ta quach luu kieu tong thai".split()
)
_VIETNAMESE_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}"
    r"(?:ch|ng|nh|[cmnpt])?"
)


def _pinyin_name(family: tuple[str, ...], given: tuple[str, ...]) -> bool:
    """Whether a folded name is a Chinese one in pinyin with its given name in several
    words ('Mei, Sheng Wei'): a family name of one syllable, each given word one too."""
    return (
        len(family) == 1
        and (family[0] in CHINESE_FAMILY or family[0] in _PINYIN)
        and len(given) > 1
        and all(len(t) > 1 and t in _PINYIN for t in given)
    )


# Google Scholar's and PubMed's compact initials: 'Latham, PE' is P. E. Latham
_COMPACT_INITIALS = re.compile(r"[A-Z]{2,3}")
# a title written into the given name by a hand-kept list ('Ravindran, Prof B.', 'Ravindran,
# prof.B', 'Raman, Dr.Karthik'); 'Drew' and 'DR' (initials) are no title
_TITLE = re.compile(r"(?:(?:[Pp]rof(?:essor)?|[Dd]r)(?:\.\s*|\s+)|(?:Mr|Mrs|Ms)\.\s*)+(?=\S)")


# initials glued to a given name by an export that lost a space ('Kolb, EdwardW.', 'Tait,
# TimM.P.'): 'Edward W.', 'Tim M.P.'
_GLUED = re.compile(r"\b([A-Z][a-z]+)((?:[A-Z]\.)+)(?=\s|$)")


# particles BibTeX leaves in the given name when capitalized ('Charles Van Loan' is 'Loan,
# Charles Van'; the family name's own particles are left out of its key too); not 'De', 'Di',
# 'Da', 'Du', 'Le': syllables of Chinese given names ('Wang, Xiao De')
_TRAILING_PARTICLES = frozenset(
    "van von der den ter del della dalla degli delle vom zum zur".split()
)


def titled(name: Name) -> bool:
    """Whether a spelling's given name begins with a title ('Dr.Nandan', 'Prof B.')."""
    return bool(_TITLE.match(name.given))


@functools.lru_cache(maxsize=1 << 18)  # asked of each spelling millions of times in an import
def given_of(name: Name) -> str:
    """A given name as identity reads it: without a title ('Prof B.' is 'B.'), initials
    glued to a name apart ('EdwardW.' is 'Edward W.'), without a capitalized particle BibTeX
    left at its end ('Charles Van' of 'Charles Van Loan' is 'Charles'); compact
    initials ('Latham, PE', 'Ma, WJ', 'Granger, Clive WJ') as initials ('P. E.', as 'Latham,
    P. E.' would be),
    unless the family name is in capitals too ('WU, YU': a source that writes every name so).
    The name itself stays as written: 'CJ Weinmann' is shown so."""
    given = _GLUED.sub(r"\1 \2", _TITLE.sub("", name.given, count=1))
    words = given.split()
    while len(words) > 1 and words[-1][:1].isupper() and fold(words[-1]) in _TRAILING_PARTICLES:
        words.pop()  # 'Charles Van Loan' read by BibTeX as 'Loan, Charles Van': 'Charles'
        given = " ".join(words)
    if name.family.isupper():
        return given
    if _COMPACT_INITIALS.fullmatch(given):
        return " ".join(f"{letter}." for letter in given)
    words = given.split()
    if len(words) > 1 and any(_COMPACT_INITIALS.fullmatch(w) for w in words[1:]):
        # 'Granger, Clive WJ': the middle initials run together, as 'Clive W. J.'
        return " ".join(
            " ".join(f"{letter}." for letter in w) if n and _COMPACT_INITIALS.fullmatch(w) else w
            for n, w in enumerate(words)
        )
    return given


def blocks(name: Name) -> set[tuple[str, ...]]:
    """The blocks a spelling is compared within: only spellings that share one may be one
    person (same_person), so each is compared with its block, not with every name. A family
    name and a first initial; the given name and the family's initial, for swapped names; the
    given name and the family's first letters, for a typo in the family name."""
    key = Key.of(name)
    if key.kind == "organization":
        return {("o", *key.full)}
    initials = {key.given[0][0]} if key.given else {""}
    if key.given and len(key.given[0]) > 1:  # Bill and William, Peggy and Margaret: one block
        initials.update(long[0] for long in _long_forms(key.given[0]))
    family_initial = key.family[0][0] if key.family else ""
    found: set[tuple[str, ...]] = {
        ("f", token, initial) for token in key.family for initial in initials
    }
    if key.given and romanizes(key.family):  # 'Shaytan, A.' meets 'Шайтан, А.' ('shaitan')
        initials.add(romanized(key.given[0])[0])  # 'Yuri' meets 'Iurii'
        found.update(("f", romanized(t), initial) for t in key.family for initial in initials)
    if len(words := family_words(name)) > 1:  # 'Le Cun' meets 'LeCun'
        found.update(("f", "".join(words), initial) for initial in initials)
    if name.family.translate(_UMLAUTS) != name.family:  # 'Müller' meets 'Mueller'
        written = fold(name.family.translate(_UMLAUTS)).split()
        found.update(("f", token, initial) for token in written for initial in initials)
    # 'Li, Dong' meets 'Dong, Li' in the block its family name makes
    found.update(("f", token, family_initial) for token in key.given)
    if _initials_only(key):  # 'Nguyen, C. T.' meets 'Can, N. T.' (_swapped_initials)
        if key.family[0] in VIETNAMESE_FAMILY:
            found.add(("w", family_initial, *sorted(key.given)))
        elif _given_syllable(key.family[0]):
            found.update(
                ("w", initial, *sorted((*key.given[:n], *key.given[n + 1 :], family_initial)))
                for n, initial in enumerate(key.given)
            )
    if key.given and len(key.given[0]) > 1 and key.family:
        found.add(("t", " ".join(key.given), " ".join(key.family)[:3]))
    return found


@functools.lru_cache(maxsize=1 << 12)
def _long_forms(short: str) -> frozenset[str]:
    """The names a given name is a known short form of ('bill' -> william ...), folded."""
    found = {fold(n) for n in _nicknamer().canonicals_of(short)}
    return frozenset(n for n in found | set(EXTRA_SHORT_FORMS.get(short, ())) if n)


@functools.cache
def _nicknamer() -> NickNamer:
    return NickNamer()


def is_short_form(short: str, long: str) -> bool:
    """Whether `short` is a known short form of `long` (Josh/Joshua, Phil/Philippe)."""
    namer = _nicknamer()
    if long in namer.canonicals_of(short) or long in EXTRA_SHORT_FORMS.get(short, ()):
        return True
    # a short known nickname that starts a longer name: Phil -> Philippe. Only 3-4 letters and
    # two letters shorter, because the dataset also lists Daniel, which must not swallow Daniela.
    return (
        3 <= len(short) <= 4
        and len(long) >= len(short) + 2
        and long.startswith(short)
        and bool(namer.canonicals_of(short))
    )


def _one_letter_apart(a: str, b: str, min_length: int) -> bool:
    """One letter added or dropped (not changed) inside a long enough name: Nisan/Nissan."""
    short, long = sorted((a, b), key=len)
    if len(short) < min_length or len(long) != len(short) + 1 or short[0] != long[0]:
        return False
    if long.startswith(short) and long[-1] in _VOWELS:
        return False  # Daniel/Daniela, Louis/Louise: different names, not a typo
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _initial_of(a: str, b: str) -> bool:
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def _middles_agree(a: tuple[str, ...], b: tuple[str, ...], romanize: bool = False) -> bool:
    """Middle names agree where both have them (`M` agrees with `Michael`); with `romanize`,
    also one romanized two ways, or a Russian initial of two letters ('Yu.' of 'Yurevich')."""
    fits = _fits_romanized if romanize else _fits
    return all(fits(x, y) for x, y in zip(a, b, strict=False))


def _fits(x: str, y: str) -> bool:
    return x == y or _initial_of(x, y)


# given names that come before the name one goes by, which a record may leave out ('Md Arid')
_PREFIXED_GIVEN = frozenset(
    "md mohd muhd mohammad mohammed muhammad muhammed mohamed mohamad".split()
)

# Russian initials of two letters, romanized: Yu. (Yuri), Ya., Ye., Yo., Zh., Ch., Sh., Ts.
_DIGRAPHS = frozenset(("iu", "ia", "ie", "io", "zh", "ch", "sh", "ts"))


def _fits_romanized(x: str, y: str) -> bool:
    """One name romanized two ways, or its initial ('Ph.' of Philipp, 'Yu' of 'Iurevich')."""
    rx, ry = romanized(x), romanized(y)
    short, long = sorted((rx, ry), key=len)
    digraph = short in _DIGRAPHS and len(long) > 2 and long.startswith(short)
    return _fits(rx, ry) or digraph


def _given_tokens(name: Name) -> tuple[str, ...]:
    """Folded given names, a hyphenated one kept whole: 'Ye-Yi' is one name, not Ye and Yi;
    initials run together with dots are several ('J.G.' is 'J. G.', 'J.-P.' one)."""
    given = _DOTTED.sub(". ", given_of(name))
    return tuple(t for t in (fold(part).replace(" ", "") for part in given.split()) if t)


_DOTTED = re.compile(r"\.(?=[^\s-])")  # 'J.G.': a dot that ends an initial glued to the next


def _hyphen_reason(a: Name, b: Name) -> str | None:
    """'Jan W.' / 'Jan-Willem': the parts of a hyphenated given name, one as an initial. The
    other spelling must have every part: 'Ye' is not 'Ye-Yi' (but 'Yeyi' is). Both hyphenated:
    'J-Y' / 'Jean-Yves', part by part."""
    if _given_tokens(a)[:1] == _given_tokens(b)[:1]:
        return None
    firsts = [(given_of(n).split() or [""])[0] for n in (a, b)]
    if all("-" in first for first in firsts):
        # 'J-Y' / 'J.-P.' and 'Jean-Yves' / 'Jean-Pierre': each part, or its initial
        pa, pb = (fold(first).split() for first in firsts)
        same = len(pa) == len(pb) and all(
            p == o or _initial_of(p, o) for p, o in zip(pa, pb, strict=False)
        )
        return f"'{a.given}' and '{b.given}' are one name, written with initials" if same else ""
    for x, y in ((a, b), (b, a)):
        xg, yg = given_of(x), given_of(y)
        first = xg.split()[0] if xg.split() else ""
        if "-" not in first or (yg.split() and "-" in yg.split()[0]):
            continue
        parts = fold(first).split()
        other = tuple(fold(yg).split())
        fits = all(p == o or _initial_of(p, o) for p, o in zip(parts, other, strict=False))
        if len(parts) > 1 and len(other) >= len(parts) and fits:
            return f"'{y.given}' is '{first}' written with an initial"
        return ""
    return None


def given_reason(a: Name, b: Name, romanize: bool = False) -> str | None:
    """Why two given names under one family name are one person's, or None. With `romanize`
    (a family name romanizes: Cyrillic names), also given names romanized two ways."""
    hyphen = _hyphen_reason(a, b)
    if hyphen is not None:
        return hyphen or None
    ta, tb = _given_tokens(a), _given_tokens(b)
    if not ta or not tb:
        return None
    if not _middles_agree(ta[1:], tb[1:]):
        return _romanized_reason(a, b, ta, tb) if romanize else None
    x, y = ta[0], tb[0]
    ga, gb = given_of(a).split()[0], given_of(b).split()[0]
    if x == y:
        if ta == tb:
            return "the same name apart from accents, case, punctuation or a particle"
        return f"the same given name, one with a middle name ('{a.given}' / '{b.given}')"
    if _initial_of(x, y):
        return (
            f"'{ga}' is the initial of '{gb}'"
            if len(x) == 1
            else (f"'{gb}' is the initial of '{ga}'")
        )
    short, long = sorted((x, y), key=len)
    if is_short_form(short, long):
        names = (ga, gb) if x == short else (gb, ga)
        return f"'{names[0]}' is a short form of '{names[1]}'"
    if _one_letter_apart(x, y, min_length=5):
        return f"'{ga}' and '{gb}' differ by one letter"
    for one, other, full, shown in ((ta, tb, a.given, b.given), (tb, ta, b.given, a.given)):
        # 'M. Selim' / 'Selim': one who goes by a middle name, its first initial dropped; and
        # 'Md Arid' / 'Arid': Bangladeshi, Malaysian, Pakistani names often begin with Md.
        # or Mohd. (Muhammad), which a record leaves out as it would an initial
        first = len(one[0]) == 1 or one[0] in _PREFIXED_GIVEN
        first_dropped = len(one) > 1 and first and len(one[1]) > 1
        if first_dropped and one[1] == other[0] and _middles_agree(one[2:], other[1:]):
            return f"'{shown}' is '{full}' without its first initial"
    return _romanized_reason(a, b, ta, tb) if romanize else None


def _romanized_reason(a: Name, b: Name, ta: tuple[str, ...], tb: tuple[str, ...]) -> str | None:
    """Two given names that are one Russian name romanized two ways ('Dmitrii Yur'evich' /
    'Dmitry Yu', 'Evgeny' / 'Evgenii', 'Ph. S.' / 'Philipp S.'), or None."""
    if not _middles_agree(ta, tb, romanize=True):
        return None
    rx, ry = romanized(ta[0]), romanized(tb[0])
    ga, gb = given_of(a).split()[0], given_of(b).split()[0]
    if rx != ry:
        shown = (ga, gb) if len(rx) < len(ry) else (gb, ga)
        return f"'{shown[0]}' is the initial of '{shown[1]}', romanized two ways"
    return f"'{a.given}' and '{b.given}' are one name romanized two ways"


def same_person(a: Name, b: Name) -> str | None:
    """Why two spellings name one person (or organization), or None when they may not."""
    ka, kb = Key.of(a), Key.of(b)
    if ka.kind != kb.kind:
        return None
    if ka.suffix and kb.suffix and ka.suffix != kb.suffix:
        return None  # 'Jr.' and 'Sr.': a son and his father
    if ka.full != kb.full and umlauts_written_out(a, b):
        return "the same name apart from accents, case or punctuation (an umlaut written out)"
    if ka.full == kb.full and ka.family == kb.family:
        if titled(a) != titled(b):
            return "the same name apart from accents, case, punctuation or a title (Dr., Prof)"
        return "the same name apart from accents, case or punctuation"
    if ka.kind == "organization":
        return None
    if ka.given and kb.given and ka.family == kb.given and ka.given == kb.family:
        return "the same names, family and given name swapped"
    if ka.given and kb.given and sorted(ka.full) == sorted(kb.full):
        return "the same names, split differently between family and given name"
    if ka.family == kb.family and ka.given == kb.given and ka.suffix != kb.suffix:
        return f"the same name, one with a suffix ('{a.family}' / '{b.family}')"
    if ka.family == kb.family:
        if bool(ka.given) != bool(kb.given):
            return _family_alone(a, b)
        return given_reason(a, b, romanize=romanizes(ka.family))
    wa, wb = family_words(a), family_words(b)
    if "".join(wa) == "".join(wb) and wa != wb:  # 'Le Cun' / 'LeCun', 'De Feo' / 'DeFeo'
        given = given_reason(a, b)
        if given:
            return f"the same family name in one word or two ('{a.family}' / '{b.family}'); {given}"
    for x, y in ((a, b), (b, a)):
        if _family_word_as_initial(Key.of(x), Key.of(y)):
            return (
                "the same names, a family name's first word as an initial "
                f"('{x.spelling}' / '{y.spelling}')"
            )
    if _swapped_initials(ka, kb) or _swapped_initials(kb, ka):
        return "the same names as initials, family and given name swapped"
    for x, y in ((a, b), (b, a)):
        if _family_initial_first(x, y):
            return (
                "the same names, the family name an initial written first, as South Indian "
                f"names are ('{x.spelling}' / '{y.spelling}')"
            )
    if _romanized_family(ka) == _romanized_family(kb) != ():
        given = given_reason(a, b, romanize=True)
        if given:  # 'Shaitan' / 'Shaytan', 'Студитский' / 'Studitsky'
            return f"'{a.family}' and '{b.family}' are one name romanized two ways; {given}"
    if ka.given and ka.given == kb.given:
        fa, fb = " ".join(ka.family), " ".join(kb.family)
        if _one_letter_apart(fa, fb, min_length=6):
            return f"'{a.family}' and '{b.family}' differ by one letter"
        full = len(ka.given[0]) > 1  # initials would chain 'Tajadura-Jiménez, A.' to 'Jiménez, A.'
        if full and (_extends(ka.family, kb.family) or _extends(kb.family, ka.family)):
            return f"the same given name, one family name extended ('{a.family}' / '{b.family}')"
    return None


def _family_alone(a: Name, b: Name) -> str | None:
    """Why a person's family name alone ('{Kova{\\v{c}}evi{\\'c}}' braced whole) may be one
    with a full name of that family ('Kovačević, Miloš'), or None: not under a common family
    name, where such a name is most often a piece of a byline broken by commas ('Lee, Sangyun,
    Kim, Beomsu' read as 'Lee', 'Sangyun', ...: a Korean lab's list), and not with initials."""
    alone, full = (a, b) if not a.given else (b, a)
    if common_family(alone) or len(Key.of(full).given[0]) < 2:
        return None
    return f"a family name alone ('{alone.family}' / '{full.spelling}')"


@functools.lru_cache(maxsize=1 << 18)
def family_words(name: Name) -> tuple[str, ...]:
    """The folded words of a family name, particles and suffixes too, with a capitalized
    particle BibTeX left at the end of the given name ('Yann Le Cun': 'le', 'cun')."""
    words = fold(name.given).split()
    cut = len(words)
    while cut > 1 and words[cut - 1] in PARTICLES:
        cut -= 1
    return (*words[cut:], *fold_family(name.family).split())


def _family_word_as_initial(longer: Key, shorter: Key) -> bool:
    """Whether `longer`'s family name of several words is `shorter`'s last one, the first
    words being its last initials: 'Salih Mohammed, A.' / 'Mohammed, A. S.' (Ahmed Salih
    Mohammed, as Scopus splits a Kurdish name of three), 'Hamah Sor, N.' / 'Sor, N. H.'."""
    extra = len(longer.family) - len(shorter.family)
    if longer.kind != "person" or shorter.kind != "person" or extra < 1:
        return False
    if longer.family[extra:] != shorter.family or not longer.given:
        return False
    given = len(longer.given)
    words = tuple(word[0] for word in longer.family[:extra])
    return (
        len(shorter.given) == given + extra
        and shorter.given[given:] == words
        and all(len(t) == 1 for t in shorter.given[given:])
        and _middles_agree(longer.given, shorter.given[:given])
    )


def _swapped_initials(east: Key, other: Key) -> bool:
    """Whether `east`, a Vietnamese family name with initials, is `other` written in the
    other order, as initials too: 'Nguyen, C. T.' (Nguyen Trong Can) and 'Can, N. T.', as a
    Vietnamese list writes him."""
    if not (_initials_only(east) and _initials_only(other)):
        return False
    if east.family[0] not in VIETNAMESE_FAMILY or not _given_syllable(other.family[0]):
        return False
    mine, theirs = east.family[0][0], other.family[0][0]
    return theirs in east.given and sorted((mine, *east.given)) == sorted((theirs, *other.given))


def _family_initial_first(short: Name, full: Name) -> bool:
    """Whether `short` is `full` written South Indian style, the family (or father's, or
    village) name an initial in front ('G. Dinesh' of Dinesh Govindaraj, 'S Chandra Sekhar' of
    Chandra Sekhar Seelamantula; BibTeX reads them family name Dinesh, Sekhar): not under a
    common family name ('S. Kumar' is not Kumar Sharma) nor an East Asian one ('D. Li' is not
    Li Dong, who is another rule's)."""
    ks, kf = Key.of(short), Key.of(full)
    words = (*ks.given, *ks.family)
    if len(words) < 2 or len(words[0]) != 1 or not kf.family or ks.family == kf.family:
        return False
    if any(t in EAST_ASIAN_FAMILY for t in (*ks.family, *kf.family)) or common_family(short):
        return False
    rest = words[1:]
    return rest == kf.given and all(len(w) > 1 for w in rest) and kf.family[0][0] == words[0]


def _given_syllable(word: str) -> bool:
    """Whether a family name may be a Vietnamese given name written as one ('Can'): a
    Vietnamese syllable that is no Chinese, Korean or Vietnamese family name ('Chen')."""
    return word not in EAST_ASIAN_FAMILY and bool(_VIETNAMESE_SYLLABLE.fullmatch(word))


def _initials_only(key: Key) -> bool:
    """A person of one family word and two initials or more ('Nguyen, C. T.')."""
    return (
        key.kind == "person"
        and len(key.family) == 1
        and len(key.given) >= 2
        and all(len(t) == 1 for t in key.given)
    )


def _romanized_family(key: Key) -> tuple[str, ...]:
    """The family name romanized (romanized), or () for a name that does not romanize."""
    return tuple(romanized(t) for t in key.family) if romanizes(key.family) else ()


def reordered(a: Name, b: Name) -> str | None:
    """Whether two people's spellings are the same words in another order, some written as
    initials ('Kandala, Savitha Viswanadh' / 'Viswanadh, K. S.': one paper's two records in
    DBLP), one's family name a word of the other's name: a reason that only the same paper's
    two records, the names at one place in both author lists, may back (People._reason)."""
    ka, kb = Key.of(a), Key.of(b)
    if ka.kind != "person" or kb.kind != "person":
        return None
    short, long = sorted((ka.full, kb.full), key=len)
    if len(short) < 2 or not (set(ka.family) & set(kb.full) or set(kb.family) & set(ka.full)):
        return None
    left = list(long)
    for token in sorted(short, key=len, reverse=True):  # whole words first, then initials
        if token in left:
            left.remove(token)
            continue
        found = next((t for t in left if t[0] == token[0] and 1 in (len(t), len(token))), None)
        if found is None:
            return None
        left.remove(found)
    return "the same names in another order, some as initials"


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def _written_out(name: Name) -> tuple[str, ...]:
    """A name's folded words with its umlauts written out as German does ('Jürgen Müller':
    juergen mueller); () when it has none."""
    text = f"{given_of(name)} {name.family}"
    out = text.translate(_UMLAUTS)
    return tuple(fold(out).split()) if out != text else ()


def umlauts_written_out(a: Name, b: Name) -> bool:
    """Whether one spelling writes out the other's umlauts: 'Gall, Jürgen' / 'Gall, Juergen',
    'Müller' / 'Mueller' (fold alone reads 'Jürgen' as 'Jurgen')."""
    wa, wb = _written_out(a), _written_out(b)
    return bool(wa or wb) and (wa == Key.of(b).full or wb == Key.of(a).full)


def _extends(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether a family name of several words begins or ends with a shorter one: a second
    family name added ('Müller' / 'Müller-Budack' after a marriage, 'Montero' / 'Montero
    Martínez' when a Spanish list writes both)."""
    n = len(short)
    return 0 < n < len(long) and short in (long[:n], long[-n:])


def common_family(name: Name) -> bool:
    """Whether a family name is a common one: in COMMON_FAMILY, or carried by more than one
    in ten thousand people (Hall, Roth; not Posen, Liepe). A family name of several words is
    common only as a whole (the product of its words' shares, a word of COMMON_FAMILY counting
    as one in a hundred): Díaz and María are common, but the one 'Díaz-de-María, F.' on 82 of
    his group's 182 papers is one man, and 'Fernández-Torres' or 'Lopes Gontijo' is rare."""
    family, shares = Key.of(name).family, _frequencies()[0]
    share = math.prod(
        COMMON_WORD_SHARE if t in COMMON_FAMILY else shares.get(t, 0.0) for t in family
    )
    return bool(family) and share >= COMMON_FAMILY_SHARE


def very_common_family(name: Name) -> bool:
    """Whether a family name is so common (COMMON_FAMILY, or carried by one in a thousand
    or more: Smith, Evans) that initials under it name nobody in particular, in one file too."""
    key = Key.of(name)
    shares = _frequencies()[0]
    return key.widely_shared or any(
        shares.get(t, 0.0) >= VERY_COMMON_FAMILY_SHARE for t in key.family
    )


def rare_family(name: Name) -> bool:
    """Whether a family name is rare: not in COMMON_FAMILY, and too rare for the lists of
    name_frequencies.tsv (fewer than one in 100,000 people: Hanzo, Stoica, Posen; not Bliss)."""
    families = _frequencies()[0]
    key = Key.of(name)
    return bool(key.family) and not any(t in COMMON_FAMILY or t in families for t in key.family)


def rare_name(name: Name) -> bool:
    """Whether one spelling is a full name rare enough that, within one site, it names one
    person: a full given name (not an initial), a family name not in COMMON_FAMILY, and a
    full name that few people carry: the share of its family name times the share of its
    given name (or of the name it is a short form of) under COMMON_NAME_SHARE, by the 1990
    US Census lists (name_frequencies.tsv), as S2AND weighs a name by how common it is.
    `Knuth, Donald E.` in three bibliographies is one person; `Roth, Michael` is an NLP
    researcher in one file and a geographer in another; `Wang, Ye` is four in ours."""
    key = Key.of(name)
    if key.kind != "person" or not key.given or len(key.given[0]) < 2:
        return False
    if key.widely_shared:
        return False
    families, givens = _frequencies()
    family = min((families.get(t, FAMILY_FLOOR) for t in key.family), default=FAMILY_FLOOR)
    first = key.given[0].replace("-", "")
    given = max(
        givens.get(n, EUROPEAN_GIVEN_SHARE if n in EUROPEAN_GIVEN else GIVEN_FLOOR)
        for n in (first, *_long_forms(first))
    )
    return family * given < COMMON_NAME_SHARE


@functools.cache
def _frequencies() -> tuple[dict[str, float], dict[str, float]]:
    """Family names and given names with the share of people who carry them (a given name:
    the mean of its male and female shares)."""
    families: dict[str, float] = {}
    givens: dict[str, float] = defaultdict(float)
    for line in NAME_FREQUENCIES.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        kind, name, percent = line.split("\t")
        if kind == "f":
            families[name] = float(percent) / 100
        else:
            givens[name] += float(percent) / 200
    return families, dict(givens)


def conflicts(a: Name, b: Name) -> bool:
    """Whether two spellings are clearly two people: one family, unrelated full given names."""
    ka, kb = Key.of(a), Key.of(b)
    if ka.family != kb.family or not ka.given or not kb.given:
        return False
    if len(ka.given[0]) == 1 or len(kb.given[0]) == 1:
        return False
    return same_person(a, b) is None


def known_spellings(author: Author) -> tuple[str, ...]:
    """An author's spellings: its aliases, or "Family, Given" from its fields when it has none."""
    fallback = f"{author.family}, {author.given}" if author.given else author.family
    return author.aliases or (fallback,)


def author_names(author: Author) -> list[Name]:
    """An author's spellings as names (known_spellings), its fields when none can be read."""
    names = [n for s in known_spellings(author) if (n := alias_name(s, author.kind)) is not None]
    return list(dict.fromkeys(names)) or [Name(author.family, author.given, author.kind)]


def author_ids(author: Author) -> tuple[frozenset[str], frozenset[str]]:
    """What identifies an author beyond names: (ORCIDs, DBLP numbers of its spellings)."""
    numbers = frozenset(n.homonym for n in author_names(author) if n.homonym)
    return frozenset({author.links.orcid} - {""}), numbers


def identifiers_differ(mine: AbstractSet[str], theirs: AbstractSet[str]) -> bool:
    """Whether identifiers of one kind (ORCIDs, DBLP numbers) say two people: both have some,
    and none is shared."""
    return bool(mine) and bool(theirs) and mine.isdisjoint(theirs)


def spelling_key(spelling: str) -> str:
    """Aliases compare verbatim, apart from spacing."""
    return " ".join(spelling.split())


@dataclass(frozen=True)
class Match:
    """The outcome of resolving one spelling against the known authors."""

    author: str | None  # the author id, or None for a new author
    reason: str = ""  # why it was merged; empty for a known spelling or a new author
    via: str = ""  # the known spelling it was matched to
    ambiguous: tuple[str, ...] = ()  # several authors fit equally: none was chosen


@dataclass
class AuthorIndex:
    """The known authors, searchable by spelling and by name token."""

    names: dict[str, list[Name]] = field(default_factory=lambda: defaultdict(list))
    excluded: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_alias: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_block: dict[tuple[str, ...], set[str]] = field(default_factory=lambda: defaultdict(set))

    @staticmethod
    def of(authors: Mapping[str, Author]) -> AuthorIndex:
        """Index the authors of a site, every alias included."""
        index = AuthorIndex()
        for author in sorted(authors.values(), key=lambda a: a.id):
            index.excluded[author.id] = {spelling_key(s) for s in author.not_same_as}
            for spelling in known_spellings(author):
                name = alias_name(spelling, author.kind)
                if name is not None:
                    index.add(author.id, name)
            if author.id not in index.names:  # aliases unreadable: fall back to the fields
                index.add(author.id, Name(author.family, author.given, author.kind))
        return index

    def add(self, author_id: str, name: Name) -> None:
        """Record that `name` is a spelling of `author_id`."""
        if name in self.names[author_id]:
            return
        self.names[author_id].append(name)
        self.by_alias[spelling_key(name.spelling)].append(author_id)
        for block in blocks(name):
            self.by_block[block].add(author_id)

    def resolve(self, name: Name) -> Match:
        """Find the author a spelling belongs to, and why."""
        key = spelling_key(name.spelling)
        exact = [a for a in self.by_alias.get(key, []) if key not in self.excluded[a]]
        if exact:
            return Match(exact[0], ambiguous=tuple(exact) if len(exact) > 1 else ())
        found = self.lookalikes(name)
        if len(found) == 1:
            author_id, reason, via = found[0]
            return Match(author_id, reason, via)
        if len(found) > 1:
            return Match(None, ambiguous=tuple(f[0] for f in found))
        return Match(None)

    def lookalikes(self, name: Name, besides: str = "") -> list[tuple[str, str, str]]:
        """Authors (other than `besides`) a spelling would merge into: (id, reason, via)."""
        key = spelling_key(name.spelling)
        candidates: set[str] = set()
        for block in blocks(name):
            candidates |= self.by_block.get(block, set())
        found: list[tuple[str, str, str]] = []
        for author_id in sorted(candidates - {besides}):
            if key in self.excluded[author_id]:
                continue
            known = self.names[author_id]
            if any(conflicts(name, other) for other in known):
                continue
            for other in known:
                reason = same_person(name, other)
                if reason:
                    found.append((author_id, reason, other.spelling))
                    break
        return found

    def spellings(self, author_id: str) -> Iterable[Name]:
        """Every spelling known for an author."""
        return self.names.get(author_id, [])

"""Who is who: every author spelling of an import resolved at once, names proposing and
evidence deciding (as Semantic Scholar's S2AND and DBLP do).

1. Each existing author is a node. Spellings that are one name apart from accents, case and
   punctuation (identity.Key) are one node within one part of the input: one file (not under
   a common family name: identity.COMMON_FAMILY), one publication list, or records linked by a
   venue or a co-author (initials alone: one file).
   One name is not one person: joining an existing author, or another part, takes evidence.
2. Candidates are nodes that share a block (identity.blocks: a family name and a first initial,
   or the initial of a name it is a short form of; swapped names; a typo in the family name)
   whose names fit (identity.same_person gives the reason).
3. Evidence for a candidate pair: one ORCID or DBLP number (two different ones keep them
   apart), the same paper in two records with the two names at one byline position, shared
   co-authors (seen apart from each other), a list of 100+ names that repeats one person under
   two close spellings (a short form, a typo), the site's highlighted author's own name, one
   rare full name (identity.rare_name) in papers of close years, one bibliography giving a
   rare full name and its initials (or the initials of a first and a middle name and the one
   full name they fit, under a family name not very common), or a full name with and without
   a middle name or a suffix (unless it may be two people in one file, or, under a common
   family name, decades apart), one spelling of initials under a rare family name
   (identity.rare_family) in papers of close years, or initials and the only full name they
   fit under such a name, a shared venue (venue_keys).
4. Pairs merge strongest first. A merge is refused when it would join two people seen on one
   byline (unless a list of 100+ names repeats a near-identical spelling), two existing authors,
   two full names that differ, different ORCIDs or DBLP numbers, or a spelling an editor split
   off.

How much evidence a pair needs depends on how close the names are: the same name, a different
split or a middle name added need a shared venue, co-author, a rare name or more; an initial,
a short form, a one-letter difference, a family name extended or swapped names need a shared
co-author, an aligned byline or an ORCID. One organization's name is one organization.
Everything is decided from the whole input in a fixed order: the result does not depend on
the order of files or entries.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import operator
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from generator.base.names import Name, fold
from generator.base.parallel import in_processes, processes
from generator.editing.ingest.identity import (
    EAST_ASIAN_FAMILY,
    RARE_NAME_YEARS,
    Key,
    author_ids,
    author_names,
    blocks,
    common_family,
    conflicts,
    given_of,
    identifiers_differ,
    is_short_form,
    rare_family,
    rare_name,
    reordered,
    romanized,
    romanizes,
    same_person,
    spelling_key,
    titled,
    very_common_family,
)
from generator.model.records import Author, Content

SMALL = 25  # co-authors from bylines this short are evidence on their own
REPEATS = 100  # a byline this long may repeat one person under two near-identical spellings
SECTIONED = 50  # a byline this long may repeat one person's very spelling (_apart_on_one_byline)
VAGUE = "\0vague"  # marks a co-author key of a vague name, from a short byline (_CoAuthors)
SHARED_LARGE = 3  # co-authors needed when they come only from longer bylines
# a common name on this many of a file's records, and this share of them, is whose file it
# is: one person there (People._parts)
OWNER, OWNER_SHARE = 10, 0.25
# the evidence of this many scored pairs a round is kept (about 15 MiB); beyond, a pair that
# merges has it said again (_cluster): 2,000 physics papers of 150-420 names score a million
EVIDENCE_KEPT = 1 << 17
# an import of this many name forms or more weighs its pairs on several processes (_scored)
PARALLEL_NODES = 20_000
_Row = TypeVar("_Row", bound=tuple[object, ...])  # a stripe's, numbered (_scored)

# how close two names are, by the kind of reason identity.same_person gives (higher: closer)
CLOSE, SPLIT, MIDDLE, SHORT, TYPO, INITIAL = 6, 5, 4, 3, 2, 1


def closeness(reason: str) -> int:
    """How close a name reason says two spellings are: the farthest of the kinds it names
    ('one name romanized two ways; 'A.' is the initial of 'Alexey'': an initial). The kinds
    go farthest first, so the first found is the farthest."""
    for words, rank in _KINDS:
        if words in reason:
            return rank
    return 0


_KINDS = (
    ("family name alone", INITIAL),  # as telling as an initial: evidence decides
    ("initial", INITIAL),
    ("swapped", INITIAL),
    ("another order", INITIAL),
    ("one letter", TYPO),
    ("family name extended", TYPO),
    ("romanized two ways", TYPO),  # 'Shaitan' / 'Shaytan', 'Dmitrii' / 'Dmitry'
    ("short form", SHORT),
    ("middle name", MIDDLE),
    ("with a suffix", MIDDLE),  # 'Lucas Jr.' / 'Lucas': he, or his father
    ("split differently", SPLIT),
    ("one word or two", SPLIT),  # 'Le Cun' / 'LeCun'
    ("apart from accents", CLOSE),
)


@dataclass(frozen=True, slots=True)
class Byline:
    """One record's authors: an incoming paper's spellings, or the author ids of a paper
    already in content (then `names` is empty)."""

    paper: str  # the paper it describes: two records of one paper are aligned by position
    names: tuple[Name, ...] = ()
    authors: tuple[str, ...] = ()
    venue: str = ""
    year: int = 0  # 0 where unknown
    orcids: tuple[str, ...] = ()  # per position, "" where unknown
    source: str = ""  # the file it comes from
    group: str = ""  # one person's publication list: one name in it is one person
    # its title's hash (merge.title_key), 0 if none: a preprint and its published version are
    # aligned too (_aligned); an int, not 100,000 titles held through the resolution
    title: int = 0


@dataclass(slots=True)
class _Node:
    """A name form, or an existing author, and where it occurs.

    Lean on purpose (an import of 100k records makes about 300k): the sets are shared empty
    or venue_keys' own until they grow, and records are a list, in byline order."""

    names: list[Name]
    author: str = ""  # the existing author's id
    excluded: frozenset[str] = frozenset()  # spellings the author's not_same_as lists
    orcids: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()  # DBLP's homonym numbers (Name.homonym)
    records: list[int] = field(default_factory=list)  # ascending, each once
    venues: frozenset[str] = frozenset()
    first: int = 0  # the years of its records, 0 where none has one
    last: int = 0
    spellings: dict[str, int] = field(default_factory=dict)
    highlighted: bool = False  # one of the site's own people (site.yaml highlight)

    def label(self) -> str:
        """A stable sort key."""
        return self.author or min(n.spelling for n in self.names)


@dataclass(frozen=True)
class Merge:
    """One spelling joined to a person, with the reason and the evidence."""

    spelling: str
    via: str  # the known spelling it was matched to
    reason: str
    evidence: str
    cluster: int  # the person (a key of Resolution.people)
    files: tuple[str, ...] = ()  # one spelling in two files: the files (one: and the site's)


@dataclass(frozen=True)
class Undecided:
    """Two people whose names fit but whom nothing else links: kept apart."""

    a: int
    b: int
    spelling_a: str
    spelling_b: str
    reason: str


@dataclass(frozen=True)
class Candidate:
    """Two existing authors whose names fit, and what else links them ("" for nothing)."""

    a: str
    b: str
    spelling_a: str
    spelling_b: str
    reason: str
    evidence: str


@dataclass
class Resolution:
    """Who is who: per byline, the person at each position."""

    people: dict[int, list[Name]]  # person -> spellings, most attested first
    authors: dict[int, str]  # person -> existing author id, for those that are one
    bylines: list[tuple[int, ...]]  # per byline, the person at each position
    merges: list[Merge]
    undecided: list[Undecided]


class _Clusters:
    """Union-find over nodes, keeping what the merge checks need per cluster."""

    def __init__(self, nodes: list[_Node]) -> None:
        self.parent = list(range(len(nodes)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(nodes))}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        keep, gone = min(ra, rb), max(ra, rb)
        self.parent[gone] = keep
        self.members[keep] += self.members.pop(gone)
        return keep


# words that say what kind of event or issue a venue is, not which: left out when comparing
_VENUE_NOISE = frozenset(
    "proceedings proc of the in on and for at annual international intl conference conf "
    "workshop symposium meeting journal vol volume no number part ieee acm cvf ieee/cvf"
    " first second third fourth fifth sixth seventh eighth ninth tenth".split()
)
# where anyone may publish anything: a shared one says nothing about who someone is
_NO_VENUE = frozenset(
    "arxiv corr biorxiv medrxiv chemrxiv ssrn preprint preprints techrxiv zenodo science nature"
    " pnas plos".split()
)
_NO_VENUE_NAMES = frozenset({"national academy sciences", "scientific reports"})
# ISO 4 abbreviations (the ISSN centre's List of Title Word Abbreviations) of words common in
# venue names: 'Phys. Rev. D' (INSPIRE) and 'Physical Review D' (ADS) are one journal
_LTWA_WORDS = (
    ("phys", "physics physical"), ("rev", "review reviews"), ("lett", "letters letter"),
    ("astrophys", "astrophysics astrophysical"), ("astron", "astronomy astronomical"),
    ("nucl", "nuclear"), ("cosmol", "cosmology"), ("astropart", "astroparticle"),
    ("mon", "monthly"), ("not", "notices"), ("r", "royal"), ("soc", "society"),
    ("natl", "national"), ("acad", "academy"), ("sci", "science sciences"),
    ("trans", "transactions"), ("comput", "computing computer computers computational"),
    ("math", "mathematics mathematical"), ("stat", "statistics statistical"),
    ("chem", "chemistry chemical"), ("biol", "biology biological"),
    ("med", "medicine medical"), ("eng", "engineering"), ("intell", "intelligence"),
    ("mach", "machine"), ("res", "research"), ("appl", "applied applications"),
    ("theor", "theoretical"), ("commun", "communications"), ("inf", "information"),
    ("syst", "systems"), ("netw", "networks"), ("geophys", "geophysical geophysics"),
    ("mater", "materials"), ("condens", "condensed"), ("opt", "optics optical"),
    ("electron", "electronics electronic"), ("mech", "mechanics mechanical"),
    ("mol", "molecular"), ("neurosci", "neuroscience"),
    ("psychol", "psychology psychological"), ("am", "american"), ("eur", "european"),
    ("adv", "advances"), ("ann", "annals"), ("anal", "analysis"),
    ("econ", "economics economic"), ("exp", "experimental"), ("atmos", "atmospheric"),
    ("environ", "environmental"), ("geol", "geology geological"),
    ("genet", "genetics"), ("biochem", "biochemistry"), ("lang", "language"),
    ("linguist", "linguistics"), ("artif", "artificial"), ("robot", "robotics"),
    ("autom", "automation"), ("recognit", "recognition"), ("softw", "software"),
    ("instrum", "instruments instrumentation"), ("supercond", "superconductivity"),
    ("magn", "magnetism magnetic"), ("acoust", "acoustical acoustics"),
    ("surf", "surface surfaces"), ("fluid", "fluids"), ("part", "particles"),
)  # fmt: skip
_LTWA = {word: short for short, words in _LTWA_WORDS for word in words.split()}
# (acronym, the series' name without noise words): different spellings of one series meet
_SERIES = (
    ("neurips", "neural information processing systems"),
    ("neurips", "advances neural information processing systems"),
    ("neurips", "nips"),
    ("icml", "machine learning"),
    ("iclr", "learning representations"),
    ("acl", "association computational linguistics"),
    ("tacl", "transactions association computational linguistics"),
    ("emnlp", "empirical methods natural language processing"),
    ("naacl", "north american chapter association computational linguistics"),
    ("naacl", "north american chapter association computational linguistics human language "
     "technologies"),
    ("eacl", "european chapter association computational linguistics"),
    ("coling", "computational linguistics coling"),
    ("cvpr", "computer vision pattern recognition"),
    ("iccv", "computer vision"),
    ("eccv", "european computer vision"),
    ("aaai", "aaai artificial intelligence"),
    ("ijcai", "joint artificial intelligence"),
    ("kdd", "knowledge discovery data mining"),
    ("sigir", "research development information retrieval"),
    ("vldb", "vldb endowment"),
    ("vldb", "very large data bases"),
    ("sigmod", "management data"),
    ("icra", "robotics automation"),
    ("iros", "intelligent robots systems"),
    ("icassp", "acoustics speech signal processing"),
    ("uai", "uncertainty artificial intelligence"),
    ("aistats", "artificial intelligence statistics"),
)  # fmt: skip
_ACRONYMS = frozenset(acronym for acronym, _ in _SERIES)
_SERIES_OF = {name: acronym for acronym, name in _SERIES}


@functools.cache
def venue_keys(venue: str) -> frozenset[str]:
    """How a venue is compared across records: its name without years, numbers and words such
    as 'Proceedings of the', and the series' acronym where known ('Advances in Neural
    Information Processing Systems 33' and 'NeurIPS 2020' meet). Preprint servers and
    journals of every field give none: a shared one is no evidence."""
    words = [w for w in fold(venue).split() if not any(ch.isdigit() for ch in w)]
    core = [w for w in words if w not in _VENUE_NOISE]
    # no core: "Proceedings", "Journal" say not which one
    if not core or _NO_VENUE & {*words[:2], *core[:2]} or " ".join(core) in _NO_VENUE_NAMES:
        return frozenset()
    keys = {" ".join(core)}
    keys.add(" ".join(_LTWA.get(w, w) for w in core if w != "j"))  # 'J.' is 'Journal'
    keys.update(w for w in core if w in _ACRONYMS)
    for short in re.findall(r"\(([^()]{2,20})\)", venue):  # "Security and Privacy (S&P)"
        keys.update(venue_keys(short))
    series = _SERIES_OF.get(" ".join(core))
    if series:
        keys.add(series)
    return frozenset(keys)


class People:
    """Resolves every author occurrence of an import against each other and the site."""

    def __init__(self, authors: Mapping[str, Author], highlighted: Iterable[str] = ()) -> None:
        own = set(highlighted)
        self.nodes: list[_Node] = []
        self.by_author: dict[str, int] = {}
        self.forms: dict[tuple[Key, object, str], int] = {}  # nodes made for incoming spellings
        self._placed: list[list[int]] = []  # per byline, the node at each position
        self._bylines: Sequence[Byline] = ()
        self._pasted: set[int] = set()  # bylines that are reference lists pasted (pasted_list)
        # pairs of nodes at one place of one paper's two author lists (_aligned)
        self._same_place: Mapping[tuple[int, int], int] = {}
        # (family, first initial) -> the given names spelled out under them (_only_full)
        self._full_forms: dict[tuple[tuple[str, ...], str], set[tuple[str, ...]]] | None = None
        for author in sorted(authors.values(), key=lambda a: a.id):
            orcids, numbers = author_ids(author)
            node = _Node(
                names=author_names(author),
                author=author.id,
                excluded=frozenset(spelling_key(s) for s in author.not_same_as),
                orcids=orcids,
                numbers=numbers,
                highlighted=author.id in own,
            )
            self.by_author[author.id] = len(self.nodes)
            self.nodes.append(node)

    # --- nodes --------------------------------------------------------------------------------

    def _node_for(self, name: Name, key: Key, part: object) -> int:
        """The node of an incoming spelling: its name form within one part of the input
        (_parts). One name is not one person: 'Wang, Ye' in vision and in political science
        are two, and a part joins another, or an existing author, only on evidence."""
        form = (key, part, name.homonym)  # DBLP's 'Wei Wang 0001' and '0010': two people
        if form not in self.forms:
            self.forms[form] = len(self.nodes)
            numbers = frozenset((name.homonym,)) if name.homonym else frozenset()  # shared empty
            self.nodes.append(_Node(names=[name], numbers=numbers))
        return self.forms[form]

    def _apart_on_one_byline(self, index: int, row: list[int]) -> list[int]:
        """One spelling twice on a byline under a common family name is two people ('Zhang,
        T' at positions 7 and 11 of a rice-genetics paper of 14 names: the lab's head and
        another): each repeat after the first is a node of its own, which evidence may join to
        others but never to a name of its own byline (_may_join). Under a rare family name it
        is one person listed twice by mistake ('Denaxas, S.' twice in one record of a
        33-name paper that another record lists him once in), and so is any name on a list of
        100+ names, and on one of SECTIONED names or more unless _another_again."""
        seen: set[int] = set()
        apart = []
        long = len(row) >= SECTIONED
        for position, node in enumerate(row):
            name = self.nodes[node].names[0]
            if node in seen and common_family(name) and (not long or _another_again(name)):
                node = self._node_for(name, Key.of(name), ("\0again", index, position))
            seen.add(node)
            apart.append(node)
        return apart

    def resolve(self, bylines: Sequence[Byline]) -> Resolution:
        """Who is who on every byline."""
        placed = self._place(bylines)
        clusters, merges, undecided = self._cluster(bylines, placed)
        return self._result(bylines, clusters, placed, merges, undecided)

    def review(self, bylines: Sequence[Byline]) -> list[Candidate]:
        """Existing authors whose names fit, with what links them, strongest first: the
        review list of `readinglist authors`."""
        placed = self._place(bylines)
        coauthors = self._coauthors(placed)
        aligned = self._same_place = self._aligned(bylines, placed)
        pairs = itertools.chain(self._candidates(existing_too=True), self._reordered(aligned))
        found = []
        for a, b in pairs:
            na, nb = self.nodes[a], self.nodes[b]
            reason, sa, sb = self._reason(a, b)
            if not reason or spelling_key(sa) in nb.excluded or spelling_key(sb) in na.excluded:
                continue
            evidence, strength = self._evidence(a, b, (reason, sa, sb), coauthors, aligned)
            if strength[0] < 0:
                continue
            order = (-strength[0], -strength[1], -closeness(reason), na.label(), nb.label())
            found.append((order, Candidate(na.author, nb.author, sa, sb, reason, evidence)))
        return [candidate for _, candidate in sorted(found)]

    def _parts(self, bylines: Sequence[Byline]) -> list[list[object]]:
        """Which part of the input each incoming full name is in (per byline, per position):
        occurrences of one name form are one part when in one file (but for a common family
        name: the same venue or co-author there too), or linked across files by
        a shared venue, a shared co-author (by name) or one person's publication list;
        initials alone, one part per file. Initials under a common family name ('Li, J.',
        'Walker, T. G.': vague) are one part only where a co-author or a publication list links
        them: in one group's bibliography of IEEE-style names, 'Li, J.' is a dozen people, in
        one venue too; but initials of a first and a middle name under a family name that is
        not East Asian ('Mendoza, B. S.': several_initials) are one part per file.

        Links only ever join occurrences of one name form, so each form is settled on its own:
        what the linking holds lives as long as one form's occurrences, not the whole input's."""
        keys = [[Key.of(n) for n in byline.names] for byline in bylines]
        forms: dict[Key, list[tuple[int, int]]] = defaultdict(list)
        vague_forms: set[Key] = set()
        parts: list[list[object]] = []
        for index, byline in enumerate(bylines):
            row: list[object] = []
            for position, name in enumerate(byline.names):
                if not initials_only(name):
                    row.append(None)
                    forms[keys[index][position]].append((index, position))
                elif vague(name) and not several_initials(name):
                    row.append(None)
                    forms[keys[index][position]].append((index, position))
                    vague_forms.add(keys[index][position])
                else:
                    row.append(f"\0{byline.source}")
            parts.append(row)
        in_file = Counter(byline.source for byline in bylines if byline.names)
        pasted = {i for i, byline in enumerate(bylines) if pasted_list(byline.names)}
        self._pasted = pasted  # _evidence: no close names joined on them
        for key, found in forms.items():
            # one bibliography rarely holds two people of one name, unless a family name that
            # many share holds it ('Zhang, Lu' and 'Xu, Chao' are two people each in one
            # survey's 223 references); but a name on a quarter of a file's records or more
            # is whose bibliography it is ('Zhang, Tao' on all 12 of his lab's list)
            shared_name = key.shared_in_one_file
            owned: set[str] = set()
            if shared_name and key not in vague_forms:
                times = Counter(bylines[index].source for index, _ in found)
                owned = {f for f, n in times.items() if n >= max(OWNER, in_file[f] * OWNER_SHARE)}
            links: list[list[tuple[str, object]]] = []
            for index, position in found:
                byline = bylines[index]
                # co-authors by name, vague ones too (_CoAuthors counts them alike); a long
                # list's are left to the evidence (_evidence counts them), or a 400-name
                # byline alone would make 160,000 links
                row_keys = keys[index] if len(keys[index]) <= SMALL else []
                mine: list[tuple[str, object]] = [("c", o.full) for o in row_keys if o != key]
                if len(keys[index]) >= SECTIONED and (
                    index in pasted or not _another_again(byline.names[position])
                ):  # again on a consortium's list, or a pasted reference list: one person
                    mine.append(("b", index))
                if key not in vague_forms:
                    mine += [("v", venue) for venue in sorted(venue_keys(byline.venue))]
                    if byline.source and (not shared_name or byline.source in owned):
                        mine.append(("f", byline.source))
                if byline.group:
                    mine.append(("g", byline.group))
                links.append(mine)
            for (index, position), root in zip(found, _linked(links), strict=True):
                parts[index][position] = found[root]  # its part: named by its first occurrence
        return parts

    def _place(self, bylines: Sequence[Byline]) -> list[list[int]]:
        """The node at each position of each byline, recording where each node occurs."""
        placed: list[list[int]] = []
        self._bylines = bylines
        parts = self._parts(bylines)
        for index, byline in enumerate(bylines):
            if byline.names:
                row = [
                    self._node_for(name, Key.of(name), parts[index][position])
                    for position, name in enumerate(byline.names)
                ]
                if len(set(row)) < len(row) and len(row) < REPEATS:
                    row = self._apart_on_one_byline(index, row)
            else:
                row = [self.by_author[a] for a in byline.authors if a in self.by_author]
            placed.append(row)
            self._placed = placed
            venues = venue_keys(byline.venue)
            year = byline.year
            for position, node_id in enumerate(row):
                node = self.nodes[node_id]
                if not node.records or node.records[-1] != index:
                    node.records.append(index)
                if year and not node.first <= year <= node.last:
                    node.first = min(node.first, year) if node.first else year
                    node.last = max(node.last, year)
                if not venues <= node.venues:
                    node.venues = node.venues | venues if node.venues else venues
                if byline.names:
                    name = byline.names[position]
                    node.spellings[name.spelling] = node.spellings.get(name.spelling, 0) + 1
                    if name not in node.names:
                        node.names.append(name)
                    orcid = byline.orcids[position] if position < len(byline.orcids) else ""
                    if orcid:
                        node.orcids = node.orcids | {orcid}
        return placed

    # --- candidates and evidence -------------------------------------------------------------

    def _blocks(self) -> dict[tuple[str, ...], list[int]]:
        found: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for node_id, node in enumerate(self.nodes):
            for block in set().union(*(blocks(name) for name in node.names)):
                found[block].append(node_id)
        return found

    def _family_only(self, node: int) -> bool:
        """Whether a node has a person's family name alone among its names, one that may be
        one with a full name (identity's family alone: not under a common family name)."""
        return any(
            n.kind == "person" and not n.given and not common_family(n)
            for n in self.nodes[node].names
        )

    def _reason(self, a: int, b: int) -> tuple[str, str, str]:
        """The closest name reason between two nodes: (reason, spelling of a, spelling of b);
        for two at one place of one paper's two author lists, also the same names in another
        order (identity.reordered)."""
        best = ("", "", "")
        for x in self.nodes[a].names:
            for y in self.nodes[b].names:
                reason = same_person(x, y)
                if reason and closeness(reason) > closeness(best[0]):
                    best = (reason, x.spelling, y.spelling)
        if not best[0] and (min(a, b), max(a, b)) in self._same_place:
            for x in self.nodes[a].names:
                for y in self.nodes[b].names:
                    if reason := reordered(x, y):
                        return reason, x.spelling, y.spelling
        return best

    def _reordered(self, aligned: Mapping[tuple[int, int], int]) -> Iterator[tuple[int, int]]:
        """Pairs at one place of one paper's two author lists whose names are the same names
        in another order only: no block holds both."""
        for a, b in sorted(aligned):
            if self.nodes[a].author and self.nodes[b].author:
                continue
            if not any(same_person(x, y) for x in self.nodes[a].names for y in self.nodes[b].names):
                yield a, b

    def _candidates(self, existing_too: bool) -> Iterator[tuple[int, int]]:
        """Pairs of nodes that share a block, each once (at the first block they share), one
        block after another; two existing authors only when asked. Made as they are asked
        for: a large import proposes millions of pairs, of which few have a name reason."""
        found = self._blocks()
        where: dict[int, list[int]] = defaultdict(list)  # node -> its blocks' numbers, ascending
        for number, members in enumerate(found.values()):
            for node in set(members):
                where[node].append(number)
        for number, members in enumerate(found.values()):
            if len(members) < 2:
                continue
            unique = sorted(set(members))
            for i, a in enumerate(unique):
                mine = where[a]
                for b in unique[i + 1 :]:
                    if not existing_too and self.nodes[a].author and self.nodes[b].author:
                        continue
                    theirs = where[b]  # a few blocks: a list is smaller than a set
                    if next(n for n in mine if n in theirs) == number:
                        yield a, b
        # a person's family name alone ('Kovačević', braced) is in a block of its own
        # (identity.blocks): it meets every name of its family here, as few names are
        alone = {
            block[1]: members
            for block, members in found.items()
            if block[:1] == ("f",) and block[2] == "" and any(map(self._family_only, members))
        }
        paired: set[tuple[int, int]] = set()
        for block, members in found.items():
            if block[0] != "f" or block[2] == "" or block[1] not in alone:
                continue
            for a in alone[block[1]]:
                for b in members:
                    pair = (min(a, b), max(a, b))
                    if a == b or pair in paired or not set(where[a]).isdisjoint(where[b]):
                        continue
                    if not existing_too and self.nodes[a].author and self.nodes[b].author:
                        continue
                    paired.add(pair)
                    yield pair

    def _cluster(
        self, bylines: Sequence[Byline], placed: list[list[int]]
    ) -> tuple[_Clusters, list[tuple[int, int, str, str, str, str]], list[Undecided]]:
        """Merge candidate pairs strongest first, in rounds: a round's merges make co-authors
        known under more spellings ('Knuth, Don' is 'Knuth, Donald E.'), so the pairs still
        undecided are weighed again, until a round merges nothing. An import in one go then
        decides as one file at a time would, where the site's authors carry every spelling."""
        clusters = _Clusters(self.nodes)
        aligned = self._same_place = self._aligned(bylines, placed)
        merges: list[tuple[int, int, str, str, str, str]] = []
        pending: Iterable[tuple[int, int]] = itertools.chain(
            self._candidates(existing_too=False), self._reordered(aligned)
        )
        order = _Order(self.nodes)  # the nodes and their names are settled: one for all rounds
        still: list[Undecided] = []  # undecided, and nothing they depend on changed since
        coauthors: _CoAuthors | None = None
        while True:
            if coauthors is not None:
                coauthors.forget()  # its caches refer to it: only a full collection frees it
            coauthors = self._coauthors(placed, clusters)
            scored, weak, ambiguous, kept = self._scored(
                pending, coauthors, aligned, clusters, order
            )
            joined: list[tuple[int, int, int]] = []
            for key in scored:
                a, b, number = order.pair(key)
                if clusters.find(a) == clusters.find(b):
                    continue
                if not self._may_join(clusters, a, b, placed):
                    continue
                clusters.union(a, b)
                joined.append((a, b, number))
            # the evidence of the pairs that merged: kept, or said again (the same coauthors,
            # the same words) in the order they were scored, block by block as the caches hold
            said = {}
            for a, b, number in sorted(joined, key=lambda pair: pair[2]):
                reason, sa, sb = why = self._reason(a, b)
                if number in kept:
                    evidence = kept[number]
                else:
                    evidence, _ = self._evidence(a, b, why, coauthors, aligned)
                said[number] = (a, b, reason, sa, sb, evidence)
            merges += [said[number] for _, _, number in joined]
            undecided = [
                u for u in (*still, *weak, *ambiguous) if clusters.find(u.a) != clusters.find(u.b)
            ]
            if not joined or not undecided:
                return clusters, merges, undecided
            # weighed again: the pairs whose evidence may have changed, that is those of a
            # node whose cluster grew or who has a co-author whose cluster grew (their names
            # are known under more spellings), and the ambiguous ones (who fits initials best
            # is weighed among all the fits of a round)
            grown = {m for a, _, _ in joined for m in clusters.members[clusters.find(a)]}
            changed = {r for node in grown for r in self.nodes[node].records}
            again = set(ambiguous)
            still, pending = [], []
            for u in undecided:
                if u in again or any(
                    n in grown or not changed.isdisjoint(self.nodes[n].records) for n in (u.a, u.b)
                ):
                    pending.append((u.a, u.b))
                else:
                    still.append(u)

    def _scored(
        self,
        pairs: Iterable[tuple[int, int]],
        coauthors: _CoAuthors,
        aligned: Mapping[tuple[int, int], int],
        clusters: _Clusters,
        order: _Order,
    ) -> tuple[list[int], list[Undecided], list[Undecided], dict[int, str]]:
        """The pairs with enough evidence, strongest first (each one int: _Order), those whose
        names fit but whom nothing else links, those with enough evidence that initials fit
        another person as well or better (_ambiguous), and the evidence of the first
        EVIDENCE_KEPT pairs scored (by their number: _Order.pair). A large import's pairs
        are weighed in stripes, pair n by process n % count (parallel.in_processes), each
        process reading the whole stream of pairs and weighing its own; the stripes are put
        back in the stream's order, so the result is the same on one process or several."""
        count = processes(len(self.nodes), least=PARALLEL_NODES)
        stripes = in_processes(
            lambda n: self._stripe(pairs, n, count, coauthors, aligned, clusters, order), count
        )

        def in_order(rows: Iterable[Iterable[_Row]]) -> Iterator[_Row]:  # by their numbers
            return heapq.merge(*rows, key=operator.itemgetter(0))

        undecided = stripes[0].undecided  # on one process, in order as it is
        if count > 1:
            numbered = (zip(s.numbers, s.undecided, strict=True) for s in stripes)
            undecided = [u for _, u in in_order(numbered)]
        kept = dict(itertools.islice(in_order(s.kept for s in stripes), EVIDENCE_KEPT))
        initials: dict[int, list[_Fit]] = defaultdict(list)  # by the initials' cluster
        for _, short, fit in in_order(s.initials for s in stripes):
            initials[short].append(fit)
        ambiguous = _ambiguous(initials, lambda root: self._cluster_names(clusters, root))
        scored = sorted(key for s in stripes for key in s.scored if key not in ambiguous)
        return scored, undecided, list(ambiguous.values()), kept

    def _stripe(
        self,
        pairs: Iterable[tuple[int, int]],
        stripe: int,
        count: int,
        coauthors: _CoAuthors,
        aligned: Mapping[tuple[int, int], int],
        clusters: _Clusters,
        order: _Order,
    ) -> _Stripe:
        """Pairs number stripe, stripe + count, ... of the stream, weighed (see _scored)."""
        found = _Stripe([], [], array("q"), [], [])
        for number, (a, b) in enumerate(pairs):
            if number % count != stripe or clusters.find(a) == clusters.find(b):
                continue
            reason, sa, sb = self._reason(a, b)
            if not reason:
                continue
            evidence, strength = self._evidence(a, b, (reason, sa, sb), coauthors, aligned)
            close = closeness(reason)
            needs = 1 if close >= MIDDLE else 2  # one name is not one person: a venue at least
            name_a, name_b = self._name_of(a, sa), self._name_of(b, sb)
            short_a, short_b = _says_little(name_a), _says_little(name_b)
            if short_a or short_b:
                needs = 2  # initials alone are no evidence of anything
            # a shared venue is weak evidence: enough for a middle name, not for an initial
            if strength[0] < 0 or max(strength[0], 1 if strength[1] else 0) < needs:
                if strength[0] >= 0:
                    found.undecided.append(Undecided(a, b, sa, sb, reason))
                    found.numbers.append(number)
                continue
            if len(found.kept) < EVIDENCE_KEPT:
                found.kept.append((number, evidence))
            key = order.key(strength, close, a, b, number)
            found.scored.append(key)
            if short_a != short_b:
                (x, short), (y, full) = ((a, name_a), (b, name_b))[:: 1 if short_a else -1]
                rank = (strength[0], _initials_fit(short, full), strength[1])
                maybe = Undecided(a, b, sa, sb, reason)
                fit = _Fit(rank, clusters.find(y), key, maybe)
                found.initials.append((number, clusters.find(x), fit))
        return found

    def _cluster_names(self, clusters: _Clusters, root: int) -> set[Name]:
        """The names of a cluster's nodes."""
        return {name for i in clusters.members[root] for name in self.nodes[i].names}

    def _coauthors(self, placed: list[list[int]], clusters: _Clusters | None = None) -> _CoAuthors:
        """Who each node has written with, by name (see _CoAuthors); after a round of merges,
        by every spelling of their cluster."""
        return _CoAuthors(self.nodes, placed, clusters)

    def _aligned(
        self, bylines: Sequence[Byline], placed: list[list[int]]
    ) -> dict[tuple[int, int], int]:
        """Pairs of nodes at one position of two records of one paper, and how often; and of
        two papers of one title (a preprint and its published version, kept apart) whose
        author lists of three or more are the same names but at that one position."""
        by_paper: dict[str, list[int]] = defaultdict(list)
        first: dict[int, int] = {}  # a title's first byline; lists only for titles seen again
        by_title: dict[int, list[int]] = {}
        for index, byline in enumerate(bylines):
            if byline.paper:
                by_paper[byline.paper].append(index)
            if byline.title and len(placed[index]) >= 3:
                seen = first.setdefault(byline.title, index)
                if seen != index:
                    by_title.setdefault(byline.title, [seen]).append(index)
        del first
        found: Counter[tuple[int, int]] = Counter()
        for records in by_paper.values():
            for i, r in enumerate(records):
                for s in records[i + 1 :]:
                    if len(placed[r]) != len(placed[s]):
                        continue
                    for a, b in zip(placed[r], placed[s], strict=True):
                        if a != b:
                            found[min(a, b), max(a, b)] += 1
        for records in by_title.values():
            for i, r in enumerate(records):
                for s in records[i + 1 :]:
                    if bylines[r].paper == bylines[s].paper or len(placed[r]) != len(placed[s]):
                        continue
                    differ = [
                        (a, b)
                        for a, b in zip(placed[r], placed[s], strict=True)
                        if a != b and not self._same_words(a, b)
                    ]
                    if len(differ) == 1:
                        a, b = differ[0]
                        found[min(a, b), max(a, b)] += 1
        return found

    def _same_words(self, a: int, b: int) -> bool:
        """Whether two nodes have a spelling in common, accents, case and punctuation aside."""
        words = {Key.of(name).full for name in self.nodes[a].names}
        return any(Key.of(name).full in words for name in self.nodes[b].names)

    def _evidence(
        self,
        a: int,
        b: int,
        why: tuple[str, str, str],
        coauthors: _CoAuthors,
        aligned: Mapping[tuple[int, int], int],
    ) -> tuple[str, tuple[int, int]]:
        """What links two nodes besides their names (`why`: _reason's reason and spellings):
        a description, and (strength, venues): strength 3 an ORCID or DBLP number, 2 a shared
        paper or co-author, 1 a co-author of long author lists only, or one rare full name in
        papers of close years, 0 nothing, -1 different ORCIDs or DBLP numbers."""
        reason = why[0]
        na, nb = self.nodes[a], self.nodes[b]
        venues = len(na.venues & nb.venues)
        for mine, theirs, what in ((na.orcids, nb.orcids, "ORCID"),
                                   (na.numbers, nb.numbers, "DBLP number")):  # fmt: skip
            if identifiers_differ(mine, theirs):
                return f"different {what}s", (-1, venues)
            if mine & theirs:
                return f"the same {what}", (3, venues)
        if aligned.get((min(a, b), max(a, b))):
            return "the same paper, at the same place in two author lists", (2, venues)
        if closeness(reason) == CLOSE and self._name_of(a, why[1]).kind == "organization":
            # people share names, organizations do not: '{R Core Team}' of two vignettes
            return "one organization's name", (2, venues)
        repeats = [
            r
            for r in set(na.records).intersection(nb.records)
            if self._size(r) >= REPEATS and r not in self._pasted
        ]
        if repeats and closeness(reason) >= TYPO:
            size = max(self._size(r) for r in repeats)
            return f"a list of {size} names that gives both spellings", (2, venues)
        small: dict[tuple[str, ...], str] = {}  # family -> the co-author as shown
        # swapped names ('Lu, Chao' / 'Chao, Lu'): a record that swaps one name swaps all
        # (a Crossref export of given-family bylines), so co-authors compare in any order
        on_small, on_any = coauthors.shared(a, b, unordered="swapped" in reason)
        for other in on_small:
            if other[0] == VAGUE:
                small[other] = " ".join(t for t in other[1:] if t)
                continue
            family = other[: other.index("")]  # 'Liepe, M.' and 'Liepe, Matthias': one
            small[family] = max(small.get(family, ""), " ".join(t for t in other if t))
        # in any order, one common name is shared by chance: the optical 'Shi, Jin' and the
        # wireless 'Jin, Shi' each wrote with a 'Han, Yu' / 'Yu, Han'; two are not. In any
        # order a key's words are sorted, so one co-author may be there twice ('choppella v',
        # 'choppella venkatesh'): keys that share a word count as one
        people = len(small)
        if "swapped" in reason:
            words = [[w for w in key if len(w) > 1 and w != VAGUE] for key in small]
            people = len(set(_linked(words)))
        if small and (people > 1 or "swapped" not in reason):
            return f"shared co-authors ({', '.join(sorted(small.values())[:3])})", (2, venues)
        # families of co-authors of long lists only, counted up to SHARED_LARGE: two people
        # of 300-name collaborations share hundreds, and counting them all cost a minute
        long: set[tuple[str, ...]] = set()
        for other in on_any:
            if other[0] == VAGUE:  # only made from short bylines: in on_small if shared
                continue
            long.add(other[: other.index("")])
            if len(long) == SHARED_LARGE:
                shown = f"{SHARED_LARGE} or more co-authors of long author lists"
                return f"shared co-authors ({shown})", (2, venues)
        if long:  # weak: enough for one name seen twice, not for an initial
            large = len(long)
            return f"{large} co-author{'s' * (large > 1)} of long author lists", (1, venues)
        if (na.highlighted or nb.highlighted) and closeness(reason) >= MIDDLE:
            # the site says whose it is: its own people's names are theirs, as in a profile
            return "one of the site's own authors (highlight in site.yaml)", (1, venues)
        rare = self._rare(a, b, why)
        if rare:  # enough for a short form too: 'Knuth, Don' and 'Knuth, Donald E.'
            return rare, (1 if closeness(reason) >= MIDDLE else 2, venues)
        initials = self._initials_in_one_file(a, b, why) or self._rare_initials(a, b, why)
        if initials:
            return initials, (2, venues)
        one_file = self._fuller_in_one_file(a, b, why)
        if one_file:
            return one_file, (1, venues)
        if venues:
            return "a shared venue", (0, venues)
        return "", (0, 0)

    def _rare(self, a: int, b: int, why: tuple[str, str, str]) -> str:
        """Whether two nodes are one rare full name (identity.rare_name), give or take a
        middle name, a split, a known short form or a swap ('Karl, Friston': both spellings
        read as rare), in papers no more than RARE_NAME_YEARS
        apart: the evidence that says so, or "". Within one site such a name is one person
        ('Knuth, Donald E.' in three bibliographies); papers decades apart under it may be two
        people of one rare name."""
        reason, sa, sb = why
        x, y = self._name_of(a, sa), self._name_of(b, sb)
        # a swapped spelling ('Karl, Friston') of a rare name is that name: both read as rare
        close = closeness(reason) >= SHORT or "swapped" in reason
        if not close or not rare_name(x) or not rare_name(y):
            return ""
        na, nb = self.nodes[a], self.nodes[b]
        if _years_apart(na, nb) > RARE_NAME_YEARS:
            return ""
        if na.first and nb.first:
            years = f"papers of {_span(na)} and {_span(nb)}"
        else:
            years = "papers with no year to tell them apart"
        return f"a full name that is not a common one, in {years}"

    def _fuller_in_one_file(self, a: int, b: int, why: tuple[str, str, str]) -> str:
        """Whether two full names, one with a middle name or split otherwise ('Cohen, William'
        / 'Cohen, William W', 'Ullman, Jeffrey D.' / 'Jeffrey David'), are one person because
        one bibliography gives both, as it gives one name twice (_parts): not under a name
        that may be two people in one file (Key.shared_in_one_file). The evidence, or ""."""
        reason, sa, sb = why
        if closeness(reason) < MIDDLE or "swapped" in reason:
            return ""
        x, y = self._name_of(a, sa), self._name_of(b, sb)
        if initials_only(x) or initials_only(y):
            return ""
        if Key.of(x).shared_in_one_file or Key.of(y).shared_in_one_file:
            return ""
        if common_family(x) and _years_apart(self.nodes[a], self.nodes[b]) > RARE_NAME_YEARS:
            return ""  # 'Evans, David S.' of 1987 and 'Evans, David' of 2018 in one list: two
        shared = self._files_of(a) & self._files_of(b)
        return f"one bibliography gives both ({min(shared)})" if shared else ""

    def _files_of(self, node: int) -> set[str]:
        """The input files a node occurs in."""
        return {self._bylines[r].source for r in self.nodes[node].records} - {""}

    def _initials_in_one_file(self, a: int, b: int, why: tuple[str, str, str]) -> str:
        """Whether an initial and a rare full name are one person because one bibliography
        gives both: every initial agrees with a given name ('Kernighan, B. W' / 'Kernighan,
        Brian W.', not 'Kemp, C. C.' / 'Kemp, Charles'), papers within RARE_NAME_YEARS, and
        the initials never on a list of more than SMALL names (a 152-name physics paper's
        'Roth, M.' is nobody in particular). Under a family name that is not rare, a first and a
        middle initial and the one full name of the input they fit ('Judd, K. L.' / 'Judd,
        Kenneth L.' in an economics list), unless the family name is very common ('Evans, D.
        S.'). The evidence, or ""."""
        reason, sa, sb = why
        # a middle name spelled out ('Staveley, E. S.' / 'E. Stuart') reads as one added
        if closeness(reason) not in (INITIAL, MIDDLE) or "swapped" in reason:
            return ""
        (short, s), (full, f) = sorted(
            ((self._name_of(a, sa), a), (self._name_of(b, sb), b)),
            key=lambda pair: not initials_only(pair[0]),
        )
        if not initials_only(short) or initials_only(full):
            return ""
        given = len(Key.of(short).given)
        if given != len(Key.of(full).given) or _initials_fit(short, full) < given:
            return ""  # 'Dinesh, G.' / 'Govindaraj, Dinesh': the initial is not of a given name
        # initials of a first and a middle name ('Judd, K. L.'), the only full name they fit
        # ('Judd, Kenneth L.'), under a family name that is not very common: as telling
        only = given > 1 and not very_common_family(full) and self._only_full(short, full)
        if not rare_name(full) and not only:
            return ""
        ns, nf = self.nodes[s], self.nodes[f]
        if _years_apart(ns, nf) > RARE_NAME_YEARS:
            return ""
        if any(self._size(r) > SMALL for r in ns.records):
            return ""
        shared = self._files_of(s) & self._files_of(f)
        if not shared:
            return ""
        if not rare_name(full):
            return (
                f"one bibliography gives both ({min(shared)}), with every initial agreeing, "
                f"and no other full name that they fit"
            )
        return (
            f"one bibliography gives both ({min(shared)}), with every initial agreeing and a "
            "family name that is not a common one"
        )

    def _rare_initials(self, a: int, b: int, why: tuple[str, str, str]) -> str:
        """Whether two nodes are one person under a rare family name (identity.rare_family)
        in two files: one spelling of initials ('Hanzo, L.', 'Canzii, G.'), or initials and
        the only full name under that family that they fit ('Appelt, W.' and 'Appelt,
        Wolfgang', where no 'Appelt, Werner' is known: _only_full). Within one site, one person,
        unless decades lie between them, or either is on a list of more than SMALL names (a
        physics collaboration's 'Bianchi, R.'). The evidence, or ""."""
        x, y = self._name_of(a, why[1]), self._name_of(b, why[2])
        if not initials_only(x):
            x, y = y, x
        if not initials_only(x) or not rare_family(x):
            return ""
        if Key.of(x) == Key.of(y):
            found = "the same initials under a family name that is not a common one"
        elif closeness(why[0]) == INITIAL and "swapped" not in why[0] and self._only_full(x, y):
            found = (
                f"the only full name that these initials fit ({y.spelling}), under a family "
                "name that is not a common one"
            )
        else:
            return ""
        na, nb = self.nodes[a], self.nodes[b]
        if _years_apart(na, nb) > RARE_NAME_YEARS:
            return ""
        if any(self._size(r) > SMALL for r in (*na.records, *nb.records)):
            return ""
        return found

    def _only_full(self, short: Name, full: Name) -> bool:
        """Whether `full` is the one full name of the input and the site under the family name
        of `short` whose given names begin with its initials: 'Appelt, W.' could be 'Appelt,
        Wolfgang' or 'Appelt, Werner' when both are known; 'Varian, H.' is 'Varian, Hal R.'
        when no other H. Varian is. What is absent is weighed here alone (by _rare_initials and
        _initials_in_one_file): a 'Werner Appelt' imported after 'W.' joined Wolfgang does not
        undo that join (imported together, the three stay apart)."""
        key, wanted = Key.of(short), Key.of(full)
        if not key.given or initials_only(full) or len(key.given) > len(wanted.given):
            return False
        if self._full_forms is None:
            self._full_forms = defaultdict(set)
            for node in self.nodes:
                for name in node.names:
                    k = Key.of(name)
                    if k.given and not initials_only(name):
                        self._full_forms[k.family, k.given[0][:1]].add(k.given)
        initials = tuple(token[0] for token in key.given)
        fitting = {
            given
            for given in self._full_forms.get((key.family, initials[0]), ())
            if tuple(token[0] for token in given[: len(initials)]) == initials
        }
        return fitting == {wanted.given}

    def _name_of(self, node: int, spelling: str) -> Name:
        return next(n for n in self.nodes[node].names if n.spelling == spelling)

    def _size(self, record: int) -> int:
        """How many authors a byline has."""
        return len(self._placed[record])

    def _may_join(self, clusters: _Clusters, a: int, b: int, placed: list[list[int]]) -> bool:
        """Whether two clusters may be one person (module docstring, step 4)."""
        left = [self.nodes[i] for i in clusters.members[clusters.find(a)]]
        right = [self.nodes[i] for i in clusters.members[clusters.find(b)]]
        if any(n.author for n in left) and any(n.author for n in right):
            return False
        excluded = {s for n in left + right for s in n.excluded}
        spelled = {spelling_key(x.spelling) for n in left + right for x in n.names if not n.author}
        if excluded & spelled:
            return False
        for ids in ("orcids", "numbers"):
            mine = {i for n in left for i in getattr(n, ids)}
            if identifiers_differ(mine, {i for n in right for i in getattr(n, ids)}):
                return False
        # each spelling once: a cluster of 200 occurrences of 'Chen, W.' has one name, not 200
        names_l = {x for n in left for x in n.names}
        names_r = {y for n in right for y in n.names}
        if _apart(names_l, names_r) or _bridged(names_l, names_r):
            return False
        records_l = {r for n in left for r in n.records}
        records_r = {r for n in right for r in n.records}
        root_a, root_b = clusters.find(a), clusters.find(b)
        for record in records_l & records_r:
            if len(placed[record]) < REPEATS:
                return False
            roots = [(clusters.find(i), i) for i in placed[record]]
            here_l = [self.nodes[i] for root, i in roots if root == root_a]
            here_r = [self.nodes[i] for root, i in roots if root == root_b]
            close = max(
                (closeness(same_person(x, y) or "") for n in here_l for m in here_r
                 for x in n.names for y in m.names),
                default=0,
            )  # fmt: skip
            if close < TYPO:
                return False
        return True

    def _on_one_byline(self, clusters: _Clusters, a: int, b: int, placed: list[list[int]]) -> bool:
        """Whether two clusters are both named on one byline of fewer than REPEATS names."""
        records_a = {r for i in clusters.members[clusters.find(a)] for r in self.nodes[i].records}
        return any(
            r in records_a and len(placed[r]) < REPEATS
            for i in clusters.members[clusters.find(b)]
            for r in self.nodes[i].records
        )

    # --- result -------------------------------------------------------------------------------

    def _result(
        self,
        bylines: Sequence[Byline],
        clusters: _Clusters,
        placed: list[list[int]],
        merges: list[tuple[int, int, str, str, str, str]],
        undecided: list[Undecided],
    ) -> Resolution:
        people: dict[int, list[Name]] = {}
        authors: dict[int, str] = {}
        for root, members in clusters.members.items():
            nodes = [self.nodes[i] for i in members]
            counts: Counter[str] = Counter()
            names: dict[str, Name] = {}
            for node in nodes:
                for name in node.names:
                    names.setdefault(name.spelling, name)
                counts.update(node.spellings)
            shorter = {n.spelling for n in names.values() if _shortened(n, names.values())}
            people[root] = sorted(
                names.values(), key=lambda n: best_attested(n, counts, n.spelling in shorter)
            )
            owner = next((n.author for n in nodes if n.author), "")
            if owner:
                authors[root] = owner
        rows = [tuple(clusters.find(i) for i in row) for row in placed]
        shown = []
        for a, b, reason, sa, sb, evidence in merges:
            new, known = (sa, sb) if not self.nodes[a].author else (sb, sa)
            files: tuple[str, ...] = ()
            if new == known:  # one spelling in two files, or twice in one: say which
                pair = (self.nodes[a], self.nodes[b])
                files = tuple(sorted({bylines[n.records[0]].source
                                      for n in pair if n.records and not n.author}))  # fmt: skip
                files += ("",) * any(n.author for n in pair)  # "": the site's author
            shown.append(Merge(new, known, reason, evidence, clusters.find(a), files))
        kept = [
            Undecided(clusters.find(u.a), clusters.find(u.b), u.spelling_a, u.spelling_b, u.reason)
            for u in undecided
            if not self._on_one_byline(clusters, u.a, u.b, placed)  # two people: no question
        ]
        return Resolution(people, authors, rows, shown, kept)


class _Order:
    """The order in which scored pairs merge, strongest first: (strength, shared venues,
    closeness of the names, label of a, label of b, a, b), packed into one int per pair,
    with the number of the pair as scored last (it never decides: a and b do). A large import
    scores millions of pairs (2,000 physics papers of 150-420 names: a million): as tuples
    with their evidence, 330 bytes each; as one int, about 50. The evidence is kept for the
    first EVIDENCE_KEPT pairs, and said again for the others that merge, in the order they
    were scored (_cluster): block by block, as the co-author caches hold them."""

    VENUES = 16  # bits for the count of shared venues (more count as 65,535)
    CLOSE = 4
    SEQUENCE = 40

    def __init__(self, nodes: Sequence[_Node]) -> None:
        labels = sorted({node.label() for node in nodes})
        rank = {label: number for number, label in enumerate(labels)}
        self.ranks = [rank[node.label()] for node in nodes]  # equal labels, equal rank
        self.bits = max(1, len(nodes).bit_length())

    def key(self, strength: tuple[int, int], close: int, a: int, b: int, number: int) -> int:
        """The sort key of the `number`th pair scored: smaller merges first."""
        level, venues = strength
        bits = self.bits
        key = 3 - level  # 3: an ORCID or DBLP number, 0: a shared venue at most
        key = key << self.VENUES | (1 << self.VENUES) - 1 - min(venues, (1 << self.VENUES) - 1)
        key = key << self.CLOSE | (1 << self.CLOSE) - 1 - close
        # the names' ranks in either orientation of the pair: which node of a pair is `a`
        # depends on the order the nodes were made in, that is on the input's order
        ranks = sorted((self.ranks[a], self.ranks[b]))
        for part in (*ranks, a, b):
            key = key << bits | part
        return key << self.SEQUENCE | number

    def pair(self, key: int) -> tuple[int, int, int]:
        """The two nodes of a key, and the number of the pair."""
        mask = (1 << self.bits) - 1
        nodes = key >> self.SEQUENCE
        return nodes >> self.bits & mask, nodes & mask, key & (1 << self.SEQUENCE) - 1


class _CoAuthors:
    """Co-authors by name (folded: a co-author is known by the name before anyone decides who
    they are) of each node. Initials under a common family name name nobody in particular:
    'Zhao, L.' is no evidence; 'Posen, S.' is (a physicist's files give their co-authors by
    initials alone).

    A co-author name (_coauthor_keys) is held as a number (`ids`), and each record's names as
    numbers in one array, made when a pair first asks and kept for the round (about 40 bytes a
    record): sets of numbers join and meet without hashing tuples of words. A node's are made
    when a pair asks, and only the recent ones kept: candidate pairs come block by block (a
    block's nodes fit in 256; keeping 2,048 nodes' co-authors held 90 MiB at 100,000 entries,
    1.7 GiB at 2,000 entries of 150-420-name physics bylines). Records kept only as recent
    ones were made again 15 times each at 100,000 entries: half the import's time."""

    def __init__(
        self, nodes: list[_Node], placed: list[list[int]], clusters: _Clusters | None
    ) -> None:
        self.nodes, self.placed = nodes, placed
        # the clusters as a round of merges begins, kept as they were: the evidence said
        # again for a pair that merges (_cluster) is then the evidence that was weighed
        self.roots = [clusters.find(i) for i in range(len(nodes))] if clusters else None
        self.members = {
            root: tuple(members)
            for root, members in (clusters.members.items() if clusters else ())
            if len(members) > 1
        }
        self.ids: dict[tuple[str, ...], int] = {}
        self.keys: list[tuple[str, ...]] = []
        self.numbers: list[int] = []  # each number's one object
        # each record's names, one after another in one array (made when first asked for):
        # record r's are _flat[_starts[r]:_ends[r]] (-1: not made yet)
        self._flat = array("i")
        self._starts, self._ends = array("i", [-1]) * len(placed), array("i", [0]) * len(placed)
        self._in_any_order: dict[int, int] = {}
        self._names_of_root = functools.lru_cache(maxsize=1 << 13)(self._root_names)
        self._names = functools.lru_cache(maxsize=256)(self._node_names)
        self._one_record = functools.lru_cache(maxsize=1 << 12)(self._record_set_of_names)
        self._records = functools.lru_cache(maxsize=1 << 12)(self._record_set)
        self._vague_of_root = functools.lru_cache(maxsize=1 << 13)(self._root_vague)

    def forget(self) -> None:
        """Let go of what it holds (at the end of a round of merges)."""
        for cached in (
            self._names_of_root,
            self._names,
            self._one_record,
            self._records,
            self._vague_of_root,
        ):
            cached.cache_clear()
        self._flat, self._starts, self._ends = array("i"), array("i"), array("i")
        self.ids, self.keys, self.numbers, self._in_any_order = {}, [], [], {}

    def _id(self, key: tuple[str, ...]) -> int:
        found = self.ids.get(key)
        if found is None:
            found = self.ids[key] = len(self.keys)
            self.keys.append(key)
            self.numbers.append(found)
        return found

    def _record_set(self, node: int) -> frozenset[int]:
        return frozenset(self.nodes[node].records)

    def _root(self, node: int) -> int:
        return self.roots[node] if self.roots is not None else node

    def _root_names(self, root: int) -> frozenset[int]:
        members = self.members.get(root, (root,))
        return frozenset(
            self._id(key) for m in members for n in self.nodes[m].names for key in _coauthor_keys(n)
        )

    def names_of(self, node: int) -> frozenset[int]:
        """Every name a node (with its cluster) goes by, as a co-author."""
        return self._names_of_root(self._root(node))

    def _root_vague(self, root: int) -> frozenset[int]:
        members = self.members.get(root, (root,))
        return frozenset(
            self._id((VAGUE, *Key.of(n).full))
            for m in members
            for n in self.nodes[m].names
            if vague(n)
        )

    def vague_of(self, node: int) -> frozenset[int]:
        """The vague spellings ('Li, Q.') a node (with its cluster) goes by, as co-author keys
        (VAGUE, *name)."""
        return self._vague_of_root(self._root(node))

    def _record_names(self, record: int) -> Iterator[int]:
        """The co-author names of a record (each number's one object, not a new int for each:
        a node on many records holds them all); on a byline of at most SMALL names, the vague ones
        too: 'Liu, F.' with 'Cui, Y.' on two short bylines is one pair of collaborators (in
        three real IEEE reference lists, never two), while two 'Roth, M.' of two 150-name
        physics collaborations share a 'Wang, J.' by chance."""
        start = self._starts[record]
        if start < 0:
            nodes = self.placed[record]
            names: set[int] = set().union(*(self.names_of(n) for n in nodes))
            if len(nodes) <= SMALL:
                names.update(*(self.vague_of(n) for n in nodes))
            start = self._starts[record] = len(self._flat)
            self._flat.extend(names)
            self._ends[record] = len(self._flat)
        return map(self.numbers.__getitem__, self._flat[start : self._ends[record]])

    def _record_set_of_names(self, record: int) -> frozenset[int]:
        return frozenset(self._record_names(record))

    def _node_names(
        self, node: int, skip: Set[int] = frozenset()
    ) -> tuple[frozenset[int], frozenset[int]]:
        """The names on a node's bylines (but those of `skip`) of at most SMALL names, and on
        all of them, its own among them. A node of one record (an occurrence of a vague name
        on a long list: most nodes of a physicist's files) has its record's, not a copy."""
        records = [r for r in self.nodes[node].records if r not in skip]
        if len(records) == 1:
            own = self._one_record(records[0])
            return (own if len(self.placed[records[0]]) <= SMALL else frozenset()), own
        small: set[int] = set()
        every: set[int] = set()
        for record in records:
            names = list(self._record_names(record))
            every.update(names)
            if len(self.placed[record]) <= SMALL:
                small.update(names)
        return frozenset(small), frozenset(every)

    def _unordered(self, ids: Set[int]) -> frozenset[int]:
        """Co-author names with their words in one order, ending with the family/given mark:
        the words of 'Yu, Changyuan' and 'Changyuan, Yu' alike (a vague name keeps its mark
        first)."""
        found = set()
        for i in ids:
            same = self._in_any_order.get(i)
            if same is None:
                k = self.keys[i]
                key = (
                    (k[0], *sorted(k[1:]), "")
                    if k[0] == VAGUE
                    else (*sorted(t for t in k if t), "")
                )
                same = self._in_any_order[i] = self._id(key)
            found.add(same)
        return frozenset(found)

    def shared(
        self, a: int, b: int, unordered: bool = False
    ) -> tuple[list[tuple[str, ...]], Iterator[tuple[str, ...]]]:
        """The co-author names two nodes share, other than their own (with their clusters'),
        each seen with both apart from the papers the two share (those say nothing): those on
        a byline of at most SMALL names with each of them, and all of them (left empty when
        the first are not: they decide, and two people of 300-name collaborations share
        hundreds)."""
        together = self._records(a) & self._records(b)
        if together:  # rare: a long list that repeats someone, or namesakes on one paper
            small_a, every_a = self._node_names(a, together)
            small_b, every_b = self._node_names(b, together)
        else:
            small_a, every_a = self._names(a)
            small_b, every_b = self._names(b)
        mine = self.names_of(a) | self.vague_of(a) | self.names_of(b) | self.vague_of(b)
        if unordered:  # each name's words in one order: 'Yu, Changyuan' is 'Changyuan, Yu'
            small_a, every_a, small_b, every_b, mine = map(
                self._unordered, (small_a, every_a, small_b, every_b, mine)
            )
        small = (small_a & small_b) - mine
        every = frozenset() if small else (every_a & every_b) - mine
        # as asked for: two people of 300-name collaborations share hundreds, of which the
        # evidence reads a few
        return [self.keys[i] for i in small], map(self.keys.__getitem__, every)


class _Fit(NamedTuple):
    """A full name that initials may be (People._scored)."""

    rank: tuple[int, int, int]  # the evidence's strength, initials fitting, shared venues
    person: int  # the full name's cluster
    key: int  # the pair's (_Order.key)
    undecided: Undecided  # the pair, if it is not to merge


class _Stripe(NamedTuple):
    """What one process weighed of a stream of pairs (People._stripe), by the pairs' numbers."""

    scored: list[int]  # _Order keys
    undecided: list[Undecided]
    numbers: array[int]  # of the undecided pairs: the stripes are merged by them
    kept: list[tuple[int, str]]  # the evidence of its first EVIDENCE_KEPT scored pairs
    initials: list[tuple[int, int, _Fit]]  # (number, the initials' cluster, fit)


def _ambiguous(
    initials: Mapping[int, list[_Fit]], names_of: Callable[[int], set[Name]]
) -> dict[int, Undecided]:
    """The pairs of initials and a full name that are not to merge, by their keys: initials
    go to the person that fits them best (by the strength of the evidence, then by how many
    initials fit: _initials_fit, then by shared venues), never to another person (_apart from
    the best, as _may_join sees it); and where two people fit them equally well, to neither.
    'Lee, D.', who shares only the head of the lab with Dohun Lee and with Dongwook Lee, is
    neither of them (whichever came first in the input used to take him); 'Lee, J. E.' is
    Jeong Eun Lee rather than Junho Lee."""
    found: dict[int, Undecided] = {}
    for fits in initials.values():
        people = {fit.person for fit in fits}
        if len(people) < 2:
            continue
        best = max(fit.rank for fit in fits)
        top = sorted({fit.person for fit in fits if fit.rank == best})
        names = {person: names_of(person) for person in people}
        tied = any(_apart(names[p], names[q]) for p, q in itertools.combinations(top, 2))
        for fit in fits:
            if tied or any(_apart(names[fit.person], names[p]) for p in top if p != fit.person):
                found[fit.key] = fit.undecided
    return found


def _apart(left: set[Name], right: set[Name]) -> bool:
    """Whether two clusters' names say two people: one pair of them conflicts."""
    return any(conflicts(x, y) for x in left for y in right)


def _bridged(left: set[Name], right: set[Name]) -> bool:
    """Whether a family name alone would join two names of its family that are not one
    person's ('Kovačević' with Miloš on one side, 'Kovačević, A.' on the other): it names one
    person, so every name of that family on the two sides must fit every other."""
    alone = {fold(x.family) for x in left | right if x.kind == "person" and not x.given}
    return bool(alone) and any(
        x.given and y.given and fold(x.family) in alone and same_person(x, y) is None
        for x in left
        for y in right
        if fold(x.family) == fold(y.family)
    )


def _initials_fit(initials: Name, full: Name) -> int:
    """How many of a name's initials, in order, begin the given names of a full one (their
    words, and the parts of a word joined by a hyphen or a capital): 'J. E.' fits 'Jeong Eun',
    'Jeong-Eun' and 'JeongEun' twice, 'Junho' once."""
    letters = [t[0] for t in fold(given_of(initials)).split()]
    words = re.split(r"[\s\-\u2010]+|(?<=[a-z])(?=[A-Z])", given_of(full))
    firsts = [fold(word)[:1] for word in words if fold(word)]
    fit = 0
    for letter, first in zip(letters, firsts, strict=False):
        if letter != first:
            break
        fit += 1
    return fit


def _linked(links: Sequence[Sequence[object]]) -> list[int]:
    """Per item, the first item it is linked to through shared links (union-find)."""
    parent = list(range(len(links)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first: dict[object, int] = {}
    for here, mine in enumerate(links):
        for link in mine:
            if link in first:
                a, b = find(here), find(first[link])
                parent[max(a, b)] = min(a, b)
            else:
                first[link] = here
    return [find(here) for here in range(len(links))]


PASTED = 5  # names given again on a list of REPEATS names or more that make it no byline


def pasted_list(names: Sequence[Name]) -> int:
    """How many names a list of REPEATS names or more gives again, when they are PASTED or
    more (0 otherwise): a reference list pasted into an author field (a Mendeley export's
    695 'authors', 'Moscato, P' nine times among them), not a collaboration's byline (which
    gives one member again now and then). Its near-identical names are not one person."""
    if len(names) < REPEATS:
        return 0
    again = len(names) - len({spelling_key(n.spelling) for n in names})
    return again if again >= PASTED else 0


def _another_again(name: Name) -> bool:
    """Whether one spelling given again on a consortium's list of SECTIONED names or more is
    another person: it lists its sections' members again ('Fontaine, M. C.' and 'Burt, A.'
    at two places of 88 names: one person each), but 'Wang, Y.' or 'Smith, J.' twice may be
    two (a name in pinyin or of one syllable under an East Asian family name, or one initial
    under a family name very many carry)."""
    key = Key.of(name)
    return key.shared_in_one_file or (very_common_family(name) and len(key.given) < 2)


def vague(name: Name) -> bool:
    """Initials under a common family name ('Li, Q.', 'Walker, T. G.'): nobody in particular
    alone, somebody with a co-author."""
    return initials_only(name) and common_family(name)


def several_initials(name: Name) -> bool:
    """Initials of two given names or more under a family name that is not East Asian
    ('Mendoza, B. S.', 'Johnson, W. N.'; not 'Shen, Y. R.', whose initials are often one given
    name's syllables): in one bibliography, one person. Each of the 54 such forms found twice
    or more in one file of the evaluation set is one person (under East Asian family names, 1
    of 32 is two: 'Kim, J. M.')."""
    key = Key.of(name)
    return len(key.given) > 1 and not any(t in EAST_ASIAN_FAMILY for t in key.family)


def _coauthor_keys(name: Name) -> tuple[tuple[str, ...], ...]:
    """How a co-author compares as evidence: by family name and first given name ('Fuchs,
    David' and 'Fuchs, David R.' are one co-author of Knuth's); under a family name that is
    not a common one, also by the initials of every given name ('Liepe, M.' and 'Liepe,
    Matthias'), which is all a physicist's files give. Initials under a common family name
    ('Zhao, L.') are no evidence."""
    key = Key.of(name)
    family, given = key.family, key.given
    if romanizes(family):  # 'Ступников, Сергей' and 'Stupnikov, Sergey': one co-author
        family, given = tuple(map(romanized, family)), tuple(map(romanized, given))
    found = [] if initials_only(name) else [(*family, "", *given[:1])]
    if given and not common_family(name):
        found.append((*family, "", *(token[0] for token in given)))
    return tuple(found)


def _years_apart(x: _Node, y: _Node) -> int:
    """How many years lie between two nodes' papers (0 when they overlap or one has none)."""
    if not x.first or not y.first:
        return 0
    return max(0, max(x.first, y.first) - min(x.last, y.last))


def _span(node: _Node) -> str:
    return str(node.first) if node.first == node.last else f"{node.first}-{node.last}"


def _says_little(name: Name) -> bool:
    """Whether a person's name is initials or a family name alone: who of the people it fits
    it is, evidence decides, and where it fits two as well, neither (_ambiguous)."""
    return initials_only(name) or (name.kind == "person" and not name.given)


@functools.lru_cache(maxsize=1 << 18)
def initials_only(name: Name) -> bool:
    """Whether a person's given names are initials alone ('L.', 'C. C.', 'J.-P.')."""
    tokens = given_of(name).replace("-", " ").replace(".", " ").split()
    return name.kind == "person" and bool(tokens) and all(len(t) == 1 for t in tokens)


def _shortened(name: Name, others: Iterable[Name]) -> bool:
    """Whether a spelling's given name is a short form of another's (Phil of Philippe). The
    nickname dataset also lists William under Bill: of two names each listed under the other,
    the shorter is the short form."""
    first = fold(given_of(name)).split()[:1]
    return bool(first) and any(
        is_short_form(first[0], long[0])
        and (len(first[0]) < len(long[0]) or not is_short_form(long[0], first[0]))
        for other in others
        if (long := fold(given_of(other)).split()[:1]) and long[0] != first[0]
    )


def best_attested(
    name: Name, counts: Mapping[str, int], shortened: bool = False
) -> tuple[int, int, int, int, str]:
    """Sort key, best first: full given names before initials, short forms, titles ('Dr.
    Nandan') and capitals throughout ('RADOSŁAW MIŚKIEWICZ'), then the spelling seen most, then
    accents kept, then more given names, then a fixed order."""
    initials_only = all(len(t.strip(".")) <= 1 for t in given_of(name).replace("-", " ").split())
    accented = any(ord(ch) > 127 for ch in name.display)
    shouted = name.kind == "person" and name.given.isupper() and name.family.isupper()
    return (
        int(bool(name.given) and initials_only)
        + int(shortened)
        + int(titled(name))
        + int(shouted and len(name.given) > 2),
        -counts.get(name.spelling, 0),
        -int(accented),
        -len(name.given.split()),
        name.spelling,
    )


def resolve_people(
    authors: Mapping[str, Author], bylines: Iterable[Byline], highlighted: Iterable[str] = ()
) -> Resolution:
    """Who is who on the given bylines, against the site's authors; `highlighted` are the
    site's own people, whose name alone is enough."""
    return People(authors, highlighted).resolve(list(bylines))


def review_authors(content: Content) -> list[Candidate]:
    """The site's authors who may be one person, with the evidence: strongest first."""
    bylines = [
        Byline(p.id, authors=p.authors, venue=p.venue, year=p.year or 0)
        for p in sorted(content.papers.values(), key=lambda p: p.id)
        if p.authors
    ]
    return People(content.authors).review(bylines)

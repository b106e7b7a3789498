"""The author-line parser and ids: every quirk the seed exports contain, plus properties."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.base.names import Name, fold, make_id, parse_author_line, unique_id
from generator.model.records import ID_RE, check_id

from .conftest import PUBLICATIONS


def spellings(line: str) -> list[tuple[str, str, str]]:
    return [(n.family, n.given, n.kind) for n in parse_author_line(line)]


def test_group_author_with_colon_is_one_organization() -> None:
    assert spellings("OpenAI, null, :, null, Hurst, Aaron") == [
        ("OpenAI", "", "organization"),
        ("Hurst", "Aaron", "person"),
    ]


def test_two_given_less_entries_are_one_person() -> None:
    assert spellings("Michael, null, Pokorny, null, Kim, Christina") == [
        ("Pokorny", "Michael", "person"),
        ("Kim", "Christina", "person"),
    ]
    [name] = parse_author_line("Michael, null, Pokorny, null")
    assert name.raw == "Michael, null, Pokorny, null"


def test_a_person_repeated_on_one_paper_is_listed_once() -> None:
    names = parse_author_line("O'Connell, Ian, Osband, Ian, O'Connell, Ian")
    assert [n.display for n in names] == ["Ian O'Connell", "Ian Osband"]


def test_particles_initials_and_accents_are_kept_verbatim() -> None:
    assert spellings("von Lohmann, Fred, Goucher, Adam P., Mądry, Aleksander") == [
        ("von Lohmann", "Fred", "person"),
        ("Goucher", "Adam P.", "person"),
        ("Mądry", "Aleksander", "person"),
    ]


def test_a_single_given_less_organization_and_a_mononym() -> None:
    assert spellings("Du, Nan") == [("Du", "Nan", "person")]
    assert spellings("DeepMind Team, null") == [("DeepMind Team", "", "organization")]
    assert spellings("Plato, null") == [("Plato", "", "person")]


def test_the_seed_author_lines_parse_whole() -> None:
    lines = PUBLICATIONS.read_text(encoding="utf-8").split("\n")
    gpt4o = parse_author_line(lines[2])
    # 420 pairs: minus the ':' marker, one repeated O'Connell and Shuaiqi Xia joined from two
    assert len(gpt4o) == 417
    assert gpt4o[0] == Name("OpenAI", "", "organization", "OpenAI, null")
    assert Name("Xia", "Shuaiqi", "person", "Shuaiqi, null, Xia, null") in gpt4o
    gpt4 = parse_author_line(lines[5])
    assert Name("Pokorny", "Michael", "person", "Michael, null, Pokorny, null") in gpt4
    assert not any(n.family in (":", "null") or n.given == "null" for n in gpt4o + gpt4)


name_text = (
    st.text(
        alphabet=st.characters(blacklist_characters=",\n\r", blacklist_categories=("Cs", "Cc")),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(lambda s: any(c.isalpha() for c in s) and s.lower() != "null")
)


@given(st.lists(st.tuples(name_text, name_text), min_size=1, max_size=30, unique=True))
def test_people_with_given_names_round_trip(pairs: list[tuple[str, str]]) -> None:
    line = ", ".join(f"{family}, {given}" for family, given in pairs)
    names = parse_author_line(line)
    assert [(n.family, n.given) for n in names] == pairs
    assert all(n.raw == f"{n.family}, {n.given}" for n in names)


@given(st.text(max_size=300))
def test_any_line_parses_without_error_into_named_authors(line: str) -> None:
    for name in parse_author_line(line):
        assert name.family.strip()
        assert any(ch.isalnum() for ch in name.family)
        assert name.kind in ("person", "organization")


def test_ids_fold_accents_and_never_lose_letters() -> None:
    assert make_id("Łukasz Kaiser", "author") == "lukasz-kaiser"
    assert make_id("Aleksander Mądry", "author") == "aleksander-madry"
    assert make_id("Ian O'Connell", "author") == "ian-oconnell"
    assert make_id("???", "paper") == "paper"
    assert make_id("../../etc/passwd", "paper") == "etc-passwd"
    long_title = "Bayesian Inference of Regular Expressions from Human-Generated Example Strings"
    # cut at a word boundary, never by skipping a word in the middle
    assert make_id(long_title, "paper") == "bayesian-inference-of-regular-expressions-from-human"
    assert fold("Gontijo-Lopes, Rapha") == "gontijo lopes rapha"


@given(st.text(max_size=200))
def test_every_text_gets_a_safe_id(text: str) -> None:
    slug = make_id(text, "paper")
    assert check_id(slug) and ID_RE.match(slug)
    assert len(slug) <= 60
    assert "/" not in slug and ".." not in slug and slug.isascii()


@given(st.lists(st.text(max_size=30), max_size=40))
def test_unique_ids_never_collide(titles: list[str]) -> None:
    taken: set[str] = set()
    for title in titles:
        new = unique_id(make_id(title, "paper"), taken)
        assert new not in taken
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", new)
        taken.add(new)


def test_a_name_in_chinese_characters_is_family_name_first_however_written() -> None:
    # tests/data/identity/holdout51: '彭翔' (Peng Xiang) and '刘晓利' as one word, which BibTeX
    # reads as a family name; '张 伟' with a space, which it reads given name first
    from generator.editing.ingest.bibtex import read_names

    names, _ = read_names("彭翔 and 刘晓利 and 张 伟 and 欧阳明 and Peng, Xiang")
    assert [(n.family, n.given) for n in names] == [
        ("彭", "翔"), ("刘", "晓利"), ("张", "伟"), ("欧阳", "明"), ("Peng", "Xiang"),
    ]  # fmt: skip
    assert [n.display for n in names] == ["彭翔", "刘晓利", "张伟", "欧阳明", "Xiang Peng"]

"""Loading content: types, duplicate keys, references, and messages that say where and what."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.base.errors import Problems
from generator.base.yamlfile import Tagged, Unreadable, parse_yaml, quote
from generator.model.dump import author_yaml, list_yaml, paper_yaml
from generator.model.reading import read_content
from generator.model.records import (
    Author,
    Entry,
    Links,
    Paper,
    ReadingList,
    bad_character,
    clean_text,
    implied_type,
    paper_from_yaml,
)

AUTHOR = """\
name: Ada Lovelace
family: Lovelace
given: Ada
kind: person
"""
PAPER = """\
title: Notes on the Analytical Engine
authors:
  - ada-lovelace
year: 1843
"""


def errors_of(site: Path) -> list[str]:
    _, problems = read_content(site)
    return [str(p) for p in problems.errors]


def test_a_valid_site_loads(site: Callable[..., Path]) -> None:
    root = site({"content/authors/ada-lovelace.yaml": AUTHOR, "content/papers/notes.yaml": PAPER})
    content, problems = read_content(root)
    assert not list(problems)
    paper = content.papers["notes"]
    assert paper.title == "Notes on the Analytical Engine"
    assert paper.authors == ("ada-lovelace",)
    assert paper.year == 1843


def test_title_no_is_an_error_not_a_boolean(site: Callable[..., Path]) -> None:
    root = site({"content/authors/ada-lovelace.yaml": AUTHOR,
                 "content/papers/notes.yaml": PAPER.replace("Notes on the Analytical Engine", "no")})  # fmt: skip
    assert errors_of(root) == [
        "content/papers/notes.yaml:1: title: expected text, but YAML reads `no` as a boolean; "
        "put it in quotes: 'no'"
    ]


def test_unquoted_numbers_in_text_fields_keep_their_spelling(site: Callable[..., Path]) -> None:
    root = site({"content/authors/ada-lovelace.yaml": AUTHOR,
                 "content/papers/notes.yaml": PAPER.replace("Notes on the Analytical Engine", "1984")
                 + "arxiv: 2001.10000\n"})  # fmt: skip
    content, problems = read_content(root)
    assert not problems.errors
    assert content.papers["notes"].title == "1984"
    assert content.papers["notes"].arxiv == "2001.10000"  # not the float 2001.1


def test_quoted_no_is_a_fine_title(site: Callable[..., Path]) -> None:
    root = site({"content/authors/ada-lovelace.yaml": AUTHOR,
                 "content/papers/notes.yaml": PAPER.replace("Notes on the Analytical Engine", "'no'")})  # fmt: skip
    content, problems = read_content(root)
    assert not problems.errors
    assert content.papers["notes"].title == "no"


def test_duplicate_keys_are_refused_with_both_lines(site: Callable[..., Path]) -> None:
    root = site({"content/authors/ada-lovelace.yaml": AUTHOR,
                 "content/papers/notes.yaml": PAPER + "title: Another title\n"})  # fmt: skip
    [message] = errors_of(root)
    assert message.startswith(
        "content/papers/notes.yaml:5: duplicate key 'title' (first on line 1)"
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("year: twenty", "content/papers/p.yaml:4: year: expected a four-digit year such as 2023"),
        ("year: '2020'", "content/papers/p.yaml:4: year: write the year without quotes"),
        ("tags: rlhf", "content/papers/p.yaml:4: tags: expected a list"),
        (
            "arxiv: arxiv.org/abs/1",
            "content/papers/p.yaml:4: arxiv: 'arxiv.org/abs/1' does not look",
        ),
        ("added: yesterday", "content/papers/p.yaml:4: added: expected a date written YYYY-MM-DD"),
        ("titel: typo", "content/papers/p.yaml:4: unknown field 'titel'; did you mean 'title'?"),
        (
            "needs_metadata: maybe",
            "content/papers/p.yaml:4: needs_metadata: expected true or false",
        ),
    ],
)
def test_wrong_types_name_file_line_and_fix(
    site: Callable[..., Path], line: str, expected: str
) -> None:
    # the line under test is line 4, after title and a one-item author list
    text = PAPER.replace("year: 1843\n", "") + line + "\n"
    if not line.startswith("year"):
        text += "year: 1843\n"
    root = site({"content/authors/ada-lovelace.yaml": AUTHOR, "content/papers/p.yaml": text})
    messages = errors_of(root)
    assert any(m.startswith(expected) for m in messages), messages


def test_missing_fields_and_unknown_references_are_all_reported(site: Callable[..., Path]) -> None:
    root = site(
        {
            "content/papers/a.yaml": "title: A\nauthors:\n  - nobody\nyear: 2020\n",
            "content/papers/b.yaml": "authors: []\n",
            "content/lists/l.yaml": "title: L\ncurator: Me\nentries:\n  - paper: missing\n",
            "content/authors/Bad Name.yaml": AUTHOR,
        }
    )
    messages = errors_of(root)
    assert (
        "content/papers/a.yaml:3: unknown author 'nobody': there is no content/authors/nobody.yaml; fix the id or add that author"
        in messages
    )
    assert any(
        m.startswith("content/papers/b.yaml:1: missing required field 'title'") for m in messages
    )
    assert any(m.startswith("content/lists/l.yaml:4: unknown paper 'missing'") for m in messages)
    assert any(
        m.startswith("content/authors/Bad Name.yaml: 'Bad Name.yaml' is not a valid file name")
        for m in messages
    )


def test_needs_metadata_relaxes_authors_and_year(site: Callable[..., Path]) -> None:
    root = site({"content/papers/a.yaml": "title: Something\nneeds_metadata: true\n"})
    content, problems = read_content(root)
    assert not problems.errors
    assert content.papers["a"].needs_metadata


def test_syntax_errors_and_bad_utf8_name_their_line(site: Callable[..., Path]) -> None:
    root = site({"content/papers/a.yaml": "title: A\nauthors: [x\nyear: 2020\n"})
    (root / "content/papers/b.yaml").write_bytes(b"title: ok\nabstract: caf\xe9\n")
    messages = errors_of(root)
    assert any(m.startswith("content/papers/a.yaml:") and "YAML syntax" in m for m in messages)
    assert "content/papers/b.yaml:2: not valid UTF-8 text; save the file as UTF-8" in messages


def test_bom_and_crlf_are_accepted(site: Callable[..., Path]) -> None:
    root = site()
    (root / "content/authors").mkdir(parents=True)
    (root / "content/authors/ada-lovelace.yaml").write_bytes(
        "\ufeff".encode() + AUTHOR.replace("\n", "\r\n").encode()
    )
    content, problems = read_content(root)
    assert not problems.errors
    assert content.authors["ada-lovelace"].name == "Ada Lovelace"


LONG = (
    "As language models become more powerful, training and evaluation are increasingly "
    "bottlenecked by the data and metrics used for a particular task. For example, "
    "summarization models are often trained to predict human reference summaries."
)


@pytest.mark.parametrize(
    "record",
    [
        Paper("p", "no", ("a", "b"), 2020, abstract=LONG + "\n\nA second paragraph: with $x_1$."),
        Paper("p", "1984", (), None, tags=("yes", "null"), needs_metadata=True, abstract="  x  "),
        Author(
            "a",
            "Łukasz Kaiser",
            "Kaiser",
            "Łukasz",
            aliases=("Kaiser, Lukasz", "Kaiser, Łukasz"),
            links=Links(orcid="0000-0002-1825-0097"),
        ),
        ReadingList(
            "l",
            "Tony’s list",
            "Tony",
            "A *Markdown* description: {{ config }}",
            (Entry("p", "read", None, LONG + "\n - not a list"),),
        ),
    ],
)
def test_written_files_read_back_identically(record: object) -> None:
    dump = {Paper: paper_yaml, Author: author_yaml, ReadingList: list_yaml}[type(record)]  # type: ignore[index]
    text = dump(record)
    assert "\t" not in text and "&id" not in text
    problems = Problems()
    from generator.model.records import author_from_yaml, list_from_yaml

    load = {Paper: paper_from_yaml, Author: author_from_yaml, ReadingList: list_from_yaml}[
        type(record)
    ]  # type: ignore[index]
    back = load(record.id, "x.yaml", parse_yaml(text, "x.yaml"), problems)  # type: ignore[attr-defined]
    assert not problems.errors, [str(p) for p in problems]
    expected = record
    if isinstance(record, Paper):
        import dataclasses

        # a Paper made in code without a type reads back with the type its fields imply
        expected = dataclasses.replace(
            record, abstract=record.abstract.strip("\n"), type=record.type or implied_type(record)
        )
    assert back == expected


def test_files_are_block_style_in_a_fixed_order_with_unicode_as_is() -> None:
    text = paper_yaml(Paper("p", "Mądry’s paper", ("a",), 2020, arxiv="2303.08774", abstract=LONG))
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith(" ")]
    assert keys == ["title", "authors", "year", "arxiv", "abstract"]
    assert "Mądry’s paper" in text
    assert "abstract: >-\n  As language models" in text
    assert max(len(line) for line in text.splitlines()) <= 100


# strings YAML reads as something else, indicators, quotes, and Unicode the emitter handles
_AWKWARD = st.sampled_from(
    [
        *"yes no null ~ 1.5 0x1F 2020-01-01 1_000 On 12:30 1e3 .inf = << - --- ... #x".split(),
        *"'q' \"d\" @a %p [x] x: a:b é Ünï 中文".split(),
        *["a: b", "x #y", " lead", "trail ", "a\u00a0b", "t\tb"],
    ]
)
_SCALAR = st.one_of(
    _AWKWARD,
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=95),
    st.integers(-5, 10**6),
    st.dates(),
)
_FIELDS = st.dictionaries(
    st.sampled_from(["title", "howpublished", "id", "year", "a"]),
    st.one_of(
        _SCALAR,
        st.lists(_SCALAR, min_size=1, max_size=3),
        st.dictionaries(st.sampled_from(["pdf", "semantic_scholar"]), _SCALAR, min_size=1),
    ),
    min_size=1,
)


@given(_FIELDS)
def test_files_are_written_exactly_as_pyyaml_writes_them(data: dict[str, object]) -> None:
    # dump.py writes short values itself for speed: the files must not change because of it
    from generator.model import dump

    assert dump._dump(data, "") == dump._pyyaml(data)


def test_yaml_keeps_an_impossible_date_as_its_spelling() -> None:
    data = parse_yaml("added: 2026-02-30\nother: 2026-13-01 10:00:00\n", "x.yaml")
    assert data["added"] == Tagged(Unreadable("timestamp"), "2026-02-30")
    assert data["other"] == Tagged(Unreadable("timestamp"), "2026-13-01 10:00:00")


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("short", "short"),
        ("x" * 200, "x" * 80 + "…"),
        ("first line\nsecond line", "first line…"),
        ("esc\x1b[31m", "esc\\x1b[31m"),
    ],
)
def test_messages_quote_one_short_line_with_escapes(text: str, quoted: str) -> None:
    assert quote(text) == quoted


@given(st.text(), st.booleans())
def test_cleaned_text_is_what_validation_accepts(text: str, multiline: bool) -> None:
    assert bad_character(clean_text(text, multiline), multiline) == ""

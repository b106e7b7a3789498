"""The pictures drawn at build time (generator/site/pictures.py): deterministic, escaped, every
bar and node a link, and sensible with no, one and hundreds of co-authors."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from generator.site.pictures import (
    PICTURE_MOST,
    Bar,
    Node,
    coauthor_picture,
    label_rules,
    year_chart,
)

from .conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    """The picture's markup as XML (it must be well-formed), under one root."""
    return ET.fromstring(f"<root>{markup}</root>")


def svg_links(root: ET.Element) -> list[str]:
    return [a.get("href", "") for a in root.iter(f"{SVG}a")]


def html_links(root: ET.Element) -> list[ET.Element]:
    return list(root.iter("a"))


def people(n: int) -> list[Node]:
    return [Node(f"p{i}", f"Person {i}", f"/site/authors/p{i}/", n - i) for i in range(n)]


CENTER = Node("me", "Ada Lovelace", "/site/authors/me/", 0)


def test_the_year_chart_links_each_year_with_papers_and_says_its_numbers_in_text() -> None:
    bars = [
        Bar("2018", 1, "#year-2018"),
        Bar("2019", 0, "#year-2019"),
        Bar("2020", 3, "#year-2020"),
    ]
    root = parse(year_chart(bars))
    [svg] = root.iter(f"{SVG}svg")
    assert svg.get("aria-hidden") == "true"  # the drawing; its words are the list below
    assert svg_links(root) == ["#year-2018", "#year-2020"]
    assert all(a.get("tabindex") == "-1" for a in svg.iter(f"{SVG}a"))
    links = html_links(root)
    assert [a.get("href") for a in links] == ["#year-2018", "#year-2020"]
    said = ["".join(s.itertext()) for s in root.iter("span") if s.get("class") == "visually-hidden"]
    assert said == ["2018: 1 paper", "2019: no papers", "2020: 3 papers"]
    heights = [float(r.get("height", 0)) for r in root.iter(f"{SVG}rect")]
    assert heights[1] == pytest.approx(3 * heights[0], abs=0.2)  # bars to scale
    assert year_chart([]) == ""


def test_a_long_span_labels_every_few_years_but_says_every_year() -> None:
    bars = [Bar(str(y), y % 3, f"#year-{y}") for y in range(1980, 2026)]
    root = parse(year_chart(bars))
    shown = [s.text for s in root.iter("span") if s.get("class") == "y" and s.text]
    assert 4 <= len(shown) <= 12 and shown[0] == "1980" and shown[-1] == "2025"
    said = [s for s in root.iter("span") if s.get("class") == "visually-hidden"]
    assert len(said) == 46


def test_pictures_are_byte_identical_for_the_same_input() -> None:
    around = people(30)
    pairs = {("p1", "p2"): 2, ("p3", "p0"): 1}
    first = coauthor_picture(CENTER, around, pairs)
    assert first == coauthor_picture(CENTER, list(around), dict(pairs))
    bars = [Bar(str(y), y % 3, f"#year-{y}") for y in range(1990, 2030)]
    assert year_chart(bars) == year_chart(list(bars))


def test_names_are_escaped() -> None:
    hostile = [
        Node("x", "<script>alert(1)</script>", "/a/?x=1&y=2", 3),
        Node("y", 'Tom & "Jerry"', "/b/", 1),
    ]
    markup = coauthor_picture(Node("me", "<b>Me</b>", "/me/", 0), hostile, {})
    assert "<script>" not in markup and "<b>" not in markup
    root = parse(markup)  # escaped well enough to stay XML
    names = ["".join(a.itertext()) for a in html_links(root)]
    assert names == ["<b>Me</b>", "<script>alert(1)</script>", 'Tom & "Jerry"']
    assert [a.get("href") for a in html_links(root)][1] == "/a/?x=1&y=2"
    assert html_links(root)[1].get("title") == "<script>alert(1)</script>: 3 papers together"
    chart = parse(year_chart([Bar("<2020>", 1, "#a&b")]))
    assert html_links(chart)[0].get("href") == "#a&b" and "<2020>" in "".join(chart.itertext())


def test_every_node_links_to_its_person_and_lines_join_co_authors_who_wrote_together() -> None:
    around = people(4)
    root = parse(coauthor_picture(CENTER, around, {("p2", "p0"): 1}))
    expected = ["/site/authors/me/", *(n.href for n in around)]
    assert svg_links(root) == expected  # the drawing's nodes, for the mouse
    assert [a.get("href") for a in html_links(root)] == expected  # and their names
    assert [a.get("class") for a in html_links(root)][1:] == [f"at-4-{i}" for i in range(4)]
    lines = list(root.iter(f"{SVG}line"))
    assert [line.get("class") for line in lines].count("edge") == 1
    assert [line.get("class") for line in lines].count("spoke") == 4
    radii = [float(c.get("r", 0)) for a in list(root.iter(f"{SVG}a"))[1:] for c in a]
    assert radii == sorted(radii, reverse=True) and radii[0] > radii[-1]  # sized by papers


def test_no_one_one_and_three_hundred_co_authors() -> None:
    assert coauthor_picture(CENTER, [], {}) == ""
    one = parse(coauthor_picture(CENTER, people(1), {}))
    assert len(html_links(one)) == 2
    many = people(300)
    pairs = {(a.id, b.id): 1 for a in many[:40] for b in many[:40] if a.id < b.id}
    markup = coauthor_picture(CENTER, many, pairs)
    assert len(html_links(parse(markup))) == 1 + PICTURE_MOST  # the closest only
    assert len(markup) < 12_000


def test_the_stylesheet_places_every_name_the_picture_can_draw() -> None:
    css = (ROOT / "static/style.css").read_text(encoding="utf-8")
    assert label_rules() in css
    for count in range(1, PICTURE_MOST + 1):
        for i in range(count):
            assert re.search(rf"^\.at-{count}-{i} \{{ left: [\d.]+%; top: [\d.]+%;", css, re.M)

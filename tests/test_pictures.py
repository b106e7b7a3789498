"""The pictures drawn at build time (generator/site/pictures.py): deterministic, escaped, every
bar and node a link, and sensible with no, one and hundreds of co-authors."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.site.pictures import PICTURE_MOST, Bar, Node, coauthor_picture, year_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def links(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}a"))


def people(n: int) -> list[Node]:
    return [Node(f"p{i}", f"Person {i}", f"/site/authors/p{i}/", n - i) for i in range(n)]


CENTER = Node("me", "Ada Lovelace", "/site/authors/me/", 0)


def test_the_year_chart_links_each_year_with_papers_and_describes_itself() -> None:
    bars = [Bar("2018", 1, "#year-2018"), Bar("2019", 0, "#year-2019"), Bar("2020", 3, "#year-2020")]
    svg = year_chart(bars, "chart")
    root = parse(svg)
    assert [a.get("href") for a in links(root)] == ["#year-2018", "#year-2020"]
    assert [a.get("aria-label") for a in links(root)] == ["2018: 1 paper", "2020: 3 papers"]
    assert root.get("aria-labelledby") == "chart-t chart-d"
    assert root.find(f"{SVG}title").text == "Papers per year"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "2018: 1 paper, 2020: 3 papers"  # type: ignore[union-attr]
    heights = [float(r.get("height", 0)) for r in root.iter(f"{SVG}rect")]
    assert heights[1] == 3 * heights[0]  # bars to scale
    assert year_chart([], "chart") == ""


def test_pictures_are_byte_identical_for_the_same_input() -> None:
    around = people(30)
    pairs = {("p1", "p2"): 2, ("p3", "p0"): 1}
    first = coauthor_picture(CENTER, around, pairs, "pic")
    assert first == coauthor_picture(CENTER, list(around), dict(pairs), "pic")
    bars = [Bar(str(y), y % 3, f"#year-{y}") for y in range(1990, 2030)]
    assert year_chart(bars, "c") == year_chart(list(bars), "c")


def test_names_are_escaped() -> None:
    hostile = [
        Node("x", "<script>alert(1)</script>", "/a/?x=1&y=2", 3),
        Node("y", 'Tom & "Jerry"', "/b/", 1),
    ]
    svg = coauthor_picture(Node("me", "<b>Me</b>", "/me/", 0), hostile, {}, "pic")
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(svg)  # escaped well enough to stay XML
    labels = [a.get("aria-label") for a in links(root)]
    assert "<b>Me</b>" in labels and "<script>alert(1)</script>: 3 papers together" in labels
    assert [a.get("href") for a in links(root)][1] == "/a/?x=1&y=2"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert 'Tom & "Jerry"' in texts
    chart = parse(year_chart([Bar("<2020>", 1, "#a&b")], "c&d"))
    assert links(chart)[0].get("href") == "#a&b"


def test_every_node_links_to_its_person_and_lines_join_co_authors_who_wrote_together() -> None:
    around = people(4)
    root = parse(coauthor_picture(CENTER, around, {("p2", "p0"): 1}, "pic"))
    hrefs = [a.get("href") for a in links(root)]
    assert hrefs == ["/site/authors/me/", *(n.href for n in around)]
    edges = [line for line in root.iter(f"{SVG}line") if line.get("class") == "edge"]
    spokes = [line for line in root.iter(f"{SVG}line") if line.get("class") == "spoke"]
    assert len(edges) == 1 and len(spokes) == 4
    radii = [float(c.get("r", 0)) for a in links(root)[1:] for c in a.iter(f"{SVG}circle")]
    assert radii == sorted(radii, reverse=True) and radii[0] > radii[-1]  # sized by papers


def test_no_one_one_and_three_hundred_co_authors() -> None:
    assert coauthor_picture(CENTER, [], {}, "pic") == ""
    one = parse(coauthor_picture(CENTER, people(1), {}, "pic"))
    assert len(links(one)) == 2
    many = people(300)
    pairs = {(a.id, b.id): 1 for a in many[:40] for b in many[:40] if a.id < b.id}
    svg = coauthor_picture(CENTER, many, pairs, "pic")
    root = parse(svg)
    assert len(links(root)) == 1 + PICTURE_MOST  # the closest only
    assert "and 290 more" in root.find(f"{SVG}desc").text  # type: ignore[operator,union-attr]
    assert len(svg) < 12_000

"""Pictures drawn at build time as inline SVG: papers per year, and an author's co-authors.

Pure functions: the same data gives the same bytes (no randomness, fixed number formats), every
name is escaped, and every bar or node is a link to a page of the site. Colours come from the
stylesheet's classes, so the pictures follow the light and dark schemes.

The words of a picture (years, counts, names) are HTML beside or over the SVG, not SVG text:
screen readers and axe read HTML text and its contrast, while text inside an SVG has no
background axe can measure. The SVG is the drawing only (aria-hidden); its links are for the
mouse (tabindex -1), and the HTML links, one per bar or node, for everyone.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from markupsafe import Markup, escape

PICTURE_MOST = 10  # co-authors drawn around the author: more would be unreadable on a phone
# The co-author picture's drawing: its size, and the circle the co-authors stand on.
WIDE, HIGH, RADIUS = 520, 290, 92


class Bar(NamedTuple):  # a tuple: a site makes one per year of each author's span
    """One year of the chart: its label, how many papers, and where its bar links."""

    label: str
    papers: int
    href: str


class Node(NamedTuple):
    """A person in the co-author picture: their id, shown name, page and papers shared."""

    id: str
    name: str
    href: str
    shared: int
    highlight: bool = False  # one of the site's highlighted authors (site.yaml)


def _n(value: float) -> str:
    """A coordinate with one decimal at most: short, and the same on every machine."""
    text = f"{value:.1f}"
    return "0" if text == "-0.0" else text[:-2] if text.endswith(".0") else text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def year_chart(bars: Sequence[Bar]) -> Markup:
    """A bar chart of papers per year: the bars (SVG), and under them the years and counts as
    a list (HTML) whose items link where the bars do. Each year takes an equal slot in both,
    so the list's columns stand under the bars. A long span shows every few years' label."""
    if not bars:
        return Markup("")
    most = max(bar.papers for bar in bars) or 1
    slot, height = 20, 80
    width = 14 if len(bars) <= 24 else 16  # thinner gaps when slots get narrow on screen
    every = 1 if len(bars) <= 12 else math.ceil(len(bars) / 8)
    # plain strings, each piece of data escaped once: a site draws one chart per author
    few = " few" if len(bars) <= 4 else ""  # two years need no half-page bars
    drawn = [
        f'<div class="plot{few}"><svg xmlns="http://www.w3.org/2000/svg" class="bars" '
        f'viewBox="0 0 {len(bars) * slot} {height}" preserveAspectRatio="none" '
        'aria-hidden="true" focusable="false">'
    ]
    axis = [f'</svg><ol class="chart-axis{" dense" if every > 1 else ""}">']
    last = len(bars) - 1
    for i, (label, count, href) in enumerate(bars):
        label = escape(label)
        tick = label if i % every == 0 or i == last else ""
        if count:
            said = f"{label}: {count} paper{'' if count == 1 else 's'}"
            href = escape(href)
            tall = max(2.0, height * count / most)
            drawn.append(
                f'<a href="{href}" tabindex="-1"><title>{said}</title>'
                f'<rect class="bar" x="{_n(i * slot + (slot - width) / 2)}" '
                f'y="{_n(height - tall)}" width="{width}" height="{_n(tall)}"/></a>'
            )
            axis.append(
                f'<li><a href="{href}"><span class="y" aria-hidden="true">{tick}</span>'
                f'<span class="n" aria-hidden="true">{count}</span>'
                f'<span class="visually-hidden">{said}</span></a></li>'
            )
        else:
            axis.append(
                f'<li><span class="y" aria-hidden="true">{tick}</span>'
                '<span class="n" aria-hidden="true"></span>'
                f'<span class="visually-hidden">{label}: no papers</span></li>'
            )
    axis.append("</ol></div>")
    return Markup("".join(drawn) + "".join(axis))


def _places(count: int) -> Iterator[tuple[float, float, float]]:
    """Where each of `count` co-authors stands: (x, y, angle), from the top, clockwise."""
    for i in range(count):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        yield WIDE / 2 + RADIUS * math.cos(angle), HIGH / 2 + RADIUS * math.sin(angle), angle


def _label_rule(name: str, x: float, y: float, angle: float, r: float) -> str:
    """The CSS that puts a name beside its node: left, top (percentages of the drawing, so
    they scale with it) and which side of the point the name stands on."""
    dx, dy = math.cos(angle), math.sin(angle)
    if abs(dx) < 0.2:  # at the top or the bottom: centred above or below the node
        top = y - r - 2 if dy < 0 else y + r + 2
        move = "-50%, -100%" if dy < 0 else "-50%, 0"
        left = x
    else:  # at a side: beside the node, away from the centre
        left = x + (r + 4) * (1 if dx > 0 else -1)
        top = y
        move = "0, -50%" if dx > 0 else "-100%, -50%"
    return (
        f".{name} {{ left: {left / WIDE * 100:.2f}%; top: {top / HIGH * 100:.2f}%;"
        f" transform: translate({move}); }}"
    )


NODE_RADIUS = 14  # the largest co-author's circle; labels keep clear of it


def label_rules(most: int = PICTURE_MOST) -> str:
    """The stylesheet rules that place the names of the co-author picture (static/style.css
    holds them; a test keeps the two the same): one class per (count, place)."""
    rules = [_label_rule("at-c", WIDE / 2, HIGH / 2, math.pi / 2, 18)]
    for count in range(1, most + 1):
        for i, (x, y, angle) in enumerate(_places(count)):
            rules.append(_label_rule(f"at-{count}-{i}", x, y, angle, NODE_RADIUS))
    return "\n".join(rules)


def coauthor_picture(
    center: Node,
    around: Sequence[Node],
    pairs: Mapping[tuple[str, str], int],
    most: int = PICTURE_MOST,
) -> Markup:
    """The author in the centre and their closest co-authors (ranked as given, the first
    `most`) on a circle around, each sized by papers shared; a line joins two co-authors who
    also wrote together (`pairs`, keyed by both ids in either order). Every node links to
    that person's page. Nothing when there is nobody around."""
    shown = list(around[:most])
    if not shown:
        return Markup("")
    drawing = _drawing(len(shown))
    biggest = max(node.shared for node in shown) or 1
    # plain strings, each piece of data escaped once: a site draws one picture per author
    parts = [
        '<div class="picture-box"><svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDE} {HIGH}" aria-hidden="true" focusable="false">'
    ]
    ids = [node.id for node in shown]
    for i, a in enumerate(ids):  # lines under the nodes: first the co-authors' own
        for j in range(i + 1, len(ids)):
            if pairs.get((a, ids[j])) or pairs.get((ids[j], a)):
                parts.append(drawing.edges[i][j])
    parts.append(drawing.spokes)  # then the spokes to the centre
    mark = " highlight" if center.highlight else ""
    center_href = escape(center.href)
    parts.append(
        f'<a class="center{mark}" href="{center_href}" tabindex="-1">'
        f'<circle cx="{drawing.cx}" cy="{drawing.cy}" r="18"/></a>'
    )
    hrefs = [escape(node.href) for node in shown]
    for node, href, (x, y) in zip(shown, hrefs, drawing.spots, strict=True):
        r = _n(5 + (NODE_RADIUS - 5) * math.sqrt(node.shared / biggest))
        mark = ' class="highlight"' if node.highlight else ""
        parts.append(
            f'<a{mark} href="{href}" tabindex="-1"><circle cx="{x}" cy="{y}" r="{r}"/></a>'
        )
    parts.append('</svg><ul class="picture-labels">')
    mark = " highlight" if center.highlight else ""
    parts.append(
        f'<li><a class="at-c me-label{mark}" href="{center_href}">{escape(center.name)}</a></li>'
    )
    for i, (node, href) in enumerate(zip(shown, hrefs, strict=True)):
        mark = " highlight" if node.highlight else ""
        name = escape(node.name)
        said = f"{name}: {_plural(node.shared, 'paper')} together"
        parts.append(
            f'<li><a class="at-{len(shown)}-{i}{mark}" href="{href}" title="{said}">{name}</a></li>'
        )
    parts.append("</ul></div>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class _Drawing:
    """What a picture of `count` co-authors draws the same whatever their names: the centre,
    where each stands (x, y as written), the spokes, and the line between any two."""

    cx: str
    cy: str
    spots: tuple[tuple[str, str], ...]
    spokes: str
    edges: tuple[tuple[str, ...], ...]  # edges[i][j], i < j


@functools.cache
def _drawing(count: int) -> _Drawing:
    """The fixed parts of a picture of `count` co-authors, made once per build and count."""
    cx, cy = _n(WIDE / 2), _n(HIGH / 2)
    spots = tuple((_n(x), _n(y)) for x, y, _ in _places(count))
    spokes = "".join(
        f'<line class="spoke" x1="{cx}" y1="{cy}" x2="{x}" y2="{y}"/>' for x, y in spots
    )
    edges = tuple(
        tuple(f'<line class="edge" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>' for x2, y2 in spots)
        for x1, y1 in spots
    )
    return _Drawing(cx, cy, spots, spokes, edges)

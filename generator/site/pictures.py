"""Pictures drawn at build time as inline SVG: papers per year, and an author's co-authors.

Pure functions: the same data gives the same bytes (no randomness, fixed number formats), every
name is escaped, and every bar or node is a link to a page of the site. Colours come from the
stylesheet's classes, so the pictures follow the light and dark schemes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

PICTURE_MOST = 10  # co-authors drawn around the author: more would be unreadable on a phone


@dataclass(frozen=True, slots=True)
class Bar:
    """One year of the chart: its label, how many papers, and where its bar links."""

    label: str
    count: int
    href: str


@dataclass(frozen=True, slots=True)
class Node:
    """A person in the co-author picture: their id, shown name, page and papers shared."""

    id: str
    name: str
    href: str
    shared: int


def _n(value: float) -> str:
    """A coordinate with one decimal at most: short, and the same on every machine."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def year_chart(bars: Sequence[Bar], ident: str, title: str = "Papers per year") -> Markup:
    """A bar chart of papers per year; each year with papers is a link to its heading. Its
    title names it and its description is the text equivalent ("2020: 3 papers, ...")."""
    if not bars:
        return Markup("")
    most = max(bar.count for bar in bars) or 1
    width = 24 if len(bars) <= 12 else max(6, 288 // len(bars))
    gap = max(2, width // 4)
    height, top, bottom = 96, 14, 18  # room for the counts above and the years below
    total = len(bars) * (width + gap) + gap
    label_every = 1 if len(bars) <= 12 else math.ceil(len(bars) / 12)
    described = ", ".join(f"{b.label}: {_plural(b.count, 'paper')}" for b in bars if b.count)
    parts = [
        Markup('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
               'aria-labelledby="{}-t {}-d">').format(total, height + top + bottom, ident, ident),
        Markup('<title id="{}-t">{}</title><desc id="{}-d">{}</desc>').format(
            ident, title, ident, described
        ),
    ]  # fmt: skip
    for i, bar in enumerate(bars):
        x = gap + i * (width + gap)
        tall = height * bar.count / most
        y = top + height - tall
        if bar.count:
            parts.append(
                Markup(
                    '<a href="{}" aria-label="{}"><rect class="bar" x="{}" y="{}" width="{}" '
                    'height="{}" rx="2"/><text x="{}" y="{}" text-anchor="middle">{}</text></a>'
                ).format(
                    bar.href,
                    f"{bar.label}: {_plural(bar.count, 'paper')}",
                    x, _n(y), width, _n(tall), _n(x + width / 2), _n(y - 3), bar.count,
                )
            )  # fmt: skip
        if i % label_every == 0 or i == len(bars) - 1:
            short = "’" + bar.label[-2:] if bar.label.isdigit() else bar.label
            parts.append(
                Markup('<text x="{}" y="{}" text-anchor="middle" aria-hidden="true">{}</text>').format(
                    _n(x + width / 2), height + top + bottom - 4, short if len(bars) > 8 else bar.label
                )
            )  # fmt: skip
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _short(name: str, most: int = 18) -> str:
    return name if len(name) <= most else name[: most - 1].rstrip() + "…"


def coauthor_picture(
    center: Node,
    around: Sequence[Node],
    pairs: Mapping[tuple[str, str], int],
    ident: str,
    most: int = PICTURE_MOST,
    total: int = 0,
) -> Markup:
    """The author in the centre and their closest co-authors (ranked as given, the first
    `most`) on a circle around, each sized by papers shared; a line joins two co-authors who
    also wrote together (`pairs`, keyed by both ids in either order). Every node links to
    that person's page. `total`: how many co-authors there are in all, when `around` is
    already cut short. Nothing when there is nobody around."""
    shown = list(around[:most])
    if not shown:
        return Markup("")
    wide, high, radius = 480, 330, 112  # room beside the circle for the names
    cx, cy = wide / 2, high / 2
    biggest = max(node.shared for node in shown) or 1
    places: dict[str, tuple[float, float, float]] = {}
    for i, node in enumerate(shown):
        angle = -math.pi / 2 + 2 * math.pi * i / len(shown)  # from the top, clockwise
        r = 5 + 9 * math.sqrt(node.shared / biggest)
        places[node.id] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle), r)
    names = ", ".join(f"{n.name} ({_plural(n.shared, 'paper')})" for n in shown)
    more = max(total, len(around)) - len(shown)
    described = f"{center.name} with {names}" + (f", and {more} more" if more else "")
    parts = [
        Markup('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
               'aria-labelledby="{}-t {}-d">').format(wide, high, ident, ident),
        Markup('<title id="{}-t">Closest co-authors of {}</title><desc id="{}-d">{}</desc>').format(
            ident, center.name, ident, described
        ),
    ]  # fmt: skip
    ids = [node.id for node in shown]
    for a_index, a in enumerate(ids):  # lines under the nodes: first the co-authors' own
        for b in ids[a_index + 1 :]:
            if pairs.get((a, b)) or pairs.get((b, a)):
                (x1, y1, _), (x2, y2, _) = places[a], places[b]
                parts.append(
                    Markup('<line class="edge" x1="{}" y1="{}" x2="{}" y2="{}"/>').format(
                        _n(x1), _n(y1), _n(x2), _n(y2)
                    )
                )
    for node in shown:  # then the spokes to the centre
        x, y, _ = places[node.id]
        parts.append(
            Markup('<line class="spoke" x1="{}" y1="{}" x2="{}" y2="{}"/>').format(
                _n(cx), _n(cy), _n(x), _n(y)
            )
        )
    parts.append(
        Markup(
            '<a class="center" href="{}" aria-label="{}"><circle cx="{}" cy="{}" r="18"/></a>'
        ).format(center.href, center.name, _n(cx), _n(cy))
    )
    for node in shown:
        x, y, r = places[node.id]
        dx, dy = x - cx, y - cy
        anchor = "middle" if abs(dx) < 20 else ("start" if dx > 0 else "end")
        lx = x + (r + 4 if anchor == "start" else -(r + 4) if anchor == "end" else 0)
        ly = y + (r + 13 if dy > 0 and anchor == "middle" else -(r + 5) if anchor == "middle" else 4)
        parts.append(
            Markup(
                '<a href="{}" aria-label="{}"><circle cx="{}" cy="{}" r="{}"/>'
                '<text x="{}" y="{}" text-anchor="{}">{}</text></a>'
            ).format(
                node.href,
                f"{node.name}: {_plural(node.shared, 'paper')} together",
                _n(x), _n(y), _n(r), _n(lx), _n(ly), anchor, _short(node.name),
            )
        )  # fmt: skip
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


"""Content text to HTML: the one way abstracts, notes, titles and names become markup.

Three entry points share one scanner:

- ``markdown_html``: block Markdown (abstracts, list notes, descriptions) -> sanitized HTML.
- ``inline_html``: titles and names -> escaped text, no Markdown, no ``<p>``.
- ``plain_text``: ``<title>``, meta tags, feeds, JSON-LD, BibTeX -> Unicode text, not escaped.

The scanner splits content into prose, TeX escapes (``50\\%``) and TeX math (``$…$``,
``\\(…\\)``, ``$$…$$``, ``\\[…\\]``), leaving Markdown code untouched. Math and escapes are
swapped for placeholders before Markdown runs, so an ``_`` or ``*`` inside math never becomes
emphasis, and put back afterwards: as MathML from latex2mathml for HTML, as Unicode for plain
text. Every HTML result passes nh3 with an explicit allowlist of HTML and MathML; malformed TeX
falls back to its escaped source in ``<code class="tex">`` and never raises.

All functions return ``str`` (wrap the HTML ones in ``markupsafe.Markup`` at the call site) and
are pure: the module holds only read-only tables and two cached factories.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Final, NamedTuple, TypeAlias
from xml.etree.ElementTree import Element

import markdown
import nh3
from latex2mathml.converter import convert_to_element

__all__ = ["inline_html", "markdown_html", "plain_text"]


class _Math(NamedTuple):
    """A TeX math span: its body, whether it is display math, and its source with delimiters."""

    tex: str
    display: bool
    source: str


class _Escape(NamedTuple):
    """A TeX escape in prose such as ``\\%``, read as the character it names."""

    char: str


_Piece: TypeAlias = str | _Math | _Escape

# --- tables -----------------------------------------------------------------------------------

# Characters TeX authors escape in prose; Markdown knows only some of them (not % & $).
_TEX_ESCAPES: Final = frozenset("%&$#_{}")

# Placeholders for math and escapes while Markdown runs: private-use characters that Markdown
# leaves alone and that content never legitimately holds (they are dropped from the input).
_OPEN, _CLOSE = "\ue000", "\ue001"
_PLACEHOLDER: Final = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_DROPPED: Final = MappingProxyType({ord(_OPEN): None, ord(_CLOSE): None})
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
# TeX quotes ``like this'', common in arXiv abstracts and BibTeX titles, would otherwise open a
# Markdown code span running to the next ``. Read as “…” when a '' closes them first.
_TEX_QUOTES: Final = re.compile(r"(?<![`\\])``(?=[^\s`])((?:(?!\n[^\S\n]*\n)[^`])*?)''")

# Text without any of this is plain paragraphs, and skips Python-Markdown (about 5x faster).
# Conservative on purpose: anything Markdown, HTML or TeX might read sends text the slow way.
_MARKUP_CHARS: Final = tuple("\\`*_[]<$\t")  # inline syntax, HTML, TeX, indentation
_CHARACTER_REFERENCE: Final = re.compile(r"&(?:#|\w+;)")  # Markdown passes these through
# list items, setext underlines, rules, headings, quotes, ~~~ fences: only at a line start
_BLOCK_START: Final = re.compile(r"[-+=#>~]|\d+[.)]")
# C0 controls other than tab and newline are invalid in HTML and never meant in content.
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# only between words, so a Markdown rule (---) or an option (--help) stays as written
_TEX_EM_DASH: Final = re.compile(r"(?<=\w)---(?=\w)")
_TEX_EN_DASH: Final = re.compile(r"(?<=\w)--(?=\w)")
_BLANK_LINE: Final = re.compile(r"\n[^\S\n]*\n")

# Where the scanner must look: backslashes, dollars, and in Markdown code spans and fences.
# A bare character class: the regex engine skips to it several times faster than to a
# pattern with alternatives, so fences are recognised in Python.
_SPECIAL_MARKDOWN: Final = re.compile(r"[\\$`~]")
_SPECIAL_INLINE: Final = re.compile(r"[\\$]")
_FENCE: Final = re.compile(r"(`{3,}|~{3,})[^\n]*\n(?:[^\n]*\n)*?\1[^\S\n]*$", re.MULTILINE)
_CLOSERS: Final = MappingProxyType(
    {
        delim: re.compile(re.escape(delim) + r"|\\.", re.DOTALL)
        for delim in ("$", "$$", "\\)", "\\]")
    }
)

# latex2mathml reads an unescaped % as a TeX comment; in an abstract it always means percent.
_BARE_PERCENT: Final = re.compile(r"(?<!\\)((?:\\\\)*)%")
_ENTITY: Final = re.compile(r"&#x([0-9A-Fa-f]{1,6});")

# latex2mathml emits some operators as identifiers (<mi>), which spaces and reads them wrong:
# any single mathematical symbol or bracket becomes <mo>, plus these binary/punctuation marks.
_OPERATOR_CATEGORIES: Final = frozenset({"Sm", "Ps", "Pe"})
_EXTRA_OPERATORS: Final = frozenset("•†‡·:;")
_BRACKET_CATEGORIES: Final = frozenset({"Ps", "Pe"})

_MATHML_TAGS: Final = frozenset(
    "math semantics annotation mrow mi mo mn ms mtext mspace msup msub msubsup mfrac msqrt "
    "mroot mstyle mover munder munderover mtable mtr mtd mpadded mphantom menclose".split()
)
# What latex2mathml emits, minus href/style/class (from \href, \style, \class): no links,
# scripts or styling reach the page through math.
_MATHML_PRESENTATION: Final = frozenset(
    "accent accentunder columnalign columnlines columnspacing depth displaystyle fence form "
    "height largeop linebreak linethickness lspace mathbackground mathcolor mathsize "
    "mathvariant maxsize minsize movablelimits notation rowalign rowlines rowspacing rspace "
    "scriptlevel separator stretchy symmetric voffset width".split()
)
# latex2mathml lets some broken TeX through (\frac{1} gives a one-child <mfrac>): a script or
# fraction with the wrong number of children is malformed TeX, shown as source instead.
_ARITY: Final = MappingProxyType(
    {
        "mfrac": 2,
        "mroot": 2,
        "msub": 2,
        "msup": 2,
        "msubsup": 3,
        "mover": 2,
        "munder": 2,
        "munderover": 3,
    }
)
# Attribute values latex2mathml writes are lengths, keywords and colours; anything else
# (a \color{...} argument with quotes, say) is dropped rather than escaped into the page.
_ATTRIBUTE_VALUE: Final = re.compile(r"[\w#.+\- ]*")
_MATHML_ATTRIBUTES: Final = MappingProxyType(
    {
        **dict.fromkeys(_MATHML_TAGS, _MATHML_PRESENTATION),
        "math": frozenset({"display"}),
        "annotation": frozenset({"encoding"}),
    }
)
_HTML_TAGS: Final = frozenset(
    "a abbr b blockquote br caption cite code dd del div dl dt em h1 h2 h3 h4 h5 h6 hr i ins "
    "kbd li mark ol p pre q s samp small span strong sub sup table tbody td tfoot th thead tr u "
    "ul var".split()
)
_HTML_ATTRIBUTES: Final = MappingProxyType(
    {
        "a": frozenset({"href", "title"}),
        "abbr": frozenset({"title"}),
        "code": frozenset({"class"}),  # class="tex" fallback, language-* from fenced code
        "ol": frozenset({"start"}),
        "td": frozenset({"colspan", "rowspan"}),
        "th": frozenset({"colspan", "rowspan"}),
    }
)
_LINK_REL: Final = "nofollow noopener noreferrer"
# An <a> whose href nh3 removed (javascript: and the like) must lose rel too: rel needs href.
_LINK_WITHOUT_HREF: Final = re.compile(
    r'<a((?: (?!href=)[^\s=>]+="[^"]*")*)'
    + f' rel="{re.escape(_LINK_REL)}"'
    + r'((?: (?!href=)[^\s=>]+="[^"]*")*)>'
)
# A link within the site (no scheme, no host) is the site's own: no nofollow, which would tell
# search engines to ignore the site's pages (nh3 gives every link the same rel).
_LOCAL_LINK: Final = re.compile(
    r'<a href="((?![A-Za-z][A-Za-z0-9+.-]*:|//)[^"]*)"((?: (?!rel=)[^\s=>]+="[^"]*")*)'
    + f' rel="{re.escape(_LINK_REL)}"'
)
_BLOCK_END: Final = re.compile(r"<br\s*/?>|</(?:p|li|h[1-6]|blockquote|pre|div|dt|dd|tr|td|th)>")

# Plain-text rendering of scripts and accents.
_SUPERSCRIPTS: Final = MappingProxyType(str.maketrans("0123456789+-−=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ"))
_SUBSCRIPTS: Final = MappingProxyType(str.maketrans("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎"))
_COMBINING: Final = MappingProxyType(
    {
        "^": "\u0302",
        "~": "\u0303",
        "¯": "\u0304",
        "―": "\u0305",
        "→": "\u20d7",
        "˙": "\u0307",
        "¨": "\u0308",
    }
)
_COMBINING_BELOW: Final = MappingProxyType({"―": "\u0332"})


# --- public API -------------------------------------------------------------------------------


def markdown_html(text: str) -> str:
    """Render block Markdown with TeX math as sanitized HTML (abstracts, notes, descriptions)."""
    text = _normalize(text)
    if _is_plain(text):
        return _paragraphs_html(text)
    return _markdown_html(text, use_markdown=None)


def inline_html(text: str) -> str:
    """Render a title or name: escaped text and TeX math as MathML, without Markdown or <p>."""
    text = _normalize(text)
    if "$" not in text and "\\" not in text:
        return html.escape(text)
    return "".join(_inline_piece_html(piece) for piece in _scan(text, markdown_code=False))


@functools.lru_cache(maxsize=8192)  # a paper is on many pages: its author pages, lists, index
def plain_text(text: str) -> str:
    """Render readable Unicode text for <title>, meta tags, feeds and JSON-LD; not HTML-escaped."""
    text = _normalize(text)
    if _is_plain(text):
        return " ".join(text.split())
    source, fills = _with_placeholders(_scan(text, markdown_code=True), _piece_text)
    if not _is_plain(source):  # plain apart from TeX: Markdown would change nothing
        rendered = _BLOCK_END.sub(r"\g<0> ", _markdown_to_html(source))
        source = html.unescape(_text_cleaner().clean(rendered))
    return " ".join(_restore(source, fills).split())


def plain_title(text: str) -> str:
    """Readable Unicode for a title or name, which is not Markdown: `A*B search` keeps its '*'."""
    text = _normalize(text)
    if "$" not in text and "\\" not in text:
        return " ".join(text.split())
    pieces = _scan(text, markdown_code=False)
    return " ".join("".join(p if isinstance(p, str) else _piece_text(p) for p in pieces).split())


# --- input and the scanner --------------------------------------------------------------------


def _normalize(text: str) -> str:
    """Unify line ends, read TeX quotes, drop characters that would break HTML or placeholders."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.replace("\n", "").isprintable():  # cheap test first: the regex costs more
        text = _CONTROL.sub("", text)
    if not text.isascii():
        text = _SURROGATE.sub("\ufffd", text.translate(_DROPPED))
    if "``" in text:
        text = _TEX_QUOTES.sub("\u201c\\1\u201d", text)
    if "--" in text:  # TeX dashes between words: about---summary, pages 10--20
        text = _TEX_EN_DASH.sub("\u2013", _TEX_EM_DASH.sub("\u2014", text))
    return text


def _is_plain(text: str) -> bool:
    """Whether text has no Markdown, HTML or TeX syntax at all: paragraphs of plain prose."""
    # substring tests and a line loop: several times faster than one regex over the text
    if any(char in text for char in _MARKUP_CHARS):
        return False
    if "&" in text and _CHARACTER_REFERENCE.search(text):
        return False
    for line in text.split("\n"):
        # indented code, hard line breaks, whitespace-only lines that are not blank to Markdown
        if line and (line[0].isspace() or line[-1].isspace() or _BLOCK_START.match(line)):
            return False
    return True


def _scan(text: str, *, markdown_code: bool) -> list[_Piece]:
    """Split text into prose, TeX escapes and math; Markdown code (when asked) stays prose."""
    return _Scanner(text).pieces(_SPECIAL_MARKDOWN if markdown_code else _SPECIAL_INLINE)


class _Scanner:
    """One left-to-right pass over one text; lives for a single _scan call."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Searches for a closer that ran to the end of a paragraph without finding one, as
        # {closer: paragraph end}: a later opener in that paragraph cannot close either, and
        # without this "$5 $5 $5 …" would rescan the paragraph for every dollar.
        self.dead_ends: dict[str, int] = {}
        self.paragraph_end_cache = -1

    def pieces(self, pattern: re.Pattern[str]) -> list[_Piece]:
        """The pieces of the text, finding special tokens with ``pattern``."""
        text = self.text
        pieces: list[_Piece] = []
        prose_start = pos = 0
        while (match := pattern.search(text, pos)) is not None:
            start = match.start()
            token = match.group()
            if token in "`~":
                fence = _FENCE.match(text, start) if text[start - 1 : start] in ("", "\n") else None
                if fence is not None:
                    pos = fence.end()
                    continue
                if token == "~":
                    pos = start + 1
                    continue
                run_end = start + 1
                while run_end < len(text) and text[run_end] == "`":
                    run_end += 1
                token = text[start:run_end]
            end, piece = self.read_token(start, token)
            if piece is not None:
                if start > prose_start:
                    pieces.append(text[prose_start:start])
                pieces.append(piece)
                prose_start = end
            pos = end
        if prose_start < len(text):
            pieces.append(text[prose_start:])
        return pieces

    def read_token(self, start: int, token: str) -> tuple[int, _Math | _Escape | None]:
        """Read what starts at a special token: (end, piece), or (end, None) for prose."""
        text = self.text
        if token[0] == "`":
            return self.code_span_end(start + len(token), token), None
        if token == "\\":
            char = text[start + 1 : start + 2]
            if char and char in _TEX_ESCAPES:
                return start + 2, _Escape(char)
            if char == "(":
                return self.delimited_math(start, closer="\\)", display=False)
            if char == "[":
                return self.delimited_math(start, closer="\\]", display=True)
            # \\ and Markdown's own escapes (\*, \[) stay for Markdown to read
            return start + 1 + len(char), None
        if text.startswith("$$", start):
            return self.delimited_math(start, closer="$$", display=True)
        return self.dollar_math(start)

    def paragraph_end(self, start: int) -> int:
        """Where the paragraph holding ``start`` ends: math and code never span a blank line."""
        if start <= self.paragraph_end_cache:
            return self.paragraph_end_cache
        blank = _BLANK_LINE.search(self.text, start)
        self.paragraph_end_cache = len(self.text) if blank is None else blank.start()
        return self.paragraph_end_cache

    def code_span_end(self, start: int, ticks: str) -> int:
        """End of a code span opened by ``ticks``, or ``start`` when it never closes."""
        text = self.text
        limit = self.paragraph_end(start)
        pos = start
        while (found := text.find(ticks, pos, limit)) != -1:
            end = found + len(ticks)
            if end >= len(text) or text[end] != "`":
                return end
            while end < len(text) and text[end] == "`":  # a longer run closes nothing
                end += 1
            pos = end
        return start

    def delimited_math(self, start: int, *, closer: str, display: bool) -> tuple[int, _Math | None]:
        """Read ``$$…$$``, ``\\(…\\)`` or ``\\[…\\]``; an unclosed or empty one stays prose."""
        text = self.text
        body_start = start + 2
        limit = self.paragraph_end(body_start)
        if self.dead_ends.get(closer) == limit:
            return body_start, None
        for match in _CLOSERS[closer].finditer(text, body_start, limit):
            if match.group() == closer:
                body = text[body_start : match.start()]
                if not body.strip():
                    return body_start, None
                return match.end(), _Math(body, display, text[start : match.end()])
        self.dead_ends[closer] = limit
        return body_start, None

    def dollar_math(self, start: int) -> tuple[int, _Math | None]:
        """Read ``$…$`` by pandoc's rule, so that "costs $5 and $10" stays prose."""
        text = self.text
        if start + 1 >= len(text) or text[start + 1].isspace():
            return start + 1, None
        limit = self.paragraph_end(start + 1)
        if self.dead_ends.get("$") == limit:
            return start + 1, None
        for match in _CLOSERS["$"].finditer(text, start + 1, limit):
            end = match.end()
            if (
                match.group() == "$"
                and not text[match.start() - 1].isspace()
                and not (end < len(text) and text[end].isdigit())
            ):
                return end, _Math(text[start + 1 : match.start()], False, text[start:end])
        self.dead_ends["$"] = limit
        return start + 1, None


# --- HTML ---------------------------------------------------------------------------------


def _paragraphs_html(text: str) -> str:
    """Wrap plain text in escaped <p> paragraphs, as Markdown and nh3 together would."""
    paragraphs = (part.strip("\n") for part in text.split("\n\n"))  # str.split: 5x a regex
    return "\n".join(
        f"<p>{html.escape(p, quote=False).replace(chr(0xA0), '&nbsp;')}</p>"
        for p in paragraphs
        if p
    )


def _markdown_html(text: str, *, use_markdown: bool | None) -> str:
    """Render Markdown with math and escapes held out of its reach, then sanitize.

    ``use_markdown=None`` skips Python-Markdown when the text is plain apart from TeX (50\\%,
    $\\sim5\\%$): the common abstract. Tests force either way to check they agree.
    """
    source, fills = _with_placeholders(_scan(text, markdown_code=True), _piece_html)
    if use_markdown is None:
        use_markdown = not _is_plain(source)
    rendered = _markdown_to_html(source) if use_markdown else _paragraphs_html(source)
    # restored before nh3 runs: whatever a placeholder lands in, the whole result is cleaned
    cleaned = _cleaner().clean(_restore(rendered, fills))
    if "<a" not in cleaned:
        return cleaned
    return _LOCAL_LINK.sub(r'<a href="\1"\2', _LINK_WITHOUT_HREF.sub(r"<a\1\2>", cleaned))


def _inline_piece_html(piece: _Piece) -> str:
    """HTML for one piece of a title: display math is shown inline there."""
    if isinstance(piece, str):
        return html.escape(piece)
    if isinstance(piece, _Escape):
        return html.escape(piece.char)
    mathml = _mathml(piece.tex, display=False)
    return _tex_fallback(piece) if mathml is None else _cleaner().clean(mathml)


def _piece_html(piece: _Math | _Escape) -> str:
    """HTML for a math span or TeX escape inside Markdown."""
    if isinstance(piece, _Escape):
        return html.escape(piece.char)
    mathml = _mathml(piece.tex, display=piece.display)
    return _tex_fallback(piece) if mathml is None else mathml


def _tex_fallback(piece: _Math) -> str:
    """Show TeX that latex2mathml cannot read as its escaped source."""
    return f'<code class="tex">{html.escape(piece.source)}</code>'


def _with_placeholders(
    pieces: Iterable[_Piece], fill: Callable[[_Math | _Escape], str]
) -> tuple[str, list[str]]:
    """Join pieces into Markdown source with placeholders, and what each placeholder stands for."""
    parts: list[str] = []
    fills: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            parts.append(piece)
        else:
            parts.append(f"{_OPEN}{len(fills)}{_CLOSE}")
            fills.append(fill(piece))
    return "".join(parts), fills


def _restore(text: str, fills: list[str]) -> str:
    """Put back what the placeholders stand for."""
    if not fills:
        return text
    return _PLACEHOLDER.sub(lambda m: fills[int(m[1])], text)


@functools.cache
def _markdown() -> markdown.Markdown:
    """The one Markdown converter (building one costs as much as converting an abstract)."""
    return markdown.Markdown(extensions=["fenced_code", "sane_lists"], output_format="html")


def _markdown_to_html(source: str) -> str:
    """Convert Markdown source with the shared converter, reset between documents."""
    return _markdown().reset().convert(source)


@functools.cache
def _cleaner() -> nh3.Cleaner:
    """The sanitizer for content HTML: an allowlist of HTML and MathML, safe link schemes."""
    attributes: dict[str, frozenset[str]] = {**_MATHML_ATTRIBUTES, **_HTML_ATTRIBUTES}
    return nh3.Cleaner(
        tags=_HTML_TAGS | _MATHML_TAGS,
        clean_content_tags={"script", "style"},
        attributes=attributes,
        url_schemes={"http", "https", "mailto"},
        link_rel=_LINK_REL,
        strip_comments=True,
    )


@functools.cache
def _text_cleaner() -> nh3.Cleaner:
    """A sanitizer that keeps only text, for plain_text."""
    return nh3.Cleaner(tags=set(), clean_content_tags={"script", "style"}, attributes={})


# --- math -----------------------------------------------------------------------------------


def _math_tree(tex: str) -> Element | None:
    """Parse TeX with latex2mathml, or None when it cannot (it raises many kinds of error)."""
    try:
        return convert_to_element(_BARE_PERCENT.sub(r"\1\\%", tex))
    except Exception:
        return None


def _mathml(tex: str, *, display: bool) -> str | None:
    """TeX as a <math> element with its source as annotation, or None when unreadable."""
    tree = _math_tree(tex)
    if tree is None:
        return None
    try:
        body = "".join(_element_html(child) for child in tree)
    except (ValueError, RecursionError):
        return None
    if len(tree) != 1:
        body = f"<mrow>{body}</mrow>"
    mode = ' display="block"' if display else ""
    source = html.escape(tex.strip(), quote=False)
    annotation = f'<annotation encoding="application/x-tex">{source}</annotation>'
    return f"<math{mode}><semantics>{body}{annotation}</semantics></math>"


def _element_html(element: Element) -> str:
    """Serialize one element of latex2mathml's tree; ValueError when its TeX was malformed."""
    # Serialized here rather than by latex2mathml, which unescapes text (\text{<script>}
    # comes out as a tag): text is escaped, attributes filtered and operators fixed.
    tag = element.tag if element.tag in _MATHML_TAGS else "mrow"
    if len(element) != _ARITY.get(tag, len(element)):
        raise ValueError(f"<{tag}> with {len(element)} children")
    text = _entity_text(element.text or "")
    attributes = {
        k: v
        for k, v in element.attrib.items()
        if k in _MATHML_PRESENTATION and _ATTRIBUTE_VALUE.fullmatch(v)
    }
    if tag == "mi" and (operator := _as_operator(text)) is not None:
        tag, text = "mo", operator
        if unicodedata.category(operator) in _BRACKET_CATEGORIES:
            attributes.setdefault("stretchy", "false")
    attrs = "".join(f' {k}="{html.escape(v)}"' for k, v in attributes.items())
    children = "".join(_element_html(child) for child in element)
    tail = html.escape(_entity_text(element.tail or ""), quote=False)
    return f"<{tag}{attrs}>{html.escape(text, quote=False)}{children}</{tag}>{tail}"


def _as_operator(text: str) -> str | None:
    """The operator an <mi> should have been, or None when it is a real identifier."""
    if text == "~":  # \sim: latex2mathml's table maps it to ASCII ~ through a comment
        return "\u223c"
    if len(text) == 1 and (
        unicodedata.category(text) in _OPERATOR_CATEGORIES or text in _EXTRA_OPERATORS
    ):
        return text
    return None


def _entity_text(text: str) -> str:
    """Resolve the ``&#x…;`` references latex2mathml writes into element text."""
    if "&#x" not in text:
        return text
    return _ENTITY.sub(_entity_char, text)


def _entity_char(match: re.Match[str]) -> str:
    """The character of one ``&#x…;`` reference, or the reference itself when invalid."""
    code = int(match[1], 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or code == 0:
        return match[0]
    return chr(code)


# --- plain text -----------------------------------------------------------------------------


def _piece_text(piece: _Math | _Escape) -> str:
    """Plain text for a math span or TeX escape."""
    if isinstance(piece, _Escape):
        return piece.char
    tree = _math_tree(piece.tex)
    if tree is None:
        return piece.tex.strip()
    try:
        return _element_text(tree)
    except RecursionError:
        return piece.tex.strip()


def _element_text(element: Element) -> str:
    """Readable Unicode for a MathML element: n², x_(t+1), (a+b)/2, √x."""
    tag = element.tag
    kids = list(element)
    if tag in ("mi", "mn", "mo", "mtext", "ms"):
        text = _entity_text(element.text or "")
        return (_as_operator(text) or text) if tag == "mi" else text
    if tag == "mspace":
        width = element.get("width", "")
        return "" if width.startswith(("-", "negative")) else " "
    if tag in ("annotation", "mphantom"):
        return ""
    parts = [_element_text(kid) for kid in kids]
    if len(kids) != _ARITY.get(tag, len(kids)):
        return _join(parts)
    if tag in ("msup", "msub", "msubsup"):
        sub = _script(parts[1], _SUBSCRIPTS, "_") if tag != "msup" else ""
        sup = _script(parts[-1], _SUPERSCRIPTS, "^") if tag != "msub" else ""
        return parts[0] + sub + sup
    if tag in ("mover", "munder", "munderover"):
        return _under_over_text(tag, kids, parts)
    if tag == "mfrac":
        return f"{_group(parts[0])}/{_group(parts[1])}"
    if tag == "msqrt":
        return "√" + _group(_join(parts))
    if tag == "mroot":
        return _script(parts[1], _SUPERSCRIPTS, "^") + "√" + _group(parts[0])
    if tag == "mtable":
        return "; ".join(parts)
    if tag == "mtr":
        return ", ".join(parts)
    return _join(parts)


def _under_over_text(tag: str, kids: list[Element], parts: list[str]) -> str:
    """An accent as a combining mark (x̂, x⃗), limits as scripts (∑_(i=1)^n)."""
    base, script = parts[0], parts[1]
    marks = _COMBINING_BELOW if tag == "munder" else _COMBINING
    if tag != "munderover" and kids[1].tag == "mo" and script in marks:
        return "".join(char + marks[script] for char in base if not char.isspace())
    if tag == "munderover":
        return base + _script(parts[1], _SUBSCRIPTS, "_") + _script(parts[2], _SUPERSCRIPTS, "^")
    if tag == "munder":
        return base + _script(script, _SUBSCRIPTS, "_")
    return base + _script(script, _SUPERSCRIPTS, "^")


def _join(parts: list[str]) -> str:
    """Concatenate siblings, keeping words such as log or max apart from their neighbours."""
    out = ""
    previous = ""
    for part in parts:
        if (
            out
            and part
            and out[-1].isalnum()
            and part[0].isalnum()
            and (_is_word(previous) or _is_word(part))
        ):
            out += " "
        out += part
        previous = part or previous
    return out


def _is_word(text: str) -> bool:
    """Whether text is a multi-letter name such as log, max or softmax."""
    return len(text) > 1 and text.isalpha()


def _group(text: str) -> str:
    """Parenthesize text that would read ambiguously next to / or a script mark."""
    return text if len(text) <= 1 or text.isalnum() else f"({text})"


def _script(text: str, table: Mapping[int, int], mark: str) -> str:
    """A sub- or superscript in Unicode script digits when all of it has them, else ^(…)/_(…)."""
    if not text:
        return ""
    if all(ord(char) in table for char in text):
        return text.translate(table)
    return mark + _group(text)

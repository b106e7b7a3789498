"""generator.text: Markdown and TeX math to sanitized HTML, MathML and plain text."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.base import text as text_module
from generator.base.text import inline_html, markdown_html, plain_text

PUBLICATIONS = Path(__file__).resolve().parent.parent / "seeds" / "publications.txt"
ABSTRACT_LINES = (4, 7, 10, 13, 16, 19)

HTML_FUNCTIONS: list[Callable[[str], str]] = [markdown_html, inline_html]


def via_markdown(source: str) -> str:
    """markdown_html forced through Python-Markdown, for comparing with its shortcuts."""
    return text_module._markdown_html(text_module._normalize(source), use_markdown=True)


def seed_abstract(line: int) -> str:
    """One abstract from the publication seed, by its 1-based line number."""
    return PUBLICATIONS.read_text(encoding="utf-8").splitlines()[line - 1]


class _Markup(HTMLParser):
    """Collects the tags and attributes of an HTML fragment, entities in values decoded."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster"}


def assert_safe(out: str) -> None:
    """No script, event handler or script URL in the markup, however it is spelled."""
    parser = _Markup()
    parser.feed(out)
    parser.close()
    assert "<script" not in out.lower(), out
    for tag, attrs in parser.tags:
        assert tag not in {"script", "iframe", "object", "embed", "style", "base", "form"}, out
        for name, value in attrs:
            assert not name.startswith("on"), out
            assert name not in {"style", "srcdoc"}, out
            if name in URL_ATTRIBUTES:
                url = re.sub(r"[\x00-\x20]", "", value or "").lower()
                assert not url.startswith(("javascript:", "vbscript:", "data:")), out


# --- 1. math: \sim and friends -----------------------------------------------------------------


def test_sim_is_an_operator_followed_by_five_percent() -> None:
    out = markdown_html(r"in a few cases ($\sim5\%$ of books)")

    assert "<mo>\u223c</mo><mn>5</mn><mi>%</mi>" in out
    assert "~" not in out.split("<annotation")[0]


def test_seed_abstract_with_sim_renders_mathml() -> None:
    out = markdown_html(seed_abstract(13))

    assert "<mo>∼</mo><mn>5</mn><mi>%</mi>" in out
    assert "$" not in out.replace('encoding="application/x-tex"', "")
    assert "(<math><semantics>" in out and "</math> of books)" in out


@pytest.mark.parametrize(
    ("tex", "char"),
    [
        (r"\sim", "∼"),
        (r"\approx", "≈"),
        (r"\leq", "≤"),
        (r"\geq", "≥"),
        (r"\times", "×"),
        (r"\cdot", "·"),
        (r"\pm", "±"),
        (r"\mp", "∓"),
        (r"\rightarrow", "→"),
        (r"\to", "→"),
        (r"\infty", "∞"),
        (r"\neq", "≠"),
        (r"\Longrightarrow", "⟹"),
        (r"\langle", "⟨"),
        (r"\setminus", "⧵"),
    ],
)
def test_operators_are_mo_elements(tex: str, char: str) -> None:
    out = inline_html(f"$a {tex} b$")

    assert re.search(f"<mo[^>]*>{re.escape(char)}</mo>", out), out
    assert f"<mi>{char}</mi>" not in out


def test_percent_in_math_is_a_percent_sign_escaped_or_not() -> None:
    assert "<mn>50</mn><mi>%</mi>" in markdown_html(r"$50\%$")
    # latex2mathml reads a bare % as a comment; in an abstract it means percent
    assert "<mn>5</mn><mi>%</mi>" in markdown_html("$5%$ of books")
    assert plain_text("$5%$") == "5%"


def test_display_and_inline_delimiters() -> None:
    for source in ("$$x^2$$", r"\[x^2\]"):
        assert '<math display="block"><semantics><mrow><msup>' in markdown_html(source)
    for source in ("$x^2$", r"\(x^2\)"):
        out = markdown_html(source)
        assert "<math><semantics><mrow><msup><mi>x</mi><mn>2</mn></msup>" in out
        assert "display" not in out


def test_math_keeps_tex_source_as_annotation() -> None:
    out = markdown_html(r"$a<b$")

    assert '<annotation encoding="application/x-tex">a&lt;b</annotation>' in out
    assert "xmlns" not in out  # allowed in HTML only with the exact namespace; not needed


def test_underscores_and_asterisks_in_math_are_not_emphasis() -> None:
    out = markdown_html(r"Let $a_1 * b_2$ and $c_3 * d_4$ be *real*.")

    assert out.count("<em>") == 1 and "<em>real</em>" in out
    assert out.count("<msub>") == 4
    assert "<mo>*</mo>" in out


@pytest.mark.parametrize(
    "source",
    [
        "costs $5 and $10",
        "between $ 5 and 6 $",
        "prices $5, $6",
        "a lone $ sign",
        "$x$5",  # closing $ followed by a digit
        "$$",
        "$$ $$",
    ],
)
def test_dollars_in_prose_stay_text(source: str) -> None:
    out = markdown_html(source)

    assert "<math" not in out
    assert out == f"<p>{html.escape(source, quote=False)}</p>"
    assert "<math" not in inline_html(source)
    assert plain_text(source) == " ".join(source.split())


def test_math_does_not_cross_a_blank_line() -> None:
    out = markdown_html("costs $5\n\nand x$ more")

    assert "<math" not in out
    assert out.count("<p>") == 2


def test_math_in_code_is_left_alone() -> None:
    out = markdown_html("Use `$x_1$` or\n\n```\n$$y$$ 50\\%\n```\n\nthen $z$.")

    assert "<code>$x_1$</code>" in out
    assert "<pre><code>$$y$$ 50\\%\n</code></pre>" in out
    assert out.count("<math") == 1


@pytest.mark.parametrize(
    "source",
    [r"$x^$", r"$\frac{1}$", r"$\left( x$", r"$\begin{foo}$", r"\(\sqrt\)", r"$$\mathbb$$"],
)
def test_malformed_tex_shows_escaped_source(source: str) -> None:
    out = markdown_html(source)

    assert f'<code class="tex">{html.escape(source, quote=False)}</code>' in out
    assert f'<code class="tex">{html.escape(source)}</code>' in inline_html(source)


def test_malformed_tex_with_markup_is_escaped() -> None:
    out = markdown_html(r"$x^{<b onmouseover=alert(1)>}_$")

    assert "<code class=" in out
    assert_safe(out)


# --- TeX escapes in prose ------------------------------------------------------------------------


def test_tex_escapes_read_as_characters() -> None:
    source = r"50\% cheaper, R\&D, \$3, \#1 and snake\_case"

    assert markdown_html(source) == "<p>50% cheaper, R&amp;D, $3, #1 and snake_case</p>"
    assert inline_html(source) == "50% cheaper, R&amp;D, $3, #1 and snake_case"
    assert plain_text(source) == "50% cheaper, R&D, $3, #1 and snake_case"


def test_seed_abstract_with_escaped_percent() -> None:
    source = seed_abstract(4)

    assert "50% cheaper" in markdown_html(source)
    assert "50\\%" not in markdown_html(source)
    assert "50% cheaper" in plain_text(source)


def test_tex_quotes_read_as_curly_quotes_not_code() -> None:
    title = "``Why Should I Trust You?'': Explaining"

    assert markdown_html("We call it ``alignment'' and ``safety''.") == (
        "<p>We call it \u201calignment\u201d and \u201csafety\u201d.</p>"
    )
    assert inline_html(title) == "\u201cWhy Should I Trust You?\u201d: Explaining"
    assert plain_text(title) == "\u201cWhy Should I Trust You?\u201d: Explaining"
    # Markdown's double-backtick code spans are still code
    assert "<code>a`b</code>" in markdown_html("Use ``a`b`` here")


def test_escaped_hash_at_line_start_is_not_a_heading() -> None:
    assert markdown_html(r"\#1 result") == "<p>#1 result</p>"


# --- 2. sanitizing -------------------------------------------------------------------------------

XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x]( javascript:alert(1) )",
    "<javascript:alert(1)>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    '<p onclick="alert(1)">x</p>',
    "<math><mtext><script>alert(1)</script></mtext></math>",
    "<math href='javascript:alert(1)'><mi>x</mi></math>",
    r"$\text{<script>alert(1)</script>}$",
    r"$\text{<img src=x onerror=alert(1)>}$",
    r"$\href{javascript:alert(1)}{x}$",
    r"$\style{background:url(javascript:alert(1))}{x}$",
    r"$\class{x}{y}$",
    r"$\color{red\" onmouseover=\"alert(1)}{x}$",
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    "<!-- <script>alert(1)</script> -->",
]


@pytest.mark.parametrize("payload", XSS)
@pytest.mark.parametrize("render", HTML_FUNCTIONS)
def test_nothing_executable_reaches_the_output(render: Callable[[str], str], payload: str) -> None:
    out = render(f"Before {payload} after")

    assert_safe(out)
    assert "<iframe" not in out and "<style" not in out


def test_raw_html_is_stripped_to_the_allowlist() -> None:
    out = markdown_html("<p>ok <b>bold</b> <font color=red>font</font> <img src=x></p>")

    assert out == "<p>ok <b>bold</b> font </p>"


def test_links_get_rel_and_only_safe_schemes() -> None:
    out = markdown_html(
        "[a](https://example.org) [b](http://x.org) [c](mailto:a@example.org) [d](/papers/x/) "
        "[e](../up.html) [f](ftp://x.org/f) [g](javascript:alert(1)) [h](//other.org/) "
        '[i](#methods) [j](/about/ "About us") [k](HTTPS://EXAMPLE.ORG)'
    )
    rel = 'rel="nofollow noopener noreferrer"'

    assert f'<a href="https://example.org" {rel}>a</a>' in out
    assert f'<a href="http://x.org" {rel}>b</a>' in out
    assert f'<a href="mailto:a@example.org" {rel}>c</a>' in out
    assert f'<a href="//other.org/" {rel}>h</a>' in out
    assert f'<a href="HTTPS://EXAMPLE.ORG" {rel}>k</a>' in out
    # the site's own pages are not nofollow: search engines would ignore them
    assert '<a href="/papers/x/">d</a>' in out
    assert '<a href="../up.html">e</a>' in out
    assert '<a href="#methods">i</a>' in out
    assert '<a href="/about/" title="About us">j</a>' in out
    # a link whose href was removed keeps no rel: rel without href is invalid HTML
    assert "<a>f</a>" in out and "<a>g</a>" in out


MATHML_SAMPLES = {
    "msup": "x^2",
    "msub": "x_i",
    "msubsup": "x_i^2",
    "mfrac": r"\frac{a}{b}",
    "msqrt": r"\sqrt{x}",
    "mroot": r"\sqrt[3]{x}",
    "mtext": r"\text{if}",
    "mspace": r"a\quad b",
    "mstyle": r"\displaystyle x",
    "mover": r"\hat{x}",
    "munder": r"\underline{x}",
    "munderover": r"\sum\limits_{i=1}^{n} i",
    "mtable": r"\begin{pmatrix}a&b\\c&d\end{pmatrix}",
    "mtr": r"\begin{matrix}a\end{matrix}",
    "mtd": r"\begin{matrix}a\end{matrix}",
    "mpadded": r"\not=",
    "mphantom": r"\phantom{x}",
    "menclose": r"\boxed{x}",
    "semantics": "x",
    "annotation": "x",
}


@pytest.mark.parametrize(("tag", "tex"), MATHML_SAMPLES.items())
def test_mathml_elements_survive_sanitizing(tag: str, tex: str) -> None:
    for out in (markdown_html(f"${tex}$"), inline_html(f"${tex}$")):
        assert f"<{tag}" in out, out


@pytest.mark.parametrize(
    ("tex", "attribute"),
    [
        (r"\left( x \right)", 'fence="true"'),
        (r"\hat{x}", 'accent="true"'),
        (r"\mathrm{dx}", 'mathvariant="normal"'),
        (r"\color{#f00}{x}", 'mathcolor="#f00"'),
        (r"\quad", 'width="1em"'),
        (r"\begin{array}{lr}a&b\end{array}", 'columnalign="left"'),
        (r"\tfrac12", 'displaystyle="false"'),
        (r"\binom{n}{k}", 'linethickness="0"'),
        (r"\big(", 'minsize="1.2em"'),
        (r"\boxed{x}", 'notation="box"'),
    ],
)
def test_mathml_attributes_survive_sanitizing(tex: str, attribute: str) -> None:
    assert attribute in markdown_html(f"${tex}$")


# --- 3. and 4. Jinja syntax and escaping ------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    ["{{ config }}", "{% for p in papers %}x{% endfor %}", "{# note #}", "{{ x | safe }}"],
)
def test_jinja_syntax_comes_out_as_literal_text(source: str) -> None:
    escaped = html.escape(source, quote=False)

    assert markdown_html(source) == f"<p>{escaped}</p>"
    assert inline_html(source) == html.escape(source)
    assert plain_text(source) == source


def test_html_special_characters_are_escaped() -> None:
    source = "a < b & c > d \"quoted\" 'single'"

    # text content: the HTML serializer escapes & < >; quotes are literal (and safe) in text
    assert markdown_html(source) == ("<p>a &lt; b &amp; c &gt; d \"quoted\" 'single'</p>")
    assert markdown_html(source + " *x*") == (
        "<p>a &lt; b &amp; c &gt; d \"quoted\" 'single' <em>x</em></p>"
    )
    assert inline_html(source) == "a &lt; b &amp; c &gt; d &quot;quoted&quot; &#x27;single&#x27;"
    assert plain_text(source) == source


def test_entities_are_not_double_escaped_by_markdown() -> None:
    assert markdown_html("AT&amp;T *x*") == "<p>AT&amp;T <em>x</em></p>"
    assert markdown_html("AT&T") == "<p>AT&amp;T</p>"


# --- inline_html --------------------------------------------------------------------------------


def test_inline_html_has_no_block_wrapping_and_no_emphasis() -> None:
    assert inline_html("A*B search for _all_ [graphs]") == "A*B search for _all_ [graphs]"
    assert inline_html("Bounds in $O(n \\log n)$ time").startswith("Bounds in <math>")
    assert "<p>" not in inline_html("Line one\n\nline two $x$")


def test_inline_html_shows_display_math_inline() -> None:
    out = inline_html("Title $$x^2$$")

    assert "<math><semantics>" in out
    assert "display" not in out


def test_inline_html_names_with_accents_and_quotes() -> None:
    assert inline_html("Łukasz Kaiser") == "Łukasz Kaiser"
    assert inline_html("O'Connell") == "O&#x27;Connell"


# --- plain_text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"$\sim5\%$", "∼5%"),
        (r"($\sim5\%$ of books)", "(∼5% of books)"),
        ("$O(n^2)$", "O(n²)"),
        (r"$O(n \log n)$", "O(n log n)"),
        (r"$\alpha$-divergence and $\beta, \gamma, \Omega$", "α-divergence and β,γ,Ω"),
        (r"$x_{t+1} = x_t - \eta \nabla f$", "x_(t+1)=x_t−η∇f"),
        (r"$x_1^{-1}$", "x₁⁻¹"),
        (r"$\frac{a+b}{2}$", "(a+b)/2"),
        (r"$\sqrt{n}$", "√n"),
        (r"$\hat{\theta}$", "θ̂"),
        (r"$\mathbb{R}^d$", "ℝ^d"),
        (r"$\text{softmax}(x)$", "softmax(x)"),
        (r"$\leq 10\%$", "≤10%"),
        (r"$x^$ fails", "x^ fails"),
        (
            "**bold** and *em* and `code` and [a link](https://x.org)",
            "bold and em and code and a link",
        ),
        ("# Heading\n\n* one\n* two\n\n> quoted", "Heading one two quoted"),
        ("  lots\n\n\n  of\t  space  ", "lots of space"),
        ("<b>tag</b> <script>alert(1)</script>kept", "tag kept"),
        ("a < b & c", "a < b & c"),
    ],
)
def test_plain_text(source: str, expected: str) -> None:
    assert plain_text(source) == expected


def test_plain_text_of_seed_abstracts_has_no_tex_or_markup() -> None:
    for line in ABSTRACT_LINES:
        out = plain_text(seed_abstract(line))
        assert "\\" not in out and "$" not in out and "  " not in out
    assert "(∼5% of books)" in plain_text(seed_abstract(13))


# --- 6. the fast path ---------------------------------------------------------------------------


@pytest.mark.parametrize("line", ABSTRACT_LINES)
def test_seed_abstracts_render_and_fast_path_agrees(line: int) -> None:
    source = seed_abstract(line)
    out = markdown_html(source)

    assert out.startswith("<p>") and out.endswith("</p>")
    assert out == via_markdown(source)
    assert_safe(out)


def test_plain_seed_abstracts_take_the_fast_path() -> None:
    for line in (7, 10, 16, 19):
        assert text_module._is_plain(seed_abstract(line))
    for line in (4, 13):  # 50\% and $\sim5\%$
        assert not text_module._is_plain(seed_abstract(line))


def test_fast_path_paragraphs() -> None:
    source = "First paragraph,\nstill first.\n\n\n\nSecond & last.\n"

    assert (
        markdown_html(source) == "<p>First paragraph,\nstill first.</p>\n<p>Second &amp; last.</p>"
    )
    assert markdown_html(source) == via_markdown(source)
    assert markdown_html("") == "" == via_markdown("")


PLAIN_ALPHABET = st.sampled_from(
    [*"abcXYZ019 .,;:!?'\"()/%@{}-+=#>~|&\n\n\n", "é", "Ł", "∼", "\u00a0", "\u3000", "😀"]
)


@settings(
    max_examples=400, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow]
)
@given(st.text(PLAIN_ALPHABET, max_size=80).filter(text_module._is_plain))
@example("a\n\nb")
@example("\n\na\n")
@example("x\u00a0y")
@example("AT&T")
@example("0--0")  # TeX dashes are read before either path: 0–0
def test_fast_path_matches_markdown_for_plain_text(source: str) -> None:
    normalized = text_module._normalize(source)
    assert text_module._paragraphs_html(normalized) == via_markdown(source)
    assert markdown_html(source) == via_markdown(source)


TEX_PROSE = st.lists(
    st.one_of(
        st.text(PLAIN_ALPHABET, max_size=12),
        st.sampled_from(
            [
                *("$x^2$", r"$\sim5\%$", r"50\%", r"R\&D", r"\$5", r"$\alpha_i$", "$x^$"),
                *(r"$$\frac{1}{2}$$", r"\(y\)", r"\[z\]", r"$\text{a\ b}$", "$a<b$"),
            ]
        ),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEX_PROSE)
@example(r"In a few cases ($\sim5\%$ of books).")
@example("$x^2$\n\n50\\% of $y$")
def test_tex_only_shortcut_matches_markdown(source: str) -> None:
    assert markdown_html(source) == via_markdown(source)


# --- properties and determinism -----------------------------------------------------------------

NASTY = st.lists(
    st.sampled_from(
        [
            *"ab $$\\\\()[]{}^_*`<>&\"'#%~\n=-+:/!",
            *("on", "javascript:", "<script>", "onerror=", "<a href=", "](", "&#"),
            *("\\sim", "\\text{", "\\href{", "\\frac", "\\begin{matrix}"),
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), NASTY))
@example(r"$\text{<img src=x onerror=alert(1)>}$")
@example("[x](javascript:alert(1))")
@example("$" * 30)
@example("{" * 200 + "x$" + "}" * 200)
@example("$" + "{" * 300 + "$")
def test_never_raises_and_never_emits_script(source: str) -> None:
    for render in HTML_FUNCTIONS:
        assert_safe(render(source))
    assert isinstance(plain_text(source), str)


def test_deterministic() -> None:
    source = seed_abstract(13) + "\n\n" + r"Also $x_i^2 \leq \frac{1}{2}$ and [l](https://x.org)."
    for render in (markdown_html, inline_html, plain_text):
        assert render(source) == render(source) == render(str(source))


def test_line_endings_and_placeholder_characters_in_input() -> None:
    assert markdown_html("a\r\n\r\nb") == markdown_html("a\n\nb") == "<p>a</p>\n<p>b</p>"
    # private-use characters used as placeholders cannot inject a fake placeholder
    assert markdown_html("\ue0000\ue001 $x$") == markdown_html("0 $x$")
    assert "\ufffd" in markdown_html("lone \ud800 surrogate")
    # C0 controls are invalid in HTML: dropped on every path
    assert markdown_html("a\x00b\x0cc") == "<p>abc</p>"
    assert markdown_html("a\x00b\x0cc *d*") == "<p>abc <em>d</em></p>"
    assert inline_html("a\x1bb") == "ab" == plain_text("a\x1bb")


# --- 5. valid HTML5 (needs the vnu fixture from tests/clients.py) -------------------------------

VNU_SOURCES = [
    *MATHML_SAMPLES.values(),
    r"\sim5\%",
    r"\left\langle x \right\rangle",
    r"\begin{array}{|c|l|}\hline a&b\\\hline\end{array}",
    r"\begin{aligned}a&=b\\&=c\end{aligned}",
    r"\begin{cases}a&b\\c&d\end{cases}",
    r"\xrightarrow{f}",
    r"a\,b\;c\!d",
    r"\color{red}{x} \boxed{y} \cancel{z}",
    r"x \\ y",
    r"\LaTeX",
    r"\mathstrut",
    r"\href{https://example.org}{x}",
    r"\hspace{1em}",
]


@pytest.mark.slow
def test_output_is_valid_html5(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    try:
        vnu = request.getfixturevalue("vnu")
    except pytest.FixtureLookupError:
        pytest.skip("the vnu fixture is not loaded (pytest_plugins = ['tests.clients'])")
    parts = []
    for tex in VNU_SOURCES:
        parts.append(markdown_html(f"Inline ${tex}$ and display:\n\n$${tex}$$"))
        parts.append(f"<h2>{inline_html(f'Title ${tex}$')}</h2>")
    parts += [markdown_html(seed_abstract(line)) for line in ABSTRACT_LINES]
    parts.append(
        markdown_html(
            "# H\n\n* a\n* b\n\n1. x\n2. y\n\n> q\n\n```python\nx = 1\n```\n\n"
            "`c` [l](https://x.org) [j](javascript:alert(1)) <span>s</span>\n\n---\n\n"
            "line  \nbreak $x^$ and <img src=x onerror=alert(1)>"
        )
    )
    page = tmp_path / "text.html"
    page.write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
        "<body>\n" + "\n".join(parts) + "\n</body></html>\n",
        encoding="utf-8",
    )

    assert vnu([page]) == []


def test_tex_dashes_between_words_become_dashes() -> None:
    html_out = markdown_html("about---summary quality, pages 10--20, run --help\n\n---\n\nend")
    assert "about\u2014summary" in html_out and "10\u201320" in html_out
    assert "--help" in html_out and "<hr>" in html_out


def test_titles_as_plain_text_keep_their_characters() -> None:
    from generator.base.text import plain_title

    assert plain_title("A*B search with $\\sim5\\%$ and 50\\%") == "A*B search with ∼5% and 50%"
    assert plain_title("  GPT-4o   System Card ") == "GPT-4o System Card"
    assert plain_text("A*B and C*D") != plain_title("A*B and C*D")  # Markdown is for abstracts

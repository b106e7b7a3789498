"""LaTeX in bibliography fields as plain Unicode text (pylatexenc), TeX math kept as written.

`{\\TeX}`, `\\LaTeX`, `\\MF`, `\\AmSTeX` and the other logo macros of TeX bibliographies (their
definitions live in style files, not in the .bib) become their names, so "The {\\TeX}book" is
"The TeXbook". Accents become Unicode (`{\\L}ukasz` is Łukasz), braces that only protect
capitals go, `--` is an en dash, `~` a space, and `\\-` (a hyphenation hint) nothing.
"""

from __future__ import annotations

import functools
import html
import re
from typing import Any

from pylatexenc.latex2text import (  # type: ignore[import-untyped]
    LatexNodes2Text,
    MacroTextSpec,
    get_default_latex_context_db,
)

LOGOS = {
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2e",
    "BibTeX": "BibTeX",
    "AmSTeX": "AMS-TeX",
    "AMSTeX": "AMS-TeX",
    "AMSTEX": "AMS-TeX",
    "AmSLaTeX": "AMS-LaTeX",
    "LAMSTeX": "LAMS-TeX",
    "AMS": "AMS",
    "MF": "METAFONT",
    "METAFONT": "METAFONT",
    "MP": "MetaPost",
    "POSTSCRIPT": "PostScript",
    "PS": "PostScript",
    "TUB": "TUGboat",
    "TUG": "TUG",
    "VAX": "VAX",
    "WEB": "WEB",
    "SliTeX": "SliTeX",
    "XeTeX": "XeTeX",
    "XeLaTeX": "XeLaTeX",
    "LuaTeX": "LuaTeX",
    "LuaLaTeX": "LuaLaTeX",
    "pdfTeX": "pdfTeX",
    "pdfLaTeX": "pdfLaTeX",
    "ConTeXt": "ConTeXt",
    "eTeX": "e-TeX",
    "emdash": "\u2014",
    "Dash": "\u2014",
    "hyphen": "-",
}

_SPACES = re.compile(r"\s+")
_VERBATIM = re.compile(r"[\\{}\s]")  # what verbatim() would change
_LATEX = re.compile(r"[\\{}$~`'\-%&]")  # text without these is plain already
# an accent on a dotless i or j run into the letters after it (Garc\'\ia, Enr\'\iquez, as
# Mendeley and many hand-kept files write them): TeX would read one unknown macro \ia, and the
# name lost its i; read as Garc\'{\i}a
_DOTLESS = re.compile(r"(\\[`'^\"~=.]\s*)\\([ij])(?=[a-zA-Z])")


@functools.cache
def _converter(math: str) -> Any:
    context = get_default_latex_context_db()
    context.add_context_category(
        "bib-logos",
        prepend=True,
        macros=[MacroTextSpec(name, simplify_repl=text) for name, text in LOGOS.items()],
    )
    return LatexNodes2Text(latex_context=context, math_mode=math, strict_latex_spaces=False)


# an HTML entity in a BibTeX value, escaped or not ('Data &amp; Policy', 'Jos\&eacute;',
# '&quot;'): web pages' exports and al-folio lists carry them
_ENTITY = re.compile(r"\\?&(#\d{1,6}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_SPECIAL = frozenset("&%$#_{}")  # characters LaTeX reads only escaped


def _entity(match: re.Match[str]) -> str:
    """An HTML entity as the character it names, escaped for LaTeX where it must be; an
    unknown one as written."""
    entity = f"&{match.group(1)};"
    char = html.unescape(entity)
    if char == entity:
        return match.group(0)
    return f"\\{char}" if char in _SPECIAL else char


@functools.lru_cache(maxsize=1 << 16)
def decode(text: str, *, math: str = "verbatim") -> str:
    """LaTeX to one line of Unicode text; math (`$...$`) kept verbatim unless `math="text"`."""
    if not text:
        return ""
    if "&" in text:  # an ampersand in a title or a name is text, never LaTeX's alignment
        text = re.sub(r"(?<!\\)&", r"\\&", _ENTITY.sub(_entity, text))
    if not _LATEX.search(text):
        out = text
    else:
        text = _DOTLESS.sub(r"\1{\\\2}", text)
        try:
            out = str(_converter(math).latex_to_text(text))
        except Exception:  # pylatexenc is lenient; never let one odd field stop an import
            out = re.sub(r"(?<!\\)[{}]", "", text)
    out = out.replace("\u00ad", "")  # \- is a hyphenation hint, not text
    return _SPACES.sub(" ", out).strip()


def verbatim(text: str) -> str:
    """An identifier or address (DOI, URL, ISBN, eprint): braces and TeX escapes undone only."""
    if not _VERBATIM.search(text):  # most fields asked for are absent or plain
        return text
    out = re.sub(r"\\url\{([^{}]*)\}", r"\1", text)
    out = re.sub(r"\\([_%&#$~{}])", r"\1", out).replace("{", "").replace("}", "")
    return "".join(out.split())

"""SiteConfig: the typed, documented settings of site.yaml. Unknown keys are errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.base.errors import Problems, UserError
from generator.base.yamlfile import load_yaml_file
from generator.model.records import Checker, Field

CONFIG_FILE = "site.yaml"

SITE_FIELDS = (
    Field("title", "text", "The site's name, shown in every page header.", True),
    Field("description", "markdown", "One or two sentences for the home page and feeds."),
    Field(
        "base_url",
        "url",
        "Where the site is published, such as https://USER.github.io/REPO/ ; "
        "links and feeds stay under its path.",
        True,
    ),
    Field("language", "language", "Language of the content: a language tag such as en or pt-BR."),
    Field("author", "text", "Who runs the site (feeds and page metadata)."),
    Field(
        "highlight",
        "ids",
        "Author ids to highlight wherever they appear, such as the profile owner.",
    ),
    Field("authors_shown", "count", "How many authors a paper shows before 'and N more'."),
    Field("recent", "count", "How many recently added papers the home page lists."),
    Field("papers_per_page", "count", "Papers on each page of the papers index (newest first)."),
    Field("authors_per_page", "count", "Authors on each page of the A–Z authors index."),
    Field(
        "coauthor_max_authors",
        "count",
        "Papers with more authors than this (large collaborations) are left out of author "
        "pages' co-author lists; the paper's own page still lists every author.",
    ),
    Field(
        "repository",
        "url",
        "The site's GitHub repository, for 'Edit this page' links (optional).",
    ),
    Field("branch", "text", "The repository branch those links point to."),
    Field("search", "bool", "Build the offline search index and show the search box (true)."),
    Field(
        "contact",
        "text",
        "An e-mail address sent with 'readinglist add' and 'complete' look-ups (Crossref's "
        "polite pool, OpenAlex), so that a source can tell you before it blocks you.",
    ),
)


@dataclass(frozen=True)
class SiteConfig:
    """The settings of one site; defaults are what `readinglist init` writes."""

    title: str
    base_url: str
    description: str = ""
    language: str = "en"
    author: str = ""
    highlight: tuple[str, ...] = ()
    authors_shown: int = 10
    recent: int = 10
    papers_per_page: int = 200
    authors_per_page: int = 1000
    coauthor_max_authors: int = 50
    repository: str = ""
    branch: str = "main"
    search: bool = True
    contact: str = ""
    path: str = CONFIG_FILE

    def with_base_url(self, base_url: str) -> SiteConfig:
        """The same settings published at another address (`build --base-url`)."""
        return SiteConfig(**{**self.__dict__, "base_url": normalise_base_url(base_url)})


def normalise_base_url(url: str) -> str:
    """A base URL always ends with one slash, so that joining paths is plain concatenation."""
    return url.rstrip("/") + "/"


def load_config(site: Path) -> SiteConfig:
    """Read and validate DIR/site.yaml; every problem is reported at once."""
    path = site / CONFIG_FILE
    if not path.is_file():
        raise UserError(
            [_missing(site)],
        )
    data: Any = load_yaml_file(path, CONFIG_FILE)
    problems = Problems()
    checker = Checker(CONFIG_FILE, problems)
    values = checker.fields(data, SITE_FIELDS, "site.yaml")
    if values is not None:
        checker.missing(
            values, tuple(f.name for f in SITE_FIELDS if f.required and f.name not in data), 1
        )
    problems.raise_if_errors()
    assert values is not None
    values["base_url"] = normalise_base_url(values["base_url"])
    return SiteConfig(**values)


def _missing(site: Path) -> Any:
    from generator.base.errors import Problem

    return Problem(
        str(site / CONFIG_FILE),
        0,
        "no site.yaml here: run the command inside a site, pass --site DIR, "
        "or create one with 'readinglist init DIR'",
    )

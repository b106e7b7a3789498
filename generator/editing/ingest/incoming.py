"""What each input format yields: plain records for the merge step, with their source lines."""

from __future__ import annotations

from dataclasses import dataclass

from generator.base.errors import Problem
from generator.base.names import Name


@dataclass(frozen=True)
class IncomingPaper:
    """A paper as an input file describes it; empty fields are unknown."""

    title: str
    authors: tuple[Name, ...]
    abstract: str
    line: int
    year: int | None = None
    venue: str = ""
    arxiv: str = ""
    doi: str = ""
    url: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class PublicationList:
    """An author's publication list, exported from a scholar profile."""

    path: str
    owner: Name
    papers: tuple[IncomingPaper, ...]


@dataclass(frozen=True)
class AbstractEntry:
    """One entry of a reading list given by abstracts only."""

    abstract: str
    line: int


@dataclass(frozen=True)
class AbstractList:
    """A reader's reading list: the reader's name, then one abstract a line."""

    path: str
    reader: str
    entries: tuple[AbstractEntry, ...]


@dataclass(frozen=True)
class BibtexFile:
    """A BibTeX file: full records, and the entries that could not be read."""

    path: str
    papers: tuple[IncomingPaper, ...]
    problems: tuple[Problem, ...]


Source = PublicationList | AbstractList | BibtexFile

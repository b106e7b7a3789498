"""Paper metadata by identifier: arXiv, Crossref, DataCite, OpenAlex, Open Library and more."""

from generator.editing.sources.identifiers import Identifier, parse_identifier
from generator.editing.sources.lookup import lookup

__all__ = ["Identifier", "lookup", "parse_identifier"]

"""JSON Schemas for content files, made from the same field tables that validation uses.

Editors with a YAML language server (VS Code's YAML extension, for one) read the schema named in
the first line of each content file and offer completion and checks while typing.
"""

from __future__ import annotations

import json
from typing import Any

from generator.model.config import SITE_FIELDS
from generator.model.records import (
    AUTHOR_FIELDS,
    CITATION_KEY_RE,
    DIGITS_RE,
    DOI_RE,
    ENTRY_FIELDS,
    ID_RE,
    LANGUAGE_MAX,
    LANGUAGE_RE,
    LINK_FIELDS,
    LIST_FIELDS,
    ORCID_RE,
    PAGE_FIELDS,
    PAPER_FIELDS,
    PAPER_LINK_FIELDS,
    Field,
)

SCHEMA_FOLDER = "schemas"
KIND_FIELDS = {
    "paper": PAPER_FIELDS,
    "author": AUTHOR_FIELDS,
    "list": LIST_FIELDS,
    "page": PAGE_FIELDS,  # the front matter of content/pages/SLUG.md
    "site": SITE_FIELDS,
}
# what each content folder's files are, and the comment that names their schema
FOLDER_KINDS = {"papers": "paper", "authors": "author", "lists": "list"}
_ARXIV_PATTERN = r"^(\d{4}\.\d{4,5}|[A-Za-z][A-Za-z.-]*/\d{7})(v\d+)?$"
# what validation refuses (records.bad_character), as far as an editor's regex can say it:
# no control characters anywhere, and no line break in a one-line field
ONE_LINE_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$"
MULTILINE_PATTERN = r"^[^\u0000-\u0008\u000b-\u001f\u007f-\u009f]*$"


def schema_path(kind: str) -> str:
    """Where a kind's schema lives, relative to the site."""
    return f"{SCHEMA_FOLDER}/{kind}.schema.json"


def schema_comment_target(kind: str) -> str:
    """The schema as a content file two folders down (content/papers/) names it."""
    return f"../../{schema_path(kind)}"


def _property(spec: Field) -> dict[str, Any]:
    if spec.kind == "links":
        return {"description": spec.doc, **_object(LINK_FIELDS)}
    if spec.kind == "paper_links":
        return {"description": spec.doc, **_object(PAPER_LINK_FIELDS)}
    if spec.kind == "entries":
        return {"description": spec.doc, "type": "array", "items": _object(ENTRY_FIELDS)}
    simple: dict[str, dict[str, Any]] = {
        "text": {  # validation takes `volume: 521` or `title: 1984` as written, so numbers too
            "type": ["string", "number"],
            "minLength": 1 if spec.required else 0,
            "pattern": ONE_LINE_PATTERN,
        },
        "markdown": {"type": "string", "pattern": MULTILINE_PATTERN},
        "int": {"type": "integer", "minimum": 1000, "maximum": 2999},
        "count": {"type": "integer", "minimum": 1},
        "integer": {"type": "integer"},
        "month": {"type": "integer", "minimum": 1, "maximum": 12},
        "date": {"type": "string", "format": "date"},
        "bool": {"type": "boolean"},
        "id": {"type": "string", "pattern": ID_RE.pattern},
        "ids": {"type": "array", "items": {"type": "string", "pattern": ID_RE.pattern}},
        "texts": {"type": "array", "items": {"type": "string", "pattern": ONE_LINE_PATTERN}},
        "choice": {"type": "string", "enum": list(spec.choices)},
        "language": {"type": "string", "pattern": LANGUAGE_RE.pattern, "maxLength": LANGUAGE_MAX},
        "url": {"type": "string", "pattern": "^https?://"},
        # `arxiv: 2303.08774` unquoted is a number to YAML; validation takes it as written
        "arxiv": {"type": ["string", "number"], "pattern": _ARXIV_PATTERN},
        "doi": {"type": "string", "pattern": DOI_RE.pattern},
        "citation_key": {"type": "string", "pattern": CITATION_KEY_RE.pattern},
        # a number as YAML writes it unquoted, or as text
        "digits": {"type": ["string", "integer"], "pattern": DIGITS_RE.pattern, "minimum": 0},
    }
    prop = {"description": spec.doc, **simple[spec.kind]}
    if spec.name == "orcid":
        prop["pattern"] = ORCID_RE.pattern
    return prop


def _object(fields: tuple[Field, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {spec.name: _property(spec) for spec in fields},
        "required": [spec.name for spec in fields if spec.required],
    }


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file: paper, author, list, page (its front matter) or
    site."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"readinglist {kind}",
        **_object(KIND_FIELDS[kind]),
    }
    if kind == "paper":
        # authors and year may wait while the paper is marked needs_metadata
        schema["required"] = ["title"]
        schema["if"] = {
            "not": {
                "required": ["needs_metadata"],
                "properties": {"needs_metadata": {"const": True}},
            }
        }
        # an edited book may name its editors and no authors
        schema["then"] = {
            "required": ["year"],
            "anyOf": [{"required": ["authors"]}, {"required": ["editors"]}],
        }
    return schema


def schema_files() -> dict[str, str]:
    """Every schema file, by its path relative to the site."""
    return {
        schema_path(kind): json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
        for kind in KIND_FIELDS
    }

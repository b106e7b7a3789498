"""DataCite's REST API: DOIs that Crossref does not have (data sets, software, Zenodo,
institutional repositories) (https://support.datacite.org/docs/api-get-doi)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from generator.base.names import Name
from generator.editing.ingest.incoming import IncomingPaper
from generator.editing.sources.client import DATACITE, Client
from generator.editing.sources.common import (
    expect,
    given_family,
    load_json,
    obj,
    one_line,
    orcid,
    person,
    plain_title,
    strip_markup,
    year_of,
)

# resourceTypeGeneral -> paper types
TYPES = {
    "JournalArticle": "article",
    "ConferencePaper": "conference",
    "ConferenceProceeding": "book",
    "Book": "book",
    "BookChapter": "chapter",
    "Dissertation": "thesis",
    "Report": "report",
    "Preprint": "preprint",
    "Dataset": "dataset",
    "Software": "software",
    "ComputationalNotebook": "software",
}


def fetch(client: Client, doi: str) -> IncomingPaper:
    """The record DataCite holds for a DOI."""
    return client.get(DATACITE, f"/dois/{quote(doi, safe='/:;()')}", parse)


def parse(body: bytes) -> IncomingPaper:
    """Read a /dois/DOI answer (JSON:API)."""
    data = load_json(DATACITE, body)
    record = expect(DATACITE, data.get("data") if isinstance(data, dict) else None, dict, "data")
    attributes: dict[str, Any] = expect(DATACITE, record.get("attributes"), dict, "attributes")
    types = obj(attributes.get("types"))
    kind = TYPES.get(str(types.get("resourceTypeGeneral", "")), "other")
    names, orcids = [], []
    for creator in attributes.get("creators") or ():
        if not isinstance(creator, dict):
            continue
        name: Name | None
        if creator.get("nameType") == "Organizational":
            text = one_line(creator.get("name"))
            name = Name(text, "", "organization", f"{text}, null") if text else None
        elif creator.get("familyName"):
            name = given_family(creator.get("givenName"), creator.get("familyName"))
        else:
            name = person(str(creator.get("name") or ""))
        if name is None:
            continue
        names.append(name)
        ids = [
            orcid(i.get("nameIdentifier"))
            for i in creator.get("nameIdentifiers") or ()
            if isinstance(i, dict) and str(i.get("nameIdentifierScheme", "")).upper() == "ORCID"
        ]
        orcids.append(next((i for i in ids if i), ""))
    titles = [t for t in attributes.get("titles") or () if isinstance(t, dict)]
    main = [t for t in titles if not t.get("titleType")] or titles
    abstract = next(
        (
            strip_markup(str(d.get("description") or ""))
            for d in attributes.get("descriptions") or ()
            if isinstance(d, dict) and d.get("descriptionType") == "Abstract"
        ),
        "",
    )
    publisher = attributes.get("publisher")
    publisher_name = one_line(publisher.get("name") if isinstance(publisher, dict) else publisher)
    container = attributes.get("container")
    container_title = one_line(container.get("title")) if isinstance(container, dict) else ""
    return IncomingPaper(
        title=plain_title(main[0].get("title")) if main else "",
        authors=tuple(names),
        abstract=abstract,
        line=0,
        year=year_of(attributes.get("publicationYear")),
        doi=one_line(attributes.get("doi")).lower(),
        type=kind,
        journal=container_title if kind == "article" else "",
        booktitle=container_title if kind in ("conference", "chapter") else "",
        publisher=publisher_name if kind not in ("thesis", "report") else "",
        school=publisher_name if kind == "thesis" else "",
        institution=publisher_name if kind == "report" else "",
        url=one_line(attributes.get("url")) if kind in ("dataset", "software") else "",
        orcids=tuple(orcids) if any(orcids) else (),
    )

"""RIS (rispy) and CSL-JSON import: real exports (tests/data/ris/SOURCES.md), detected by
content, with the same identity, merge and all-or-nothing rules as BibTeX."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from generator.model.reading import read_content
from generator.model.records import Content

from .conftest import Run, snapshot

DATA = Path(__file__).parent / "data"
RIS_FULL = DATA / "ris" / "rispy-example-full.ris"
RIS_ENDNOTE = DATA / "ris" / "rispy-example-endnote.ris"
CSL = DATA / "csl" / "zotero-excerpt.json"


def test_ris_records_become_typed_papers_with_their_fields(
    site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = site()
    run = cli("import", "--site", root, RIS_FULL, RIS_ENDNOTE)
    assert run.code == 0, run.err
    content, problems = read_content(root)
    assert not problems.errors
    by_title = {p.title: p for p in content.papers.values()}
    first = by_title["Title of reference"]
    assert first.type == "article" and first.year == 2014
    assert (first.journal, first.volume, first.number, first.pages) == ("Lorem", "9", "3", "e0815")
    assert first.issn == "1932-6208" and first.publisher == "Fun Factory"
    assert [content.authors[a].name for a in first.authors] == ["Karl Marx", "Astrid Lindgren"]
    endnote = by_title["EndNote: The Only Reference I Can Remember"]
    assert endnote.journal == "Journal of Reference Management"
    assert endnote.doi == "10.1234/endnote.joke.2024" and endnote.pages == "1–2"
    assert len(endnote.authors) == 4 and endnote.tags[:2] == ("citation", "reference")
    again = snapshot(root)
    cli("import", "--site", root, RIS_FULL, RIS_ENDNOTE)
    assert snapshot(root) == again  # importing again changes nothing


def test_csl_json_items_keep_types_containers_editors_and_arxiv(
    site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = site()
    run = cli("import", "--site", root, CSL)
    assert run.code == 0, run.err
    content, problems = read_content(root)
    assert not problems.errors
    by_title = {p.title: p for p in content.papers.values()}
    chapter = by_title["Challenges in RDF Validation"]
    assert chapter.type == "chapter" and chapter.year == 2019
    assert chapter.booktitle.startswith("Current Trends in Semantic Web Technologies")
    assert chapter.pages == "121–151" and chapter.isbn == "978-3-030-06148-7"
    assert len(chapter.editors) == 4 and len(chapter.authors) == 4
    conference = by_title["SHACL Satisfiability and Containment"]
    assert (
        conference.type == "conference" and conference.booktitle == "The Semantic Web – ISWC 2020"
    )
    assert conference.series == "Lecture Notes in Computer Science"
    assert len(conference.editors) == 8
    assert "d’ Amato" in {content.authors[e].family for e in conference.editors}
    # editors are people like authors, never mixed into the byline
    assert not set(conference.editors) & set(conference.authors)
    article = by_title[
        "Incorporating Individual and Group Privacy Preferences in the Internet of Things"
    ]
    assert article.type == "article" and article.arxiv == "2103.07781"
    assert (article.year, article.month) == (2021, 3)


def test_formats_are_detected_by_content_not_extension(
    site: Callable[..., Path], cli: Callable[..., Run], tmp_path: Path
) -> None:
    ris = tmp_path / "export.txt"
    ris.write_text(RIS_ENDNOTE.read_text(encoding="utf-8"), encoding="utf-8")
    csl = tmp_path / "library.bib"  # a CSL-JSON export saved under the wrong name
    csl.write_text(CSL.read_text(encoding="utf-8"), encoding="utf-8")
    root = site()
    run = cli("import", "--site", root, ris, csl)
    assert run.code == 0, run.err
    content, _ = read_content(root)
    assert len(content.papers) == 4


def test_one_work_from_ris_and_bibtex_is_one_paper(
    site: Callable[..., Path], cli: Callable[..., Run], tmp_path: Path
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{doe2024,\n  author = {Smith, A. Nonymous and Doe, J. and End, N. Ote and Ref, E. Rence},\n"
        "  title = {{EndNote}: The Only Reference I Can Remember},\n  journal = {Journal of Reference Management},\n"
        "  year = 2024, volume = 1, number = 42, pages = {1--2}\n}\n",
        encoding="utf-8",
    )
    root = site()
    assert cli("import", "--site", root, bib, RIS_ENDNOTE).code == 0
    content, problems = read_content(root)
    assert not problems.errors
    assert len(content.papers) == 1 and len(content.authors) == 4
    [paper] = content.papers.values()
    assert paper.citation_key == "doe2024" and paper.doi == "10.1234/endnote.joke.2024"


def test_records_with_one_boilerplate_abstract_and_other_years_stay_two_papers(
    site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = site()
    assert cli("import", "--site", root, RIS_FULL).code == 0
    content, _ = read_content(root)
    titles = {p.title for p in content.papers.values()}
    # records 1 and 2 of the rispy example share a lorem-ipsum abstract, 2014 and 2006
    assert {"Title of reference", "The title of the reference"} <= titles
    on_papers = {a for p in content.papers.values() for a in p.authors}
    assert set(content.authors) == on_papers  # no author without a paper


def test_csl_json_orcids_tell_who_is_who(
    tmp_path: Path, site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    # Crossref's CSL-JSON gives an ORCID on a name (its API documentation's author object; the
    # first record is Crossref's, DOI 10.1155/2014/413629). One ORCID joins an initial to a full
    # name with nothing else shared; two different ORCIDs keep one name apart.
    import json

    def item(doi: str, title: str, year: int, *authors: dict[str, str]) -> dict[str, object]:
        return {"type": "article-journal", "DOI": doi, "title": title,
                "issued": {"date-parts": [[year]]}, "author": list(authors)}  # fmt: skip

    peter = {"given": "Peter", "family": "Slezak", "ORCID": "http://orcid.org/0000-0001-9757-3283"}
    initial = {"given": "P.", "family": "Slezak", "ORCID": "https://orcid.org/0000-0001-9757-3283"}
    other = {"given": "Peter", "family": "Slezak", "ORCID": "0000-0002-1825-0097"}
    first = tmp_path / "crossref.json"
    first.write_text(json.dumps([item(
        "10.1155/2014/413629", "Genotype-Related Effect of Crowding Stress on Blood Pressure",
        2014, peter, {"given": "Iveta", "family": "Bernatova"})]), encoding="utf-8")  # fmt: skip
    second = tmp_path / "zotero.json"
    second.write_text(json.dumps([
        item("10.1000/a", "Vascular function in ageing rats", 2016, initial),
        item("10.1000/b", "Stellar winds of hot giants", 2015, other),
    ]), encoding="utf-8")  # fmt: skip
    root = site()
    run = cli("import", "--site", root, first, second)
    assert run.code == 0, run.err
    content, _ = read_content(root)
    papers = {p.title: p for p in content.papers.values()}
    rats = papers["Genotype-Related Effect of Crowding Stress on Blood Pressure"].authors[0]
    assert papers["Vascular function in ageing rats"].authors == (rats,)
    assert content.authors[rats].links.orcid == "0000-0001-9757-3283"
    stars = papers["Stellar winds of hot giants"].authors[0]
    assert stars != rats and content.authors[stars].links.orcid == "0000-0002-1825-0097"
    assert "the same ORCID" in run.out


def test_a_csl_json_item_id_is_its_citation_key_and_odd_dates_give_no_year(
    tmp_path: Path, site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    # three items of a classicist's Better BibTeX export (tests/data/identity/holdout17): the
    # ids are citation keys; 'date-parts': [[21], [1996]] is a slip for 1996, and [[16]] (a
    # 17th-century book, circa) is no year. Either once made an import that `check` refused.
    items = [
        {"id": "Sokal21", "type": "article-journal", "title": "Transgressing the Boundaries",
         "author": [{"family": "Sokal", "given": "Alan D."}], "container-title": "Social Text",
         "issued": {"date-parts": [[21], [1996]]}},
        {"id": "Stefanucci16", "type": "book", "title": "Istoria della città di Todi",
         "author": [{"family": "Stefanucci", "given": "Antonio"}],
         "issued": {"circa": True, "date-parts": [[16]]}},
        {"id": "http://zotero.org/users/1/items/ABCD1234", "type": "book",
         "title": "Early Rome and Latium", "author": [{"family": "Smith", "given": "C. J."}],
         "issued": {"date-parts": [[1996]]}},
    ]  # fmt: skip
    path = tmp_path / "library.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    root = site()
    run = cli("import", "--site", root, path)
    assert run.code == 0, run.err
    content, problems = read_content(root)
    assert not problems.errors
    by_title = {p.title: p for p in content.papers.values()}
    sokal = by_title["Transgressing the Boundaries"]
    assert (sokal.year, sokal.citation_key) == (1996, "Sokal21")
    todi = by_title["Istoria della città di Todi"]
    assert (todi.year, todi.citation_key) == (None, "Stefanucci16")
    assert by_title["Early Rome and Latium"].citation_key == ""


def imported_text(
    path: Path, text: str, site: Callable[..., Path], cli: Callable[..., Run]
) -> Content:
    """The content of a new site after importing `text` written to `path`."""
    path.write_text(text, encoding="utf-8")
    root = site()
    run = cli("import", "--site", root, path)
    assert run.code == 0, run.err
    content, problems = read_content(root)
    assert not problems.errors
    return content


def test_a_ris_id_that_is_a_key_is_the_citation_key_and_a_number_is_not(
    tmp_path: Path, site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    # JabRef writes the BibTeX key as ID; EndNote a record number (tests/data/ris: 123)
    content = imported_text(
        tmp_path / "export.ris",
        "TY  - JOUR\nID  - lucas1978asset\nTI  - Asset prices in an exchange economy\n"
        "AU  - Lucas, Robert E.\nPY  - 1978\nER  - \n\n"
        "TY  - JOUR\nID  - 123\nTI  - Models of business cycles\nAU  - Lucas, Robert E.\n"
        "PY  - 1987\nER  - \n",
        site,
        cli,
    )
    keys = {p.title: p.citation_key for p in content.papers.values()}
    assert keys == {
        "Asset prices in an exchange economy": "lucas1978asset",
        "Models of business cycles": "",
    }


def test_ris_names_without_a_comma_are_people_given_name_first_unless_organizations(
    tmp_path: Path, site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    # tests/data/identity/holdout20 (a Polish economist's own list, exported from several
    # sources): 'Radosław Miśkiewicz' and 'RADOSŁAW MIŚKIEWICZ' were read as organizations,
    # so his papers sat under two authors and an "organization"
    content = imported_text(
        tmp_path / "list.ris",
        "TY  - CPAPER\nAU  - Katarzyna Szczepańska-Woszczyna\nAU  - RADOSŁAW MIŚKIEWICZ\n"
        "TI  - Innovation management in Polish transport in the Industry 4.0 perspective\n"
        "PY  - 2019\nER  - \n\n"
        "TY  - JOUR\nAU  - Miśkiewicz, Radosław\nAU  - Szczepańska-Woszczyna, Katarzyna\n"
        "TI  - Determinants and needs for innovative solutions in Polish transport 4.0\n"
        "PY  - 2019\nER  - \n\n"
        "TY  - RPRT\nAU  - World Bank\nTI  - World development report 2019\nPY  - 2019\nER  - \n",
        site,
        cli,
    )
    kinds = {a.name: a.kind for a in content.authors.values()}
    assert kinds == {
        "Radosław Miśkiewicz": "person",
        "Katarzyna Szczepańska-Woszczyna": "person",
        "World Bank": "organization",
    }, kinds


def test_ris_names_in_vancouver_style_are_family_then_initials(
    tmp_path: Path, site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    # tests/data/identity/holdout43 (a DXA lab's list exported from PubMed): 'Shepherd J' was
    # read as given name Shepherd, family name J, and 'Heymsfield SB' as family name SB
    content = imported_text(
        tmp_path / "pubmed.ris",
        "TY  - JOUR\nTI  - Body composition by DXA\nAU  - Shepherd J\nAU  - Ng BK\n"
        "AU  - Sommer MJ\nAU  - Heymsfield SB\nPY  - 2017\nJO  - Bone\nER  - \n\n"
        "TY  - JOUR\nTI  - Musicology\nAU  - Shepherd J\nAU  - Wicke P\nPY  - 2003\n"
        "JO  - Bloomsbury Encyclopedia of Popular Music of the World\nER  - \n",
        site,
        cli,
    )
    names = {(a.family, a.given) for a in content.authors.values()}
    assert names >= {("Shepherd", "J"), ("Ng", "BK"), ("Heymsfield", "SB"), ("Wicke", "P")}


# real records of a lab's PubMed/Crossref export (tests/data/identity/holdout43): the front
# matter of one book, each part with a DOI of its own under the book's abstract
FRONT_MATTER = """TY  - JOUR
TI  - Acknowledgements
AU  - Shepherd J
PY  - 2016
JO  - Manchester University Press eBooks
DO  - 10.7765/9781526110817.00005
UR  - https://doi.org/10.7765/9781526110817.00005
AB  - This book considers the underlying causes of the end of social democracy's golden age. It argues that the cross-national trend in social democratic parties since the 1970s has been towards an accommodation with neo-liberalism and a corresponding dilution of traditional social democratic commitments. The book looks at the impact of the change in economic conditions on social democracy in general, before examining the specific cases of Germany, Sweden and Australia. It examines the ideological cri...
ER  -

TY  - JOUR
TI  - List of abbreviations
AU  - Shepherd J
PY  - 2016
JO  - Manchester University Press eBooks
DO  - 10.7765/9781526110817.00006
UR  - https://doi.org/10.7765/9781526110817.00006
AB  - This book considers the underlying causes of the end of social democracy's golden age. It argues that the cross-national trend in social democratic parties since the 1970s has been towards an accommodation with neo-liberalism and a corresponding dilution of traditional social democratic commitments. The book looks at the impact of the change in economic conditions on social democracy in general, before examining the specific cases of Germany, Sweden and Australia. It examines the ideological cri...
ER  -
"""
# ... and an 11-name byline (its abstract left out here) that gives 'Wang L' twice: two people
TWO_OF_ONE_NAME = """TY  - JOUR
TI  - Tenofovir Disoproxil Fumarate Use during Pregnancy and Infant Bone Health: the Tenofovir in Pregnancy Pilot Study
AU  - Kourtis AP
AU  - Wiener J
AU  - Wang L
AU  - Fan B
AU  - Shepherd J
AU  - Chen L
AU  - Liu W
AU  - Shepard CW
AU  - Wang L
AU  - Wang A
AU  - Bulterys M
PY  - 2018
JO  - The Pediatric Infectious Disease Journal
VL  - 37
SP  - e264
EP  - e268
DO  - 10.1097/inf.0000000000002152
UR  - https://doi.org/10.1097/inf.0000000000002152
KW  - body-composition
KW  - dxa
ER  -
"""


def test_ris_keeps_a_name_given_twice_and_parts_with_their_own_dois_apart(
    tmp_path: Path, site: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    content = imported_text(tmp_path / "lab.ris", FRONT_MATTER + "\n" + TWO_OF_ONE_NAME, site, cli)
    titles = sorted(p.title for p in content.papers.values())
    assert titles[:2] == ["Acknowledgements", "List of abbreviations"]
    (paper,) = [p for p in content.papers.values() if p.title.startswith("Tenofovir")]
    names = [content.authors[a].name for a in paper.authors]
    assert len(names) == 11 and names.count("L Wang") == 2 and names[-1] == "M Bulterys"

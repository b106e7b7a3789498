"""Who is who on curated truth (issue 14): the evaluation set of tests/data/identity/, imported
with the real CLI, scored by bench/identity.py.

Thresholds are the issue's: pairwise precision >= 0.98, pairwise recall >= 0.90, B-cubed F1 >=
0.95, every labelled namesake pair apart, the same partition whatever the import order. They
hold for each part of the set on its own: "curated" (three files of tests/data/identity/),
"within" (three real reference lists of IEEE-style papers, initials only, imported together:
'Li, J.' is several people within one list) and "cross" (the 12 real bibliographies of
tests/data/bib/ imported together, scored on the people cited in several of them) and
one part per tests/data/identity/holdout*/ folder (real bibliographies labelled by people who
never ran the tool, first measured after the rules were set: their SOURCES.md), so that no
part's failures hide behind another's.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_identity", ROOT / "bench" / "identity.py")
assert _spec and _spec.loader
identity = importlib.util.module_from_spec(_spec)
sys.modules["bench_identity"] = identity
_spec.loader.exec_module(identity)

PARTS = [part.name for part in identity.PARTS]


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory: pytest.TempPathFactory) -> identity.Evaluation:
    return identity.evaluate(work=tmp_path_factory.mktemp("identity"))


def test_every_import_leaves_content_that_check_accepts(evaluation: identity.Evaluation) -> None:
    assert not evaluation.problems


# measured 2026-12-01 (bench/IDENTITY.md): the gaps the xfails below stand for
CURATED_RECALL = 0.889
WITHIN_RECALL = 0.847
# initials under a common family name join only through a co-author on a short byline (such a
# name too counts: 'Liu, F.' with 'Cui, Y.' twice): in these lists some of one person's papers
# share none ('F. Liu and others'; 'Xu, Z.' with other co-authors each time). Without that rule:
# recall 0.833, but pairwise precision 0.913, 'Li, J.' of Florida, Qualcomm and Xidian one
# author; counting vague co-authors two at a time gave 0.760, one at a time 0.840.
WITHIN_GAP = (
    "initials under a common family name ('Liu, F.' x12, 'Xu, Z.', 'Ma, W.-K.') join only "
    "through a shared co-author, and a paper that shares none with the others stays apart"
)


PASTED_GAP = (
    "two entries' author fields hold a pasted reference list of 695 and 235 names (a Mendeley "
    "export): the import says so and joins no close names on them (it joined seven namesake "
    "pairs before, Chen L / Chen LL, Rajput AH / Rajput A), so one person's close spellings "
    "there stay apart too (Friston K. / K. J.), and one spelling of two people (Kim JM, Zhang W) "
    "stays one"
)
OWNER_GAP = (
    "a researcher's IEEE export of her name (on all 29 records) holds a 2021 medical-imaging "
    "paper whose 'Xie, Ruitao' the labeller judged another person, doubtfully (no co-author, "
    "venue or topic shared; her ORCID-carrying export lacks it): a name on a quarter of a "
    "file's records is read as whose bibliography it is, one person there"
)
NO_TITLE_GAP = (
    "three records of the KAIST list hold a whole citation in the author field and no title "
    "('Chang, J. and Ye, J.C. Bidirectional generation of ... Nat Commun 15 , 2323'): the "
    "import skips them, naming file and line, so their 5 labelled positions are on no paper"
)


CUT_SHORT_GAP = (
    "one paper in both labs' lists, the second naming 3 of its 5 authors (its own people) "
    "without 'and others': imported first, that paper keeps its 3 when the full list comes in "
    "a later import (a record adds no authors to a paper that has some: an editor may have "
    "taken one off), so two people are not on it; one import of both gives all 5"
)
# the parts that miss a target, and why (each a strict xfail: it fails if the gap closes)
GAPS = {
    ("recall", "curated"): f"curated pairwise recall is {CURATED_RECALL}: each hand-labelled "
    "record is a bibliography of its own, and one common name in two of them with no shared "
    "co-author or venue stays two people (Kemp Charles, Poole Ben, Levin Michael: each also "
    "names a different person in the same set); initials across files need a co-author (Kemp "
    "C. C. x4)",
    ("recall", "within"): f"within pairwise recall is {WITHIN_RECALL}: {WITHIN_GAP}",
    ("recall", "holdout26"): f"holdout26 pairwise recall is 0.796: {PASTED_GAP}",
    ("f1", "holdout26"): f"holdout26 B-cubed F1 is 0.935: {PASTED_GAP}",
    ("namesakes", "holdout26"): f"holdout26 keeps 14 of 16 namesake pairs apart: {PASTED_GAP}",
    ("precision", "holdout38"): f"holdout38 pairwise precision is 0.967: {OWNER_GAP}",
    ("namesakes", "holdout38"): f"holdout38 keeps 9 of 11 namesake pairs apart: {OWNER_GAP}",
    ("order", "holdout42"): f"holdout42 file by file in reverse: {CUT_SHORT_GAP}",
    ("found", "holdout42"): f"holdout42 maps 1043 of 1048 positions: {NO_TITLE_GAP}",
    ("recall", "holdout49"): "holdout49 pairwise recall is 0.899: 17 of its 19 missing pairs "
    "are the export's owner once as 'Mahmood, S.' (his middle name read as his family name; "
    "the labeller judged it him from his affiliations and e-mail, doubtfully): no rule of "
    "names backs that",
    ("found", "holdout50"): "holdout50 maps 208 of 210 positions: one entry (var_grad1) has "
    "'btitle' for its title, and the import skips it, naming file and line",
    ("recall", "holdout51"): "holdout51 pairwise recall is 0.890: its owner, Peng Xiang, is "
    "also 'Peng, X.' on 1990s papers with no co-author shared (initials under a common "
    "family name need one), and 'Xiang, Peng' on a record that writes every name swapped, "
    "where two shared co-authors are needed",
    ("namesakes", "holdout43"): "holdout43 keeps 13 of 14 namesake pairs apart: 'Sherman M' "
    "of a 2008 DXA precision paper and Mark E. Sherman of the NCI (breast density) share "
    "three co-authors (Fan B, Genant HK, the list's head), and the labeller judged them two "
    "with moderate confidence",
}


def gapped(target: str) -> list[object]:
    """PARTS, those with a known gap in `target` marked as a strict xfail with its reason."""
    return [
        pytest.param(part, marks=pytest.mark.xfail(strict=True, reason=GAPS[target, part]))
        if (target, part) in GAPS
        else part
        for part in PARTS
    ]


@pytest.mark.parametrize("part", gapped("found"))
def test_every_labelled_occurrence_is_found(evaluation: identity.Evaluation, part: str) -> None:
    assert evaluation.mapped[part] == evaluation.labelled[part]


@pytest.mark.parametrize("part", gapped("precision"))
def test_pairwise_precision(evaluation: identity.Evaluation, part: str) -> None:
    assert evaluation.per_part[part].pairwise_precision >= 0.98


@pytest.mark.parametrize("part", gapped("recall"))
def test_pairwise_recall(evaluation: identity.Evaluation, part: str) -> None:
    assert evaluation.per_part[part].pairwise_recall >= 0.90


@pytest.mark.parametrize("part", gapped("f1"))
def test_bcubed_f1(evaluation: identity.Evaluation, part: str) -> None:
    assert evaluation.per_part[part].bcubed_f1 >= 0.95


@pytest.mark.parametrize("part", gapped("namesakes"))
def test_every_labelled_namesake_pair_is_apart(evaluation: identity.Evaluation, part: str) -> None:
    checked = [
        (p, ok)
        for (p, ok), of in zip(evaluation.pairs, evaluation.part_of_pair, strict=True)
        if of == part and p["verdict"] == "different"
    ]
    merged = [
        f"{p['spelling_a']} [{p['key_a']}] / {p['spelling_b']} [{p['key_b']}]"
        for p, ok in checked
        if not ok
    ]
    assert checked or part in NO_NAMESAKES
    assert not merged


# their SOURCES.md: every compatible name in them turned out to be one person
NO_NAMESAKES = {
    *("holdout5", "holdout6", "holdout9", "holdout15", "holdout16", "holdout25", "holdout27")
}


@pytest.mark.parametrize("part", gapped("order"))
def test_the_partition_does_not_depend_on_the_import_order(
    evaluation: identity.Evaluation, part: str
) -> None:
    orders = {k: v for k, v in evaluation.same_partition.items() if k.startswith(f"{part}: ")}
    assert len(orders) == 2 and all(orders.values()), orders


def test_the_curated_sources_are_each_scored(evaluation: identity.Evaluation) -> None:
    held_out = {folder.name for folder in identity.HELD_OUT}
    assert {f"holdout{n}" for n in ("", *range(2, 53))} <= held_out
    assert set(evaluation.per_source) == {"acl", "aligned", "hand", "within", "cross", *held_out}
    assert set(evaluation.per_part) == {"curated", "within", "cross", *held_out}
    pairs = evaluation.part_of_pair
    assert pairs.count("curated") >= 40 and pairs.count("cross") >= 60
    assert pairs.count("within") >= 40 and pairs.count("holdout") >= 500
    assert pairs.count("holdout2") >= 70 and pairs.count("holdout3") >= 150
    assert pairs.count("holdout4") >= 50 and pairs.count("holdout6") >= 90
    assert pairs.count("holdout7") >= 80 and pairs.count("holdout8") >= 90
    assert pairs.count("holdout10") >= 45 and pairs.count("holdout11") >= 30
    assert pairs.count("holdout12") >= 40 and pairs.count("holdout13") >= 45
    assert pairs.count("holdout14") >= 90
    assert pairs.count("holdout15") >= 15 and pairs.count("holdout16") >= 35
    assert pairs.count("holdout17") >= 20 and pairs.count("holdout18") >= 120
    assert pairs.count("holdout19") >= 75 and pairs.count("holdout20") >= 35
    assert pairs.count("holdout21") >= 20 and pairs.count("holdout22") >= 40
    assert pairs.count("holdout23") >= 70 and pairs.count("holdout24") >= 130
    assert pairs.count("holdout25") >= 35 and pairs.count("holdout26") >= 75
    assert pairs.count("holdout27") >= 15 and pairs.count("holdout28") >= 12
    assert pairs.count("holdout29") >= 30 and pairs.count("holdout30") >= 35
    assert pairs.count("holdout31") >= 30 and pairs.count("holdout32") >= 25
    assert pairs.count("holdout33") >= 25 and pairs.count("holdout34") >= 14
    assert pairs.count("holdout35") >= 20 and pairs.count("holdout36") >= 60
    assert pairs.count("holdout37") >= 20 and pairs.count("holdout38") >= 25
    assert pairs.count("holdout39") >= 50 and pairs.count("holdout40") >= 25
    assert pairs.count("holdout41") >= 30 and pairs.count("holdout42") >= 35
    assert pairs.count("holdout43") >= 35 and pairs.count("holdout44") >= 25
    assert pairs.count("holdout45") >= 40 and pairs.count("holdout46") >= 40
    assert pairs.count("holdout47") >= 35 and pairs.count("holdout48") >= 30
    assert pairs.count("holdout49") >= 35 and pairs.count("holdout50") >= 60
    assert pairs.count("holdout51") >= 90 and pairs.count("holdout52") >= 45


TOGETHER = [part for part in PARTS if part != "curated"]


@pytest.mark.parametrize("part", [p for p in gapped("precision") if p != "curated"])
def test_precision_holds_with_every_part_in_one_site(
    evaluation: identity.Evaluation, part: str
) -> None:
    # evidence from one bibliography may join two people of another: a co-author of one
    # common name by chance
    assert evaluation.together[part].pairwise_precision >= 0.98


@pytest.mark.parametrize("part", [p for p in gapped("f1") if p != "curated"])
def test_bcubed_f1_holds_with_every_part_in_one_site(
    evaluation: identity.Evaluation, part: str
) -> None:
    assert evaluation.together[part].bcubed_f1 >= 0.95


def test_importing_every_part_again_into_that_site_changes_nothing(
    evaluation: identity.Evaluation,
) -> None:
    # 8,000 real records of 62 bibliographies: a paper came in twice, a type or an alias
    # changed, a volume 0 was lost, until each was mended
    assert not evaluation.again


def test_no_namesake_pair_is_joined_with_every_part_in_one_site(
    evaluation: identity.Evaluation,
) -> None:
    # none but those its own part joins (the known gaps above)
    assert set(evaluation.together) == set(TOGETHER)
    apart_alone = {
        f"{p['spelling_a']} [{p['key_a']}] / {p['spelling_b']} [{p['key_b']}]"
        for p, ok in evaluation.pairs
        if ok and p["verdict"] == "different"
    }
    assert not apart_alone & set(evaluation.together_merged)

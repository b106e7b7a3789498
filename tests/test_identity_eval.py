"""Who is who on curated truth (issue 14): the evaluation set of tests/data/identity/, imported
with the real CLI, scored by bench/identity.py.

Thresholds are the issue's: pairwise precision >= 0.98, pairwise recall >= 0.90, B-cubed F1 >=
0.95, every labelled namesake pair apart, the same partition whatever the import order.
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


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory: pytest.TempPathFactory) -> identity.Evaluation:
    return identity.evaluate(work=tmp_path_factory.mktemp("identity"))


def test_every_labelled_occurrence_is_found(evaluation: identity.Evaluation) -> None:
    assert evaluation.mapped == evaluation.labelled


def test_pairwise_precision(evaluation: identity.Evaluation) -> None:
    assert evaluation.overall.pairwise_precision >= 0.98


def test_pairwise_recall(evaluation: identity.Evaluation) -> None:
    assert evaluation.overall.pairwise_recall >= 0.90


def test_bcubed_f1(evaluation: identity.Evaluation) -> None:
    assert evaluation.overall.bcubed_f1 >= 0.95


def test_every_labelled_namesake_pair_is_apart(evaluation: identity.Evaluation) -> None:
    merged = [
        f"{p['spelling_a']} [{p['key_a']}] / {p['spelling_b']} [{p['key_b']}]"
        for p, ok in evaluation.pairs
        if p["verdict"] == "different" and not ok
    ]
    assert not merged


def test_the_partition_does_not_depend_on_the_import_order(
    evaluation: identity.Evaluation,
) -> None:
    assert evaluation.same_partition and all(evaluation.same_partition.values()), (
        evaluation.same_partition
    )


def test_the_curated_sources_are_each_scored(evaluation: identity.Evaluation) -> None:
    assert set(evaluation.per_source) == {"acl", "aligned", "hand"}
    assert len(evaluation.pairs) >= 40

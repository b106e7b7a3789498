"""Adding papers by identifier: parsing, the sources (local servers), add and complete."""

from __future__ import annotations

import pytest

from generator.base.errors import UserError
from generator.editing.sources import Identifier, parse_identifier


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("2203.02155", "arxiv", "2203.02155"),
        ("arXiv:2203.02155v2", "arxiv", "2203.02155"),
        (" https://arxiv.org/abs/2203.02155v1 ", "arxiv", "2203.02155"),
        ("https://arxiv.org/pdf/1706.03762.pdf", "arxiv", "1706.03762"),
        ("hep-th/9901001", "arxiv", "hep-th/9901001"),
        ("arxiv.org/abs/math.gt/0309136v1", "arxiv", "math.GT/0309136"),
        ("0704.0001", "arxiv", "0704.0001"),
        ("10.48550/arXiv.2203.02155", "arxiv", "2203.02155"),
        ("https://doi.org/10.48550/arXiv.1706.03762", "arxiv", "1706.03762"),
        ("10.1038/nature14539", "doi", "10.1038/nature14539"),
        ("doi:10.1145/3442188.3445922", "doi", "10.1145/3442188.3445922"),
        ("https://dx.doi.org/10.1162/neco.1997.9.8.1735", "doi", "10.1162/neco.1997.9.8.1735"),
        ("https://doi.org/10.1000%2Fabc", "doi", "10.1000/abc"),
        ("978-0-262-03561-3", "isbn", "9780262035613"),
        ("ISBN 0-262-03384-4", "isbn", "0262033844"),
        ("ISBN-10: 0-8044-2957-X", "isbn", "080442957X"),
        ("https://openreview.net/forum?id=rJl-b3RcF7", "openreview", "rJl-b3RcF7"),
        ("https://openreview.net/pdf?id=YicbFdNTTy", "openreview", "YicbFdNTTy"),
        ("https://aclanthology.org/2020.acl-main.463/", "acl", "2020.acl-main.463"),
        ("https://aclanthology.org/P02-1040.pdf", "acl", "P02-1040"),
        ("https://www.aclweb.org/anthology/N19-1423", "acl", "N19-1423"),
        (
            "https://www.semanticscholar.org/paper/Attention-is-All-you-Need-Vaswani-Shazeer/"
            "204e3073870fae3d05bcbc2f6a8e263d9b72e776",
            "s2",
            "204e3073870fae3d05bcbc2f6a8e263d9b72e776",
        ),
        ("CorpusID:13756489", "s2", "CorpusID:13756489"),
    ],
)
def test_identifiers_are_read_in_every_form_editors_paste(text: str, kind: str, value: str) -> None:
    assert parse_identifier(text) == Identifier(kind, value, parse_identifier(text).version)


def test_an_arxiv_version_is_kept_for_messages_but_not_asked_for() -> None:
    parsed = parse_identifier("arXiv:2203.02155v2")
    assert (parsed.value, parsed.version, str(parsed)) == ("2203.02155", "v2", "arXiv:2203.02155v2")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("978-0-262-03561-4", "check digit"),
        ("0-262-03384-5", "check digit"),
        ("attention is all you need", "not an identifier"),
        ("https://example.org/paper.pdf", "not an identifier"),
        ("", "empty"),
        ("10.1038", "not an identifier"),
    ],
)
def test_anything_else_is_a_clear_error(text: str, says: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_identifier(text)
    assert says in str(caught.value)
    assert "\n" not in str(caught.value)

"""The build cache is data the build checks, never code it runs: a pickle, an altered file or a
cache from another folder is not trusted; and output deleted by hand is noticed and restored."""

from __future__ import annotations

import errno
import json
import pickle
import shutil
from pathlib import Path

import pytest

from generator.base.files import digest
from generator.build.cache import CACHE_DIR, cache_file, cache_key, load, summary_file
from generator.build.pipeline import build
from generator.model.config import load_config

from .conftest import corpus, snapshot


class _Marker:
    """Unpickling this writes a file: proof that loading the cache ran code."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (Path(self.path), "ran"))  # type: ignore[return-value]


def _site(tmp_path: Path, papers: int = 12) -> tuple[Path, Path]:
    site = tmp_path / "site"
    corpus.generate(site, papers)
    return site, site / "_site"


def _clean(site: Path, tmp_path: Path) -> dict[str, bytes]:
    copy = tmp_path / "clean"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("_site", CACHE_DIR))
    build(copy, copy / "_site")
    return snapshot(copy / "_site")


def _key(site: Path, out: Path) -> str:
    return cache_key(out, load_config(site).base_url)


def _first_paper(site: Path) -> Path:
    return sorted((site / "content" / "papers").glob("*.yaml"))[0]


def test_a_pickle_in_the_cache_folder_is_never_loaded(tmp_path: Path) -> None:
    site, out = _site(tmp_path)
    build(site, out)
    key = _key(site, out)
    marker = tmp_path / "ran-code"
    folder = site / CACHE_DIR
    for name in (f"{key}.pickle", f"{key}.summary", cache_file(site, key).name):
        (folder / name).write_bytes(pickle.dumps(_Marker(str(marker))))
    _edit_title(_first_paper(site), "A title after the pickles")
    build(site, out)
    assert not marker.exists()
    assert snapshot(out) == _clean(site, tmp_path)


def test_the_cache_is_json_that_can_only_name_record_classes(tmp_path: Path) -> None:
    site, out = _site(tmp_path)
    build(site, out)
    key = _key(site, out)
    check, _, payload = cache_file(site, key).read_bytes().partition(b"\n")
    head, *files = payload.split(b"\n")
    assert json.loads(head)["c"] == "BuildCache"  # then one line for each content file read
    assert len(files) == len(list((site / "content").rglob("*.yaml")))
    assert isinstance(load(site, key).pages, dict) and load(site, key).pages
    # a class of the standard library instead of a record: the cache is refused whole
    forged = payload.replace(b'"c":"Paper"', b'"c":"Popen"', 1)
    assert forged != payload and check == digest(payload).encode()
    cache_file(site, key).write_bytes(digest(forged).encode() + b"\n" + forged)
    assert load(site, key).pages == {}


def test_an_altered_cache_is_not_trusted(tmp_path: Path) -> None:
    site, out = _site(tmp_path)
    build(site, out)
    key = _key(site, out)
    path = cache_file(site, key)
    paper = _first_paper(site)
    title = next(line for line in paper.read_text().splitlines() if line.startswith("title:"))
    shown = json.loads(title.removeprefix("title:").strip())
    data = path.read_bytes()
    assert shown.encode() in data
    # the record read last time now says something the file never said (same length)
    forged = ("Z" * len(shown.encode())).encode()
    path.write_bytes(data.replace(shown.encode(), forged, 1))
    _edit_title(sorted((site / "content" / "papers").glob("*.yaml"))[1], "Another edit")
    build(site, out)
    pages = b"".join(snapshot(out).values())
    assert forged not in pages
    assert snapshot(out) == _clean(site, tmp_path)


def test_a_cache_copied_from_another_folder_is_not_trusted(tmp_path: Path) -> None:
    site, out = _site(tmp_path)
    build(site, out)
    key = _key(site, out)
    assert load(site, key).pages
    # a fresh clone at the same path (a CI runner's workspace) of a repository that committed
    # its cache: same output path and address, so the same key, but not the folder that wrote it
    site.rename(tmp_path / "original")
    shutil.copytree(tmp_path / "original", site)
    assert cache_file(site, key).is_file()
    assert load(site, key).pages == {}


def test_output_deleted_by_hand_is_restored(tmp_path: Path) -> None:
    site, out = _site(tmp_path)
    build(site, out)
    before = snapshot(out)
    page = next(p for p in sorted(out.glob("papers/*/index.html")))
    page.unlink()
    shutil.rmtree(next(p for p in sorted(out.glob("authors/*/")) if p.is_dir()))
    report = build(site, out)
    assert report.files > 0, "a build that believes nothing changed"
    assert snapshot(out) == before


def test_an_unchanged_site_with_its_output_in_place_is_still_not_rebuilt(tmp_path: Path) -> None:
    site, out = _site(tmp_path)
    build(site, out)
    assert summary_file(site, _key(site, out)).is_file()
    again = build(site, out)
    assert again.files == 0 and again.rendered == 0


def _edit_title(path: Path, title: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [f"title: {json.dumps(title)}" if x.startswith("title:") else x for x in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_full_disk_while_keeping_the_cache_is_a_warning_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, out = _site(tmp_path)
    real = Path.write_bytes

    def full(self: Path, data: bytes) -> int:
        if CACHE_DIR in self.parts:
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    report = build(site, out)
    assert any("could not keep the build cache" in w for w in report.warnings)
    assert (out / "index.html").is_file()
    assert not cache_file(site, _key(site, out)).exists()
    assert not list((site / CACHE_DIR).glob(".*.tmp"))
    monkeypatch.undo()
    again = build(site, out)  # a full build, not a wrong "nothing changed"
    assert again.rendered == again.pages

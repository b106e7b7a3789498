"""The build cache: what one build leaves for the next, so that a rebuild does only what changed.

It holds, for one output folder:
- the size and mtime of every input file: when none changed, there is nothing to do;
- each content file's parsed record, problems and digest: unchanged files are not parsed again;
- each output page's fingerprint (build/fingerprints.py), so that only pages whose fingerprint
  changed are rendered again; and one digest of the settings, every template and the version,
  which every page shows: when it changes, everything is. A clean build gives the same bytes:
  the tests compare them;
- the mtime of every output folder: a file deleted from the output by hand is noticed.

The cache lives in SITE/.readinglist-cache/ (one file per output folder and base URL) and is
only written after a build succeeded, with a digest of its text on the first line. It is data,
not code: JSON whose objects can only become plain values and the record classes named in
CLASSES (a pickle could run any code when loaded, and a site's folder may come from anyone).
It is only trusted in the folder that wrote it: it records the device and inode of its own
folder, which a copy or a fresh clone does not have.
Anything unreadable, altered or foreign means a full build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import __version__
from generator.base.errors import Problem
from generator.base.files import Stat, digest
from generator.model import records
from generator.model.reading import CachedFile, ParsedFiles

CACHE_DIR = ".readinglist-cache"
FORMAT = 7  # bump when what the cache holds, or how fingerprints are made, changes


@dataclass
class BuildCache:
    """What a build of one output folder leaves for the next."""

    key: str = ""
    inputs: dict[str, Stat] = field(default_factory=dict)
    parsed: ParsedFiles = field(default_factory=ParsedFiles)  # content files, parsed
    pages: dict[str, str] = field(default_factory=dict)  # output path -> fingerprint
    copies: dict[str, str] = field(default_factory=dict)  # static output path -> source+stat
    warnings: list[str] = field(default_factory=list)
    settings: str = ""  # digest of site.yaml, templates, version: a change means a full build
    outputs: dict[str, int] = field(default_factory=dict)  # output folder -> its mtime
    home: str = ""  # device and inode of the folder the cache was written in
    live: Any = None  # serve only, never saved: what the last build resolved (live.Live)


@dataclass(frozen=True)
class Summary:
    """The little a build needs to see that nothing changed, kept apart from the big cache so
    that an unchanged site is not even loaded."""

    key: str
    inputs: dict[str, Stat]
    pages: int
    warnings: tuple[str, ...]
    outputs: dict[str, int]
    home: str


# the only classes a cache file may name: the records and what holds them
CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (*vars(records).values(), CachedFile, ParsedFiles, Problem, BuildCache, Summary)
    if isinstance(cls, type) and dataclasses.is_dataclass(cls)
}
_SKIPPED = frozenset({"live", "encoded", "files"})  # not in the header (files: one a line)


def cache_key(out: Path, base_url: str) -> str:
    """Which output a cache belongs to: the folder, the address and this version."""
    return digest(str(out.resolve()), base_url, __version__, str(FORMAT))


def cache_file(site: Path, key: str) -> Path:
    """Where the cache of one output folder is kept."""
    return site / CACHE_DIR / f"{key}.json"


def summary_file(site: Path, key: str) -> Path:
    """Where the summary of one output folder's cache is kept."""
    return site / CACHE_DIR / f"{key}.summary.json"


def home_of(site: Path) -> str:
    """The identity of the cache folder: a copy, a fresh clone or a new folder differs."""
    try:
        info = (site / CACHE_DIR).stat()
    except OSError:
        return ""
    return f"{info.st_dev}:{info.st_ino}"


_FIELDS: dict[str, tuple[str, ...]] = {
    name: tuple(f.name for f in dataclasses.fields(cls) if f.name not in _SKIPPED)
    for name, cls in CLASSES.items()
}  # the fields a cache file holds of each class, in order


def to_data(value: Any) -> Any:
    """A value as JSON data: every object tagged with what it stands for. Maps with text keys
    and plain values (fingerprints, line numbers) stay JSON objects, inside an "s" tag, and
    those of tuples of numbers (file stats) inside a "p" tag."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or kind is float or value is None:
        return value
    if kind is tuple:
        if all(type(v) is str for v in value):
            return {"t": list(value)}
        return {"t": [to_data(v) for v in value]}
    if kind is list:
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        if all(type(k) is str for k in value):
            if all(type(v) in (str, int) for v in value.values()):
                return {"s": dict(value)}
            if all(type(v) is tuple and all(type(i) is int for i in v) for v in value.values()):
                return {"p": {k: list(v) for k, v in value.items()}}  # stats: (mtime, size)
        return {"m": [[to_data(k), to_data(v)] for k, v in value.items()]}
    if kind is dt.date:
        return {"d": value.isoformat()}
    if CLASSES.get(kind.__name__) is kind:
        names = _FIELDS[kind.__name__]
        return {"c": kind.__name__, "a": [to_data(getattr(value, n)) for n in names]}
    raise TypeError(f"the build cache cannot hold a {kind.__name__}")


def _from_object(tagged: dict[str, Any]) -> Any:
    """One JSON object back into the value it stands for; anything unknown is refused. The
    plain maps inside an "s" tag come here first and are left as they are."""
    if len(tagged) == 1:
        tag, value = next(iter(tagged.items()))
        if tag == "t" and type(value) is list:
            return tuple(value)
        if tag == "s" and type(value) is dict:
            return value
        if tag == "p" and type(value) is dict:
            return {k: tuple(v) for k, v in value.items()}
        if tag == "m" and type(value) is list:
            return dict(value)
        if tag == "d" and type(value) is str:
            return dt.date.fromisoformat(value)
    elif len(tagged) == 2 and "c" in tagged and "a" in tagged:
        name = tagged["c"]  # a class not named in CLASSES: KeyError, the cache is refused
        return CLASSES[name](**dict(zip(_FIELDS[name], tagged["a"], strict=True)))
    return tagged  # a plain map, inside an "s" tag


def _read(path: Path, kind: type, key: str, home: str) -> Any:
    """A cache file's value when it is of `kind`, for this key and this folder; else None.

    The file: a digest of the rest, then the value, then (the build cache) one line for each
    content file read, which a later save writes again as it was when the file is unchanged.
    """
    try:
        check, _, payload = path.read_bytes().partition(b"\n")
        if check.decode("ascii") != digest(payload):
            return None  # altered or cut short
        head, *lines = payload.decode("utf-8", "surrogatepass").split("\n")
        value = json.loads(head, object_hook=_from_object)
        if isinstance(value, BuildCache):  # one parse of all the lines: 20k calls cost more
            files = json.loads(f"[{','.join(lines)}]", object_hook=_from_object)
            for line, (name, cached) in zip(lines, files, strict=True):
                if not isinstance(name, str) or not isinstance(cached, CachedFile):
                    return None
                value.parsed.files[name] = cached
                value.parsed.encoded[name] = (cached, line)
    except Exception:  # missing, unreadable, from another version: build in full
        return None
    if isinstance(value, kind) and getattr(value, "key", None) == key and home:
        return value if getattr(value, "home", None) == home else None
    return None


def load(site: Path, key: str) -> BuildCache:
    """The cache the last successful build left, or an empty one."""
    cache = _read(cache_file(site, key), BuildCache, key, home_of(site))
    return cache if isinstance(cache, BuildCache) else BuildCache(key=key)


def load_summary(site: Path, key: str) -> Summary | None:
    """The summary of the last successful build, if there is one for this output."""
    summary = _read(summary_file(site, key), Summary, key, home_of(site))
    return summary if isinstance(summary, Summary) else None


def save(site: Path, cache: BuildCache) -> str:
    """Keep the cache and its summary for the next build (each written aside, then renamed).
    Returns a warning when it could not be kept (a full disk): the output is built, and the
    next build is a full one."""
    try:
        _save(site, cache)
    except OSError as exc:
        forget(site, cache.key)
        return (
            f"{CACHE_DIR}: could not keep the build cache ({exc.strerror}); the site is "
            "built, and the next build will be a full one"
        )
    return ""


def _save(site: Path, cache: BuildCache) -> None:
    folder = site / CACHE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".gitignore").write_text("*\n", encoding="utf-8")
    for stray in folder.glob(".*.tmp"):  # left by a build stopped while saving
        with contextlib.suppress(OSError):
            stray.unlink()
    cache.home = home_of(site)
    summary = Summary(
        cache.key, cache.inputs, len(cache.pages), tuple(cache.warnings), cache.outputs, cache.home
    )
    summary_path = summary_file(site, cache.key)
    summary_path.unlink(missing_ok=True)  # never a summary newer than its cache
    encode: Callable[[Any], str] = json.JSONEncoder(
        ensure_ascii=False, check_circular=False, separators=(",", ":")
    ).encode
    known = cache.parsed.encoded
    lines = [encode(to_data(cache))]
    for name, cached in cache.parsed.files.items():
        before = known.get(name)
        lines.append(
            before[1] if before and before[0] is cached else encode([name, to_data(cached)])
        )
    for target, text in (
        (cache_file(site, cache.key), "\n".join(lines)),
        (summary_path, encode(to_data(summary))),
    ):
        payload = text.encode("utf-8", "surrogatepass")
        temp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        temp.write_bytes(digest(payload).encode("ascii") + b"\n" + payload)  # a check first
        temp.replace(target)


def forget(site: Path, key: str) -> None:
    """Drop a cache (serve keeps its own in memory and must not leave a stale one behind)."""
    for path in (summary_file(site, key), cache_file(site, key)):
        with contextlib.suppress(OSError):
            path.unlink()

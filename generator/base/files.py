"""Files on disk: what an input's change is judged by (size and mtime, a digest), and the one
writer of text files that changes several of them all or nothing (content/, schemas/, a new
site). The output folder has its own writer, build/output.py."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from generator.base.errors import Problem, UserError

Stat = tuple[int, int]  # (mtime in ns, size)


def digest(*parts: str | bytes) -> str:
    """A short digest of several strings or byte strings."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def stat_of(path: Path) -> Stat:
    """The (mtime, size) an input is compared by."""
    info = path.stat()
    return (info.st_mtime_ns, info.st_size)


def scan(folders: Iterable[Path], files: Iterable[Path]) -> dict[str, Stat]:
    """The stat of every input: all files under the folders, and the single files."""
    found: dict[str, Stat] = {}
    stack = [str(folder) for folder in folders if folder.is_dir()]
    while stack:  # os.scandir with plain strings: about twice as fast as os.walk and Path
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    info = entry.stat()
                    found[entry.path] = (info.st_mtime_ns, info.st_size)
    for path in files:
        if path.is_file():
            found[str(path)] = stat_of(path)
    return found


def write_files_atomically(files: Mapping[Path, str]) -> None:
    """Write text files all or nothing: each is staged beside its target, then renamed in.

    If any staging write fails, the staged files and the folders made for them are removed and
    nothing already there has changed.
    """
    staged: list[tuple[Path, Path]] = []
    made: list[Path] = []
    try:
        for path, text in files.items():
            for parent in reversed(path.parents):
                if not parent.exists():
                    parent.mkdir()
                    made.append(parent)
            temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            staged.append((temp, path))
            with temp.open("w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
    except OSError as exc:
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                temp.unlink()
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        where = exc.filename or (staged[-1][1] if staged else "")
        raise UserError(
            [Problem(str(where), 0, f"cannot write: {exc.strerror}; nothing was changed")]
        ) from None
    for temp, path in staged:
        temp.replace(path)

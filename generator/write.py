"""The only writer: content files all or nothing; site output built aside and swapped in."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path

from .errors import Problem, UserError


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

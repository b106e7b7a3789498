"""The output folder's only writer: a full build is written aside and swapped in, a rebuild
replaces the changed files all or nothing."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from generator.base.errors import Problem, UserError


def check_output_folder(out: Path, site: Path) -> None:
    """Refuse an output folder whose replacement would destroy a site or its content."""
    out, site = out.resolve(), site.resolve()
    problem = ""
    if out == site or site.is_relative_to(out):
        problem = "the output folder holds the site itself; choose a folder such as _site"
    elif out.is_relative_to(site / "content") or out in (site / "templates", site / "static"):
        problem = "the output folder is part of the site's sources; choose a folder such as _site"
    elif (out / "site.yaml").exists() or (out / "content").is_dir():
        problem = (
            "the output folder looks like a site (it has site.yaml or content/); choose another"
        )
    if problem:
        raise UserError([Problem(str(out), 0, problem)])


def write_files(folder: Path, files: Iterable[tuple[str, bytes]]) -> int:
    """Write rendered files under a new folder (write_site's staging folder); the count.

    Rendering processes call this on their share of the pages, side by side. Plain strings and
    os calls: a Path and a buffered file object per page cost twice the time of the writes.
    """
    base = str(folder)
    made: set[str] = set()  # folders made already: an author's folder holds five files
    count = 0
    for relative, data in files:
        parent = relative.rpartition("/")[0]
        if parent not in made:
            os.makedirs(f"{base}/{parent}", exist_ok=True)  # noqa: PTH103 - see above
            made.add(parent)
        handle = os.open(f"{base}/{relative}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        try:
            view = memoryview(data)
            while view:  # a write may take less than all of it
                view = view[os.write(handle, view) :]
        finally:
            os.close(handle)
        count += 1
    return count


def write_site(
    out: Path,
    write: Callable[[Path], int],
    copies: Mapping[str, Path],
    finish: Callable[[Path], None] | None = None,
) -> int:
    """Write a whole site into a folder beside `out`, then swap it in; returns files written.

    `write(staging)` writes the rendered pages into the staging folder (with write_files);
    the static files are copied next, and `finish(staging)` runs on the complete folder
    before the swap, for steps that read the written site and add to it (the search index).
    Until the swap, `out` is untouched: a build that fails part way, in `finish` too, leaves
    the previous output in place. A static file never silently overwrites a page.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        count = write(staging)
        for relative, source in sorted(copies.items()):
            target = staging / relative
            if target.exists():
                raise UserError(
                    [Problem(relative, 0, "a static file has the path of a page; rename it")]
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            count += 1
        if finish is not None:
            finish(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    if finish is None:
        return count
    return sum(1 for path in out.rglob("*") if path.is_file())


def update_site(
    out: Path,
    files: Iterable[tuple[str, bytes]],
    removed: Iterable[str],
    copies: Mapping[str, Path],
    finish: Callable[[Path], None] | None = None,
) -> int:
    """Bring an existing output folder up to date, all or nothing: changed files are replaced
    and pages that are gone deleted, each old file kept aside until `finish` (the search index)
    has succeeded; if it fails, every old file is put back.

    The caller renders everything first, so a rendering error never reaches this point.
    """
    changes = [(out / rel, data) for rel, data in files]
    changes += [(out / rel, source.read_bytes()) for rel, source in sorted(copies.items())]
    kept: list[tuple[Path, Path | None]] = []  # (path, its old file set aside, if it had one)
    try:
        for path, data in changes:
            kept.append((path, _set_aside(path)))
            path.parent.mkdir(parents=True, exist_ok=True)
            new = path.with_name(f".{path.name}.{os.getpid()}.new")
            new.write_bytes(data)
            new.replace(path)  # atomic: `serve` never answers with half a page, or a 404
        for relative in removed:
            path = out / relative
            kept.append((path, _set_aside(path)))
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        if finish is not None:
            finish(out)
    except BaseException:
        for path, old in reversed(kept):
            if old is not None:
                old.replace(path)
            else:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
        raise
    for _, old in kept:
        if old is not None:
            old.unlink()
    for relative in removed:  # drop folders the removals emptied
        for parent in (out / relative).parents:
            if parent == out or not parent.is_relative_to(out):
                break
            if parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
    return len(changes)


def _set_aside(path: Path) -> Path | None:
    """Keep a file's old bytes under a hidden name in its folder, while it stays in place (a
    hard link; a move where links are not possible); None when there was no file."""
    aside = path.with_name(f".{path.name}.{os.getpid()}.old")
    try:
        os.link(path, aside)
    except FileNotFoundError:
        return None
    except OSError:
        path.replace(aside)
    return aside

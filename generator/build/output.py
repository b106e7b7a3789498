"""The output folder's only writer: a full build is written aside and swapped in, a rebuild
replaces the changed files all or nothing. Both are safe against a kill at any point: what they
stage and their journal sit beside the output folder (never inside it: it is published), and
`recover_output`, which every build runs first, finishes or undoes what a killed build left.
Every OSError is a UserError naming the path: the previous output is unchanged."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from generator.base.errors import Problem, UserError
from generator.base.files import call_id, folder_lock, write_bytes, write_error, write_journal

UNCHANGED = "the previous output is unchanged"


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


_STAGED = re.compile(r"\.(.+)\.(building|staging)\.\d+-\d+")


def _error(exc: OSError, where: Path, state: str) -> UserError:
    """write_error for a build, naming a file by the path it has in the output, not in the
    hidden staging folder it was written into."""
    parts = Path(str(exc.filename if exc.filename is not None else where)).parts
    for n, part in enumerate(parts):
        if match := _STAGED.fullmatch(part):
            rest = parts[n + 1 :]
            if match[2] == "staging":  # update_site's: new/ and old/ inside
                rest = rest[1:]
            parts = (*parts[:n], match[1], *rest)
            break
    shown = OSError(exc.errno, exc.strerror, str(Path(*parts)) if parts else str(where))
    return write_error(shown, where, "build", state)


def write_files(folder: Path, files: Iterable[tuple[str, bytes]]) -> int:
    """Write rendered files under a new folder (a staging folder); the count.

    Rendering processes call this on their share of the pages, side by side. Plain strings and
    os calls: a Path and a buffered file object per page cost twice the time of the writes.
    """
    base = str(folder)
    made: set[str] = set()  # folders made already: an author's folder holds five files
    count = 0
    try:
        for relative, data in files:
            parent = relative.rpartition("/")[0]
            if parent not in made:
                os.makedirs(f"{base}/{parent}", exist_ok=True)  # noqa: PTH103 - see above
                made.add(parent)
            write_bytes(f"{base}/{relative}", data)
            count += 1
    except OSError as exc:  # a UserError also from a forked rendering process
        raise _error(exc, folder, UNCHANGED) from None
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
    the previous output in place. The swap is two renames: a kill between them leaves the old
    output as .OUT.old, which recover_output puts back. A static file never silently
    overwrites a page.
    """
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _error(exc, out.parent, UNCHANGED) from None
    staging = out.with_name(f".{out.name}.building.{call_id()}")
    old = out.with_name(f".{out.name}.old")
    with folder_lock(out.parent, exclusive=False):
        try:
            staging.mkdir()
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
            _remove(old)
            if out.exists():
                out.rename(old)
            try:
                staging.rename(out)
            except BaseException:
                if old.exists() and not out.exists():
                    old.rename(out)
                raise
        except BaseException as exc:
            shutil.rmtree(staging, ignore_errors=True)
            if isinstance(exc, OSError):
                raise _error(exc, staging, UNCHANGED) from None
            raise
        _remove(old)
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
    """Bring an existing output folder up to date, all or nothing, even if killed: returns the
    files written.

    The new files are written into .OUT.staging.ID beside `out`, with a hard link to each old
    file they replace or that is deleted. A journal, .OUT.journal.ID, is written once all of
    them are there; then each new file is renamed in (atomic: `serve` never answers with half
    a page, or a 404) and the pages that are gone are deleted. If `finish` (the search index)
    fails, every old file is put back. A kill after the journal is complete is finished by
    recover_output, one before it undone. The caller renders everything first, so a rendering
    error never reaches this point.
    """
    changes = list(files)
    changes += [(rel, source.read_bytes()) for rel, source in sorted(copies.items())]
    changed = [rel for rel, _ in changes]
    gone = list(removed)
    ident = call_id()
    staging = out.with_name(f".{out.name}.staging.{ident}")
    journal = out.with_name(f".{out.name}.journal.{ident}")
    with folder_lock(out.parent, exclusive=False):
        try:
            staging.mkdir()
            write_files(staging / "new", changes)
            folders: set[Path] = set()
            kept = [rel for rel in changed + gone if _keep(out, staging / "old", rel, folders)]
            plan = {"changed": changed, "removed": gone}
            write_journal(journal.with_name(journal.name + ".tmp"), plan, publish=journal)
        except BaseException as exc:
            _drop(staging, journal.with_name(journal.name + ".tmp"))
            if isinstance(exc, OSError):
                raise _error(exc, out, UNCHANGED) from None
            raise
        try:
            _apply(out, staging, plan)
            if finish is not None:
                finish(out)
        except BaseException as exc:
            try:
                _put_back(out, staging, changed, gone, set(kept))
            except OSError as undo:  # the journal stays: the next build finishes it, in full
                raise _error(undo, out, "the next build repairs it") from None
            _drop(staging, journal)
            if isinstance(exc, OSError):
                raise _error(exc, out, UNCHANGED) from None
            raise
        _drop(staging, journal)
    for relative in gone:  # drop folders the removals emptied
        for parent in (out / relative).parents:
            if parent == out or not parent.is_relative_to(out):
                break
            if parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
    return len(changes)


_LEFT = r"(journal|staging|building)\.\d+-\d+(\.tmp)?|old|building"


def recover_output(out: Path) -> bool:
    """Finish or undo what a killed build left beside `out`; True if there was anything.

    A complete journal of update_site is finished, an incomplete one's staging folder removed;
    a full build's staging folder is removed, and its old output put back if the kill came
    between the two renames of the swap. When anything was done, out/.nojekyll is deleted:
    the build cache may not describe the output, and without .nojekyll the next build is a
    full one (build/increment.py). Writes in progress, in this process or another, are left.
    """
    pattern = re.compile(rf"\.{re.escape(out.name)}\.({_LEFT})")
    try:
        with os.scandir(out.parent) as entries:
            names = sorted(entry.name for entry in entries if pattern.fullmatch(entry.name))
    except OSError:  # no parent folder: nothing was built
        return False
    if not names:
        return False
    with folder_lock(out.parent, exclusive=True) as free:
        if not free:
            return False
        try:
            _recover(out, names)
        except OSError as exc:
            raise _error(exc, out, "a stopped build is not repaired yet") from None
    return True


def _recover(out: Path, names: list[str]) -> None:
    prefix = f".{out.name}."
    journals = [name for name in names if name.startswith(f"{prefix}journal.")]
    for name in journals:
        path = out.parent / name
        if not name.endswith(".tmp"):  # complete: every new file is staged
            staging = out.parent / f"{prefix}staging.{name.removeprefix(prefix + 'journal.')}"
            with contextlib.suppress(ValueError, KeyError, TypeError):  # not ours after all
                _apply(out, staging, json.loads(path.read_bytes()))
        path.unlink()
    for name in names:
        path = out.parent / name
        if name == f"{prefix}old" and not out.exists():  # killed between the swap's renames
            path.rename(out)
        elif name not in journals:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
    if out.is_dir():
        (out / ".nojekyll").unlink(missing_ok=True)


def _apply(out: Path, staging: Path, plan: dict[str, list[str]]) -> None:
    """Rename each staged new file in and delete the files that are gone (again after a
    kill: what is done already is skipped)."""
    new = staging / "new"
    for relative in plan["changed"]:
        source = new / relative
        if source.exists():
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            source.replace(target)
    for relative in plan["removed"]:
        (out / relative).unlink(missing_ok=True)


def _keep(out: Path, old: Path, relative: str, folders: set[Path]) -> bool:
    """Keep a file's old bytes in the staging folder while it stays in place (a hard link; a
    copy where links are not possible); False when there is no file."""
    path, aside = out / relative, old / relative
    if aside.parent not in folders:
        aside.parent.mkdir(parents=True, exist_ok=True)
        folders.add(aside.parent)
    try:
        os.link(path, aside)
    except FileNotFoundError:
        return False
    except OSError:
        if not path.is_file():
            return False
        shutil.copyfile(path, aside)
    return True


def _put_back(
    out: Path, staging: Path, changed: list[str], gone: list[str], kept: set[str]
) -> None:
    """Undo _apply from the old files kept in the staging folder."""
    for relative in changed + gone:
        path = out / relative
        if relative in kept:
            path.parent.mkdir(parents=True, exist_ok=True)
            (staging / "old" / relative).replace(path)
        else:
            path.unlink(missing_ok=True)


def _remove(path: Path) -> None:
    """Remove a folder or a file, if there is one."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def _drop(staging: Path, journal: Path) -> None:
    """Remove an update's journal, then its staging folder (without the journal, a staging
    folder is left over whatever it holds)."""
    journal.unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)

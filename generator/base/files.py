"""Files on disk: what an input's change is judged by (size and mtime, a digest), and the one
writer of text files that changes several of them all or nothing (content/, schemas/, a new
site), even when the process is killed half way: a journal says which staged files replace
which, and `recover` finishes or undoes what a stopped writer left. The output folder has its
own writer, build/output.py, which uses the same locks, names and error messages."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import itertools
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from generator.base.errors import Problem, UserError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no locks, recovery always runs
    fcntl = None  # type: ignore[assignment]

Stat = tuple[int, int]  # (mtime in ns, size)

JOURNAL = ".readinglist-journal"  # ROOT/.readinglist-journal.ID.staging, then .ID.commit
_calls = itertools.count(1)


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
                if entry.name.startswith((".", "#")) or entry.name.endswith("~"):
                    continue  # dot-files, editors' lock and backup files: never read
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                    continue
                try:
                    info = entry.stat()
                except OSError:  # a link to nothing: reading content reports it
                    continue
                found[entry.path] = (info.st_mtime_ns, info.st_size)
    for path in files:
        if path.is_file():
            found[str(path)] = stat_of(path)
    return found


def call_id() -> str:
    """A name part no other write uses at the same time: the process and a count, since
    `serve` writes from two threads of one process."""
    return f"{os.getpid()}-{next(_calls)}"


@contextlib.contextmanager
def folder_lock(folder: Path, *, exclusive: bool) -> Iterator[bool]:
    """Hold a lock on a folder while writing into it (shared: writers do not wait for each
    other) or while recovering what a stopped writer left there (exclusive, never waiting).
    Yields False when the exclusive lock is taken: a writer is at work, its files are not
    left over. The kernel drops a killed process's locks."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # no folder yet: nothing in it to guard
        yield True
        return
    try:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB if exclusive else fcntl.LOCK_SH)
            except BlockingIOError:
                yield False
                return
            except OSError:  # a file system without locks
                pass
        yield True
    finally:
        os.close(handle)


def write_error(exc: OSError, where: str | Path, command: str, state: str) -> UserError:
    """An OSError while writing, as a user's problem: the path, what is wrong, what to do.

    `command` is what to run again ("build"), `state` what the failure left ("the previous
    output is unchanged")."""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        why, advice = "no space left on the device", "free some space"
    elif code == errno.EROFS:
        why, advice = "the file system is read-only", "choose a writable folder"
    elif code in (errno.EACCES, errno.EPERM):
        why, advice = "permission denied", "make the folder writable"
    elif code in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
        why, advice = "a file is in the way of a folder, or a folder of a file", "move it"
    else:
        why, advice = (exc.strerror or str(exc)).lower(), "fix this"
    path = exc.filename if exc.filename is not None else where
    message = f"cannot write: {why}: {advice} and {command} again; {state}"
    return UserError([Problem(str(path), 0, message)])


def write_bytes(path: str, data: bytes) -> None:
    """Write a new file with os calls (a buffered file object costs twice the time)."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:  # a write may take less than all of it
            view = view[os.write(handle, view) :]
    finally:
        os.close(handle)


MANY = 64  # files to flush above which one flush of their whole file system is cheaper


def sync(paths: Iterable[Path | str]) -> None:
    """Flush files (or folders: their entries) to the disk, several at a time, or many at once
    (an import of 10,000 entries spent a third of its time in one fsync per file)."""
    paths = list(paths)
    if len(paths) > MANY and _sync_file_system(paths):
        return

    def one(path: Path | str) -> None:
        handle = os.open(path, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)

    from concurrent.futures import ThreadPoolExecutor  # only writers need it

    with ThreadPoolExecutor(8) as pool:  # fsync waits for the disk: overlap the waits
        list(pool.map(one, paths))


def _sync_file_system(paths: list[Path | str]) -> bool:
    """Flush the one file system that holds all `paths` (Linux syncfs); False if they are on
    several, or the system has no syncfs."""
    try:
        if len({Path(path).stat().st_dev for path in paths}) != 1:
            return False
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return False
    handle = os.open(paths[0], os.O_RDONLY)
    try:
        if syncfs(handle) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code), str(paths[0]))
        return True
    finally:
        os.close(handle)


def write_journal(path: Path, data: object, *, publish: Path | None = None) -> None:
    """Write a journal and flush it (and its folder's entry) to the disk; with `publish`, it is
    written under `path` and renamed to `publish` once complete."""
    write_bytes(str(path), json.dumps(data).encode("utf-8"))
    sync([path])
    if publish is not None:
        path.replace(publish)
    sync([path.parent])


def write_files_atomically(
    files: Mapping[Path, str], root: Path | None = None, remove: Iterable[Path] = ()
) -> None:
    """Write text files (and delete the files in `remove`) all or nothing, even if the process
    is killed half way.

    Each file is staged beside its target under a hidden name. A journal in `root` (default:
    the deepest folder holding all the files) lists the planned renames: written before the
    first staged file (undo: delete them), then marked complete once every staged file is on
    the disk (redo: rename them in). The renames follow. `recover(root)`, which every command
    runs first, finishes a complete journal or undoes an incomplete one.

    An OSError before the renames removes what was staged: nothing already there has changed.
    The deletions come after the renames, and a finished journal redoes them.
    """
    gone = [path for path in remove if path not in files]
    if not files and not gone:
        return
    if root is None:
        root = Path(os.path.commonpath([path.parent for path in [*files, *gone]]))
    recover(root)
    made: list[Path] = []  # folders to make, outer ones first
    there: set[Path] = set()
    for path in files:
        if path.parent in there:  # most files share a few folders: look at each folder once
            continue
        for parent in reversed(path.parents):
            if parent not in there:
                there.add(parent)
                if not parent.is_dir():
                    made.append(parent)
    ident = call_id()
    # staged names as text, not Path objects: 100,000 of those held 35 MB through the write
    pairs = [(_staged(path, ident), path) for path in files]
    staging = root / f"{JOURNAL}.{ident}.staging"
    commit = staging.with_suffix(".commit")
    try:
        for folder in made:  # the root first (a new site): it holds the journal
            if folder == root or folder in root.parents:
                folder.mkdir(exist_ok=True)
    except OSError as exc:
        _undo(pairs, made, staging)
        raise write_error(exc, root, "run the command", "nothing was changed") from None
    with folder_lock(root, exclusive=False):
        try:
            plan = {
                "files": [[_relative(t, root), _relative(p, root)] for t, p in pairs],
                "folders": [_relative(f, root) for f in made if f not in root.parents],
                "remove": [_relative(path, root) for path in gone],
            }
            write_journal(staging, plan)
            for folder in made:
                folder.mkdir(exist_ok=True)
            for (temp, _), text in zip(pairs, files.values(), strict=True):
                write_bytes(temp, text.encode("utf-8"))
            sync(temp for temp, _ in pairs)
            write_journal(staging.with_suffix(".tmp"), plan, publish=commit)
            staging.unlink()
        except BaseException as exc:
            _undo(pairs, made, staging, staging.with_suffix(".tmp"), commit)
            if isinstance(exc, OSError):
                raise write_error(exc, root, "run the command", "nothing was changed") from None
            raise
        try:
            for temp, path in pairs:
                Path(temp).replace(path)
            for path in gone:
                path.unlink(missing_ok=True)
            commit.unlink()
        except OSError as exc:
            raise write_error(
                exc, root, "run any readinglist command", "it finishes the interrupted change"
            ) from None


def recover(root: Path) -> bool:
    """Finish or undo the writes that a stopped process left in `root`; True if there were
    any. A complete journal is finished (every staged file is there), an incomplete one undone
    (its staged files deleted). Writes in progress, in this process or another, are left."""
    try:
        with os.scandir(root) as entries:
            names = [entry.name for entry in entries if entry.name.startswith(f"{JOURNAL}.")]
    except OSError:  # no folder
        return False
    if not names:
        return False
    with folder_lock(root, exclusive=True) as free:
        if not free:
            return False
        committed = {name.removesuffix(".commit") for name in names if name.endswith(".commit")}
        for name in sorted(names, key=lambda name: not name.endswith(".commit")):
            journal = root / name
            try:
                plan = json.loads(journal.read_bytes())
                pairs = [(root / temp, root / path) for temp, path in plan["files"]]
                made = [root / folder for folder in plan["folders"]]
                gone = [root / path for path in plan.get("remove", ())]
            except (OSError, ValueError, KeyError, TypeError):  # cut short: nothing staged yet
                pairs, made, gone = [], [], []
            try:
                if name.endswith(".commit"):  # complete: every staged file is there
                    for temp, path in pairs:
                        if temp.exists():
                            temp.replace(path)
                    for path in gone:
                        path.unlink(missing_ok=True)
                    journal.unlink()
                elif name.rpartition(".")[0] in committed:  # its complete journal did the rest
                    journal.unlink()
                else:
                    _undo(pairs, made, journal)
            except OSError as exc:
                raise write_error(
                    exc, journal, "run the command", "an interrupted change is not finished yet"
                ) from None
    return True


def _staged(path: Path, ident: str) -> str:
    """Where a file is staged: beside it, hidden, named after the call."""
    folder, _, name = str(path).rpartition(os.sep)
    return f"{folder}{os.sep}.{name}.{ident}.tmp"


def _undo(pairs: Sequence[tuple[Path | str, Path]], made: list[Path], *journals: Path) -> None:
    """Delete staged files, the folders made for them (when empty) and the journals."""
    for temp, _ in pairs:
        with contextlib.suppress(OSError):
            Path(temp).unlink()
    for journal in journals:
        with contextlib.suppress(OSError):
            journal.unlink()
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _relative(path: Path | str, root: Path) -> str:
    text, prefix = str(path), f"{str(root).rstrip(os.sep)}{os.sep}"
    # a path under root, as it nearly always is: os.path.relpath costs 70 µs a file
    return text[len(prefix) :] if text.startswith(prefix) else os.path.relpath(path, root)

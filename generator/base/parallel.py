"""Work shared among forked processes, for large sites on Linux: parsing and rendering.

fork() is safe while no other thread runs; serve's rebuilds run beside its watcher thread, so
they stay in one process (they are small, or seconds long at worst).
"""

from __future__ import annotations

import functools
import gc
import os
import pickle
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from generator.base.errors import Problem, UserError

T = TypeVar("T")
R = TypeVar("R")


def processes(items: int, jobs: int | None = None, least: int = 2000) -> int:
    """How many processes share `items` pieces of work: one per core (at most 8) or `jobs`,
    when there are at least `least` of them; one where forking is not safe."""
    if items < least or not _forking_safe():
        return 1
    return max(1, jobs or min(len(os.sched_getaffinity(0)), 8))


def fork(work: Callable[[], Any]) -> Callable[[], tuple[Any, list[Problem]]]:
    """Run work() in a forked process; the returned function waits for (its result, problems):
    a UserError's problems, or a bug's traceback as one problem."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, and leave without running the parent's exit handlers
        os.close(read)
        status = 0
        try:
            result: tuple[Any, list[Problem]] = (work(), [])
        except UserError as exc:
            result = (None, list(exc.problems))
        except BaseException:  # a bug: the parent reports it
            result, status = (None, [Problem("build", 0, traceback.format_exc())]), 1
        with os.fdopen(write, "wb") as pipe:
            pickle.dump(result, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        os._exit(status)
    os.close(write)

    def wait() -> tuple[Any, list[Problem]]:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        if not data:
            return None, [Problem("build", 0, "a forked process stopped without a result")]
        result: tuple[Any, list[Problem]] = pickle.loads(data)  # from our own child
        return result

    return wait


def forked_map(func: Callable[[T], R], items: Sequence[T], jobs: int | None = None) -> list[R]:
    """[func(item) for item in items], on several processes when there are many items."""
    count = processes(len(items), jobs)
    size = max(1, -(-len(items) // count))  # no items: no chunk
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    done = in_processes(lambda n: [func(item) for item in chunks[n]], len(chunks))
    return [result for chunk in done for result in chunk]


def apart(func: Callable[[T], R], items: Sequence[T], jobs: int | None = None) -> list[R]:
    """[func(item) for item in items], all of it in forked processes where forking is safe:
    what the work allocates and lets go (a parser's objects, and the holes they leave in a
    process's memory) goes with its process, and only the results come back, as compact
    copies. Where forking is not safe, in this process."""
    if not items or not _forking_safe():
        return [func(item) for item in items]
    count = min(len(items), processes(len(items), jobs, least=1))
    shares = [items[n::count] for n in range(count)]
    done = in_processes(lambda n: [func(item) for item in shares[n]], count, here=False)
    return [done[n % count][n // count] for n in range(len(items))]  # item n: share n % count


def _forking_safe() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1


def in_processes(work: Callable[[int], R], count: int, here: bool = True) -> list[R]:
    """[work(0), ..., work(count - 1)]: work(0) in this process (unless not `here`), the others
    in forked ones. The problems of every process are raised together, once all of them have
    ended."""
    if count == 0:
        return []
    # what the process holds is out of the collector's sight while the work runs: a
    # collection in a child would write to (and so copy) every object it shares, and one in
    # this process would go over all of it again (a 5k-paper build on one process: 0.2 s).
    # Rendering makes millions of short-lived objects: fewer, larger young collections (1-2%).
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(100_000, *threshold[1:])
    children = [fork(functools.partial(work, n)) for n in range(1 if here else 0, count)]
    results: list[R] = []
    problems: list[Problem] = []
    try:
        if here:
            results.append(work(0))
    except UserError as exc:
        problems += exc.problems
    finally:  # on any failure too: a caller's files go only once no child writes in them
        for child in children:
            done, found = child()
            results.append(done)
            problems += found
        gc.set_threshold(*threshold)
        gc.unfreeze()
    if problems:
        raise UserError(problems)
    return results

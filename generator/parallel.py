"""Work shared among forked processes, for large sites on Linux: parsing and rendering.

fork() is safe while no other thread runs; serve's rebuilds run beside its watcher thread, so
they stay in one process (they are small, or seconds long at worst).
"""

from __future__ import annotations

import functools
import os
import pickle
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .errors import Problem, UserError

T = TypeVar("T")
R = TypeVar("R")


def processes(items: int, jobs: int | None = None, least: int = 2000) -> int:
    """How many processes share `items` pieces of work: one per core (at most 8) or `jobs`,
    when there are at least `least` of them; one where forking is not safe."""
    if items < least or sys.platform != "linux" or threading.active_count() > 1:
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
    if count == 1:
        return [func(item) for item in items]
    size = -(-len(items) // count)
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    children = [fork(functools.partial(_each, func, chunk)) for chunk in chunks[1:]]
    results = _each(func, chunks[0])
    problems: list[Problem] = []
    for child in children:  # every child is waited for, even after one failed
        done, found = child()
        results += done or []
        problems += found
    if problems:
        raise UserError(problems)
    return results


def _each(func: Callable[[T], R], items: Sequence[T]) -> list[R]:
    return [func(item) for item in items]

"""Problems in a user's input, reported as `path:line: message`, all at once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a look) in one file, at one line when known."""

    path: str
    line: int  # 1-based; 0 when the problem is about the whole file
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        kind = "warning: " if self.warning else ""
        return f"{where}: {kind}{self.message}"


class UserError(Exception):
    """Raised when a user's input cannot be used; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """Collects problems while a stage runs, so that all of them are reported together."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(self, path: str | Path, line: int, message: str, *, warning: bool = False) -> None:
        """Record one problem."""
        self._items.append(Problem(str(path), line, message, warning))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record problems found elsewhere."""
        self._items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop the stage, sorted by path and line."""
        return sorted(p for p in self._items if not p.warning)

    @property
    def warnings(self) -> list[Problem]:
        """The problems worth a look that do not stop anything."""
        return sorted(p for p in self._items if p.warning)

    def raise_if_errors(self) -> None:
        """Stop the stage if any error was recorded."""
        if self.errors:
            raise UserError(self.errors)

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(self._items))

    def __len__(self) -> int:
        return len(self._items)

"""Importing: read input files, merge them into content/, write what changed, all or nothing."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.base.errors import Problem, Problems, UserError
from generator.base.files import recover
from generator.base.parallel import apart
from generator.editing.ingest.detect import read_source
from generator.editing.ingest.incoming import Source
from generator.editing.ingest.merge import Report, merge
from generator.editing.save import save
from generator.model.config import CONFIG_FILE, load_config
from generator.model.reading import read_content, shown_path

__all__ = ["ImportResult", "import_files"]


@dataclass(frozen=True)
class ImportResult:
    """What an import did, and which files it wrote."""

    report: Report
    written: tuple[Path, ...]


def read_sources(paths: Sequence[Path], site: Path) -> list[Source]:
    """Parse every input file; problems in all of them are reported together."""
    problems = Problems()
    sources = []
    # each file is parsed in a process of its own (apart): the parsers' objects and the holes
    # they leave in memory go with it, and only the records come back (100k entries: 221 MiB
    # resident after reading in this process, against the records' 95 MiB)
    for read in apart(_read, list(paths)):
        if isinstance(read, list):
            problems.extend(read)
        else:
            sources.append(read)
    problems.raise_if_errors()
    return sources


def _read(path: Path) -> Source | list[Problem]:
    try:
        source = read_source(path, shown_path(path, Path.cwd()))
    except UserError as exc:
        return list(exc.problems)
    # pylatexenc leaves reference cycles (exceptions holding frames): until a full collection
    # they keep the readers' frames, with the file's text and raw entries, alive (216 MB at
    # 100k entries), through the whole merge when the file is read in this process
    gc.collect()
    return source


def import_files(
    site: Path, paths: Sequence[Path], today: dt.date, list_id: str = ""
) -> ImportResult:
    """Import files into site/content/: all or nothing (broken BibTeX entries are skipped)."""
    recover(site)  # first: finish or undo what a stopped import or edit left in content/
    content, problems = read_content(site)
    if problems.errors:
        raise UserError(problems.errors)
    if list_id and list_id not in content.lists:
        raise UserError(
            [
                Problem(
                    "--list",
                    0,
                    f"there is no list '{list_id}'; create it with 'readinglist new list' first",
                )
            ]
        )
    # no name for the parsed files here: merge lets them go once it has read them
    merged, report = merge(content, read_sources(paths, site), today, list_id, site_highlight(site))
    return ImportResult(report, save(site, content, merged))


def site_highlight(site: Path) -> tuple[str, ...]:
    """The site's own people (site.yaml's highlight), whom their name alone identifies; a bare
    content folder has none."""
    return load_config(site).highlight if (site / CONFIG_FILE).is_file() else ()

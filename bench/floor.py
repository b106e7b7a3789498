"""The floor of a full build: what reading a corpus and writing a site's files cost before any
template runs. run.py compares it with Hugo's time on the same corpus: when the floor alone is
slower than Hugo, no rendering, however fast, makes the whole build faster.

    python bench/floor.py SITE OUT    (OUT: the output of a full build of SITE)

Prints JSON: `read`, seconds to read and validate SITE's content without a cache, on every core
as a build does; `write`, seconds to write every file of OUT again, from memory, into a new
folder on every core as a build does; `files`, how many.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from generator.base.parallel import in_processes, processes
from generator.build.output import write_files
from generator.model.config import load_config
from generator.model.reading import ParsedFiles, read_content


def main() -> None:
    """Command line."""
    site, out = Path(sys.argv[1]), Path(sys.argv[2])
    started = time.perf_counter()
    read_content(site, load_config(site), ParsedFiles())
    read = time.perf_counter() - started
    files = [(p.relative_to(out).as_posix(), p.read_bytes()) for p in out.rglob("*") if p.is_file()]
    workers = processes(len(files))
    target = Path(tempfile.mkdtemp(dir=out.parent, prefix=".floor-"))
    try:
        started = time.perf_counter()
        in_processes(lambda n: write_files(target, files[n::workers]), workers)
        write = time.perf_counter() - started
    finally:
        shutil.rmtree(target)
    print(json.dumps({"read": read, "write": write, "files": len(files)}))


if __name__ == "__main__":
    main()

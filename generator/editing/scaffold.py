"""`readinglist init`: a new, empty site that builds."""

from __future__ import annotations

from pathlib import Path

from generator.base.errors import Problem, UserError
from generator.base.files import write_files_atomically
from generator.model.config import CONFIG_FILE
from generator.model.reading import FOLDERS

SITE_YAML = """\
# Settings of this reading-list site. Every key is described in the README.
title: {title}
description: Papers we read, with notes.
# Where the site will be published. For a GitHub project site: https://USER.github.io/REPO/
base_url: https://example.org/
language: en
# Author ids (file names in content/authors/) to highlight wherever they appear:
highlight: []
"""


def init_site(folder: Path, title: str) -> None:
    """Create site.yaml and the content folders; refuse to touch an existing site."""
    if (folder / CONFIG_FILE).exists():
        raise UserError(
            [
                Problem(
                    str(folder / CONFIG_FILE),
                    0,
                    "a site already exists here; choose another folder",
                )
            ]
        )
    files = {folder / CONFIG_FILE: SITE_YAML.format(title=_yaml_text(title))}
    files.update({folder / "content" / name / ".gitkeep": "" for name in FOLDERS})
    write_files_atomically(files)


def _yaml_text(text: str) -> str:
    """A title as a YAML string that stays text ('no', '1984' and 'a: b' included)."""
    return "'" + text.replace("'", "''") + "'"

"""Where the default templates and static files are: inside the installed package, or at the
root of a checkout (the seed site's templates/ and static/ are the defaults)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DEFAULTS = Path(__file__).parents[1] / "defaults"  # generator/defaults/
SOURCE_DEFAULTS = Path(__file__).parents[2]  # the checkout


def default_folder(name: str) -> Path:
    """The default templates/ or static/: inside the installed package, else the checkout."""
    packaged = PACKAGE_DEFAULTS / name
    return packaged if packaged.is_dir() else SOURCE_DEFAULTS / name

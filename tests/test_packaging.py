"""The wheel: named as on PyPI, at the version a new site's workflow pins; it ships the default
templates and static files, and the installed command builds a site that has no templates/ or
static/ of its own."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from generator import __version__

from .conftest import ROOT


def test_the_installed_wheel_builds_a_bare_site(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    # `readinglist` on PyPI is an unrelated project: the distribution is readinglist-ssg, at
    # the version `init` writes into a new site's workflow (pip install readinglist-ssg==V).
    [wheel] = wheels.glob("*.whl")
    assert wheel.name == f"readinglist_ssg-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    metadata = zipfile.ZipFile(wheel).read(f"readinglist_ssg-{__version__}.dist-info/METADATA")
    assert f"\nName: readinglist-ssg\nVersion: {__version__}\n" in metadata.decode()
    for name in ("generator/defaults/templates/base.html", "generator/defaults/templates/paper.html",
                 "generator/defaults/static/style.css", "generator/defaults/static/favicon.svg"):  # fmt: skip
        assert name in names
    # serve's editor has templates of its own, inside the package
    editor = {p.name for p in (ROOT / "generator/commands/editor_templates").glob("*.html")}
    assert editor >= {"base.html", "home.html", "preview.html", "list.html", "check.html"}
    for template in editor:
        assert f"generator/commands/editor_templates/{template}" in names
    entry_points = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith("entry_points.txt")))
        .decode()
    )
    assert "readinglist = generator.commands.cli:main" in entry_points

    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)  # fmt: skip
    site = tmp_path / "bare-site"
    # run from the installed copy only: the checkout is not on the path and not the cwd
    code = (
        "import sys; sys.path.insert(0, sys.argv.pop(1)); import generator, generator.commands.cli;"
        "assert 'installed' in generator.__file__, generator.__file__;"
        "raise SystemExit(generator.commands.cli.main(sys.argv[1:]))"
    )
    # the installed editor finds its templates
    code_editor = (
        "import sys; sys.path.insert(0, sys.argv[1]); from generator.commands.editor import "
        "environment; print(environment().get_template('home.html').filename)"
    )
    done = subprocess.run([sys.executable, "-c", code_editor, str(target)], cwd=tmp_path,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0 and "installed" in done.stdout, done.stderr
    for args in (["init", str(site)], ["build", "--site", str(site)]):
        done = subprocess.run([sys.executable, "-c", code, str(target), *args],
                              cwd=tmp_path, capture_output=True, text=True, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr
    assert not (site / "templates").exists() and not (site / "static").exists()
    page = (site / "_site/index.html").read_text(encoding="utf-8")
    assert "<!doctype html>" in page and (site / "_site/style.css").is_file()

"""`readinglist init`: a new, empty site that builds, ready to push to GitHub and publish.

Besides `site.yaml` and `content/`, a new site gets a `.gitignore` (the output folder and the
build cache are never committed), a GitHub Pages workflow that installs this very version of
readinglist from PyPI, and a README.md with the steps to publish.
"""

from __future__ import annotations

from pathlib import Path

from generator import __version__
from generator.base.errors import Problem, UserError
from generator.base.files import write_files_atomically
from generator.model.config import CONFIG_FILE
from generator.model.reading import FOLDERS

# The distribution's name on PyPI (pyproject.toml's [project] name). `readinglist` there is
# an unrelated project; the command and the import package keep their names.
DISTRIBUTION = "readinglist-ssg"
REQUIREMENT = f"{DISTRIBUTION}=={__version__}"

WORKFLOW_FILE = Path(".github") / "workflows" / "pages.yml"
GITIGNORE_FILE = ".gitignore"
README_FILE = "README.md"

# What a build writes: the output folder (`build`'s default --out) and the build cache.
IGNORED = ("_site/", ".readinglist-cache/")

SITE_YAML = """\
# Settings of this reading-list site. Every key is described in the README.
title: {title}
description: Papers we read, with notes.
# Where the site will be published. For a GitHub project site: https://USER.github.io/REPO/
# (the GitHub Pages workflow passes the address GitHub gives it, whatever is written here).
base_url: https://example.org/
language: en
# Author ids (file names in content/authors/) to highlight wherever they appear:
highlight: []
"""

GITIGNORE = (
    "# What `readinglist build` writes: the site (published by the workflow) and its cache.\n"
    + "".join(f"{line}\n" for line in IGNORED)
)

# The actions are pinned to the same commits as readinglist's own workflow
# (.github/workflows/pages.yml in its repository; tests/test_init.py keeps them equal).
WORKFLOW = """\
# Build this reading list and publish it on GitHub Pages, on every push to main.
#
# One-time setup: Settings -> Pages -> Build and deployment -> Source: "GitHub Actions".
# The site address comes from actions/configure-pages, so the site publishes at
# https://USER.github.io/REPO/ (or at its custom domain) without editing site.yaml.
name: Deploy to GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

# Every job below sets its own permissions; this is the default for anything else.
permissions:
  contents: read

# One deployment at a time; a queued run waits instead of cancelling one in progress.
concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    name: Build
    runs-on: ubuntu-latest
    permissions:
      contents: read # actions/checkout
      pages: read # actions/configure-pages reads the site's address from the Pages API
    steps:
      - name: Check out
        uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          persist-credentials: false

      - name: Set up Python
        uses: actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97 # v7.0.0
        with:
          python-version: "3.11"

      # The version this site was made with; raise it here to build with a newer one.
      - name: Install readinglist
        run: python -m pip install "@REQUIREMENT@"

      - name: Read the Pages address
        id: pages
        uses: actions/configure-pages@45bfe0192ca1faeb007ade9deae92b16b8254a0d # v6.0.0

      # base_url is https://USER.github.io/REPO (or https://DOMAIN) without a trailing slash;
      # ${BASE_URL%/}/ gives exactly one slash whatever it returns. It goes through env, not
      # straight into the script, so no expression is expanded inside the shell command.
      - name: Build the site
        env:
          BASE_URL: ${{ steps.pages.outputs.base_url }}
        run: readinglist build --out _site --base-url "${BASE_URL%/}/"

      # Dot-files such as _site/.nojekyll are left out of the artifact (v4 and later);
      # that is fine: a deployment from Actions never runs Jekyll.
      - name: Upload the site
        uses: actions/upload-pages-artifact@fc324d3547104276b827a68afc52ff2a11cc49c9 # v5.0.0
        with:
          path: _site

  deploy:
    name: Deploy
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write # create the Pages deployment
      id-token: write # prove to Pages that the artifact comes from this workflow
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Deploy
        id: deployment
        uses: actions/deploy-pages@368f82528645a54fb793d4d04e342629a3f51346 # v5.0.1
"""

README = """\
# @TITLE@

A reading list made with [readinglist](https://pypi.org/project/@DISTRIBUTION@/) @VERSION@.
Papers, authors and lists are YAML files under `content/`; pages such as About are
Markdown files in `content/pages/`; `site.yaml` holds the settings.

## Work on it

```sh
pip install "@REQUIREMENT@"    # gives the `readinglist` command
readinglist import ~/Downloads/publications.txt   # or: readinglist new paper
readinglist check              # every problem in the content, with file and line
readinglist serve              # preview at http://127.0.0.1:8000/
```

`readinglist build` writes the site into `_site/`. That folder and the build cache
(`.readinglist-cache/`) are in `.gitignore`: the workflow builds the site, you never commit it.

## Publish it on GitHub Pages

1. Create an empty repository on GitHub (no README, no .gitignore) and push this folder to
   its `main` branch:

   ```sh
   git init -b main
   git add -A
   git commit -m "A new reading list"
   git remote add origin https://github.com/USER/REPO.git
   git push -u origin main
   ```

2. In the repository, open **Settings → Pages**, and under **Build and deployment** set
   **Source** to **GitHub Actions**.
3. The workflow `.github/workflows/pages.yml` builds and publishes the site on every push to
   `main`. The first push ran before Pages was on, so run it once by hand: **Actions →
   Deploy to GitHub Pages → Run workflow**.
4. The site appears at `https://USER.github.io/REPO/` (a repository named `USER.github.io`
   publishes at `https://USER.github.io/`). The address is shown under **Settings → Pages**
   and on the run's Deploy step. The workflow passes it to `readinglist build --base-url`, so
   `base_url` in `site.yaml` needs no edit, and a custom domain set under **Settings →
   Pages** is picked up by the next run.

The workflow installs `@REQUIREMENT@`; change the version there to build with another
release.
"""


def init_site(folder: Path, title: str) -> list[Path]:
    """Create a site ready to push; refuse to touch an existing site or Pages workflow.

    Written all or nothing: `site.yaml`, the content folders, `.gitignore`, the GitHub Pages
    workflow and `README.md`. A `.gitignore` already in the folder is kept, with the lines it
    lacks added; a `README.md` already there is kept as it is. Returns the files kept as they
    were, for the command to mention.
    """
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
    if (folder / WORKFLOW_FILE).exists():
        raise UserError(
            [
                Problem(
                    str(folder / WORKFLOW_FILE),
                    0,
                    "a workflow of this name already exists; move it away or choose another"
                    " folder (nothing was written)",
                )
            ]
        )
    files = {folder / CONFIG_FILE: SITE_YAML.format(title=_yaml_text(title))}
    files.update({folder / "content" / name / ".gitkeep": "" for name in FOLDERS})
    files[folder / GITIGNORE_FILE] = _gitignore(folder / GITIGNORE_FILE)
    files[folder / WORKFLOW_FILE] = WORKFLOW.replace("@REQUIREMENT@", REQUIREMENT)
    kept = []
    readme = folder / README_FILE
    if readme.exists():
        kept.append(readme)
    else:
        files[readme] = _readme(title)
    write_files_atomically(files)
    return kept


def _gitignore(path: Path) -> str:
    """The .gitignore to write: ours, or the one already there with the lines it lacks."""
    try:
        old = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return GITIGNORE
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(
            [Problem(str(path), 0, f"cannot read it: {exc}; nothing was written")]
        ) from None
    have = {line.strip().strip("/") for line in old.splitlines()}
    missing = [line for line in IGNORED if line.strip("/") not in have]
    if not missing:
        return old
    separator = "\n" if old and not old.endswith("\n") else ""
    return old + separator + "".join(f"{line}\n" for line in missing)


def _readme(title: str) -> str:
    return (
        README.replace("@TITLE@", " ".join(title.split()) or "Reading list")
        .replace("@DISTRIBUTION@", DISTRIBUTION)
        .replace("@VERSION@", __version__)
        .replace("@REQUIREMENT@", REQUIREMENT)
    )


def _yaml_text(text: str) -> str:
    """A title as a YAML string that stays text ('no', '1984' and 'a: b' included)."""
    return "'" + text.replace("'", "''") + "'"

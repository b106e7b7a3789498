"""Editing content/: everything that writes a site's sources.

ingest/ (import: formats in, identity, merge), new (new papers, authors and lists), save
(content files written all or nothing), scaffold (init), checks (what `check` adds to reading).
Imports the layers below it: base, model, site, build.
"""

"""Raw formats in: one module per format, names.py (author lines), identity.py (who is the same
person), merge.py (into content/), importer.py (reading files, merging, writing what changed)."""

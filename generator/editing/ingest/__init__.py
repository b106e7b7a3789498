"""Import: raw formats in, one module per format (scholar, abstracts, bibtex; detect picks one),
incoming (what a format yields), identity (who is the same person), merge (into content/),
importer (reading files, merging, writing what changed)."""

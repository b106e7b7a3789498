"""The content model: the records a site is made of and how they are read and written.

records (Paper, Author, ReadingList and their validation), config (site.yaml), schema (JSON
Schemas of the files), reading (content/ -> records, with problems), dump (records -> YAML),
defaults (where the default templates and static files are). Imports only generator.base.
"""

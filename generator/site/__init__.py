"""The site: what the pages say, made from the content model in memory.

links (who links to whom, addresses, sort orders), meta (feeds, pagers, JSON-LD, names shown),
cite (BibTeX, RIS, CSL-JSON and cite keys), render (the Jinja environment and every page),
search (the Pagefind index). Imports generator.base and generator.model.
"""

"""The build: from a site folder to its output folder, redoing only what changed.

pipeline (build(): read this first), increment (what a rebuild may skip), fingerprints (what
each page shows), cache (what one build keeps for the next), rendering (a full build on every
core), output (the output folder's only writer), live (serve's instant paper preview).
Imports the layers below: base, model, site.
"""

"""The base layer: what every other layer uses and that knows nothing of sites.

errors (problems reported as path:line), yamlfile (the only YAML reader, keeping lines), files
(stats, digests, the all-or-nothing text writer), text (Markdown and TeX to HTML and plain
text), names (author lines, folding, ids), parallel (work shared among forked processes).
Imports only the standard library and third-party packages.
"""

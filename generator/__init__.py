"""readinglist: a static site generator for scholarly reading lists."""

__version__ = "0.1.0"

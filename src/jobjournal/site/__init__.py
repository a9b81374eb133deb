"""The website: which pages exist (`plan.py`), rendering them from a theme, and writing them atomically.

Also the site's other outputs: the search index, `calendar.ics`, charts and message drafts.
Imports `journal` and `views`; never the caches, git history or the live machinery above it.
"""

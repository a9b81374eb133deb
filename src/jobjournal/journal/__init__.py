"""The journal format, and reading it: files → validated entries and problems.

Owns the model (`model.py`), settings (`config.py`), front-matter and body parsing (`source.py`,
`validate.py`, `markdown.py`), the load itself (`load.py`, `entryfiles.py`, `postings.py`, `loadcache.py`) and the
safe file primitives every layer shares (`safe_read.py`, `atomic.py`, `parallel.py`).
The bottom layer: it imports nothing else from jobjournal.
"""

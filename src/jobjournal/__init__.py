"""journal: keep a job search as plain markdown files and render it into a local website."""

__version__ = "0.1.0"

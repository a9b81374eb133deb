"""Pure derivations over a loaded journal: activity, stale, ghosted, today, stats, stages, drafts, reviews, and
the people you know at each application's company (warm paths).

Functions of entries and a date, with no I/O and no HTML, so each is testable with in-memory entries.
Imports only `journal`.
"""

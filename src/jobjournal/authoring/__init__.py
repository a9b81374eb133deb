"""Writing into the journal: new entries, `journal log`'s byte-exact edits, imports and exports, kept postings
(and the one download journal ever makes, `journal posting --fetch`).

Every edit changes only what it says it changes. Imports `journal` and `views`; never the site,
the caches or the live machinery.
"""

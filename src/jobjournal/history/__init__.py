"""Status history recovered from git: the commits that changed each entry's status, cached per HEAD.

Imports only `journal`; the views never see git, they get the merged history from the build.
"""

"""Builds again and again: the rebuild session, `build --watch` and `journal serve`.

Turns file events into rebuilds of only what changed. Imports everything below it (`build` included),
never the commands.
"""

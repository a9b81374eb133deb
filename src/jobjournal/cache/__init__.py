"""What one build keeps for the next: the parse and render caches, page prints, and the up-to-date check.

Everything here is only ever a reason to skip work; a missing or damaged cache means a real build.
Imports `journal`, `views`, `history` and `site`; never `build`, `live` or the commands.
"""

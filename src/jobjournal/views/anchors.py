"""The ids of the items on the "reach out" page, where the "what to do today" list links each item."""

from __future__ import annotations

import re

_NOT_IN_AN_ID = re.compile(r"[\s%]")


def item_anchor(section: str, slug: str) -> str:
    """The HTML id of an entry's item in a section of the "reach out" page, such as `item-ghosted-acme-backend`.

    `item-` keeps them apart from the page's other ids (`ghosted-heading`). An id may hold anything but
    whitespace, and a slug is a file name: whitespace and '%' are written as %XX, which keeps ids distinct
    and is what a browser decodes a link's `#item-ghosted-a%2520b` back to.
    """
    return f"item-{section}-{_NOT_IN_AN_ID.sub(lambda m: f'%{ord(m.group()):02X}', slug)}"

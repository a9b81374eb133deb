"""A page's bytes never hold a code point HTML forbids, and the fast check agrees with the plain regexes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobjournal.site.render import html_bytes, printable_html

FORBIDDEN_SAMPLES = list("\x00\x08\x0b\x1b\x7f\x85\x9f\ud800\udfff\ufdd0\ufffe\uffff\U0001fffe\U0010ffff")
ALLOWED_SAMPLES = list("\t\n\r\x0c \xa0·é→\ufdcf\ufdf0\ufffd😀")


@pytest.mark.parametrize("char", FORBIDDEN_SAMPLES)
def test_a_forbidden_character_anywhere_becomes_a_replacement_character(char):
    page = f"<p>caf\u00e9 · {char} →</p>"
    assert html_bytes(page) == "<p>caf\u00e9 · \ufffd →</p>".encode()


@pytest.mark.parametrize("char", ALLOWED_SAMPLES)
def test_allowed_characters_are_kept_as_they_are(char):
    page = f"<title>A · B</title><p>{char}</p>"
    assert html_bytes(page) == page.encode("utf-8")


characters = st.one_of(
    st.characters(),  # surrogates included
    st.sampled_from(FORBIDDEN_SAMPLES + ALLOWED_SAMPLES),
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(characters, max_size=60))
def test_the_fast_check_gives_the_same_bytes_as_the_regexes(text):
    assert html_bytes(text) == printable_html(text).encode("utf-8")


@pytest.mark.parametrize("at", [0, (1 << 20) - 1, 1 << 20, (5 << 20) // 2, (3 << 20) - 1])
def test_a_big_page_is_checked_to_its_last_byte(at):
    """A list page of megabytes is checked a slice at a time: a control character in any slice,
    or on a slice's edge, is still replaced."""
    page = ("<td>a</td>" * (1 << 19))[: 3 << 20]
    page = page[:at] + "\x1b" + page[at + 1 :]
    assert html_bytes(page) == (page[:at] + "\ufffd" + page[at + 1 :]).encode()

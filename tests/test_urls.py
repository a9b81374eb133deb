"""href(): a URL from a user's file made valid in an href, the same with or without its fast path."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobjournal.journal import urls


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/jobs/42?ref=a#apply", "https://example.com/jobs/42?ref=a#apply"),
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("https://example.com/100%", "https://example.com/100%25"),
        ("https://example.com/%20ok", "https://example.com/%20ok"),
        ("https://example.com/#a#b", "https://example.com/#a%23b"),
        ('https://example.com/"x"', "https://example.com/%22x%22"),
        ("https://bücher.example/straße", "https://bücher.example/stra%C3%9Fe"),
        ("mailto:ann@example.com", "mailto:ann@example.com"),
    ],
)
def test_href_encodes_only_what_an_href_may_not_hold(url, expected):
    assert urls.href(url) == expected


url_text = st.text(st.sampled_from('ab/:?#%&=~ é"<>2F[]@!'), max_size=30)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.sampled_from(["", "https://", "http://example.com", "mailto:"]), url_text)
def test_the_fast_path_agrees_with_the_character_loop(prefix, rest):
    url = prefix + rest
    assert urls.href(url) == urls.encode_href(url)

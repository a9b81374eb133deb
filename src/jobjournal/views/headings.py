"""What a dated heading on an application says, from its words: the employer's news (a rejection, an
offer), an interview, or something you did. The advice (a rejection's thank-you), the drafts (a thank-you
after an interview) and the work-search report read headings the same way."""

from __future__ import annotations

import re

# A heading that says a rejection came: the news, not something the user did about it.
REJECTION_NEWS = re.compile(
    r"\breject|\bturned (?:me )?down\b|\bnot (?:moving|going) (?:forward|ahead)\b|\bunsuccessful\b"
    r"|\bdeclined\b|\bno offer\b|\bwent with (?:another|someone)",
    re.IGNORECASE,
)
# ...unless it also says the user answered.
ANSWERED = re.compile(r"\bthank|\bfeedback\b|\breplied\b|\bwrote back\b", re.IGNORECASE)
# A heading that says an offer came ("Offer!", "Verbal offer from Globex").
OFFER_NEWS = re.compile(r"\boffer", re.IGNORECASE)
# ...unless the user did something with it ("Accepted the offer", "Negotiated the offer", "Declined their offer").
ACTED_ON_OFFER = re.compile(
    r"\baccept|\bnegotiat|\bcounter|\bsigned\b|\bdeclined (?:the|their|an?|this) offer", re.IGNORECASE
)
# A heading that says you decided: took or turned down an offer, or withdrew.
YOUR_DECISION = re.compile(
    r"\baccept|\bsigned\b|\bdeclined (?:the|their|an?|this) offer|\bwithdr[ae]w\b|\bwithdrawn\b|\bwithdrawing\b",
    re.IGNORECASE,
)
INTERVIEW = re.compile(r"\binterview|\bon-?site\b", re.IGNORECASE)
# ...that is not the interview itself: how it went (the heading "what to do today" suggests the day
# after), or one still to come ("Invited to an onsite", "Recruiter call: onsite next week").
NOT_THE_INTERVIEW = re.compile(
    r"\bhow\b.*\bwent\b|\bdebrief|\brecap\b|\binvit|\bschedul|\bbooked\b|\bupcoming\b"
    r"|\bprep(?:are|ared|aring|aration)?\b|\bnext (?:week|month|round|step)|\b(?:on-?site|interview)s? next\b",
    re.IGNORECASE,
)
THANKED = re.compile(r"\bthank", re.IGNORECASE)
# A note on an event's day that says you were not there: it opens with it ("Could not go, sick", "Skipped
# it", "Event cancelled"); not a note on the day that mentions a skip in passing ("Went. Skipped the
# afterparty", "Great talks, a no-show from the keynote speaker").
STAYED_AWAY = re.compile(
    r"^\W*(?:(?:i|we)\s+)?(?:"
    r"(?:could|did|was|were|am|are|is|wo|would)(?:n'?t| not)\s+(?:go|make it|attend|be there|able to)\b"
    r"|skipped\b|skipping\b|missed\b|no[- ]?show\b|cancell?ed\b|called off\b|postponed\b|not going\b"
    r"|stayed (?:home|away)\b|gave it a miss\b"
    r"|(?:the\s+)?(?:event|meetup|fair|talk|conference|it)\s+(?:was\s+|got\s+|is\s+)?(?:cancell?ed|called off|postponed)\b"
    r")",
    re.IGNORECASE,
)


def rejection_news(title: str) -> bool:
    """The heading says a rejection came, and not that you answered it."""
    return bool(REJECTION_NEWS.search(title)) and not ANSWERED.search(title)


def offer_news(title: str) -> bool:
    """The heading says an offer came, and not that you answered or acted on it."""
    return (
        bool(OFFER_NEWS.search(title))
        and not ACTED_ON_OFFER.search(title)
        and not ANSWERED.search(title)
        and not REJECTION_NEWS.search(title)  # "no offer" is a rejection
    )


def employer_news(title: str) -> bool:
    """The heading records the employer's news (a rejection or an offer): not an activity of yours."""
    if ACTED_ON_OFFER.search(title):
        return False
    return rejection_news(title) or offer_news(title)


def your_decision(title: str) -> bool:
    """The heading says you decided: accepted or declined an offer, signed, withdrew."""
    return bool(YOUR_DECISION.search(title))


def not_the_interview(text: str) -> bool:
    """The text is about an interview that is not held then: how one went, or one invited to or to come."""
    return bool(NOT_THE_INTERVIEW.search(text))


def stayed_away(title: str) -> bool:
    """The heading opens by saying you did not go to the event ("Could not go, sick", "Skipped it", "Event
    cancelled")."""
    return bool(STAYED_AWAY.search(title))


def about_interview(title: str) -> bool:
    """The heading records an interview held that day (an onsite, a technical interview...): not how
    one went, written later, nor one invited to or still to come."""
    return bool(INTERVIEW.search(title)) and not NOT_THE_INTERVIEW.search(title)

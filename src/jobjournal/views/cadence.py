"""How often to be in touch with a contact: its own `stay_in_touch_days`, else its tags' shortest, else the default.

And when that rhythm starts: a contact you chose a rhythm for is on it from the start; any other contact
only from its first logged interaction, so importing 500 LinkedIn connections asks nothing of you.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from jobjournal.journal.model import Contact, Settings


@dataclass(frozen=True, slots=True)
class Cadence:
    days: int
    source: Literal["contact", "tag", "default"]
    tag: str = ""  # the tag that set it, as written on the contact, when source == "tag"

    @property
    def reason(self) -> str:
        """Why this cadence applies, for the site: "set on the contact", "tag 'recruiter'", "journal default"."""
        if self.source == "contact":
            return "set on the contact"
        if self.source == "tag":
            return f"tag '{self.tag}'"
        return "journal default"


def contact_cadence(contact: Contact, settings: Settings) -> Cadence:
    """The one rule every view uses; tags match `[stay_in_touch]` whatever their case."""
    if contact.stay_in_touch_days:
        return Cadence(contact.stay_in_touch_days, "contact")
    by_tag = dict(settings.stay_in_touch)
    tagged = [(by_tag[tag.casefold()], tag) for tag in contact.tags if tag.casefold() in by_tag]
    if tagged:
        days, tag = min(tagged, key=lambda pair: pair[0])  # the first listed tag wins a tie
        return Cadence(days, "tag", tag)
    return Cadence(settings.stale_after_days, "default")


def rhythm_started(contact: Contact, settings: Settings, last_activity: date | None) -> bool:
    """Whether the contact is on a keep-in-touch rhythm: one chosen for it (its own `stay_in_touch_days`, or a
    tag in [stay_in_touch]), a first interaction logged, or `remind_never_contacted` set for every contact."""
    return (
        last_activity is not None
        or settings.remind_never_contacted
        or contact_cadence(contact, settings).source != "default"
    )


# The title of the dated heading `journal import messages.csv --with-text` writes for a day's messages:
# such a heading only repeats `last_message_sent` / `last_message_received`, which say which way it went.
MESSAGES_HEADING = "LinkedIn messages"
# A message from them you have not answered is a reply to write for this many days (a "today" item);
# older, it is just an old message. Either way it does not start your rhythm with them: you never answered.
REPLY_WITHIN_DAYS = 30
# A contact last in touch more than this many days ago, and more than LAPSED_RHYTHMS times their rhythm,
# has lapsed: someone to reconnect with when there is a reason, not a rhythm missed by thousands of days.
LAPSED_AFTER_DAYS = 365
LAPSED_RHYTHMS = 3

Conversation = Literal["two-way", "from-you", "from-them", ""]


def your_touches(contact: Contact) -> list[date]:
    """The days the contact's own file says you were in touch: `last_contact`, your last message and
    its dated headings (not those `--with-text` writes, which only repeat the messages' days)."""
    notes = [note.date for note in contact.notes if note.title != MESSAGES_HEADING]
    return [d for d in (contact.last_contact, contact.last_message_sent, *notes) if d is not None]


def unanswered_message(contact: Contact) -> date | None:
    """The day of their last message when nothing in the contact's file says you were in touch since."""
    received = contact.last_message_received
    if received is None or any(d >= received for d in your_touches(contact)):
        return None
    return received


def rhythm_dates(contact: Contact) -> list[date]:
    """The days of the contact's own file that count for the keep-in-touch rhythm: yours, and their
    last message once answered (an unanswered one is a reply to write, see `unanswered_message`)."""
    received = contact.last_message_received
    if received is None or unanswered_message(contact) is not None:
        return your_touches(contact)
    return [*your_touches(contact), received]


def conversation(contact: Contact) -> Conversation:
    """Which way the imported messages went: both ways, only from you, only from them; '' without any."""
    sent, received = contact.last_message_sent, contact.last_message_received
    if sent and received:
        return "two-way"
    return "from-you" if sent else "from-them" if received else ""


def one_way(contact: Contact) -> bool:
    """Whether every touch on file is a message that was never answered: no reply, no meeting, no note."""
    others = contact.last_contact is not None or any(n.title != MESSAGES_HEADING for n in contact.notes)
    return conversation(contact) in ("from-you", "from-them") and not others


def lapsed(days_since: int, cadence_days: int) -> bool:
    """Whether a contact last in touch `days_since` days ago is long out of touch rather than overdue."""
    return days_since > max(LAPSED_AFTER_DAYS, LAPSED_RHYTHMS * cadence_days)

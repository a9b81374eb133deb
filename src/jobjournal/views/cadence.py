"""How often to be in touch with a contact: its own `stay_in_touch_days`, else its tags' shortest, else the default.

And when that rhythm starts: a contact you chose a rhythm for is on it from the start; any other contact
only from its first logged interaction, so importing 500 LinkedIn connections asks nothing of you.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from jobjournal.journal.model import Contact, Settings


@dataclass(frozen=True)
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

"""The front-matter of each kind as a JSON Schema (`journal schema`) and as Obsidian's property types
(`.obsidian/types.json`, written by `journal init --obsidian`): both made from validate.SCHEMAS, the
table the check itself uses, so that they never say anything else.
"""

from __future__ import annotations

from typing import Any

from jobjournal.journal.converters import (
    MAX_EMAIL,
    as_date,
    as_days,
    as_email,
    as_entry_names,
    as_name_list,
    as_status,
    as_tags,
    as_text,
    as_text_list,
    as_url,
)
from jobjournal.journal.model import APPLICATION_STATUSES
from jobjournal.journal.validate import SCHEMAS, Converter

_DAY = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
# A date field also takes a date with a clock time (Obsidian's "Date & time" property, `2026-11-25T09:15`):
# the check keeps its day with a warning (validate.py, dates.day_of_timed), so the schema takes it too.
# Not JSON Schema's `date-time`, which wants seconds and an offset.
_TIMED = (
    r"^\d{4}-\d{2}-\d{2}(?:T|\s+)\s*(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2})?$"
)
_DATE = {"type": "string", "anyOf": [_DAY, {"pattern": _TIMED}]}
_WORDS = {"type": ["array", "string"], "items": {"type": ["string", "number", "boolean"]}}

# What each converter accepts, as JSON Schema: what YAML's reading gives it (a YAML date is a string to
# an editor's YAML support, a number written as text is a number).
# converters._EMAIL in JSON Schema's regex, whose \w is ASCII only: so, what is left out rather than what
# is let in. The name: anything but spaces and " # % & ( ) , : ; < > ? @ [ \ ]; each part of the domain:
# anything but spaces and ASCII punctuation other than - and _.
_EMAIL = r'^[^\s"#%&(),:;<>?@\[\\\]]+@[^\s!-,./:-@\[-\^`{-~]+(?:\.[^\s!-,./:-@\[-\^`{-~]+)*$'

JSON_TYPES: dict[Converter, dict[str, Any]] = {
    as_text: {"type": ["string", "number", "boolean"]},
    as_date: _DATE,
    as_status: {"type": "string", "enum": list(APPLICATION_STATUSES)},
    as_url: {"type": "string"},
    as_email: {"type": "string", "pattern": _EMAIL, "maxLength": MAX_EMAIL},
    as_days: {"type": ["integer", "string"], "minimum": 1, "pattern": r"^\s*[0-9]+\s*$"},
    as_text_list: _WORDS,
    as_name_list: _WORDS,
    as_tags: _WORDS,
    as_entry_names: {
        "type": ["array", "string"],
        "items": {"type": ["string", "array"]},
        "description": 'slugs, names or aliases of contacts: [jane-doe, "[[Marcus Bell]]"]',
    },
}

# Obsidian's property types (its Properties view: date pickers for dates, lists for lists).
OBSIDIAN_TYPES: dict[Converter, str] = {
    as_text: "text",
    as_date: "date",
    as_status: "text",
    as_url: "text",
    as_email: "text",
    as_days: "number",
    as_text_list: "multitext",
    as_name_list: "multitext",
    as_tags: "tags",
    as_entry_names: "multitext",
}

DESCRIPTIONS: dict[str, str] = {
    "company": "The company's name.",
    "role": "The job title (applications), or their job title (contacts).",
    "status": "Where the application stands now (any case).",
    "applied": "The day you applied (YYYY-MM-DD); required unless status is wishlist.",
    "contacts": "People involved: contact slugs, names or aliases, or [[links]].",
    "source": "Where you found it: referral, linkedin, job board...",
    "link": "The job posting's address.",
    "location": "City, remote, hybrid...",
    "salary": "Salary or range, as you want it shown.",
    "tags": "Your own labels: a list, or one comma-separated string.",
    "follow_up": "When to chase it (YYYY-MM-DD).",
    "history": "Status changes over time: a list of {date, status, note}.",
    "cv": "The CV (résumé) you sent: its file name or your own label.",
    "documents": "The files you sent (CV, cover letter): paths inside the journal.",
    "interviews": "When you meet them: a list of {at: 2026-12-08 10:30, kind, with, where, length, note}.",
    "offer": "What an offer says: fields of your own, and a deadline (YYYY-MM-DD).",
    "import_id": "Written by journal import: which row of which tool this came from. Leave it as it is.",
    "aliases": "Other names a [[link]] to this entry may use (Obsidian's aliases).",
    "name": "The person's name.",
    "email": "Email address.",
    "phone": "Phone number, as you write it (quote it to be safe).",
    "linkedin": "Profile link.",
    "last_contact": "The last time you were in touch (YYYY-MM-DD).",
    "stay_in_touch_days": "How often you want to be in touch, in days.",
    "last_message_received": "The day of the last message they sent you (YYYY-MM-DD).",
    "last_message_sent": "The day of the last message you sent them (YYYY-MM-DD).",
    "past_companies": "Companies they worked at before: one name per item.",
    "connected": "When you connected (YYYY-MM-DD); not counted as activity.",
    "title": "The event's name.",
    "date": "The day it happens (YYYY-MM-DD).",
}

_HISTORY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["date", "status"],
        "properties": {
            "date": _DAY,  # a history item's date with a time is an error to the check
            "status": JSON_TYPES[as_status],
            "note": JSON_TYPES[as_text],
            "source": {"type": "string", "enum": ["import"]},
        },
    },
}


# itemfields._interviews: an item is a time, or a mapping with one (`at`: a date, a time, an offset).
_INTERVIEWS = {
    "type": "array",
    "items": {
        "anyOf": [
            {"type": "string"},
            {
                "type": "object",
                "required": ["at"],
                "properties": {
                    "at": {"type": "string"},
                    "kind": JSON_TYPES[as_text],
                    "with": JSON_TYPES[as_entry_names],
                    "where": JSON_TYPES[as_text],
                    "length": {"type": ["integer", "string"]},
                    "note": JSON_TYPES[as_text],
                },
            },
        ]
    },
}
# itemfields._offer: every field is free text, but `deadline`, a date.
_OFFER = {"type": "object", "properties": {"deadline": _DATE}}
_ITEM_SHAPES = {"history": _HISTORY, "interviews": _INTERVIEWS, "offer": _OFFER}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft-07) of one kind's front-matter; unknown keys are allowed, as journal allows them."""
    fields = SCHEMAS[kind]
    properties: dict[str, Any] = {}
    for key, (convert, _required) in fields.items():
        shape = _ITEM_SHAPES.get(key) or JSON_TYPES[convert]
        properties[key] = {**shape, "description": DESCRIPTIONS[key]}
    schema: dict[str, Any] = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": f"journal {kind} front-matter",
        "type": "object",
        "properties": properties,
        "required": [key for key, (_, required) in fields.items() if required],
        "additionalProperties": True,
    }
    if kind == "application":  # see validate._check_application
        schema["if"] = {"properties": {"status": {"not": {"const": "wishlist"}}}, "required": ["status"]}
        schema["then"] = {"required": ["applied"]}
    return schema


def obsidian_types() -> dict[str, str]:
    """Property name -> Obsidian property type, for every field of every kind (they agree where shared)."""
    types = {"aliases": "aliases", "cssclasses": "multitext", "tags": "tags"}  # Obsidian's own defaults
    for fields in SCHEMAS.values():
        for key, (convert, _) in fields.items():
            if key not in _ITEM_SHAPES and key not in types:  # lists of mappings: Obsidian has no type
                types[key] = OBSIDIAN_TYPES[convert]
    return types

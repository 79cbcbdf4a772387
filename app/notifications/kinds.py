"""The kinds of notification: their in-app text and whether a person may turn their mail off.

Delivery knows no domain: accounts, enrolment and communications register their own kinds
(``app/<domain>/notices.py``) and keep their own mail templates (``app/<domain>/templates/mail``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Category(enum.StrEnum):
    TRANSACTIONAL = "transactional"  # account, enrolment decisions, certificates: always sent
    REMINDER = "reminder"  # session reminders: the person may turn them off
    DIGEST = "digest"  # summaries and announcements: the person may turn them off


@dataclass(frozen=True)
class Kind:
    name: str
    title: object  # lazy string; %(name)s placeholders come from the notification's params
    category: Category
    template: str = ""  # mail templates to use; the kind's own name when empty


def kind_text(kind: str, params: dict) -> str:
    """The sentence of a notification kind in the current language."""
    definition = KINDS.get(kind)
    return str(definition.title) % params if definition else kind


KINDS: dict[str, Kind] = {}
"""Every kind the application knows; each domain adds its own with ``register_kinds``."""


def register_kinds(*kinds: Kind) -> None:
    """Called by each domain's ``notices`` module when it is imported (by that domain's services,
    before they tell anyone anything). A name may be registered once."""
    for kind in kinds:
        known = KINDS.get(kind.name)
        if known is not None and known != kind:
            raise ValueError(f"notification kind {kind.name!r} is registered twice")
        KINDS[kind.name] = kind

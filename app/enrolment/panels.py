"""Places on an official's "My learning" page that layers above enrolment fill in (records:
attendance and progress; evaluation: the evaluations waiting for an answer; certificates: the
person's certificates), so that enrolment never imports them nor includes their templates.

A panel is a function ``(user, now, entries) -> Markup`` added with ``add_my_learning_panel``
when the layer's blueprint is registered. ``entries`` are the page's own rows (enrolment id,
offering id, status, title, dates: ``my_learning.Entry``), so a panel reads only what the page
has not (at most a statement or two, none when nothing concerns it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from flask import Flask, current_app
from markupsafe import Markup

MyLearningPanel = Callable[[object, datetime, Sequence], Markup]
_KEY = "enrolment.my_learning_panels"

# "current": after the current enrolments, given only those (records: attendance and
# progress); "all": after that, given every entry (evaluation: the evaluations waiting);
# "end": at the end of the page, given every entry (certificates: the person's certificates).
PLACES = ("current", "all", "end")


def add_my_learning_panel(app: Flask, panel: MyLearningPanel, place: str = "all") -> None:
    if place not in PLACES:
        raise ValueError(f"unknown place for a My learning panel: {place}")
    panels = app.extensions.setdefault(_KEY, {}).setdefault(place, [])
    if panel not in panels:
        panels.append(panel)


def my_learning_panels(user, now: datetime, entries: Sequence, place: str = "all") -> Markup:
    """Every panel registered for ``place``, for this person, in the order they were added."""
    panels = current_app.extensions.get(_KEY, {}).get(place, ())
    return Markup("").join(panel(user, now, entries) for panel in panels)

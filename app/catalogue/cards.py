"""An offering's card, as the catalogue, its search results and the home page list it.

Written here rather than in a template: a list shows 12 cards, and each cost about 450,000
instructions as an included template (its own context, ~15 template calls, as many escapes),
a fifth of the catalogue page; written here, about 310,000 (the catalogue: 26.4 -> 24.7
million instructions a rendering, bench/instructions.py). The HTML is the template's; every
value from the database or a translation is escaped.
"""

from __future__ import annotations

import re
from datetime import datetime

from flask import url_for
from markupsafe import Markup, escape

from app.catalogue.models import FORMAT_TITLES, KIND_TITLES, Offering, seats_left
from app.catalogue.queries import seat_counts
from app.core.babel import gettext as _
from app.core.formatting import format_date_range, language_list

# Where a card of a cached list shows its seats. An element no escaped text can contain (its
# "<" would be "&lt;"), so only a card written here puts one in a page.
_SEATS_LATER = '<kcc-seats offering="{}">'
_SEATS_MARK = re.compile(r'<kcc-seats offering="(\d+)">')


def seats_text(capacity: int, seats_taken: int) -> str:
    """A card's seats: how many are left, or a "Full" tag."""
    left = seats_left(capacity, seats_taken)
    if left == 0:
        full = _("Full")
        return f'<span class="tag tag-warning">{escape(full)}</span>'
    return str(escape(_("Seats left: %(left)d of %(capacity)d", left=left, capacity=capacity)))


def fill_seats(html: Markup) -> Markup:
    """A list of cards written with ``seats_later``, each card's seats written now.

    Seats move with every enrolment; the list's cached HTML is kept until an offering itself
    changes (catalogue/fragments.py), and its cards' seats are read here, one statement for a
    page, so that a busy enrolment day does not empty the cache."""
    ids = [int(key) for key in _SEATS_MARK.findall(html)]
    if not ids:
        return html
    counts = seat_counts(ids)

    def seats(mark: re.Match) -> str:
        capacity, taken = counts.get(int(mark[1]), (None, 0))
        return seats_text(capacity, taken) if capacity else ""

    return Markup(_SEATS_MARK.sub(seats, html))  # noqa: S704 (each card's seats escaped above)


def offering_card(
    offering: Offering, locale: str, now: datetime, *, seats_later: bool = False
) -> Markup:
    """The card in ``locale`` (its text falls back as ``Offering.text`` chooses), its
    enrolment state as of ``now``. With ``seats_later``, a mark where its seats go, for
    ``fill_seats`` to write when the page is shown (a list kept in the cache). (Translations
    are called outside the f-strings: Babel's extractor does not read inside them.)"""
    text = offering.text(locale)
    lang = f' lang="{text.locale.replace("_", "-")}"' if text else ""
    tags = [
        f'<span class="tag">{escape(KIND_TITLES.get(offering.kind, offering.kind))}</span>',
        f'<span class="tag">{escape(FORMAT_TITLES.get(offering.format, offering.format))}</span>',
    ]
    if offering.is_enrolment_open(now):
        open_label = _("Open for enrolment")
        tags.append(f'<span class="tag tag-success">{escape(open_label)}</span>')
    facts = [
        (_("Dates"), escape(format_date_range(offering.starts_on, offering.ends_on))),
        (_("Language of instruction"), escape(language_list(offering.listed_languages))),
    ]
    if offering.capacity:
        if seats_later:
            seats = _SEATS_LATER.format(int(offering.id))
        else:
            seats = seats_text(offering.capacity, offering.seats_taken)
        facts.append((_("Seats"), seats))
    link = escape(url_for("catalogue.show", offering_id=offering.id))
    title = escape(offering.title(locale))
    summary = f"<p{lang}>{escape(text.summary)}</p>" if text and text.summary else ""
    tags_html = "\n    ".join(tags)
    facts_html = "\n    ".join(
        f"<dt>{escape(label)}</dt><dd>{value}</dd>" for label, value in facts
    )
    return Markup(  # noqa: S704 (every value above is escaped)
        f'<article class="card offering-card">\n'
        f'  <p class="card-kind">{tags_html}</p>\n'
        f'  <h2 class="card-title"><a href="{link}"{lang}>{title}</a></h2>\n'
        f"  {summary}\n"
        f'  <dl class="card-facts">\n    {facts_html}\n  </dl>\n'
        f"</article>"
    )

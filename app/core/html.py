"""Rich text written by staff and instructors: an allowlist sanitiser (nh3), on save and render."""

from __future__ import annotations

import nh3
from markupsafe import Markup, escape

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": {"colspan"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(value: str | None) -> str:
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def safe_html(value: str | None) -> Markup:
    """For templates: sanitise again at render time, then mark safe."""
    return Markup(sanitize_html(value))  # noqa: S704 (sanitised by nh3 just above)


def table_cells(texts) -> Markup:
    """Plain texts as the ``<td>`` cells of a table row, each escaped: one output for a row of
    a wide grid (the records view: 50 participants by every session) instead of a template
    loop's three per cell. A grid repeats a few texts, so each is escaped once."""
    written: dict[str, str] = {}
    cells = []
    for text in texts:
        cell = written.get(text)
        if cell is None:
            cell = written[text] = f"<td>{escape(text)}</td>"
        cells.append(cell)
    return Markup("".join(cells))  # noqa: S704 (each text escaped just above)


def select_options(choices, chosen: str | None) -> Markup:
    """The ``<option>`` elements of a filter's select written in a template: ``choices`` as
    (value, label) pairs, the one whose value (as text) is ``chosen`` selected, each value and
    label escaped. One output for the records view's cities (hundreds for a large course),
    where a template loop wrote each option in six parts and three escapes."""
    written = []
    for value, label in choices:
        text = str(value)
        selected = " selected" if text == chosen else ""
        written.append(f'<option value="{escape(text)}"{selected}>{escape(label)}</option>')
    return Markup("".join(written))  # noqa: S704 (each value and label escaped just above)

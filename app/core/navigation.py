"""Links and boxes that a page of a lower layer shows to the pages of higher layers, added by
those layers at start-up, so that no template names an endpoint above its own layer
(tests/core/test_layers.py scans them).

- ``add_page(app, name, endpoint)``: a named destination the base layout needs one address
  of (``"home"``, ``"set_language"``); templates call ``page_for("home")``.
- ``add_link(app, place, Link(...))``: one entry of a list of links at a place: the top
  navigation (``"navigation"``), an offering's workspace (``"offering_tools"``, with the
  offering) and so on. Templates loop over ``links(place, *subject)``: the links the signed-in
  person may follow, in their order, each with its title, address and whether it is the page
  being shown.
- ``add_box(app, place, template)``: a piece of HTML from a layer's own template (the
  account menu), included at the place by the layout: ``{% for box in boxes(place) %}{%
  include box %}{% endfor %}``. Included, it shares the page's context (the signed-in person,
  the request, the template globals); rendering it apart would run every context processor
  again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from flask import Flask, current_app, request, url_for
from flask_login import current_user

_PAGES = "core.navigation.pages"
_LINKS = "core.navigation.links"
_BOXES = "core.navigation.boxes"


def _always(user, *subject) -> bool:
    return True


def _no_values(user, *subject) -> dict:
    return {}


@dataclass(frozen=True)
class Link:
    endpoint: str
    title: Any  # a lazy string, translated when shown
    order: int = 0
    show: Callable[..., bool] = _always  # (user, *subject): may this person follow it?
    values: Callable[..., dict] = _no_values  # (user, *subject): url_for's values
    # (endpoint of the request) → is this the page being shown? Default: its own endpoint.
    current: Callable[[str], bool] | None = None


class ShownLink(NamedTuple):
    title: str
    url: str
    current: bool


def add_page(app: Flask, name: str, endpoint: str) -> None:
    app.extensions.setdefault(_PAGES, {})[name] = endpoint


def page_for(name: str, **values) -> str:
    return url_for(current_app.extensions[_PAGES][name], **values)


def add_link(app: Flask, place: str, link: Link) -> None:
    links_at = app.extensions.setdefault(_LINKS, {}).setdefault(place, [])
    if link not in links_at:
        links_at.append(link)
        links_at.sort(key=lambda entry: entry.order)


def links(place: str, *subject) -> list[ShownLink]:
    endpoint = request.endpoint or ""
    user = current_user._get_current_object()  # the person, not the proxy: read per link
    shown = []
    for link in current_app.extensions.get(_LINKS, {}).get(place, ()):
        if not link.show(user, *subject):
            continue
        is_current = link.current(endpoint) if link.current else endpoint == link.endpoint
        url = url_for(link.endpoint, **link.values(user, *subject))
        shown.append(ShownLink(str(link.title), url, is_current))
    return shown


def add_box(app: Flask, place: str, template: str) -> None:
    boxes_at = app.extensions.setdefault(_BOXES, {}).setdefault(place, [])
    if template not in boxes_at:
        boxes_at.append(template)


def boxes(place: str) -> list[str]:
    """The templates of the boxes at a place, in the order they were added."""
    return current_app.extensions.get(_BOXES, {}).get(place, [])


def register_navigation_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(page_for=page_for, links=links, boxes=boxes)

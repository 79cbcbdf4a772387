"""Load what a request names and apply the domain's access rule before any work is done.

Views call ``load_or_404(Model, id, rule)``: no such row answers 404; a rule that says no
answers 403, or 404 with ``hide=True`` where even the existence of the row is private (another
person's enrolment, a draft). ``require(rule(...))`` guards pages that load nothing. The rules
themselves are named functions in each domain's ``access.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import abort
from flask_login import current_user

from app.extensions import db


def load_or_404(
    model,
    ident,
    rule: Callable | None = None,
    *,
    options: Iterable = (),
    hide: bool = False,
    visible: Callable | None = None,
):
    """The row of ``model`` with primary key ``ident`` that ``rule(current_user, row)`` lets
    the person reach. With ``visible``, a refusal is 403 only for those who may see the row
    (``visible(current_user, row)``) and 404 for the others (a draft stays unknown)."""

    row = db.session.get(model, ident, options=list(options)) if ident is not None else None
    if row is None:
        abort(404)
    if rule is not None and not rule(current_user, row):
        if visible is not None:
            hide = not visible(current_user, row)
        abort(404 if hide else 403)
    return row


def require(allowed: bool, *, hide: bool = False) -> None:
    """Stop here with 403 (404 with ``hide``) unless a rule allowed the request."""
    if not allowed:
        abort(404 if hide else 403)

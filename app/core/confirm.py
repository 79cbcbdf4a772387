"""A second step before an action that cannot simply be undone (cancel an enrolment, remove a
session or module, deactivate an account), without script: the page's button posts the form
with ``ask=1``; the view answers with a page that names what will happen and posts the same
form again without it."""

from __future__ import annotations

from flask import render_template, request


def ask_first(question: str, *, action_label: str, back_url: str, details: str = ""):
    """The confirmation page when the form asks for one, else None (the action goes ahead)."""
    if request.form.get("ask") != "1":
        return None
    fields = [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name not in ("csrf_token", "ask")
    ]
    return render_template(
        "confirm.html",
        question=question,
        details=details,
        action=request.path,
        fields=fields,
        action_label=action_label,
        back_url=back_url,
    )

"""An enrolment's status tag: its words, its colour and the waitlist position, as the macro
it replaced wrote them (app/enrolment/views/blueprint.py)."""

from __future__ import annotations

from types import SimpleNamespace

from flask_babel import force_locale

from app.enrolment.views.blueprint import status_tag


def test_status_tags_in_two_languages(app):
    waiting = SimpleNamespace(id=7, status="waitlisted")
    with app.test_request_context("/"):
        assert status_tag(waiting, {7: 3}) == (
            '<span class="tag tag-warning">Waitlisted · position 3</span>'
        )
        assert status_tag(waiting, {}) == '<span class="tag tag-warning">Waitlisted</span>'
        enrolled = SimpleNamespace(id=7, status="enrolled")
        assert status_tag(enrolled, {7: 3}) == '<span class="tag tag-success">Enrolled</span>'
        cancelled = SimpleNamespace(id=8, status="cancelled")
        assert status_tag(cancelled, {}).startswith('<span class="tag ">')
        with force_locale("ja"):
            tag = status_tag(waiting, {7: 3})
            assert tag.startswith('<span class="tag tag-warning">') and "3" in tag
            assert "Waitlisted" not in tag and "position" not in tag

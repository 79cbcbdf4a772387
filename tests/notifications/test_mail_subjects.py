"""Each enrolment mail's subject says what happened, in the reader's language."""

from __future__ import annotations

from flask_babel import force_locale, gettext

from tests.factories import csrf_token, sign_in


def _enrol(app, person, offering):
    client = app.test_client()
    sign_in(client, person)
    client.post(
        f"/offerings/{offering.id}/enrol",
        data={"csrf_token": csrf_token(client, f"/offerings/{offering.id}")},
    )


def test_seat_and_waitlist_mails_say_what_happened(app, create_user, create_offering, mailbox):
    titles = {"en": ("Heat plans", ""), "ja": ("暑熱計画", "")}
    offering = create_offering(capacity=1, titles=titles)
    first, second = create_user(locale="en"), create_user(locale="ja")
    _enrol(app, first, offering)
    _enrol(app, second, offering)
    [seat] = mailbox.to(first.email)
    [waiting] = mailbox.to(second.email)
    assert seat["Subject"] == "Seat confirmed: Heat plans"
    with app.test_request_context(), force_locale("ja"):
        expected = gettext(
            "You are on the waitlist for %(offering)s (position %(position)s)",
            offering="暑熱計画",
            position=1,
        )
    assert waiting["Subject"] == expected
    assert "暑熱計画" in expected and expected != (
        "You are on the waitlist for 暑熱計画 (position 1)"
    )

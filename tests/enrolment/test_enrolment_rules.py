"""Enrolment rules through the pages: modes, waitlist, promotion, offers, caps, tampering."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from app.catalogue.models import Offering
from app.core.audit import AuditEvent
from app.core.db import utcnow
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.enrolment.services import waitlist_position
from tests.factories import csrf_token, sign_in


def browser(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def post(client, url, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, "/my"), **data})


def status_of(db, user, offering) -> str:
    db.session.expire_all()
    return db.session.scalar(
        select(Enrolment.status).where(
            Enrolment.user_id == user.id, Enrolment.offering_id == offering.id
        )
    )


def test_open_mode_enrols_then_waitlists_then_promotes(
    app, db, create_user, create_offering, mailbox
):
    offering = create_offering(capacity=1)
    first, second = create_user(locale="ko"), create_user(locale="ja")
    first_browser, second_browser = browser(app, first), browser(app, second)
    post(first_browser, f"/offerings/{offering.id}/enrol")
    post(second_browser, f"/offerings/{offering.id}/enrol")
    assert status_of(db, first, offering) == "enrolled"
    assert status_of(db, second, offering) == "waitlisted"
    html = second_browser.get(f"/offerings/{offering.id}").get_data(as_text=True)
    with force_locale("ja"):  # the second person reads Japanese
        expected = f"{gettext('Waitlisted')} · {gettext('position %(position)d', position=1)}"
    assert expected in html
    assert second_browser.get("/my").status_code == 200

    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == first.id))
    post(first_browser, f"/enrolments/{enrolment.id}/cancel")
    assert status_of(db, first, offering) == "cancelled"
    assert status_of(db, second, offering) == "enrolled"
    db.session.refresh(offering)
    assert offering.seats_taken == 1
    # Each person was told in their own language, with a calendar for the sessions.
    promoted_mail = mailbox.to(second.email)[-1]
    attachments = [part for part in promoted_mail.iter_attachments()]
    assert attachments and attachments[0].get_content_type() == "text/calendar"
    assert promoted_mail["Content-Language"] == "ja"
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("enrolment.status_changed") >= 3


def test_double_submission_gives_one_enrolment(app, db, create_user, create_offering):
    offering = create_offering(capacity=5)
    official = create_user()
    client = browser(app, official)
    for _ in range(3):
        post(client, f"/offerings/{offering.id}/enrol")
    assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 1
    db.session.refresh(offering)
    assert offering.seats_taken == 1


def test_approval_mode(app, db, create_user, create_offering, mailbox):
    instructor = create_user(roles=("instructor",))
    offering = create_offering(capacity=1, enrolment_mode="approval", instructors=[instructor])
    a, b, c = create_user(), create_user(), create_user()
    for person in (a, b, c):
        post(browser(app, person), f"/offerings/{offering.id}/enrol")
    assert {status_of(db, p, offering) for p in (a, b, c)} == {"pending"}
    ids = {
        p.id: db.session.scalar(select(Enrolment.id).where(Enrolment.user_id == p.id))
        for p in (a, b, c)
    }
    teacher = browser(app, instructor)
    post(
        teacher,
        f"/manage/offerings/{offering.id}/roster/decide",
        action="approve",
        enrolment=[str(ids[a.id]), str(ids[b.id])],
    )
    post(
        teacher,
        f"/manage/offerings/{offering.id}/roster/decide",
        action="reject",
        enrolment=[str(ids[c.id])],
        reason="Please apply with your team next time.",
    )
    assert status_of(db, a, offering) == "enrolled"
    assert status_of(db, b, offering) == "waitlisted"  # approved, but the seat was taken
    assert status_of(db, c, offering) == "rejected"
    text = mailbox.text_of(mailbox.to(c.email)[-1])
    assert "Please apply with your team next time." in text
    page = browser(app, c).get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert "Please apply with your team next time." in page


def test_ids_from_another_offering_are_refused(app, db, create_user, create_offering):
    """C3: every id in a bulk decision must belong to the offering in the address."""
    instructor = create_user(roles=("instructor",))
    mine = create_offering(enrolment_mode="approval", instructors=[instructor])
    theirs = create_offering(enrolment_mode="approval")
    person = create_user()
    post(browser(app, person), f"/offerings/{theirs.id}/enrol")
    enrolment_id = db.session.scalar(select(Enrolment.id))
    response = post(
        browser(app, instructor),
        f"/manage/offerings/{mine.id}/roster/decide",
        action="approve",
        enrolment=[str(enrolment_id)],
    )
    assert response.status_code == 404
    assert status_of(db, person, theirs) == "pending"


def test_time_limited_offer_passes_on(app, db, create_user, create_offering, time_machine):
    time_machine.move_to(utcnow(), tick=True)
    offering = create_offering(capacity=1, offer_hours=24)
    a, b, c = create_user(), create_user(), create_user()
    clients = {p.id: browser(app, p) for p in (a, b, c)}
    for person in (a, b, c):
        post(clients[person.id], f"/offerings/{offering.id}/enrol")
    enrolment_a = db.session.scalar(select(Enrolment).where(Enrolment.user_id == a.id))
    post(clients[a.id], f"/enrolments/{enrolment_a.id}/cancel")
    assert status_of(db, b, offering) == "offered"
    db.session.refresh(offering)
    assert offering.seats_taken == 1  # the seat is held for b
    time_machine.shift(timedelta(hours=25))
    result = app.test_cli_runner().invoke(args=["jobs", "tick"])
    assert result.exit_code == 0, result.output
    assert status_of(db, b, offering) == "cancelled"
    assert status_of(db, c, offering) == "offered"
    enrolment_c = db.session.scalar(select(Enrolment).where(Enrolment.user_id == c.id))
    clients[c.id] = browser(app, c)
    post(clients[c.id], f"/enrolments/{enrolment_c.id}/accept")
    assert status_of(db, c, offering) == "enrolled"


def test_city_cap_keeps_people_waiting_with_a_reason(
    app, db, create_user, create_city, create_offering
):
    offering = create_offering(capacity=5, city_cap=1)
    kaohsiung, busan = create_city(), create_city(country_code="KR")
    first = create_user(city=kaohsiung)
    second = create_user(city=kaohsiung)
    third = create_user(city=busan)
    for person in (first, second, third):
        post(browser(app, person), f"/offerings/{offering.id}/enrol")
    assert status_of(db, first, offering) == "enrolled"
    assert status_of(db, second, offering) == "waitlisted"
    assert status_of(db, third, offering) == "enrolled"
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == second.id))
    assert enrolment.waiting_reason == "city_cap"
    html = browser(app, second).get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert "your city has reached its limit of 1 seats" in html
    # When the first Kaohsiung official leaves, the second moves up.
    first_enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == first.id))
    post(browser(app, first), f"/enrolments/{first_enrolment.id}/cancel")
    assert status_of(db, second, offering) == "enrolled"


def test_raising_capacity_promotes(app, db, create_user, create_offering):
    from tests.catalogue.test_manage import settings_form

    offering = create_offering(capacity=1)
    people = [create_user() for _ in range(3)]
    for person in people:
        post(browser(app, person), f"/offerings/{offering.id}/enrol")
    staff = browser(app, create_user(roles=("staff",)))
    token = csrf_token(staff, f"/manage/offerings/{offering.id}")
    response = staff.post(
        f"/manage/offerings/{offering.id}",
        data=settings_form(
            token,
            capacity="3",
            kind="course",
            format="online",
            enrolment_mode="open",
            starts_on=offering.starts_on.isoformat(),
            ends_on=offering.ends_on.isoformat(),
            enrol_closes_local="",
        ),
    )
    assert response.status_code == 302
    assert [status_of(db, p, offering) for p in people] == ["enrolled"] * 3
    # Lowering below the seats taken is refused with a message.
    response = staff.post(
        f"/manage/offerings/{offering.id}",
        data=settings_form(
            token,
            capacity="2",
            kind="course",
            format="online",
            enrolment_mode="open",
            starts_on=offering.starts_on.isoformat(),
            ends_on=offering.ends_on.isoformat(),
            enrol_closes_local="",
        ),
    )
    assert response.status_code == 200
    db.session.refresh(offering)
    assert offering.capacity == 3


@pytest.mark.parametrize("case", ["draft", "closed", "instructor", "nomination"])
def test_refused_enrolments_change_nothing(app, db, create_user, create_offering, case):
    overrides = {
        "draft": {"status": "draft"},
        "closed": {"enrol_closes_at": utcnow() - timedelta(days=1)},
        "instructor": {},
        "nomination": {"enrolment_mode": "nomination"},
    }[case]
    offering = create_offering(**overrides)
    person = create_user(roles=("instructor",) if case == "instructor" else ("official",))
    response = post(browser(app, person), f"/offerings/{offering.id}/enrol")
    assert response.status_code in (302, 404)
    assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 0
    db.session.refresh(offering)
    assert offering.seats_taken == 0


def test_cancellation_cut_off(app, db, create_user, create_offering):
    offering = create_offering(cancel_until=utcnow() - timedelta(hours=1))
    person = create_user()
    client = browser(app, person)
    post(client, f"/offerings/{offering.id}/enrol")
    enrolment = db.session.scalar(select(Enrolment))
    response = post(client, f"/enrolments/{enrolment.id}/cancel")
    assert response.status_code == 302
    assert status_of(db, person, offering) == "enrolled"


def test_nothing_done_on_another_persons_enrolment(app, db, create_user, create_offering):
    """C2 / C5: enrolling someone else or acting on their enrolment is impossible."""
    offering = create_offering(capacity=3)
    victim, attacker = create_user(), create_user()
    post(browser(app, victim), f"/offerings/{offering.id}/enrol")
    enrolment = db.session.scalar(select(Enrolment))
    evil = browser(app, attacker)
    for action in ("cancel", "accept", "confirm"):
        assert post(evil, f"/enrolments/{enrolment.id}/{action}").status_code == 404
    post(evil, f"/offerings/{offering.id}/enrol", user_id=str(victim.id), status="enrolled")
    rows = db.session.scalars(select(Enrolment).order_by(Enrolment.id)).all()
    assert [(r.user_id, r.status) for r in rows] == [
        (victim.id, "enrolled"),
        (attacker.id, "enrolled"),
    ]


def test_nomination_by_focal_point_of_own_city_only(
    app, db, create_user, create_city, create_offering, mailbox
):
    offering = create_offering(enrolment_mode="nomination", capacity=2)
    home, elsewhere = create_city(), create_city()
    focal = create_user(roles=("focal_point",), city=home)
    colleague = create_user(city=home, name_latin="Colleague Home")
    stranger = create_user(city=elsewhere, name_latin="Stranger Elsewhere")
    client = browser(app, focal)
    page = client.get(f"/nominations/{offering.id}?city={elsewhere.id}").get_data(as_text=True)
    assert "Colleague Home" in page and "Stranger Elsewhere" not in page
    response = post(
        client, f"/nominations/{offering.id}", user=[str(colleague.id), str(stranger.id)]
    )
    assert response.status_code == 200  # refused as a whole, with a message
    assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 0
    post(client, f"/nominations/{offering.id}", user=[str(colleague.id)])
    assert status_of(db, colleague, offering) == "nominated"
    assert mailbox.to(colleague.email)
    enrolment = db.session.scalar(select(Enrolment))
    post(browser(app, colleague), f"/enrolments/{enrolment.id}/confirm")
    assert status_of(db, colleague, offering) == "enrolled"


def test_waitlist_positions_are_contiguous(app, db, create_user, create_offering):
    offering = create_offering(capacity=1)
    people = [create_user() for _ in range(5)]
    for person in people:
        post(browser(app, person), f"/offerings/{offering.id}/enrol")
    rows = db.session.scalars(select(Enrolment).where(Enrolment.status == "waitlisted")).all()
    assert sorted(waitlist_position(r) for r in rows) == [1, 2, 3, 4]
    third = next(r for r in rows if waitlist_position(r) == 2)
    post(browser(app, third.user), f"/enrolments/{third.id}/cancel")
    db.session.expire_all()
    rows = db.session.scalars(select(Enrolment).where(Enrolment.status == "waitlisted")).all()
    assert sorted(waitlist_position(r) for r in rows) == [1, 2, 3]


def test_overbooking_is_refused_by_the_database(db, create_offering):
    """I5: even a direct write cannot put more people in than the capacity allows."""
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError

    offering = create_offering(capacity=2)
    with pytest.raises(IntegrityError):
        db.session.execute(update(Offering).where(Offering.id == offering.id).values(seats_taken=3))
    db.session.rollback()


def test_illegal_transitions_are_refused():
    from app.enrolment.models import TRANSITIONS, IllegalTransition

    for current, allowed in TRANSITIONS.items():
        for target in EnrolmentStatus:
            enrolment = Enrolment(status=current)
            if target in allowed:
                assert enrolment.move_to(target) == current
            else:
                with pytest.raises(IllegalTransition):
                    enrolment.move_to(target)


def test_cancel_and_promote_are_one_transaction(app, db, create_user, create_offering, monkeypatch):
    """H3: if the promotion fails after the cancellation, neither is kept."""
    from app.enrolment import services

    offering = create_offering(capacity=1)
    first, second = create_user(), create_user()
    first_browser = browser(app, first)
    post(first_browser, f"/offerings/{offering.id}/enrol")
    post(browser(app, second), f"/offerings/{offering.id}/enrol")
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == first.id))

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away between the two steps")

    monkeypatch.setattr(services, "promote_waitlist", broken)
    response = post(first_browser, f"/enrolments/{enrolment.id}/cancel")
    assert response.status_code == 500
    assert status_of(db, first, offering) == "enrolled"
    assert status_of(db, second, offering) == "waitlisted"
    db.session.refresh(offering)
    assert offering.seats_taken == 1


def test_roster_counts_by_country_and_city_lead_to_a_filtered_roster(
    app, db, create_user, create_city, create_offering
):
    import re

    offering = create_offering(capacity=10)
    taipei, busan, seoul = (
        create_city(),
        create_city(country_code="KR"),
        create_city(country_code="KR"),
    )
    people = [create_user(city=c) for c in (taipei, taipei, busan, seoul)]
    for person in people:
        post(browser(app, person), f"/offerings/{offering.id}/enrol")
    staff = browser(app, create_user(roles=("staff",)))

    page = staff.get(f"/manage/offerings/{offering.id}/roster/cities").get_data(as_text=True)
    rows = dict(
        re.findall(r'<tr><td data-label="Country/region">([^<]+)</td><td[^>]*>(\d+)</td>', page)
    )
    assert rows == {"Taiwan": "2", "South Korea": "2"}
    links = re.findall(
        r'href="([^"]*roster\?city=(\d+))">([^<]+)</a></td>\s*<td[^>]*>(\d+)</td>', page
    )
    assert {(int(city), name, count) for _, city, name, count in links} == {
        (taipei.id, taipei.name("en"), "2"),
        (busan.id, busan.name("en"), "1"),
        (seoul.id, seoul.name("en"), "1"),
    }

    filtered = staff.get(f"/manage/offerings/{offering.id}/roster?city={busan.id}")
    html = filtered.get_data(as_text=True)
    assert f"Only people from {busan.name('en')}." in html
    assert people[2].name_native in html
    assert people[0].name_native not in html and people[3].name_native not in html

    korea = staff.get(f"/manage/offerings/{offering.id}/roster?country=KR").get_data(as_text=True)
    assert people[2].name_native in korea and people[3].name_native in korea
    assert people[0].name_native not in korea
    assert '<option value="KR" selected>South Korea</option>' in korea
    # The same filter with another city: the statement is built once, the city bound anew.
    seoul_page = staff.get(f"/manage/offerings/{offering.id}/roster?city={seoul.id}")
    html = seoul_page.get_data(as_text=True)
    assert people[3].name_native in html
    assert people[2].name_native not in html and people[0].name_native not in html


def test_roster_lists_active_people_first_and_cancelled_ones_behind_a_filter(
    app, db, create_user, create_offering
):
    """Cancelled and not-approved people are not on the roster or in its CSV by default; the
    filter shows them, after everyone still taking part."""
    offering = create_offering(capacity=10)
    # Names chosen so that an alphabetical or status-code order would put the cancelled first.
    cancelled = create_user(name_latin="Aaron Cancelled", name_native="取消者")
    enrolled = create_user(name_latin="Zoe Enrolled", name_native="錄取者")
    leaving = browser(app, cancelled)
    post(leaving, f"/offerings/{offering.id}/enrol")
    post(browser(app, enrolled), f"/offerings/{offering.id}/enrol")
    row = db.session.scalar(select(Enrolment.id).where(Enrolment.user_id == cancelled.id))
    post(leaving, f"/enrolments/{row}/cancel")
    assert status_of(db, cancelled, offering) == EnrolmentStatus.CANCELLED
    staff = browser(app, create_user(roles=("staff",)))
    base = f"/manage/offerings/{offering.id}/roster"
    default = staff.get(base).get_data(as_text=True)
    assert "錄取者" in default and "取消者" not in default
    csv_default = staff.get(f"{base}.csv").data.decode()
    assert "Zoe Enrolled" in csv_default and "Aaron Cancelled" not in csv_default
    everyone = staff.get(f"{base}?status=all").get_data(as_text=True)
    assert everyone.index("錄取者") < everyone.index("取消者")
    inactive = staff.get(f"{base}?status=inactive").get_data(as_text=True)
    assert "取消者" in inactive and "錄取者" not in inactive
    assert "Aaron Cancelled" in staff.get(f"{base}.csv?status=all").data.decode()

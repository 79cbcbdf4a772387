"""Staff announcements: each participant in their language (or the fallback), once."""

from __future__ import annotations

from sqlalchemy import func, select

from app.communications.models import AnnouncementDelivery
from app.enrolment.models import Enrolment
from tests.factories import csrf_token


def test_announcement_reaches_each_in_their_language(
    client, db, create_user, create_offering, login, mailbox
):
    offering = create_offering(fallback_locale="en")
    readers = {code: create_user(locale=code) for code in ("en", "ko", "ja")}
    waiting = create_user(locale="ko")
    for user in readers.values():
        db.session.add(
            Enrolment(
                user_id=user.id,
                offering_id=offering.id,
                status="enrolled",
                waiting_reason="",
                reason="",
            )
        )
    db.session.add(
        Enrolment(
            user_id=waiting.id,
            offering_id=offering.id,
            status="waitlisted",
            waitlist_seq=1,
            waiting_reason="",
            reason="",
        )
    )
    db.session.commit()
    login(create_user(roles=("staff",)))
    token = csrf_token(client, f"/manage/offerings/{offering.id}/announce")
    response = client.post(
        f"/manage/offerings/{offering.id}/announce",
        data={
            "csrf_token": token,
            "statuses": ["enrolled"],
            "subject_en": "Room change",
            "body_en": "We meet in room 301.",
            "subject_ko": "강의실 변경",
            "body_ko": "301호에서 진행합니다.",
        },
    )
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    progress = client.get(response.headers["Location"], headers={"Accept": "application/json"}).json
    assert progress["status"] == "done" and progress["total"] == 3
    assert mailbox.to(readers["ko"].email)[0]["Subject"] == "강의실 변경"
    assert mailbox.to(readers["en"].email)[0]["Subject"] == "Room change"
    # Nothing was written in Japanese: the fallback language (English) is sent.
    assert mailbox.to(readers["ja"].email)[0]["Subject"] == "Room change"
    assert mailbox.to(waiting.email) == []  # only the addressed statuses


def test_announcement_job_run_twice_tells_nobody_twice(
    app, db, create_user, create_offering, mailbox
):
    from app.communications.announcements import send_announcement
    from app.communications.models import Announcement
    from app.core.jobs import JobRecord

    offering = create_offering()
    reader = create_user()
    db.session.add(
        Enrolment(
            user_id=reader.id,
            offering_id=offering.id,
            status="enrolled",
            waiting_reason="",
            reason="",
        )
    )
    announcement = Announcement(
        offering_id=offering.id, subjects={"en": "S"}, bodies={"en": "B"}, statuses=["enrolled"]
    )
    job = JobRecord(kind="announcement")
    db.session.add_all([announcement, job])
    db.session.commit()
    with app.test_request_context():
        send_announcement(job.id, announcement.id)
        send_announcement(job.id, announcement.id)
    assert db.session.scalar(select(func.count()).select_from(AnnouncementDelivery)) == 1
    assert len(mailbox.to(reader.email)) == 1


def test_announcement_form_needs_a_complete_language(
    client, db, create_user, create_offering, login
):
    offering = create_offering()
    login(create_user(roles=("staff",)))
    token = csrf_token(client, f"/manage/offerings/{offering.id}/announce")
    for data in ({"subject_en": "Only a subject"}, {}, {"body_ja": "本文のみ"}):
        response = client.post(
            f"/manage/offerings/{offering.id}/announce",
            data={"csrf_token": token, "statuses": ["enrolled"], **data},
        )
        assert response.status_code == 200
        assert 'class="error-message"' in response.get_data(as_text=True)


def test_announcements_honour_the_mail_preference(app, db, create_user, create_offering, mailbox):
    """Someone who turned "announcements and summaries by e-mail" off gets no announcement
    mail, but still finds it under the bell; someone who kept it on gets both."""
    from app.communications.announcements import send_announcement
    from app.communications.models import Announcement
    from app.core.jobs import JobRecord
    from app.notifications.models import Notification, OutboxMail

    offering = create_offering()
    quiet, keen = create_user(wants_digests=False), create_user()
    for reader in (quiet, keen):
        db.session.add(
            Enrolment(
                user_id=reader.id,
                offering_id=offering.id,
                status="enrolled",
                waiting_reason="",
                reason="",
            )
        )
    announcement = Announcement(
        offering_id=offering.id, subjects={"en": "S"}, bodies={"en": "B"}, statuses=["enrolled"]
    )
    job = JobRecord(kind="announcement")
    db.session.add_all([announcement, job])
    db.session.commit()
    with app.test_request_context():
        send_announcement(job.id, announcement.id)
    bell = db.session.scalars(
        select(Notification.user_id).where(Notification.kind == "announcement")
    ).all()
    assert sorted(bell) == sorted([quiet.id, keen.id])
    mailed = db.session.scalars(select(OutboxMail.user_id).where(OutboxMail.kind == "announcement"))
    assert list(mailed) == [keen.id]
    assert mailbox.to(quiet.email) == [] and len(mailbox.to(keen.email)) == 1


def test_an_instructor_writes_to_the_participants_of_their_own_offering_only(
    app, client, db, create_user, create_offering, login, mailbox
):
    instructor = create_user(roles=("instructor",))
    theirs = create_offering(instructors=[instructor])
    other = create_offering()
    reader = create_user(locale="en")
    db.session.add(
        Enrolment(
            user_id=reader.id,
            offering_id=theirs.id,
            status="enrolled",
            waiting_reason="",
            reason="",
        )
    )
    db.session.commit()
    login(instructor)
    page = client.get(f"/manage/offerings/{theirs.id}").get_data(as_text=True)
    assert f'href="/manage/offerings/{theirs.id}/announce"' in page
    token = csrf_token(client, f"/manage/offerings/{theirs.id}/announce")
    response = client.post(
        f"/manage/offerings/{theirs.id}/announce",
        data={
            "csrf_token": token,
            "statuses": ["enrolled"],
            "subject_en": "Bring your city's heat map",
            "body_en": "Please bring it to the second session.",
        },
    )
    assert response.status_code == 302
    progress = client.get(response.headers["Location"], headers={"Accept": "application/json"}).json
    assert progress["status"] == "done" and progress["total"] == 1
    assert mailbox.to(reader.email)[0]["Subject"] == "Bring your city's heat map"
    assert client.get(f"/manage/offerings/{other.id}/announce").status_code == 403

"""The author of an action plan is told (in the app and by mail through the outbox, in their
language) when it is approved or sent back; a city's focal point reads the submitted plans of
their city's officials, read only, and no other city's."""

from __future__ import annotations

from sqlalchemy import select

from app.notifications.models import Notification, OutboxMail
from app.records.plans import services
from tests.factories import sign_in
from tests.records.helpers import enrol, submitted_plan


def mails_to(db, person) -> list[OutboxMail]:
    return list(
        db.session.scalars(
            select(OutboxMail)
            .where(OutboxMail.to_address == person.email, OutboxMail.kind == "plan_reviewed")
            .order_by(OutboxMail.id)
        )
    )


def test_author_is_told_of_changes_requested_and_approval(db, workshop, create_user):
    """Guards the review mail: a change request and an approval each queue one mail in the
    author's language with the reviewer's comment and a link to the plan; a comment alone
    queues none."""
    offering, instructor = workshop
    author = create_user(locale="ja")
    enrolment = enrol(db, author, offering)
    plan = submitted_plan(db, author, enrolment, title="省エネ計画")
    services.review(instructor, offering, plan, "comment", "Looks promising")
    db.session.commit()
    assert mails_to(db, author) == []

    services.review(instructor, offering, plan, "changes_requested", "Add a budget per action")
    db.session.commit()
    (sent_back,) = mails_to(db, author)
    assert sent_back.locale == "ja"
    assert sent_back.subject == "KCC Academy：アクションプランが差し戻されました"
    assert "省エネ計画" in sent_back.body_text
    assert "Add a budget per action" in sent_back.body_text
    assert f"/offerings/{offering.id}/plan" in sent_back.body_text
    assert "Dear" not in sent_back.body_text  # written in Japanese

    services.save_draft(
        author,
        enrolment,
        services.PlanDraft(
            title="省エネ計画",
            topic="energy",
            locale="ja",
            content={"goals": "Less energy", "actions": [{"action": "Insulate", "budget": "1M"}]},
        ),
    )
    services.submit(author, plan)
    services.review(instructor, offering, plan, "approved", "")
    db.session.commit()
    first, approved = mails_to(db, author)
    assert first.id == sent_back.id
    assert approved.subject == "KCC Academy：アクションプランが承認されました"
    kinds = db.session.scalars(
        select(Notification.kind).where(Notification.user_id == author.id).order_by(Notification.id)
    ).all()
    assert kinds == ["plan_changes_requested", "plan_approved"]


def test_focal_point_reads_own_citys_plans_only(app, db, workshop, create_user, create_city):
    """The city is the one recorded on the enrolment; drafts and other cities' plans are
    unknown (404); the pages are read only (no form) and closed to other roles (403)."""
    offering, _instructor = workshop
    tainan, busan = create_city(), create_city()
    ours = create_user(city=busan)  # moved to Busan after enrolling from Tainan
    theirs = create_user(city=busan)
    drafting = create_user(city=tainan)
    ours_enrolment = enrol(db, ours, offering)
    ours_enrolment.city_id = tainan.id
    theirs_enrolment = enrol(db, theirs, offering)
    theirs_enrolment.city_id = busan.id
    drafting_enrolment = enrol(db, drafting, offering)
    drafting_enrolment.city_id = tainan.id
    db.session.commit()
    our_plan = submitted_plan(db, ours, ours_enrolment, title="Tainan cool roofs")
    their_plan = submitted_plan(db, theirs, theirs_enrolment, title="Busan harbour shore power")
    draft = services.save_draft(
        drafting,
        drafting_enrolment,
        services.PlanDraft(title="Tainan draft", topic="energy", locale="en", content={}),
    )
    db.session.commit()

    focal = create_user(roles=("focal_point",), city=tainan)
    client = app.test_client()
    sign_in(client, focal)
    listing = client.get("/city/action-plans")
    assert listing.status_code == 200
    html = listing.get_data(as_text=True)
    assert "Tainan cool roofs" in html
    assert "Busan harbour shore power" not in html and "Tainan draft" not in html
    page = client.get(f"/city/action-plans/{our_plan.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Tainan cool roofs" in text and "Insulate" in text and 'name="decision"' not in text
    assert client.get(f"/city/action-plans/{their_plan.id}").status_code == 404
    assert client.get(f"/city/action-plans/{draft.id}").status_code == 404
    assert client.post(f"/city/action-plans/{our_plan.id}").status_code == 405

    official = app.test_client()
    sign_in(official, ours)
    assert official.get("/city/action-plans").status_code == 403
    assert official.get(f"/city/action-plans/{our_plan.id}").status_code == 403


def test_a_plan_without_a_city_on_its_enrolment_counts_under_the_plan_s_city(
    app, db, workshop, create_user, create_city
):
    """The city is the enrolment's, else the plan's own: an enrolment with no city recorded
    leaves the plan to its own city; one with a city recorded decides, whatever the plan's."""
    offering, _instructor = workshop
    tainan, busan = create_city(), create_city()
    unrecorded, recorded = create_user(city=tainan), create_user(city=tainan)
    unrecorded_enrolment = enrol(db, unrecorded, offering)
    recorded_enrolment = enrol(db, recorded, offering)
    unrecorded_enrolment.city_id = None
    recorded_enrolment.city_id = busan.id
    db.session.commit()
    kept = submitted_plan(db, unrecorded, unrecorded_enrolment, title="Tainan tree canopy")
    moved = submitted_plan(db, recorded, recorded_enrolment, title="Busan flood gates")
    kept.city_id = moved.city_id = tainan.id
    db.session.commit()

    html = {}
    for city in (tainan, busan):
        client = app.test_client()
        sign_in(client, create_user(roles=("focal_point",), city=city))
        html[city.id] = client.get("/city/action-plans").get_data(as_text=True)
    assert "Tainan tree canopy" in html[tainan.id] and "Busan flood gates" not in html[tainan.id]
    assert "Busan flood gates" in html[busan.id] and "Tainan tree canopy" not in html[busan.id]

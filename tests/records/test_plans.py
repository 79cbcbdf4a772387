"""Action plans: writing, submitting, review with versions and a per-field diff, approval that
completion reads, consent, and the public library."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from sqlalchemy import select

from app.core.audit import AuditEvent
from app.records.plans.diff import compare, compare_text
from app.records.plans.models import ActionPlan, ActionPlanVersion, PlanStatus
from app.records.plans.progress import approved_plans
from app.records.signals import record_changed
from tests.factories import csrf_token, sign_in
from tests.records.helpers import approved_plan, enrol, submitted_plan


def signed_in(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def plan_form(client, path, button="save", **overrides):
    data = {
        "csrf_token": csrf_token(client, path),
        "title": "Cooler schoolyards",
        "topic": "resilience",
        "locale": "en",
        "context": "Schoolyards reach 45 degrees in July.",
        "goals": "Shade every schoolyard by 2028.",
        "actions-0-action": "Plant trees in 20 schoolyards",
        "actions-0-owner": "Parks Office",
        "actions-0-deadline": "2027-06",
        "actions-0-budget": "NT$ 2 million",
        "actions-0-partners": "",
        "indicators-0-name": "Shaded area",
        "indicators-0-baseline": "5 %",
        "indicators-0-target": "40 %",
        "timeline": "Planting in winter 2026.",
        button: "1",
    }
    data.update(overrides)
    return client.post(path, data=data)


@pytest.fixture
def signals():
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    record_changed.connect(listener)
    yield received
    record_changed.disconnect(listener)


def test_write_submit_review_resubmit_and_approve(app, db, workshop, create_user, signals):
    """The whole review loop: draft, submit, changes requested with a comment, resubmit, a
    per-field diff between the versions, approval (which completion hears of)."""
    offering, instructor = workshop
    official = create_user()
    enrolment = enrol(db, official, offering)
    author = signed_in(app, official)
    path = f"/offerings/{offering.id}/plan"
    assert author.get(path).status_code == 200
    assert plan_form(author, path).status_code == 302
    plan = db.session.scalars(select(ActionPlan)).one()
    assert plan.status == PlanStatus.DRAFT and plan.version == 0
    assert plan.content["actions"][0]["owner"] == "Parks Office"
    assert plan.country_code == "TW" and plan.city_id == official.city_id

    assert plan_form(author, path, button="send").status_code == 302
    db.session.refresh(plan)
    assert plan.status == PlanStatus.SUBMITTED and plan.version == 1
    assert "Cooler schoolyards" in author.get(path).get_data(as_text=True)
    # Read-only while in review: a new draft is refused.
    plan_form(author, path, title="Changed while in review")
    db.session.refresh(plan)
    assert plan.title == "Cooler schoolyards"

    reviewer = signed_in(app, instructor)
    review = f"/offerings/{offering.id}/plans/{plan.id}"
    token = csrf_token(reviewer, review)
    refused = reviewer.post(review, data={"csrf_token": token, "decision": "changes_requested"})
    assert refused.status_code == 200  # a request for changes needs a comment
    db.session.refresh(plan)
    assert plan.status == PlanStatus.SUBMITTED
    reviewer.post(
        review,
        data={
            "csrf_token": token,
            "decision": "changes_requested",
            "body": "Please add a budget for watering.",
        },
    )
    db.session.refresh(plan)
    assert plan.status == PlanStatus.CHANGES_REQUESTED
    assert "Please add a budget for watering." in author.get(path).get_data(as_text=True)

    response = plan_form(
        author,
        path,
        button="send",
        **{
            "actions-0-budget": "NT$ 2.5 million incl. watering",
            "goals": "Shade every schoolyard by 2027.",
        },
    )
    assert response.status_code == 302
    db.session.refresh(plan)
    assert plan.status == PlanStatus.SUBMITTED and plan.version == 2
    versions = db.session.scalars(
        select(ActionPlanVersion).order_by(ActionPlanVersion.number)
    ).all()
    assert [v.content["goals"] for v in versions] == [
        "Shade every schoolyard by 2028.",
        "Shade every schoolyard by 2027.",
    ]
    page = reviewer.get(review).get_data(as_text=True)
    assert "What changed from version 1 to version 2" in page
    assert re.search(r"<del>.*2028.*</del>", page) and re.search(r"<ins>.*2027.*</ins>", page)
    assert "watering" in page

    assert signals == []
    reviewer.post(review, data={"csrf_token": token, "decision": "approved", "body": ""})
    db.session.refresh(plan)
    assert plan.status == PlanStatus.APPROVED and plan.approved_by_id == instructor.id
    assert signals == [{"offering_id": offering.id, "enrolment_ids": [enrolment.id]}]
    assert approved_plans(offering.id, [enrolment.id]) == {enrolment.id: True}
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert [a for a in actions if a.startswith("plan.")] == [
        "plan.saved",
        "plan.submitted",
        "plan.changes_requested",
        "plan.saved",
        "plan.submitted",
        "plan.approved",
    ]


def test_withdrawing_an_approval_needs_a_reason_and_tells_completion(
    app, db, workshop, create_user, signals
):
    offering, instructor = workshop
    official = create_user()
    enrolment = enrol(db, official, offering)
    plan = approved_plan(db, official, enrolment, instructor, offering)
    signals.clear()
    reviewer = signed_in(app, instructor)
    review = f"/offerings/{offering.id}/plans/{plan.id}"
    token = csrf_token(reviewer, review)
    reviewer.post(review, data={"csrf_token": token, "withdraw-submit": "1", "withdraw-body": ""})
    db.session.refresh(plan)
    assert plan.status == PlanStatus.APPROVED
    reviewer.post(
        review,
        data={"csrf_token": token, "withdraw-submit": "1", "withdraw-body": "Approved by mistake"},
    )
    db.session.refresh(plan)
    assert plan.status == PlanStatus.CHANGES_REQUESTED
    assert signals == [{"offering_id": offering.id, "enrolment_ids": [enrolment.id]}]
    assert approved_plans(offering.id, [enrolment.id]) == {enrolment.id: False}


def test_submit_needs_a_title_goals_and_an_action(app, db, workshop, create_user):
    offering, _ = workshop
    official = create_user()
    enrol(db, official, offering)
    author = signed_in(app, official)
    path = f"/offerings/{offering.id}/plan"
    response = plan_form(author, path, button="send", goals="", **{"actions-0-action": ""})
    assert response.status_code == 200
    plan = db.session.scalars(select(ActionPlan)).one_or_none()
    assert plan is None or plan.status == PlanStatus.DRAFT


def test_only_the_author_and_the_offerings_reviewers_see_a_plan(
    app, db, workshop, create_user, create_offering
):
    """Officials see only their own plans; an instructor of another offering sees none; a
    person not enrolled cannot start one."""
    offering, instructor = workshop
    author = create_user()
    enrolment = enrol(db, author, offering)
    plan = submitted_plan(db, author, enrolment)
    review = f"/offerings/{offering.id}/plans/{plan.id}"
    other_official = create_user()
    enrol(db, other_official, offering)
    other_instructor = create_user(roles=("instructor",))
    create_offering(instructors=[other_instructor])
    assert signed_in(app, other_official).get(review).status_code == 403
    assert signed_in(app, author).get(review).status_code == 403
    assert signed_in(app, other_instructor).get(review).status_code == 403
    assert signed_in(app, instructor).get(review).status_code == 200
    assert signed_in(app, create_user(roles=("staff",))).get(review).status_code == 200
    assert app.test_client().get(review).status_code == 302
    stranger = signed_in(app, create_user())
    assert stranger.get(f"/offerings/{offering.id}/plan").status_code == 404
    waiting = create_user()
    enrol(db, waiting, offering, status="waitlisted")
    assert signed_in(app, waiting).get(f"/offerings/{offering.id}/plan").status_code == 404
    # A plan id of this offering through another offering's address is not found.
    other = create_offering(instructors=[instructor])
    assert (
        signed_in(app, instructor).get(f"/offerings/{other.id}/plans/{plan.id}").status_code == 404
    )


def test_offering_page_shows_the_officials_plan_status(app, db, workshop, create_user):
    offering, _ = workshop
    official = create_user()
    enrolment = enrol(db, official, offering)
    client = signed_in(app, official)
    assert "Write your action plan" in client.get(f"/offerings/{offering.id}").get_data(
        as_text=True
    )
    submitted_plan(db, official, enrolment)
    page = client.get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert "Submitted: in review" in page


def test_library_shows_onlyapproved_plans_with_consent_and_filters_them(
    app, db, workshop, create_user, create_city
):
    offering, instructor = workshop
    seoul = create_city(country_code="KR", names={"en": "Seoul"})
    tainan = create_city(country_code="TW", names={"en": "Tainan"})
    a, b, c, d = (
        create_user(city=seoul),
        create_user(city=tainan),
        create_user(city=tainan),
        create_user(city=tainan),
    )
    ea, eb, ec, ed = (enrol(db, p, offering) for p in (a, b, c, d))
    korean = approved_plan(
        db,
        a,
        ea,
        instructor,
        offering,
        consent=True,
        title="폭염 대응 계획",
        topic="resilience",
        locale="ko",
        actions=[{"action": "옥상 단열 공사", "owner": "건축과"}],
    )
    approved_plan(
        db, b, eb, instructor, offering, consent=True, title="Solar roofs", topic="energy"
    )
    approved_plan(db, c, ec, instructor, offering, consent=False, title="Private plan")
    submitted_plan(db, d, ed, title="Pending plan")
    db.session.execute(
        ActionPlan.__table__.update().where(ActionPlan.id == korean.id).values(published_year=2025)
    )
    db.session.commit()
    visitor = app.test_client()
    page = visitor.get("/action-plans").get_data(as_text=True)
    assert "폭염 대응 계획" in page and "Solar roofs" in page
    assert "Private plan" not in page and "Pending plan" not in page
    assert 'lang="ko"' in page

    def titles(query):
        html = visitor.get("/action-plans?" + query).get_data(as_text=True)
        return {t for t in ("폭염 대응 계획", "Solar roofs") if t in html}

    assert titles("topic=energy") == {"Solar roofs"}
    assert titles("country=KR") == {"폭염 대응 계획"}
    assert titles(f"city={tainan.id}") == {"Solar roofs"}
    assert titles(f"country=TW&city={tainan.id}") == {"Solar roofs"}
    # A city of another country than the one chosen is refused, and filters nothing.
    assert titles(f"country=KR&city={tainan.id}") == {"폭염 대응 계획"}
    assert titles("year=2025") == {"폭염 대응 계획"}
    assert titles("q=solar") == {"Solar roofs"}
    assert titles("q=" + quote("단열")) == {"폭염 대응 계획"}  # a word inside an action
    assert titles("q=%25") == set()  # a typed % matches itself, not everything
    assert visitor.get(f"/action-plans/{korean.id}").status_code == 200
    private = db.session.scalars(select(ActionPlan).where(ActionPlan.title == "Private plan")).one()
    assert visitor.get(f"/action-plans/{private.id}").status_code == 404


def test_consent_is_the_authors_alone_and_can_be_taken_back(app, db, workshop, create_user):
    offering, instructor = workshop
    official = create_user()
    enrolment = enrol(db, official, offering)
    plan = approved_plan(db, official, enrolment, instructor, offering)
    assert not plan.is_published
    author = signed_in(app, official)
    path = f"/offerings/{offering.id}/plan"
    author.post(f"{path}/consent", data={"csrf_token": csrf_token(author, path), "consent": "y"})
    db.session.refresh(plan)
    assert plan.is_published
    assert app.test_client().get(f"/action-plans/{plan.id}").status_code == 200
    author.post(f"{path}/consent", data={"csrf_token": csrf_token(author, path)})
    db.session.refresh(plan)
    assert not plan.is_published
    assert app.test_client().get(f"/action-plans/{plan.id}").status_code == 404
    assert "plan.consent" in db.session.scalars(select(AuditEvent.action)).all()


def test_library_uses_a_fixed_number_of_statements(
    app, db, workshop, create_user, create_city, count_queries
):
    """The library page costs the same with 21 published plans as with 30 (paged by 20: both
    fill the first page, which is then counted apart, as a list read by index)."""
    offering, instructor = workshop

    def publish(n):
        for _ in range(n):
            person = create_user(city=create_city())
            enrolment = enrol(db, person, offering)
            approved_plan(db, person, enrolment, instructor, offering, consent=True)

    visitor = app.test_client()
    publish(21)
    visitor.get("/action-plans")
    with count_queries() as small:
        visitor.get("/action-plans?topic=energy")
    publish(9)
    with count_queries() as large:
        page = visitor.get("/action-plans?topic=energy")
    assert page.get_data(as_text=True).count('class="card"') == 20
    assert "30 action plans" in page.get_data(as_text=True)  # counted apart from the page
    assert len(small) == len(large) <= 4, (len(small), len(large))


def test_diff_marks_changed_words_and_cjk_characters():
    segments = compare_text("減少 30% 排放", "減少 40% 排放")
    assert [(s.kind, s.text) for s in segments if s.kind != "same"] == [
        ("removed", "30"),
        ("added", "40"),
    ]
    old = {"goals": "A", "actions": [{"action": "Plant", "owner": "Parks"}]}
    new = {"goals": "A", "actions": [{"action": "Plant", "owner": "Works"}, {"action": "Water"}]}
    changes = compare("T", old, "T", new)
    assert [(c.field, c.row, c.part) for c in changes] == [
        ("actions", 1, "owner"),
        ("actions", 2, "action"),
    ]


def test_library_lists_the_cities_of_the_chosen_country(
    app, db, workshop, create_user, create_city
):
    """Hundreds of cities would make one select of every page: the cities of a country are
    offered once it is chosen, or once one of its cities is (a link to one city's plans)."""
    offering, instructor = workshop
    seoul = create_city(country_code="KR", names={"en": "Seoul"})
    busan = create_city(country_code="KR", names={"en": "Busan"})
    tainan = create_city(country_code="TW", names={"en": "Tainan"})
    for city in (seoul, busan, tainan):
        person = create_user(city=city)
        approved_plan(db, person, enrol(db, person, offering), instructor, offering, consent=True)
    visitor = app.test_client()

    def city_options(query):
        html = visitor.get("/action-plans?" + query).get_data(as_text=True)
        if 'name="city"' not in html:
            return None
        select = html.split('name="city"', 1)[1].split("</select>", 1)[0]
        return re.findall(r'<option(?: selected)? value="(\d+)">([^<]+)</option>', select)

    page = visitor.get("/action-plans").get_data(as_text=True)
    assert city_options("") is None
    assert "To filter by city, choose a country or region first." in page
    assert city_options("country=KR") == [(str(busan.id), "Busan"), (str(seoul.id), "Seoul")]
    assert city_options("country=TW") == [(str(tainan.id), "Tainan")]
    assert city_options(f"city={seoul.id}") == [(str(busan.id), "Busan"), (str(seoul.id), "Seoul")]
    assert f'<option selected value="{seoul.id}">Seoul</option>' in visitor.get(
        f"/action-plans?city={seoul.id}"
    ).get_data(as_text=True)
    zh = visitor.get("/action-plans", headers={"Accept-Language": "zh-TW"}).get_data(as_text=True)
    assert "若要依城市篩選，請先選擇國家／地區。" in zh


def test_library_offers_each_country_of_a_published_plan_once(
    app, db, workshop, create_user, create_city
):
    """The countries are found one index probe each (a loose index scan): every country with
    a published plan, once, and none whose plans are unpublished."""
    offering, instructor = workshop
    cities = [
        create_city(country_code=code, names={"en": f"Country city {n}"})
        for n, code in enumerate(("KR", "KR", "JP", "TW", "PH"))
    ]
    for n, city in enumerate(cities):
        person = create_user(city=city)
        # The last city's (the Philippines') plan is approved but not published.
        approved_plan(db, person, enrol(db, person, offering), instructor, offering, consent=n < 4)
    html = app.test_client().get("/action-plans").get_data(as_text=True)
    select = html.split('name="country"', 1)[1].split("</select>", 1)[0]
    codes = re.findall(r'<option(?: selected)? value="([A-Z]{2})">', select)
    assert sorted(codes) == ["JP", "KR", "TW"]

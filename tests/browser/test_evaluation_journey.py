"""The evaluation in a real browser: an official answers with the keyboard only (radio groups
moved with the arrow keys), the instructor reads the results once five have answered.
Screenshots in two languages; axe finds no serious or critical violation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.evaluation import services
from app.evaluation.models import EvaluationAnswer
from tests.browser.conftest import screenshot, serious_violations
from tests.browser.test_journeys import sign_in_browser, switch_language
from tests.browser.timeouts import BROWSER_TIMEOUT_MS
from tests.evaluation.helpers import finished_offering, known_questions
from tests.records.helpers import enrol_people

pytestmark = pytest.mark.browser


def test_answer_with_the_keyboard_and_read_the_results(
    chromium, live_server, db, create_user, create_offering
):
    overall, useful, _say = known_questions(db)
    instructor = create_user(roles=("instructor",))
    offering = finished_offering(create_offering, instructors=[instructor])
    people = [create_user() for _ in range(5)]
    enrolments = enrol_people(db, offering, people)
    for person, enrolment in zip(people[1:], enrolments[1:], strict=True):
        services.submit(person, enrolment, {overall.id: 3, useful.id: 3})
    db.session.commit()

    context = chromium.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    sign_in_browser(page, people[0])
    page.goto("/my")
    with page.expect_navigation():
        page.get_by_role("link", name="Evaluate").first.click()
    assert serious_violations(page) == []
    # Keyboard only: the first radio of a group takes the focus, the arrows choose.
    page.locator(f"#q_{overall.id}-0").focus()
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    page.keyboard.type("Clear and practical")
    page.keyboard.press("Tab")
    screenshot(page, "evaluation-answer-en")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Your answers are recorded anonymously" in page.content()
    ratings = sorted(
        r
        for r in db.session.scalars(
            select(EvaluationAnswer.rating).where(EvaluationAnswer.rating.is_not(None))
        )
    )
    assert ratings == [3] * 8 + [4, 5]
    context.close()

    context = chromium.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    sign_in_browser(page, instructor)
    page.goto(f"/manage/offerings/{offering.id}/evaluation")
    assert "Average 3.2 out of 5 from 5 answers." in page.content()
    assert "Clear and practical" in page.content()
    assert serious_violations(page) == []
    switch_language(page, "한국어")
    assert "교육 평가 결과" in page.content()
    screenshot(page, "evaluation-results-ko")
    assert serious_violations(page) == []
    context.close()

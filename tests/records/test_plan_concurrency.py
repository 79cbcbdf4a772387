"""Two reviewers deciding on the same plan at the same moment leave one consistent history."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from app.records.plans.models import ActionPlan, PlanReview, PlanStatus
from tests.factories import csrf_token, sign_in
from tests.records.helpers import enrol, submitted_plan

# Other threads or processes read what the test writes: real commits (tests/conftest.py).
pytestmark = pytest.mark.real_commits


def test_simultaneous_approve_and_send_back_apply_once(app, db, workshop, create_user):
    offering, instructor = workshop
    staff = create_user(roles=("staff",))
    plans = []
    for _ in range(5):
        person = create_user()
        plans.append(submitted_plan(db, person, enrol(db, person, offering)).id)
    clients = []
    for person in (instructor, staff):
        client = app.test_client()
        sign_in(client, person)
        clients.append(client)
    for plan_id in plans:
        path = f"/offerings/{offering.id}/plans/{plan_id}"
        tokens = [csrf_token(c, path) for c in clients]
        barrier = threading.Barrier(2)
        statuses = []

        def decide(client, token, decision, path=path, barrier=barrier, statuses=statuses):
            barrier.wait()
            response = client.post(
                path, data={"csrf_token": token, "decision": decision, "body": "Not yet"}
            )
            statuses.append(response.status_code)

        threads = [
            threading.Thread(target=decide, args=(clients[0], tokens[0], "approved")),
            threading.Thread(target=decide, args=(clients[1], tokens[1], "changes_requested")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert sorted(statuses) == [200, 302]  # one applied, the other told it is too late
        db.session.expire_all()
        plan = db.session.get(ActionPlan, plan_id)
        decisions = db.session.scalars(
            select(PlanReview.decision).where(PlanReview.plan_id == plan_id)
        ).all()
        assert len(decisions) == 1, decisions  # the later one was refused, not applied
        assert plan.status == {"approved": PlanStatus.APPROVED}.get(
            decisions[0], PlanStatus.CHANGES_REQUESTED
        )

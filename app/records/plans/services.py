"""Action plans: write and submit; comment, request changes, approve; consent to publish."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select, update

from app.catalogue.models import TOPICS, Offering
from app.core.audit import record_event
from app.core.babel import lazy_gettext as _l
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.i18n import LOCALE_CODES
from app.core.urls import absolute_url
from app.enrolment.models import Enrolment
from app.extensions import db
from app.notifications.services import notify
from app.records.plans import notices  # noqa: F401 (registers the notification kinds sent here)
from app.records.plans.access import can_review_plans, can_write_plan, is_author
from app.records.plans.models import (
    ACTION_FIELDS,
    INDICATOR_FIELDS,
    TEXT_FIELDS,
    ActionPlan,
    ActionPlanVersion,
    Decision,
    PlanReview,
    PlanStatus,
    empty_content,
    searchable_text,
)
from app.records.signals import record_changed

MAX_ROWS = 30
MAX_TEXT = 20_000
MAX_PART = 500


class PlanError(DomainError):
    message = _l("This action plan cannot be changed in this way.")


class PlanNotAllowed(PlanError):
    message = _l("You cannot do this with this action plan.")


@dataclass
class PlanDraft:
    title: str
    topic: str
    locale: str
    content: dict


def clean_content(raw: dict) -> dict:
    """Only the known fields, as text, bounded; empty rows dropped."""
    content = empty_content()
    for name in TEXT_FIELDS:
        content[name] = str(raw.get(name) or "").strip()[:MAX_TEXT]
    for name, parts in (("actions", ACTION_FIELDS), ("indicators", INDICATOR_FIELDS)):
        rows = []
        for row in raw.get(name) or []:
            if not isinstance(row, dict):
                continue
            cleaned = {part: str(row.get(part) or "").strip()[:MAX_PART] for part in parts}
            if any(cleaned.values()):
                rows.append(cleaned)
        content[name] = rows[:MAX_ROWS]
    return content


def _snapshot(plan: ActionPlan) -> dict:
    return {
        "status": plan.status,
        "title": plan.title,
        "topic": plan.topic,
        "locale": plan.locale,
        "version": plan.version,
        "consent_to_publish": plan.consent_to_publish,
        "is_published": plan.is_published,
    }


def _lock(plan: ActionPlan) -> None:
    """Take the plan's row lock before reading its state, so two reviewers (or a reviewer and
    the author) acting at once leave one consistent history: PostgreSQL holds the row lock to
    the commit, SQLite its write lock. The second one then reads the first one's outcome."""
    db.session.execute(
        update(ActionPlan).where(ActionPlan.id == plan.id).values(updated_at=utcnow())
    )
    db.session.refresh(plan)


def find_plan(user_id: int, offering_id: int) -> ActionPlan | None:
    return db.session.scalar(
        select(ActionPlan).where(
            ActionPlan.user_id == user_id, ActionPlan.offering_id == offering_id
        )
    )


def save_draft(actor, enrolment: Enrolment | None, draft: PlanDraft) -> ActionPlan:
    """Create or update the participant's own plan while it is a draft or sent back."""
    if not can_write_plan(actor, enrolment):
        raise PlanNotAllowed()
    plan = find_plan(actor.id, enrolment.offering_id)
    if plan is None:
        plan = ActionPlan(
            offering_id=enrolment.offering_id,
            user_id=actor.id,
            enrolment_id=enrolment.id,
            status=PlanStatus.DRAFT,
            city_id=actor.city_id,
            country_code=actor.city.country_code if actor.city else "",
            version=0,
            content=empty_content(),
        )
        db.session.add(plan)
    else:
        _lock(plan)
        if not plan.is_editable:
            raise PlanError(_l("The plan is in review or approved and cannot be edited now."))
    before = _snapshot(plan) | {"content": copy.deepcopy(plan.content)}
    plan.title = draft.title.strip()[:200]
    plan.topic = draft.topic if draft.topic in TOPICS else ""
    plan.locale = draft.locale if draft.locale in LOCALE_CODES else plan.locale
    plan.content = clean_content(draft.content)
    plan.search_text = searchable_text(plan.title, plan.content)
    db.session.flush()
    after = _snapshot(plan) | {"content": plan.content}
    if after != before:
        record_event(actor, "plan.saved", plan, before=before, after=after)
    return plan


def save_plan(actor, enrolment: Enrolment | None, draft: PlanDraft, *, send: bool) -> ActionPlan:
    """Save the participant's draft and, with ``send``, submit it for review."""
    plan = save_draft(actor, enrolment, draft)
    if send:
        submit(actor, plan)
    return plan


def submit(actor, plan: ActionPlan) -> ActionPlanVersion:
    """Send the plan for review: a new version is kept exactly as sent."""
    if not is_author(actor, plan):
        raise PlanNotAllowed()
    _lock(plan)
    if not plan.is_editable:
        raise PlanError(_l("The plan has already been submitted."))
    content = plan.content or {}
    if not plan.title or not content.get("goals") or not content.get("actions"):
        raise PlanError(
            _l("Before you submit, give the plan a title, its goals and at least one action.")
        )
    before = _snapshot(plan)
    plan.version += 1
    version = ActionPlanVersion(
        plan_id=plan.id,
        number=plan.version,
        title=plan.title,
        content=copy.deepcopy(content),
        submitted_by_id=actor.id,
    )
    db.session.add(version)
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = utcnow()
    db.session.flush()
    record_event(actor, "plan.submitted", plan, before=before, after=_snapshot(plan))
    return version


def review(actor, offering: Offering, plan: ActionPlan, decision: str, body: str) -> PlanReview:
    """An instructor or staff member comments, requests changes, approves, or withdraws an
    approval. Approving (or withdrawing it) may change completion: told after the flush."""
    if plan.offering_id != offering.id or not can_review_plans(actor, offering):
        raise PlanNotAllowed()
    body = (body or "").strip()[:MAX_TEXT]
    _lock(plan)
    before = _snapshot(plan)
    was_approved = plan.status == PlanStatus.APPROVED
    if decision == Decision.COMMENT:
        if not body:
            raise PlanError(_l("Write a comment."))
    elif decision == Decision.CHANGES_REQUESTED:
        if plan.status != PlanStatus.SUBMITTED:
            raise PlanError(_l("Only a submitted plan can be sent back for changes."))
        if not body:
            raise PlanError(_l("Say what should change."))
        plan.status = PlanStatus.CHANGES_REQUESTED
    elif decision == Decision.APPROVED:
        if plan.status != PlanStatus.SUBMITTED:
            raise PlanError(_l("Only a submitted plan can be approved."))
        plan.status = PlanStatus.APPROVED
        plan.approved_at = utcnow()
        plan.approved_by_id = actor.id
        plan.published_year = plan.approved_at.year
        # followup builds on this module's rules: a module-level import would be a cycle
        from app.records.plans.followup import schedule

        schedule(plan)
    elif decision == Decision.APPROVAL_WITHDRAWN:
        if plan.status != PlanStatus.APPROVED:
            raise PlanError(_l("The plan is not approved."))
        if not body:
            raise PlanError(_l("Say why the approval is withdrawn."))
        plan.status = PlanStatus.CHANGES_REQUESTED
        plan.approved_at = None
        plan.approved_by_id = None
    else:
        raise PlanError()
    plan.is_published = plan.status == PlanStatus.APPROVED and plan.consent_to_publish
    entry = PlanReview(
        plan_id=plan.id, version=plan.version, reviewer_id=actor.id, decision=decision, body=body
    )
    db.session.add(entry)
    db.session.flush()
    record_event(
        actor, f"plan.{decision}", plan, before=before, after=_snapshot(plan) | {"comment": body}
    )
    if decision != Decision.COMMENT:
        _tell_author(plan, offering, decision, body)
    if was_approved != (plan.status == PlanStatus.APPROVED) and plan.enrolment_id:
        record_changed.send(
            current_app._get_current_object(),
            offering_id=plan.offering_id,
            enrolment_ids=[plan.enrolment_id],
        )
    return entry


def _tell_author(plan: ActionPlan, offering: Offering, decision: str, comment: str) -> None:
    """In the app and by mail (through the outbox), in the author's language: approved, or
    changes requested (also when an approval is withdrawn)."""
    author = plan.author
    notify(
        author,
        "plan_approved" if decision == Decision.APPROVED else "plan_changes_requested",
        link=absolute_url("plans.my_plan", offering_id=offering.id),
        plan=plan.title,
        offering=offering.title(author.locale or "en"),
        comment=comment,
    )


def set_consent(actor, plan: ActionPlan, consent: bool) -> None:
    """Only the author decides whether the approved plan may appear in the public library."""
    if not is_author(actor, plan):
        raise PlanNotAllowed()
    before = _snapshot(plan)
    plan.consent_to_publish = consent
    plan.is_published = plan.status == PlanStatus.APPROVED and consent
    db.session.flush()
    if _snapshot(plan) != before:
        record_event(actor, "plan.consent", plan, before=before, after=_snapshot(plan))

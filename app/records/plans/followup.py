"""Follow-up reports: progress on each action of an approved plan, some months later, with a
reminder mail (through the outbox) when one is due."""

from __future__ import annotations

import calendar
from datetime import datetime

from sqlalchemy import select

from app.accounts.models import User
from app.catalogue.models import Offering
from app.core.audit import record_event
from app.core.babel import lazy_gettext as _l
from app.core.db import utcnow
from app.core.urls import absolute_url
from app.extensions import db
from app.notifications.services import queue_mail
from app.records.plans.access import can_review_plans, is_author
from app.records.plans.models import (
    ActionPlan,
    FollowUpReport,
    FollowUpStatus,
    PlanSettings,
    PlanStatus,
)
from app.records.plans.services import MAX_TEXT, PlanError, PlanNotAllowed

MAX_MONTHS = 60


def add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def follow_up_months(offering_id: int) -> int | None:
    settings = db.session.get(PlanSettings, offering_id)
    return settings.follow_up_months if settings else None


def schedule(plan: ActionPlan, months: int | None = None) -> FollowUpReport | None:
    """The follow-up report of an approved plan, when the offering asks for one."""
    months = months if months is not None else follow_up_months(plan.offering_id)
    if not months or plan.status != PlanStatus.APPROVED or plan.approved_at is None:
        return None
    report = db.session.scalar(select(FollowUpReport).where(FollowUpReport.plan_id == plan.id))
    if report is None:
        report = FollowUpReport(
            plan_id=plan.id,
            due_at=add_months(plan.approved_at, months),
            progress=[
                {"action": row.get("action", ""), "status": FollowUpStatus.NOT_STARTED, "note": ""}
                for row in (plan.content or {}).get("actions", [])
            ],
        )
        db.session.add(report)
    return report


def set_follow_up_months(actor, offering: Offering, months: int | None) -> None:
    """Ask for a follow-up report ``months`` after each approval (None: no report). Plans
    approved before get theirs now."""
    if not can_review_plans(actor, offering):
        raise PlanNotAllowed()
    if months is not None and not 1 <= months <= MAX_MONTHS:
        raise PlanError(_l("Choose between 1 and 60 months."))
    settings = db.session.get(PlanSettings, offering.id)
    before = settings.follow_up_months if settings else None
    if settings is None:
        settings = PlanSettings(offering_id=offering.id)
        db.session.add(settings)
    settings.follow_up_months = months
    db.session.flush()
    if before != months:
        record_event(
            actor,
            "plan.follow_up_settings",
            offering,
            before={"follow_up_months": before},
            after={"follow_up_months": months},
        )
    if months:
        for plan in db.session.scalars(
            select(ActionPlan).where(
                ActionPlan.offering_id == offering.id, ActionPlan.status == PlanStatus.APPROVED
            )
        ):
            schedule(plan, months)
        db.session.flush()


def report_of(plan: ActionPlan) -> FollowUpReport | None:
    return db.session.scalar(select(FollowUpReport).where(FollowUpReport.plan_id == plan.id))


def save_report(actor, plan: ActionPlan, progress: list[dict], summary: str, submit: bool):
    """The author writes the progress of each action; submitting makes it final."""
    if not is_author(actor, plan):
        raise PlanNotAllowed()
    report = report_of(plan)
    if report is None:
        raise PlanError(_l("No follow-up report is asked for this plan."))
    if report.submitted_at is not None:
        raise PlanError(_l("The follow-up report has already been submitted."))
    before = {"progress": report.progress, "summary": report.summary}
    statuses = set(FollowUpStatus)
    rows = []
    for index, row in enumerate(report.progress):
        given = progress[index] if index < len(progress) else {}
        status = given.get("status") if given.get("status") in statuses else row["status"]
        rows.append(
            {
                "action": row["action"],
                "status": status,
                "note": str(given.get("note") or "").strip()[:2000],
            }
        )
    report.progress = rows
    report.summary = (summary or "").strip()[:MAX_TEXT]
    if submit:
        report.submitted_at = utcnow()
    db.session.flush()
    record_event(
        actor,
        "plan.follow_up_submitted" if submit else "plan.follow_up_saved",
        plan,
        before=before,
        after={"progress": report.progress, "summary": report.summary},
    )
    return report


def send_follow_up_reminders(now: datetime | None = None) -> int:
    """Queue one reminder mail per due, unsubmitted report (in the author's language), in the
    same transaction that marks it reminded: running twice sends nothing twice."""

    now = now or utcnow()
    rows = db.session.execute(
        select(FollowUpReport, ActionPlan, User, Offering)
        .join(ActionPlan, ActionPlan.id == FollowUpReport.plan_id)
        .join(User, User.id == ActionPlan.user_id)
        .join(Offering, Offering.id == ActionPlan.offering_id)
        .where(
            FollowUpReport.due_at <= now,
            FollowUpReport.submitted_at.is_(None),
            FollowUpReport.reminded_at.is_(None),
        )
        .with_for_update(of=FollowUpReport, skip_locked=True)
    ).all()
    for report, plan, user, offering in rows:
        queue_mail(
            to=user.email,
            locale=user.locale,
            kind="plan_follow_up",
            user_id=user.id,
            timezone=user.timezone,
            name=user.display_name,
            plan_title=plan.title,
            offering_title=offering.title(user.locale),
            link=absolute_url("plans.follow_up", offering_id=offering.id),
        )
        report.reminded_at = now
    db.session.commit()
    return len(rows)

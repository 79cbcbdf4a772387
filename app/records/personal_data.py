"""Records' part of a person's data download: attendance and action plans."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.accounts.personal_data import add_personal_data, when
from app.catalogue.models import OfferingSession
from app.enrolment.models import Enrolment
from app.extensions import db
from app.records.attendance.models import AttendanceMark
from app.records.plans.models import ActionPlan


def attendance_data(user: User) -> list[dict]:
    rows = db.session.execute(
        select(AttendanceMark, OfferingSession, Enrolment.offering_id)
        .join(Enrolment, Enrolment.id == AttendanceMark.enrolment_id)
        .join(OfferingSession, OfferingSession.id == AttendanceMark.session_id)
        .where(Enrolment.user_id == user.id)
        .order_by(OfferingSession.starts_at)
    ).all()
    return [
        {
            "offering_id": offering_id,
            "session": session.title(user.locale),
            "session_starts_at": when(session.starts_at),
            "status": mark.status,
            "recorded_at": when(mark.recorded_at),
            "checked_in_at": when(mark.checked_in_at),
        }
        for mark, session, offering_id in rows
    ]


def plans_data(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(ActionPlan).where(ActionPlan.user_id == user.id).order_by(ActionPlan.id)
    )
    return [
        {
            "offering_id": plan.offering_id,
            "title": plan.title,
            "language": plan.locale,
            "topic": plan.topic,
            "status": plan.status,
            "content": plan.content,
            "versions_submitted": plan.version,
            "consent_to_publish": plan.consent_to_publish,
            "published": plan.is_published,
            "submitted_at": when(plan.submitted_at),
            "approved_at": when(plan.approved_at),
        }
        for plan in rows
    ]


def register_personal_data(app) -> None:
    add_personal_data(app, "attendance", attendance_data)
    add_personal_data(app, "action_plans", plans_data)

"""Action plans: a participant's structured plan, its submitted versions and the reviews."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.babel import lazy_gettext as _l
from app.core.db import utcnow
from app.extensions import db


class PlanStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"

    @property
    def title(self) -> str:
        return str(PLAN_STATUS_TITLES[self])


PLAN_STATUS_TITLES = {
    PlanStatus.DRAFT: _l("Draft"),
    PlanStatus.SUBMITTED: _l("Submitted: in review"),
    PlanStatus.CHANGES_REQUESTED: _l("Changes requested"),
    PlanStatus.APPROVED: _l("Approved"),
}
# The author may edit in these states; a submitted or approved plan is read-only to them.
EDITABLE = frozenset({PlanStatus.DRAFT, PlanStatus.CHANGES_REQUESTED})


class Decision(enum.StrEnum):
    COMMENT = "comment"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    APPROVAL_WITHDRAWN = "approval_withdrawn"

    @property
    def title(self) -> str:
        return str(DECISION_TITLES[self])


DECISION_TITLES = {
    Decision.COMMENT: _l("Comment"),
    Decision.CHANGES_REQUESTED: _l("Changes requested"),
    Decision.APPROVED: _l("Approved"),
    Decision.APPROVAL_WITHDRAWN: _l("Approval withdrawn"),
}

# The structured fields, in the order they are shown (and compared between versions).
TEXT_FIELDS = ("context", "goals", "timeline")
ACTION_FIELDS = ("action", "owner", "deadline", "budget", "partners")
INDICATOR_FIELDS = ("name", "baseline", "target")
FIELD_TITLES = {
    "title": _l("Title of the plan"),
    "context": _l("Context and baseline"),
    "goals": _l("Goals"),
    "actions": _l("Planned actions"),
    "indicators": _l("Indicators"),
    "timeline": _l("Timeline"),
    "action": _l("Action"),
    "owner": _l("Owner (responsible unit)"),
    "deadline": _l("Deadline"),
    "budget": _l("Budget"),
    "partners": _l("Partners"),
    "name": _l("Indicator"),
    "baseline": _l("Baseline value"),
    "target": _l("Target value"),
}


def searchable_text(title: str, content: dict) -> str:
    parts = [title or ""]
    parts += [str(content.get(name) or "") for name in TEXT_FIELDS]
    for name in ("actions", "indicators"):
        for row in content.get(name) or []:
            parts += [str(value) for value in row.values() if value]
    return "\n".join(part for part in parts if part).lower()


def empty_content() -> dict:
    return {"context": "", "goals": "", "actions": [], "indicators": [], "timeline": ""}


class ActionPlan(db.Model):
    """One plan per participant per offering. ``content`` holds the structured fields being
    written; every submission is kept as an ActionPlanVersion and never changed."""

    __tablename__ = "action_plans"
    __table_args__ = (
        UniqueConstraint("offering_id", "user_id"),
        Index("ix_action_plans_library", "is_published", "published_year"),
        # The library's page, newest first, read from the index (paginate's ordered_by_index).
        Index("ix_action_plans_published_order", "is_published", "approved_at", "id"),
        # The library's filters: its list of places and a topic's page, each from an index.
        Index("ix_action_plans_published_places", "is_published", "country_code", "city_id"),
        Index("ix_action_plans_published_topic", "is_published", "topic", "approved_at", "id"),
        Index("ix_action_plans_city_status", "city_id", "status"),  # a city's report
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offering_id: Mapped[int] = mapped_column(
        ForeignKey("offerings.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    enrolment_id: Mapped[int | None] = mapped_column(
        ForeignKey("enrolments.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(24), default=PlanStatus.DRAFT)
    locale: Mapped[str] = mapped_column(String(16), default="en")  # the language it is written in
    title: Mapped[str] = mapped_column(String(200), default="")
    topic: Mapped[str] = mapped_column(String(32), default="", index=True)
    # Where the author worked when writing it: the library is searched by these.
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id", ondelete="SET NULL"))
    country_code: Mapped[str] = mapped_column(String(2), default="")
    content: Mapped[dict] = mapped_column(JSON, default=empty_content)
    # Title and every field as plain text, for the library's search (JSON is stored with its
    # non-ASCII characters escaped, so Chinese, Japanese or Korean words are searched here).
    search_text: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=0)  # number of submitted versions
    consent_to_publish: Mapped[bool] = mapped_column(default=False)
    # Approved with the author's consent: shown in the public library.
    is_published: Mapped[bool] = mapped_column(default=False)
    published_year: Mapped[int | None]
    submitted_at: Mapped[datetime | None]
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    author = relationship("User", foreign_keys=[user_id], lazy="select")
    city = relationship("City", lazy="select")

    def __repr__(self) -> str:
        return f"<ActionPlan {self.id} of user {self.user_id} in {self.offering_id} {self.status}>"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def status_title(self) -> str:
        return PlanStatus(self.status).title


class ActionPlanVersion(db.Model):
    """A submitted version, kept as it was sent."""

    __tablename__ = "action_plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[dict] = mapped_column(JSON)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<ActionPlanVersion {self.plan_id} v{self.number}>"


class PlanReview(db.Model):
    """A comment or decision of an instructor or staff member on a submitted version."""

    __tablename__ = "plan_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("action_plans.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decision: Mapped[str] = mapped_column(String(24))
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    reviewer = relationship("User", lazy="joined")

    def __repr__(self) -> str:
        return f"<PlanReview {self.plan_id} v{self.version} {self.decision}>"


class PlanSettings(db.Model):
    """Action-plan settings of an offering: a follow-up report so many months after approval."""

    __tablename__ = "action_plan_settings"

    offering_id: Mapped[int] = mapped_column(
        ForeignKey("offerings.id", ondelete="CASCADE"), primary_key=True
    )
    follow_up_months: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<PlanSettings {self.offering_id} follow-up {self.follow_up_months}>"


class FollowUpStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def title(self) -> str:
        return str(FOLLOW_UP_STATUS_TITLES[self])


FOLLOW_UP_STATUS_TITLES = {
    FollowUpStatus.NOT_STARTED: _l("Not started"),
    FollowUpStatus.IN_PROGRESS: _l("In progress"),
    FollowUpStatus.DONE: _l("Done"),
    FollowUpStatus.DROPPED: _l("Dropped"),
}


class FollowUpReport(db.Model):
    """Progress on each action of an approved plan, due some months after approval."""

    __tablename__ = "follow_up_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("action_plans.id", ondelete="CASCADE"), unique=True
    )
    due_at: Mapped[datetime] = mapped_column(index=True)
    # [{"action": text of the approved action, "status": FollowUpStatus, "note": text}]
    progress: Mapped[list] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<FollowUpReport of plan {self.plan_id} due {self.due_at:%Y-%m-%d}>"

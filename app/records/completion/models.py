"""Completion rules of an offering and the completion record of each enrolment."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import utcnow
from app.extensions import db

# Minimum attendance (percent of the sessions that count) when staff have set no rule.
DEFAULT_MIN_ATTENDANCE = {"symposium": 80, "workshop": 80}


class CompletionRule(db.Model):
    """What an offering's participants need to complete it. Without a row the defaults of
    ``default_rule`` apply."""

    __tablename__ = "completion_rules"
    __table_args__ = (
        CheckConstraint(
            "min_attendance_percent IS NULL OR "
            "(min_attendance_percent >= 0 AND min_attendance_percent <= 100)",
            name="percent_range",
        ),
    )

    offering_id: Mapped[int] = mapped_column(
        ForeignKey("offerings.id", ondelete="CASCADE"), primary_key=True
    )
    min_attendance_percent: Mapped[int | None]
    require_materials: Mapped[bool] = mapped_column(default=False)
    require_action_plan: Mapped[bool] = mapped_column(default=False)
    # The participant answered the offering's evaluation (checked by app/evaluation through
    # records/completion/checks.py).
    require_evaluation: Mapped[bool] = mapped_column(default=False, server_default=false())
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return (
            f"<CompletionRule {self.offering_id} {self.min_attendance_percent}% "
            f"materials={self.require_materials} plan={self.require_action_plan} "
            f"evaluation={self.require_evaluation}>"
        )

    def as_dict(self) -> dict:
        return {
            "min_attendance_percent": self.min_attendance_percent,
            "require_materials": self.require_materials,
            "require_action_plan": self.require_action_plan,
            "require_evaluation": self.require_evaluation,
        }


def default_rule(offering_id: int, kind: str) -> CompletionRule:
    """The rule an offering of ``kind`` has until someone sets one (not added to the session)."""
    return CompletionRule(
        offering_id=offering_id,
        min_attendance_percent=DEFAULT_MIN_ATTENDANCE.get(kind),
        require_materials=kind == "course",
        require_action_plan=kind == "workshop",
        require_evaluation=False,
    )


class CompletionRecord(db.Model):
    """How the rule stands for one enrolment, and an override of it. Never deleted: an
    override is withdrawn by clearing it, and every change is in the audit log."""

    __tablename__ = "completion_records"

    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="RESTRICT"), primary_key=True
    )
    # What the rule says: None while it can still go either way, else a CompletionState.
    rule_state: Mapped[str | None] = mapped_column(String(16))
    # Each rule with whether it holds, e.g. {"rule": "attendance", "ok": false, ...}.
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    present_sessions: Mapped[int] = mapped_column(default=0)
    marked_sessions: Mapped[int] = mapped_column(default=0)
    counted_sessions: Mapped[int] = mapped_column(default=0)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
    override_state: Mapped[str | None] = mapped_column(String(16))
    override_reason: Mapped[str] = mapped_column(String(500), default="")
    override_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    override_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return (
            f"<CompletionRecord {self.enrolment_id} rule={self.rule_state} {self.override_state}>"
        )

    @property
    def rate_now(self) -> int | None:
        return rate_now(self.present_sessions, self.counted_sessions)

    @property
    def best_reachable(self) -> int | None:
        return best_reachable(self.present_sessions, self.marked_sessions, self.counted_sessions)


def rate_now(present: int, counted: int) -> int | None:
    """Percent of the counted sessions attended so far."""
    if not counted:
        return None
    return round(100 * present / counted)


def best_reachable(present: int, marked: int, counted: int) -> int | None:
    """Percent reachable if every session not yet marked is attended."""
    if not counted:
        return None
    return round(100 * (present + counted - marked) / counted)

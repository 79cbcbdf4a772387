"""Which sessions of an offering take attendance (shared by attendance and completion)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select

from app.catalogue.models import Offering, OfferingSession
from app.extensions import db

# Sessions may gain a soft-cancel marker; a cancelled session never takes attendance.
_CANCELLED = getattr(OfferingSession, "cancelled_at", None)


def is_cancelled(session: OfferingSession) -> bool:
    return _CANCELLED is not None and getattr(session, "cancelled_at", None) is not None


def takes_attendance(session: OfferingSession) -> bool:
    return bool(session.counts_for_attendance) and not is_cancelled(session)


def counted_sessions_statement(offering_id: int, *columns) -> Select:
    """The offering's sessions that count for attendance, earliest first."""
    statement = select(*(columns or (OfferingSession,))).where(
        OfferingSession.offering_id == offering_id,
        OfferingSession.counts_for_attendance.is_(True),
    )
    if _CANCELLED is not None:
        statement = statement.where(_CANCELLED.is_(None))
    return statement.order_by(OfferingSession.starts_at, OfferingSession.id)


def last_session_ends(offering_ids) -> dict[int, datetime]:
    """When the last session (not cancelled) of each offering ends; offerings without one are
    left out. One statement."""
    statement = (
        select(OfferingSession.offering_id, func.max(OfferingSession.ends_at))
        .where(OfferingSession.offering_id.in_(list(offering_ids)))
        .group_by(OfferingSession.offering_id)
    )
    if _CANCELLED is not None:
        statement = statement.where(_CANCELLED.is_(None))
    return {
        offering_id: ends for offering_id, ends in db.session.execute(statement) if ends is not None
    }


def offering_ends_at(offering: Offering, last_session_end: datetime | None) -> datetime:
    """When the offering is over: the end of its last session, or (without sessions) the end
    of its last day in its own time zone."""
    if last_session_end is not None:
        return last_session_end
    zone = ZoneInfo(offering.timezone or "UTC")
    midnight = datetime.combine(offering.ends_on + timedelta(days=1), time(), tzinfo=zone)
    return midnight.astimezone(UTC)

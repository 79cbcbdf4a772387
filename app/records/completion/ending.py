"""Completion decided when an offering ends: a rule that asks nothing of the participant
(no attendance minimum, no required material, no action plan) holds only once the offering's
last session is over, and nothing else changes a record then. ``flask jobs tick`` runs
``decide_ended_offerings``, which recomputes every undecided enrolment whose record was last
computed before its offering ended (so each is recomputed once after the end, not every tick).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from app.catalogue.models import Offering
from app.core.db import utcnow
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.extensions import db
from app.records.completion.models import CompletionRecord
from app.records.completion.services import recompute
from app.records.sessions import last_session_ends, offering_ends_at


def decide_ended_offerings(now: datetime | None = None) -> int:
    """Recompute the undecided enrolments of offerings that have ended since their record was
    computed; commits, returns how many enrolments' completion changed."""
    now = now or utcnow()
    rows = db.session.execute(
        select(Enrolment.offering_id, Enrolment.id, CompletionRecord.computed_at)
        .join(Offering, Offering.id == Enrolment.offering_id)
        .outerjoin(CompletionRecord, CompletionRecord.enrolment_id == Enrolment.id)
        .where(
            Enrolment.status == EnrolmentStatus.ENROLLED,
            Enrolment.completion.is_(None),
            # A coarse bound (sessions may end before the last day; time zones ahead of UTC
            # start a day early); the exact end is checked below.
            Offering.starts_on <= (now + timedelta(days=1)).date(),
            or_(CompletionRecord.override_state.is_(None), CompletionRecord.enrolment_id.is_(None)),
        )
        .order_by(Enrolment.offering_id, Enrolment.id)
    ).all()
    if not rows:
        return 0
    candidates: dict[int, list[tuple[int, datetime | None]]] = defaultdict(list)
    for offering_id, enrolment_id, computed_at in rows:
        candidates[offering_id].append((enrolment_id, computed_at))
    last_ends = last_session_ends(candidates)
    offerings = {
        o.id: o for o in db.session.scalars(select(Offering).where(Offering.id.in_(candidates)))
    }
    changed = 0
    for offering_id, enrolments in candidates.items():
        ends_at = offering_ends_at(offerings[offering_id], last_ends.get(offering_id))
        if ends_at > now:
            continue
        stale = [e for e, computed_at in enrolments if computed_at is None or computed_at < ends_at]
        if stale:
            changed += recompute(offering_id, stale)
    db.session.commit()
    return changed

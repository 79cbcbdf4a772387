"""Demonstration certificates: issued, revoked and re-issued ones for the demo officials."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.accounts.models import User
from app.catalogue.models import Offering
from app.certificates import services
from app.certificates.models import Certificate
from app.enrolment.models import CompletionState, Enrolment, EnrolmentStatus
from app.extensions import db


def seed_certificates_demo(staff_email: str = "staff@demo.kcc.test") -> int:
    """Issue certificates for the enrolments the records domain has decided completed (the
    finished demonstration workshop); revoke one and re-issue another. Does nothing the second
    time."""

    staff = db.session.scalar(select(User).where(User.email == staff_email))
    if staff is None or db.session.scalar(select(Certificate.id).limit(1)) is not None:
        return 0
    enrolments = db.session.scalars(
        select(Enrolment)
        .join(User, User.id == Enrolment.user_id)
        .join(Offering, Offering.id == Enrolment.offering_id)
        .where(
            Enrolment.status == EnrolmentStatus.ENROLLED,
            Enrolment.completion == CompletionState.COMPLETED,
            Offering.ends_on < date.today(),  # only offerings that have taken place
            User.email.like("official%@demo.kcc.test"),
        )
        .order_by(Enrolment.id)
    ).all()
    issued = []
    for enrolment in enrolments[:5]:
        issued.append(services.issue(staff, enrolment.id))
        db.session.commit()
    if len(issued) >= 2:
        services.revoke(staff, issued[-1].id, "issued_in_error", "Demonstration")
        db.session.commit()
        services.reissue(staff, issued[0].id, "Demonstration: name corrected")
        db.session.commit()
    return len(issued)

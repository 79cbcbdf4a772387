"""What completion reads from materials: has each enrolment opened every required material."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, or_, select

from app.core.db import utcnow
from app.enrolment.models import Enrolment
from app.extensions import db
from app.records.materials.models import Material, MaterialOpening


def required_material_ids(offering_id: int) -> list[int]:
    """The offering's required materials that are released and not withdrawn."""
    required = select(Material.id).where(
        Material.offering_id == offering_id,
        Material.is_required.is_(True),
        Material.withdrawn_at.is_(None),
        or_(Material.release_at.is_(None), Material.release_at <= utcnow()),
    )
    return list(db.session.scalars(required))


def required_materials_opened(
    offering_id: int, enrolment_ids: Sequence[int], required_ids: list[int] | None = None
) -> dict[int, bool]:
    """True for an enrolment whose person opened every required, released material of the
    offering that is not withdrawn (True when none is required). Two statements, whatever the
    number of enrolments (one when ``required_ids`` is given)."""
    if not enrolment_ids:
        return {}
    if required_ids is None:
        required_ids = required_material_ids(offering_id)
    if not required_ids:
        return dict.fromkeys(enrolment_ids, True)
    counts = dict(
        db.session.execute(
            select(Enrolment.id, func.count(MaterialOpening.id))
            .join(MaterialOpening, MaterialOpening.user_id == Enrolment.user_id)
            .where(
                Enrolment.id.in_(list(enrolment_ids)),
                Enrolment.offering_id == offering_id,
                MaterialOpening.material_id.in_(required_ids),
            )
            .group_by(Enrolment.id)
        ).all()
    )
    return {eid: counts.get(eid, 0) >= len(required_ids) for eid in enrolment_ids}

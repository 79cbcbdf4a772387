"""How an enrolment is loaded with its person and offering: both raise when read unloaded
(Enrolment.user, Enrolment.offering; a lazy load in a list is a statement per row), so the
query that fetches enrolments names what it will read."""

from __future__ import annotations

from sqlalchemy.orm import joinedload

from app.enrolment.models import Enrolment

WITH_PERSON = joinedload(Enrolment.user)
WITH_OFFERING = joinedload(Enrolment.offering)
WITH_PERSON_AND_OFFERING = (WITH_PERSON, WITH_OFFERING)

"""Enrolment's pages, one module per job, all on one blueprint (endpoints ``enrolment.*``).

- ``learner``: a person's own place (enrol, cancel, accept an offer, confirm a nomination)
  and My learning;
- ``roster``: an offering's roster, its cities, decisions on requests, its CSV;
- ``nominations``: focal points and staff nominate officials; a focal point's city page.
"""

from app.enrolment.views import learner, nominations, roster  # noqa: F401 (they add routes to bp)
from app.enrolment.views.blueprint import bp

__all__ = ["bp"]

"""What the home page shows, read in a fixed number of statements."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import Select, bindparam

from app.catalogue.queries import CatalogueFilter, catalogue_statement
from app.core.babel import get_timezone, locale_code
from app.core.db import utcnow
from app.core.pagination import first_items_statement
from app.enrolment.my_learning import home_summary
from app.extensions import db
from app.main.reach import current_reach


@dataclass
class Home:
    open_offerings: list = field(default_factory=list)
    reach: object = None  # SiteReach: the kept counts (reach.py)
    mine: object = None  # My learning of the signed-in official, or None


@cache
def _open_offerings(count: int) -> Select:
    """The first ``count`` offerings open for enrolment, the day and the moment bound when it
    runs: built once, as the sign-in's statement is (building it, with its loader options
    and its keys' subquery, and working out its cache key cost more than running it)."""
    return first_items_statement(
        catalogue_statement(CatalogueFilter(when="open"), bindparam("today"), bindparam("now")),
        count,
    )


def home_page(user, open_count: int, mine_count: int) -> Home:
    now = utcnow()
    today = now.astimezone(get_timezone()).date()
    home = Home()
    home.open_offerings = list(
        db.session.scalars(_open_offerings(open_count), {"today": today, "now": now})
    )
    home.reach = current_reach(now)
    if getattr(user, "is_authenticated", False):
        home.mine = home_summary(user.id, locale_code(), now, mine_count)
    return home

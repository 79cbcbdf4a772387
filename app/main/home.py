"""What the home page shows, read in a fixed number of statements."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.catalogue.queries import CatalogueFilter, catalogue_query
from app.core.babel import get_timezone, locale_code
from app.core.db import utcnow
from app.core.pagination import first_items
from app.enrolment.my_learning import home_summary
from app.main.reach import current_reach


@dataclass
class Home:
    open_offerings: list = field(default_factory=list)
    reach: object = None  # the kept counts, a row (reach.py)
    mine: object = None  # My learning of the signed-in official, or None


def home_page(user, open_count: int, mine_count: int) -> Home:
    now = utcnow()
    today = now.astimezone(get_timezone()).date()
    home = Home()
    statement, values = catalogue_query(CatalogueFilter(when="open"), today, now)
    home.open_offerings = first_items(statement, open_count, values)
    home.reach = current_reach(now)
    if getattr(user, "is_authenticated", False):
        home.mine = home_summary(user.id, locale_code(), now, mine_count)
    return home

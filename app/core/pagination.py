"""Pagination of select() statements: one COUNT and one page query, whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from app.extensions import db

MAX_PAGE = 100_000


@dataclass
class Page:
    items: list[Any]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def parse_page(raw: str | None) -> int:
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


def paginate(statement: Select, raw_page: str | None, per_page: int) -> Page:
    """A page of the statement's results (its first column, an entity) and their number."""
    number = parse_page(raw_page)
    total = (
        db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
        or 0
    )
    items = list(db.session.scalars(statement.limit(per_page).offset((number - 1) * per_page)))
    return Page(items=items, number=number, per_page=per_page, total=total)


def paginate_rows(statement: Select, raw_page: str | None, per_page: int) -> Page:
    """A page of whole rows and the number of results in one statement (a window count).

    The database sorts every result to find a page anyway; counting them on the way spares
    a second statement. Only a page past the end needs a separate count.
    """
    number = parse_page(raw_page)
    page = statement.add_columns(func.count().over().label("_total"))
    items = db.session.execute(page.limit(per_page).offset((number - 1) * per_page)).all()
    if items:
        total = items[0]._total
    else:
        counted = select(func.count()).select_from(statement.order_by(None).subquery())
        total = db.session.scalar(counted) or 0
    return Page(items=items, number=number, per_page=per_page, total=total)

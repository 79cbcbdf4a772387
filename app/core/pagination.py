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


def paginate(
    statement: Select,
    raw_page: str | None,
    per_page: int,
    rows: bool = False,
    counted: Select | None = None,
) -> Page:
    """A page of the statement's results: its first column (an entity), or whole rows.

    ``counted`` is a cheaper statement with the same number of results (without the joins
    that only add columns), when there is one.
    """
    number = parse_page(raw_page)
    counted = (counted if counted is not None else statement).order_by(None)
    total = db.session.scalar(select(func.count()).select_from(counted.subquery())) or 0
    page = statement.limit(per_page).offset((number - 1) * per_page)
    items = list(db.session.execute(page).all() if rows else db.session.scalars(page))
    return Page(items=items, number=number, per_page=per_page, total=total)

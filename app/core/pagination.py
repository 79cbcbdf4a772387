"""Pagination of select() statements: one or two statements per page, whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import ColumnProperty, QueryableAttribute
from sqlalchemy.sql.elements import BindParameter, ColumnElement

from app.core.reads import read, read_scalar
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


def _window(
    statement: Select, number: int, per_page: int, params: dict | None = None
) -> tuple[list, int]:
    """One page of rows and the number of all results, in one statement: the page, and the
    count as an uncorrelated subquery, which the database works out once. Only a page past
    the end needs a second statement.

    For a statement of one entity, the page's keys are found first and only the page's rows
    are read whole (by those keys): sorting 1,900 offerings with their titles and summaries
    took 8 ms on SQLite and 4 on PostgreSQL, sorting their keys 3 and 1.4. The count is apart
    from the sort: with a window count (``count(*) OVER ()``) the database has to sort every
    result in full, where ``LIMIT`` lets it keep only the best rows as it goes (the
    catalogue's first page of keys and count: 2.4 → 0.9 ms on SQLite, 1.3 → 1.1 ms on
    PostgreSQL, and 3.3 → 1.7 / 1.8 → 1.6 ms for its 51st page)."""
    values = {**(params or {}), "page_offset": (number - 1) * per_page}
    # A statement built once (its values bound: ``params``) keeps its page's statement too.
    page, of_objects = (
        _window_statement(statement, per_page)
        if params is None
        else _kept_window(statement, per_page)
    )
    rows = (db.session.execute if of_objects else read)(page, values).all()
    if rows:
        return rows, rows[0]._total
    if number == 1:
        return rows, 0
    return rows, _count(statement, params)


def _window_statement(statement: Select, per_page: int) -> tuple[Select, bool]:
    """The page of ``statement`` at the offset bound as ``page_offset``, with the count, and
    whether it reads mapped objects (else columns: ``core/reads.py``)."""
    entity = _entity(statement)
    # An entity's results are counted by their keys (never reading its deferred columns).
    counted = statement if entity is None else statement.with_only_columns(entity.id)
    total = (
        select(func.count())
        .select_from(counted.order_by(None).subquery())
        .scalar_subquery()
        .label("_total")
    )
    offset = bindparam("page_offset")
    if entity is None:
        return statement.add_columns(total).limit(per_page).offset(offset), _of_objects(statement)
    return _by_keys(statement, entity, per_page, offset).add_columns(total), True


# Page statements of statements built once, each built once too (building one, with its
# count and keys' subqueries, and working out its cache key cost about what running it did).
_kept_window = lru_cache(maxsize=256)(_window_statement)


def _by_keys(statement: Select, entity, limit: int, offset: int | BindParameter = 0) -> Select:
    """The statement's rows at ``offset``, at most ``limit``, found by their keys first: the
    database sorts the keys (from an index, when one holds every column the filters and
    order read) and reads only those rows whole."""
    keys = statement.with_only_columns(entity.id).limit(limit).offset(offset)
    return statement.where(entity.id.in_(keys.scalar_subquery()))


def first_items(statement: Select, count: int, params: dict | None = None) -> list[Any]:
    """The first ``count`` results of a statement of one entity, without a count, found by
    their keys (the home page's offerings open for enrolment: 5.0 -> 1.1 ms on PostgreSQL
    with the catalogue's index, where LIMIT alone read and sorted the 845 open offerings'
    whole rows). ``params`` as for ``paginate``: the values of a statement built once, whose
    first items' statement is then kept too."""
    first = _first_items_statement if params is None else _kept_first_items
    return list(db.session.scalars(first(statement, count), params))


def _first_items_statement(statement: Select, count: int) -> Select:
    entity = _entity(statement)
    if entity is None:
        raise ValueError("first_items reads a statement of one entity with an id")
    return _by_keys(statement, entity, count)


_kept_first_items = lru_cache(maxsize=32)(_first_items_statement)


def _of_objects(statement: Select) -> bool:
    """Whether the statement reads anything but columns (a mapped object, a bundle)."""
    return not all(_is_column(description["expr"]) for description in statement.column_descriptions)


def _is_column(expression) -> bool:
    if isinstance(expression, QueryableAttribute):
        return isinstance(expression.property, ColumnProperty)
    return isinstance(expression, ColumnElement)


def _entity(statement: Select):
    """The mapped class a statement selects alone (with an ``id`` key), else None."""
    descriptions = statement.column_descriptions
    if len(descriptions) != 1:
        return None
    entity = descriptions[0].get("entity")
    if entity is None or descriptions[0].get("expr") is not entity or not hasattr(entity, "id"):
        return None
    return entity


def _indexed_window(
    statement: Select, number: int, per_page: int, counted_by: Select | None = None
) -> tuple[list, int]:
    """For a statement whose order an index gives: the database can stop at the page, which a
    window count would prevent (it reads and joins every result first: 273 ms instead of 3
    for the first page of 81,701 certificates). So the page, then the count, only when the
    page does not tell it (full, or past the end). ``counted_by``: a statement that counts
    the same results more cheaply (without the joins that only add columns: SQLite keeps
    them in a count, and read 5,954 plans' authors and cities to count them, 15 ms)."""
    rows = db.session.execute(statement.limit(per_page).offset((number - 1) * per_page)).all()
    if rows and len(rows) < per_page:
        return rows, (number - 1) * per_page + len(rows)
    if not rows and number == 1:
        return rows, 0
    if counted_by is not None:
        return rows, read_scalar(counted_by)
    return rows, _count(statement)


def _count(statement: Select, params: dict | None = None) -> int:
    counted = select(func.count()).select_from(statement.order_by(None).subquery())
    return read_scalar(counted, params)


def paginate(
    statement: Select,
    raw_page: str | None,
    per_page: int,
    *,
    ordered_by_index: bool = False,
    counted_by: Select | None = None,
    params: dict | None = None,
) -> Page:
    """A page of the statement's results (its first column, an entity) and their number.

    ``ordered_by_index``: the statement's ORDER BY is an index's order and it filters little
    (long staff lists newest first): the page is read alone and counted apart, by
    ``counted_by`` when given (a count of the same results without the joins that only add
    columns)."""
    page = paginate_rows(
        statement,
        raw_page,
        per_page,
        ordered_by_index=ordered_by_index,
        counted_by=counted_by,
        params=params,
    )
    page.items = [row[0] for row in page.items]
    return page


def paginate_rows(
    statement: Select,
    raw_page: str | None,
    per_page: int,
    *,
    ordered_by_index: bool = False,
    counted_by: Select | None = None,
    params: dict | None = None,
) -> Page:
    """A page of whole rows (several columns) and their number; ``ordered_by_index`` and
    ``counted_by`` as for ``paginate``. ``params``: the values of a statement built once
    (its page's statement is then built once too)."""
    if counted_by is not None and not ordered_by_index:
        raise ValueError("counted_by is for lists read in an index's order")
    if params is not None and ordered_by_index:
        raise ValueError("params are for lists read with their count")
    number = parse_page(raw_page)
    if ordered_by_index:
        rows, total = _indexed_window(statement, number, per_page, counted_by)
    else:
        rows, total = _window(statement, number, per_page, params)
    return Page(items=rows, number=number, per_page=per_page, total=total)

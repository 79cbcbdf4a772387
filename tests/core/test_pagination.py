"""One statement per page: the page's rows carry the number of all results (a window count)."""

from __future__ import annotations

from sqlalchemy import select

from app.cities.models import City
from app.core.pagination import paginate, paginate_rows


def test_pages_and_totals_in_one_statement(db, create_city, count_queries):
    statement = select(City).where(City.names["en"].as_string().like("Paged %")).order_by(City.id)
    with count_queries() as statements:
        empty = paginate(statement, "1", 3)
    assert (empty.items, empty.total, len(statements)) == ([], 0, 1)

    cities = [create_city(names={"en": f"Paged {n}"}) for n in range(7)]
    with count_queries() as statements:
        last = paginate(statement, "3", 3)
    assert [c.id for c in last.items] == [cities[6].id]
    assert (last.total, last.pages, len(statements)) == (7, 3, 1)

    with count_queries() as statements:
        beyond = paginate(statement, "5", 3)
    assert (beyond.items, beyond.total, len(statements)) == ([], 7, 2)

    rows = paginate_rows(
        select(City.id, City.names["en"].as_string().label("name_en"))
        .where(City.names["en"].as_string().like("Paged %"))
        .order_by(City.id),
        "abc",  # not a number: the first page
        4,
    )
    assert [row.name_en for row in rows.items] == [f"Paged {n}" for n in range(4)]
    assert (rows.number, rows.total, rows.has_next) == (1, 7, True)

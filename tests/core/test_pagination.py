"""A page and the number of all results: one statement (a window count), or for a list an
index orders the page alone and a count only when the page does not tell it."""

from __future__ import annotations

import pytest
from sqlalchemy import bindparam, func, select

from app.cities.models import City
from app.core.pagination import first_items, paginate, paginate_rows


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


def test_a_statement_built_once_pages_with_the_values_of_each_call(db, create_city, count_queries):
    """``params``: the statement and its page's statement are built once; each call's values
    and page are bound when it runs, and nothing of an earlier call stays."""
    statement = (
        select(City)
        .where(City.names["en"].as_string().like(bindparam("pattern")))
        .order_by(City.id)
    )
    north = [create_city(names={"en": f"North {n}"}) for n in range(5)]
    south = [create_city(names={"en": f"South {n}"}) for n in range(2)]

    with count_queries() as statements:
        second = paginate(statement, "2", 3, params={"pattern": "North %"})
    assert [c.id for c in second.items] == [c.id for c in north[3:]]
    assert (second.total, second.pages, len(statements)) == (5, 2, 1)

    first = paginate(statement, "1", 3, params={"pattern": "South %"})
    assert [c.id for c in first.items] == [c.id for c in south]
    assert first.total == 2
    again = paginate(statement, "1", 3, params={"pattern": "North %"})
    assert [c.id for c in again.items] == [c.id for c in north[:3]]

    with count_queries() as statements:
        beyond = paginate(statement, "4", 3, params={"pattern": "South %"})
    assert (beyond.items, beyond.total, len(statements)) == ([], 2, 2)

    rows = paginate_rows(
        select(City.id).where(City.names["en"].as_string().like(bindparam("pattern"))),
        "1",
        10,
        params={"pattern": "South %"},
    )
    assert sorted(row.id for row in rows.items) == sorted(c.id for c in south)
    assert first_items(statement, 2, {"pattern": "South %"}) == south
    assert first_items(statement, 2, {"pattern": "North %"}) == north[:2]


def test_a_list_an_index_orders_reads_its_page_and_counts_only_when_needed(
    db, create_city, count_queries
):
    """``ordered_by_index``: no window count, which would read every result before the page;
    the page alone, and a count only when the page does not tell the total."""
    statement = select(City).where(City.names["en"].as_string().like("Indexed %")).order_by(City.id)
    cities = [create_city(names={"en": f"Indexed {n}"}) for n in range(7)]

    with count_queries() as statements:
        first = paginate(statement, "1", 3, ordered_by_index=True)
    assert [c.id for c in first.items] == [c.id for c in cities[:3]]
    assert (first.total, first.pages, len(statements)) == (7, 3, 2)  # full: counted apart
    assert not any("OVER" in s.upper() for s in statements)

    with count_queries() as statements:
        last = paginate(statement, "3", 3, ordered_by_index=True)
    assert [c.id for c in last.items] == [cities[6].id]
    assert (last.total, len(statements)) == (7, 1)  # a short page tells the total

    with count_queries() as statements:
        whole = paginate(statement, "1", 10, ordered_by_index=True)
    assert (len(whole.items), whole.total, whole.has_next, len(statements)) == (7, 7, False, 1)

    with count_queries() as statements:
        beyond = paginate(statement, "5", 3, ordered_by_index=True)
    assert (beyond.items, beyond.total, len(statements)) == ([], 7, 2)

    none = select(City).where(City.names["en"].as_string().like("Nothing %")).order_by(City.id)
    with count_queries() as statements:
        empty = paginate(none, "1", 3, ordered_by_index=True)
    assert (empty.items, empty.total, len(statements)) == ([], 0, 1)


def test_a_list_read_by_index_can_be_counted_by_a_cheaper_statement(db, create_city, count_queries):
    """``counted_by`` counts the same results without the joins that only add columns (SQLite
    keeps an outer join in a count); used only when the page does not tell the total."""
    cities = [create_city(names={"en": f"Counted {n}"}) for n in range(7)]
    named = City.names["en"].as_string().like("Counted %")
    statement = select(City, City.names["en"].as_string()).where(named).order_by(City.id)
    count = select(func.count()).select_from(City).where(named)

    with count_queries() as statements:
        first = paginate(statement, "1", 3, ordered_by_index=True, counted_by=count)
    assert [c.id for c in first.items] == [c.id for c in cities[:3]]
    assert (first.total, len(statements)) == (7, 2)
    assert statements[1].split("FROM")[1].split()[0] == "cities"  # the cheaper statement

    with count_queries() as statements:
        last = paginate_rows(statement, "3", 3, ordered_by_index=True, counted_by=count)
    assert (last.total, len(statements)) == (7, 1)

    with pytest.raises(ValueError, match="index"):
        paginate(statement, "1", 3, counted_by=count)


def test_the_first_items_are_found_by_their_keys_in_one_statement(db, create_city, count_queries):
    """``first_items``: the statement's first results in its own order, with no count; the
    keys are sorted in a subquery and only those rows read whole."""
    cities = [create_city(names={"en": f"First {n}"}) for n in range(5)]
    statement = (
        select(City).where(City.names["en"].as_string().like("First %")).order_by(City.id.desc())
    )
    with count_queries() as statements:
        items = first_items(statement, 3)
    assert [c.id for c in items] == [c.id for c in reversed(cities)][:3]
    assert len(statements) == 1
    assert statements[0].upper().count("LIMIT") == 1  # in the keys' subquery, not the rows'
    assert "count(" not in statements[0].lower()

    assert first_items(statement, 10) == list(reversed(cities))
    with pytest.raises(ValueError, match="one entity"):
        first_items(select(City.id, City.names), 3)

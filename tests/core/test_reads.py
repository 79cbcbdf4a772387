"""Reads of columns on the unit of work's connection (core/reads.py): they see what the
request has written, flushed or not, as the ORM's own reads do, and pages of columns are
read that way while pages of mapped objects keep the ORM."""

from __future__ import annotations

from sqlalchemy import func, select

from app.cities.models import City
from app.core.pagination import paginate, paginate_rows
from app.core.reads import read, read_scalar

NAMED_READ = select(func.count(City.id)).where(City.names["en"].as_string().like("Read %"))


def test_a_read_sees_what_is_not_yet_flushed(db, create_city):
    create_city(names={"en": "Read 1"})
    before = read_scalar(NAMED_READ)
    db.session.add(City(names={"en": "Read 2"}, country_code="TW"))  # pending, not flushed
    assert read_scalar(NAMED_READ) == before + 1
    with db.session.no_autoflush:  # where the ORM would not flush, neither does a read
        db.session.add(City(names={"en": "Read 3"}, country_code="KR"))
        assert read_scalar(NAMED_READ) == before + 1
    assert read_scalar(NAMED_READ) == before + 2


def test_a_read_is_in_the_unit_of_works_transaction(db, create_city):
    create_city(names={"en": "Read committed"})
    db.session.commit()
    db.session.add(City(names={"en": "Read undone"}, country_code="JP"))
    names = select(City.names["en"].as_string()).where(City.names["en"].as_string().like("Read %"))
    assert sorted(read(names).scalars()) == ["Read committed", "Read undone"]
    db.session.rollback()
    assert list(read(names).scalars()) == ["Read committed"]


def test_pages_of_columns_are_rows_and_pages_of_objects_objects(db, create_city):
    cities = [create_city(names={"en": f"Read page {n}"}) for n in range(3)]
    named = City.names["en"].as_string().like("Read page %")
    columns = paginate_rows(
        select(City.id, City.country_code).where(named).order_by(City.id), "1", 2
    )
    assert [(row.id, row.country_code) for row in columns.items] == [
        (c.id, c.country_code) for c in cities[:2]
    ]
    assert columns.total == 3
    objects = paginate(select(City).where(named).order_by(City.id), "2", 2)
    assert objects.items == [cities[2]]  # the session's own object, not a row of its columns
    mixed = paginate_rows(select(City, City.id.label("key")).where(named).order_by(City.id), "1", 2)
    assert [(row[0], row.key) for row in mixed.items] == [(c, c.id) for c in cities[:2]]

"""The periodic tick keeps SQLite's planner statistics (PostgreSQL's autovacuum keeps its own):
without them SQLite read every published offering's entry in the catalogue's covering index
to find the few a search had already found."""

from __future__ import annotations

from sqlalchemy import event

from app.catalogue.queries import CatalogueFilter, catalogue_statement
from app.core.pagination import paginate
from tests.catalogue.test_search import NOW, TODAY, _bulk_offerings


def search_plan(db, q: str) -> str:
    """SQLite's plan of a catalogue search's page statement (keys, page and count)."""
    sent = []

    def before(conn, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    engine = db.session.get_bind()
    event.listen(engine, "before_cursor_execute", before)
    try:
        paginate(catalogue_statement(CatalogueFilter(q=q), TODAY, NOW), "1", 20)
    finally:
        event.remove(engine, "before_cursor_execute", before)
    statement, parameters = sent[-1]
    rows = db.session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
    return "\n".join(str(row[-1]) for row in rows)


def test_the_tick_keeps_the_planners_statistics(app, db):
    _bulk_offerings(db, 20000)
    db.session.commit()
    sqlite = db.session.get_bind().dialect.name == "sqlite"
    if sqlite:
        # No statistics yet: the planner picks the covering index and reads it whole.
        assert "ix_offerings_listing (status=?)" in search_plan(db, "論壇 7")
    result = app.test_cli_runner().invoke(args=["jobs", "tick"])
    assert result.exit_code == 0, result.output
    if not sqlite:
        assert "Statistics kept by the database" in result.output
        return
    assert "Refreshed the database's statistics" in result.output
    db.session.rollback()  # a new transaction sees the statistics
    plan = search_plan(db, "論壇 7")
    assert "offering_search_fts" in plan
    assert "ix_offerings_listing (status=?)" not in plan, plan

"""The statistics the query planner chooses its indexes by, kept fresh on SQLite.

PostgreSQL's autovacuum keeps them (and the visibility map that index-only scans rely on).
SQLite keeps none until ANALYZE runs, and without them its planner guesses: with the
catalogue's covering index (ix_offerings_listing) it read all 20,000 published offerings'
entries to find the five a search had already found (5.0 ms; 0.2 ms once analysed). So the
periodic tick analyses SQLite, bounded (``analysis_limit``: a sample of each index, a few
milliseconds whatever the data size) as SQLite's documentation advises for long-lived
databases.
"""

from __future__ import annotations

from app.extensions import db

# Rows sampled per index: SQLite's own suggestion for a periodic ANALYZE is 100 to 1,000.
ANALYSIS_LIMIT = 1000


def refresh_statistics() -> str:
    """The periodic tick's share (``flask jobs tick``)."""
    if db.engine.dialect.name != "sqlite":
        return "Statistics kept by the database"
    with db.engine.connect() as connection:
        connection.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
    return "Refreshed the database's statistics"

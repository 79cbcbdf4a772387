"""The report pages in-process: median time and SQL statements per page.

    python bench/reports.py --database-url postgresql://postgres@127.0.0.1:5432/kcc_bench \\
        --fixtures bench/fixtures-postgresql.json [--rounds 5] [--only dashboard] [--explain]

Counts the dashboard's summary rows afresh (``flask reports refresh-figures``: ``scale-data``
inserts past the ORM), signs in the data set's member of staff (with its second factor), focal
point and official with Flask's test client (no HTTP, no gunicorn), renders each page of
``bench.run``'s report list once to warm up and then ``--rounds`` times, and prints the median
wall-clock and CPU milliseconds and the number of statements the page sent. With
``--explain`` (PostgreSQL), it also prints ``EXPLAIN (ANALYZE, BUFFERS)``'s total time of each
statement of the first rendering, slowest first. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from bench.run import (  # noqa: E402
    BENCH_ENV,
    dispose,
    in_process_clients,
    refresh_report_figures,
    report_pages,
)

REPORTS = ("reports dashboard", "offering report", "city report", "transcript")

# ``--add-evaluations``: scale-data makes no evaluation responses. Two thirds of the completed
# participants answer the default questions (ratings 1-5 spread by id); the response's id is
# the enrolment's, which only a benchmark may do (real ones are random and tell nobody who).
ADD_EVALUATIONS = (
    """INSERT INTO evaluation_responses (id, offering_id, submitted_at)
    SELECT e.id, e.offering_id, CURRENT_TIMESTAMP FROM enrolments e
    WHERE e.completion = 'completed' AND e.status = 'enrolled' AND e.id % 3 <> 0""",
    """INSERT INTO evaluation_answers (response_id, question_id, rating, text)
    SELECT r.id, q.id, CASE WHEN q.kind = 'rating' THEN 1 + (r.id * 7 + q.id * 3) % 5 END,
           CASE WHEN q.kind = 'text' THEN 'Scale comment' END
    FROM evaluation_responses r CROSS JOIN evaluation_questions q
    WHERE q.offering_id IS NULL AND q.active""",
)


def add_evaluations(database_url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.begin() as connection:
        if connection.scalar(text("SELECT COUNT(*) FROM evaluation_responses")):
            print("evaluation responses exist: none added")
        else:
            for statement in ADD_EVALUATIONS:
                rows = connection.execute(text(statement)).rowcount
                print(f"added {rows} rows: {statement.split('(')[0].strip()}")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", default="")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument(
        "--add-evaluations",
        action="store_true",
        help="first give the data set evaluation responses (when it has none)",
    )
    parser.add_argument(
        "--no-refresh",
        action="store_true",
        help="do not count the dashboard's summary rows afresh first (after scale-data: do)",
    )
    args = parser.parse_args()
    if args.add_evaluations:
        add_evaluations(args.database_url)
    if not args.no_refresh:
        refresh_report_figures({**os.environ, **BENCH_ENV, "DATABASE_URL": args.database_url})
    fixtures = json.loads(Path(args.fixtures).read_text())["fixtures"]
    people = {
        "official": fixtures["official_email"],
        "staff": fixtures["staff_email"],
        "focal_point": fixtures["focal_point_email"],
    }
    app, clients = in_process_clients(
        args.database_url,
        people,
        fixtures["password"],
        totp_secrets={"staff": fixtures["staff_totp_secret"]},
    )
    statements: list[tuple[str, object]] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    for name, (path, who) in report_pages(fixtures).items():
        if not name.startswith(REPORTS) or args.only.lower() not in name.lower():
            continue
        client = clients[who]
        statements.clear()
        event.listen(Engine, "before_cursor_execute", before)
        started = time.perf_counter()
        status = client.get(path, base_url="https://localhost").status_code
        first = (time.perf_counter() - started) * 1000
        event.remove(Engine, "before_cursor_execute", before)
        sent = list(statements)
        samples, cpu = [], []
        for _ in range(args.rounds):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path, base_url="https://localhost").get_data()
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        print(
            f"{name}: HTTP {status}, median {statistics.median(samples):.0f} ms "
            f"(CPU {statistics.median(cpu):.0f} ms, first {first:.0f} ms), "
            f"{len(sent)} statements  [{path}]"
        )
        if args.explain and args.database_url.startswith("postgresql"):
            explain(app, sent)
    dispose(app)


def explain(app, sent) -> None:
    """EXPLAIN ANALYZE of each SELECT the page sent (psycopg's %(name)s parameters)."""
    from app.extensions import db

    timings = []
    with app.app_context():
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            for statement, parameters in sent:
                if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                    continue
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", parameters)
                plan = [row[0] for row in cursor.fetchall()]
                total = float(plan[-1].split(":")[1].split()[0])
                timings.append((total, statement.split("FROM")[0][:90].replace("\n", " "), plan))
            raw.rollback()
        finally:
            raw.close()
    for total, head, _plan in sorted(timings, key=lambda t: -t[0]):
        print(f"    {total:9.1f} ms  {head}")


if __name__ == "__main__":
    main()

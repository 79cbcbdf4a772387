"""Every SQL statement a page sends, with its time, rendered in-process without the fragment cache.

    python bench/statements.py --database-url postgresql://postgres@127.0.0.1:5432/kcc_bench \\
        --fixtures bench/fixtures-postgresql.json [--only "offering detail"]

For each page of bench/run.py's in-process list: the statements of one rendering (after a
first one, so that nothing of the sign-in or the first connection is counted), each with the
time from sending it to the driver's answer (the database's work and the driver's, not
SQLAlchemy's), and the page's rendering time and Python call count (cProfile) beside them.
A page's statements are what the query-budget tests bound; their number and their times are
what to look at before the templates. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import bench_people, dispose, fixed_pages, in_process_clients  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    parser.add_argument("--width", type=int, default=160, help="characters of SQL shown")
    args = parser.parse_args()
    fixtures = json.loads(Path(args.fixtures).read_text())["fixtures"]
    people = bench_people(fixtures)
    app, clients = in_process_clients(
        args.database_url,
        people,
        fixtures["password"],
        cache_type="NullCache",
        totp_secrets={"staff": fixtures["staff_totp_secret"]},
    )
    from app.extensions import db

    with app.app_context():
        engine = db.engine
    sent: list[tuple[float, str]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_started"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn, cursor, statement, parameters, context, executemany):
        elapsed = (time.perf_counter() - conn.info.pop("bench_started")) * 1000
        sent.append((elapsed, " ".join(statement.split())))

    for name, (path, who) in fixed_pages(fixtures).items():
        if args.only.lower() not in name.lower():
            continue
        client = clients[who]
        client.get(path, base_url="https://localhost").get_data()
        sent.clear()
        started = time.perf_counter()
        client.get(path, base_url="https://localhost").get_data()
        wall = (time.perf_counter() - started) * 1000
        statements = list(sent)
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(path, base_url="https://localhost").get_data()
        profiler.disable()
        calls = pstats.Stats(profiler).total_calls
        in_sql = sum(ms for ms, _ in statements)
        print(
            f"## {name} ({path}): {len(statements)} statements, {in_sql:.2f} ms of "
            f"{wall:.2f} ms; {calls:,} Python calls"
        )
        for ms, sql in statements:
            print(f"{ms:7.3f} ms  {sql[: args.width]}")
        print()
    dispose(app)


if __name__ == "__main__":
    main()

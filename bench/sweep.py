"""Every page of the platform, timed: the slowest first.

    python bench/sweep.py --database-url sqlite:////tmp/kcc_bench.sqlite3 \\
        --fixtures bench/fixtures-sqlite.json [--top 40] [--rounds 5]

Renders every GET route in-process (every fragment afresh), with ids taken from the
benchmark data set (the fixtures' offering, session and city, and the first row of each other
table a route names), as the first of staff, instructor, focal point, official and the
public that may see it, and prints the median CPU time of ``--rounds`` renderings. Routes whose
arguments it cannot fill (tokens, file names) are left out and counted. Found the slow staff
lists, exports and focal-point pages of the README's "Long staff lists". Not part of the
test suite.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import bench_people, dispose, in_process_clients  # noqa: E402

ROLES = ("staff", "instructor", "focal_point", "official", None)

# A route argument → the first id of this table (those the fixtures do not name).
FIRST_OF = {
    "plan_id": "SELECT min(id) FROM action_plans WHERE is_published = {true}",
    "certificate_id": "SELECT min(id) FROM certificates",
    "material_id": "SELECT min(id) FROM materials",
    "mail_id": "SELECT min(id) FROM outbox_mails",
    "question_id": "SELECT min(id) FROM evaluation_questions",
    "serial": "SELECT serial FROM certificates ORDER BY id LIMIT 1",
}


def route_values(app, fixtures: dict) -> dict:
    from sqlalchemy import text

    from app.extensions import db

    offering = fixtures["roster_offering_id"]
    with app.app_context():
        true = "true" if db.engine.dialect.name == "postgresql" else "1"

        def first(statement: str, **parameters):
            return db.session.execute(text(statement.format(true=true)), parameters).scalar()

        values = {name: first(statement) for name, statement in FIRST_OF.items()}
        values |= {
            "offering_id": offering,
            "session_id": fixtures["roster_session_id"],
            "city_id": fixtures["city_id"],
            "user_id": first(
                "SELECT id FROM users WHERE email = :email", email=fixtures["official_email"]
            ),
            "enrolment_id": first(
                "SELECT min(id) FROM enrolments WHERE status = 'enrolled' "
                "AND offering_id = :offering",
                offering=offering,
            ),
        }
    return {name: value for name, value in values.items() if value is not None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--top", type=int, default=40)
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
    values = route_values(app, fixtures)
    timed, left_out = [], []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        if not set(rule.arguments) <= set(values):
            left_out.append(rule.rule)
            continue
        with app.test_request_context():
            path = app.url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})
        for who in ROLES:
            client = clients[who]
            if client.get(path, base_url="https://localhost").status_code != 200:
                continue
            times = []
            for _ in range(args.rounds):
                started = time.process_time()
                client.get(path, base_url="https://localhost").get_data()
                times.append((time.process_time() - started) * 1000)
            timed.append((statistics.median(times), path, who or "the public"))
            break
    for milliseconds, path, who in sorted(timed, reverse=True)[: args.top]:
        print(f"{milliseconds:9.2f} ms CPU  {who:12}  {path}")
    print(f"{len(timed)} pages timed; {len(left_out)} routes left out: {', '.join(left_out)}")
    dispose(app)


if __name__ == "__main__":
    main()

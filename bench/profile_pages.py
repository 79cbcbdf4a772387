"""Where a page's time goes, rendered in-process without the fragment cache.

    python bench/profile_pages.py --database-url postgresql://postgres@127.0.0.1:5432/kcc_bench \\
        --fixtures bench/fixtures-postgresql.json [--only catalogue] [--top 25]

Renders each page of bench/run.py's in-process list ``--rounds`` times under cProfile (every
fragment rendered afresh, as for the first reader after a change), timed by the process's CPU
clock (a PostgreSQL server's own work is in another process and not counted; SQLite's is),
and splits the time by the
package of the function it was spent in (each function's own time, so nothing is counted
twice): the database driver, SQLAlchemy Core (compiling, executing, reading results), the
ORM (building objects), Jinja (templates and their compiled code), gettext, Babel's
formatting, Flask/Werkzeug/WTForms, the platform's own code, and the rest. With ``--top``,
also the functions with the most cumulative time. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import dispose, fixed_pages, in_process_clients  # noqa: E402

# (group, what the file name or built-in's name contains), first match wins.
GROUPS = (
    ("SQL driver", ("psycopg", "sqlite3", "_sqlite3")),
    ("SQLAlchemy Core", ("sqlalchemy/engine", "sqlalchemy/sql", "sqlalchemy/pool", "dialects")),
    ("ORM", ("sqlalchemy/orm", "sqlalchemy/util", "sqlalchemy/event", "flask_sqlalchemy")),
    ("Jinja", ("jinja2", "<template>", ".html", "markupsafe")),
    ("gettext", ("gettext", "babel/support", "flask_babel", "speaklater")),
    ("Babel formatting", ("babel/", "zoneinfo", "pytz")),
    ("Flask, Werkzeug, WTForms", ("flask", "werkzeug", "wtforms", "itsdangerous", "blinker")),
    ("platform code", ("/app/",)),
)


def group_of(filename: str, function: str) -> str:
    where = f"{filename}:{function}"
    if filename == "~" and ("sqlite3" in function or "psycopg" in function):
        return "SQL driver"
    for name, needles in GROUPS:
        if any(needle in where for needle in needles):
            return name
    return "other (Python, standard library)"


def profile_page(client, path: str, rounds: int) -> tuple[float, dict[str, float], pstats.Stats]:
    for _ in range(3):  # warm: compiled templates, statement caches, translations
        client.get(path, base_url="https://localhost").get_data()
    # The process's CPU time, not the wall clock: on a shared machine another process's turn
    # on the CPU would otherwise be charged to whatever function was running.
    profiler = cProfile.Profile(timer=time.process_time)
    started = time.perf_counter()
    profiler.enable()
    for _ in range(rounds):
        client.get(path, base_url="https://localhost").get_data()
    profiler.disable()
    wall = (time.perf_counter() - started) * 1000 / rounds
    stats = pstats.Stats(profiler)
    groups: dict[str, float] = {}
    total = 0.0
    for (filename, _, function), (_, _, own, _, _) in stats.stats.items():
        group = group_of(filename, function)
        groups[group] = groups.get(group, 0.0) + own
        total += own
    shares = {name: round(100 * seconds / total, 1) for name, seconds in groups.items()}
    return wall, dict(sorted(shares.items(), key=lambda item: -item[1])), stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--only", default="")
    parser.add_argument("--top", type=int, default=0, help="print the N costliest functions")
    parser.add_argument("--sort", default="cumulative", help="cumulative or tottime (own time)")
    args = parser.parse_args()
    fixtures = json.loads(Path(args.fixtures).read_text())["fixtures"]
    people = {"official": fixtures["official_email"], "instructor": fixtures["instructor_email"]}
    app, clients = in_process_clients(
        args.database_url, people, fixtures["password"], cache_type="NullCache"
    )
    for name, (path, who) in fixed_pages(fixtures).items():
        if args.only.lower() not in name.lower():
            continue
        wall, shares, stats = profile_page(clients[who], path, args.rounds)
        print(f"## {name}: {wall:.1f} ms a page under the profiler ({path})")
        print(" · ".join(f"{group} {share}%" for group, share in shares.items()))
        if args.top:
            stats.sort_stats(args.sort).print_stats(args.top)
        print()
    dispose(app)


if __name__ == "__main__":
    main()

"""Instructions per page, counted by valgrind's callgrind: a figure that a busy or slower
machine does not change.

    python bench/instructions.py --database-url sqlite:////tmp/kcc_bench.sqlite3 \\
        --fixtures bench/fixtures-sqlite.json [--only "My learning"] [--rounds 5]
        [--path /about/contact@official]   # any address instead, as the public or someone
        [--cached]   # with the fragment cache (in-process memory), as a repeated address

The milliseconds of bench/run.py move by up to two times from one day to the next on a
shared machine; an instruction count is the same from run to run for the same code and data,
so a change to a page can be judged by it on any day. Run one count at a time per SQLite
file: another process's write locks make SQLite wait, and its waiting is counted.

Renders each page of bench/run.py's in-process list in this process under callgrind, every
fragment rendered afresh (NullCache), and counts only the ``--rounds`` renderings after three
warm ones: each page's renderings start and end with a call of ``operator.call`` (a C
function nothing else in the platform calls), and callgrind writes a profile when that
function is entered (``--dump-before``), so every second profile holds one page's
renderings. The child runs with a fixed hash seed: with Python's random one, sets and dicts
are laid out differently in each run and the counts move. Counts this process's instructions
in user space only: on PostgreSQL the server's work and the kernel's (the loopback socket)
are not in the figure; on SQLite the engine's are. Under callgrind a page runs about 50
times slower: a page takes seconds, starting the platform about a minute, the whole list
5-8 minutes. Needs valgrind (``apt-get install valgrind``). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import gc
import json
import operator
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import bench_people, dispose, fixed_pages, in_process_clients  # noqa: E402

TOGGLE = "_operator_call"  # CPython's C function behind operator.call
TOTALS = re.compile(r"^(?:totals|summary):\s*(\d+)", re.MULTILINE)


def selected_pages(fixtures: dict, only: str, paths: list[str] | None = None) -> dict:
    """bench/run.py's pages whose name holds ``only``; or, with ``paths``, those addresses,
    each as ``/path`` (the public) or ``/path@who`` (official, instructor, staff...)."""
    if paths:
        return {
            path: (path.split("@")[0], path.split("@")[1] if "@" in path else None)
            for path in paths
        }
    return {
        name: page for name, page in fixed_pages(fixtures).items() if only.lower() in name.lower()
    }


def _mark() -> None:
    """Called through operator.call where callgrind is to write a profile."""


def render_pages(args) -> None:
    """Under callgrind: render each page, its renderings between two operator.call marks."""
    fixtures = json.loads(Path(args.fixtures).read_text())["fixtures"]
    people = bench_people(fixtures)
    # No outbox sweep: callgrind counts every thread, and the sweep's thread wakes every 30 s
    # of the clock, so how many sweeps fell into a page's count depended on how fast the
    # machine ran (My learning: 26.5 million alone, 28.4 beside a test run).
    os.environ["MAIL_SWEEP_SECONDS"] = "0"
    app, clients = in_process_clients(
        args.database_url,
        people,
        fixtures["password"],
        cache_type="SimpleCache" if args.cached else "NullCache",
        totp_secrets={"staff": fixtures["staff_totp_secret"]},
    )
    # The home page's reach is counted again by the first reader after ten minutes, in a job
    # that runs beside the next renderings (app/main/reach.py): counted now, it stays fresh
    # for the whole list and lands in no page's count (the home page read 8.40 and 9.15
    # million instructions in two counts of the same code before this).
    with app.app_context():
        from app.main.reach import recount_reach

        recount_reach()
    for name, (path, who) in selected_pages(fixtures, args.only, args.path).items():
        client = clients[who]

        def render(client=client, path=path, name=name) -> None:
            response = client.get(path, base_url="https://localhost")
            response.get_data()
            if response.status_code != 200:
                raise SystemExit(f"{name}: {path} answered {response.status_code}")

        for _ in range(3):  # compiled templates, statement caches, translations
            render()
        gc.collect()  # a full collection left pending would land in one page's count
        operator.call(_mark)  # a profile of everything before ends here
        for _ in range(args.rounds):
            render()
        operator.call(_mark)  # and of these renderings here
    dispose(app)


def count(args) -> dict[str, float]:
    """Run this script under callgrind; millions of instructions per rendering, by page."""
    fixtures = json.loads(Path(args.fixtures).read_text())["fixtures"]
    names = list(selected_pages(fixtures, args.only, args.path))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            f"--dump-before={TOGGLE}",
            f"--callgrind-out-file={out}",
            sys.executable,
            __file__,
            "--child",
            "--database-url",
            args.database_url,
            "--fixtures",
            args.fixtures,
            "--only",
            args.only,
            *(f"--path={path}" for path in args.path or ()),
            *(["--cached"] if args.cached else []),
            "--rounds",
            str(args.rounds),
        ]
        environment = {**os.environ, "PYTHONHASHSEED": "0"}
        subprocess.run(command, check=True, capture_output=True, env=environment)  # noqa: S603
        # One file per dump, numbered in order (out.1, out.2, ...): before the first page's
        # renderings, the renderings, before the next page's, ...; then the final one.
        dumps = sorted(
            (p for p in Path(folder).glob("callgrind.out.*") if p.suffix[1:].isdigit()),
            key=lambda p: int(p.suffix[1:]),
        )
        totals = [int(TOTALS.search(p.read_text()).group(1)) for p in dumps[1::2]]
    if len(totals) != len(names):
        raise SystemExit(f"expected {len(names)} profiles, callgrind wrote {len(totals)}")
    return {
        name: round(total / args.rounds / 1e6, 2) for name, total in zip(names, totals, strict=True)
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", default="")
    parser.add_argument(
        "--path", action="append", help="an address to count, /path or /path@who (repeatable)"
    )
    parser.add_argument(
        "--cached",
        action="store_true",
        help="keep the fragment cache (in the process's memory): a page served from it",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        render_pages(args)
        return
    cache = "fragment cache in memory" if args.cached else "no cache"
    print(f"| page | million instructions per rendering, {cache} |")
    print("|---|---|")
    for name, millions in count(args).items():
        print(f"| {name} | {millions} |")


if __name__ == "__main__":
    main()

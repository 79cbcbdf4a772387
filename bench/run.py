"""Measure every main page against Flask's own ceiling, on this machine, in one run.

    python bench/run.py \
        --database-url postgresql://postgres@127.0.0.1:5432/kcc_bench \
        --fixtures bench/fixtures-postgresql.json \
        --database-url sqlite:////tmp/kcc_bench.db --fixtures bench/fixtures-sqlite.json

For each database in turn: starts the platform and the baseline (bench/baseline.py) under
gunicorn with 2 sync workers on loopback, signs in over HTTP every benchmark account (the
official, the instructor, the readers and the writers of the data set), waits for idle CPUs
before each measurement, and runs wrk per page with bench/varied.lua: every request draws
another address from the data set (catalogue pages × filters, searches over 50 terms in five
scripts, every published offering, 60 officials, 47 rosters). The catalogue is measured once
more while ``EnrolmentWriter`` posts enrolments at 10 a second. Reports requests/s, p50,
p99, errors, the ratio to the baseline, the fragment cache's hit rate (counted from the
X-Fragment-Cache header the platform adds under KCC_BENCH=1), plus in-process medians with
Flask's test client, with the fragment cache and without it. Writes Markdown and JSON to
bench/results/. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import UTC, datetime
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# CPU accounting from /proc ----------------------------------------------------------------


def cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def process_jiffies(pids: set[int]) -> int:
    total = 0
    for pid in pids:
        try:
            parts = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(parts[11]) + int(parts[12])  # utime + stime
        except (FileNotFoundError, IndexError, ProcessLookupError):
            continue
    return total


def tree(pid: int) -> set[int]:
    """A process and its descendants."""
    found = {pid}
    for child in Path("/proc").iterdir():
        if child.name.isdigit():
            try:
                ppid = int(
                    Path(f"/proc/{child.name}/stat").read_text().rsplit(")", 1)[1].split()[1]
                )
            except (FileNotFoundError, IndexError):
                continue
            if ppid in found:
                found |= tree(int(child.name))
    return found


def database_pids() -> set[int]:
    pids = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                name = Path(f"/proc/{entry.name}/comm").read_text().strip()
            except FileNotFoundError:
                continue
            if name.startswith(("postgres", "postmaster")):
                pids.add(int(entry.name))
    return pids


def wait_for_idle(threshold: float = 0.10, longest: float = 60.0) -> float:
    """Wait until the machine's CPUs are at most ``threshold`` busy over a second."""
    deadline = time.monotonic() + longest
    while True:
        busy0, total0 = cpu_times()
        time.sleep(1)
        busy1, total1 = cpu_times()
        load = (busy1 - busy0) / max(1, total1 - total0)
        if load <= threshold or time.monotonic() > deadline:
            return load


# Servers and sessions -----------------------------------------------------------------------


def start_gunicorn(module: str, port: int, env: dict) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "--workers",
        "2",
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "--log-level",
        "warning",
        module,
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz" if module == "wsgi:app" else "/")
            connection.getresponse().read()
            connection.close()
            return process
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{module} did not start")


def _request(port: int, cookies: dict, method: str, path: str, form: dict | None = None):
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    body = None
    if form:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode()
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key] = rest.split(";", 1)[0]
    connection.close()
    return response.status, text


CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def sign_in(
    port: int, email: str, password: str, form_page: str = "", totp_secret: str | None = None
) -> tuple[str, str]:
    """Sign in over HTTP (with the second factor when ``totp_secret`` is given); returns the
    Cookie header value of the signed-in session and, when ``form_page`` is given, a CSRF token
    of that session read from that page."""
    cookies: dict[str, str] = {}
    _, html = _request(port, cookies, "GET", "/login")
    token = CSRF.search(html).group(1)
    status, _ = _request(
        port,
        cookies,
        "POST",
        "/login",
        {"csrf_token": token, "email": email, "password": password},
    )
    if status != 302:
        raise SystemExit(f"could not sign in as {email}")
    if totp_secret:  # staff: the second factor, with the data set's secret
        _second_factor(
            totp_secret,
            email,
            lambda method, path, form=None: _request(port, cookies, method, path, form),
        )
    token = ""
    if form_page:
        _, html = _request(port, cookies, "GET", form_page)
        token = CSRF.search(html).group(1)
    return "; ".join(f"{k}={v}" for k, v in cookies.items()), token


# wrk -----------------------------------------------------------------------------------------


def _second_factor(secret: str, email: str, request) -> None:
    """Answer the second-factor page; a code is accepted once, so a second sign-in in the same
    30 s waits for the next one."""
    import pyotp

    for _ in range(4):
        _, html = request("GET", "/login/second-factor")
        form = {"csrf_token": CSRF.search(html).group(1), "code": pyotp.TOTP(secret).now()}
        status, _ = request("POST", "/login/second-factor", form)
        if status == 302:
            return
        time.sleep(10)
    raise SystemExit(f"second factor refused for {email}")


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk_command(url: str, seconds: int, connections: int, script: str, *script_args) -> list:
    threads = min(2, connections)
    # A response slower than wrk's default 2 s would be dropped, not counted in the latency.
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
    command.append("--latency")
    if script:
        command += ["-s", str(ROOT / "bench" / script)]
    command.append(url)
    if script_args:
        command += ["--", *map(str, script_args)]
    return command


def parse_wrk(output: str) -> dict:
    requests = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.M))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(x) for x in socket_errors.groups()) if socket_errors else 0
    )
    fragments = re.search(r"FRAGMENTS hits=(\d+) misses=(\d+)", output)
    hits, misses = (int(fragments.group(1)), int(fragments.group(2))) if fragments else (0, 0)
    return {
        "rps": requests,
        "p50_ms": to_ms(latency["50"]),
        "p99_ms": to_ms(latency["99"]),
        "errors": errors,
        "fragment_hits": hits,
        "fragment_misses": misses,
    }


class EnrolmentWriter(threading.Thread):
    """Enrolments posted while a page is measured: ``rate`` a second, each a random writer
    (their session cookie and CSRF token) enrolling in a random open offering.

    Each post opens its connection when its request is ready and sends it whole, as a
    browser behind the production proxy (nginx buffers a request before gunicorn sees it)
    does. A wrk script with ``delay()`` cannot: wrk connects at once and waits before
    writing, and a sync worker that has accepted the connection waits with it, so 2 writer
    connections held both workers idle most of the time (the catalogue measured 82 req/s
    while the workers were busy 8 of its 20 worker-seconds)."""

    def __init__(self, port: int, writers: list[tuple[str, str]], offerings: list[int], rate=10):
        super().__init__(daemon=True)
        self.port, self.writers, self.offerings = port, writers, offerings
        self.interval = 1 / rate
        self.stopping = threading.Event()
        self.posted = self.errors = 0
        self.seconds = 0.0

    def run(self) -> None:
        chooser = random.Random()  # noqa: S311 (seeded afresh: a repeated pair changes nothing)
        started = time.monotonic()
        due = started
        while not self.stopping.is_set():
            cookie, token = chooser.choice(self.writers)
            offering = chooser.choice(self.offerings)
            try:
                connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
                connection.request(
                    "POST",
                    f"/offerings/{offering}/enrol",
                    body=urllib.parse.urlencode({"csrf_token": token}),
                    headers={
                        "Cookie": cookie,
                        "Content-Type": "application/x-www-form-urlencoded",
                    },
                )
                status = connection.getresponse().status
                connection.close()
                self.errors += status >= 400
            except OSError:
                self.errors += 1
            self.posted += 1
            due += self.interval
            self.stopping.wait(max(0.0, due - time.monotonic()))
        self.seconds = time.monotonic() - started

    def stop(self) -> dict:
        self.stopping.set()
        self.join()
        return {
            "writes_per_s": round(self.posted / max(self.seconds, 1e-9), 1),
            "write_errors": self.errors,
        }


def run_wrk(command: list, watch: set[int], writer: EnrolmentWriter | None = None) -> dict:
    """One wrk run; with ``writer``, the enrolments are posted meanwhile."""
    busy0, total0 = cpu_times()
    ours0 = process_jiffies(watch | database_pids())
    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if writer:
        writer.start()
        time.sleep(1)  # the writes are under way before the measurement starts
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603
    output, _ = process.communicate()
    written = writer.stop() if writer else None
    children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy1, total1 = cpu_times()
    ours1 = process_jiffies(watch | database_pids())
    # wrk is part of the measurement, not another process: its own CPU time (it has ended and
    # been waited for, so it shows in RUSAGE_CHILDREN) is left out of "others".
    wrk_seconds = (children1.ru_utime - children0.ru_utime) + (
        children1.ru_stime - children0.ru_stime
    )
    wrk = wrk_seconds * os.sysconf("SC_CLK_TCK")
    others = max(0, (busy1 - busy0) - (ours1 - ours0) - wrk) / max(1, total1 - total0)
    result = parse_wrk(output)
    result["others_cpu"] = round(others, 3)
    result["wrk_output"] = output
    if written:
        result.update(written)
    return result


# The platform's settings in the benchmark (production, on loopback, without HTTPS).
BENCH_ENV = {
    "KCC_ENV": "production",
    "SECRET_KEY": "bench-" + "x" * 40,
    "MAIL_SERVER": "127.0.0.1",
    "FORCE_HTTPS": "0",
    "TRUSTED_HOSTS": "localhost,127.0.0.1",
}


def in_process_clients(
    database_url: str,
    people: dict,
    password: str,
    cache_type: str = "",
    totp_secrets: dict | None = None,
):
    """The platform in this process, and a test client per person (``people``: who → email;
    ``None`` is the anonymous reader). ``cache_type`` "NullCache" renders every cached
    fragment afresh: what the first reader after a change waits for."""
    os.environ.update({**BENCH_ENV, "DATABASE_URL": database_url})
    sys.path.insert(0, str(ROOT))
    from app import create_app
    from config import ProductionConfig

    class Measured(ProductionConfig):
        SQLALCHEMY_DATABASE_URI = database_url  # the class was read with the first one
        CACHE_TYPE = cache_type
        FRAGMENT_CACHE_HEADER = False

    app = create_app(Measured)
    clients = {None: app.test_client()}
    for who, email in people.items():
        client = app.test_client()
        html = client.get("/login", base_url="https://localhost").get_data(as_text=True)
        token = CSRF.search(html)
        # Over HTTPS, Flask-WTF checks the Referer, as a browser sends it.
        response = client.post(
            "/login",
            base_url="https://localhost",
            headers={"Referer": "https://localhost/login"},
            data={"csrf_token": token.group(1), "email": email, "password": password},
        )
        if response.status_code != 302:
            raise SystemExit(f"in-process sign-in failed for {email}")
        if (totp_secrets or {}).get(who):

            def request(method, path, form=None, client=client):
                response = client.open(
                    path,
                    method=method,
                    base_url="https://localhost",
                    headers={"Referer": f"https://localhost{path}"},
                    data=form,
                )
                return response.status_code, response.get_data(as_text=True)

            _second_factor(totp_secrets[who], email, request)
        clients[who] = client
    return app, clients


def dispose(app) -> None:
    with app.app_context():
        from app.extensions import db

        db.engine.dispose()


def in_process_median(
    database_url: str,
    pages: dict,
    people: dict,
    password: str,
    rounds: int,
    cache_type: str = "",
    totp_secrets: dict | None = None,
) -> dict:
    """Median milliseconds per page with Flask's test client (no HTTP, no gunicorn).

    ``pages`` maps a name to (path, who) where who is None or a key of ``people``.
    """
    app, clients = in_process_clients(database_url, people, password, cache_type, totp_secrets)
    medians = {}
    for name, (path, who) in pages.items():
        clients[who].get(path, base_url="https://localhost").get_data()  # warm
        samples, cpu = [], []
        for _ in range(rounds):
            started, started_cpu = time.perf_counter(), time.process_time()
            clients[who].get(path, base_url="https://localhost").get_data()
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        # The wall clock, and this process's CPU time (what other processes on a shared
        # machine do not lengthen; a PostgreSQL server's work is not in it, SQLite's is).
        medians[name] = {
            "wall": round(statistics.median(samples), 2),
            "cpu": round(statistics.median(cpu), 2),
        }
    dispose(app)
    return medians


def bench_people(fixtures: dict) -> dict:
    """The benchmark's signed-in people (who → email), as the in-process pages name them."""
    return {
        who: fixtures[f"{who}_email"] for who in ("official", "instructor", "staff", "focal_point")
    }


def fixed_pages(fixtures: dict) -> dict:
    """One address per page, for the in-process medians and bench/profile_pages.py."""
    o, s, r = fixtures["offering_id"], fixtures["symposium_id"], fixtures["roster_offering_id"]
    return {
        "home page": ("/", None),
        "home page (an official)": ("/", "official"),
        "catalogue": ("/offerings", None),
        "search (Chinese)": ("/offerings?q=" + urllib.parse.quote("韌性"), None),
        "search (Korean)": ("/offerings?q=" + urllib.parse.quote("회복력"), None),
        "catalogue, 3 filters": ("/offerings?kind=course&topic=energy&format=online", None),
        "offering detail": (f"/offerings/{o}", None),
        "symposium programme": (f"/offerings/{s}/programme", None),
        "My learning (30 enrolments)": ("/my", "official"),
        "roster (300 participants, page of 50)": (f"/manage/offerings/{r}/roster", "instructor"),
        "records view (300 participants)": (f"/manage/offerings/{r}/records", "instructor"),
        "action-plan library (a topic)": ("/action-plans?topic=energy", None),
        **report_pages(fixtures),
    }


def report_pages(fixtures: dict) -> dict:
    """Pages of the records and reports domains, one address each (they use no fragment
    cache, so a repeated address costs what a new one does)."""
    city, report = fixtures["city_id"], fixtures["report_offering_id"]
    return {
        "attendance sheet (300 participants)": (
            f"/manage/sessions/{fixtures['roster_session_id']}/attendance",
            "instructor",
        ),
        "reports dashboard (all)": ("/staff/reports", "staff"),
        "reports dashboard (Korea, all years)": ("/staff/reports?country=KR", "staff"),
        "reports dashboard (Korea, a topic, a year)": (
            "/staff/reports?country=KR&topic=resilience&date_from=2026-01-01&date_to=2026-12-31",
            "staff",
        ),
        "offering report": (f"/staff/reports/offerings/{report}", "staff"),
        "city report (focal point)": (f"/reports/cities/{city}", "focal_point"),
        "transcript": ("/my/transcript", "official"),
    }


# Addresses -----------------------------------------------------------------------------------

KINDS = ("", "course", "symposium", "workshop")
TOPICS = (
    "",
    "low_carbon",
    "resilience",
    "biodiversity",
    "environmental_education",
    "policy",
    "urban_planning",
    "energy",
    "circular_economy",
    "nature_based",
    "water",
)
FORMATS = ("", "online", "in_person", "hybrid")
WHEN = ("", "upcoming", "past", "open")


def catalogue_addresses(published: int) -> list[str]:
    """Every page of the unfiltered list in its three orders, and the first two pages of
    every combination of kind × topic × format × when: 1,408 filtered + ~480 plain."""
    addresses = []
    last_page = max(1, -(-published // 12))
    for sort in ("start", "start_desc", "newest"):
        addresses += [f"/offerings?sort={sort}&page={n}" for n in range(1, last_page + 1)]
    for kind in KINDS:
        for topic in TOPICS:
            for form in FORMATS:
                for when in WHEN:
                    query = {"kind": kind, "topic": topic, "format": form, "when": when}
                    query = {k: v for k, v in query.items() if v}
                    for page in (1, 2):
                        query["page"] = str(page)
                        addresses.append("/offerings?" + urllib.parse.urlencode(query))
    return addresses


def search_terms() -> list[str]:
    """The 50 title words of the data set: ten each in English, Traditional Chinese, Korean,
    Japanese and Simplified Chinese."""
    from app.demo.scale_data import TITLE_WORDS

    return [word for words in TITLE_WORDS.values() for word in words]


def search_addresses() -> list[str]:
    addresses = []
    for term in search_terms():
        for kind in KINDS:
            query = {"q": term, "kind": kind} if kind else {"q": term}
            addresses.append("/offerings?" + urllib.parse.urlencode(query))
    return addresses


def open_offerings(database_url: str) -> list[int]:
    """Published offerings that have not ended: where the writers can enrol."""
    from sqlalchemy import text

    from bench.baseline import engine_for

    engine = engine_for(database_url)
    with engine.connect() as connection:
        ids = connection.scalars(
            text(
                "SELECT id FROM offerings WHERE status = 'published' AND ends_on >= :today "
                "AND enrolment_mode = 'open' ORDER BY id"
            ),
            {"today": datetime.now(UTC).date()},
        ).all()
    engine.dispose()
    return list(ids)


def write_lines(folder: Path, name: str, lines: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n")
    return path


# One database --------------------------------------------------------------------------------


def refresh_report_figures(env: dict) -> None:
    """The dashboard's summary rows (app/reports/models.py) are kept by the ORM's flush;
    ``flask scale-data`` inserts in bulk, past it, so they are counted afresh here (a few
    seconds; the same rows whenever nothing changed)."""
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "reports", "refresh-figures"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def measure_database(args, database_url: str, fixtures_path: str, folder: Path) -> dict:
    fixtures = json.loads(Path(fixtures_path).read_text())["fixtures"]
    env = {
        **os.environ,
        **BENCH_ENV,
        "DATABASE_URL": database_url,
        "KCC_BENCH": "1",
        "BENCH_DATABASE_URL": database_url,
        "REDIS_URL": args.redis_url,
    }
    from bench.baseline import engine_for, ensure_data

    engine = engine_for(database_url)
    ensure_data(engine)
    engine.dispose()
    refresh_report_figures(env)
    writable = open_offerings(database_url)
    app_port, base_port = free_port(), free_port()
    platform = start_gunicorn("wsgi:app", app_port, env)
    baseline = start_gunicorn("bench.baseline:app", base_port, env)
    password = fixtures["password"]
    try:
        official, _ = sign_in(app_port, fixtures["official_email"], password)
        instructor, _ = sign_in(app_port, fixtures["instructor_email"], password)
        staff, _ = sign_in(
            app_port, fixtures["staff_email"], password, totp_secret=fixtures["staff_totp_secret"]
        )
        focal, _ = sign_in(app_port, fixtures["focal_point_email"], password)
        cookie_of = {"official": official, "instructor": instructor, "staff": staff}
        cookie_of["focal_point"] = focal
        readers = [sign_in(app_port, email, password)[0] for email in fixtures["reader_emails"]]
        readers.append(official)
        writers = [
            sign_in(app_port, email, password, f"/offerings/{writable[0]}")
            for email in fixtures["writer_emails"]
        ]
        published = fixtures["published_ids"]
        rosters = fixtures["roster_offering_ids"]
        catalogue = catalogue_addresses(len(published))
        files = {
            "one": write_lines(folder, "one.tsv", ["/offerings"]),
            "home": write_lines(folder, "home.tsv", ["/"] + [f"/\t{c}" for c in readers]),
            "catalogue": write_lines(folder, "catalogue.tsv", catalogue),
            "search": write_lines(folder, "search.tsv", search_addresses()),
            "detail": write_lines(folder, "detail.tsv", [f"/offerings/{i}" for i in published]),
            "programme": write_lines(
                folder, "programme.tsv", [f"/offerings/{i}/programme" for i in published]
            ),
            "my": write_lines(folder, "my.tsv", [f"/my\t{cookie}" for cookie in readers]),
            "roster": write_lines(
                folder,
                "roster.tsv",
                [
                    f"/manage/offerings/{i}/roster?page={n}\t{instructor}"
                    for i in rosters
                    for n in range(1, 6)
                ],
            ),
            "records": write_lines(
                folder,
                "records.tsv",
                [f"/manage/offerings/{i}/records\t{instructor}" for i in rosters],
            ),
            "ics": write_lines(
                folder, "ics.tsv", [f"/offerings/{i}/calendar.ics" for i in published]
            ),
            "library": write_lines(
                folder, "library.tsv", [f"/action-plans?topic={t}" for t in TOPICS]
            ),
        }
        for n, (path, who) in enumerate(report_pages(fixtures).values()):
            files[f"report{n}"] = write_lines(
                folder, f"report{n}.tsv", [f"{path}\t{cookie_of[who]}"]
            )
        # name: (address file, how many addresses, with the enrolment writer)
        pages = {
            f"home page, the public and {len(readers)} officials": (
                "home",
                1 + len(readers),
                False,
            ),
            "catalogue, one repeated address": ("one", 1, False),
            "catalogue, pages × filters": ("catalogue", len(catalogue), False),
            "catalogue, pages × filters, enrolments at 10/s": ("catalogue", len(catalogue), True),
            "search, 50 terms in 5 scripts × kind": ("search", 200, False),
            "offering detail, every published id": ("detail", len(published), False),
            "programme, every published id": ("programme", len(published), False),
            f"My learning, {len(readers)} officials (30 enrolments)": ("my", len(readers), False),
            f"roster, {len(rosters)} offerings × 5 pages": ("roster", 5 * len(rosters), False),
            f"records view, {len(rosters)} offerings": ("records", len(rosters), False),
            "offering .ics, every published id": ("ics", len(published), False),
            "action-plan library, 11 topics": ("library", len(TOPICS), False),
            **{name: (f"report{n}", 1, False) for n, name in enumerate(report_pages(fixtures))},
        }
        pages = {n: p for n, p in pages.items() if args.only.lower() in n.lower()}
        watch = tree(platform.pid) | tree(baseline.pid)
        baseline_runs = []
        for _ in range(args.repeat):
            idle = wait_for_idle(longest=args.idle_wait)
            command = wrk_command(
                f"http://127.0.0.1:{base_port}/", args.seconds, args.connections, ""
            )
            result = run_wrk(command, watch)
            result["idle_before"] = round(idle, 3)
            baseline_runs.append(result)
        rows = []
        for name, (key, count, with_writer) in pages.items():
            command = wrk_command(
                f"http://127.0.0.1:{app_port}",
                args.seconds,
                args.connections,
                "varied.lua",
                files[key],
            )
            runs = []
            for attempt in range(args.repeat):
                idle = wait_for_idle(longest=args.idle_wait)
                writer = EnrolmentWriter(app_port, writers, writable) if with_writer else None
                result = run_wrk(command, watch, writer)
                result["idle_before"] = round(idle, 3)
                result["ratio"] = round(result["rps"] / baseline_runs[attempt]["rps"], 3)
                runs.append(result)
            rows.append({"page": name, "addresses": count, "runs": runs})
    finally:
        for process in (platform, baseline):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    fixed = fixed_pages(fixtures)
    people = bench_people(fixtures)
    secrets = {"staff": fixtures["staff_totp_secret"]}
    medians = in_process_median(
        database_url, fixed, people, password, rounds=args.rounds, totp_secrets=secrets
    )
    uncached = in_process_median(
        database_url,
        fixed,
        people,
        password,
        rounds=args.rounds,
        cache_type="NullCache",
        totp_secrets=secrets,
    )
    return {
        "database": database_url.split("://")[0].split("+")[0],
        "baseline": baseline_runs,
        "pages": rows,
        "in_process_median_ms": medians,
        "in_process_median_ms_without_fragment_cache": uncached,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", action="append", required=True)
    parser.add_argument(
        "--fixtures",
        action="append",
        required=True,
        help="the JSON written by flask scale-data, once per --database-url, in that order",
    )
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=30, help="in-process renderings per page")
    parser.add_argument(
        "--idle-wait", type=float, default=30.0, help="longest wait for idle CPUs, seconds"
    )
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/13",
        help="the fragment cache the workers share, as in production ('' = each worker's memory)",
    )
    parser.add_argument("--label", default="")
    parser.add_argument(
        "--only", default="", help="measure only the pages whose name contains this text"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    if len(args.database_url) != len(args.fixtures):
        raise SystemExit("one --fixtures per --database-url")
    sys.path.insert(0, str(ROOT))
    os.environ.update(BENCH_ENV)  # before anything imports config.py, which reads them once
    started = datetime.now(UTC)
    load = os.getloadavg()
    databases = []
    for database_url, fixtures in zip(args.database_url, args.fixtures, strict=True):
        folder = RESULTS / "addresses"
        folder.mkdir(parents=True, exist_ok=True)
        databases.append(measure_database(args, database_url, fixtures, folder))
    report = {
        "when": started.isoformat(timespec="seconds"),
        "load_average_at_start": [round(x, 2) for x in load],
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "label": args.label,
        "connections": args.connections,
        "seconds": args.seconds,
        "databases": databases,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    names = "-".join(d["database"] for d in databases)
    stem = f"bench-{names}-{started:%Y%m%d-%H%M%S}"
    (RESULTS / f"{stem}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    markdown = to_markdown(report)
    (RESULTS / f"{stem}.md").write_text(markdown)
    print(markdown)


def _hit_rate(run: dict) -> str:
    total = run["fragment_hits"] + run["fragment_misses"]
    return f"{run['fragment_hits'] / total:.0%}" if total else "–"


def to_markdown(report: dict) -> str:
    lines = [
        f"### {report['when']} · wrk {report['connections']} connections × "
        f"{report['seconds']} s, gunicorn 2 sync workers · load average "
        f"{report['load_average_at_start']} at the start, {report['load_average_at_end']} "
        "at the end",
        "",
    ]
    for database in report["databases"]:
        lines += [
            f"#### {database['database']}",
            "",
            "| page | addresses | run | req/s | ratio to baseline | p50 ms | p99 ms | errors | "
            "fragment hits | other CPU |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for n, run in enumerate(database["baseline"], start=1):
            flag = " ⚠" if run["others_cpu"] > 0.05 else ""
            lines.append(
                f"| baseline (index range) | 9,980 | {n} | {run['rps']:.0f} | 1.00 | "
                f"{run['p50_ms']:.1f} | {run['p99_ms']:.1f} | {run['errors']} | – | "
                f"{run['others_cpu']:.1%}{flag} |"
            )
        for row in database["pages"]:
            for n, run in enumerate(row["runs"], start=1):
                flag = " ⚠" if run["others_cpu"] > 0.05 else ""
                errors = str(run["errors"])
                if "writes_per_s" in run:
                    errors += f" (writes {run['writes_per_s']:.1f}/s, {run['write_errors']} errors)"
                lines.append(
                    f"| {row['page']} | {row['addresses']:,} | {n} | {run['rps']:.0f} | "
                    f"{run['ratio']:.2f} | {run['p50_ms']:.1f} | {run['p99_ms']:.1f} | "
                    f"{errors} | {_hit_rate(run)} | {run['others_cpu']:.1%}{flag} |"
                )
        lines += [
            "",
            "| in-process, one address | median ms (CPU ms), fragment cache at work | "
            "median ms (CPU ms), every fragment rendered afresh |",
            "|---|---|---|",
        ]
        cached = database["in_process_median_ms"]
        fresh = database["in_process_median_ms_without_fragment_cache"]
        for name in cached:
            lines.append(
                f"| {name} | {cached[name]['wall']} ({cached[name]['cpu']} CPU) | "
                f"{fresh[name]['wall']} ({fresh[name]['cpu']} CPU) |"
            )
        lines.append("")
    lines.append("⚠: other processes used more than 5 % of the CPU during that run.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

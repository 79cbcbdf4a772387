"""Measure every main page against Flask's own ceiling, on this machine, in one run.

    python bench/run.py --database-url postgresql://postgres@127.0.0.1:5432/kcc_bench \
        --fixtures bench/fixtures-postgresql.json

Starts the platform and the baseline (bench/baseline.py) under gunicorn with 2 sync workers on
loopback, signs in over HTTP to get session cookies, waits for idle CPUs before each
measurement, runs wrk twice per page (16 connections by default) and reports requests/s, p50,
p99, errors and the ratio to the baseline, plus in-process medians with Flask's test client.
Writes Markdown and JSON to bench/results/. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
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


def sign_in(port: int, email: str, password: str) -> str:
    """Sign in over HTTP; returns the Cookie header value of the signed-in session."""
    cookies: dict[str, str] = {}

    def request(method, path, form=None):
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

    _, html = request("GET", "/login")
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)
    status, _ = request(
        "POST", "/login", {"csrf_token": token, "email": email, "password": password}
    )
    if status != 302:
        raise SystemExit(f"could not sign in as {email}")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


# wrk -----------------------------------------------------------------------------------------


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, cookie: str | None, seconds: int, connections: int, watch: set[int]):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    busy0, total0 = cpu_times()
    ours0 = process_jiffies(watch | database_pids())
    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603
    output, _ = process.communicate()
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
    requests = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.M))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), "
        r"timeout (\d+)",
        output,
    )
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(x) for x in socket_errors.groups()) if socket_errors else 0
    )
    return {
        "rps": requests,
        "p50_ms": to_ms(latency["50"]),
        "p99_ms": to_ms(latency["99"]),
        "errors": errors,
        "others_cpu": round(others, 3),
    }


def in_process_median(
    database_url: str, pages: dict, people: dict, password: str, rounds: int, cache_type: str = ""
) -> dict:
    """Median milliseconds per page with Flask's test client (no HTTP, no gunicorn).

    ``pages`` maps a name to (path, who) where who is None or a key of ``people`` (emails).
    ``cache_type`` "NullCache" renders every cached fragment afresh: what the first reader
    after a change waits for.
    """
    os.environ.update(
        {
            "DATABASE_URL": database_url,
            "KCC_ENV": "production",
            "SECRET_KEY": "bench-" + "x" * 40,
            "MAIL_SERVER": "127.0.0.1",
            "FORCE_HTTPS": "0",
        }
    )
    sys.path.insert(0, str(ROOT))
    from app import create_app
    from config import ProductionConfig

    class Measured(ProductionConfig):
        CACHE_TYPE = cache_type

    app = create_app(Measured)
    clients = {None: app.test_client()}
    for who, email in people.items():
        client = app.test_client()
        html = client.get("/login", base_url="https://localhost").get_data(as_text=True)
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
        # Over HTTPS, Flask-WTF checks the Referer, as a browser sends it.
        response = client.post(
            "/login",
            base_url="https://localhost",
            headers={"Referer": "https://localhost/login"},
            data={"csrf_token": token.group(1), "email": email, "password": password},
        )
        if response.status_code != 302:
            raise SystemExit(f"in-process sign-in failed for {email}")
        clients[who] = client
    medians = {}
    for name, (path, who) in pages.items():
        samples = []
        for _ in range(rounds):
            started = time.perf_counter()
            clients[who].get(path, base_url="https://localhost").get_data()
            samples.append((time.perf_counter() - started) * 1000)
        medians[name] = round(statistics.median(samples), 2)
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--fixtures", required=True, help="the JSON written by flask scale-data")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--label", default="")
    parser.add_argument(
        "--only", default="", help="measure only the pages whose name contains this text"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    fixtures = json.loads(Path(args.fixtures).read_text())["fixtures"]
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "KCC_ENV": "production",
        "SECRET_KEY": "bench-" + "x" * 40,
        "MAIL_SERVER": "127.0.0.1",
        "FORCE_HTTPS": "0",
        "BENCH_DATABASE_URL": args.database_url,
    }
    sys.path.insert(0, str(ROOT))
    from bench.baseline import engine_for, ensure_data

    ensure_data(engine_for(args.database_url))
    app_port, base_port = free_port(), free_port()
    platform = start_gunicorn("wsgi:app", app_port, env)
    baseline = start_gunicorn("bench.baseline:app", base_port, env)
    try:
        official = sign_in(app_port, fixtures["official_email"], fixtures["password"])
        instructor = sign_in(app_port, fixtures["instructor_email"], fixtures["password"])
        o, s, r = fixtures["offering_id"], fixtures["symposium_id"], fixtures["roster_offering_id"]
        pages = {
            "catalogue": ("/offerings", None),
            "search (Chinese)": ("/offerings?q=" + urllib.parse.quote("韌性"), None),
            "search (Korean)": ("/offerings?q=" + urllib.parse.quote("회복력"), None),
            "catalogue, 3 filters": ("/offerings?kind=course&topic=energy&format=online", None),
            "offering detail": (f"/offerings/{o}", None),
            "symposium programme": (f"/offerings/{s}/programme", None),
            "My learning (30 enrolments)": ("/my", "official"),
            "roster (300 participants)": (f"/manage/offerings/{r}/roster", "instructor"),
            "offering .ics": (f"/offerings/{o}/calendar.ics", None),
        }
        pages = {name: page for name, page in pages.items() if args.only.lower() in name.lower()}
        watch = tree(platform.pid) | tree(baseline.pid)
        rows = []
        baseline_runs = []
        for _ in range(args.repeat):
            idle = wait_for_idle()
            result = run_wrk(
                f"http://127.0.0.1:{base_port}/", None, args.seconds, args.connections, watch
            )
            result["idle_before"] = round(idle, 3)
            baseline_runs.append(result)
        cookies = {None: None, "official": official, "instructor": instructor}
        for name, (path, who) in pages.items():
            runs = []
            for attempt in range(args.repeat):
                idle = wait_for_idle()
                result = run_wrk(
                    f"http://127.0.0.1:{app_port}{path}",
                    cookies[who],
                    args.seconds,
                    args.connections,
                    watch,
                )
                result["idle_before"] = round(idle, 3)
                result["ratio"] = round(result["rps"] / baseline_runs[attempt]["rps"], 3)
                runs.append(result)
            rows.append({"page": name, "path": path, "runs": runs})
    finally:
        for process in (platform, baseline):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    medians = in_process_median(
        args.database_url,
        pages,
        {"official": fixtures["official_email"], "instructor": fixtures["instructor_email"]},
        fixtures["password"],
        rounds=30,
    )
    uncached = in_process_median(
        args.database_url,
        pages,
        {"official": fixtures["official_email"], "instructor": fixtures["instructor_email"]},
        fixtures["password"],
        rounds=30,
        cache_type="NullCache",
    )
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": args.database_url.split("://")[0],
        "label": args.label,
        "connections": args.connections,
        "seconds": args.seconds,
        "baseline": baseline_runs,
        "pages": rows,
        "in_process_median_ms": medians,
        "in_process_median_ms_without_fragment_cache": uncached,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"bench-{report['database']}-{datetime.now(UTC):%Y%m%d-%H%M%S}"
    (RESULTS / f"{stem}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    markdown = to_markdown(report)
    (RESULTS / f"{stem}.md").write_text(markdown)
    print(markdown)


def to_markdown(report: dict) -> str:
    lines = [
        f"### {report['database']} · {report['when']} · wrk {report['connections']} "
        f"connections × {report['seconds']} s, gunicorn 2 sync workers",
        "",
        "| page | run | req/s | p50 ms | p99 ms | errors | ratio to baseline | "
        "other CPU | in-process median ms | same, fragments rendered afresh |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n, run in enumerate(report["baseline"], start=1):
        flag = " ⚠" if run["others_cpu"] > 0.05 else ""
        lines.append(
            f"| baseline | {n} | {run['rps']:.0f} | {run['p50_ms']:.1f} | "
            f"{run['p99_ms']:.1f} | {run['errors']} | 1.00 | "
            f"{run['others_cpu']:.1%}{flag} | | |"
        )
    for row in report["pages"]:
        for n, run in enumerate(row["runs"], start=1):
            flag = " ⚠" if run["others_cpu"] > 0.05 else ""
            median = report["in_process_median_ms"].get(row["page"], "")
            cold = report.get("in_process_median_ms_without_fragment_cache", {}).get(
                row["page"], ""
            )
            lines.append(
                f"| {row['page']} | {n} | {run['rps']:.0f} | {run['p50_ms']:.1f} | "
                f"{run['p99_ms']:.1f} | {run['errors']} | {run['ratio']:.2f} | "
                f"{run['others_cpu']:.1%}{flag} | {median if n == 1 else ''} | "
                f"{cold if n == 1 else ''} |"
            )
    lines.append("")
    lines.append("⚠: other processes used more than 5 % of the CPU during that run.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

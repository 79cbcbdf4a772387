"""Bulk-issue certificates and report certificates per second, the share of time spent in the
PDF renderer, and peak memory. Not part of the test suite.

    python bench/certificates.py                      # 1,000 on a temporary SQLite file
    python bench/certificates.py --count 1000 --processes 2 \
        --database-url postgresql://postgres@127.0.0.1:5432/kcc_bench_certs   # empty, migrated

Sets up N offerings with count/N completed participants each (names in the five scripts, one
language each), then runs the real bulk-issue job (app.certificates.jobs.bulk_issue: lock,
serial, status index, signed credential, audit, outbox mail, progress) in
N processes at once, one offering each. The job leaves the PDFs to their first download;
``--render-now`` renders them too in the same run. Writes Markdown and JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
LOCALES = ("en", "zh_Hant_TW", "ko", "ja", "zh_Hans_CN")
NAMES = {
    "en": ("Alex Morgan", "Alex Morgan"),
    "zh_Hant_TW": ("陳美玲", "Chen Mei-ling"),
    "ko": ("김민준", "Kim Min-jun"),
    "ja": ("佐藤 花子", "Sato Hanako"),
    "zh_Hans_CN": ("王伟", "Wang Wei"),
}


def _config(database_url: str, storage: str):
    from config import TestingConfig

    class BenchConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        STORAGE_DIR = str(Path(storage) / "files")
        CREDENTIAL_KEY_DIR = str(Path(storage) / "keys")
        MAIL_DEV_MAILBOX = True  # mails stay in the outbox

    return BenchConfig


def prepare(database_url: str, storage: str, count: int, processes: int) -> list[int]:
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from app import create_app
    from app.accounts.models import User, UserRole
    from app.catalogue.models import Offering
    from app.cities.models import City
    from app.core.db import utcnow
    from app.enrolment.models import Enrolment
    from app.extensions import db

    app = create_app(_config(database_url, storage))
    with app.app_context():
        upgrade()
        city = City(
            country_code="TW",
            names={
                "en": "Bench City",
                "zh_Hant_TW": "測試市",
                "ko": "테스트시",
                "ja": "テスト市",
                "zh_Hans_CN": "测试市",
            },
        )
        db.session.add(city)
        staff = User(
            email="bench-staff@example.org",
            password_hash="!",  # noqa: S106 (no password: cannot sign in)
            name_native="Staff",
            name_latin="Staff",
            city=city,
        )
        staff.role_rows.append(UserRole(role="staff"))
        db.session.add(staff)
        offerings = []
        for n in range(processes):
            offering = Offering(
                kind="workshop",
                status="published",
                format="online",
                starts_on=date(2026, 11, 2),
                ends_on=date(2026, 11, 6),
            )
            offering.titles = {code: f"{NAMES[code][0]} · Climate finance {n}" for code in LOCALES}
            db.session.add(offering)
            offerings.append(offering)
        db.session.commit()
        now = utcnow()
        users = [
            {
                "email": f"bench{i}@example.org",
                "password_hash": "x",
                "name_native": NAMES[LOCALES[i % 5]][0],
                "name_latin": NAMES[LOCALES[i % 5]][1],
                "city_id": city.id,
                "locale": LOCALES[i % 5],
                "timezone": "Asia/Taipei",
                "created_at": now,
                "password_changed_at": now,
            }
            for i in range(count)
        ]
        db.session.execute(insert(User), users)
        ids = db.session.scalars(
            db.select(User.id).where(User.email.like("bench%@example.org")).order_by(User.id)
        ).all()
        ids = [i for i in ids if i != staff.id]
        rows = [
            {
                "user_id": user_id,
                "offering_id": offerings[i % processes].id,
                "status": "enrolled",
                "waiting_reason": "",
                "reason": "",
                "completion": "completed",
                "completed_at": now,
                "attended_minutes": 600 + i % 120,
                "created_at": now,
                "updated_at": now,
            }
            for i, user_id in enumerate(ids)
        ]
        db.session.execute(insert(Enrolment), rows)
        db.session.commit()
        from app.certificates import keys

        keys.active_key()  # created once here, not raced by the workers
        result = [o.id for o in offerings], staff.id
        db.engine.dispose()
    return result


def render_all(offering_id: int) -> None:
    """Render and store every PDF of the offering now (what a first download, or the ZIP job,
    does), one commit each."""
    from sqlalchemy import select

    from app.certificates import services
    from app.certificates.models import Certificate
    from app.extensions import db

    ids = db.session.scalars(
        select(Certificate.id)
        .where(Certificate.offering_id == offering_id)
        .order_by(Certificate.id)
    ).all()
    for certificate_id in ids:
        services.ensure_pdf(db.session.get(Certificate, certificate_id))
        db.session.commit()


def work(args) -> dict:
    database_url, storage, offering_id, staff_id, render_now = args
    from app import create_app
    from app.certificates import pdf
    from app.certificates.jobs import bulk_issue
    from app.core.jobs import JobRecord
    from app.extensions import db

    spent = {"render": 0.0, "render_cpu": 0.0, "renders": 0}
    original = pdf.render_certificate

    def timed(*a, **k):
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return original(*a, **k)
        finally:
            spent["render"] += time.perf_counter() - started
            spent["render_cpu"] += time.process_time() - cpu
            spent["renders"] += 1

    pdf.render_certificate = timed
    app = create_app(_config(database_url, storage))
    with app.app_context():
        record = JobRecord(kind="certificates.bulk_issue", created_by_id=staff_id)
        db.session.add(record)
        db.session.commit()
        started, cpu = time.perf_counter(), time.process_time()
        issued = bulk_issue(record.id, offering_id, staff_id)
        issue_wall, issue_cpu = time.perf_counter() - started, time.process_time() - cpu
        if render_now:
            render_all(offering_id)
        total = time.perf_counter() - started
        total_cpu = time.process_time() - cpu
    return {
        "issued": issued,
        "seconds": total,
        "cpu_seconds": total_cpu,
        "render_cpu_seconds": spent["render_cpu"],
        "render_seconds": spent["render"],
        "renders": spent["renders"],
        "issue_seconds": issue_wall,
        "issue_cpu_seconds": issue_cpu,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--database-url", default="")
    parser.add_argument(
        "--render-now",
        action="store_true",
        help="also render every PDF in the run (bulk issue leaves them to the first download)",
    )
    args = parser.parse_args()
    storage = tempfile.mkdtemp(prefix="kcc-bench-certs-")
    database_url = args.database_url or f"sqlite:///{storage}/bench.sqlite3"
    os.environ.setdefault("KCC_ENV", "testing")
    offering_ids, staff_id = prepare(database_url, storage, args.count, args.processes)

    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with context.Pool(args.processes) as pool:
        parts = pool.map(
            work, [(database_url, storage, o, staff_id, args.render_now) for o in offering_ids]
        )
    wall = time.perf_counter() - started

    issued = sum(p["issued"] for p in parts)
    busy = sum(p["seconds"] for p in parts)
    render = sum(p["render_seconds"] for p in parts)
    cpu = sum(p["cpu_seconds"] for p in parts)
    render_cpu = sum(p["render_cpu_seconds"] for p in parts)
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": database_url.split(":", 1)[0],
        "processes": args.processes,
        "pdfs_rendered_in_the_run": args.render_now,
        "cpus": os.cpu_count(),
        "issued": issued,
        "wall_seconds": round(wall, 2),
        "certificates_per_second": round(issued / wall, 2),
        "renderer_share": round(render / busy, 3) if busy else 0,
        "other_share": round(1 - render / busy, 3) if busy else 0,
        "mean_render_ms": round(1000 * render / max(1, sum(p["renders"] for p in parts)), 1),
        "mean_render_cpu_ms": round(
            1000 * render_cpu / max(1, sum(p["renders"] for p in parts)), 1
        ),
        # CPU time of this process alone: what the machine's other load does not distort.
        "cpu_ms_per_certificate": round(1000 * cpu / max(1, issued), 1),
        "renderer_share_of_cpu": round(render_cpu / cpu, 3) if cpu else 0,
        "cpu_bound_certificates_per_second": round(args.processes * issued / cpu, 2) if cpu else 0,
        # The bulk-issue job alone (no PDF): its wall clock and CPU, summed over the processes;
        # wall above CPU is time spent waiting (locks, the database, other programs).
        "issue_phase_seconds": round(sum(p["issue_seconds"] for p in parts), 2),
        "issue_phase_cpu_seconds": round(sum(p["issue_cpu_seconds"] for p in parts), 2),
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        "peak_rss_mb_per_process": round(max(p["peak_rss_mb"] for p in parts), 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"certificates-{stamp}.json").write_text(json.dumps(result, indent=2))
    lines = ["| measure | value |", "| --- | --- |"] + [f"| {k} | {v} |" for k, v in result.items()]
    (RESULTS / f"certificates-{stamp}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

"""Catalogue search time at 2,000 and 20,000 offerings, on SQLite and PostgreSQL. Not part of
the test suite.

    python bench/search.py                                   # both databases, 2,000 and 20,000
    python bench/search.py --databases sqlite --sizes 2000,20000 --rounds 15

For each database and size: a new, migrated database (a temporary SQLite file, or a new
PostgreSQL database on --pg-admin that is dropped afterwards) filled by bulk INSERTs with 600
cities and N published offerings described in two to four of the five languages (titles,
summaries, a paragraph of description), then the search documents built (catalogue/search.py)
and ANALYZE (the statistics a production database keeps). Each offering carries a rare word
of its own in each of its languages, shared by ten offerings whatever N is ("bounded" terms:
as many matches at 20,000 as at 2,000), and one of ten common words ("growing" terms: a
tenth of the catalogue matches).

Measured per term, median of --rounds: the search statement as the catalogue list runs it
(``paginate(catalogue_statement(...))``: the cities lookup, the first page of 20 and the count),
the whole page rendered in-process with Flask's test client and no fragment cache, and, for
the first --like-terms terms, the same page found once by the former ``LIKE '%…%'`` over
every text (seconds per call). The figures are wall-clock medians: the load average at the
end of each size is reported beside them. Writes Markdown and JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"

HAN_T = "臺北桃園新竹苗栗彰化南投雲林嘉義屏東宜蘭花蓮金門澎湖基隆左營"
HAN_S = "东西南北长江黄河湖海山川林木花草云雨风雷电光明星月日天地人和"
KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホ"
SYLLABLES = ["ka", "lo", "mi", "ren", "tu", "vel", "sor", "pin", "dax", "qua"]
DESCRIPTIONS = {
    "en": "Officials from member cities share how they plan, fund and run the work, "
    "with site visits and a session on monitoring results.",
    "zh_Hant_TW": "會員城市的公務人員分享規劃、經費與執行的經驗，並安排實地參訪與成果追蹤的課程。",
    "ko": "회원 도시 공무원들이 계획, 재원, 운영 경험을 나누고 "
    "현장 방문과 성과 점검 세션을 갖습니다.",
    "ja": "会員都市の職員が計画・財源・運営の経験を共有し、現地視察と成果の検証を行います。",
    "zh_Hans_CN": "会员城市的公务人员分享规划、经费与执行的经验，并安排实地参访与成果追踪的课程。",
}


def rare_word(locale: str, r: int) -> str:
    """A word of its own for every tenth offering (unique up to 27,000 of them)."""
    if locale == "zh_Hant_TW":
        return HAN_T[r % 30] + HAN_T[r // 30 % 30] + HAN_T[r // 900 % 30] + "里"
    if locale == "zh_Hans_CN":
        return HAN_S[r % 30] + HAN_S[r // 30 % 30] + HAN_S[r // 900 % 30] + "村"
    if locale == "ja":
        return KANA[r % 30] + KANA[r // 30 % 30] + KANA[r // 900 % 30] + "町"
    if locale == "ko":
        return chr(0xAC00 + r * 37 % 11172) + chr(0xAC00 + (r * 101 + 7) % 11172) + "동"
    return "".join(SYLLABLES[r // 10**k % 10] for k in range(4)) + "ton"


def terms() -> dict[str, str]:
    """22 queries in five scripts: term → kind (bounded, growing, mixed)."""
    from app.demo.scale_data import TITLE_WORDS

    chosen = {}
    for locale in ("zh_Hant_TW", "zh_Hans_CN", "ja", "ko", "en"):
        chosen[rare_word(locale, 7)] = "bounded"
        chosen[rare_word(locale, 151)] = "bounded"
        chosen[TITLE_WORDS[locale][1]] = "growing"  # resilience, in its own words
    chosen.update({"韌": "growing", "韧": "growing", "レ": "growing", "회": "growing"})
    chosen.update({"resil": "growing", "resilient 韌性": "mixed", "気候変動適応 기후적응": "mixed"})
    return chosen


def _config(database_url: str):
    from config import TestingConfig

    class BenchConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        CACHE_TYPE = "NullCache"

    return BenchConfig


def fill(db, size: int) -> float:
    """Bulk-insert cities and ``size`` offerings with their texts; build the documents."""
    from sqlalchemy import insert, text

    from app.catalogue import search
    from app.catalogue.models import Offering, OfferingLanguage
    from app.cities.models import City, search_names_of
    from app.demo.scale_data import KIND_WORDS, TITLE_WORDS

    started = time.perf_counter()
    cities = [
        {
            "country_code": "TW",
            "names": {
                "en": f"Municipality {n:04d} City Government",
                "zh_Hant_TW": f"第{n}市政府",
                "ko": f"제{n}시 정부",
                "ja": f"第{n}市役所",
                "zh_Hans_CN": f"第{n}市政府",
            },
            "is_member": True,
            "is_active": True,
        }
        for n in range(599)
    ]
    cities.append(
        {
            **cities[0],
            "names": {
                "en": "Kaohsiung City Government",
                "zh_Hant_TW": "高雄市政府",
                "ko": "가오슝시 정부",
                "ja": "高雄市役所",
                "zh_Hans_CN": "高雄市政府",
            },
        }
    )
    for city in cities:  # a bulk insert skips the flush that writes them (cities/models.py)
        city["search_names"] = search_names_of(city["names"])
    db.session.execute(insert(City), cities)
    now = datetime.now(UTC)
    today = date.today()
    kinds = ["course", "symposium", "workshop"]
    locales = list(TITLE_WORDS)
    offerings, languages = [], []
    for n in range(size):
        kind = kinds[n % 3]
        starts = today + timedelta(days=n % 700 - 350)
        offerings.append(
            {
                "id": n + 1,
                "kind": kind,
                "status": "published",
                "format": "online",
                "timezone": "Asia/Taipei",
                "starts_on": starts,
                "ends_on": starts + timedelta(days=2),
                "capacity": 50,
                "enrolment_mode": "open",
                "fallback_locale": "en",
                "venue": "Kaohsiung Exhibition Center" if n % 7 == 0 else "",
                "online_url": "",
                "created_at": now,
                "updated_at": now,
                "changed_at": now,
                "published_at": now - timedelta(days=n % 400),
                "seats_taken": 0,
                "waitlist_counter": 0,
            }
        )
        word = n % 10
        chosen = list(dict.fromkeys(["en"] + [locales[1 + (n + k) % 4] for k in range(n % 3 + 1)]))
        offerings[-1] |= {
            "titles": {
                locale: f"{TITLE_WORDS[locale][word]} {KIND_WORDS[kind][locale]} "
                f"{rare_word(locale, n // 10)}"
                for locale in chosen
            },
            "summaries": {
                locale: f"{TITLE_WORDS[locale][(word + 3) % 10]} · "
                f"{TITLE_WORDS[locale][(word + 5) % 10]}"
                for locale in chosen
            },
            "descriptions": {
                locale: f"<p>{TITLE_WORDS[locale][word]}: {DESCRIPTIONS[locale]}</p>"
                for locale in chosen
            },
        }
        languages += [{"offering_id": n + 1, "locale": locale} for locale in chosen]
    for start in range(0, len(offerings), 5000):
        db.session.execute(insert(Offering), offerings[start : start + 5000])
    db.session.execute(insert(OfferingLanguage), languages)
    search.refresh(db.session, range(1, size + 1))
    db.session.commit()
    # The planner's statistics, as a production database keeps them (autovacuum on
    # PostgreSQL, the periodic tick on SQLite: app/core/statistics.py).
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return time.perf_counter() - started


def like_matches(q: str):
    """The search as it was before the index: LIKE '%…%' over every text (for comparison)."""
    from sqlalchemy import and_, exists, func, or_

    from app.catalogue.models import Offering, OfferingSession
    from app.catalogue.queries import NAME_SUFFIXES
    from app.cities.models import City
    from app.core.db import escape_like
    from app.core.i18n import LOCALE_CODES, LOCALES

    pattern = f"%{escape_like(q.strip().lower())}%"

    def like(column):
        return func.lower(column).like(pattern, escape="\\")

    def place(name):
        expression = func.lower(name)
        for suffix in NAME_SUFFIXES:
            expression = func.replace(expression, suffix, "")
        return func.trim(expression)

    in_text = or_(
        *(
            like(column[loc.code].as_string())
            for column in (Offering.titles, Offering.summaries, Offering.descriptions)
            for loc in LOCALES
        )
    )
    in_places = exists().where(
        OfferingSession.offering_id == Offering.id, like(OfferingSession.location)
    )
    names = [City.names[code].as_string() for code in LOCALE_CODES]
    held_in = [
        and_(func.length(place(n)) >= 2, func.lower(Offering.venue).contains(place(n)))
        for n in names
    ]
    in_city = exists().where(or_(*(like(n) for n in names)), or_(*held_in))
    return or_(like(Offering.venue), in_text, in_places, in_city)


def median_ms(action, rounds: int) -> float:
    action()  # warm: compiled statements, templates
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 2)


def measure(database_url: str, size: int, rounds: int, like_terms: int) -> dict:
    from flask_migrate import upgrade

    from app import create_app
    from app.catalogue import queries
    from app.core.db import utcnow
    from app.core.pagination import paginate
    from app.extensions import db

    app = create_app(_config(database_url))
    with app.app_context():
        upgrade()
        seconds = fill(db, size)
        now = utcnow()
        today = now.date()
        client = app.test_client()
        rows = {}
        for term, kind in terms().items():
            f = queries.CatalogueFilter(q=term)

            def indexed(f=f):
                page = paginate(queries.catalogue_statement(f, today, now), "1", 20)
                db.session.rollback()
                return page

            def by_like(f=f):
                statement = queries.catalogue_statement(queries.CatalogueFilter(), today, now)
                page = paginate(statement.where(like_matches(f.q)), "1", 20)
                db.session.rollback()
                return page

            def page(term=term):
                response = client.get("/offerings?q=" + quote(term))
                if response.status_code != 200:
                    raise SystemExit(f"{term}: {response.status_code}")

            rows[term] = {
                "kind": kind,
                "matches": indexed().total,
                "sql_ms": median_ms(indexed, rounds),
                "page_ms": median_ms(page, rounds),
            }
            if like_terms > 0:  # the former search, once: seconds per call
                like_terms -= 1
                started = time.perf_counter()
                rows[term]["like_matches"] = by_like().total
                rows[term]["like_sql_ms"] = round((time.perf_counter() - started) * 1000, 1)
        db.session.remove()
        db.engine.dispose()
    load = [round(x, 1) for x in os.getloadavg()]
    return {"size": size, "fill_seconds": round(seconds, 1), "load_average": load, "terms": rows}


def summary(rows: dict, kind: str, field: str) -> float:
    values = [row[field] for row in rows.values() if row["kind"] == kind and field in row]
    return round(statistics.median(values), 2) if values else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--like-terms", type=int, default=3, help="terms also searched once the former way"
    )
    parser.add_argument("--pg-admin", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    import psycopg

    results = {}
    for database in args.databases.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            if database == "sqlite":
                folder = tempfile.mkdtemp(prefix="kcc-search-")
                url, created = f"sqlite:///{folder}/search.sqlite3", None
            else:
                created = f"kcc_bench_search_{uuid.uuid4().hex[:8]}"
                with psycopg.connect(args.pg_admin, autocommit=True) as conn:
                    conn.execute(f'CREATE DATABASE "{created}"')
                base = args.pg_admin.rsplit("/", 1)[0].replace(
                    "postgresql://", "postgresql+psycopg://"
                )
                url = f"{base}/{created}"
            try:
                print(f"{database} {size:,} offerings…", file=sys.stderr, flush=True)
                results[f"{database} {size}"] = measure(url, size, args.rounds, args.like_terms)
            finally:
                if created:
                    with psycopg.connect(args.pg_admin, autocommit=True) as conn:
                        conn.execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')
    lines = [
        "| database | offerings | kind of term | terms | matches (median) | search SQL ms "
        "| page in-process ms | load average |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, result in results.items():
        database = name.split()[0]
        for kind in ("bounded", "growing", "mixed"):
            rows = result["terms"]
            count = sum(1 for row in rows.values() if row["kind"] == kind)
            lines.append(
                f"| {database} | {result['size']:,} | {kind} | {count} "
                f"| {summary(rows, kind, 'matches'):g} | {summary(rows, kind, 'sql_ms')} "
                f"| {summary(rows, kind, 'page_ms')} | {result['load_average'][0]} |"
            )
        like = [f"{t} {r['like_sql_ms']:g} ms" for t, r in rows.items() if "like_sql_ms" in r]
        if like:
            lines.append(
                f"| {database} | {result['size']:,} | former LIKE, once | "
                + ", ".join(like)
                + " | | | | |"
            )
    table = "\n".join(lines)
    print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"search-{stamp}.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    (RESULTS / f"search-{stamp}.md").write_text(table + "\n")


if __name__ == "__main__":
    main()

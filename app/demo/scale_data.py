"""A realistic, reproducible data set at regional scale, loaded with bulk inserts.

``flask scale-data`` fills the configured database: officials across ~600 cities of East and
Southeast Asia with names in their own scripts, offerings of the three kinds with text in
several languages, sessions, and enrolments in every state (waitlists included). It also
creates the fixtures the benchmark measures and writes their ids to a JSON file.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import JSON, bindparam, func, insert, select, text

from app.accounts.models import User, UserRole
from app.accounts.passwords import hash_password
from app.catalogue import search
from app.catalogue.models import (
    Offering,
    OfferingLanguage,
    OfferingSession,
    OfferingTopic,
    offering_instructors,
)
from app.cities.models import City, search_names_of
from app.demo.scale_evaluations import answer_evaluations
from app.enrolment.models import Enrolment
from app.extensions import db
from app.reports.figures import rebuild_all as rebuild_report_figures

BENCH_PASSWORD = "benchmark pass phrase 2031"  # noqa: S105 (a throw-away data set's account)
BENCH_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 (the same throw-away set)
# Officials who can sign in with BENCH_PASSWORD: the first READERS read My learning (30
# enrolments each), the next WRITERS enrol while the catalogue is measured.
BENCH_READERS = 60
BENCH_WRITERS = 20


@dataclass
class Size:
    officials: int = 100_000
    cities: int = 600
    offerings: int = 2_000
    sessions_per_offering: int = 10
    enrolments: int = 500_000


SIZES = {
    "full": Size(),
    "small": Size(
        officials=600, cities=40, offerings=30, sessions_per_offering=4, enrolments=1_500
    ),
}

# Family names and given names per script, with a Latin spelling.
NAMES = {
    "TW": (
        [
            ("陳", "Chen"),
            ("林", "Lin"),
            ("黃", "Huang"),
            ("張", "Chang"),
            ("李", "Lee"),
            ("王", "Wang"),
            ("吳", "Wu"),
            ("劉", "Liu"),
            ("蔡", "Tsai"),
            ("楊", "Yang"),
        ],
        [
            ("志明", "Chih-ming"),
            ("美玲", "Mei-ling"),
            ("雅婷", "Ya-ting"),
            ("俊傑", "Chun-chieh"),
            ("淑芬", "Shu-fen"),
            ("家豪", "Chia-hao"),
            ("怡君", "Yi-chun"),
            ("冠宇", "Kuan-yu"),
        ],
    ),
    "KR": (
        [
            ("김", "Kim"),
            ("이", "Lee"),
            ("박", "Park"),
            ("최", "Choi"),
            ("정", "Jung"),
            ("강", "Kang"),
            ("조", "Cho"),
            ("윤", "Yoon"),
        ],
        [
            ("민준", "Min-jun"),
            ("서연", "Seo-yeon"),
            ("지훈", "Ji-hun"),
            ("하은", "Ha-eun"),
            ("도윤", "Do-yun"),
            ("수빈", "Su-bin"),
            ("예준", "Ye-jun"),
            ("지민", "Ji-min"),
        ],
    ),
    "JP": (
        [
            ("佐藤", "Sato"),
            ("鈴木", "Suzuki"),
            ("高橋", "Takahashi"),
            ("田中", "Tanaka"),
            ("伊藤", "Ito"),
            ("渡辺", "Watanabe"),
            ("山本", "Yamamoto"),
            ("中村", "Nakamura"),
        ],
        [
            ("花子", "Hanako"),
            ("太郎", "Taro"),
            ("陽菜", "Hina"),
            ("翔", "Sho"),
            ("美咲", "Misaki"),
            ("大輔", "Daisuke"),
            ("結衣", "Yui"),
            ("健太", "Kenta"),
        ],
    ),
    "CN": (
        [
            ("王", "Wang"),
            ("李", "Li"),
            ("张", "Zhang"),
            ("刘", "Liu"),
            ("陈", "Chen"),
            ("杨", "Yang"),
            ("赵", "Zhao"),
            ("周", "Zhou"),
        ],
        [
            ("伟", "Wei"),
            ("芳", "Fang"),
            ("娜", "Na"),
            ("敏", "Min"),
            ("静", "Jing"),
            ("强", "Qiang"),
            ("磊", "Lei"),
            ("洋", "Yang"),
        ],
    ),
    "MN": (
        [("Бат", "Bat"), ("Ганбаатар", "Ganbaatar"), ("Дорж", "Dorj"), ("Сүх", "Sukh")],
        [
            ("Болд", "Bold"),
            ("Сарангэрэл", "Sarangerel"),
            ("Энхтуяа", "Enkhtuya"),
            ("Тэмүүлэн", "Temuulen"),
        ],
    ),
    "TH": (
        [("ใจดี", "Jaidee"), ("ศรีสุข", "Srisuk"), ("บุญมา", "Boonma"), ("แสงทอง", "Saengthong")],
        [("สมชาย", "Somchai"), ("สุดา", "Suda"), ("วิชัย", "Wichai"), ("นภา", "Napha")],
    ),
    "VN": (
        [("Nguyễn", "Nguyen"), ("Trần", "Tran"), ("Lê", "Le"), ("Phạm", "Pham")],
        [
            ("Văn An", "Van An"),
            ("Thị Hoa", "Thi Hoa"),
            ("Minh Tuấn", "Minh Tuan"),
            ("Thu Trang", "Thu Trang"),
        ],
    ),
    "ID": (
        [("Santoso", "Santoso"), ("Wijaya", "Wijaya"), ("Hidayat", "Hidayat")],
        [("Budi", "Budi"), ("Siti", "Siti"), ("Agus", "Agus"), ("Dewi", "Dewi")],
    ),
    "PH": (
        [("Santos", "Santos"), ("Reyes", "Reyes"), ("Cruz", "Cruz")],
        [("Maria", "Maria"), ("Jose", "Jose"), ("Ana", "Ana"), ("Mark", "Mark")],
    ),
}
# (country, share of cities, locale, time zone)
COUNTRIES = [
    ("TW", 0.18, "zh_Hant_TW", "Asia/Taipei"),
    ("KR", 0.16, "ko", "Asia/Seoul"),
    ("JP", 0.18, "ja", "Asia/Tokyo"),
    ("CN", 0.2, "zh_Hans_CN", "Asia/Shanghai"),
    ("MN", 0.04, "en", "Asia/Ulaanbaatar"),
    ("TH", 0.06, "en", "Asia/Bangkok"),
    ("VN", 0.07, "en", "Asia/Ho_Chi_Minh"),
    ("ID", 0.06, "en", "Asia/Jakarta"),
    ("PH", 0.05, "en", "Asia/Manila"),
]
TITLE_WORDS = {
    "en": [
        "Low-Carbon",
        "Resilient",
        "Circular",
        "Nature-Based",
        "Net-Zero",
        "Water-Wise",
        "Green Transport",
        "Biodiversity",
        "Climate Adaptation",
        "Energy Transition",
    ],
    "zh_Hant_TW": [
        "低碳",
        "韌性",
        "循環經濟",
        "自然解方",
        "淨零",
        "水資源",
        "綠色運輸",
        "生物多樣性",
        "氣候調適",
        "能源轉型",
    ],
    "ko": [
        "저탄소",
        "회복력",
        "순환경제",
        "자연기반",
        "탄소중립",
        "물관리",
        "녹색교통",
        "생물다양성",
        "기후적응",
        "에너지 전환",
    ],
    "ja": [
        "低炭素",
        "レジリエンス",
        "循環経済",
        "自然を基盤とした",
        "ネット・ゼロ",
        "水管理",
        "グリーン交通",
        "生物多様性",
        "気候変動適応",
        "エネルギー転換",
    ],
    "zh_Hans_CN": [
        "低碳",
        "韧性",
        "循环经济",
        "基于自然",
        "净零",
        "水资源",
        "绿色交通",
        "生物多样性",
        "气候适应",
        "能源转型",
    ],
}
KIND_WORDS = {
    "course": {
        "en": "Course",
        "zh_Hant_TW": "培訓課程",
        "ko": "교육과정",
        "ja": "研修",
        "zh_Hans_CN": "培训班",
    },
    "symposium": {
        "en": "Symposium",
        "zh_Hant_TW": "國際研討會",
        "ko": "국제 심포지엄",
        "ja": "国際シンポジウム",
        "zh_Hans_CN": "国际研讨会",
    },
    "workshop": {
        "en": "Action-Plan Workshop",
        "zh_Hant_TW": "行動計畫工作坊",
        "ko": "실행계획 워크숍",
        "ja": "アクションプラン策定ワークショップ",
        "zh_Hans_CN": "行动计划工作坊",
    },
}
TOPIC_KEYS = [
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
]
CHUNK = 5_000


def _chunks(rows, size=CHUNK):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _bulk(model_or_table, rows) -> None:
    for chunk in _chunks(rows):
        db.session.execute(insert(model_or_table), chunk)


def _next_id(column) -> int:
    return (db.session.scalar(select(func.max(column))) or 0) + 1


def load(size: Size, seed: int = 42, fixtures_path: Path | None = None) -> dict:
    """Insert the data set; returns counts, timings and the benchmark fixtures' ids."""
    rng = random.Random(seed)
    started = time.perf_counter()
    now = datetime.now(UTC)
    timings = {}

    # Cities -------------------------------------------------------------------------------
    t = time.perf_counter()
    city_rows, city_country = [], []
    first_city = _next_id(City.id)
    for country, share, _, _ in COUNTRIES:
        for n in range(max(1, round(size.cities * share))):
            names = {
                "en": f"{country} Municipality {seed}-{n:04d}",
                "zh_Hant_TW": f"{country}第{n}市",
                "ko": f"{country} 제{n}시",
                "ja": f"{country}第{n}市",
                "zh_Hans_CN": f"{country}第{n}市",
            }
            city_rows.append(
                {
                    "country_code": country,
                    "names": names,
                    # A bulk insert skips the flush that writes it (cities/models.py).
                    "search_names": search_names_of(names),
                    "is_member": n % 3 == 0,
                    "is_active": True,
                }
            )
            city_country.append(country)
    _bulk(City, city_rows)
    city_ids = list(range(first_city, first_city + len(city_rows)))
    timings["cities"] = time.perf_counter() - t

    # Officials ----------------------------------------------------------------------------
    t = time.perf_counter()
    password_hash = hash_password(BENCH_PASSWORD)
    can_sign_in = min(size.officials, BENCH_READERS + BENCH_WRITERS)
    first_user = _next_id(User.id)
    locale_of = {c: (loc, tz) for c, _, loc, tz in COUNTRIES}
    user_rows = []
    for n in range(size.officials):
        index = rng.randrange(len(city_ids))
        country = city_country[index]
        family, given = NAMES[country]
        (fam, fam_latin), (giv, giv_latin) = rng.choice(family), rng.choice(given)
        western = country in ("VN", "ID", "PH", "TH", "MN")
        native = f"{fam} {giv}" if western or country == "JP" else f"{fam}{giv}"
        if country in ("TH", "MN", "ID", "PH"):
            native = f"{giv} {fam}"
        locale, tz = locale_of[country]
        user_rows.append(
            {
                "email": f"official{seed}-{n}@scale.kcc.test",
                "password_hash": password_hash if n < can_sign_in else "!unusable",
                "name_native": native,
                "name_latin": f"{fam_latin} {giv_latin}",
                "city_id": city_ids[index],
                "department": "Environmental Protection Bureau",
                "job_title": "Officer",
                "locale": locale,
                "timezone": tz,
                "is_enabled": True,
                "created_at": now,
                "password_changed_at": now,
                "email_verified_at": now,
                "wants_reminders": True,
                "wants_digests": True,
            }
        )
    _bulk(User, user_rows)
    user_ids = list(range(first_user, first_user + size.officials))
    _bulk(UserRole, [{"user_id": i, "role": "official"} for i in user_ids])
    timings["officials"] = time.perf_counter() - t

    # Benchmark accounts (real password): an official with 30 enrolments, an instructor, a
    # member of staff (with a known second-factor secret) and the first city's focal point.
    fixtures_users = {}
    for key, email, roles in (
        ("official", f"bench-official-{seed}@scale.kcc.test", ["official"]),
        ("instructor", f"bench-instructor-{seed}@scale.kcc.test", ["instructor"]),
        ("staff", f"bench-staff-{seed}@scale.kcc.test", ["staff"]),
        ("focal_point", f"bench-focal-{seed}@scale.kcc.test", ["official", "focal_point"]),
    ):
        db.session.execute(
            insert(User),
            [
                {
                    "email": email,
                    "password_hash": password_hash,
                    "name_native": "陳測試",
                    "name_latin": "Chen Benchmark",
                    "city_id": city_ids[0],
                    "department": "",
                    "job_title": "",
                    "locale": "zh_Hant_TW",
                    "timezone": "Asia/Taipei",
                    "is_enabled": True,
                    "created_at": now,
                    "password_changed_at": now,
                    "email_verified_at": now,
                    "wants_reminders": True,
                    "wants_digests": True,
                    "totp_secret": BENCH_TOTP_SECRET if key == "staff" else None,
                    "totp_enabled_at": now if key == "staff" else None,
                }
            ],
        )
        user_id = db.session.scalar(select(User.id).where(User.email == email))
        _bulk(UserRole, [{"user_id": user_id, "role": r} for r in roles])
        fixtures_users[key] = {"id": user_id, "email": email}

    # Offerings, text, topics, languages, sessions ---------------------------------------------
    t = time.perf_counter()
    first_offering = _next_id(Offering.id)
    today = date.today()
    kinds = ["course", "symposium", "workshop"]
    offering_rows, topic_rows, language_rows = [], [], []
    capacities = []
    for n in range(size.offerings):
        kind = kinds[n % 3]
        start = today + timedelta(days=rng.randint(-400, 300))
        length = {
            "course": rng.randint(14, 60),
            "symposium": rng.randint(1, 3),
            "workshop": rng.randint(2, 5),
        }[kind]
        capacity = rng.choice([30, 50, 80, 120, 200, 300])
        capacities.append(capacity)
        locales = rng.sample(list(TITLE_WORDS), k=rng.randint(2, 4))
        if "en" not in locales:
            locales[0] = "en"
        offering_rows.append(
            {
                "kind": kind,
                "status": "published" if n % 20 else "draft",
                "format": rng.choice(["online", "in_person", "hybrid"]),
                "timezone": "Asia/Taipei",
                "starts_on": start,
                "ends_on": start + timedelta(days=length - 1),
                "capacity": capacity,
                "enrolment_mode": rng.choice(["open", "open", "approval"]),
                "fallback_locale": "en",
                "venue": "Kaohsiung" if n % 2 else "",
                "online_url": "",
                "created_at": now,
                "updated_at": now,
                "changed_at": now,
                "published_at": now - timedelta(days=rng.randint(1, 400)),
                "enrol_opens_at": None,
                "enrol_closes_at": None,
                "city_cap": None,
                "offer_hours": None,
                "cancel_until": None,
                "seats_taken": 0,
                "waitlist_counter": 0,
            }
        )
        offering_id = first_offering + n
        word = rng.randrange(10)
        offering_rows[-1] |= {
            "titles": {
                locale: f"{TITLE_WORDS[locale][word]} {KIND_WORDS[kind][locale]} {n}"
                for locale in locales
            },
            "summaries": {
                locale: f"{TITLE_WORDS[locale][(word + 3) % 10]} · "
                f"{TITLE_WORDS[locale][(word + 5) % 10]}"
                for locale in locales
            },
            "descriptions": {
                locale: "<p>" + TITLE_WORDS[locale][word] + "</p>" for locale in locales
            },
        }
        for locale in locales:
            language_rows.append({"offering_id": offering_id, "locale": locale})
        for topic in rng.sample(TOPIC_KEYS, k=2):
            topic_rows.append({"offering_id": offering_id, "topic": topic})
    _bulk(Offering, offering_rows)
    offering_ids = list(range(first_offering, first_offering + size.offerings))
    _bulk(OfferingTopic, topic_rows)
    _bulk(OfferingLanguage, language_rows)
    session_rows = []
    for offering_id, row in zip(offering_ids, offering_rows, strict=True):
        days = (row["ends_on"] - row["starts_on"]).days + 1
        for s in range(size.sessions_per_offering):
            day = row["starts_on"] + timedelta(days=s % days)
            begins = datetime(day.year, day.month, day.day, 1 + (s % 4) * 2, tzinfo=UTC)
            session_rows.append(
                {
                    "offering_id": offering_id,
                    "titles": {"en": f"Session {s + 1}"},
                    "starts_at": begins,
                    "ends_at": begins + timedelta(minutes=90),
                    "location": "",
                    "online_url": "",
                    "counts_for_attendance": True,
                }
            )
    _bulk(OfferingSession, session_rows)
    search.refresh(db.session, offering_ids)  # bulk inserts pass by the flush listener
    _bulk(
        offering_instructors,
        [
            {"offering_id": o, "user_id": fixtures_users["instructor"]["id"]}
            for o in offering_ids[:50]
        ],
    )
    timings["offerings_and_sessions"] = time.perf_counter() - t

    # Enrolments: per offering, the first seats enrolled, then the waitlist, and some others.
    t = time.perf_counter()
    per_offering = max(1, size.enrolments // size.offerings)
    enrolment_rows, seats, counters = [], {}, {}
    roster_offering = offering_ids[1]  # gets exactly 300 enrolled participants
    for index, offering_id in enumerate(offering_ids):
        capacity = capacities[index]
        wanted = 300 if offering_id == roster_offering else per_offering
        if offering_id == roster_offering:
            capacity = 300
            offering_rows[index]["capacity"] = 300
        people = rng.sample(user_ids, k=min(wanted, len(user_ids)))
        enrolled = waitlisted = 0
        for person in people:
            roll = rng.random()
            if offering_id != roster_offering and roll < 0.06:
                status = rng.choice(["cancelled", "rejected", "pending"])
            elif enrolled < capacity:
                status = "enrolled"
            else:
                status = "waitlisted"
            if status == "enrolled":
                enrolled += 1
            seq = None
            if status == "waitlisted":
                waitlisted += 1
                seq = waitlisted
            enrolment_rows.append(
                {
                    "user_id": person,
                    "offering_id": offering_id,
                    "status": status,
                    "waitlist_seq": seq,
                    "waiting_reason": "",
                    "reason": "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
        seats[offering_id] = enrolled
        counters[offering_id] = waitlisted
    # The benchmark official and the readers: 30 enrolments each in published offerings.
    published = [
        o
        for o, row in zip(offering_ids, offering_rows, strict=True)
        if row["status"] == "published" and o != roster_offering
    ]
    readers = user_ids[: min(BENCH_READERS, can_sign_in)]
    taken = {(r["user_id"], r["offering_id"]) for r in enrolment_rows}
    wanted_rows = [(fixtures_users["official"]["id"], o) for o in published[:30]]
    for reader in readers:
        wanted_rows += [(reader, o) for o in rng.sample(published, k=min(30, len(published)))]
    for key in wanted_rows:
        offering_id = key[1]
        if key not in taken:
            taken.add(key)
            enrolment_rows.append(
                {
                    "user_id": key[0],
                    "offering_id": offering_id,
                    "status": "enrolled",
                    "waitlist_seq": None,
                    "waiting_reason": "",
                    "reason": "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
            seats[offering_id] += 1
    for offering_id, capacity in zip(offering_ids, capacities, strict=True):
        if seats[offering_id] > capacity and offering_id != roster_offering:
            capacities[offering_ids.index(offering_id)] = seats[offering_id]
    _bulk(Enrolment, enrolment_rows)
    # Each enrolment records the person's city (the city cap and focal points go by it).
    db.session.execute(
        text(
            "UPDATE enrolments SET city_id = "
            "(SELECT users.city_id FROM users WHERE users.id = enrolments.user_id)"
        )
    )
    for offering_id, capacity in zip(offering_ids, capacities, strict=True):
        db.session.execute(
            Offering.__table__.update()
            .where(Offering.id == offering_id)
            .values(
                capacity=300
                if offering_id == roster_offering
                else max(capacity, seats[offering_id]),
                seats_taken=seats[offering_id],
                waitlist_counter=counters[offering_id],
            )
        )
    timings["enrolments"] = time.perf_counter() - t
    t = time.perf_counter()
    _records(seed, now, today)
    timings["records_and_certificates"] = time.perf_counter() - t
    t = time.perf_counter()
    evaluations = answer_evaluations(seed, now, today)
    timings["evaluations"] = time.perf_counter() - t
    t = time.perf_counter()
    # The inserts above go past the ORM, so the reports' summary rows are counted afresh.
    rebuild_report_figures(db.session)
    timings["report_figures"] = time.perf_counter() - t
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("ANALYZE"))  # the statistics its planner needs (core/statistics.py)
        db.session.commit()
    elif db.engine.dialect.name == "postgresql":
        # VACUUM as well: the state autovacuum keeps a production database in (the visibility
        # map, which lets an index-only scan skip the table). VACUUM cannot run inside a
        # transaction, hence a connection of its own.
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.exec_driver_sql("VACUUM ANALYZE")

    symposium = next(
        o
        for o, row in zip(offering_ids, offering_rows, strict=True)
        if row["kind"] == "symposium" and row["status"] == "published"
    )
    result = {
        "seed": seed,
        "seconds": round(time.perf_counter() - started, 1),
        "timings": {k: round(v, 1) for k, v in timings.items()},
        "counts": {
            "cities": len(city_rows),
            "officials": size.officials,
            "offerings": size.offerings,
            "sessions": len(session_rows),
            "enrolments": len(enrolment_rows),
            "evaluation_responses": evaluations,
        },
        "fixtures": {
            "official_email": fixtures_users["official"]["email"],
            "instructor_email": fixtures_users["instructor"]["email"],
            "password": BENCH_PASSWORD,
            "offering_id": published[0],
            "symposium_id": symposium,
            "roster_offering_id": roster_offering,
            "staff_email": fixtures_users["staff"]["email"],
            "staff_totp_secret": BENCH_TOTP_SECRET,
            "focal_point_email": fixtures_users["focal_point"]["email"],
            "city_id": city_ids[0],
            "report_offering_id": _report_offering(today),
            # The attendance sheet of the roster offering's first session (300 rows).
            "roster_session_id": db.session.scalar(
                select(func.min(OfferingSession.id)).where(
                    OfferingSession.offering_id == roster_offering
                )
            ),
            # For varied addresses: every published offering, the offerings the instructor
            # manages, officials who read My learning and officials who enrol meanwhile.
            "published_ids": [roster_offering, *published],
            "roster_offering_ids": [
                o
                for o, row in zip(offering_ids[:50], offering_rows, strict=False)
                if row["status"] == "published"
            ],
            "reader_emails": [f"official{seed}-{n}@scale.kcc.test" for n in range(len(readers))],
            "writer_emails": [
                f"official{seed}-{n}@scale.kcc.test" for n in range(len(readers), can_sign_in)
            ],
        },
    }
    if fixtures_path:
        fixtures_path.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    return result


# What the reports read: completions, certificates, attendance and action plans, written by a
# few INSERT ... SELECT statements from the enrolments (no rows through Python). Offerings that
# have ended: 70 % of their participants completed (20 % did not), 80 % of those hold a valid
# certificate, each session has a mark per participant, and a third of the workshops'
# completers have an approved action plan (half of them published).
RECORD_STATEMENTS = (
    """UPDATE enrolments SET
        completion = CASE WHEN id % 10 < 7 THEN 'completed' ELSE 'not_completed' END,
        completed_at = CASE WHEN id % 10 < 7 THEN :now END,
        attended_minutes = CASE WHEN id % 10 < 7 THEN 540 + (id % 4) * 30 ELSE 90 END
    WHERE status = 'enrolled' AND id % 10 < 9
      AND offering_id IN (SELECT id FROM offerings WHERE ends_on < :today)""",
    """INSERT INTO certificates (serial, year, number, code, enrolment_id, user_id, offering_id,
        holder_name_native, holder_name_latin, holder_locale, title, title_en, attended_minutes,
        status, issued_at, revocation_reason, revocation_note, credential)
    SELECT 'S' || CAST(:seed AS TEXT) || '-' || CAST(e.id AS TEXT), :year, e.id,
        'SCALE' || CAST(:seed AS TEXT) || 'X' || CAST(e.id AS TEXT), e.id, e.user_id,
        e.offering_id, u.name_native, u.name_latin, u.locale, 'Scale data', 'Scale data',
        e.attended_minutes, 'valid', :now, '', '', ''
    FROM enrolments e JOIN users u ON u.id = e.user_id
    WHERE e.completion = 'completed' AND e.id % 5 < 4
      AND e.id NOT IN (SELECT enrolment_id FROM certificates)""",
    """INSERT INTO attendance_marks (enrolment_id, session_id, status, source, recorded_at)
    SELECT e.id, s.id,
        CASE WHEN (e.id + s.id) % 10 < 8 THEN 'present'
             WHEN (e.id + s.id) % 10 = 8 THEN 'absent' ELSE 'excused' END,
        'instructor', :now
    FROM enrolments e
    JOIN offerings o ON o.id = e.offering_id
    JOIN sessions s ON s.offering_id = e.offering_id
    WHERE e.status = 'enrolled' AND o.ends_on < :today
      AND NOT EXISTS (SELECT 1 FROM attendance_marks m
                      WHERE m.enrolment_id = e.id AND m.session_id = s.id)""",
    """INSERT INTO action_plans (offering_id, user_id, enrolment_id, status, locale, title, topic,
        city_id, country_code, content, search_text, version, consent_to_publish, is_published,
        published_year, submitted_at, approved_at, created_at, updated_at)
    SELECT e.offering_id, e.user_id, e.id, 'approved', u.locale, 'Scale plan',
        (SELECT CASE WHEN e.id % 4 < 2 THEN min(t.topic) ELSE max(t.topic) END
         FROM offering_topics t WHERE t.offering_id = e.offering_id),
        e.city_id, c.country_code, :content, 'Scale plan', 1, e.id % 2 = 0, e.id % 2 = 0,
        CASE WHEN e.id % 2 = 0 THEN :year END, :now, :now, :now, :now
    FROM enrolments e
    JOIN offerings o ON o.id = e.offering_id
    JOIN users u ON u.id = e.user_id
    JOIN cities c ON c.id = e.city_id
    WHERE o.kind = 'workshop' AND e.completion = 'completed' AND e.id % 3 = 0
      AND NOT EXISTS (SELECT 1 FROM action_plans p
                      WHERE p.offering_id = e.offering_id AND p.user_id = e.user_id)""",
)


def _records(seed: int, now: datetime, today: date) -> None:
    values = {
        "now": now,
        "today": today,
        "seed": seed,
        "year": now.year,
        "content": {"context": "", "goals": "", "actions": [], "indicators": [], "timeline": ""},
    }
    for statement in RECORD_STATEMENTS:
        clause = text(statement)
        if ":content" in statement:
            clause = clause.bindparams(bindparam("content", type_=JSON))
        db.session.execute(clause, values)


def _report_offering(today: date) -> int | None:
    """A published offering that has ended, with the most participants: its report."""
    E = Enrolment
    return db.session.scalar(
        select(Offering.id)
        .join(E, E.offering_id == Offering.id)
        .where(Offering.status == "published", Offering.ends_on < today, E.status == "enrolled")
        .group_by(Offering.id)
        .order_by(func.count(E.id).desc(), Offering.id)
        .limit(1)
    )

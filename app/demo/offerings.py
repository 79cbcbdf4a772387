"""Demonstration offerings: realistic programmes of the centre, dated around today."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from markupsafe import escape
from sqlalchemy import select

from app.accounts.models import User
from app.catalogue.models import (
    Module,
    Offering,
    OfferingLanguage,
    OfferingSession,
    OfferingTopic,
)
from app.catalogue.services import local_to_utc
from app.core.db import utcnow
from app.demo.offering_data import DEMO_OFFERINGS, KIND_PARAGRAPHS, LOCALES, VENUE_SENTENCES
from app.enrolment.models import Enrolment
from app.enrolment.services import enrol, nominate
from app.extensions import db


def seed_offerings(instructor=None) -> int:
    """Add the demonstration offerings once (matched by their English title)."""
    existing = {titles.get("en") for titles in db.session.scalars(select(Offering.titles))}
    added = 0
    for data in DEMO_OFFERINGS:
        if data["texts"]["en"]["title"] in existing:
            continue
        db.session.add(build_offering(data, instructor))
        added += 1
    db.session.commit()
    return added


def venue_line(data: dict) -> str:
    """The one venue column: the English name and the name on the building."""
    venue = data["venue"]
    if not venue:
        return ""
    local = data.get("venue_locale") or next(
        (code for code in data["languages"] if code != "en"), "en"
    )
    return venue["en"] if local == "en" else f"{venue['en']} · {venue[local]}"


def description(data: dict, locale: str) -> str:
    """The offering's own paragraph, the paragraph of its kind, and where it takes place."""
    parts = [data["texts"][locale]["description"], KIND_PARAGRAPHS[data["kind"]][locale]]
    if data["venue"]:
        parts.append(VENUE_SENTENCES[locale] % data["venue"][locale])
    return "".join(f"<p>{escape(part)}</p>" for part in parts)


def build_offering(data: dict, instructor=None) -> Offering:
    today = date.today()
    starts_on = today + timedelta(days=data["start"])
    ends_on = starts_on + timedelta(days=data["length"] - 1)
    fallback = data.get("fallback", "en")
    fmt = data["format"]
    offering = Offering(
        kind=data["kind"],
        status="published",
        format=fmt,
        timezone="Asia/Taipei",
        starts_on=starts_on,
        ends_on=ends_on,
        capacity=data["capacity"],
        enrolment_mode=data["mode"],
        fallback_locale=fallback,
        venue=venue_line(data),
        online_url="https://meet.example.org/kcc" if fmt != "in_person" else "",
        enrol_opens_at=utcnow() - timedelta(days=30),
        enrol_closes_at=local_to_utc(
            datetime.combine(starts_on - timedelta(days=3), time(17)), "Asia/Taipei"
        ),
        published_at=utcnow() - timedelta(days=max(1, 60 - data["start"] % 50)),
    )
    # The fallback language first, then the others in the site's order.
    order = [fallback, *(code for code in LOCALES if code != fallback)]
    offering.titles = {code: data["texts"][code]["title"] for code in order}
    offering.summaries = {code: data["texts"][code]["summary"] for code in order}
    offering.descriptions = {code: description(data, code) for code in order}
    offering.topic_rows = [OfferingTopic(topic=t) for t in data["topics"]]
    offering.language_rows = [OfferingLanguage(locale=code) for code in data["languages"]]
    offering.modules = [
        Module(position=n, titles=dict(titles)) for n, titles in enumerate(data["modules"], start=1)
    ]
    offering.sessions = _sessions(
        starts_on, ends_on, data["sessions_per_day"], venue_line(data) if fmt != "online" else ""
    )
    if instructor is not None:
        offering.instructors = [instructor]
    return offering


SESSION_TITLES = [
    {
        "en": "Opening and keynote",
        "zh_Hant_TW": "開幕與專題演講",
        "ko": "개회 및 기조연설",
        "ja": "開会・基調講演",
        "zh_Hans_CN": "开幕与主旨演讲",
    },
    {
        "en": "City case studies",
        "zh_Hant_TW": "城市案例分享",
        "ko": "도시 사례 발표",
        "ja": "自治体事例紹介",
        "zh_Hans_CN": "城市案例分享",
    },
    {
        "en": "Group work",
        "zh_Hant_TW": "分組討論",
        "ko": "분임 토의",
        "ja": "グループワーク",
        "zh_Hans_CN": "分组讨论",
    },
    {
        "en": "Panel and closing",
        "zh_Hant_TW": "綜合座談與閉幕",
        "ko": "종합 토론 및 폐회",
        "ja": "パネル討論・閉会",
        "zh_Hans_CN": "圆桌讨论与闭幕",
    },
]


def _sessions(starts_on, ends_on, per_day, place):
    sessions = []
    if not per_day:
        return sessions
    day = starts_on
    while day <= ends_on and len(sessions) < 12:
        for n in range(per_day):
            start = time(9 + n * 2 if n < 2 else 10 + n * 2)
            begins = local_to_utc(datetime.combine(day, start), "Asia/Taipei")
            titles = SESSION_TITLES[(len(sessions)) % len(SESSION_TITLES)]
            sessions.append(
                OfferingSession(
                    titles=dict(titles),
                    starts_at=begins,
                    ends_at=begins + timedelta(minutes=90),
                    location=place,
                )
            )
        day += timedelta(days=1 if (ends_on - starts_on).days < 7 else 7)
    return sessions


def seed_enrolments() -> int:
    """Fill the small forum with the demo officials and enrol them elsewhere, through the same
    rules as the site (so seats, waitlists and mails are real)."""
    officials = db.session.scalars(
        select(User).where(User.email.like("official%@demo.kcc.test")).order_by(User.id)
    ).all()
    if not officials or db.session.scalar(select(Enrolment.id).limit(1)) is not None:
        return 0
    titles = {
        title: offering_id
        for offering_id, texts in db.session.execute(select(Offering.id, Offering.titles))
        for title in texts.values()
    }
    plan = [
        ("Youth Climate Education Forum", officials),  # three seats: full
        ("East Asia Urban Resilience Symposium", officials[:2]),
        ("Net-Zero Retrofits of Municipal Buildings", officials[:1]),
        ("Biodiversity Mainstreaming for Local Governments", officials[1:]),
    ]
    count = 0
    for title, people in plan:
        offering_id = titles.get(title)
        for person in people if offering_id else []:
            enrol(person, offering_id)
            db.session.commit()
            count += 1
    # The focal point of Kaohsiung nominates the city's demo official for the clinic.
    focal = db.session.scalar(select(User).where(User.email == "focal.point@demo.kcc.test"))
    clinic = titles.get("Climate Adaptation Planning Clinic")
    same_city = [p.id for p in officials if focal and p.city_id == focal.city_id]
    if focal and clinic and same_city:
        count += len(nominate(focal, clinic, same_city))
        db.session.commit()
    return count

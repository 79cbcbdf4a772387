"""Demonstration offerings: realistic programmes of the centre, dated around today."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.catalogue.models import (
    Module,
    Offering,
    OfferingLanguage,
    OfferingSession,
    OfferingTopic,
    OfferingTranslation,
)
from app.catalogue.services import local_to_utc
from app.core.db import utcnow
from app.extensions import db

# (kind, format, start in days from today, length in days, capacity, mode, topics,
#  languages of instruction, venue, {locale: (title, summary)}, sessions per day, modules)
DEMO_OFFERINGS = [
    (
        "workshop",
        "hybrid",
        40,
        3,
        30,
        "approval",
        ["low_carbon", "policy"],
        ["en", "zh_Hant_TW"],
        "Kaohsiung Exhibition Center, Kaohsiung",
        {
            "en": (
                "Low-Carbon City Action-Planning Workshop 2027",
                "City teams draft a low-carbon action plan with targets, measures and a budget, "
                "reviewed by peers and instructors.",
            ),
            "zh_Hant_TW": (
                "2027 低碳城市行動計畫工作坊",
                "各城市團隊擬定含目標、措施與預算的低碳行動計畫，並由講師與其他城市共同檢視。",
            ),
            "ko": (
                "2027 저탄소 도시 실행계획 워크숍",
                "도시별 팀이 목표, 추진 과제, 예산을 포함한 저탄소 실행계획을 작성하고 강사와 함께 검토합니다.",
            ),
            "ja": (
                "2027 低炭素都市アクションプラン策定ワークショップ",
                "自治体チームが目標・取組・予算を含む低炭素アクションプランを策定し、講師と共に検討します。",
            ),
        },
        2,
        [],
    ),
    (
        "symposium",
        "in_person",
        75,
        2,
        200,
        "open",
        ["resilience", "urban_planning"],
        ["en", "zh_Hant_TW", "ko", "ja"],
        "Kaohsiung Music Center, Kaohsiung",
        {
            "en": (
                "East Asia Urban Resilience Symposium",
                "Mayors, planners and researchers share how East Asian cities prepare for floods, "
                "heat and typhoons.",
            ),
            "zh_Hant_TW": (
                "東亞城市韌性國際研討會",
                "各城市首長、規劃人員與研究者分享東亞城市如何因應淹水、高溫與颱風。",
            ),
            "ko": (
                "동아시아 도시 회복력 국제 심포지엄",
                "동아시아 도시의 시장, 도시계획가, 연구자가 홍수·폭염·태풍 대응 경험을 공유합니다.",
            ),
            "ja": (
                "東アジア都市レジリエンス国際シンポジウム",
                "東アジアの首長・計画担当者・研究者が、洪水・猛暑・台風への備えを共有します。",
            ),
            "zh_Hans_CN": (
                "东亚城市韧性国际研讨会",
                "东亚各城市的市长、规划人员和研究人员分享应对洪水、高温和台风的经验。",
            ),
        },
        4,
        [],
    ),
    (
        "course",
        "online",
        10,
        60,
        None,
        "open",
        ["biodiversity", "policy"],
        ["en", "ja", "ko"],
        "",
        {
            "en": (
                "Biodiversity Mainstreaming for Local Governments",
                "A self-paced course on bringing nature into budgets, land-use plans and "
                "procurement.",
            ),
            "ja": (
                "自治体のための生物多様性の主流化",
                "予算、土地利用計画、調達に自然の視点を取り入れる自習型の研修です。",
            ),
            "ko": (
                "지방정부를 위한 생물다양성 주류화",
                "예산, 토지이용계획, 조달에 자연의 가치를 반영하는 자율 학습 과정입니다.",
            ),
        },
        0,
        [
            "Why biodiversity matters to cities",
            "Mapping urban ecosystems",
            "Nature in the municipal budget",
            "Monitoring and reporting",
        ],
    ),
    (
        "course",
        "online",
        20,
        42,
        60,
        "open",
        ["environmental_education"],
        ["en", "zh_Hant_TW"],
        "",
        {
            "en": (
                "Designing Environmental Education Programmes",
                "Plan, run and evaluate environmental education for schools and communities.",
            ),
            "zh_Hant_TW": ("環境教育方案設計課程", "規劃、執行與評估學校及社區的環境教育方案。"),
        },
        1,
        ["Learning goals and audiences", "Field activities", "Evaluation"],
    ),
    (
        "workshop",
        "in_person",
        -120,
        2,
        24,
        "nomination",
        ["circular_economy"],
        ["en", "ko"],
        "Seoul Upcycling Plaza, Seoul",
        {
            "en": (
                "Zero-Waste Cities Workshop",
                "Past cohort: cities built roadmaps for food-waste and plastic reduction.",
            ),
            "ko": (
                "제로웨이스트 도시 워크숍",
                "지난 기수: 음식물 쓰레기와 플라스틱 감축 로드맵을 수립했습니다.",
            ),
        },
        2,
        [],
    ),
    (
        "course",
        "hybrid",
        55,
        30,
        40,
        "approval",
        ["nature_based", "water", "resilience"],
        ["en", "zh_Hans_CN"],
        "Tainan City Hall, Tainan",
        {
            "en": (
                "Nature-based Solutions for Urban Flooding",
                "Sponge-city design, wetlands and green streets that hold water where it falls.",
            ),
            "zh_Hans_CN": (
                "应对城市内涝的基于自然的解决方案",
                "海绵城市设计、湿地与绿色街道，让雨水就地滞留。",
            ),
        },
        1,
        ["Hydrology basics for planners", "Designing green infrastructure"],
    ),
    (
        "course",
        "online",
        5,
        35,
        80,
        "open",
        ["energy", "low_carbon"],
        ["en", "ja"],
        "",
        {
            "en": (
                "Net-Zero Retrofits of Municipal Buildings",
                "Audit, prioritise and finance energy retrofits of schools, offices and hospitals.",
            ),
            "ja": (
                "公共施設のネット・ゼロ改修",
                "学校・庁舎・病院の省エネ改修を診断し、優先順位を付け、資金を確保します。",
            ),
        },
        1,
        ["Energy audits", "Financing retrofits"],
    ),
    (
        "workshop",
        "online",
        90,
        20,
        20,
        "nomination",
        ["resilience", "policy"],
        ["en", "zh_Hant_TW", "ko"],
        "",
        {
            "en": (
                "Climate Adaptation Planning Clinic",
                "Small groups of cities work through their adaptation plans with mentors.",
            ),
            "zh_Hant_TW": (
                "氣候調適計畫診斷工作坊",
                "各城市以小組方式，在導師協助下完善調適計畫。",
            ),
        },
        1,
        [],
    ),
    (
        "symposium",
        "online",
        -60,
        1,
        300,
        "open",
        ["resilience"],
        ["en", "ja"],
        "",
        {
            "en": (
                "Urban Heat Resilience Forum",
                "Past event: cooling strategies from Tokyo, Taipei and Seoul.",
            ),
            "ja": (
                "都市の暑熱レジリエンス・フォーラム",
                "終了したイベント：東京・台北・ソウルの暑さ対策を紹介しました。",
            ),
        },
        3,
        [],
    ),
    (
        "course",
        "online",
        30,
        28,
        50,
        "open",
        ["energy", "policy"],
        ["en", "zh_Hans_CN", "ko"],
        "",
        {
            "en": (
                "Renewable Energy Procurement for Cities",
                "Power purchase agreements, rooftop solar programmes and community energy.",
            ),
            "zh_Hans_CN": ("城市可再生能源采购", "购电协议、屋顶光伏项目与社区能源。"),
        },
        1,
        ["Market options", "Contract design"],
    ),
    (
        "workshop",
        "in_person",
        120,
        2,
        25,
        "approval",
        ["urban_planning", "low_carbon"],
        ["en", "ja"],
        "Yokohama Port Opening Memorial Hall, Yokohama",
        {
            "en": (
                "Low-Emission Zones and Sustainable Transport",
                "From parking policy to bus priority: plan measures that cut transport emissions.",
            ),
            "ja": (
                "低排出ゾーンと持続可能な交通",
                "駐車政策からバス優先まで、交通部門の排出削減策を計画します。",
            ),
        },
        2,
        [],
    ),
    (
        "course",
        "online",
        -200,
        40,
        60,
        "open",
        ["water"],
        ["en"],
        "",
        {
            "en": (
                "Water-Sensitive City Design",
                "Past course: integrated water management for dense districts.",
            )
        },
        1,
        ["Urban water cycle", "Design patterns"],
    ),
    (
        "symposium",
        "hybrid",
        25,
        1,
        3,
        "open",
        ["environmental_education"],
        ["zh_Hant_TW", "en"],
        "Kaohsiung City Library, Kaohsiung",
        {
            "zh_Hant_TW": ("青年氣候教育論壇", "與青年共同討論學校與社區的氣候教育；名額有限。"),
            "en": (
                "Youth Climate Education Forum",
                "Young people and teachers on climate "
                "education in schools and communities; very few seats.",
            ),
        },
        2,
        [],
    ),
]


def seed_offerings(instructor=None) -> int:
    """Add the demonstration offerings once (matched by English title)."""
    existing = set(db.session.scalars(select(OfferingTranslation.title)))
    today = date.today()
    added = 0
    for (
        kind,
        fmt,
        start,
        length,
        capacity,
        mode,
        topics,
        languages,
        venue,
        texts,
        sessions_per_day,
        modules,
    ) in DEMO_OFFERINGS:
        first_title = next(iter(texts.values()))[0]
        if first_title in existing:
            continue
        starts_on = today + timedelta(days=start)
        ends_on = starts_on + timedelta(days=length - 1)
        fallback = "en" if "en" in texts else next(iter(texts))
        offering = Offering(
            kind=kind,
            status="published",
            format=fmt,
            timezone="Asia/Taipei",
            starts_on=starts_on,
            ends_on=ends_on,
            capacity=capacity,
            enrolment_mode=mode,
            fallback_locale=fallback,
            venue=venue,
            online_url="https://meet.example.org/kcc" if fmt != "in_person" else "",
            enrol_opens_at=utcnow() - timedelta(days=30),
            enrol_closes_at=local_to_utc(
                datetime.combine(starts_on - timedelta(days=3), time(17)), "Asia/Taipei"
            ),
            published_at=utcnow() - timedelta(days=max(1, 60 - start % 50)),
        )
        offering.translations = [
            OfferingTranslation(
                locale=code,
                title=title,
                summary=summary,
                description=DESCRIPTIONS[kind] if code == "en" else "",
            )
            for code, (title, summary) in texts.items()
        ]
        offering.topic_rows = [OfferingTopic(topic=t) for t in topics]
        offering.language_rows = [OfferingLanguage(locale=code) for code in languages]
        offering.modules = [
            Module(position=n, titles={"en": title}) for n, title in enumerate(modules, start=1)
        ]
        offering.sessions = _sessions(starts_on, ends_on, sessions_per_day, fallback)
        if instructor is not None:
            offering.instructors = [instructor]
        db.session.add(offering)
        added += 1
    db.session.commit()
    return added


DESCRIPTIONS = {
    "course": "<p>Each module combines a short reading, a recorded lecture and a practical "
    "exercise based on a real city. Participants who complete every module and the final "
    "exercise receive a certificate of completion.</p><ul><li>Learning hours: about 12</li>"
    "<li>Materials in English, with summaries in the languages listed</li></ul>",
    "symposium": "<p>A programme of keynotes, city case studies and panels. Sessions are "
    "interpreted where the programme says so.</p><ul><li>Certificate of attendance for "
    "participants present at every session</li></ul>",
    "workshop": "<p>Each city sends a team of two or three officials. Over the sessions, "
    "teams draft an action plan (context, goals, actions, indicators, timeline, budget) and "
    "revise it with an instructor until it is approved.</p><ul><li>Bring your city's latest "
    "emissions or risk data</li><li>Completion needs attendance and an approved plan</li></ul>",
}

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


def _sessions(starts_on, ends_on, per_day, fallback):
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
                    titles=dict(titles), starts_at=begins, ends_at=begins + timedelta(minutes=90)
                )
            )
        day += timedelta(days=1 if (ends_on - starts_on).days < 7 else 7)
    return sessions


def seed_enrolments() -> int:
    """Fill the small forum with the demo officials and enrol them elsewhere, through the same
    rules as the site (so seats, waitlists and mails are real)."""
    from app.accounts.models import User
    from app.enrolment.models import Enrolment
    from app.enrolment.services import enrol

    officials = db.session.scalars(
        select(User).where(User.email.like("official%@demo.kcc.test")).order_by(User.id)
    ).all()
    if not officials or db.session.scalar(select(Enrolment.id).limit(1)) is not None:
        return 0
    titles = {t.title: t.offering_id for t in db.session.scalars(select(OfferingTranslation))}
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
    return count

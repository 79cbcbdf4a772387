"""Demonstration materials and action plans for `flask seed demo` (idempotent)."""

from __future__ import annotations

import io

from sqlalchemy import select

from app.accounts.models import User
from app.catalogue.models import Offering
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.extensions import db
from app.records.materials import services as materials
from app.records.materials.models import Material
from app.records.plans import services as plans
from app.records.plans.models import ActionPlan

DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)

PLANS = {
    "official@demo.kcc.test": (
        "en",
        "Separate food waste at source in 40 schools",
        "circular_economy",
        {
            "context": "Food waste is 38 % of household refuse; only 6 schools separate it.",
            "goals": "Halve food waste sent to incineration from schools by 2028.",
            "actions": [
                {
                    "action": "Pilot separate bins and collection in 10 schools",
                    "owner": "Environmental Protection Bureau",
                    "deadline": "2027-03",
                    "budget": "NT$ 1.2 million",
                    "partners": "Education Bureau",
                },
                {
                    "action": "Compost at two district facilities",
                    "owner": "Sanitation Division",
                    "deadline": "2027-12",
                    "budget": "NT$ 3 million",
                    "partners": "Farmers' association",
                },
            ],
            "indicators": [
                {"name": "Schools separating food waste", "baseline": "6", "target": "40"},
            ],
            "timeline": "Pilot in spring 2027, city-wide roll-out in 2028.",
        },
    ),
    "official.ko@demo.kcc.test": (
        "ko",
        "공동주택 음식물 쓰레기 종량제 확대",
        "circular_economy",
        {
            "context": "공동주택의 음식물 쓰레기 배출량이 연 4만 톤에 이릅니다.",
            "goals": "2028년까지 공동주택 음식물 쓰레기를 20% 줄입니다.",
            "actions": [
                {
                    "action": "RFID 종량기 500대 보급",
                    "owner": "자원순환과",
                    "deadline": "2027-10",
                    "budget": "15억 원",
                    "partners": "아파트 관리사무소",
                }
            ],
            "indicators": [{"name": "세대당 배출량(kg/월)", "baseline": "9.5", "target": "7.6"}],
            "timeline": "2027년 상반기 시범 사업, 하반기 확대.",
        },
    ),
    "official.ja@demo.kcc.test": (
        "ja",
        "プラスチック容器の店頭回収の拡大",
        "circular_economy",
        {
            "context": "市内スーパー12店舗で店頭回収を実施しているが、回収量は横ばい。",
            "goals": "2028年度までに店頭回収量を2倍にする。",
            "actions": [
                {
                    "action": "回収協力店を50店舗に拡大",
                    "owner": "循環型社会推進課",
                    "deadline": "2027-09",
                    "budget": "800万円",
                    "partners": "市内スーパー各社",
                }
            ],
            "indicators": [{"name": "店頭回収量（トン／年）", "baseline": "120", "target": "240"}],
            "timeline": "2027年度に協力店募集、2028年度に効果検証。",
        },
    ),
}


def _offering(title: str) -> Offering | None:
    return db.session.scalar(
        select(Offering).where(Offering.titles["en"].as_string() == title).limit(1)
    )


def _enrolled(user: User, offering: Offering) -> Enrolment:
    """The demo official's enrolment in a past offering (added directly: its enrolment
    period is over), holding a seat."""
    enrolment = db.session.scalar(
        select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.offering_id == offering.id)
    )
    if enrolment is None:
        enrolment = Enrolment(
            user_id=user.id, offering_id=offering.id, status=EnrolmentStatus.ENROLLED
        )
        offering.seats_taken += 1
        db.session.add(enrolment)
        db.session.flush()
    return enrolment


def seed_records_a_demo() -> str:
    """Materials on a course and a workshop; in the past zero-waste workshop, two approved
    plans published in the library and one in review after a request for changes."""

    instructor = db.session.scalar(select(User).where(User.email == "instructor@demo.kcc.test"))
    workshop = _offering("Zero-Waste Cities Workshop")
    course = _offering("Water-Sensitive City Design")
    if instructor is None or workshop is None or course is None:
        return "No demonstration offerings: nothing added for materials and action plans."
    if db.session.scalar(select(Material.id).limit(1)) is not None:
        return "Demonstration materials and action plans are already there."
    added_materials = 0
    for offering, title, required in (
        (course, {"en": "Reading: the urban water cycle", "zh_Hant_TW": "閱讀：都市水循環"}, True),
        (workshop, {"en": "Action-plan template", "ko": "실행계획 양식"}, False),
    ):
        materials.add_file(
            instructor,
            offering,
            materials.MaterialDetails(titles=title, is_required=required),
            materials.Upload("reading.pdf", io.BytesIO(DEMO_PDF)),
        )
        added_materials += 1
    materials.add_link(
        instructor,
        workshop,
        materials.MaterialDetails(
            titles={"en": "ICLEI zero-waste resources"},
            visibility="public",
            url="https://iclei.org/",
        ),
    )
    added_materials += 1

    added_plans = 0
    for email, (locale, title, topic, content) in PLANS.items():
        official = db.session.scalar(select(User).where(User.email == email))
        if official is None:
            continue
        enrolment = _enrolled(official, workshop)
        if db.session.scalar(
            select(ActionPlan.id).where(
                ActionPlan.user_id == official.id, ActionPlan.offering_id == workshop.id
            )
        ):
            continue
        draft = plans.PlanDraft(title=title, topic=topic, locale=locale, content=content)
        plan = plans.save_draft(official, enrolment, draft)
        plans.submit(official, plan)
        if locale == "ja":  # in review after one round of changes
            plans.review(
                instructor,
                workshop,
                plan,
                "changes_requested",
                "Please add an indicator for participating stores.",
            )
            content = {
                **content,
                "indicators": [
                    *content["indicators"],
                    {"name": "回収協力店数", "baseline": "12", "target": "50"},
                ],
            }
            plans.save_draft(
                official,
                enrolment,
                plans.PlanDraft(title=title, topic=topic, locale=locale, content=content),
            )
            plans.submit(official, plan)
        else:
            plans.set_consent(official, plan, True)
            plans.review(instructor, workshop, plan, "approved", "Clear and realistic.")
        added_plans += 1
    db.session.commit()
    return f"Added {added_materials} demonstration materials and {added_plans} action plans."

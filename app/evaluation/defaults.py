"""The default evaluation questions every offering asks (staff change them afterwards).

The same texts are written by the migration that creates the tables (migrations copy what they
need); ``ensure_default_questions`` adds them to a database that has no default question, e.g.
for the demonstration data.
"""

from __future__ import annotations

from sqlalchemy import select

from app.evaluation.models import EvaluationQuestion, QuestionKind
from app.extensions import db

DEFAULT_QUESTIONS: tuple[tuple[str, bool, dict[str, str]], ...] = (
    (
        QuestionKind.RATING,
        True,
        {
            "en": "Overall, how satisfied are you with this training?",
            "zh_Hant_TW": "整體而言，您對本次培訓的滿意程度如何？",
            "ko": "이번 교육에 전반적으로 얼마나 만족하십니까?",
            "ja": "本研修の全体的な満足度をお聞かせください。",
            "zh_Hans_CN": "总体而言，您对本次培训的满意程度如何？",
        },
    ),
    (
        QuestionKind.RATING,
        True,
        {
            "en": "How useful is what you learned for your work in your city?",
            "zh_Hant_TW": "所學內容對您在所屬城市的業務有多大幫助？",
            "ko": "배운 내용이 소속 지방정부의 업무에 얼마나 도움이 됩니까?",
            "ja": "学んだ内容は、所属自治体での業務にどの程度役立ちますか。",
            "zh_Hans_CN": "所学内容对您在所在城市的工作有多大帮助？",
        },
    ),
    (
        QuestionKind.RATING,
        True,
        {
            "en": "How clear and well prepared were the instructors?",
            "zh_Hant_TW": "講師的說明是否清楚、準備是否充分？",
            "ko": "강사의 설명은 명확했고 준비는 충분했습니까?",
            "ja": "講師の説明は分かりやすく、準備は十分でしたか。",
            "zh_Hans_CN": "讲师的讲解是否清楚、准备是否充分？",
        },
    ),
    (
        QuestionKind.RATING,
        True,
        {
            "en": "How well were the sessions, materials and schedule organised?",
            "zh_Hant_TW": "各場次、教材及時程的安排是否妥善？",
            "ko": "회차 구성, 교육 자료, 일정은 얼마나 잘 운영되었습니까?",
            "ja": "各回の構成、教材、日程の運営は適切でしたか。",
            "zh_Hans_CN": "各场次、教材和日程的安排是否妥当？",
        },
    ),
    (
        QuestionKind.TEXT,
        False,
        {
            "en": "What was most useful to you, and why?",
            "zh_Hant_TW": "對您最有幫助的是哪些內容？原因為何？",
            "ko": "가장 도움이 된 내용은 무엇이며, 그 이유는 무엇입니까?",
            "ja": "最も役立った内容とその理由をお書きください。",
            "zh_Hans_CN": "对您最有帮助的是哪些内容？原因是什么？",
        },
    ),
    (
        QuestionKind.TEXT,
        False,
        {
            "en": "What should we improve next time?",
            "zh_Hant_TW": "下次培訓有哪些需要改進之處？",
            "ko": "다음 교육에서 개선할 점이 있다면 적어 주십시오.",
            "ja": "次回に向けて改善すべき点があればお書きください。",
            "zh_Hans_CN": "下次培训有哪些需要改进的地方？",
        },
    ),
)


def ensure_default_questions() -> int:
    """Add the default set when there is no default question at all; returns how many."""
    if db.session.scalar(
        select(EvaluationQuestion.id).where(EvaluationQuestion.offering_id.is_(None)).limit(1)
    ):
        return 0
    for position, (kind, required, texts) in enumerate(DEFAULT_QUESTIONS, start=1):
        db.session.add(
            EvaluationQuestion(
                offering_id=None,
                position=position,
                kind=str(kind),
                is_required=required,
                is_active=True,
                texts=dict(texts),
            )
        )
    db.session.flush()
    return len(DEFAULT_QUESTIONS)

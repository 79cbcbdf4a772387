"""Answering an offering's evaluation, its results, and the questions staff and instructors
keep (the default set and an offering's own)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.catalogue.access import can_view
from app.catalogue.models import Offering
from app.catalogue.queries import offering_or_404
from app.core.babel import gettext as _
from app.core.babel import locale_code
from app.core.db import utcnow
from app.core.guard import require
from app.core.i18n import LANGUAGE_NAMES
from app.enrolment.services import find_enrolment
from app.evaluation import access, completion, services  # noqa: F401 (completion registers)
from app.evaluation.forms import QuestionForm, answer_form, answers_of
from app.evaluation.models import KIND_TITLES, EvaluationQuestion
from app.evaluation.panels import register_panels
from app.evaluation.results import offering_results
from app.extensions import db

bp = Blueprint("evaluation", __name__, template_folder="templates")
# The evaluation box on the offering page and on My learning (catalogue/enrolment panels).
bp.record_once(lambda state: register_panels(state.app))


# The evaluation's templates name each question's kind (lazy titles, translated when shown).
bp.record_once(
    lambda state: state.app.jinja_env.globals.update(
        question_kind_titles={str(kind): title for kind, title in KIND_TITLES.items()}
    )
)


# Answering -----------------------------------------------------------------------------------


@bp.route("/offerings/<int:offering_id>/evaluation", methods=["GET", "POST"])
@login_required
def answer(offering_id: int):
    offering = offering_or_404(offering_id)
    require(can_view(current_user, offering), hide=True)
    enrolment = find_enrolment(current_user.id, offering.id)
    require(access.is_participant(current_user, enrolment))
    locale = locale_code()
    now = utcnow()
    if services.has_answered(enrolment.id):
        return render_template("evaluation/answered.html", offering=offering, locale=locale)
    if not services.is_open(offering, now):
        return render_template(
            "evaluation/not_open.html",
            offering=offering,
            locale=locale,
            opens_at=services.opens_at(offering),
        )
    questions = services.questions_for(offering.id)
    form = answer_form(questions, locale, offering.fallback_locale)
    if form.validate_on_submit():
        services.submit(current_user, enrolment, answers_of(form), now)
        flash(_("Thank you. Your answers are recorded anonymously."), "success")
        return redirect(url_for("catalogue.show", offering_id=offering.id))
    return render_template(
        "evaluation/answer.html", offering=offering, locale=locale, form=form, questions=questions
    )


# Results -------------------------------------------------------------------------------------


@bp.route("/manage/offerings/<int:offering_id>/evaluation")
@login_required
def results(offering_id: int):
    offering = offering_or_404(offering_id)
    require(access.can_see_results(current_user, offering))
    outcome = offering_results(
        offering.id, viewer=current_user, text_page=request.args.get("page"), offering=offering
    )
    return render_template(
        "evaluation/results.html",
        offering=offering,
        locale=locale_code(),
        results=outcome,
        minimum=access.MIN_RESPONSES,
        question_titles={q.question.id: q.question for q in outcome.questions},
    )


# Questions -----------------------------------------------------------------------------------


@bp.route("/manage/offerings/<int:offering_id>/evaluation/questions")
@login_required
def offering_questions(offering_id: int):
    offering = offering_or_404(offering_id)
    require(access.can_edit_offering_questions(current_user, offering))
    return render_template(
        "evaluation/questions.html",
        offering=offering,
        locale=locale_code(),
        defaults=services.own_questions(None),
        questions=services.own_questions(offering.id),
    )


@bp.route("/staff/evaluation/questions")
@login_required
def default_questions():
    require(access.can_edit_default_questions(current_user))
    return render_template(
        "evaluation/questions.html",
        offering=None,
        locale=locale_code(),
        defaults=None,
        questions=services.own_questions(None),
    )


def _edit(offering: Offering | None, question: EvaluationQuestion | None):
    form = QuestionForm(
        obj=None,
        editing=question is not None,
        data=_form_data(question) if question is not None and request.method == "GET" else None,
    )
    if form.validate_on_submit():
        services.save_question(
            current_user,
            offering,
            question,
            kind=question.kind if question else form.kind.data,
            texts=form.texts(),
            required=form.required.data,
            active=form.active.data,
        )
        flash(_("The question is saved."), "success")
        if offering is None:
            return redirect(url_for("evaluation.default_questions"))
        return redirect(url_for("evaluation.offering_questions", offering_id=offering.id))
    return render_template(
        "evaluation/edit_question.html",
        offering=offering,
        question=question,
        form=form,
        locale=locale_code(),
        language_names=LANGUAGE_NAMES,
    )


def _form_data(question: EvaluationQuestion) -> dict:
    data = {f"text_{code}": text for code, text in (question.texts or {}).items()}
    return {**data, "required": question.is_required, "active": question.is_active}


def _question(question_id: int, offering_id: int | None) -> EvaluationQuestion:
    question = db.session.get(EvaluationQuestion, question_id)
    if question is None or question.offering_id != offering_id:
        abort(404)
    return question


@bp.route("/manage/offerings/<int:offering_id>/evaluation/questions/new", methods=["GET", "POST"])
@login_required
def new_offering_question(offering_id: int):
    offering = offering_or_404(offering_id)
    require(access.can_edit_offering_questions(current_user, offering))
    return _edit(offering, None)


@bp.route(
    "/manage/offerings/<int:offering_id>/evaluation/questions/<int:question_id>",
    methods=["GET", "POST"],
)
@login_required
def edit_offering_question(offering_id: int, question_id: int):
    offering = offering_or_404(offering_id)
    require(access.can_edit_offering_questions(current_user, offering))
    return _edit(offering, _question(question_id, offering.id))


@bp.route("/staff/evaluation/questions/new", methods=["GET", "POST"])
@login_required
def new_default_question():
    require(access.can_edit_default_questions(current_user))
    return _edit(None, None)


@bp.route("/staff/evaluation/questions/<int:question_id>", methods=["GET", "POST"])
@login_required
def edit_default_question(question_id: int):
    require(access.can_edit_default_questions(current_user))
    return _edit(None, _question(question_id, None))

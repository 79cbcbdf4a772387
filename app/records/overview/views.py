"""The records view of an offering (participants × sessions and rules), its CSV export and
the CSV import of attendance or completion decisions."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.catalogue.queries import offering_or_404
from app.core.babel import locale_code
from app.core.pagination import paginate_rows
from app.core.spreadsheet import csv_response  # one Excel-safe rule for every export
from app.core.urls import parse_id
from app.records.completion.access import can_keep_records
from app.records.completion.services import rule_for
from app.records.overview import csv_import, exports, queries
from app.records.overview.forms import ImportForm
from app.records.overview.record_rows import record_rows
from app.records.personal_data import register_personal_data
from app.records.sessions import takes_attendance

bp = Blueprint("records", __name__, template_folder="templates")
# A person's data download has their attendance and action plans (accounts/personal_data.py).
bp.record_once(lambda state: register_personal_data(state.app))
PER_PAGE = 50


def _filters() -> dict[str, str]:
    city = request.args.get("city", "")
    status = request.args.get("status", "")
    return {
        "city": city if parse_id(city) is not None else "",
        "status": status if status in queries.COMPLETION_FILTERS else "",
    }


@bp.route("/manage/offerings/<int:offering_id>/records")
@login_required
def records_view(offering_id: int):
    offering = offering_or_404(offering_id, can_keep_records)
    locale = locale_code()
    filters = _filters()
    statement, values = queries.participants(offering.id, locale, **filters)
    page = paginate_rows(statement, request.args.get("page"), PER_PAGE, params=values)
    sessions = queries.sessions_of(offering.id)
    cells = queries.attendance_cells([row.id for row in page.items], sessions)
    return render_template(
        "overview/records.html",
        offering=offering,
        page=page,
        sessions=sessions,
        counted={s.id for s in sessions if takes_attendance(s)},
        written_rows=record_rows(page.items, cells),
        totals=queries.totals(offering.id),
        rule=rule_for(offering),
        cities=queries.participant_cities(offering.id, locale),
        filters=filters,
        locale=locale,
    )


@bp.route("/manage/offerings/<int:offering_id>/records.csv")
@login_required
def export_csv(offering_id: int):
    offering = offering_or_404(offering_id, can_keep_records)
    rows = exports.records_rows(offering.id, locale_code(), **_filters())
    return csv_response(rows, f"records-{offering.id}.csv", headers={"Cache-Control": "no-store"})


@bp.route("/manage/offerings/<int:offering_id>/records/import", methods=["GET", "POST"])
@login_required
def import_csv(offering_id: int):
    offering = offering_or_404(offering_id, can_keep_records)
    form = ImportForm()
    checked = None
    if form.validate_on_submit():
        checked = csv_import.check_file(offering.id, form.kind.data, form.content())
        if form.apply.data and checked.ok:
            changed = csv_import.apply_import(current_user, offering.id, checked)
            flash(csv_import.import_summary(checked, changed), "success")
            return redirect(url_for("records.records_view", offering_id=offering.id))
    return render_template(
        "overview/import.html",
        offering=offering,
        form=form,
        checked=checked,
        sessions=queries.sessions_of(offering.id),
        locale=locale_code(),
    )

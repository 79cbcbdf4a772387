"""Staff keep the list of cities and organisations."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.cities.forms import CityForm
from app.cities.models import City
from app.cities.services import save_city
from app.core.access import role_required
from app.core.babel import gettext as _
from app.core.guard import load_or_404
from app.core.i18n import DEFAULT_LOCALE
from app.core.localized import localized_sql
from app.core.pagination import paginate
from app.core.roles import Role

bp = Blueprint("cities", __name__, url_prefix="/staff/cities", template_folder="templates")


@bp.route("")
@role_required(Role.STAFF, Role.ADMIN)
def list_cities():
    statement = select(City).order_by(City.country_code, localized_sql(City.names, DEFAULT_LOCALE))
    page = paginate(statement, request.args.get("page"), 50)
    return render_template("cities/list.html", page=page)


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.STAFF, Role.ADMIN)
def create_city():
    form = CityForm()
    if form.validate_on_submit():
        save_city(current_user, None, **form.values())
        flash(_("The city or organisation has been saved."), "success")
        return redirect(url_for("cities.list_cities"))
    return render_template("cities/edit.html", form=form, city=None)


@bp.route("/<int:city_id>/edit", methods=["GET", "POST"])
@role_required(Role.STAFF, Role.ADMIN)
def edit_city(city_id: int):
    city = load_or_404(City, city_id)
    form = CityForm(city=city)
    if form.validate_on_submit():
        save_city(current_user, city, **form.values())
        flash(_("The city or organisation has been saved."), "success")
        return redirect(url_for("cities.list_cities"))
    return render_template("cities/edit.html", form=form, city=city)

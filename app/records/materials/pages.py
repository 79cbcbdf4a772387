"""What the material pages show: one function a page gathers its template's context, so a view
only parses the request, calls a service and renders."""

from __future__ import annotations

from flask import current_app

from app.catalogue.models import Offering
from app.core.babel import gettext as _
from app.core.babel import locale_code
from app.core.db import load_parts
from app.core.i18n import LANGUAGE_NAMES
from app.records.materials import services
from app.records.materials.forms import MaterialForm, RestoreForm
from app.records.materials.models import Material


def attach_choices(offering: Offering, locale: str) -> list[tuple[str, str]]:
    """The offering's modules and sessions a material can be attached to."""
    load_parts(offering, "modules", "sessions")
    choices = [
        (f"module:{m.id}", _("Module: %(title)s", title=m.title(locale))) for m in offering.modules
    ]
    choices += [
        (f"session:{s.id}", _("Session: %(title)s", title=s.title(locale)))
        for s in offering.sessions
    ]
    return choices


def material_form(offering: Offering, material: Material | None = None) -> MaterialForm:
    """The form to add a material to ``offering``, or to change ``material``."""
    return MaterialForm(
        attach_choices=attach_choices(offering, locale_code()),
        editing_kind=material.kind if material else None,
    )


def _limit_mb() -> int:
    return max(1, current_app.config["MATERIAL_MAX_BYTES"] // (1024 * 1024))


def edit(offering: Offering, form: MaterialForm, material: Material | None = None) -> dict:
    """The form adding a material, or changing ``material`` with its versions to restore."""
    context = {
        "form": form,
        "offering": offering,
        "material": material,
        "locale": locale_code(),
        "language_names": LANGUAGE_NAMES,
        "limit_mb": _limit_mb(),
    }
    if material is not None:
        context |= {"versions": services.versions_of(material), "restore_form": RestoreForm()}
    return context

"""What enrolment's pages show: one function a page gathers its template's context, so a view
only parses the request, calls a service and renders."""

from __future__ import annotations

from flask import current_app

from app.catalogue.models import Offering
from app.core.babel import locale_code
from app.enrolment import bulk
from app.enrolment.bulk_forms import BulkConfirmForm, BulkUploadForm


def bulk_enrolment(offering: Offering, form: BulkUploadForm, checked: bulk.Plan | None) -> dict:
    """The list with the dry run's outcome, and the form that confirms what it would do."""
    emails = "\n".join(line.email for line in checked.to_do) if checked else ""
    return {
        "offering": offering,
        "form": form,
        "checked": checked,
        "confirm_form": BulkConfirmForm(addresses=emails),
        "inline_rows": current_app.config["BULK_INLINE_ROWS"],
        "locale": locale_code(),
    }

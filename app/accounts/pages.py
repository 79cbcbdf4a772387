"""What account pages show beyond a form: one function a page gathers its template's context,
so a view only parses the request, calls a service and renders."""

from __future__ import annotations

import segno
from markupsafe import Markup

from app.accounts.services import authenticator
from app.core.babel import gettext as _


def two_factor_setup(user, form, secret: str) -> dict:
    """The set-up form with the secret as a QR code for the authenticator app."""
    uri = authenticator.totp_uri(user, secret)
    # segno builds the SVG from our own provisioning URI and escapes it.
    qr_svg = Markup(  # noqa: S704
        segno.make(uri, error="m").svg_inline(
            scale=5, dark="#1c2321", title=_("QR code for your authenticator app")
        )
    )
    return {"form": form, "qr_svg": qr_svg, "secret": secret}

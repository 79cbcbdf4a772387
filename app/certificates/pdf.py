"""The certificate as a PDF: HTML and CSS rendered by WeasyPrint with Debian's Noto CJK fonts
(embedded as subsets, so every viewer shows the same page and the text can be copied).

A4 landscape, in the holder's language and English (English alone when that is theirs); dates
in the holder's locale, read in the offering's time zone, so a date never moves by a day.
"""

from __future__ import annotations

import base64
import logging
from functools import cache
from zoneinfo import ZoneInfo

import segno
from babel.dates import format_date
from babel.numbers import format_decimal
from flask import render_template
from flask_babel import force_locale

from app.catalogue.models import KIND_TITLES, OfferingKind
from app.certificates import fonts
from app.certificates.credentials import verify_url
from app.certificates.files import read_bytes
from app.core.babel import gettext as _

# html lang and the Noto CJK family (regional glyph shapes) of each site language.
SCRIPTS = {
    "en": ("en", "TC"),
    "zh_Hant_TW": ("zh-Hant-TW", "TC"),
    "zh_Hans_CN": ("zh-Hans-CN", "SC"),
    "ja": ("ja", "JP"),
    "ko": ("ko", "KR"),
}


# WeasyPrint reports every rendering step at INFO; one certificate would write seven lines.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@cache
def _font_config():
    # WeasyPrint takes ~0.5 s to import: loaded when the first PDF is rendered, not with the app
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@cache
def _stylesheet(region: str):
    """The certificate's CSS for one CJK region, parsed once per process (parsing it with
    every certificate was a tenth of the renderer's time), with the region's reduced fonts."""
    # WeasyPrint takes ~0.5 s to import: loaded when the first PDF is rendered, not with the app
    from weasyprint import CSS

    reduced = fonts.register(_font_config(), region)
    css = render_template("certificates/pdf.css", region=region, reduced=reduced)
    return CSS(string=css, font_config=_font_config())


def _labels(locale: str, certificate, offering, hours: str) -> dict:
    """Every printed sentence in one language."""
    with force_locale(locale):
        kind = OfferingKind(offering.kind) if offering.kind in set(OfferingKind) else None
        return {
            "heading": _("Certificate of Completion"),
            "certifies": _("This is to certify that"),
            "completed": _("has completed"),
            "kind": str(KIND_TITLES[kind]) if kind else "",
            "dates": _("Dates"),
            "hours": _("Hours attended"),
            "hours_value": _("%(hours)s hours", hours=hours),
            "serial": _("Serial number"),
            "issued": _("Date of issue"),
            "verify": _("Check this certificate at"),
        }


def _day(value, locale: str) -> str:
    return format_date(value, "long", locale=locale)


def render_html(certificate, settings_row, signature: bytes | None = None) -> str:
    offering = certificate.offering
    locale = certificate.holder_locale if certificate.holder_locale in SCRIPTS else "en"
    zone = ZoneInfo(offering.timezone or "Asia/Taipei")
    issued_on = certificate.issued_at.astimezone(zone).date()
    languages = [locale, "en"] if locale != "en" else ["en"]
    blocks = []
    for code in languages:
        minutes = certificate.attended_minutes or 0
        hours = format_decimal(round(minutes / 60, 1), "#,##0.#", locale=code)
        dates = (
            _day(offering.starts_on, code)
            if offering.starts_on == offering.ends_on
            else f"{_day(offering.starts_on, code)} – {_day(offering.ends_on, code)}"
        )
        blocks.append(
            {
                "code": code,
                "lang": SCRIPTS[code][0],
                "labels": _labels(code, certificate, offering, hours),
                "title": certificate.title if code == locale else certificate.title_en,
                "dates": dates,
                "issued": _day(issued_on, code),
            }
        )
    qr = segno.make(verify_url(certificate.code), error="m")
    return render_template(
        "certificates/pdf.html",
        certificate=certificate,
        settings=settings_row,
        blocks=blocks,
        main=blocks[0],
        english=blocks[-1],
        bilingual=len(blocks) > 1,
        region=SCRIPTS[locale][1],
        qr=qr.svg_data_uri(scale=4, border=0, dark="#0f4a37"),
        verify_url=verify_url(certificate.code),
        signature=(
            "data:image/png;base64," + base64.b64encode(signature).decode() if signature else None
        ),
    )


def render_certificate(certificate, settings_row) -> bytes:
    # WeasyPrint takes ~0.5 s to import: loaded when the first PDF is rendered, not with the app
    from weasyprint import HTML

    signature = read_bytes(settings_row.signature_key)
    html = render_html(certificate, settings_row, signature)
    locale = certificate.holder_locale if certificate.holder_locale in SCRIPTS else "en"
    return HTML(string=html).write_pdf(
        font_config=_font_config(), stylesheets=[_stylesheet(SCRIPTS[locale][1])]
    )

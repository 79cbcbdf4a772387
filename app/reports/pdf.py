"""An official's transcript as a PDF in their language, with the certificates' PDF stack
(WeasyPrint and Debian's Noto CJK fonts, embedded as subsets)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import render_template
from flask_babel import force_locale

from app.certificates.pdf import SCRIPTS, _font_config
from app.reports import services


def transcript_html(user) -> str:
    locale = user.locale if user.locale in SCRIPTS else "en"
    with force_locale(locale):
        rows = services.transcript(user, locale)
        return render_template(
            "reports/transcript_pdf.html",
            person=user,
            rows=rows,
            lang=SCRIPTS[locale][0],
            region=SCRIPTS[locale][1],
            locale=locale,
            today=datetime.now(UTC).date(),
            total_hours=round(sum(r["hours"] for r in rows), 1),
        )


def render_transcript(user) -> bytes:
    # WeasyPrint takes ~0.5 s to import: loaded with the first PDF, not with the app
    from weasyprint import HTML

    return HTML(string=transcript_html(user)).write_pdf(font_config=_font_config())

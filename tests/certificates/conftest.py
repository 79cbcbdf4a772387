"""Certificates' fixtures: an app whose keys and files live in the test's own folder, and
completed enrolments (completion is data set by the records domain; here set directly)."""

from __future__ import annotations

import pytest

from app.core.db import utcnow

HOLDERS = {
    # locale: (native name, Latin name, family name, offering title in that language)
    "en": ("Jane Smith", "Jane Smith", "Smith", "Climate finance for cities"),
    "zh_Hant_TW": ("陳美玲", "Chen Mei-ling", "陳", "城市氣候融資"),
    "ko": ("김민준", "Kim Min-jun", "김", "도시 기후 금융"),
    "ja": ("佐藤 花子", "Sato Hanako", "佐藤", "都市の気候ファイナンス"),
    "zh_Hans_CN": ("王伟", "Wang Wei", "王", "城市气候融资"),
}


@pytest.fixture
def cert_settings(tmp_path):
    return {
        "CREDENTIAL_KEY_DIR": str(tmp_path / "keys"),
        "STORAGE_DIR": str(tmp_path / "storage"),
    }


@pytest.fixture
def app(app_factory, cert_settings):
    return app_factory(**cert_settings)


@pytest.fixture
def db(app_factory, cert_settings):
    from app.extensions import db as database

    twin = app_factory(**cert_settings)
    with twin.app_context():
        yield database


@pytest.fixture
def completed_enrolment(db, create_user, create_offering):
    """An enrolment whose completion the records domain has decided: "completed"."""
    from app.enrolment.models import Enrolment

    def make(locale="en", offering=None, completion="completed", minutes=750, **user_values):
        native, latin, _family, title = HOLDERS[locale]
        person = create_user(
            locale=locale,
            name_native=user_values.pop("name_native", native),
            name_latin=user_values.pop("name_latin", latin),
            **user_values,
        )
        if offering is None:
            titles = {"en": ("Climate finance for cities", "Summary")}
            if locale != "en":
                titles[locale] = (title, "…")
            offering = create_offering(titles=titles, kind="workshop")
        enrolment = Enrolment(
            user_id=person.id,
            offering_id=offering.id,
            status="enrolled",
            completion=completion,
            completed_at=utcnow() if completion == "completed" else None,
            attended_minutes=minutes,
        )
        db.session.add(enrolment)
        db.session.commit()
        return enrolment

    return make


@pytest.fixture
def staff(create_user):
    return create_user(roles=("staff",))

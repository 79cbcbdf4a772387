"""The demonstration data of materials and action plans loads, once, through the services."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from app.catalogue.models import Offering
from app.core.db import load_parts
from app.records.plans.models import ActionPlan


def test_seed_demo_adds_materials_and_plans_once(app, db, tmp_path):
    # The command runs in the app context already pushed by the ``db`` fixture (its twin).
    current_app.config["STORAGE_URL"] = f"file://{tmp_path / 'storage'}"
    current_app.extensions.pop("kcc_storage", None)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    assert "Added 3 demonstration materials and 3 action plans." in first.output
    assert "focal.point@demo.kcc.test" in first.output and "focal_point" in first.output
    _every_offering_reads_completely_in_five_languages(db)
    plans = db.session.execute(
        select(ActionPlan.locale, ActionPlan.status, ActionPlan.is_published).order_by(
            ActionPlan.locale
        )
    ).all()
    assert [tuple(p) for p in plans] == [
        ("en", "approved", True),
        ("ja", "submitted", False),
        ("ko", "approved", True),
    ]
    assert len(list((tmp_path / "storage").rglob("*"))) > 0  # files kept where configured
    library = app.test_client().get("/action-plans").get_data(as_text=True)
    assert "공동주택 음식물 쓰레기 종량제 확대" in library
    second = runner.invoke(args=["seed", "demo"])
    assert second.exit_code == 0, second.output
    assert db.session.scalar(select(func.count(ActionPlan.id))) == 3


LOCALES = {"en", "zh_Hant_TW", "ko", "ja", "zh_Hans_CN"}


def _every_offering_reads_completely_in_five_languages(db):
    """Issue 15 item 19: the first impression is complete in every language: title, summary
    and description in the five, module and session titles too, venues and session places
    named, and no language of instruction without its text."""
    offerings = db.session.scalars(select(Offering)).all()
    assert len(offerings) >= 14
    for offering in offerings:
        load_parts(offering, "language_rows", "modules", "sessions")
        texts = (offering.titles, offering.summaries, offering.descriptions)
        assert all(set(column) == LOCALES for column in texts), offering
        assert all(all(column.values()) for column in texts), offering
        assert set(offering.languages) <= set(offering.titles), offering
        for part in [*offering.modules, *offering.sessions]:
            assert set(part.titles) == LOCALES and all(part.titles.values()), part
        if offering.format != "online":
            assert offering.venue, offering
            assert all(s.location for s in offering.sessions), offering
    # A Korean reader of the Korean page sees Korean module titles, not English ones.
    course = db.session.scalar(
        select(Offering).where(
            Offering.titles["en"].as_string() == "Biodiversity Mainstreaming for Local Governments"
        )
    )
    assert load_parts(course, "modules").modules[0].title("ko") == "도시에 생물다양성이 중요한 이유"

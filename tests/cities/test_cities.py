"""Staff keep the list of cities; the seeded list carries names in all five languages."""

from __future__ import annotations

from sqlalchemy import func, select

from app.cities.models import City
from app.core.audit import AuditEvent
from app.core.i18n import LOCALE_CODES
from tests.factories import csrf_token

ENGLISH = City.names["en"].as_string()

CITY = {
    "country_code": "KR",
    "name_en": "Ulsan Metropolitan City",
    "name_zh_hant_tw": "蔚山廣域市",
    "name_ko": "울산광역시",
    "name_ja": "蔚山広域市",
    "name_zh_hans_cn": "蔚山广域市",
    "is_active": "y",
}


def test_seed_cities_is_complete_and_idempotent(app, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed", "cities"]).exit_code == 0
    count = db.session.scalar(select(func.count()).select_from(City))
    assert count >= 40
    assert runner.invoke(args=["seed", "cities"]).exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(City)) == count
    kaohsiung = db.session.scalar(select(City).where(ENGLISH == "Kaohsiung City Government"))
    assert kaohsiung.name("ko") == "가오슝시 정부" and kaohsiung.name("zh_Hans_CN") == "高雄市政府"
    for city in db.session.scalars(select(City)):
        assert set(city.names) == set(LOCALE_CODES) and all(city.names.values())


def test_staff_add_and_edit_a_city(client, db, create_user, login):
    staff = create_user(roles=("staff",))
    login(staff)
    token = csrf_token(client, "/staff/cities/new")
    response = client.post("/staff/cities/new", data={"csrf_token": token, **CITY})
    assert response.status_code == 302
    city = db.session.scalar(select(City).where(ENGLISH == "Ulsan Metropolitan City"))
    assert city.names == {
        "en": "Ulsan Metropolitan City",
        "zh_Hant_TW": "蔚山廣域市",
        "ko": "울산광역시",
        "ja": "蔚山広域市",
        "zh_Hans_CN": "蔚山广域市",
    }
    assert city.country_code == "KR"
    response = client.post(
        f"/staff/cities/{city.id}/edit", data={"csrf_token": token, **CITY, "name_ja": "蔚山市"}
    )
    assert response.status_code == 302
    db.session.refresh(city)
    assert city.name("ja") == "蔚山市" and city.name("ko") == "울산광역시"
    # A search by name reads the edited names, in every language, whatever the case.
    assert city.search_names.split("\n") == [
        "ulsan metropolitan city",
        "蔚山廣域市",
        "울산광역시",
        "蔚山市",
        "蔚山广域市",
    ]
    for text in ("ULSAN metro", "蔚山市", "울산광역"):
        assert db.session.scalars(select(City.id).where(City.name_contains(text))).all() == [
            city.id
        ]
    assert not db.session.scalars(select(City.id).where(City.name_contains("蔚山広域市"))).all()
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"city.created", "city.updated"} <= actions


def test_city_form_refuses_duplicates_and_bad_country(client, db, create_user, create_city, login):
    create_city(names={"en": "Ulsan Metropolitan City"})
    login(create_user(roles=("staff",)))
    token = csrf_token(client, "/staff/cities/new")
    response = client.post("/staff/cities/new", data={"csrf_token": token, **CITY})
    assert response.status_code == 200 and 'class="error-message"' in response.get_data(
        as_text=True
    )
    response = client.post(
        "/staff/cities/new",
        data={"csrf_token": token, **CITY, "name_en": "Elsewhere", "country_code": "XX"},
    )
    assert response.status_code == 200
    assert (
        db.session.scalar(select(func.count()).select_from(City).where(ENGLISH == "Elsewhere")) == 0
    )


def test_hidden_cities_are_not_offered_at_registration(client, create_city):
    create_city(is_active=False, names={"en": "Hidden Town"})
    create_city(names={"en": "Shown Town"})
    html = client.get("/register").get_data(as_text=True)
    assert "Shown Town" in html and "Hidden Town" not in html


def test_registration_shows_city_names_in_the_page_language(client, create_city):
    create_city(names={"en": "Busan Test", "ko": "부산 테스트"})
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "ko"})
    html = client.get("/register").get_data(as_text=True)
    assert "부산 테스트" in html and "Busan Test" not in html


def test_only_the_english_name_is_required(client, db, create_user, login):
    """A language left empty is left out of the city's names and falls back to English; a
    city without an English name is refused."""
    login(create_user(roles=("staff",)))
    token = csrf_token(client, "/staff/cities/new")
    partial = {**CITY, "name_zh_hant_tw": "", "name_ja": "  ", "name_zh_hans_cn": ""}
    response = client.post("/staff/cities/new", data={"csrf_token": token, **partial})
    assert response.status_code == 302
    city = db.session.scalar(select(City).where(ENGLISH == "Ulsan Metropolitan City"))
    assert city.names == {"en": "Ulsan Metropolitan City", "ko": "울산광역시"}
    assert city.name("ja") == "Ulsan Metropolitan City" and city.name("ko") == "울산광역시"
    edit = client.get(f"/staff/cities/{city.id}/edit").get_data(as_text=True)
    assert 'value="울산광역시"' in edit and 'lang="ko"' in edit

    response = client.post(
        "/staff/cities/new",
        data={"csrf_token": token, **CITY, "name_en": " ", "name_ko": "다른 도시"},
    )
    assert response.status_code == 200 and 'class="error-message"' in response.get_data(
        as_text=True
    )
    assert not any(c.names.get("ko") == "다른 도시" for c in db.session.scalars(select(City)))


def test_the_database_refuses_a_second_city_with_the_same_english_name(db, create_city):
    """The unique index over the English name in ``names`` (on both databases), behind the
    form's check: two staff saving the same new city at once get one city."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    create_city(names={"en": "Ulsan Metropolitan City"})
    create_city(names={"en": "Ulsan"})  # another English name is fine
    db.session.add(City(country_code="KR", names={"en": "Ulsan Metropolitan City", "ko": "울산"}))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_cities_are_listed_by_country_then_english_name(db, create_city):
    from app.cities.services import active_city_names

    create_city(country_code="TW", names={"en": "Tainan", "ko": "가"})
    create_city(country_code="KR", names={"en": "Seoul", "ko": "하"})
    create_city(country_code="KR", names={"en": "Busan", "ko": "허"})
    only_japanese = {"en": "", "ko": "", "zh_Hant_TW": "", "zh_Hans_CN": "", "ja": "福岡市"}
    create_city(country_code="JP", names=only_japanese)  # no English name: any written
    assert [name for _, name in active_city_names("en")] == ["福岡市", "Busan", "Seoul", "Tainan"]
    assert [name for _, name in active_city_names("ko")] == ["福岡市", "허", "하", "가"]


def test_the_audit_log_keeps_every_name_before_and_after(client, db, create_user, login):
    login(create_user(roles=("staff",)))
    token = csrf_token(client, "/staff/cities/new")
    client.post("/staff/cities/new", data={"csrf_token": token, **CITY})
    city = db.session.scalar(select(City).where(ENGLISH == "Ulsan Metropolitan City"))
    client.post(
        f"/staff/cities/{city.id}/edit",
        data={"csrf_token": token, **CITY, "name_ja": "", "name_ko": "울산시"},
    )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "city.updated"))
    assert (
        event.before["names"]["ja"] == "蔚山広域市" and event.before["names"]["ko"] == "울산광역시"
    )
    assert "ja" not in event.after["names"] and event.after["names"]["ko"] == "울산시"


def test_seeding_reads_one_column_per_language_and_leaves_empty_ones_out(
    app, db, tmp_path, monkeypatch
):
    from app.cities import cli

    path = tmp_path / "cities.csv"
    path.write_text(
        "country_code,is_member,name_en,name_zh_hant_tw,name_ko,name_ja,name_zh_hans_cn\n"
        "KR,1,Ulsan Metropolitan City,蔚山廣域市,울산광역시,,蔚山广域市\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(cli, "CITIES_CSV", path)
    assert cli.seed_cities() == 1 and cli.seed_cities() == 0
    city = db.session.scalar(select(City))
    assert city.is_member and city.names == {
        "en": "Ulsan Metropolitan City",
        "zh_Hant_TW": "蔚山廣域市",
        "ko": "울산광역시",
        "zh_Hans_CN": "蔚山广域市",
    }


def test_search_names_follow_the_names_and_only_them(db, create_city):
    """Written on insert; on an update only when the names are given anew (a change of
    another field leaves them, without reading the names)."""
    city = create_city(names={"en": "Tainan City Government", "ja": "台南市役所"})
    assert city.search_names.split("\n")[0] == "tainan city government"
    assert "台南市役所" in city.search_names.split("\n")
    db.session.expire(city)
    city.is_active = False
    db.session.commit()
    assert "台南市役所" in city.search_names.split("\n") and not city.is_active
    city.names = {"en": "Tainan"}
    db.session.commit()
    assert city.search_names == "tainan"
    assert db.session.scalars(select(City.id).where(City.name_contains("TAINAN"))).all() == [
        city.id
    ]

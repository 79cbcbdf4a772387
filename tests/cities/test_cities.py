"""Staff keep the list of cities; the seeded list carries names in all five languages."""

from __future__ import annotations

from sqlalchemy import func, select

from app.cities.models import City
from app.core.audit import AuditEvent
from tests.factories import csrf_token

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
    kaohsiung = db.session.scalar(select(City).where(City.name_en == "Kaohsiung City Government"))
    assert kaohsiung.name("ko") == "가오슝시 정부" and kaohsiung.name("zh_Hans_CN") == "高雄市政府"
    for city in db.session.scalars(select(City)):
        assert all(
            [city.name_en, city.name_zh_hant_tw, city.name_ko, city.name_ja, city.name_zh_hans_cn]
        )


def test_staff_add_and_edit_a_city(client, db, create_user, login):
    staff = create_user(roles=("staff",))
    login(staff)
    token = csrf_token(client, "/staff/cities/new")
    response = client.post("/staff/cities/new", data={"csrf_token": token, **CITY})
    assert response.status_code == 302
    city = db.session.scalar(select(City).where(City.name_en == "Ulsan Metropolitan City"))
    assert city.name_ko == "울산광역시" and city.country_code == "KR"
    response = client.post(
        f"/staff/cities/{city.id}/edit", data={"csrf_token": token, **CITY, "name_ja": "蔚山市"}
    )
    assert response.status_code == 302
    db.session.refresh(city)
    assert city.name_ja == "蔚山市"
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"city.created", "city.updated"} <= actions


def test_city_form_refuses_duplicates_and_bad_country(client, db, create_user, create_city, login):
    create_city(name_en="Ulsan Metropolitan City")
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
        db.session.scalar(select(func.count()).select_from(City).where(City.name_en == "Elsewhere"))
        == 0
    )


def test_hidden_cities_are_not_offered_at_registration(client, create_city):
    create_city(name_en="Hidden Town", is_active=False)
    create_city(name_en="Shown Town")
    html = client.get("/register").get_data(as_text=True)
    assert "Shown Town" in html and "Hidden Town" not in html


def test_registration_shows_city_names_in_the_page_language(client, create_city):
    create_city(name_en="Busan Test", name_ko="부산 테스트")
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "ko"})
    html = client.get("/register").get_data(as_text=True)
    assert "부산 테스트" in html and "Busan Test" not in html

"""Issue 12 item 3 (SECURITY.md A6, B8, WSTG-INPV-17): page links carry only each page's own
filter fields, cached fragments are keyed on exactly those, and production answers only to
the host of BASE_URL."""

from __future__ import annotations

import re

import pytest

from tests.factories import sign_in


@pytest.fixture
def two_pages_of_offerings(create_offering):
    return [create_offering(kind="course") for _ in range(13)]  # 12 per page


def page_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)" rel="(?:next|prev)"', html)


def test_query_string_cannot_make_cached_links_point_elsewhere(app, two_pages_of_offerings):
    """/offerings?_external=1 with a foreign Host once poisoned the fragment all readers get."""
    client = app.test_client()
    hostile = client.get(
        "/offerings?_external=1&_scheme=https&_anchor=x&kind=course",
        headers={"Host": "evil.example"},
    )
    assert hostile.status_code == 200
    assert "evil.example" not in hostile.get_data(as_text=True)
    assert page_links(hostile.get_data(as_text=True)) == ["/offerings?kind=course&amp;page=2"]
    for path in ("/offerings?kind=course", "/offerings?kind=course&page=1"):
        html = client.get(path).get_data(as_text=True)
        assert "evil.example" not in html and "https://" not in " ".join(page_links(html))
        assert page_links(html) == ["/offerings?kind=course&amp;page=2"]


@pytest.mark.parametrize(
    "query", ["_method=x", "_external=1", "_scheme=javascript", "_anchor=%22", "offering_id=3"]
)
def test_reserved_url_arguments_in_the_query_are_harmless(app, two_pages_of_offerings, query):
    response = app.test_client().get(f"/offerings?{query}")
    assert response.status_code == 200
    assert page_links(response.get_data(as_text=True)) == ["/offerings?page=2"]


def test_roster_ignores_a_second_offering_id(app, create_user, create_offering):
    """roster?offering_id=2 gave 500 (the CSV link passed the query twice)."""
    staff = create_user(roles=("staff",))
    offering = create_offering()
    client = app.test_client()
    sign_in(client, staff)
    response = client.get(
        f"/manage/offerings/{offering.id}/roster?offering_id=2&status=enrolled&_external=1"
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'href="/manage/offerings/{offering.id}/roster.csv?status=enrolled"' in html


def test_filters_are_kept_in_page_links(app, db, create_user):
    staff = create_user(roles=("staff",))
    for _ in range(26):
        create_user(name_latin="Findable Person")
    client = app.test_client()
    sign_in(client, staff)
    html = client.get("/staff/users?q=Findable&role=official&junk=1&_external=1").get_data(
        as_text=True
    )
    assert page_links(html) == ["/staff/users?q=Findable&amp;role=official&amp;page=2"]


def test_production_refuses_a_foreign_host(app_factory):
    """TRUSTED_HOSTS comes from BASE_URL in production: another Host gets 400."""
    app = app_factory(
        TESTING=False,
        DEBUG=False,
        SECRET_KEY="a-strong-production-secret-key-0123456789",
        BASE_URL="https://academy.example.org",
    )
    assert app.config["TRUSTED_HOSTS"] == ["academy.example.org"]
    client = app.test_client()
    assert client.get("/healthz", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/healthz", headers={"Host": "academy.example.org"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "academy.example.org:443"}).status_code == 200

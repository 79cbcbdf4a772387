"""The top navigation, the account menu and the footer are filled by the layers that own the
pages (app/<layer>/navigation.py): each person sees the links of their roles, the page being
shown is marked, and the base layout itself names no page."""

from __future__ import annotations

import re

from tests.factories import sign_in


def _navigation(html: str) -> list[str]:
    menu = html[html.index('<ul class="nav-links">') : html.index("</ul>", html.index("nav-links"))]
    return re.findall(r'<a href="([^"]+)"', menu)


def test_a_visitor_sees_the_public_pages_and_the_sign_in(client):
    html = client.get("/offerings").get_data(as_text=True)
    assert _navigation(html) == ["/", "/offerings", "/action-plans"]
    assert 'href="/offerings" aria-current="page"' in html
    assert 'href="/login"' in html and "Create account" in html
    assert 'href="/about/privacy"' in html and 'href="/about/terms"' in html


def test_each_role_sees_its_own_pages(app, client, create_user):
    official = create_user()
    sign_in(client, official)
    links = _navigation(client.get("/").get_data(as_text=True))
    assert links == ["/", "/offerings", "/action-plans", "/my"]
    assert not any(link.startswith(("/staff", "/manage")) for link in links)

    staff = app.test_client()
    sign_in(staff, create_user(roles=("staff",)))
    html = staff.get("/").get_data(as_text=True)
    staff_links = _navigation(html)
    assert {"/manage/offerings", "/staff/certificates", "/nominations"} <= set(staff_links)
    assert len(staff_links) == 11
    assert "Audit log" not in html  # admins only
    assert "Sign out" in html and "Notifications" in html


def test_a_focal_point_reaches_the_report_of_their_own_city(app, client, create_user):
    focal = create_user(roles=("official", "focal_point"))
    sign_in(client, focal)
    html = client.get("/").get_data(as_text=True)
    assert f"/reports/cities/{focal.city_id}" in _navigation(html)

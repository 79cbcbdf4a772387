"""The report pages and their exports: numbers, languages, access, statements per page."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import csrf_token, sign_in

KOREA_2027_RESILIENCE = "country=KR&topic=resilience&date_from=2027-01-01&date_to=2027-12-31"


def _section(response, dimension: str) -> str:
    """One section of a report page (the filter form lists every city)."""
    html = response.get_data(as_text=True)
    start = html.index(f'id="section-{dimension}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def staff_client(app, create_user):
    client = app.test_client()
    sign_in(client, create_user(roles=("staff",)))
    return client


def test_dashboard_in_korean_answers_the_question_and_exports_it(app, world, ratings, staff_client):
    english = _section(staff_client.get(f"/staff/reports?{KOREA_2027_RESILIENCE}"), "city")
    assert "Seoul" in english and "Busan" in english and "Taipei" not in english
    token = csrf_token(staff_client, "/staff/reports")
    staff_client.post("/language", data={"csrf_token": token, "locale": "ko"})
    page = staff_client.get(f"/staff/reports?{KOREA_2027_RESILIENCE}")
    assert page.status_code == 200
    html = _section(page, "city")
    assert "<svg" in html and "서울특별시" in html and "부산광역시" in html
    assert "Taipei" not in html and "타이베이" not in html
    workbook = load_workbook(
        io.BytesIO(staff_client.get(f"/staff/reports/export.xlsx?{KOREA_2027_RESILIENCE}").data)
    )
    by_city = workbook.worksheets[4]  # filters, totals, kind, topic, then city
    rows = list(by_city.iter_rows(min_row=3, values_only=True))
    assert rows == [  # with the score of the offerings attended (O2 has too few answers)
        ("서울특별시", 2, 4, 3, 75.0, 2, 4.2),
        ("부산광역시", 2, 2, 2, 100.0, 1, 4.2),
    ]
    totals = list(workbook.worksheets[1].iter_rows(min_row=3, values_only=True))
    assert totals[0][:5] == (2, 6, 5, 83.3, 3)


def test_exports_are_excel_safe(app, world, staff_client):
    seoul = world["cities"]["seoul"]
    response = staff_client.get(f"/reports/cities/{seoul.id}/export.csv")
    assert response.status_code == 200
    assert response.data.startswith("\ufeff".encode())
    cells = [c for row in csv.reader(io.StringIO(response.data.decode("utf-8-sig"))) for c in row]
    assert "'=Resilient" in cells and "=Resilient" not in cells
    workbook = load_workbook(
        io.BytesIO(staff_client.get(f"/reports/cities/{seoul.id}/export.xlsx").data)
    )
    values = [c for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row]
    assert "'=Resilient" in values and "=Resilient" not in values
    assert not any(
        cell.data_type == "f" for sheet in workbook for row in sheet.iter_rows() for cell in row
    )


def test_focal_point_sees_their_own_city_only(app, world, create_user):
    seoul, busan = world["cities"]["seoul"], world["cities"]["busan"]
    client = app.test_client()
    sign_in(client, create_user(roles=("official", "focal_point"), city=seoul))
    own = client.get(f"/reports/cities/{seoul.id}?topic=resilience&date_from=2027-01-01")
    assert own.status_code == 200
    html = own.get_data(as_text=True)
    assert "=Resilient" in html and "Offering" in html
    assert client.get(f"/reports/cities/{busan.id}").status_code == 403
    assert client.get(f"/reports/cities/{busan.id}/export.csv").status_code == 403
    assert client.get("/staff/reports").status_code == 403
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    f"/reports/cities/{seoul.id}/export.csv?date_from=2027-01-01"
                ).data.decode("utf-8-sig")
            )
        )
    )
    year_row = next(row for row in rows if row and row[0] == "2027")
    assert year_row == ["2027", "3", "2", "4", "3", "2", "1", "1"]


def test_officials_see_their_own_transcript_only(app, world):
    s1, t3 = world["people"]["s1"], world["people"]["t3"]
    client = app.test_client()
    sign_in(client, t3)
    html = client.get("/my/transcript").get_data(as_text=True)
    assert "Offering" in html and "=Resilient" not in html  # t3 completed O3 only
    client = app.test_client()
    sign_in(client, s1)
    page = client.get("/my/transcript")
    assert "=Resilient (ko)" in page.get_data(as_text=True)  # s1 reads Korean
    pdf = client.get("/my/transcript.pdf")
    assert pdf.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "=Resilient (ko)" in text and "3.5" in text  # total hours 2.0 + 1.5
    workbook = load_workbook(io.BytesIO(client.get("/my/transcript.xlsx").data))
    hours = [row[4] for row in workbook.active.iter_rows(min_row=3, values_only=True)]
    assert hours == [2.0, 1.5]


def test_offering_report_shows_the_funnel_and_the_evaluation(app, world, ratings, staff_client):
    o1 = world["offerings"]["o1"]
    html = staff_client.get(f"/staff/reports/offerings/{o1.id}").get_data(as_text=True)
    assert "7 people asked for a place, 5 were enrolled, 4 completed and 3 hold" in html
    draft = world["offerings"]["o4"]
    assert staff_client.get(f"/staff/reports/offerings/{draft.id}").status_code == 403
    workbook = load_workbook(
        io.BytesIO(staff_client.get(f"/staff/reports/offerings/{o1.id}/export.xlsx").data)
    )
    funnel = [row[1] for row in workbook.worksheets[0].iter_rows(min_row=3, values_only=True)]
    assert funnel == [7, 5, 4, 4, 3]
    evaluation = list(workbook.worksheets[-1].iter_rows(min_row=3, values_only=True))
    assert ("Overall?", 5, 4.2) in evaluation  # beside the default questions, unanswered
    assert "5 people answered the evaluation." in html and "4.2" in html
    o2 = world["offerings"]["o2"]  # four answers: no average for anyone
    html = staff_client.get(f"/staff/reports/offerings/{o2.id}").get_data(as_text=True)
    assert "4 people answered the evaluation." in html and "at least five people" in html


def test_report_pages_issue_a_fixed_number_of_statements(app, world, staff_client, count_queries):
    seoul = world["cities"]["seoul"]
    o1 = world["offerings"]["o1"]
    budgets = {
        f"/staff/reports?{KOREA_2027_RESILIENCE}": 18,
        f"/reports/cities/{seoul.id}": 16,
        f"/staff/reports/offerings/{o1.id}": 16,
    }
    for path, budget in budgets.items():
        staff_client.get(path)
        with count_queries() as statements:
            assert staff_client.get(path).status_code == 200
        assert len(statements) <= budget, (path, len(statements))


def test_staff_open_a_persons_transcript(app, world, staff_client, create_user):
    s1, t3 = world["people"]["s1"], world["people"]["t3"]
    page = staff_client.get(f"/staff/users/{s1.id}/transcript")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert s1.display_name in html and "=Resilient" in html and "KCC-2027-" in html
    assert f"/staff/users/{s1.id}/transcript.xlsx" in html and "/my/transcript" not in html
    workbook = load_workbook(
        io.BytesIO(staff_client.get(f"/staff/users/{s1.id}/transcript.xlsx").data)
    )
    assert [row[4] for row in workbook.active.iter_rows(min_row=3, values_only=True)] == [
        2.0,
        1.5,
    ]
    other = staff_client.get(f"/staff/users/{t3.id}/transcript").get_data(as_text=True)
    assert "=Resilient" not in other  # t3 completed O3 only
    assert staff_client.get("/staff/users/999999/transcript").status_code == 404
    person_page = staff_client.get(f"/staff/users/{s1.id}").get_data(as_text=True)
    assert f"/staff/users/{s1.id}/transcript" in person_page  # linked from the person's page
    client = app.test_client()
    sign_in(client, t3)  # an official: their own at /my/transcript, nobody else's
    assert client.get(f"/staff/users/{s1.id}/transcript").status_code == 403
    assert client.get(f"/staff/users/{t3.id}/transcript").status_code == 403
    assert client.get(f"/staff/users/{s1.id}/transcript.csv").status_code == 403


def test_each_chart_sits_under_its_sections_heading_once(app, world, staff_client):
    html = staff_client.get(f"/staff/reports?{KOREA_2027_RESILIENCE}").get_data(as_text=True)
    for dimension, title in (("kind", "By type of offering"), ("city", "By city or organisation")):
        section = html[html.index(f'id="section-{dimension}"') :]
        section = section[: section.index("</section>")]
        assert section.count(f">{title}</h") == 1, dimension  # the h2, no second heading
        assert f'aria-labelledby="section-{dimension}"' in html  # the figure is named by it
        assert "<svg" in section


def test_cities_are_counted_once_a_country_is_chosen(app, world, staff_client):
    page = staff_client.get("/staff/reports?topic=resilience")
    city = _section(page, "city")
    assert "Choose a country or region" in city and "Seoul" not in city
    assert "Seoul" in _section(staff_client.get("/staff/reports?country=KR"), "city")
    seoul = world["cities"]["seoul"]
    one_city = _section(staff_client.get(f"/staff/reports?city={seoul.id}"), "city")
    assert "Seoul" in one_city and "Busan" not in one_city

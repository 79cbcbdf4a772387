"""The catalogues help translators (header, source locations, contexts for short words) and
WTForms' own messages read like the rest of the site in every language."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ["en", "zh_Hant_TW", "ko", "ja", "zh_Hans_CN"]


def _catalogue(locale):
    with open(ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_header_names_the_project_not_the_filler(locale):
    text = (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").read_text("utf-8")
    head = text[: text.index('msgid "%')]
    assert "PROJECT" not in head and "EMAIL@ADDRESS" not in head and "ORGANIZATION" not in head
    assert "Project-Id-Version: KCC Academy" in head


def test_short_words_carry_a_context_and_every_string_its_source():
    catalogue = _catalogue("ja")
    contexts = {(m.context, m.id) for m in catalogue if m.id}
    assert ("a person's name", "Name") in contexts
    assert ("a dated meeting of an offering", "Session") in contexts
    assert ("Name") not in {m.id for m in catalogue if m.id and not m.context}
    assert all(m.locations for m in catalogue if m.id), "every string says where it is used"
    assert catalogue.get("Name", context="a person's name").string == "氏名"
    assert catalogue.get("Session", context="a dated meeting of an offering").string == "セッション"


@pytest.mark.parametrize(
    ("locale", "required", "wtforms_own"),
    [
        ("ja", "この項目を入力してください。", "このフィールドは必須です。"),
        ("ko", "이 항목을 입력하십시오.", "이 항목은 필수입니다."),
        ("zh_Hant_TW", "請填寫此欄位。", "此欄位為必填。"),
        ("zh_Hans_CN", "请填写此项。", "该字段是必填字段。"),
        ("en", "Please fill in this field.", "This field is required."),
    ],
)
def test_form_errors_use_our_wording_not_wtforms(client, locale, required, wtforms_own):
    from tests.factories import csrf_token

    client.post("/language", data={"csrf_token": csrf_token(client), "locale": locale})
    html = client.post("/register", data={"csrf_token": csrf_token(client, "/register")}).get_data(
        as_text=True
    )
    assert required in html
    assert wtforms_own not in html

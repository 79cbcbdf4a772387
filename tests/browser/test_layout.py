"""No page scrolls sideways: phone (320, 390), tablet (768) and desktop (1366) widths, in all
five languages, on the main public pages (an offering with long words in every language)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.timeouts import BROWSER_TIMEOUT_MS

pytestmark = pytest.mark.browser

LOCALES = [
    ("en", "en-GB"),
    ("zh_Hant_TW", "zh-TW"),
    ("ko", "ko-KR"),
    ("ja", "ja-JP"),
    ("zh_Hans_CN", "zh-CN"),
]
WIDTHS = [320, 390, 768, 1366]

TITLES = {
    "en": (
        "Action-Plan Workshop on Nature-Based Solutions for Municipal Stormwater Management",
        "Decarbonisation-readiness self-assessment for intergovernmental coordination",
    ),
    "zh_Hant_TW": (
        "以自然為本解決方案之都市雨水管理行動計畫工作坊",
        "跨機關協調之減碳準備自我評估",
    ),
    "ko": (
        "자연기반해법을 활용한 도시 빗물관리 실행계획 워크숍",
        "정부간 협력을 위한 탄소중립 준비도 자가진단",
    ),
    "ja": (
        "自然を基盤とした解決策による都市雨水管理のアクションプラン策定ワークショップ",
        "自治体間連携のための脱炭素化準備度自己評価",
    ),
    "zh_Hans_CN": (
        "基于自然的城市雨水管理解决方案行动计划工作坊",
        "跨部门协调的减碳准备度自我评估",
    ),
}

# Elements whose right edge passes the viewport, to say what overflows when the test fails.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1) {
      found.push(`${el.tagName.toLowerCase()}.${el.className}: ${Math.round(box.right)}px`);
    }
  }
  return found.slice(0, 5);
}"""


# Cards and tags whose content runs past their own edge (a workshop tag in Japanese).
SPILLING = """() => [...document.querySelectorAll('.card, .tag, .enrol-box, .summary-list')]
  .filter((el) => el.scrollWidth > el.clientWidth + 1)
  .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} > ${el.clientWidth}`)
  .slice(0, 5)"""


def _pages(offering_id: int) -> list[str]:
    return [
        "/",
        "/offerings",
        f"/offerings/{offering_id}",
        f"/offerings/{offering_id}/programme",
        "/login",
        "/register",
    ]


def test_no_horizontal_scrolling_at_any_width_in_any_language(
    chromium, live_server, create_offering, create_city
):
    create_city()
    offering = create_offering(
        kind="workshop",
        format="hybrid",
        titles=TITLES,
        languages=["en", "ko", "ja"],
        topics=["nature_based", "resilient", "low_carbon"],
        venue="Kaohsiung Exhibition Center, 39 Chenggong 2nd Road, Qianzhen District",
        city_cap=3,
        sessions=3,
        modules=2,
    )
    problems = {}
    for locale, browser_locale in LOCALES:
        context = chromium.new_context(base_url=live_server, locale=browser_locale)
        context.add_cookies([{"name": "kcc_locale", "value": locale, "url": live_server}])
        page = context.new_page()
        page.set_default_timeout(BROWSER_TIMEOUT_MS)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for path in _pages(offering.id):
                page.goto(path)
                scroll, client = page.evaluate(
                    "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
                )
                if scroll > client:
                    problems[f"{locale} {width}px {path}"] = page.evaluate(OVERFLOWING)
                if spilling := page.evaluate(SPILLING):
                    problems[f"{locale} {width}px {path} (inside a box)"] = spilling
                if path == f"/offerings/{offering.id}" and width in (320, 390, 1366):
                    screenshot(page, f"layout-offering-{locale}-{width}")
        context.close()
    assert problems == {}, "\n".join(f"{where}: {what}" for where, what in problems.items())

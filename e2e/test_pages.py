"""Public pages in a real browser: structure, language, members directory, map."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from support import describe, get, html_lang, integers_in, open_page, path_of, url, wait_for_path

LANGUAGES = ["en", "ko", "es", "zh-Hans"]
CATEGORIES = {"local_government", "institution", "corporation"}
REGIONS = {"africa", "europe", "middle_east_north_africa", "americas", "asia_pacific"}


def css(driver, selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def one(driver, selector, where=""):
    found = css(driver, selector)
    assert found, f"no element matches {selector!r}{' on ' + where if where else ''} (at {driver.current_url})"
    return found[0]


def h1_text(driver) -> str:
    return one(driver, "h1").text.strip()


def main_text(driver) -> str:
    return one(driver, "main#main").text


# --------------------------------------------------------------------------- home, layout


def test_home_has_landmarks_and_skip_link(browser):
    open_page(browser, "/")
    assert html_lang(browser) == "en", "default language should be English"
    assert browser.title.strip(), "the home page has an empty <title>"
    one(browser, "main#main")
    skip = one(browser, "a.skip-link")
    assert skip.get_attribute("href").endswith("#main"), skip.get_attribute("outerHTML")
    first_link = css(browser, "body a[href]")[0]
    assert first_link == skip, (
        "the skip link should be the first link in the page, found first: "
        + first_link.get_attribute("outerHTML")[:200]
    )


def test_language_switcher_links(browser):
    open_page(browser, "/")
    nav = one(browser, "nav#language-switcher")
    for lang in LANGUAGES:
        links = nav.find_elements(By.CSS_SELECTOR, f'a[hreflang="{lang}"]')
        assert links, f"no link with hreflang={lang} in the language switcher"
        link = links[0]
        assert link.get_attribute("lang") == lang, link.get_attribute("outerHTML")
        href = urlsplit(link.get_attribute("href"))
        assert href.path == "/language", link.get_attribute("outerHTML")
        query = parse_qs(href.query)
        assert query.get("lang") == [lang], link.get_attribute("outerHTML")
        assert "return" in query, f"the {lang} link does not say where to return: {href.geturl()}"


def test_switching_to_korean_is_remembered(browser):
    open_page(browser, "/members")
    link = one(browser, 'nav#language-switcher a[hreflang="ko"]')
    link.click()
    wait_for_path(browser, "/members")
    assert html_lang(browser) == "ko", "after choosing Korean the page should be <html lang=ko>"
    open_page(browser, "/map")
    assert html_lang(browser) == "ko", "the language choice should be remembered on the next page"
    one(browser, 'nav#language-switcher a[hreflang="en"]').click()
    wait_for_path(browser, "/map")
    assert html_lang(browser) == "en"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example"])
def test_language_switch_is_not_an_open_redirect(target):
    response = get("/language", params={"lang": "ko", "return": target})
    assert response.status_code in (302, 303, 307, 400), describe(response)
    if response.status_code != 400:
        location = response.headers.get("Location", "")
        parts = urlsplit(location)
        assert not parts.netloc or parts.netloc == urlsplit(url("/")).netloc, (
            f"return={target!r} redirected off-site to {location!r}"
        )
        assert not location.startswith(("//", "/\\")), f"return={target!r} redirected to {location!r}"


# --------------------------------------------------------------------------- members


def member_links(driver) -> list[tuple[str, str]]:
    one(driver, "ol#member-results")
    links = []
    for item in css(driver, "ol#member-results > li"):
        anchors = item.find_elements(By.CSS_SELECTOR, 'a[href*="/members/"]')
        assert anchors, "a result without a link to its member page: " + item.get_attribute("outerHTML")[:200]
        links.append((anchors[0].text.strip(), path_of(anchors[0].get_attribute("href"))))
    return links


def result_count(driver) -> int:
    text = one(driver, "p#result-count").text
    numbers = integers_in(text)
    assert numbers, f"#result-count has no number: {text!r}"
    return numbers[0]


def has_next_page(driver) -> bool:
    return bool(css(driver, 'nav#pagination a[rel="next"]'))


def check_count_is_consistent(driver) -> int:
    count = result_count(driver)
    shown = len(member_links(driver))
    assert count >= shown, f"#result-count says {count} but {shown} results are listed"
    if not has_next_page(driver) and "page=" not in driver.current_url:
        assert count == shown, f"one page of results, but #result-count says {count} and {shown} are listed"
    return count


def test_members_filter_form(browser):
    open_page(browser, "/members")
    form = one(browser, "form#member-filters")
    assert (form.get_attribute("method") or "get").lower() == "get"
    assert path_of(form.get_attribute("action")) == "/members"
    form.find_element(By.CSS_SELECTOR, 'input[name="q"]')
    for name, expected in (("category", CATEGORIES), ("region", REGIONS)):
        select = form.find_element(By.CSS_SELECTOR, f'select[name="{name}"]')
        values = {o.get_attribute("value") for o in Select(select).options}
        assert expected <= values, f"select {name} lacks {sorted(expected - values)}; has {sorted(values)}"
    countries = {
        (o.get_attribute("value") or "").upper()
        for o in Select(form.find_element(By.CSS_SELECTOR, 'select[name="country"]')).options
    }
    assert "KR" in countries, f"country select should offer KR (Seoul); offers {sorted(countries)[:20]} …"
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in countries if c), f"non-ISO2 country values: {sorted(countries)}"
    checkbox = form.find_element(By.CSS_SELECTOR, 'input[type="checkbox"][name="founding"]')
    assert checkbox.get_attribute("value") == "yes"
    form.find_element(By.CSS_SELECTOR, 'button[type="submit"], input[type="submit"]')


def test_members_lists_and_paginates(browser):
    open_page(browser, "/members")
    total = result_count(browser)
    first_page = member_links(browser)
    assert first_page, "the unfiltered directory lists no member"
    assert total > len(first_page), f"expected more members ({total}) than fit on one page ({len(first_page)})"
    assert has_next_page(browser), "a directory longer than one page needs nav#pagination a[rel=next]"
    one(browser, 'nav#pagination a[rel="next"]').click()
    WebDriverWait(browser, 15).until(lambda d: "page=" in d.current_url)
    second_page = member_links(browser)
    assert second_page, "page 2 is empty"
    overlap = {href for _, href in first_page} & {href for _, href in second_page}
    assert not overlap, f"pages 1 and 2 share members: {sorted(overlap)[:5]}"
    assert result_count(browser) == total, "the total should not change between pages"


@pytest.mark.parametrize(
    ("query", "expected_name"),
    [
        ({"q": "Sao Paulo"}, "São Paulo"),
        ({"q": "são paulo"}, "São Paulo"),
        ({"region": "africa"}, "Kampala"),
        ({"category": "corporation"}, "LG Electronics"),
    ],
)
def test_member_filters_find(browser, query, expected_name):
    open_page(browser, "/members")
    unfiltered = result_count(browser)
    open_page(browser, "/members?" + urlencode(query))
    names = [name for name, _ in member_links(browser)]
    count = check_count_is_consistent(browser)
    assert any(expected_name in name for name in names), (
        f"{query} should list {expected_name!r}; listed {names[:15]}"
    )
    assert count < unfiltered, f"{query} did not narrow the list ({count} of {unfiltered})"


def test_country_filter_through_the_form(browser):
    open_page(browser, "/members")
    unfiltered = result_count(browser)
    form = one(browser, "form#member-filters")
    country = Select(form.find_element(By.CSS_SELECTOR, 'select[name="country"]'))
    korea = [o for o in country.options if (o.get_attribute("value") or "").upper() == "KR"]
    assert korea, "no KR option in the country select"
    country.select_by_value(korea[0].get_attribute("value"))
    form.find_element(By.CSS_SELECTOR, 'button[type="submit"], input[type="submit"]').click()
    WebDriverWait(browser, 15).until(lambda d: "country=" in d.current_url)
    names = [name for name, _ in member_links(browser)]
    assert "Seoul" in names, f"country=KR should list Seoul; listed {names[:15]}"
    assert check_count_is_consistent(browser) < unfiltered


def test_filters_keep_their_values(browser):
    open_page(browser, "/members?region=africa&q=kam")
    form = one(browser, "form#member-filters")
    assert form.find_element(By.CSS_SELECTOR, 'input[name="q"]').get_attribute("value") == "kam"
    region = Select(form.find_element(By.CSS_SELECTOR, 'select[name="region"]'))
    assert region.first_selected_option.get_attribute("value") == "africa", "the chosen region should stay selected"


def test_region_filter_excludes_other_regions(browser):
    open_page(browser, "/members?region=europe")
    names = [name for name, _ in member_links(browser)]
    assert names, "region=europe lists nobody"
    for absent in ("Seoul", "Kampala", "São Paulo"):
        assert absent not in names, f"region=europe lists {absent}"


def test_founding_filter(browser):
    open_page(browser, "/members")
    total = result_count(browser)
    open_page(browser, "/members?founding=yes")
    founding = check_count_is_consistent(browser)
    assert 0 < founding < total, f"founding=yes should list some but not all members: {founding} of {total}"


def test_member_links_lead_to_member_pages(browser):
    open_page(browser, "/members?q=Seoul")
    links = dict(member_links(browser))
    assert "/members/seoul" in links.values(), f"no link to /members/seoul in {links}"


def test_member_page_seoul(browser):
    open_page(browser, "/members/seoul")
    assert h1_text(browser) == "Seoul"
    assert "President City" in main_text(browser), "Seoul's governance role should be shown"
    assert html_lang(browser) == "en"


def test_unknown_member_is_404():
    response = get("/members/does-not-exist")
    assert response.status_code == 404, describe(response)
    assert "text/html" in response.headers.get("Content-Type", ""), describe(response)


def test_404_page_is_a_real_page(browser):
    open_page(browser, "/members/does-not-exist")
    assert h1_text(browser), "the 404 page needs an <h1>"
    one(browser, "main#main")
    one(browser, "a.skip-link")


# --------------------------------------------------------------------------- other pages


def test_map(browser):
    open_page(browser, "/map")
    svg = one(browser, "svg#world-map")
    assert svg.get_attribute("role") == "img", svg.get_attribute("outerHTML")[:200]
    titles = svg.find_elements(By.CSS_SELECTOR, ":scope > title")
    assert titles and titles[0].get_attribute("textContent").strip(), "svg#world-map needs a non-empty <title>"
    size = svg.size
    assert size["width"] > 200 and size["height"] > 100, f"the map is drawn too small: {size}"
    rows = css(browser, "table#map-table tbody tr") or css(browser, "table#map-table tr")
    assert len(rows) > 10, f"table#map-table should list members, has {len(rows)} rows"
    assert "Seoul" in one(browser, "table#map-table").text


@pytest.mark.parametrize("path", ["/governance", "/offices", "/contact", "/fees"])
def test_static_pages(browser, path):
    response = get(path)
    assert response.status_code == 200, describe(response)
    open_page(browser, path)
    assert h1_text(browser), f"{path} needs a non-empty <h1>"
    assert browser.title.strip(), f"{path} needs a <title>"
    one(browser, "main#main")


def test_page_titles_differ(browser):
    titles = {}
    for path in ["/", "/members", "/members/seoul", "/map", "/governance"]:
        open_page(browser, path)
        titles[path] = browser.title.strip()
    assert len(set(titles.values())) == len(titles), f"each page needs its own <title>: {titles}"

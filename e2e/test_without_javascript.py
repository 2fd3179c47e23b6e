"""Every page works without JavaScript: the member filter is a plain GET form."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from support import integers_in, open_page, path_of


def test_javascript_is_really_off(nojs_browser):
    nojs_browser.get("data:text/html,<title>before</title><script>document.title='after'</script>")
    assert nojs_browser.title == "before", "the no-JavaScript browser ran a script"


def test_member_filter_form_without_javascript(nojs_browser):
    driver = nojs_browser
    open_page(driver, "/members")
    total = integers_in(driver.find_element(By.CSS_SELECTOR, "p#result-count").text)[0]
    form = driver.find_element(By.CSS_SELECTOR, "form#member-filters")
    Select(form.find_element(By.CSS_SELECTOR, 'select[name="region"]')).select_by_value("africa")
    form.find_element(By.CSS_SELECTOR, 'button[type="submit"], input[type="submit"]').click()
    WebDriverWait(driver, 15).until(lambda d: "region=africa" in d.current_url)
    assert path_of(driver.current_url) == "/members"
    names = [a.text for a in driver.find_elements(By.CSS_SELECTOR, 'ol#member-results > li a[href*="/members/"]')]
    assert any("Kampala" in n for n in names), f"region=africa without JavaScript lists {names[:15]}"
    assert not any("Seoul" in n for n in names), "region=africa lists Seoul"
    filtered = integers_in(driver.find_element(By.CSS_SELECTOR, "p#result-count").text)[0]
    assert 0 < filtered < total, f"filtered count {filtered} should be below {total}"


def test_search_without_javascript(nojs_browser):
    driver = nojs_browser
    open_page(driver, "/members")
    form = driver.find_element(By.CSS_SELECTOR, "form#member-filters")
    box = form.find_element(By.CSS_SELECTOR, 'input[name="q"]')
    box.send_keys("Sao Paulo")
    form.find_element(By.CSS_SELECTOR, 'button[type="submit"], input[type="submit"]').click()
    WebDriverWait(driver, 15).until(lambda d: "q=" in d.current_url)
    names = [a.text for a in driver.find_elements(By.CSS_SELECTOR, 'ol#member-results > li a[href*="/members/"]')]
    assert any("São Paulo" in n for n in names), f"q=Sao Paulo lists {names[:15]}"

"""The home page on a phone: 390x844 CSS pixels with mobile viewport rules."""

from __future__ import annotations

from support import open_page

# Elements sticking out to the right of the layout viewport, widest first.
_OVERFLOWING = """
const limit = document.documentElement.clientWidth;
return Array.from(document.querySelectorAll('body *'))
  .map(e => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.right > limit + 1 && r.width > 0)
  .sort((a, b) => b[1].right - a[1].right)
  .slice(0, 8)
  .map(([e, r]) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : ''} right=${Math.round(r.right)}`);
"""


def test_home_has_no_horizontal_scroll_on_a_phone(phone_browser):
    driver = phone_browser
    open_page(driver, "/")
    inner, client, scroll = driver.execute_script(
        "return [window.innerWidth, document.documentElement.clientWidth, document.documentElement.scrollWidth]"
    )
    assert client == 390, (
        f"layout viewport is {client}px, expected 390: the page needs "
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
    )
    offenders = driver.execute_script(_OVERFLOWING)
    # With mobile emulation an overflowing page is zoomed out, so innerWidth grows with it:
    # compare against the 390px layout viewport as well.
    assert scroll <= inner and scroll <= client and inner == 390, (
        f"the home page scrolls sideways on a 390px phone: scrollWidth={scroll}, innerWidth={inner}, "
        f"clientWidth={client}; widest elements: {offenders}"
    )

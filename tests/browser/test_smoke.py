"""The browser runs, and the start page works in it."""


def test_start_page_in_a_phone(live_server, phone):
    phone.goto(live_server + "/")
    assert phone.locator("h1").inner_text().startswith("Prepare for your")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

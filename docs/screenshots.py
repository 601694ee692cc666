"""Screenshots of the main pages at phone and desktop widths, into docs/screenshots/.

Run it against a portal that `make run` serves:  .venv/bin/python docs/screenshots.py [BASE_URL]
With SCREENSHOT_ADMIN=username:password (a staff account) it also takes the editor's desk on the admin home.
It drives the system Chromium; Korean text needs a Korean font on the machine (Debian: fonts-nanum).
"""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip
WIDTHS = {"phone": (360, 740), "desktop": (1280, 900)}
PAGES = {
    "home-ko": "/",
    "programs-en": "/en/programs/",
    "program-ko": "/programs/funfun-investment/",
    "calendar-ko": "/events/calendar/",
    "agreement-en": "/en/agreements/2019-gwangju-ai-four-way-agreement/",
}


def main(base_url):
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for device, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, path in PAGES.items():
                page.goto(base_url + path)
                page.screenshot(path=OUT / f"{name}-{device}.png")
                print(OUT / f"{name}-{device}.png")
            page.close()
        if os.environ.get("SCREENSHOT_ADMIN"):
            desk(browser, base_url, *os.environ["SCREENSHOT_ADMIN"].split(":", 1))
        browser.close()


def desk(browser, base_url, username, password):
    """The admin home of a staff account: the editor's desk."""
    width, height = WIDTHS["desktop"]
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.goto(base_url + "/admin/")
    page.screenshot(path=OUT / "desk-ko-desktop.png")
    print(OUT / "desk-ko-desktop.png")
    page.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")

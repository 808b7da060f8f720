"""Drives the web app in headless Chromium (Selenium with Debian's chromium and chromedriver, nothing
downloaded) for Tests/OutreachCLITests/BrowserFlowTests.swift.

    python3 Tests/Browser/flows.py FLOW BASE_URL SCREENSHOT_DIR JSON_ARGUMENTS

Prints one JSON object: what the pages showed at each step (visible text, the page's width against the
viewport's, the URL), for the Swift test to check. Screenshots go to SCREENSHOT_DIR as FLOW-STEP.png.
"""
import json
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

# How long a step may take on a loaded CI machine before the flow fails.
PATIENCE = 30


def browser(width, height):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                     f"--window-size={width},{height}", "--lang=zh-CN"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    # Headless windows are at least 500 px wide: the phone's size comes from device emulation instead.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    return driver


class Flow:
    def __init__(self, name, base, shots, driver):
        self.name, self.base, self.shots, self.driver = name, base, shots, driver
        self.steps = {}

    def record(self, step):
        d = self.driver
        d.save_screenshot(os.path.join(self.shots, f"{self.name}-{step}.png"))
        self.steps[step] = {
            "text": d.find_element(By.TAG_NAME, "body").text,
            "url": d.current_url,
            "scrollWidth": d.execute_script("return document.documentElement.scrollWidth"),
            "viewportWidth": d.execute_script("return window.innerWidth"),
            "title": d.title,
        }

    def find(self, by, value):
        """The element once it is on the page: a page that is still loading is waited for, not failed."""
        return WebDriverWait(self.driver, PATIENCE).until(expected_conditions.presence_of_element_located((by, value)))

    def submit(self, element):
        """Clicks a button or link that loads a new page and waits until the new page has replaced the old
        one, so that the next lookup never reads the page that was left. A page caught mid-navigation
        (chromedriver's "Node with given id does not belong to the document", seen under load) is looked at
        again instead of failing the flow."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        element.click()
        WebDriverWait(self.driver, PATIENCE, ignored_exceptions=[WebDriverException]).until(
            expected_conditions.staleness_of(old))
        WebDriverWait(self.driver, PATIENCE).until(
            lambda d: d.execute_script("return document.readyState") == "complete")

    def sign_in(self, name, password):
        d = self.driver
        d.get(self.base + "/login")
        self.find(By.NAME, "name").clear()
        d.find_element(By.NAME, "name").send_keys(name)
        d.find_element(By.NAME, "password").send_keys(password)
        self.submit(d.find_element(By.CSS_SELECTOR, "form.login button[type=submit]"))


def phone_sign_in(flow, args):
    """Branch staff on a 390×844 phone: a wrong password, then signing in, the agenda, English, signing out."""
    flow.sign_in(args["name"], "not-the-password")
    flow.record("wrong-password")
    flow.sign_in(args["name"], args["password"])
    flow.record("agenda")
    flow.driver.get(flow.base + "/?lang=en")
    flow.record("agenda-en")
    flow.submit(flow.find(By.CSS_SELECTOR, "form.logout button[type=submit]"))
    flow.record("signed-out")
    flow.driver.get(flow.base + "/")
    flow.record("after-sign-out")


def desk_cancel(flow, args):
    """A planner at a desk: the month calendar, an event from it, cancelled with a reason, the audit entry."""
    d = flow.driver
    flow.sign_in(args["name"], args["password"])
    d.get(flow.base + "/calendar?view=month&date=" + args["date"])
    flow.record("calendar")
    flow.submit(flow.find(By.CSS_SELECTOR, f'a[href="/events/{args["event"]}"]'))
    flow.record("event")
    form = flow.find(By.XPATH, "//form[.//input[@name='action' and @value='cancel']]")
    form.find_element(By.NAME, "reason").send_keys(args["reason"])
    flow.submit(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    flow.record("cancelled")


def tiny_png(path, width=4, height=3):
    """A small, valid PNG (an RGB picture), as a phone's camera would send a larger one."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes([200, 30, 30] * width) for _ in range(height))
    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                  + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def phone_reach_photo(flow, args):
    """Branch staff on a phone: from the agenda to today's event's reach form, a count and a photo, saved."""
    d = flow.driver
    flow.sign_in(args["name"], args["password"])
    flow.submit(flow.find(By.CSS_SELECTOR, f'a[href^="/reach/log?event={args["event"]}"]'))
    flow.record("form")
    d.find_element(By.CSS_SELECTOR, 'input[name^="count."]').send_keys(args["count"])
    d.find_element(By.NAME, "note").send_keys(args["note"])
    photo = os.path.join(flow.shots, "photo.png")
    tiny_png(photo)
    d.find_element(By.NAME, "photos").send_keys(photo)
    flow.submit(d.find_element(By.CSS_SELECTOR, "form.reach button[type=submit]"))
    flow.record("saved")
    flow.steps["saved"]["imagesLoaded"] = d.execute_script(
        "return Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).length")


def desk_publish_bulletin(flow, args):
    """Four eyes at a desk: a planner prepares the month's bulletin and signs out; an approver signs in and
    publishes it; the published bulletin is signed by both (制表 / 审核)."""
    d = flow.driver
    page = flow.base + "/reports/bulletin?month=" + args["month"]
    flow.sign_in(args["planner"], args["plannerPassword"])
    flow.find(By.CSS_SELECTOR, "form.logout")
    d.get(page)
    flow.find(By.CSS_SELECTOR, "article.bulletin")
    flow.record("before")
    flow.submit(flow.find(By.CSS_SELECTOR, 'button[name="prepare"]'))
    flow.find(By.CSS_SELECTOR, "article.bulletin")
    flow.record("prepared")
    flow.submit(flow.find(By.CSS_SELECTOR, "form.logout button[type=submit]"))
    flow.find(By.CSS_SELECTOR, "form.login")
    flow.sign_in(args["approver"], args["approverPassword"])
    flow.find(By.CSS_SELECTOR, "form.logout")
    d.get(page)
    flow.find(By.CSS_SELECTOR, "article.bulletin")
    flow.record("ready")
    flow.submit(flow.find(By.CSS_SELECTOR, 'button[name="publish"]'))
    flow.find(By.CSS_SELECTOR, "article.bulletin")
    flow.record("published")
    flow.steps["published"]["signature"] = flow.find(By.CSS_SELECTOR, "article.bulletin .signature").text


def phone_reach_report(flow, args):
    """Branch staff on a phone: the month's report by channel, then reach logged for today's event, then the
    same report again, whose total has changed."""
    d = flow.driver
    report = flow.base + "/reports?period=month&month=" + args["month"] + "&by=channel"

    def total():
        rows = d.find_elements(By.CSS_SELECTOR, "tr.total")
        return rows[0].text if rows else ""

    flow.sign_in(args["name"], args["password"])
    flow.find(By.CSS_SELECTOR, "form.logout")
    d.get(report)
    flow.find(By.CSS_SELECTOR, "form.report-form")
    flow.record("before")
    flow.steps["before"]["total"] = total()
    d.get(flow.base + "/")
    flow.submit(flow.find(By.CSS_SELECTOR, f'a[href^="/reach/log?event={args["event"]}"]'))
    d.find_element(By.CSS_SELECTOR, 'input[name^="count."]').send_keys(args["count"])
    flow.submit(d.find_element(By.CSS_SELECTOR, "form.reach button[type=submit]"))
    flow.record("saved")
    d.get(report)
    flow.find(By.CSS_SELECTOR, "form.report-form")
    flow.record("after")
    flow.steps["after"]["total"] = total()


FLOWS = {"phone-reach-photo": (phone_reach_photo, 390, 844), "phone-sign-in": (phone_sign_in, 390, 844), "desk-cancel": (desk_cancel, 1280, 800)}
FLOWS.update({"desk-publish-bulletin": (desk_publish_bulletin, 1280, 800), "phone-reach-report": (phone_reach_report, 390, 844)})


def desk_plan_clash(flow, args):
    """A planner at a desk adds an event to a campaign that clashes with another one, sees the conflict naming
    it, moves the event to a free time and saves it."""
    from selenium.webdriver.support.ui import Select

    d = flow.driver
    flow.sign_in(args["name"], args["password"])
    d.get(flow.base + "/campaigns/" + args["campaign"])
    flow.submit(flow.find(By.CSS_SELECTOR, "a.plan"))
    flow.record("form")
    for name in ["id", "title", "start", "end"]:
        d.find_element(By.NAME, name).send_keys(args[name])
    Select(d.find_element(By.NAME, "channel")).select_by_value(args["channel"])
    Select(d.find_element(By.NAME, "venue")).select_by_value(args["venue"])
    flow.submit(d.find_element(By.CSS_SELECTOR, "form.planning button[type=submit]"))
    flow.record("clash")
    start = flow.find(By.NAME, "start")
    start.clear()
    start.send_keys(args["free_start"])
    flow.submit(d.find_element(By.CSS_SELECTOR, "form.planning button[type=submit]"))
    flow.record("saved")


FLOWS["desk-plan-clash"] = (desk_plan_clash, 1280, 800)


def phone_feed(flow, args):
    """Branch staff on a phone: from the header to the feeds page, adds their own calendar feed and sees its address
    once; the page again no longer shows it."""
    d = flow.driver
    flow.sign_in(args["name"], args["password"])
    flow.submit(flow.find(By.CSS_SELECTOR, 'header a[href="/feeds"]'))
    flow.record("feeds")
    d.find_element(By.NAME, "label").send_keys(args["label"])
    flow.submit(d.find_element(By.CSS_SELECTOR, "form.reach button[type=submit]"))
    flow.record("added")
    flow.steps["added"]["address"] = d.find_element(By.CSS_SELECTOR, "input.feed-url").get_attribute("value")
    d.get(flow.base + "/feeds")
    flow.record("again")


FLOWS["phone-feed"] = (phone_feed, 390, 844)


def main():
    name, base, shots, arguments = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
    run, width, height = FLOWS[name]
    os.makedirs(shots, exist_ok=True)
    driver = browser(width, height)
    flow = Flow(name, base, shots, driver)
    try:
        run(flow, arguments)
    finally:
        driver.quit()
    print(json.dumps(flow.steps, ensure_ascii=False))


if __name__ == "__main__":
    main()

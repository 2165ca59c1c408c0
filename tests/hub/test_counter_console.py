"""The counter console (/counter) in Debian's chromium driven by Playwright, against a real
hub on SQLite: log in, call next, recall, not present, transfer, finish by keyboard, wrong
passwords lock the account, the hub stopped gives a plain offline message, nothing is done
twice. Saves docs/counter-console.png."""

import shutil
from pathlib import Path

import pytest

from hub_support import Hub
from kiosk.hub.accounts import Accounts
from kiosk.hub.audit import Audit

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
DOCS = Path(__file__).parents[2] / "docs"

pytestmark = [pytest.mark.ui,
              pytest.mark.skipif(not shutil.which(CHROMIUM), reason="no /usr/bin/chromium")]


@pytest.fixture
def hub(tmp_path):
    h = Hub(tmp_path)
    h.start()
    yield h
    h.close()


@pytest.fixture
def page():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(10_000)
        yield page
        browser.close()


def issue(hub, n):
    token = hub.token("K1")
    numbers = []
    for i in range(n):
        ticket = hub.post("/v1/tickets", token, key=f"console-issue-{i:03d}",
                          json={"service_id": "dukcapil-ktp"}).json()
        hub.post(f"/v1/tickets/{ticket['id']}/printed", token)
        numbers.append(ticket["number"])
    return numbers


def calls(hub):
    return hub.store.query("SELECT COUNT(*) FROM hub_call WHERE kind='call'")[0][0]


def events_of(hub, status):
    return hub.store.query("SELECT COUNT(*) FROM ticket_event WHERE status=?", (status,))[0][0]


def log_in(page, hub, username, password):
    page.goto(hub.url + "/counter")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form#login button[type=submit]")


def test_an_officer_works_a_morning_at_the_console(hub, page):
    Accounts(hub.store).add("siti", "rahasia-panjang", "officer", "dukcapil")
    a1, a2, a3, a4 = issue(hub, 4)
    log_in(page, hub, "siti", "rahasia-panjang")
    page.click("#counters button[data-counter=loket-1]")
    page.wait_for_selector("#desk:not([hidden])")
    assert page.text_content("#waiting-count") == "4"
    # A double click on "Panggil berikutnya" calls one number, not two.
    page.dblclick("[data-action=call-next]")
    page.wait_for_selector(f"#current-number:text-is('{a1}')")
    assert calls(hub) == 1
    assert page.is_disabled("[data-action=call-next]")
    # A reloaded page keeps acting: its CSRF token comes back with /v1/staff/me.
    page.reload()
    page.wait_for_selector(f"#current-number:text-is('{a1}')")
    page.keyboard.press("u")                                   # Panggil ulang
    page.wait_for_selector("#current-detail:has-text('1')")
    page.click("[data-action=recall]")
    page.wait_for_selector("#current-detail:has-text('2')")
    page.keyboard.press("t")                                   # Tidak hadir
    page.wait_for_selector("#current-number:text-is('–')")
    assert hub.store.counter_ticket_by_number("2026-11-23", a1).status == "no_show"
    page.click("[data-action=call-next]")
    page.wait_for_selector(f"#current-number:text-is('{a2}')")
    page.click("[data-action=transfer]")
    page.select_option("#transfer-service", "imigrasi-paspor")
    page.check("input[name=place][value=front]")
    page.click("form#transfer button[type=submit]")
    page.wait_for_selector("#current-number:text-is('–')")
    moved = hub.store.counter_ticket_by_number("2026-11-23", a2)
    assert (moved.status, moved.service_id) == ("transferred", "imigrasi-paspor")
    page.keyboard.press("n")
    page.wait_for_selector(f"#current-number:text-is('{a3}')")
    page.click("[data-action=start]")
    page.wait_for_selector("#current-detail:has-text('Sedang dilayani')")
    page.screenshot(path=str(DOCS / "counter-console.png"), full_page=True)
    page.keyboard.press("s")                                   # Selesai
    page.wait_for_selector("#current-number:text-is('–')")
    assert hub.store.counter_ticket_by_number("2026-11-23", a3).status == "served"
    assert events_of(hub, "served") == 1
    assert page.text_content("#waiting-count") == "1"
    # The hub stops: a plain message, the buttons wait, nothing is sent twice.
    hub.kill()
    page.wait_for_selector("#offline:not([hidden])")      # the event stream dropped
    page.keyboard.press("n")                             # pressed anyway: nothing to send
    assert "Hub tidak dapat dihubungi" in page.text_content("#offline")
    assert page.is_disabled("[data-action=call-next]")
    page.screenshot(path=str(DOCS / "counter-console-offline.png"), full_page=True)
    hub.start()
    page.wait_for_selector("#offline", state="hidden", timeout=15_000)
    page.click("[data-action=call-next]")
    page.wait_for_selector(f"#current-number:text-is('{a4}')")
    assert calls(hub) == 4                        # a1, a2, a3, a4: each called once
    assert "Panggil berikutnya" in page.text_content("[data-action=call-next]")
    done = [(r["username"], r["action"], r["target"]) for r in Audit(hub.store).recent()]
    assert ("siti", "counter.call-next", "loket-1") in done
    assert ("siti", "counter.transfer", "loket-1") in done and ("siti", "login", "") in done


def test_wrong_passwords_lock_the_account(hub, page):
    Accounts(hub.store).add("budi", "rahasia-panjang", "officer", "dukcapil")
    for _ in range(5):
        log_in(page, hub, "budi", "salah-salah-salah")
        page.wait_for_selector("#message:not([hidden])")
    assert "dikunci" in page.text_content("#message")
    log_in(page, hub, "budi", "rahasia-panjang")
    page.wait_for_selector("#message:not([hidden])")
    assert "dikunci" in page.text_content("#message")
    assert page.is_hidden("#desk") and page.is_hidden("#picker")

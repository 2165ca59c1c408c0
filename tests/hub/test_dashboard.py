"""The managers' dashboard in Debian's chromium driven by Playwright, against a real hub on
SQLite seeded with a week of tickets, counter work, votes, SKM answers and complaints
(dashboard_seed): each role sees only its pages, a complaint is marked handled and shows up
in the audit log, the IKM workbook downloads with the page's numbers, wrong passwords lock
the account, a form without its CSRF token is refused, an expired session goes back to the
log-in, and a complaint with <script> in it is shown as text."""

import shutil

import pytest
from dashboard_seed import PASSWORD, SCRIPT_COMPLAINT, seed
from hub_support import Hub

from kiosk.hub.accounts import Accounts

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"

pytestmark = [pytest.mark.ui,
              pytest.mark.skipif(not shutil.which(CHROMIUM), reason="no /usr/bin/chromium")]

EVERY_PAGE = {"live", "kiosks", "satisfaction", "complaints", "service_times", "catalog",
              "users", "audit"}
SEES = {"admin": EVERY_PAGE,
        "manajer": EVERY_PAGE - {"users", "audit"},
        "dukcapil": {"live", "satisfaction", "complaints", "service_times", "catalog"},
        "siti": set()}


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    h = Hub(tmp_path_factory.mktemp("dashboard"))
    seed(h.config, h.store)
    h.start()
    yield h
    h.close()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


def log_in(page, hub, username, password=PASSWORD, path="/login"):
    page.goto(hub.url + path)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form#login button[type=submit]")
    page.wait_for_load_state()


def nav(page) -> set[str]:
    return {a.get_attribute("data-page") for a in page.query_selector_all("nav.tabs a")}


def audit_rows(hub, action):
    return hub.store.query("SELECT username, target FROM hub_audit WHERE action=? ORDER BY id",
                           (action,))


@pytest.mark.parametrize("username", ["admin", "manajer", "dukcapil", "siti"])
def test_each_role_sees_and_opens_only_its_pages(hub, page, username):
    log_in(page, hub, username)
    assert nav(page) == SEES[username]
    for key, path in (("kiosks", "/dashboard/kiosks"), ("users", "/admin/users"),
                      ("audit", "/admin/audit"), ("complaints", "/dashboard/complaints")):
        response = page.goto(hub.url + path)
        if key in SEES[username]:
            assert response.status == 200 and page.is_hidden("#forbidden")
        else:
            assert response.status == 403
            assert "Akses ditolak" in page.text_content("h1")
    page.goto(hub.url + "/dashboard")
    if username == "siti":                      # an officer's place is the counter console
        assert page.get_attribute("#officer a", "href") == "/counter"
        return
    agencies = {r.get_attribute("data-agency") for r in page.query_selector_all("#agencies tr[data-agency]")}
    assert agencies == ({"dukcapil"} if username == "dukcapil" else {"dukcapil", "imigrasi"})
    if username == "dukcapil":                  # another agency's report: refused, not shown
        assert page.goto(hub.url + "/dashboard/satisfaction?agency=imigrasi").status == 403


def test_without_a_session_every_page_leads_to_the_log_in_and_back(hub, page):
    page.goto(hub.url + "/dashboard/complaints?show=open")
    assert page.url.startswith(hub.url + "/login?next=")
    page.fill("input[name=username]", "manajer")
    page.fill("input[name=password]", PASSWORD)
    page.click("form#login button[type=submit]")
    page.wait_for_selector("#inbox")
    assert page.url == hub.url + "/dashboard/complaints?show=open"
    page.click("text=English")
    assert "Suggestions and complaints" in page.text_content("h1")


def test_a_manager_marks_a_complaint_handled_and_the_admin_reads_it_in_the_audit_log(hub, page):
    log_in(page, hub, "manajer", path="/login?next=/dashboard/complaints")
    script = page.locator("article.complaint", has_text="AC mati")
    # the visitor's markup is text on the page: no element made of it, nothing ran
    assert script.locator("p.text").text_content() == SCRIPT_COMPLAINT
    assert page.locator("#inbox script, #inbox b, #inbox img").count() == 0
    assert script.locator(".contact-value").text_content() == "<img src=x onerror=alert(1)>"
    assert page.dialogs == []
    complaint = page.locator("article.complaint[data-handled=no]", has_text="kursi")
    response_id = complaint.get_attribute("data-id")
    complaint.locator("input[name=note]").fill("Kursi tambahan dipasang hari Selasa")
    complaint.locator("button[type=submit]").click()
    page.wait_for_selector("#done")
    done = page.locator(f"#c-{response_id}")
    assert done.get_attribute("data-handled") == "yes"
    assert "Kursi tambahan dipasang" in done.locator(".note").text_content()
    assert hub.store.query("SELECT handled_at FROM skm_response WHERE id=?",
                           (response_id,))[0][0]
    # the admin reads who did it
    page.context.clear_cookies()
    log_in(page, hub, "admin", path="/login?next=/admin/audit?action=suggestion.handled")
    row = page.locator("#audit tr[data-action='suggestion.handled']").first
    assert "manajer" in row.text_content() and response_id in row.text_content()
    assert "Keluhan ditangani" in row.text_content()             # words, not the code name
    assert "Kursi" not in page.text_content("#audit")        # never the note or the text


def test_the_ikm_workbook_downloads_with_the_numbers_on_the_page(hub, page, tmp_path):
    from openpyxl import load_workbook
    log_in(page, hub, "manajer", path="/login?next=/dashboard/satisfaction")
    shown = page.text_content("#ikm-value")                  # e.g. 78,99
    respondents = int(page.text_content("#respondents"))
    assert respondents > 0
    with page.expect_download() as info:
        page.click("#dl-xlsx")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.suffix == ".xlsx"
    cells = [c for ws in load_workbook(path).worksheets for row in ws.iter_rows(values_only=True)
             for c in row]
    assert float(shown.replace(",", ".")) in [round(c, 2) for c in cells
                                               if isinstance(c, float)]
    assert respondents in cells
    assert ("manajer", path.name) in [tuple(r) for r in audit_rows(hub, "report.export")]


def test_wrong_passwords_lock_the_account(hub, page):
    Accounts(hub.store).add("budi", "rahasia-panjang", "manager")
    for _ in range(5):
        log_in(page, hub, "budi", "salah-salah-salah")
        assert page.is_visible("#error")
    assert "dikunci" in page.text_content("#error")
    log_in(page, hub, "budi", "rahasia-panjang")             # the right one: still locked
    assert "dikunci" in page.text_content("#error")
    assert page.url.startswith(hub.url + "/login")
    assert len(audit_rows(hub, "login_failed")) >= 6


def test_a_form_without_its_csrf_token_is_refused(hub, page):
    log_in(page, hub, "manajer", path="/login?next=/dashboard/complaints?show=open")
    complaint = page.locator("article.complaint[data-handled=no]").first
    response_id = complaint.get_attribute("data-id")
    complaint.locator("input[name=csrf]").evaluate("e => e.remove()")
    complaint.locator("button[type=submit]").click()
    page.wait_for_selector("#forbidden")
    assert "Formulir ini kedaluwarsa" in page.text_content("#forbidden")
    # a token of another session does not do either
    response = page.request.post(f"{hub.url}/dashboard/complaints/{response_id}/handled",
                                 form={"csrf": "0" * 40, "note": "x"})
    assert response.status == 403
    assert hub.store.query("SELECT handled_at FROM skm_response WHERE id=?",
                           (response_id,))[0][0] is None


def test_an_expired_session_leads_back_to_the_log_in(hub, page):
    log_in(page, hub, "manajer", path="/login?next=/dashboard/kiosks")
    assert page.is_visible("#kiosks")
    with hub.store.transaction() as db:
        db.execute("UPDATE staff_session SET expires_at='2026-11-23T01:00:00+00:00' "
                   "WHERE username='manajer'")
    page.reload()
    assert page.url == hub.url + "/login?next=/dashboard/kiosks"
    assert page.is_visible("form#login")


def test_a_first_log_in_must_change_the_password(hub, page):
    Accounts(hub.store).add("rina", "sementara-1234", "agency", "imigrasi", must_change=True)
    log_in(page, hub, "rina", "sementara-1234", path="/login?next=/dashboard/catalog")
    assert page.is_visible("#forced")
    page.goto(hub.url + "/dashboard")                        # nothing else opens first
    assert page.url.startswith(hub.url + "/password")
    page.fill("input[name=old]", "sementara-1234")
    page.fill("input[name=new]", "rina-punya-sandi")
    page.fill("input[name=again]", "rina-punya-sandi")
    page.click("form#password button[type=submit]")
    page.wait_for_selector("#agencies")
    assert {r.get_attribute("data-agency")
            for r in page.query_selector_all("#agencies tr[data-agency]")} == {"imigrasi"}


def test_account_errors_are_said_in_the_pages_language(hub, page):
    log_in(page, hub, "admin")
    page.goto(hub.url + "/admin/users")
    page.fill("#add-user input[name=username]", "manajer")
    page.select_option("#add-user select[name=role]", "manager")
    page.fill("#add-user input[name=password]", "sandi-sementara-1")
    page.click("#add-user button[type=submit]")
    assert page.text_content("#error") == "Nama pengguna “manajer” sudah dipakai."
    page.goto(hub.url + "/admin/users?lang=en")
    page.fill("#add-user input[name=username]", "tanpa.instansi")
    page.select_option("#add-user select[name=role]", "officer")
    page.select_option("#add-user select[name=agency]", "")
    page.fill("#add-user input[name=password]", "sandi-sementara-1")
    page.click("#add-user button[type=submit]")
    assert page.text_content("#error") == \
        "An account with the role Counter officer needs an agency."
    assert page.locator('tr[data-user="tanpa.instansi"]').count() == 0
    page.goto(hub.url + "/admin/users?lang=id")             # the next test's language


def test_a_one_day_period_is_named_as_that_day(hub, page):
    log_in(page, hub, "manajer")
    page.goto(hub.url + "/dashboard/service-times?from=2026-11-23&to=2026-11-23")
    assert page.text_content("h1 small") == "23 November 2026"
    page.goto(hub.url + "/dashboard/service-times?from=2026-11-20&to=2026-11-23")
    assert page.text_content("h1 small") == "Periode: 20 November 2026 – 23 November 2026"

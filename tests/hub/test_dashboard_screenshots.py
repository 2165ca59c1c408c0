"""Screenshots of every dashboard page for the README (docs/screenshots/dashboard-*.png), in
Debian's chromium against a hub with the sample MPP's catalog (config/) seeded by
dashboard_seed. Each page must answer 200 and show no refusal."""

import shutil
from pathlib import Path

import pytest
from dashboard_seed import PASSWORD, seed
from hub_support import Hub

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).parents[2]
SHOTS = ROOT / "docs" / "screenshots"

pytestmark = [pytest.mark.ui,
              pytest.mark.skipif(not shutil.which(CHROMIUM), reason="no /usr/bin/chromium")]

PAGES = (("manajer", "/login", "login"),
         ("manajer", "/dashboard", "live"),
         ("admin", "/dashboard/kiosks", "kiosks"),
         ("manajer", "/dashboard/satisfaction", "satisfaction"),
         ("manajer", "/dashboard/complaints", "complaints"),
         ("dukcapil", "/dashboard/complaints", "complaints-agency"),
         ("manajer", "/dashboard/service-times", "service-times"),
         ("manajer", "/dashboard/catalog", "catalog"),
         ("admin", "/admin/users", "users"),
         ("admin", "/admin/audit", "audit"),
         ("manajer", "/dashboard?lang=en", "live-en"),
         ("siti", "/dashboard", "officer"))


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    h = Hub(tmp_path_factory.mktemp("dashboard-shots"))
    for name in ("kiosk.toml", "catalog.toml"):          # the sample MPP: 14 agencies
        shutil.copy(ROOT / "config" / name, h.config.parent / name)
    seed(h.config, h.store, scale=0.6)
    h.start()
    yield h
    h.close()


def test_screenshots_of_every_page(hub):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        for username, path, name in PAGES:
            context = browser.new_context(viewport={"width": 1280, "height": 800},
                                          device_scale_factor=1)
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.goto(f"{hub.url}/login")
            if name != "login":
                page.fill("input[name=username]", username)
                page.fill("input[name=password]", PASSWORD)
                page.click("form#login button[type=submit]")
                page.wait_for_load_state()
                response = page.goto(hub.url + path)
                assert response.status == 200, (path, response.status)
                assert page.locator("#forbidden").count() == 0
            page.screenshot(path=str(SHOTS / f"dashboard-{name}.png"), full_page=True)
            context.close()
        browser.close()

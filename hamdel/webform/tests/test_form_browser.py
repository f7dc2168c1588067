"""The contact form in a real Chromium against `hamdel run`: sent in Persian (right to
left, a Jalali due date) and in Turkish, and framed by an allowed and a refused site."""

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from hamdel.server.tests.processes import env_for, free_port, run, start, stop, wait_until_up

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
JALALI_MONTHS = "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"
SEND_AFTER_MS = 2_200  # a person takes longer than the form's 2-second minimum


class Site:
    """A customer's web site on its own loopback port: one page that frames the form."""

    def __init__(self, form_url: str) -> None:
        page = f'<!doctype html><title>Shop</title><h1>Shop</h1><iframe src="{form_url}" '
        page += 'title="Contact" width="700" height="900"></iframe>'
        body = page.encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def sites() -> Iterator[tuple[int, Site, Site]]:
    port = free_port()
    form_url = f"http://127.0.0.1:{port}/contact/?lang=en"
    allowed, refused = Site(form_url), Site(form_url)
    yield port, allowed, refused
    allowed.close()
    refused.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, sites: tuple[int, Site, Site]) -> Iterator[str]:
    port, allowed, _refused = sites
    home = tmp_path_factory.mktemp("hamdel-webform")
    env = env_for(home)
    env.pop("HAMDEL_DATABASE_URL", None)
    env.pop("HAMDEL_REDIS_URL", None)
    log = home / "run.log"
    server = start(["run", "--port", str(port)], env, log)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", server, log, 120)
        seed = (
            "from hamdel.sla.tests.sla_factories import make_policy; "
            "from hamdel.webform import queries; "
            "make_policy('Web form', first_response_minutes=240); "
            "form = queries.default_form(); "
            f"form.allowed_origins = [{allowed.origin!r}]; form.save()"
        )
        run(["shell", "-c", seed], env)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(server)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 900, "height": 1000})
    yield context.new_page()
    context.close()


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def fill_and_send(page: Page, name: str, contact: str, message: str) -> None:
    page.fill("input[name=name]", name)
    page.fill("input[name=contact]", contact)
    page.fill("textarea[name=message]", message)
    page.wait_for_timeout(SEND_AFTER_MS)
    page.click("#contact-form button[type=submit]")


def test_a_customer_writes_in_persian_and_is_told_a_jalali_due_date(page: Page, base: str) -> None:
    page.goto(f"{base}/contact/?lang=fa")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    expect(page.locator("h1")).to_have_text("به ما بنویسید")
    assert page.evaluate("document.documentElement.scrollWidth") <= 900  # nothing pokes out
    card = page.locator("main.card").bounding_box()
    label = page.locator("label[for=id_name]").bounding_box()
    assert card is not None
    assert label is not None
    assert label["x"] + label["width"] > card["x"] + card["width"] * 0.75  # starts at the right
    shoot(page, "webform-fa")
    interface_text = page.evaluate(
        """() => {
            const skip = "[data-content], [lang]:not([lang=fa]), script, style";
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            const parts = [];
            while (walker.nextNode()) {
                const node = walker.currentNode;
                if (!node.parentElement.closest(skip)) parts.push(node.data);
            }
            return parts.join(" ");
        }"""
    )
    assert re.findall(r"[A-Za-z]{2,}", interface_text) == []  # every word of the form in Persian
    fill_and_send(page, "لیلا کریمی", "leyla@example.com", "سفارش ۵۵۲۱ شکسته رسید.")
    expect(page.locator("#number")).to_have_text(re.compile(r"^#[۰-۹]+$"))
    due = page.locator("#due").inner_text()
    assert re.search(JALALI_MONTHS, due), due
    assert re.search("[۰-۹]", due), due
    assert not re.search("[0-9]", due), due
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    shoot(page, "webform-fa-thanks")


def test_a_customer_writes_in_turkish_with_a_phone_number(page: Page, base: str) -> None:
    page.goto(f"{base}/contact/", wait_until="load")
    page.goto(f"{base}/contact/?lang=tr")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_have_text("Bize yazın")
    page.fill("input[name=name]", "Ayşe Yılmaz")
    page.fill("input[name=contact]", "12")
    page.fill("textarea[name=message]", "Siparişim gelmedi.")
    page.wait_for_timeout(SEND_AFTER_MS)
    page.click("#contact-form button[type=submit]")
    expect(page.locator("#id_contact-errors")).to_be_visible()  # not a phone number, in Turkish
    assert "telefon" in page.locator("#id_contact-errors").inner_text().lower()
    expect(page.locator("textarea[name=message]")).to_have_value("Siparişim gelmedi.")
    page.fill("input[name=contact]", "0912 345 6789")
    page.wait_for_timeout(SEND_AFTER_MS)
    page.click("#contact-form button[type=submit]")
    expect(page.locator("#number")).to_have_text(re.compile(r"^#\d+$"))
    expect(page.locator("#contact")).to_have_text("+989123456789")
    expect(page.locator("#due")).to_contain_text(
        re.compile("Ocak|Şubat|Mart|Nisan|Mayıs|Haziran|Temmuz|Ağustos|Eylül|Ekim|Kasım|Aralık")
    )
    shoot(page, "webform-tr-thanks")


def test_only_the_listed_site_can_frame_the_form(
    page: Page, base: str, sites: tuple[int, Site, Site]
) -> None:
    _port, allowed, refused = sites
    page.goto(allowed.origin)
    framed = page.frame_locator("iframe")
    expect(framed.locator("#contact-form")).to_be_visible()
    framed.locator("input[name=name]").fill("Ivan Petrov")
    framed.locator("input[name=contact]").fill("ivan@example.com")
    framed.locator("textarea[name=message]").fill("Где мой заказ?")
    page.wait_for_timeout(SEND_AFTER_MS)
    framed.locator("#contact-form button[type=submit]").click()
    expect(framed.locator("#number")).to_have_text(
        re.compile(r"^#\d+$")
    )  # CSRF passed in the frame

    page.goto(refused.origin)
    expect(page.locator("h1")).to_have_text("Shop")
    page.wait_for_timeout(1_000)
    expect(page.frame_locator("iframe").locator("#contact-form")).to_have_count(0)
    frame_urls = [frame.url for frame in page.frames if frame != page.main_frame]
    assert frame_urls == ["chrome-error://chromewebdata/"]  # Chromium refused to frame it

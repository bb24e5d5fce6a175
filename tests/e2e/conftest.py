"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

Playwright's own browser download does not work here, so Chromium is launched from
/usr/bin/chromium (apt-get install chromium). Without it these tests skip, saying how to
enable them; CI sets LMS_REQUIRE_BROWSER=1 so that a skip becomes a failure.
Screenshots of the pages each test visits go to artifacts/screenshots/ (git-ignored).
"""

import os
import re
import shutil

import pytest

from tests.conftest import PROJECT_ROOT, require_or_skip

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse the
# ORM calls that test set-up makes from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
SCREENSHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
# The narrowest phone the issue names (a 360 px Android): nothing may scroll sideways on it.
PHONE_VIEWPORT = {"width": 360, "height": 780}
DESKTOP_VIEWPORT = {"width": 1280, "height": 900}


def chromium_path() -> str | None:
    configured = os.environ.get("LMS_CHROMIUM")
    candidates = (configured, *CHROMIUM_CANDIDATES) if configured else CHROMIUM_CANDIDATES
    for candidate in candidates:
        if candidate and shutil.which(candidate):
            return candidate
    return None


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        require_or_skip(
            requirement="LMS_REQUIRE_BROWSER",
            message="browser tests need Debian's Chromium: apt-get install chromium",
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_or_skip(
            requirement="LMS_REQUIRE_BROWSER",
            message="browser tests need Playwright for Python: pip install -e .[dev]",
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def live_site(live_server, transactional_db):
    """A live server whose database has the site's page tree (flushed between tests)."""
    from lms.home.services import site_setup

    site_setup()
    return live_server.url


@pytest.fixture
def demo_site(live_server, transactional_db, demo_db):
    """A live server with the whole demo loaded (what `make run` serves)."""
    return live_server.url


def admin_login(page, site_url: str, username: str) -> None:
    from lms.demo.accounts import DEMO_PASSWORD

    page.visit(site_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")


class ScreenshotPage:
    """Wraps a Playwright page: every visit() and snap() leaves a screenshot behind."""

    def __init__(self, page, test_name: str):
        self.page = page
        self.prefix = re.sub(r"[^\w.-]+", "_", test_name)
        self.count = 0

    def __getattr__(self, name):
        return getattr(self.page, name)

    def visit(self, url: str):
        response = self.page.goto(url)
        self.snap("visit")
        return response

    def snap(self, label: str) -> None:
        self.count += 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{self.prefix}-{self.count:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)


@pytest.fixture(params=[DESKTOP_VIEWPORT], ids=["desktop"])
def page(browser, request):
    context = browser.new_context(viewport=request.param, locale="en-US")
    raw = context.new_page()
    wrapped = ScreenshotPage(raw, request.node.name)
    yield wrapped
    wrapped.snap("end")
    context.close()


@pytest.fixture
def phone_page(browser, request):
    context = browser.new_context(
        viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    raw = context.new_page()
    wrapped = ScreenshotPage(raw, request.node.name)
    yield wrapped
    wrapped.snap("end")
    context.close()


def serious_accessibility_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page.page if isinstance(page, ScreenshotPage) else page)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when nothing scrolls
    sideways)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


# Elements reaching past the right edge of the screen where no scrolling box holds them: a
# layout that clips (overflow: hidden, as the Wagtail admin's) hides them without making the
# page scroll sideways, so horizontal_overflow alone would not see them.
CLIPPED_ELEMENTS_JS = """
() => {
    const width = document.documentElement.clientWidth;
    const found = [];
    for (const element of document.body.querySelectorAll("*")) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
        if (box.left >= width) continue;  // wholly off-canvas (a closed drawer), not cut
        const style = getComputedStyle(element);
        if (style.visibility === "hidden" || style.position === "fixed") continue;
        // Wagtail's minimap of the editor's sections: folded at the edge by design.
        if (element.closest(".w-minimap")) continue;
        let scrolled = false;
        for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
            const overflowX = getComputedStyle(up).overflowX;
            if (overflowX === "auto" || overflowX === "scroll") { scrolled = true; break; }
        }
        if (scrolled) continue;
        // Report the outermost element only: its children overflow with it.
        if (found.some(outer => outer.contains(element))) continue;
        found.push(element);
    }
    return found.slice(0, 5).map(e => e.tagName.toLowerCase()
        + (e.id ? "#" + e.id : "")
        + (e.className && typeof e.className === "string"
            ? "." + e.className.trim().split(/\\s+/).join(".") : "")
        + " right=" + Math.round(e.getBoundingClientRect().right));
}
"""


def clipped_elements(page) -> list[str]:
    """Elements cut off at the right edge of the screen (see CLIPPED_ELEMENTS_JS)."""
    return page.evaluate(CLIPPED_ELEMENTS_JS)


# Waits for the page's animations and transitions that end (a spinner's never does), for a
# second at most: a message fades in within it, and some admin animations repeat for minutes.
FINITE_ANIMATIONS_FINISHED_JS = """
() => Promise.race([
    Promise.all(document.getAnimations()
        .filter(animation => animation.effect
            && animation.effect.getComputedTiming().endTime !== Infinity)
        .map(animation => animation.finished.catch(() => null))),
    new Promise(resolve => setTimeout(resolve, 1000)),
])
"""


def assert_page_is_sound(page) -> None:
    """What every journey checks on each page it reaches: nothing scrolls sideways or is cut
    off at the screen's edge, a Vietnamese page holds none of the admin's known English
    strings (tests/i18n/english_admin_strings.py), and axe finds no serious or critical
    violation."""
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the viewport"
    clipped = clipped_elements(page)
    assert clipped == [], f"{page.url}: cut off at the right edge: {clipped}"
    if page.evaluate("document.documentElement.lang").startswith("vi"):
        from tests.i18n.english_admin_strings import english_admin_strings_in, visible_text

        english = english_admin_strings_in(visible_text(page.content()))
        assert english == [], f"{page.url}: English in a Vietnamese page: {english}"
    # Colours are judged as they end up: a message still fading in reads as low contrast.
    page.evaluate(FINITE_ANIMATIONS_FINISHED_JS)
    violations = serious_accessibility_violations(page)
    assert violations == [], f"{page.url}: {violations}"

"""Playwright driving Debian's chromium (Playwright's own browser download is not used).

Its headless shell, as Playwright itself uses for headless runs: the same Blink and V8
without the desktop browser's layers. Over the checkout tests it used 18 CPU-seconds
where the full browser used 41, and 67 where it used 100 over the screenshot tours.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium-headless-shell"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS_DIR = Path(__file__).resolve().parent.parent / "test-artifacts"
DEFAULT_TIMEOUT_MS = 15_000
# Pictures of the pages the browser tests see, for people to look at (`make screens`). No
# check reads them, and drawing and saving them was a fifth of the browser's work in the
# screenshot tours (11 of 58 CPU-seconds), so the suite draws them only when asked to.
PICTURES = os.environ.get("MORPHEUS_SCREENSHOTS") == "1"


def picture(page, path: Path) -> None:
    """A full-page screenshot of `page` at `path`, when pictures are asked for."""
    if PICTURES:
        page.screenshot(path=str(path), full_page=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs it.")
    from playwright.sync_api import expect, sync_playwright

    # Playwright's sync API keeps an asyncio loop in this thread; the test's own ORM calls
    # are still plain synchronous calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # Assertions wait as long as actions do (Playwright's own default is 5 s, which a
    # payment's webhook round trip can outlast on a busy 2-core CI machine).
    expect.set_options(timeout=DEFAULT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server):
    """Opens pages, each in its own browser context (its own cookies), on the live server."""
    contexts = []

    def open_page(*, width: int = 1280, height: int = 900):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": height},
            accept_downloads=True,
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot(request):
    """Saves full-page screenshots to test-artifacts/<test name>/NN-<name>.png (`make
    screens`; see `PICTURES`)."""
    folder = ARTIFACTS_DIR / request.node.name
    if PICTURES:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    taken = []

    def take(page, name: str) -> None:
        taken.append(name)
        picture(page, folder / f"{len(taken):02d}-{name}.png")

    return take

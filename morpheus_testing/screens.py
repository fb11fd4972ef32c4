"""The screenshot tour: every page and email at a desk's and a phone's width, in one folder,
each checked by axe-core for serious accessibility violations.

Pictures go to `test-artifacts/screens/<name>-<width>.png` when asked for (`make screens`;
see `morpheus_testing.browser.PICTURES`). A module adds its own pages
with its own prefix (`storefront-`, `email-`, `backoffice-`...) through the `tour` fixture:

    def test_back_office_pages(tour, new_page):
        ...
        tour.capture(page, "backoffice-order-list")
        assert not tour.violations, "\n".join(tour.violations)
"""

import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import pytest

from morpheus_testing.browser import ARTIFACTS_DIR, picture

SCREENS_DIR = ARTIFACTS_DIR / "screens"
VIEWPORTS = {1280: 900, 390: 844}
BLOCKING_IMPACTS = {"serious", "critical"}
# axe-core's default run (its enabled rules but the experimental ones) narrowed to the rules
# with a check that can fail as serious or critical: the others (landmarks, headings' order,
# region...) can only report what is not checked, and took a quarter of axe's time.
BLOCKING_RULES_RUN = """(() => {
  const blocking = new Set(IMPACTS);
  const impactOf = (check) => (axe._audit.data.checks[check.id || check] || {}).impact;
  const rules = axe._audit.rules
    .filter((rule) => rule.enabled && !rule.tags.includes("experimental"))
    .filter((rule) => [...rule.any, ...rule.all, ...rule.none].some(
      (check) => blocking.has(impactOf(check))))
    .map((rule) => rule.id);
  return axe.run({runOnly: {type: "rule", values: rules}, resultTypes: ["violations"]});
})()""".replace("IMPACTS", json.dumps(sorted(BLOCKING_IMPACTS)))


@dataclass
class Tour:
    folder: Path = SCREENS_DIR
    violations: list[str] = field(default_factory=list)

    def capture(self, page, name: str) -> None:
        """`page` at each width: its picture, and axe-core run on it; the page left at the
        first width."""
        for width, height in [*VIEWPORTS.items()][::-1]:
            page.set_viewport_size({"width": width, "height": height})
            picture(page, self.folder / f"{name}-{width}.png")
            self.violations += [f"{name} at {width} px: {v}" for v in blocking_violations(page)]

    def visit(self, page, url: str, name: str) -> None:
        """Open `url` in `page` and capture it."""
        page.goto(url)
        self.capture(page, name)

    def capture_email(self, page, message, name: str) -> None:
        """An email's HTML part as a mail client shows it, and its text part on its own."""
        html = next(content for content, kind in message.alternatives if kind == "text/html")
        page.set_content(html)
        self.capture(page, name)
        page.set_content(
            f'<!doctype html><html lang="en"><title>{escape(message.subject)}</title>'
            '<pre style="white-space: pre-wrap; overflow-wrap: anywhere; '
            'font: 15px/1.5 monospace; margin: 16px">'
            f"{escape(message.body)}</pre></html>"
        )
        self.capture(page, f"{name}-text")


def blocking_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each. axe-core is
    injected once per document: a page checked again at another width reuses it."""
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate(BLOCKING_RULES_RUN)
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']} at "
        + "; ".join(" ".join(map(str, node["target"])) for node in rule["nodes"][:5])
        for rule in results["violations"]
        if rule["impact"] in BLOCKING_IMPACTS
    ]


@pytest.fixture
def tour() -> Tour:
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    return Tour()

"""Every back-office page as staff see it, at a laptop's width and a phone's: axe-core's
accessibility check, which must find nothing serious or critical of ours, the layout checks,
and with `make screens` a screenshot of each into test-artifacts/screens/
(backoffice-<page>-<width>.png)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import ErasureRequest
from backoffice.forms import NoteForm, RefundForm
from delivery.models import DownloadAbuseAlert
from delivery.services import download_links_fulfil
from morpheus.db_context import system_scope
from morpheus_testing.admin_fixtures import staff_user
from morpheus_testing.browser import picture
from morpheus_testing.factories import (
    BUSINESS,
    ComicFactory,
    PaymentFactory,
    UserFactory,
    create_order,
    order_move,
)
from morpheus_testing.jobs import run_queued_jobs
from morpheus_testing.screens import SCREENS_DIR, blocking_violations
from orders.buyer import BuyerDeclaration
from orders.services import order_mark_disputed, order_note_add, order_record_refunded_amount
from orders.transitions import OrderStatus
from payments.models import Dispute, DuplicatePayment, PaymentStatus, Refund, RefundStatus
from promotions.models import Bundle, DiscountCode, DiscountCodeCurrency
from promotions.services import discount_apply
from tax.countries import ELSEWHERE
from tests.e2e import steps

pytestmark = [pytest.mark.django_db(transaction=True)]

WIDTHS = {"1280": (1280, 900), "390": (390, 844)}


def _stripe_id(prefix: str, tag: str, order) -> str:
    """An id as long as Stripe's own (27 characters): short ones hid how wide a Stripe
    column grows on a phone (outside probe AL-6)."""
    return f"{prefix}_{tag}{order.pk:0{24 - len(tag)}d}"


def _paid(customer, comics, *, status=OrderStatus.PAID, failed_first=False, **placed):
    """`placed`: the order's `declaration` and the `code` applied before it is paid."""
    code = placed.pop("code", "")
    order = create_order(customer=customer, comics=comics, **placed)
    if code:
        order = discount_apply(order=order, code=code, customer=customer, actor="test")
    order = order_move(order, to=status)
    attempt = 1
    if failed_first:
        PaymentFactory(
            order=order,
            attempt=attempt,
            stripe_payment_intent_id=_stripe_id("pi", "failed", order),
            status=PaymentStatus.FAILED,
            failure_code="card_declined",
            failure_message="Your card was declined.",
        )
        attempt += 1
    payment = PaymentFactory(
        order=order,
        attempt=attempt,
        stripe_payment_intent_id=_stripe_id("pi", "paid", order),
        stripe_charge_id=_stripe_id("ch", "paid", order),
        status=PaymentStatus.SUCCEEDED,
        succeeded_at=timezone.now(),
    )
    return order, payment


def _refund(order, payment, amount: int, reason: str = "Page 12 was blank") -> None:
    with system_scope():
        Refund.objects.create(
            order=order,
            payment=payment,
            amount=amount,
            currency=order.currency,
            reason=reason,
            status=RefundStatus.SUCCEEDED,
            stripe_refund_id=f"re_{order.pk}_{amount}",
            actor="staff:finance",
            succeeded_at=timezone.now(),
        )
    order_record_refunded_amount(
        order=order,
        refunded_total=order.refunded_amount + amount,
        actor=f"stripe:evt_refund_{order.pk}",
        reason="Stripe confirmed the refund",
    )


def _charged_again(order, paid_by) -> None:
    """A second attempt Stripe charged too (another tab): a duplicate staff may refund."""
    again = PaymentFactory(
        order=order,
        attempt=paid_by.attempt + 1,
        stripe_payment_intent_id=_stripe_id("pi", "again", order),
        stripe_charge_id=_stripe_id("ch", "again", order),
        status=PaymentStatus.SUCCEEDED,
        succeeded_at=timezone.now(),
    )
    DuplicatePayment.objects.create(
        payment=again,
        order=order,
        duplicate_of=paid_by,
        amount=order.total_amount,
        currency=order.currency,
    )


def _unbroken(form, field: str) -> str:
    """Words without a space, as long as the form's field takes."""
    url = "https://support.example.com/ticket?log="
    return (url + "x" * 4000)[: form.base_fields[field].max_length]


def _shop() -> dict[str, int]:
    """A shop with an order in each state staff meet, and a row on every other page."""
    comics = [ComicFactory(title=title, price_amount=price) for title, price in _CATALOGUE]
    alice = UserFactory(username="alice", first_name="Alice", last_name="Dreamer")
    bob = UserFactory(username="bob")
    pending = create_order(customer=bob, comics=comics[:1])
    PaymentFactory(
        order=pending,
        stripe_payment_intent_id=f"pi_declined_{pending.pk}",
        status=PaymentStatus.FAILED,
        failure_code="card_declined",
        failure_message="Your card was declined.",
    )
    # A business: the VAT evidence panel names it and its billing address.
    paid, _ = _paid(
        alice,
        comics[:2],
        failed_first=True,
        declaration=BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS),
    )
    # Staff's words without a space, as long as a note may be (a pasted address or log
    # line): they made the order page 32,800 px wide (outside probe AP-4).
    order_note_add(order=paid, actor="staff:support", text=_unbroken(NoteForm, "text"))
    fulfilled, fulfilled_payment = _paid(alice, comics[2:3])
    # Canceled and refunded before bob buys those comics in the order refunded in part: a
    # comic he owns is not sold to him again.
    canceled = create_order(customer=bob, comics=comics[:1], status=OrderStatus.CANCELED)
    # The longest country name staff read, in the VAT evidence list: cut short on a phone.
    create_order(comics=comics[4:5], declaration=BuyerDeclaration(country=ELSEWHERE))
    refunded, refunded_payment = _paid(bob, comics[1:2])
    # A sale in the shop's own country: the dashboard's domestic VAT table (outside probe BS-1).
    _paid(bob, comics[4:5], declaration=BuyerDeclaration(country=settings.TAX_SELLER_COUNTRY))
    _refund(refunded, refunded_payment, refunded.total_amount)
    # A code's Discount column beside the VAT one: five columns, wider than a phone
    # (outside probe BK-8).
    with system_scope():
        code = DiscountCode.objects.create(code="WELCOME10", description="Welcome", percent_off=10)
    partly, partly_payment = _paid(
        bob, comics[:3], declaration=BuyerDeclaration(country="DE"), code="WELCOME10"
    )
    with system_scope():
        for order in (fulfilled, partly):
            download_links_fulfil(order_id=order.pk, actor="system")
        _charged_again(fulfilled, fulfilled_payment)
    _refund(partly, partly_payment, 300, reason=_unbroken(RefundForm, "reason"))
    disputed, disputed_payment = _paid(alice, comics[3:4])
    with system_scope():
        Dispute.objects.create(
            stripe_dispute_id=_stripe_id("dp", "", disputed),
            order=disputed,
            payment=disputed_payment,
            reason="fraudulent",
            amount=disputed.total_amount,
            currency=disputed.currency,
            status="needs_response",
            evidence_due_by=timezone.now() + timedelta(days=7),
        )
    order_mark_disputed(
        order=disputed, actor=f"stripe:evt_dispute_{disputed.pk}", reason="Dispute: fraudulent"
    )
    _paid(alice, comics[5:6])
    with system_scope():
        run_queued_jobs(names={"analytics.tasks.record_business_event"})
        fiver = DiscountCode.objects.create(code="FIVEOFF", description="Five off")
        DiscountCodeCurrency.objects.create(discount_code=fiver, currency="EUR", amount_off=500)
        bundle = Bundle.objects.create(
            title="The Dreamlands Trilogy", slug="dreamlands", price_amount=1299, currency="EUR"
        )
        bundle.comics.set(comics[:3])
        now = timezone.now()
        alert = DownloadAbuseAlert.objects.create(
            order=fulfilled,
            networks=5,
            downloads=9,
            window_start=now - timedelta(minutes=50),
            window_end=now,
            detected_at=now,
        )
        erasure = ErasureRequest.objects.create(user=UserFactory(username="leaving"))
    return {
        "pending": pending.pk,
        "paid": paid.pk,
        "fulfilled": fulfilled.pk,
        "partly-refunded": partly.pk,
        "refunded": refunded.pk,
        "disputed": disputed.pk,
        "canceled": canceled.pk,
        "code": code.pk,
        "bundle": bundle.pk,
        "alert": alert.pk,
        "erasure": erasure.pk,
        "comic": comics[0].pk,
        "comic-file": comics[0].assets.get().pk,
        "customer": alice.pk,
    }


_CATALOGUE = [
    ("The Sleepwalker's Atlas", 499),
    ("Lucid Harbour", 399),
    ("Night Ferry to Somnia", 1299),
    ("Dream Diary: Free Sample", 250),
    # A title of ordinary words, long: the code and bundle forms' checkbox lists widened the
    # page past the screen (outside probe AI-6).
    (
        "The Extraordinarily Long and Winding Chronicle of the Sleepless Cartographer Who "
        "Mapped Every Dream Ever Dreamed: Volume One, Deluxe Collector's Edition",
        450,
    ),
    # One word of 200 characters, sold: Sales per title's chart heading and table widened the
    # page past the screen (outside probe ES-4).
    ("GhostInTheMargins" * 11 + "Ghost", 350),
]


def _pages(ids: dict[str, int]) -> list[tuple[str, str]]:
    order = "/admin/orders/order/"
    pages = [
        ("dashboard", "/admin/"),
        ("order-list", order),
        ("order-list-filtered", f"{order}?status=paid&status=fulfilled&q=alice"),
    ]
    pages += [
        (f"order-{state}", f"{order}{ids[state]}/change/")
        for state in (
            "pending",
            "paid",
            "fulfilled",
            "partly-refunded",
            "refunded",
            "disputed",
            "canceled",
        )
    ]
    return [
        *pages,
        ("refund", f"{order}{ids['paid']}/refund/"),
        ("comp", f"{order}comp/"),
        ("codes", "/admin/promotions/discountcode/"),
        ("code", f"/admin/promotions/discountcode/{ids['code']}/change/"),
        ("bundles", "/admin/promotions/bundle/"),
        ("bundle", f"/admin/promotions/bundle/{ids['bundle']}/change/"),
        ("tax-rules", "/admin/tax/taxrule/"),
        ("vat-evidence-list", "/admin/tax/ordertaxevidence/"),
        ("vat-evidence", f"/admin/tax/ordertaxevidence/{ids['paid']}/change/"),
        ("invoices", "/admin/invoicing/invoice/"),
        ("sales-per-title", "/admin/catalog/comic/sales/"),
        ("comics", "/admin/catalog/comic/"),
        ("abuse-alerts", "/admin/delivery/downloadabusealert/"),
        ("abuse-alert", f"/admin/delivery/downloadabusealert/{ids['alert']}/change/"),
        ("erasure-requests", "/admin/accounts/erasurerequest/"),
        ("payments", "/admin/payments/payment/"),
        ("refunds", "/admin/payments/refund/"),
        ("jobs", "/admin/procrastinate/procrastinatejob/"),
        # Found by an outside probe: a file's SHA-256 and the permissions picker were wider
        # than the page.
        ("comic-file", f"/admin/catalog/comicasset/{ids['comic-file']}/change/"),
        ("customer", f"/admin/auth/user/{ids['customer']}/change/"),
    ]


def _sign_in(page: Page, username: str) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(steps.PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page.locator("#dashboard")).to_be_visible()


OVERLAPS = """() => {
  const parts = '.order-state-diagram text, .order-state-diagram rect';
  const boxes = [...document.querySelectorAll(parts)]
    .filter(e => !(e.tagName === 'text' && e.closest('.node')))  // a node's name is inside it
    .map(e => { const b = e.getBoundingClientRect(); return [e.textContent || e.tagName, b]; });
  const hits = [];
  boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
    const apart = p.right <= q.left || q.right <= p.left || p.bottom <= q.top || q.bottom <= p.top;
    if (!apart) hits.push(a + ' / ' + b);
  }));
  return hits;
}"""


# A list's cell whose content does not fit it: the theme gives each cell a fixed height and
# hides what overflows (on a phone, where rows are cards, a value taller than a line).
CUT_SHORT = """() => [...document.querySelectorAll('#result_list td')]
  .filter(td => td.scrollHeight > td.clientHeight + 1 || td.scrollWidth > td.clientWidth + 1)
  .map(td => td.dataset.label || td.className)"""


# A table's columns past the right edge of the box that scrolls it sideways: there until
# one scrolls, with nothing to show it (outside probe AL-6).
OFF_SCREEN = """() => [...document.querySelectorAll('table')].flatMap(table => {
  let box = table.parentElement;
  while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
    box = box.parentElement;
  }
  if (!box || box.scrollWidth <= box.clientWidth + 1) return [];
  const edge = box.getBoundingClientRect().left + box.clientWidth;
  return [...table.querySelectorAll('thead th')]
    .filter(th => th.offsetWidth && th.getBoundingClientRect().right > edge + 1)
    .map(th => th.textContent.trim());
})"""


# A list's cell labelled on a phone (where rows are cards) otherwise than its column's header
# reads: the theme's CSS capitals made "Paid at" read "Paid At" (outside testers, FS-1).
UNLIKE_HEADER = """() => {
  const headers = [...document.querySelectorAll('#result_list thead th')]
    .map(th => (th.querySelector('.text') || th).textContent.trim());
  const row = document.querySelector('#result_list tr.data-row');
  return [...(row ? row.children : [])].flatMap((cell, i) => {
    const label = getComputedStyle(cell, '::before');
    const shown = label.display !== 'none' && cell.dataset.label !== undefined
      && !cell.classList.contains('action-checkbox');
    const asHeader = cell.dataset.label === headers[i] && label.textTransform === 'none';
    return shown && !asHeader
      ? [`"${cell.dataset.label}" (${label.textTransform}) under "${headers[i]}"`] : [];
  });
}"""


# On a phone, where a table's rows are cards, a cell narrower than its card: laid out as a
# table's cell the CSS missed (outside probe BL-9: the items' Total was a half-width box).
NARROW_CARD_CELLS = """() => [...document.querySelectorAll('.bo-cards tbody tr')].flatMap(
  tr => getComputedStyle(tr).display !== 'block' ? [] : [...tr.children]
    .filter(cell => getComputedStyle(cell).position !== 'absolute')  // kept for screen readers
    .filter(cell => cell.offsetWidth && cell.offsetWidth < tr.clientWidth - 1)
    .map(cell => cell.textContent.trim()))"""


def _layout_problems(page: Page, width: int) -> list[str]:
    """Diagram labels over each other or over a status, a list's value cut short or labelled
    unlike its header, a table's column off-screen until scrolled to, a phone's card with a
    cell narrower than it, and a page wider than the screen."""
    problems = [f"overlap: {pair}" for pair in page.evaluate(OVERLAPS)]
    problems += [f"cut short: {cell}" for cell in sorted(set(page.evaluate(CUT_SHORT)))]
    problems += [f"phone label: {label}" for label in page.evaluate(UNLIKE_HEADER)]
    problems += [f"off-screen column: {name}" for name in page.evaluate(OFF_SCREEN)]
    problems += [f"narrower than its card: {cell}" for cell in page.evaluate(NARROW_CARD_CELLS)]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"page is {scroll_width} px wide on a {width} px screen")
    return problems


def _problems_at_each_width(page: Page, name: str) -> list[str]:
    """A screenshot, axe-core and the layout checks at each width, on one loaded page (the
    back office adapts to the width with CSS alone)."""
    found = []
    for width, (viewport_width, height) in WIDTHS.items():
        page.set_viewport_size({"width": viewport_width, "height": height})
        picture(page, SCREENS_DIR / f"backoffice-{name}-{width}.png")
        found += [
            f"at {width} px: {line}"
            for line in blocking_violations(page) + _layout_problems(page, viewport_width)
        ]
    return found


def _focus_outline_at_each_width(page: Page) -> list[list[str]]:
    page.goto("/admin/orders/order/")
    link = page.locator(".bo-row-link").first
    outline = "e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]"
    outlines = []
    for viewport_width, height in WIDTHS.values():
        page.set_viewport_size({"width": viewport_width, "height": height})
        link.focus()
        outlines.append(link.evaluate(outline))
    return outlines


# Two halves of the pages, so that two workers share them; each half builds its own shop.
HALVES = {"orders": slice(0, 12), "the-rest": slice(12, None)}


@pytest.mark.parametrize("half", HALVES)
def test_every_backoffice_page_passes_axe_and_the_layout_checks_at_both_widths(
    new_page, staff_groups, half
):
    with system_scope():
        ids = _shop()
    page = new_page()
    _sign_in(page, staff_user(superuser=True).username)
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    problems = {}
    for name, url in _pages(ids)[HALVES[half]]:
        response = page.goto(url)
        assert response is not None and response.status == 200, (name, url)
        found = _problems_at_each_width(page, name)
        if found:
            problems[name] = found
    assert _focus_outline_at_each_width(page) == [["solid", "2px"]] * len(WIDTHS)  # visible
    assert not problems, "\n".join(f"{name}: {line}" for name, v in problems.items() for line in v)

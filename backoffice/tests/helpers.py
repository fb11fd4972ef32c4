"""Helpers of the back office's tests."""

import html
import re

from django.utils import timezone

from analytics.tasks import record_business_event
from catalog.models import Comic
from morpheus.db_context import system_scope
from morpheus.setting_changes import setting_version
from morpheus_testing.factories import PaymentFactory, create_order
from morpheus_testing.jobs import invoices_numbered, run_queued_jobs
from orders.models import Order
from orders.services import order_transition
from orders.transitions import OrderStatus
from payments.models import Payment, PaymentStatus, Refund
from payments.services import refund_create, refund_unanswered_fail
from payments.services.disputes import DisputeEvent
from payments.tests.helpers import dispute_told, localstripe_call, run_stripe_jobs


def headings(page: str) -> list[str]:
    """The text of each h1 and h2 of a page, tags left out and spaces collapsed."""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", heading).split())
        for heading in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", page, re.S)
    ]


def inline_labels(page: str, group: str) -> tuple[list[str], list[str]]:
    """An inline's column headers (desktop) and the labels of its first row's cells (on a
    phone, the theme shows each row as a card, each cell under its `data-label`)."""
    table = page.split(f'id="{group}"', 1)[1].split("</table>", 1)[0]
    icons = r'<span class="[^"]*material-symbols-outlined[^"]*"[^>]*>\w+</span>'
    headers = [
        " ".join(re.sub(r"<[^>]+>", " ", re.sub(icons, "", header)).split())
        for header in re.findall(r"<th class=\"column-[^>]*>(.*?)</th>", table, re.S)
    ]
    first_row = table.split('<tr class="form-row', 1)[1].split("</tr>", 1)[0]
    return headers, re.findall(
        r'<td class="[^"]*field-tabular[^"]*"[^>]*data-label="([^"]*)"', first_row
    )


def list_labels(page: str) -> tuple[list[str], list[str]]:
    """A list page's column headers (desktop) and the labels of its first row's cells (on a
    phone, the theme shows each row as a card, each cell under its `data-label`), the
    selection checkbox's column left out."""
    table = page.split('id="result_list"', 1)[1].split("</table>", 1)[0]
    headers = [
        " ".join(re.sub(r"<[^>]+>", " ", header.split('<div class="text">')[1]).split())
        for header in re.findall(
            r'<th class="[^"]*\bcolumn-[^>]*>(.*?)</div>', table.split("</thead>")[0], re.S
        )
    ]
    first_row = table.split('<tr class="data-row', 1)[1].split("</tr>", 1)[0]
    labels = re.findall(
        r'<t[dh] class="(?![^"]*action-checkbox)[^"]*" data-label="([^"]*)"', first_row
    )
    return [html.unescape(header) for header in headers], [html.unescape(label) for label in labels]


def as_confirmed(client, url: str, form: dict) -> dict:
    """`form` as its preview's confirm button sends it: staff confirm what they previewed."""
    unconfirmed = {name: value for name, value in form.items() if name != "confirmed"}
    preview = client.post(url, unconfirmed)
    return {**form, "confirmed": "on", "previewed": preview.context["form"]["previewed"].value()}


def hidden_fields(page: str) -> dict[str, list[str]]:
    """A page's hidden form fields as it would send them back."""
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page):
        fields.setdefault(name, []).append(html.unescape(value))
    return fields


def paid_by_card(comics: list[Comic]) -> Order:
    """An order of `comics` paid with a card, as Stripe's webhook leaves it."""
    order = create_order(status=OrderStatus.PROCESSING, comics=comics)
    PaymentFactory(
        order=order,
        stripe_payment_intent_id=f"pi_paid_{order.pk}",
        status=PaymentStatus.SUCCEEDED,
        succeeded_at=timezone.now(),
    )
    with system_scope():
        order_transition(order=order, name="mark_paid", actor="test", reason="paid")
    invoices_numbered()
    with system_scope():
        return Order.objects.get(pk=order.pk)


def code_form(**fields) -> dict:
    """The discount code add form's data: `rows` are (currency, amount off, minimum basket)."""
    rows = fields.pop("rows", [])
    data = {
        "code": "SPRING",
        "is_active": "on",
        "max_uses_per_customer": "1",
        "currencies-TOTAL_FORMS": str(len(rows)),
        "currencies-INITIAL_FORMS": "0",
        "uses-TOTAL_FORMS": "0",
        "uses-INITIAL_FORMS": "0",
        **fields,
    }
    for index, (currency, amount_off, min_basket) in enumerate(rows):
        data[f"currencies-{index}-currency"] = currency
        data[f"currencies-{index}-amount_off"] = amount_off
        data[f"currencies-{index}-min_basket_amount"] = min_basket
    return data


def page_version(setting) -> str:
    """The version a change page of `setting` (a comic, a bundle, a discount code, a VAT
    rule) loaded now carries, as it sends it."""
    with system_scope():
        return str(setting_version(setting))


def dispute_closed(
    order: Order,
    status: str,
    amount: int,
    dispute_id: str = "dp_report",
    *,
    event: DisputeEvent = DisputeEvent.CLOSED,
) -> None:
    """Stripe closed a dispute of the order's payment (`lost`, `won`) for `amount` (or, as
    `event` says, opened it: `needs_response`), and the analytics jobs that follow ran."""
    dispute_told(order, status, amount, dispute_id=dispute_id, event=event)
    run_queued_jobs(names={record_business_event.name})


def refund_not_sent(order: Order, payment: Payment) -> Refund:
    """A refund whose job gave up with Stripe out of reach, though Stripe had received and
    paid it; then the refund staff ask for again, which is not sent. The latter."""
    given_up = refund_create(order=order, amount=200, reason="Goodwill", actor="staff:finance")
    refund_unanswered_fail(refund_id=given_up.pk)
    localstripe_call(
        "POST",
        "/v1/refunds",
        {
            "payment_intent": payment.stripe_payment_intent_id,
            "amount": 200,
            "metadata": {"refund_id": str(given_up.pk)},
        },
    )
    again = refund_create(order=order, amount=200, reason="Refund again", actor="staff:finance")
    run_stripe_jobs()
    return again

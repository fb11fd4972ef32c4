import html
import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.privacy import account_erase, erasure_request
from accounts.services import guest_account_create
from backoffice.tests.helpers import hidden_fields
from delivery.models import DownloadLink
from delivery.services import download_links_fulfil, download_links_resend
from morpheus.db_context import system_scope
from morpheus_testing.concurrency import at_once
from morpheus_testing.factories import (
    ComicFactory,
    UserFactory,
    create_order,
    create_order_held_for_its_vat_evidence,
    order_links_suspend,
    order_move,
)
from morpheus_testing.jobs import run_queued_jobs
from morpheus_testing.texts import clock_hidden
from notifications.tasks import send_order_email
from orders.models import Order, OrderEvent, OrderEventType
from orders.services import order_flag, order_mark_disputed
from orders.transitions import OrderStatus
from promotions.services import discount_apply
from promotions.tests.factories import make_code


def transition_url(order: Order, name: str) -> str:
    return reverse("admin:orders_order_transition", args=[order.pk, name])


def cancel(client, order: Order, reason: str, *, version: int | None = None):
    """Staff's cancel form for `order`, sent with the version they loaded (its own by default)."""
    loaded = order.version if version is None else version
    return client.post(transition_url(order, "cancel"), {"version": loaded, "reason": reason})


def reload(order: Order) -> Order:
    with system_scope():
        return Order.objects.get(pk=order.pk)


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_order_page_offers_only_allowed_hand_made_transitions(support_client):
    order = create_order(status=OrderStatus.PROCESSING)
    response = support_client.get(reverse("admin:orders_order_change", args=[order.pk]))
    offered = {transition.name for transition, _ in response.context["transitions"]}
    assert offered == {"cancel"}  # paid or failed is Stripe's to record
    assert b'class="node current" data-status="processing"' in response.content


def test_status_change_goes_through_the_service_with_reason_and_actor(support_client):
    order = create_order()
    response = cancel(support_client, order, "Customer asked")
    assert response.status_code == 302
    assert reload(order).status == OrderStatus.CANCELED
    with system_scope():
        event = OrderEvent.objects.get(order=order, to_status="canceled")
    assert event.reason == "Customer asked"
    assert event.actor == f"staff:{support_client.user.username}"


@pytest.mark.parametrize("was", [OrderStatus.PENDING, OrderStatus.PROCESSING])
def test_an_order_staff_cancel_is_emailed_to_the_customer_and_named_so_in_their_history(
    support_client, client, settings, was
):
    """Outside probe CM-2: the customer was never told, and their history read "Canceled" as
    if they had canceled it themselves."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    order = create_order(status=was)
    run_queued_jobs(names=[send_order_email.name])  # "We received your order"
    mail.outbox.clear()

    cancel(support_client, order, "Suspected fraud")
    cancel(support_client, order, "Suspected fraud")  # sent twice: one email
    run_queued_jobs(names=[send_order_email.name])
    client.force_login(order.customer)
    history = client.get(reverse("orders:detail", args=[order.number])).text

    [email] = mail.outbox
    assert (email.subject, email.to) == (f"Your order {order.number} was canceled", [order.email])
    assert f"We canceled your order {order.number}." in email.body
    assert "Suspected fraud" not in email.body  # staff's reason is for staff
    paid_back = "If the payment you had started goes through after all, it is refunded"
    charged = paid_back if was == OrderStatus.PROCESSING else "Nothing was charged for it."
    assert charged in email.body
    assert "Canceled by Morpheus" in history


@pytest.mark.django_db
def test_an_order_the_customer_cancels_sends_no_canceled_email(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    order = create_order()
    run_queued_jobs(names=[send_order_email.name])  # "We received your order"
    mail.outbox.clear()
    client.force_login(order.customer)

    client.post(reverse("orders:cancel", args=[order.number]))
    run_queued_jobs(names=[send_order_email.name])

    assert reload(order).status == OrderStatus.CANCELED
    assert mail.outbox == []
    history = client.get(reverse("orders:detail", args=[order.number])).text
    assert "Canceled by Morpheus" not in history


@pytest.mark.django_db
def test_a_staff_account_canceling_its_own_order_is_not_emailed_that_the_shop_did(client, settings):
    """Outside probe CN-3: a staff member who shops cancelled their own order and was
    emailed "We canceled your order", their history reading "Canceled by Morpheus"."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    shopper = UserFactory(is_staff=True)
    order = create_order(customer=shopper)
    run_queued_jobs(names=[send_order_email.name])  # "We received your order"
    mail.outbox.clear()
    client.force_login(shopper)

    client.post(reverse("orders:cancel", args=[order.number]))
    run_queued_jobs(names=[send_order_email.name])
    history = client.get(reverse("orders:detail", args=[order.number])).text

    assert reload(order).status == OrderStatus.CANCELED
    assert mail.outbox == []
    assert "Canceled by Morpheus" not in history


def test_status_change_needs_a_reason(support_client):
    """Found by an outside probe: the refusal read "reason: This field is required."."""
    order = create_order()
    response = cancel(support_client, order, "")
    assert reload(order).status == OrderStatus.PENDING
    assert message_texts(response) == ["Give a reason for canceling."]


def test_a_cancel_reason_too_long_is_refused_naming_the_reason(support_client):
    """Found by outside probe BT-6: the refusal read "Ensure this value has at most 500
    characters (it has 2000).", not saying it was about the reason."""
    order = create_order()
    response = cancel(support_client, order, "x" * 2000)
    assert reload(order).status == OrderStatus.PENDING
    assert message_texts(response) == ["The reason can be at most 500 characters (you typed 2000)."]


def test_disallowed_transition_is_refused_and_changes_nothing(support_client):
    order = create_order()
    response = support_client.post(
        transition_url(order, "deliver"), {"version": order.version, "reason": "try"}
    )
    assert reload(order).status == OrderStatus.PENDING
    assert any("not allowed" in text for text in message_texts(response))


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (OrderStatus.PENDING, "submit_payment"),
        (OrderStatus.PROCESSING, "mark_paid"),
        (OrderStatus.PROCESSING, "fail_payment"),
        (OrderStatus.PAID, "fulfil"),
        (OrderStatus.FULFILLED, "deliver"),
        (OrderStatus.DELIVERED, "refund"),
    ],
)
def test_transitions_that_record_what_happened_elsewhere_are_refused(support_client, status, name):
    order = create_order(status=status)
    response = support_client.post(
        transition_url(order, name), {"version": order.version, "reason": "by hand"}
    )
    assert reload(order).status == status
    assert any("not allowed" in text for text in message_texts(response))


def test_order_page_says_what_makes_the_other_transitions(support_client):
    order = create_order(status=OrderStatus.FULFILLED)
    response = support_client.get(reverse("admin:orders_order_change", args=[order.pk]))
    assert (
        "<li><strong>Delivered</strong> (first download): The customer&#x27;s first download"
        in response.text
    )


def test_stale_page_gets_a_conflict_message_and_changes_nothing(support_client):
    order = create_order()
    loaded_version = order.version
    with system_scope():  # another staff member acts first
        order_flag(order=order, actor="staff:other", reason="look at this")
    response = cancel(support_client, order, "Customer asked", version=loaded_version)
    assert reload(order).status == OrderStatus.PENDING
    assert any("has changed since this page was loaded" in text for text in message_texts(response))


def test_a_cancel_sent_again_names_the_cancel_not_the_code_it_released(support_client):
    """Outside probe CQ-2: the refusal named the code the cancel released after it
    ("the last change: discount code by Staff: …")."""
    make_code("PROBE2", percent_off=10)
    order = create_order()
    order = discount_apply(order=order, code="PROBE2", customer=order.customer, actor="test")
    cancel(support_client, order, "Customer asked")

    again = cancel(support_client, order, "Customer asked, said twice")

    assert clock_hidden(message_texts(again)[-1]) == (
        f"Order {order.number} has changed since this page was loaded (now canceled; the last "
        f"change: status changed to canceled by Staff: {support_client.user.username} at HH:MM "
        "UTC). Nothing was done: look at it again and retry."
    )


def test_a_cancel_sent_twice_says_the_second_time_that_the_staff_member_made_it(support_client):
    """Outside probe HZ-3: a double click's second answer said the order "has changed since
    this page was loaded (… by Staff: support …). Nothing was done: look at it again and
    retry.", naming the staff member as another."""
    order = create_order()
    cancel(support_client, order, "Customer asked")

    again = cancel(support_client, order, "Customer asked", version=order.version)

    assert message_texts(again)[-1] == (
        f"Order {order.number} is canceled: changed by you a moment ago, nothing done again."
    )
    assert reload(order).events.filter(to_status=OrderStatus.CANCELED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_cancel_sent_twice_at_once_answers_the_second_as_the_twin_of_the_first(
    support_client,
):
    order = create_order()

    answers = at_once(lambda: cancel(support_client, order, "Customer asked"), times=2)

    said = sorted(message_texts(answer)[-1] for answer in answers)
    assert said == [
        f"Order {order.number} is canceled: changed by you a moment ago, nothing done again.",
        f"Order {order.number} is now canceled.",
    ]


def test_status_change_is_refused_without_the_permission(finance_client):
    order = create_order()
    response = cancel(finance_client, order, "no")
    assert response.status_code == 403
    assert reload(order).status == OrderStatus.PENDING


def note_form(client, order, text: str) -> dict[str, str]:
    """The order page's note form as staff fill it in, its hidden key included."""
    page = client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    form = page[page.index('id="note-form"') :]
    key = re.search(r'name="form_key" value="([^"]+)"', form).group(1)
    return {"text": text, "form_key": key}


def test_note_is_added_to_the_timeline(support_client):
    order = create_order()
    support_client.post(
        reverse("admin:orders_order_note", args=[order.pk]),
        note_form(support_client, order, "Called the customer"),
    )
    page = support_client.get(reverse("admin:orders_order_change", args=[order.pk]))
    notes = [entry for entry in page.context["timeline"] if entry.kind == OrderEventType.NOTE]
    assert [(note.detail, note.actor.raw, note.actor.label) for note in notes] == [
        (
            "Called the customer",
            f"staff:{support_client.user.username}",
            f"Staff: {support_client.user.username}",
        )
    ]


def test_a_note_form_sent_twice_records_one_note_and_says_so(support_client):
    order = create_order()
    form = note_form(support_client, order, "Called the customer")
    url = reverse("admin:orders_order_note", args=[order.pk])

    support_client.post(url, form, follow=True)
    again = support_client.post(url, form, follow=True)

    with system_scope():
        notes = OrderEvent.objects.filter(order=order, type=OrderEventType.NOTE)
        assert [note.reason for note in notes] == ["Called the customer"]
    shown = [str(message) for message in again.context["messages"]]
    assert shown == [
        f"This note was added to order {order.number} already (its form was sent twice)."
    ]


@pytest.mark.django_db(transaction=True)
def test_a_note_form_sent_twice_at_once_records_one_note(support_client):
    order = create_order()
    form = note_form(support_client, order, "Called the customer")
    url = reverse("admin:orders_order_note", args=[order.pk])
    staff = support_client.user

    def send_it():
        tab = Client()
        tab.force_login(staff)
        return tab.post(url, form).status_code

    assert at_once(send_it, times=2) == [302, 302]
    with system_scope():
        assert OrderEvent.objects.filter(order=order, type=OrderEventType.NOTE).count() == 1


def test_a_note_form_sent_again_with_edited_words_records_the_new_note(support_client):
    order = create_order()
    form = note_form(support_client, order, "Called the customer")
    url = reverse("admin:orders_order_note", args=[order.pk])
    support_client.post(url, form)

    support_client.post(url, {**form, "text": "Called the customer twice"})

    with system_scope():
        notes = OrderEvent.objects.filter(order=order, type=OrderEventType.NOTE)
        assert [note.reason for note in notes] == [
            "Called the customer",
            "Called the customer twice",
        ]


def test_a_note_form_without_its_key_says_to_reload(support_client):
    order = create_order()

    response = support_client.post(
        reverse("admin:orders_order_note", args=[order.pk]), {"text": "hello"}, follow=True
    )

    assert message_texts(response) == ["This page is out of date: reload it and try again."]


def test_two_note_forms_with_the_same_words_record_two_notes(support_client):
    order = create_order()
    url = reverse("admin:orders_order_note", args=[order.pk])

    support_client.post(url, note_form(support_client, order, "Called the customer"))
    support_client.post(url, note_form(support_client, order, "Called the customer"))

    with system_scope():
        assert OrderEvent.objects.filter(order=order, type=OrderEventType.NOTE).count() == 2


def test_a_cancel_form_without_the_pages_version_says_to_reload(support_client):
    order = create_order()

    response = support_client.post(
        transition_url(order, "cancel"), {"version": "", "reason": "asked"}, follow=True
    )

    assert message_texts(response) == ["This page is out of date: reload it and try again."]
    assert reload(order).status == OrderStatus.PENDING


def test_note_is_refused_without_the_permission(plain_staff_client):
    order = create_order()
    response = plain_staff_client.post(
        reverse("admin:orders_order_note", args=[order.pk]), {"text": "hello"}
    )
    assert response.status_code == 403
    with system_scope():
        assert not OrderEvent.objects.filter(order=order, type=OrderEventType.NOTE).exists()


@pytest.fixture
def fulfilled_order():
    """A fulfilled order whose set-up jobs (emails, analytics) already ran."""
    order = create_order(status=OrderStatus.PAID)
    with system_scope():
        download_links_fulfil(order_id=order.pk, actor="test")
    run_queued_jobs()
    mail.outbox = []
    return reload(order)


def test_reissue_emails_fresh_links_and_revokes_the_old_ones(support_client, fulfilled_order):
    with system_scope():
        before = list(
            DownloadLink.objects.filter(order=fulfilled_order).values_list("pk", flat=True)
        )
    support_client.post(
        reverse("admin:orders_order_reissue_links", args=[fulfilled_order.pk]),
        {"version": fulfilled_order.version, "reason": "Lost the email"},
    )
    assert run_queued_jobs() == ["delivery.tasks.send_fresh_links"]

    with system_scope():
        links = list(DownloadLink.objects.filter(order=fulfilled_order).order_by("pk"))
    assert all(link.revoked_at for link in links if link.pk in before)
    assert len([link for link in links if link.revoked_at is None]) == 1
    (message,) = mail.outbox
    assert message.to == [fulfilled_order.email]
    assert "/downloads/" in message.body


def test_the_reissue_email_says_the_links_sent_before_no_longer_work(support_client):
    order = create_order(status=OrderStatus.PAID)
    run_queued_jobs()
    (first,) = [message for message in mail.outbox if message.subject.endswith(" ready")]
    mail.outbox = []

    support_client.post(
        reverse("admin:orders_order_reissue_links", args=[order.pk]),
        {"version": reload(order).version, "reason": "Lost the email"},
    )
    run_queued_jobs()

    (reissued,) = mail.outbox
    assert reissued.subject == first.subject
    said = "These links replace the ones we sent you before, which no longer work."
    for message in (first, reissued):
        ((html, _),) = message.alternatives
        told = message is reissued
        assert (said in message.body, said in html) == (told, told)


def test_a_double_submitted_reissue_sends_one_email_whose_links_work(
    support_client, fulfilled_order
):
    form = {"version": fulfilled_order.version, "reason": "Lost the email"}
    url = reverse("admin:orders_order_reissue_links", args=[fulfilled_order.pk])

    support_client.post(url, form)
    second = support_client.post(url, form, follow=True)
    run_queued_jobs()

    assert len(mail.outbox) == 1
    # Outside probe HZ-3: "has changed since this page was loaded … retry".
    assert "Fresh links asked for by you a moment ago, nothing sent again." in second.text
    with system_scope():
        assert DownloadLink.objects.filter(order=fulfilled_order, revoked_at=None).count() == 1


def bulk_reissue(client, order, **confirmation):
    asked = {"action": "reissue_download_links", "_selected_action": [order.pk]}
    changelist = reverse("admin:orders_order_changelist")
    return client.post(changelist, {**asked, **confirmation}, follow=True)


def test_the_list_asks_before_re_sending_links_saying_when_they_were_last_emailed(
    support_client, fulfilled_order
):
    page = bulk_reissue(support_client, fulfilled_order).text
    run_queued_jobs()

    assert mail.outbox == []
    assert (
        f"<strong>{fulfilled_order.number}</strong> · {fulfilled_order.email} · links last" in page
    )
    shown = f"{fulfilled_order.pk}:{fulfilled_order.version}:{fulfilled_order.status}"
    assert f'name="shown" value="{shown}"' in page


def test_the_list_says_before_re_sending_which_orders_get_no_links(support_client):
    """Found by an outside probe: refunded and unpaid orders were listed as if they would
    get links, and refused only once confirmed."""
    refunded = create_order(status=OrderStatus.REFUNDED)

    page = bulk_reissue(support_client, refunded).text

    assert f"gets no links: Order {refunded.number} is refunded: its downloads are not" in page


def test_the_list_says_a_suspended_order_gets_no_links_until_its_suspension_is_lifted(
    support_client, fulfilled_order
):
    """Found by an outside probe: the confirmation did not say the order was suspended, and
    the links it sent worked while the customer's library still said the downloads were
    paused."""
    order_links_suspend(fulfilled_order)
    run_queued_jobs()  # the email telling the customer why
    mail.outbox = []
    order = reload(fulfilled_order)

    page = html.unescape(bulk_reissue(support_client, order).text)
    told = message_texts(
        bulk_reissue(support_client, order, **confirmation_sent(support_client, order))
    )
    run_queued_jobs()

    assert (
        f"gets no links: Order {order.number}'s links are suspended for sharing: lift the "
        "suspension (Link abuse alerts) to email the customer fresh links." in page
    )
    assert told == [
        f"Order {order.number}'s links are suspended for sharing: lift the suspension (Link "
        "abuse alerts) to email the customer fresh links."
    ]
    assert mail.outbox == []


def test_the_list_says_an_erased_customers_suspended_order_gets_no_links_at_all(
    support_client, fulfilled_order
):
    """Found by an outside probe: staff were told to lift the suspension to email fresh
    links to a customer who had erased their account; lifting then emailed no one."""
    order_links_suspend(fulfilled_order)
    with system_scope():
        account_erase(erasure_id=erasure_request(user=fulfilled_order.customer).pk)
    order = reload(fulfilled_order)

    page = html.unescape(bulk_reissue(support_client, order).text)

    assert (
        f"gets no links: The customer of order {order.number} erased their account: no one "
        "gets links." in page
    )
    assert "lift the suspension" not in page


def test_the_order_page_of_an_erased_customer_offers_no_re_send_and_says_why(
    support_client, fulfilled_order
):
    """Outside probe DJ-2: it offered "Re-send download links", always refused."""
    with system_scope():
        account_erase(erasure_id=erasure_request(user=fulfilled_order.customer).pk)
    order = reload(fulfilled_order)

    page = html.unescape(
        support_client.get(reverse("admin:orders_order_change", args=[order.pk])).text
    )

    assert "Revoke old links and issue fresh ones" not in page
    assert (
        f"No fresh links to send: The customer of order {order.number} erased their account: "
        "no one gets links." in page
    )


def _fulfilled(customer) -> Order:
    order = create_order(customer=customer, status=OrderStatus.PAID)
    with system_scope():
        download_links_fulfil(order_id=order.pk, actor="test")
    return order


def test_the_re_send_says_which_customers_cannot_be_emailed_and_counts_only_those_who_are(
    support_client,
):
    """Found by an outside probe: erased customers' orders were listed as getting links and
    counted ("get fresh links by email: 3") when one email went out."""
    kept = _fulfilled(UserFactory())
    erased = _fulfilled(customer := UserFactory())
    with system_scope():
        account_erase(erasure_id=erasure_request(user=customer).pk)
    unconfirmed = _fulfilled(UserFactory(email_verified=False))
    guest = _fulfilled(guest_account_create(email="g1@example.com"))
    run_queued_jobs()
    mail.outbox = []
    selected = [reload(order) for order in (kept, erased, unconfirmed, guest)]
    asked = {"action": "reissue_download_links", "_selected_action": [o.pk for o in selected]}
    changelist = reverse("admin:orders_order_changelist")

    shown = support_client.post(changelist, asked).text
    page = html.unescape(shown)
    sent = support_client.post(changelist, reissue_confirmed(shown), follow=True)
    run_queued_jobs()

    assert page.count("gets no links") == 2
    assert (
        f"gets no links: The customer of order {erased.number} erased their account: no one "
        "gets links." in page
    )
    assert (
        f"gets no links: The customer of order {unconfirmed.number} has not confirmed "
        f"{unconfirmed.email} yet: links are emailed only to a confirmed address." in page
    )
    assert "Orders whose customers get fresh links by email: 2." in message_texts(sent)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [kept.email, "g1@example.com"]
    )


def test_the_re_send_says_a_customer_whose_erasure_waits_gets_no_links(support_client):
    """Staff were told fresh links were on their way to a customer whose erasure waited for
    its job; the email itself was skipped."""
    kept = _fulfilled(UserFactory())
    leaving = [_fulfilled(customer := UserFactory()), _fulfilled(customer)]
    run_queued_jobs()
    mail.outbox = []
    with system_scope():
        erasure_request(user=customer)  # its job has not run yet
    selected = [reload(order) for order in (kept, *leaving)]
    asked = {"action": "reissue_download_links", "_selected_action": [o.pk for o in selected]}
    changelist = reverse("admin:orders_order_changelist")

    shown = support_client.post(changelist, asked).text
    page = html.unescape(shown)
    sent = support_client.post(changelist, reissue_confirmed(shown), follow=True)
    run_queued_jobs(names=["delivery.tasks.send_fresh_links"])

    for order in leaving:
        assert (
            f"gets no links: The customer of order {order.number} asked for their account's "
            "erasure: no one gets links." in page
        )
    assert "Orders whose customers get fresh links by email: 1." in message_texts(sent)
    assert [message.to[0] for message in mail.outbox] == [kept.email]


def test_the_re_send_confirmation_reads_as_much_for_many_orders_as_for_one(support_client):
    """What the page says of each order (links last emailed, why it gets none) is read for
    all the selected orders at once."""
    orders = [create_order(status=OrderStatus.PAID) for _ in range(4)]
    changelist = reverse("admin:orders_order_changelist")

    def statements(selected) -> int:
        asked = {"action": "reissue_download_links", "_selected_action": [o.pk for o in selected]}
        with CaptureQueriesContext(connection) as queries:
            assert support_client.post(changelist, asked).status_code == 200
        return len(queries)

    assert statements(orders) == statements(orders[:1])


def test_links_re_sent_from_the_list_twice_or_from_an_outdated_page_are_emailed_once(
    support_client, fulfilled_order
):
    """Found by an outside probe: every post of the list's action (a double click, a
    refresh, another staff member's old page) emailed the customer fresh links again."""
    changelist = reverse("admin:orders_order_changelist")
    shown = reissue_confirmed(bulk_reissue(support_client, fulfilled_order).text)

    first = support_client.post(changelist, shown, follow=True).text
    again = support_client.post(changelist, shown, follow=True).text
    without_versions = bulk_reissue(
        support_client, fulfilled_order, apply="1", reason=RESEND_REASON
    ).text
    run_queued_jobs()

    assert "Orders whose customers get fresh links by email: 1." in first
    assert "Fresh links asked for by you a moment ago, nothing sent again" in again
    assert "No fresh links were sent: the confirmation named no order." in without_versions
    assert len(mail.outbox) == 1


def test_links_re_sent_from_the_list_ask_why_and_each_orders_history_keeps_it(
    support_client, fulfilled_order
):
    """Outside probe FW-3: the list's re-send asked no reason, and each order's history
    said only "Re-sent by staff"; the order page's re-send asks one."""
    changelist = reverse("admin:orders_order_changelist")
    page = bulk_reissue(support_client, fulfilled_order).text
    without_reason = support_client.post(changelist, hidden_fields(page), follow=True).text

    support_client.post(changelist, reissue_confirmed(page), follow=True)
    run_queued_jobs()

    assert 'name="reason"' in page and "This field is required." in without_reason
    assert len(mail.outbox) == 1
    with system_scope():
        reasons = set(fulfilled_order.events.values_list("reason", flat=True))
    assert RESEND_REASON in reasons


def test_reissue_is_refused_at_once_for_a_refunded_order(support_client):
    order = create_order(status=OrderStatus.REFUNDED)
    run_queued_jobs()

    response = support_client.post(
        reverse("admin:orders_order_reissue_links", args=[order.pk]),
        {"version": order.version, "reason": "Lost the email"},
        follow=True,
    )

    assert any("not available" in text for text in message_texts(response))
    assert run_queued_jobs() == []


def test_reissue_is_refused_without_the_permission(finance_client, fulfilled_order):
    response = finance_client.post(
        reverse("admin:orders_order_reissue_links", args=[fulfilled_order.pk]),
        {"version": fulfilled_order.version, "reason": "Lost the email"},
    )
    assert response.status_code == 403


def test_order_page_offers_no_reissue_for_a_disputed_order(support_client, fulfilled_order):
    with system_scope():
        order_mark_disputed(order=fulfilled_order, actor="stripe:evt_1", reason="Chargeback")

    response = support_client.get(reverse("admin:orders_order_change", args=[fulfilled_order.pk]))

    assert response.context["reissue_form"] is None


def test_every_reason_box_of_the_order_page_stops_at_what_a_reason_may_hold(
    support_client, fulfilled_order
):
    """Outside probe EN-1: the cancel and re-send boxes took any length; the reason, refused
    once sent, was lost."""
    pending = create_order()
    boxes = []
    for order in (pending, fulfilled_order):
        page = support_client.get(reverse("admin:orders_order_change", args=[order.pk]))
        boxes += re.findall(
            r'<(?:textarea|input) id="([\w-]+)"[^>]* name="reason"([^>]*)>', page.content.decode()
        )

    assert {"reason-cancel", "reissue-reason"} <= {box for box, _ in boxes}
    assert all('maxlength="500"' in attributes for _, attributes in boxes)


def test_a_note_over_the_limit_is_refused_and_given_back_to_edit(support_client):
    order = create_order()
    page = support_client.get(reverse("admin:orders_order_change", args=[order.pk]))
    assert re.search(r'<textarea id="note-text"[^>]* maxlength="4000"', page.content.decode())

    typed = "Called the customer. " + "x" * 4000
    response = support_client.post(
        reverse("admin:orders_order_note", args=[order.pk]),
        note_form(support_client, order, typed),
        follow=True,
    )
    html = response.content.decode()
    assert "at most 4000 characters" in html
    assert f">{typed}</textarea>" in html
    notes = [e for e in response.context["timeline"] if e.kind == OrderEventType.NOTE]
    assert notes == []
    # Given back once: the page after shows an empty box again.
    page = support_client.get(reverse("admin:orders_order_change", args=[order.pk]))
    assert typed not in page.content.decode()


def confirmation_sent(client, order) -> dict:
    """The re-send confirmation page's form as its button sends it."""
    return reissue_confirmed(bulk_reissue(client, order).text)


RESEND_REASON = "Lost the email"


def reissue_confirmed(page: str) -> dict:
    """The list's re-send page's form as its button sends it, with a reason typed."""
    return {**hidden_fields(page), "reason": RESEND_REASON}


@pytest.mark.parametrize("own_first", [False, True], ids=["colleague", "own-then-colleague"])
def test_a_re_send_confirmation_after_a_colleagues_names_it_and_no_status_it_had_all_along(
    support_client, fulfilled_order, own_first
):
    """Found by an outside probe: the second post said "(now fulfilled)" of an order
    fulfilled when the page was shown and since. Outside probe DM-1: sent within a minute
    of the member of staff's own re-send, it took a colleague's since for its own double
    click."""
    confirmation = confirmation_sent(support_client, fulfilled_order)
    if own_first:
        bulk_reissue(support_client, fulfilled_order, **confirmation)
    with system_scope():
        download_links_resend(order=reload(fulfilled_order), actor="staff:ada", reason="Lost")

    again = message_texts(bulk_reissue(support_client, fulfilled_order, **confirmation))

    assert [clock_hidden(text) for text in again] == [
        f"Order {fulfilled_order.number} has changed since this page was loaded (the last "
        "change: fresh download links asked for by Staff: ada at HH:MM UTC). Nothing was "
        "done: look at it again and retry."
    ]


def test_a_re_send_confirmation_names_the_status_the_order_moved_to(
    support_client, fulfilled_order
):
    confirmation = confirmation_sent(support_client, fulfilled_order)
    order_move(fulfilled_order, to=OrderStatus.DELIVERED)

    told = message_texts(bulk_reissue(support_client, fulfilled_order, **confirmation))

    assert [clock_hidden(text) for text in told] == [
        f"Order {fulfilled_order.number} has changed since this page was loaded (now "
        "delivered; the last change: status changed to delivered by the shop at HH:MM "
        "UTC). Nothing was done: look at it again and retry."
    ]


def test_the_re_send_confirmation_tells_staff_in_their_words_why_a_held_order_gets_none(
    support_client,
):
    """Found by an outside probe: it quoted the customer's "Your comics wait for our check
    of the country you live in" to the support agent."""
    held = create_order_held_for_its_vat_evidence(customer=UserFactory(), comics=[ComicFactory()])

    page = bulk_reissue(support_client, held).text

    assert (
        f"gets no links: Order {held.number} is paid. Held for Finance: VAT evidence conflict "
        "(declared DE, card FR)." in page
    )
    assert "Your comic" not in page and "you live in" not in page


HELD_IN_STAFF_WORDS = "Held for Finance: VAT evidence conflict (declared DE, card FR)."


def test_re_issuing_a_held_orders_links_tells_staff_in_their_words_why_none_go(support_client):
    """Found by an outside probe: the order page's re-issue told the support agent the
    customer's "Your comics wait for our check ... We email you as soon as they are ready"."""
    held = create_order_held_for_its_vat_evidence(customer=UserFactory(), comics=[ComicFactory()])

    response = support_client.post(
        reverse("admin:orders_order_reissue_links", args=[held.pk]),
        {"version": held.version, "status_shown": held.status, "reason": "Lost the email"},
        follow=True,
    )

    assert message_texts(response) == [f"Order {held.number} is paid. {HELD_IN_STAFF_WORDS}"]
    assert "delivery.tasks.send_fresh_links" not in run_queued_jobs()


def test_re_sending_a_held_orders_links_from_the_list_tells_staff_in_their_words(support_client):
    """Found by an outside probe: the confirmation page named the hold in staff's words,
    the result it led to in the customer's."""
    held = create_order_held_for_its_vat_evidence(customer=UserFactory(), comics=[ComicFactory()])

    told = message_texts(
        bulk_reissue(support_client, held, **confirmation_sent(support_client, held))
    )

    assert told == [f"Order {held.number} is paid. {HELD_IN_STAFF_WORDS}"]


@pytest.mark.parametrize(
    ("status", "name", "words"),
    [
        (
            OrderStatus.DELIVERED,
            "cancel",
            "Order {number} is delivered: it can no longer be canceled.",
        ),
        (OrderStatus.CANCELED, "cancel", "Order {number} is canceled already."),
        (
            OrderStatus.PROCESSING,
            "mark_paid",
            "“Payment succeeded” is not a change staff make by hand: Stripe confirms payments.",
        ),
    ],
)
def test_a_change_of_status_the_order_page_does_not_offer_opened_as_a_link_says_why(
    support_client, status, name, words
):
    """Its 405 said "Open the order and use its button there", a button the order page
    does not show for the order's status."""
    order = create_order(status=status)

    response = support_client.get(transition_url(order, name))

    assert (response.status_code, response["Allow"]) == (405, "POST")
    page = html.unescape(response.text)
    assert f"{words.format(number=order.number)} The order page shows no button for it" in page
    assert "use its button there" not in page
    assert reload(order).status == status


def test_an_order_button_the_page_offers_opened_as_a_link_still_says_to_use_it(superuser_client):
    order = create_order(status=OrderStatus.PENDING)

    response = superuser_client.get(transition_url(order, "cancel"))

    assert response.status_code == 405
    assert "Open the order and use its button there." in response.text


def test_re_sending_links_of_a_canceled_order_opened_as_a_link_says_why_it_has_no_button(
    superuser_client,
):
    order = create_order(status=OrderStatus.CANCELED)

    response = superuser_client.get(reverse("admin:orders_order_reissue_links", args=[order.pk]))

    assert response.status_code == 405
    assert f"Order {order.number} is canceled: its downloads are not available." in response.text
    assert "use its button there" not in response.text


def test_settling_an_order_with_nothing_to_settle_opened_as_a_link_says_so(superuser_client):
    order = create_order(status=OrderStatus.DELIVERED)

    response = superuser_client.get(
        reverse("admin:orders_order_settle_refund_failures", args=[order.pk])
    )

    assert response.status_code == 405
    assert f"Order {order.number} has nothing to settle without refunding." in response.text
    assert "use its button there" not in response.text

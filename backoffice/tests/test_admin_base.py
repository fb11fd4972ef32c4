"""What a hand-made address or form sends a back-office list: refused (400, or 403 for an
action the member of staff may not take), never a 500 nor a silent list; a page they may
not view, or an add, change or delete they may not make, refused naming the permission, or
saying why nobody may; and the History button of a record's page."""

import html
import re

import pytest
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse
from django.utils import timezone

from backoffice.admin_base import permission_name
from catalog.models import Comic
from delivery.models import AbuseAlertStatus, DownloadAbuseAlert
from morpheus.db_context import system_scope
from morpheus_testing.admin_fixtures import staff_user
from morpheus_testing.factories import (
    ComicFactory,
    DownloadAbuseAlertFactory,
    PaymentFactory,
    UserFactory,
    create_order,
    create_order_held_for_its_vat_evidence,
)
from orders.models import Order
from orders.transitions import OrderStatus
from payments.models import PaymentStatus, Refund, RefundStatus
from promotions.tests.factories import make_code
from tax.models import EvidenceDecision, OrderTaxEvidence, TaxRule

pytestmark = pytest.mark.django_db

ORDERS = reverse("admin:orders_order_changelist")
JOBS = reverse("admin:procrastinate_procrastinatejob_changelist")
ALERTS = reverse("admin:delivery_downloadabusealert_changelist")
VAT_EVIDENCE = reverse("admin:tax_ordertaxevidence_changelist")


@pytest.mark.parametrize("selected", ["abc", "1.5", ""])
@pytest.mark.parametrize(
    ("url", "action"),
    [(ORDERS, "cancel_pending_orders"), (ORDERS, "delete_selected"), (JOBS, "retry")],
    ids=["orders-cancel", "orders-delete", "jobs-retry"],
)
def test_an_action_on_a_selection_naming_no_row_is_refused(superuser_client, url, action, selected):
    order = create_order()

    response = superuser_client.post(
        url, {"action": action, "index": "0", "_selected_action": [str(order.pk), selected]}
    )

    assert response.status_code == 400
    with system_scope():
        assert Order.objects.get(pk=order.pk).status == OrderStatus.PENDING


@pytest.mark.parametrize(
    "query",
    ["id__regex=(a", "id__range=1", "status__exact=bogus", "status__in=todo,bogus", "status=%ED"],
)
def test_the_job_queue_list_refuses_a_lookup_that_would_fail_at_the_query(superuser_client, query):
    assert superuser_client.get(f"{JOBS}?{query}").status_code == 400


def test_the_job_queue_list_still_filters_by_status(superuser_client):
    assert superuser_client.get(f"{JOBS}?status__exact=todo").status_code == 200


def test_the_job_queue_shows_each_jobs_status_before_its_arguments_which_wrap(superuser_client):
    """Found by an outside probe: a job's proof widened its arguments so far that the status
    was off the screen at 1280 px."""
    create_order()  # defers its email job

    page = superuser_client.get(JOBS).content.decode()

    headers = re.findall(r'<th[^>]*class="[^"]*column-(\w+)', page)
    assert headers.index("pretty_status") < headers.index("pretty_args")
    assert "white-space: pre-wrap; overflow-wrap: anywhere" in page


def pending_order() -> int:
    return create_order().pk


def abuse_alert() -> int:
    return DownloadAbuseAlertFactory(order=create_order(status=OrderStatus.FULFILLED)).pk


def held_evidence() -> int:
    order = create_order_held_for_its_vat_evidence(customer=UserFactory(), comics=[ComicFactory()])
    with system_scope():
        return OrderTaxEvidence.objects.get(order=order).pk


def unchanged(url: str, pk: int) -> bool:
    with system_scope():
        if url == ORDERS:
            return Order.objects.get(pk=pk).status == OrderStatus.PENDING
        if url == ALERTS:
            return DownloadAbuseAlert.objects.get(pk=pk).status == AbuseAlertStatus.OPEN
        return OrderTaxEvidence.objects.get(pk=pk).decision == EvidenceDecision.HELD


@pytest.mark.parametrize(
    ("staff", "url", "row", "action", "sent", "needs"),
    [
        (
            "finance",
            ORDERS,
            pending_order,
            "cancel_pending_orders",
            {"index": "0"},
            "Can move orders along the state machine",
        ),
        (
            "finance",
            ORDERS,
            pending_order,
            "cancel_pending_orders",
            {"apply": "1", "reason": "x"},
            "Can move orders along the state machine",
        ),
        (
            "finance",
            ORDERS,
            pending_order,
            "reissue_download_links",
            {"apply": "1"},
            "Can re-send an order's download links",
        ),
        (
            "finance",
            ALERTS,
            abuse_alert,
            "suspend_links",
            {"index": "0"},
            "Can re-send an order's download links",
        ),
        (
            "support",
            VAT_EVIDENCE,
            held_evidence,
            "accept_declared_country",
            {"index": "0"},
            "Can change order tax evidence",
        ),
        (
            "support",
            VAT_EVIDENCE,
            held_evidence,
            "decide_refund",
            {"index": "0"},
            "Can change order tax evidence",
        ),
    ],
    ids=[
        "orders-cancel",
        "orders-cancel-confirmed",
        "orders-resend-confirmed",
        "alerts-suspend",
        "vat-accept",
        "vat-refund",
    ],
)
def test_a_list_action_the_staff_member_may_not_take_is_refused_naming_the_permission(
    request, staff, url, row, action, sent, needs
):
    """Found by an outside probe: posted all the same (a page loaded before their group
    changed), it answered with the plain list and no word at all."""
    client = request.getfixturevalue(f"{staff}_client")
    pk = row()

    response = client.post(url, {"action": action, "_selected_action": [pk], **sent})

    assert response.status_code == 403
    page = html.unescape(response.content.decode())
    assert f"You lack the permission: {needs}." in page
    assert 'id="nav-sidebar"' in page  # in the back office, as its other refusals
    assert unchanged(url, pk)


def test_every_list_action_that_needs_a_permission_can_name_it():
    """The refusal above names the permission of any list's action, not only those tried."""
    named = {}
    for model_admin in admin.site._registry.values():
        for action, name, _ in model_admin._get_base_actions():
            for permission in getattr(action, "allowed_permissions", ()):
                perm = model_admin.action_permission(permission)
                named[f"{model_admin.opts.label}.{name}"] = permission_name(perm)

    assert named["orders.Order.cancel_pending_orders"] == "Can move orders along the state machine"
    assert named["delivery.DownloadAbuseAlert.dismiss"] == "Can re-send an order's download links"
    assert named["api.ApiToken.revoke"] == "Can change API token"
    assert named["invoicing.Invoice.resend"] == "Can email invoices and credit notes again"


CODES = reverse("admin:promotions_discountcode_changelist")
BUNDLES = reverse("admin:promotions_bundle_changelist")
USERS = reverse("admin:auth_user_changelist")


@pytest.mark.parametrize(
    ("staff", "url", "needs"),
    [
        ("support", CODES, "Can view discount code"),
        ("support", BUNDLES, "Can view bundle"),
        ("finance", BUNDLES, "Can view bundle"),
        ("finance", USERS, "Can view user"),
    ],
    ids=["support-codes", "support-bundles", "finance-bundles", "finance-users"],
)
def test_a_list_the_staff_member_may_not_open_is_refused_naming_the_permission(
    request, staff, url, needs
):
    """Found by an outside probe: it said only "You may not open this page.", not what to
    ask for, as the order page's refusals do."""
    client = request.getfixturevalue(f"{staff}_client")

    response = client.get(url)

    assert response.status_code == 403
    page = html.unescape(response.content.decode())
    assert f"You lack the permission: {needs}." in page
    assert 'id="nav-sidebar"' in page


@pytest.mark.parametrize("page", ["change", "history"])
def test_a_record_the_staff_member_may_not_open_is_refused_naming_the_permission(
    support_client, page
):
    code = make_code("WELCOME10", percent_off=10)

    response = support_client.get(reverse(f"admin:promotions_discountcode_{page}", args=[code.pk]))

    assert response.status_code == 403
    shown = html.unescape(response.content.decode())
    assert "You lack the permission: Can view discount code." in shown


@pytest.mark.parametrize(
    ("url", "needs"),
    [
        (reverse("admin:orders_order_export"), "Can view order"),
        (reverse("admin:invoicing_invoice_vat_csv"), "Can view invoice"),
    ],
    ids=["orders-csv", "vat-csv"],
)
def test_an_export_the_staff_member_may_not_download_is_refused_naming_the_permission(
    client, url, needs
):
    client.force_login(staff_user())  # in no group yet

    response = client.get(url)

    assert response.status_code == 403
    assert f"You lack the permission: {needs}." in html.unescape(response.content.decode())


def test_every_page_of_the_back_office_can_name_the_permission_to_view_it():
    """The refusals above name the view permission of any list, not only those tried."""
    named = {
        model_admin.opts.label: permission_name(model_admin.action_permission("view"))
        for model_admin in admin.site._registry.values()
    }

    assert named["promotions.Bundle"] == "Can view bundle"
    assert named["procrastinate.ProcrastinateJob"] == "Can view procrastinate job"


def refusal_shown(response) -> str:
    assert response.status_code == 403
    page = html.unescape(response.content.decode())
    assert 'id="nav-sidebar"' in page
    return page


@pytest.mark.parametrize(
    ("staff", "page", "needs"),
    [
        ("support", "promotions_discountcode_add", "Can add discount code"),
        ("support", "promotions_discountcode_delete", "Can delete discount code"),
        ("support", "tax_taxrule_add", "Can add tax rule"),
        ("support", "auth_user_add", "Can add user"),
        ("finance", "catalog_comic_add", "Can add comic"),
        ("finance", "catalog_comic_delete", "Can delete comic"),
    ],
)
def test_an_add_or_delete_page_the_staff_member_may_not_use_is_refused_naming_the_permission(
    request, staff, page, needs
):
    """Found by an outside probe: the list and record pages named the permission, these
    still said only "You may not open this page."."""
    client = request.getfixturevalue(f"{staff}_client")
    record = {
        "promotions_discountcode_delete": lambda: make_code("WELCOME10", percent_off=10),
        "catalog_comic_delete": lambda: ComicFactory(file=False),
    }.get(page)
    args = [record().pk] if record else []

    for response in (
        client.get(reverse(f"admin:{page}", args=args)),
        client.post(reverse(f"admin:{page}", args=args), {"post": "yes"}),
    ):
        assert f"You lack the permission: {needs}." in refusal_shown(response)


def test_a_comic_saved_by_staff_who_may_only_view_it_is_refused_naming_the_permission(
    finance_client,
):
    comic = ComicFactory(title="Dream Issue")

    response = finance_client.post(
        reverse("admin:catalog_comic_change", args=[comic.pk]), {"title": "Nightmare Issue"}
    )

    assert "You lack the permission: Can change comic." in refusal_shown(response)
    assert Comic.objects.get(pk=comic.pk).title == "Dream Issue"


def test_a_comic_file_added_by_staff_who_may_only_view_them_is_refused_naming_the_permission(
    support_client,
):
    comic = ComicFactory(file=False)

    response = support_client.post(
        reverse("admin:catalog_comicasset_add"), {"comic": comic.pk, "format": "pdf"}
    )

    assert "You lack the permission: Can add comic asset." in refusal_shown(response)


@pytest.mark.parametrize("staff", ["support", "finance"])
@pytest.mark.parametrize("exists", [True, False], ids=["a-user", "no-such-user"])
def test_a_users_password_page_the_staff_member_may_not_use_is_refused_naming_the_permission(
    request, staff, exists
):
    """Found by an outside probe: the user's other pages named the permission, this one
    still said only "You may not open this page."."""
    client = request.getfixturevalue(f"{staff}_client")
    user = UserFactory()
    url = reverse("admin:auth_user_password_change", args=[user.pk if exists else user.pk + 1])
    new_password = "An0ther-secret-phrase"
    form = {"password1": new_password, "password2": new_password, "usable_password": "true"}

    for response in (client.get(url), client.post(url, form)):
        assert "You lack the permission: Can change user." in refusal_shown(response)
    user.refresh_from_db()
    assert not user.check_password(new_password)


def ordered_comic_deleted(client):
    comic = ComicFactory(title="Dream Issue")
    create_order(comics=[comic])
    response = client.post(reverse("admin:catalog_comic_delete", args=[comic.pk]), {"post": "yes"})
    assert Comic.objects.filter(pk=comic.pk).exists()
    return response


def tax_rule_deleted(client):
    with system_scope():
        rule = TaxRule.objects.filter(valid_from__lte=timezone.now().date()).first()
    return client.post(reverse("admin:tax_taxrule_delete", args=[rule.pk]), {"post": "yes"})


def tax_evidence_saved(client):
    order = create_order()
    return client.post(reverse("admin:tax_ordertaxevidence_change", args=[order.pk]), {})


def order_added(client):
    return client.get(reverse("admin:orders_order_add"))


def orders_deleted_from_the_list(client):
    """A hand-made "Delete selected" (probe AY-1: it named "Can delete order")."""
    order = create_order()
    return client.post(
        reverse("admin:orders_order_changelist"),
        {"action": "delete_selected", "_selected_action": [order.pk], "index": 0},
    )


@pytest.mark.parametrize(
    ("staff", "refused", "why"),
    [
        (
            "superuser",
            ordered_comic_deleted,
            "Dream Issue cannot be deleted: it was ordered, and is kept for its buyers. Take it "
            'off sale instead (untick "Is active").',
        ),
        (
            "finance",
            tax_rule_deleted,
            "A tax rule that has applied cannot be deleted: orders placed while it applied keep "
            "the rate it set.",
        ),
        (
            "finance",
            tax_evidence_saved,
            "An order's tax evidence is not changed on its page: decide from the list, with "
            "“Accept the declared country and fulfil” or “Decide on a refund (stays held)”.",
        ),
        ("support", order_added, "Orders cannot be added here: the shop records them itself."),
        (
            "support",
            orders_deleted_from_the_list,
            "Orders cannot be deleted here: the shop records them itself.",
        ),
    ],
    ids=[
        "ordered-comic-deleted",
        "tax-rule-deleted",
        "tax-evidence-saved",
        "order-added",
        "orders-deleted-from-the-list",
    ],
)
def test_what_nobody_may_do_is_refused_saying_why_not_naming_a_permission(
    request, staff, refused, why
):
    """A permission would not help: the refusal says what to do instead."""
    page = refusal_shown(refused(request.getfixturevalue(f"{staff}_client")))

    assert why in page
    assert "You lack the permission" not in page


def test_a_sold_comic_deleted_by_staff_without_the_permission_names_the_permission(
    finance_client,
):
    """Outside probe CV-1: Finance, who may not delete comics, was told to take a sold one
    off sale, which they may not do either."""
    page = refusal_shown(ordered_comic_deleted(finance_client))

    assert "You lack the permission: Can delete comic." in page
    assert "Take it off sale" not in page


def test_every_add_change_or_delete_the_back_office_refuses_to_everyone_says_why(rf):
    """A superuser holds every permission: what is refused to them is refused to all, and
    the refusal must say why rather than name a permission."""
    request = rf.get("/")
    request.user = staff_user(superuser=True)
    unexplained = [
        f"{model_admin.opts.label} {action}"
        for model_admin in admin.site._registry.values()
        for action in ("add", "change", "delete")
        if not getattr(model_admin, f"has_{action}_permission")(request)
        and not model_admin.refusal(action)
    ]

    assert unexplained == []


def history_button(client, change_page: str) -> bool:
    page = client.get(change_page)
    assert page.status_code == 200
    return change_page.replace("/change/", "/history/") in page.content.decode()


def test_a_page_has_a_history_button_only_for_a_record_changed_in_the_back_office(
    superuser_client,
):
    """Found by outside testers: every order page's History button opened Django's "This
    object doesn't have a change history"; so did a code only ever made by the shop."""
    order = create_order()
    code = make_code("WELCOME10", percent_off=10)
    code_page = reverse("admin:promotions_discountcode_change", args=[code.pk])

    assert not history_button(
        superuser_client, reverse("admin:orders_order_change", args=[order.pk])
    )
    assert not history_button(superuser_client, code_page)
    with system_scope():
        LogEntry.objects.log_actions(
            superuser_client.user.pk, [code], CHANGE, change_message="Changed Percent off."
        )
    assert history_button(superuser_client, code_page)


def test_an_orders_history_address_opens_its_pages_timeline(superuser_client):
    order = create_order()

    response = superuser_client.get(reverse("admin:orders_order_history", args=[order.pk]))

    assert response.status_code == 302
    assert response.url == reverse("admin:orders_order_change", args=[order.pk]) + "#timeline"


def test_the_vat_evidence_and_refund_lists_find_an_order_by_its_eight_characters_alone(
    superuser_client,
):
    """Found by outside testers: "5HV8-JEMW" found the order on the order list only."""
    order = create_order_held_for_its_vat_evidence(customer=UserFactory(), comics=[ComicFactory()])
    with system_scope():
        payment = PaymentFactory(
            order=order, status=PaymentStatus.SUCCEEDED, succeeded_at=timezone.now()
        )
        Refund.objects.create(
            order=order,
            payment=payment,
            amount=100,
            currency=order.currency,
            reason="Broken",
            status=RefundStatus.PENDING,
            actor="staff:test",
        )
    as_read = order.number.removeprefix("MO-").replace("-", " ").lower()

    for changelist in ("admin:tax_ordertaxevidence_changelist", "admin:payments_refund_changelist"):
        page = superuser_client.get(reverse(changelist), {"q": as_read})
        assert page.status_code == 200
        assert page.context["cl"].result_count == 1, changelist


def test_the_history_address_of_a_record_without_a_history_button_opens_its_page(
    superuser_client,
):
    """Found by outside testers: VAT evidence's and an abuse alert's /history/ said "This
    object doesn't have a change history", though decisions were taken on them."""
    evidence, alert = held_evidence(), abuse_alert()
    code = make_code("WELCOME10", percent_off=10)
    with system_scope():
        LogEntry.objects.log_actions(
            superuser_client.user.pk, [code], CHANGE, change_message="Changed Percent off."
        )

    for name, pk in (
        ("tax_ordertaxevidence", evidence),
        ("delivery_downloadabusealert", alert),
    ):
        response = superuser_client.get(reverse(f"admin:{name}_history", args=[pk]))
        assert response.status_code == 302, name
        assert response.url == reverse(f"admin:{name}_change", args=[pk])
    setting = superuser_client.get(reverse("admin:promotions_discountcode_history", args=[code.pk]))
    assert setting.status_code == 302  # a setting's own history, each field from what to what
    assert setting.url == (
        reverse("admin:promotions_discountcode_change", args=[code.pk]) + "#change-history"
    )

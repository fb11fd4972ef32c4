import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from invoicing.tests.helpers import documents
from invoicing.tests.test_services import paid_order
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory
from morpheus_testing.jobs import invoices_numbered
from orders import services as order_services


@pytest.mark.django_db
def test_favicon_ico_leads_to_the_sites_icon_so_no_page_logs_a_404(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
    assert finders.find("img/favicon.svg")


@pytest.mark.django_db
def test_the_customers_own_pages_and_documents_are_kept_by_no_cache(client):
    """Outside probe BF-3: invoices, credit notes, the library, the order pages and the
    account page carried no Cache-Control, so a shared browser's disk cache or a cache
    between could keep them after sign-out."""
    order = paid_order(499)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=100, actor="test", reason="refund"
        )
    invoices_numbered()
    invoice, credit_note = documents(order)
    client.force_login(order.customer)
    pages = [
        reverse("orders:document", args=[order.number, invoice.number]),
        reverse("orders:document", args=[order.number, credit_note.number]),
        reverse("delivery:library"),
        reverse("orders:list"),
        reverse("orders:detail", args=[order.number]),
        reverse("orders:confirmation", args=[order.number]),
        reverse("orders:cart"),
        reverse("account"),
        reverse("email_change"),
        reverse("notifications:preferences"),
    ]

    headers = {page: client.get(page).headers.get("Cache-Control", "") for page in pages}

    assert {
        page: {"private", "no-store"} <= set(value.split(", ")) for page, value in headers.items()
    } == dict.fromkeys(pages, True)


@pytest.mark.django_db
def test_the_storefronts_public_pages_stay_cacheable(client):
    comic = ComicFactory()

    for page in ["/", reverse("catalog:detail", args=[comic.slug])]:
        assert "no-store" not in client.get(page).headers.get("Cache-Control", "")


@pytest.mark.django_db
def test_error_pages_naming_who_is_signed_in_are_kept_by_no_cache(client):
    """Outside probe FU-1: a 404, a 405 page and the CSRF check's 403 under the private
    routes carried no Cache-Control, each showing "Signed in as …"."""
    order = paid_order(499)
    client.force_login(order.customer)
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(order.customer)
    cancel = reverse("orders:cancel", args=[order.number])

    answers = {
        "404": client.get(reverse("orders:detail", args=["MO-2222-2222"])),
        "405": client.get(cancel),
        "403": checked.post(cancel),
    }

    assert {name: answer.status_code for name, answer in answers.items()} == {
        "404": 404,
        "405": 405,
        "403": 403,
    }
    for answer in answers.values():
        assert order.customer.username in answer.text
        assert {"private", "no-store"} <= set(answer.headers["Cache-Control"].split(", "))

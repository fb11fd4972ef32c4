"""The comics features in a real browser: a buyer waits for their stamped copy and gets it,
sets their email preference, sees an updated file; staff read sales per title and an
abuse alert. Screenshots at 1280 and 390 px wide in test-artifacts/."""

import re

import pypdf
import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from analytics.tasks import record_business_event
from catalog.services import asset_file_store, asset_version_record
from delivery.abuse import download_abuse_scan
from delivery.models import DownloadEvent, DownloadLink
from delivery.tasks import fulfil_order
from demo.files import comic_pdf
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicAssetFactory,
    StaffFactory,
    UserFactory,
    create_order,
)
from morpheus_testing.jobs import background_worker, run_queued_jobs
from orders.transitions import OrderStatus
from tests.e2e import steps
from tests.e2e.test_admin_dashboard import staff_sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)
COPY_TIMEOUT_MS = 30_000


@pytest.fixture
def bought():
    customer = UserFactory(email="reader.e2e@example.com")
    asset = ComicAssetFactory(
        comic__title="Neon Tide",
        comic__stamp_downloads=True,
        content=comic_pdf("Neon Tide", pages=3),
    )
    order = create_order(customer=customer, comics=[asset.comic], status=OrderStatus.PAID)
    # Fulfilment here, so that no worker re-issues the links the email showed.
    run_queued_jobs(names={fulfil_order.name})
    (email,) = [message for message in mail.outbox if message.subject.endswith(" ready")]
    link_path = re.search(r"/downloads/[^/\s]+/", email.body).group(0)
    with system_scope():
        order.refresh_from_db()
    return customer, asset, order, link_path


def test_the_buyer_waits_for_their_stamped_copy_then_downloads_it(
    live_server, new_page, screenshot, bought
):
    _, _, order, link_path = bought
    for width in WIDTHS:
        page = new_page(width=width)
        page.goto(link_path)
        expect(page.get_by_test_id("preparing")).to_be_visible()
        screenshot(page, f"preparing-copy-{width}")

    with background_worker(), page.expect_download(timeout=COPY_TIMEOUT_MS) as download:
        pass  # the page reloads itself until the copy is ready

    text = pypdf.PdfReader(download.value.path()).pages[2].extract_text()
    assert f"Licensed to reader.e2e@example.com - order {order.number}" in text


def test_the_buyer_opts_out_and_sees_the_updated_file_in_the_library(
    live_server, new_page, screenshot, bought
):
    customer, asset, _, _ = bought
    stored = asset_file_store(
        asset=asset, upload=ContentFile(comic_pdf("Neon Tide v2"), name="v2.pdf")
    )
    asset_version_record(asset=asset, stored=stored, actor="t")
    for width in WIDTHS:
        page = new_page(width=width)
        steps.sign_in(page, customer)
        page.goto("/account/emails/")
        page.get_by_label("Email me fresh links when a comic I bought gets a new file").uncheck()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_test_id("preferences-saved")).to_be_visible()
        screenshot(page, f"email-preferences-{width}")
        page.goto("/downloads/library/")
        expect(page.get_by_test_id("file-version")).to_have_text("updated: version 2")
        screenshot(page, f"library-updated-file-{width}")


def test_staff_read_sales_per_title_and_an_abuse_alert(live_server, new_page, screenshot, bought):
    _, asset, order, _ = bought
    run_queued_jobs(names={record_business_event.name})
    with system_scope():
        link_row = DownloadLink.objects.get(order=order)
        for number in range(6):
            DownloadEvent.objects.create(
                link=link_row,
                downloaded_at=timezone.now(),
                ip_address=f"203.0.{113 + number}.9",
                user_agent="curl/8.5",
            )
        (alert,) = download_abuse_scan()
    staff = StaffFactory()
    for width in WIDTHS:
        page = new_page(width=width)
        staff_sign_in(page, staff)
        page.goto("/admin/catalog/comic/sales/")
        expect(page.locator("#sales-table")).to_contain_text("Neon Tide")
        screenshot(page, f"sales-per-title-{width}")
        page.goto(f"/admin/delivery/downloadabusealert/{alert.pk}/change/")
        expect(page.get_by_text("203.0.118.9")).to_be_visible()
        screenshot(page, f"abuse-alert-{width}")
        page.goto(f"/admin/catalog/comicasset/{asset.pk}/change/")
        screenshot(page, f"asset-new-version-{width}")

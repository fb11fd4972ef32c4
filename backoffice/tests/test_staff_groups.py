"""The staff groups come from the migrations alone: these tests create nothing."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from backoffice import permissions
from backoffice.staff_groups import FINANCE, SUPPORT


def codenames(group_name: str) -> set[str]:
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_a_migrated_database_has_both_staff_groups(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {SUPPORT, FINANCE}


def test_support_views_notes_and_reissues_links_but_does_not_refund(db):
    support = codenames(SUPPORT)
    assert {"view_order", "view_payment", "view_downloadlink", "add_order_note"} <= support
    assert {"reissue_download_links", "change_order_status"} <= support
    assert "refund_order" not in support


def test_finance_refunds_but_does_not_change_statuses(db):
    finance = codenames(FINANCE)
    assert {"view_order", "view_refund", "refund_order"} <= finance
    assert "change_order_status" not in finance


def test_support_and_finance_see_the_duplicate_charges_finance_refunds(db):
    """Found by an outside probe: Finance refunded second charges it could not list."""
    assert "view_duplicatepayment" in codenames(FINANCE)
    assert "view_duplicatepayment" in codenames(SUPPORT)


def test_finance_opens_the_duplicate_charges_list_from_its_sidebar(finance_client):
    listing = reverse("admin:payments_duplicatepayment_changelist")

    assert f'href="{listing}"' in finance_client.get(reverse("admin:index")).content.decode()
    assert finance_client.get(listing).status_code == 200


def test_every_back_office_permission_exists_on_the_order_content_type(db):
    found = dict(
        Permission.objects.filter(
            content_type__app_label="orders", codename__in=permissions.CUSTOM_PERMISSIONS
        ).values_list("codename", "name")
    )
    assert found == permissions.CUSTOM_PERMISSIONS

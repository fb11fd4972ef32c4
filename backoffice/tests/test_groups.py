from django.contrib.auth.models import Group

from backoffice.staff_groups import FINANCE, SUPPORT, staff_groups_ensure


def codenames(group_name: str) -> set[str]:
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_support_views_notes_and_reissues_links_but_does_not_refund(staff_groups):
    support = codenames(SUPPORT)
    assert {"view_order", "view_payment", "view_downloadlink", "add_order_note"} <= support
    assert {"reissue_download_links", "change_order_status"} <= support
    assert "refund_order" not in support


def test_finance_refunds_but_does_not_change_statuses(staff_groups):
    finance = codenames(FINANCE)
    assert {"view_order", "view_refund", "refund_order"} <= finance
    assert "change_order_status" not in finance


def test_group_set_up_can_run_again_without_duplicates(staff_groups):
    before = codenames(SUPPORT)
    staff_groups_ensure()
    assert codenames(SUPPORT) == before
    assert Group.objects.filter(name__in=[SUPPORT, FINANCE]).count() == 2

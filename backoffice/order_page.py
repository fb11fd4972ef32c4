"""What the order page shows beside the order's own fields, read in a fixed number of
queries whatever the order's size."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Sum

from backoffice import permissions
from backoffice.diagram import state_diagram_svg
from backoffice.forms import NoteForm, ReissueLinksForm, TransitionForm
from backoffice.timeline import order_timeline
from delivery.models import DownloadEvent
from orders.models import Order
from orders.selectors import order_is_entitled
from orders.transitions import transitions_by_hand_from, transitions_from
from payments.models import RefundStatus


@dataclass(frozen=True)
class RefundPreview:
    amount: int
    pending: int
    left_after: int
    links_revoked: int

    @property
    def is_full(self) -> bool:
        return self.left_after == 0


def pending_refunds_total(order: Order) -> int:
    pending = order.refunds.filter(status=RefundStatus.PENDING).aggregate(total=Sum("amount"))
    return pending["total"] or 0


def refund_preview(order: Order, amount: int) -> RefundPreview:
    """What refunding `amount` will do: a full refund revokes every active download link."""
    pending = pending_refunds_total(order)
    left_after = order.refundable_amount - pending - amount
    active_links = order.download_links.filter(revoked_at__isnull=True).count()
    return RefundPreview(amount, pending, left_after, active_links if left_after == 0 else 0)


def order_page_context(order: Order, user: AbstractBaseUser) -> dict:
    payments = list(order.payments.all())
    downloads = list(
        DownloadEvent.objects.filter(link__order=order).select_related("link__order_item")
    )
    can = {
        codename: permissions.user_can(user, codename)
        for codename in permissions.CUSTOM_PERMISSIONS
    }
    return {
        "order": order,
        "items": list(order.items.all()),
        "payments": payments,
        "refunds": list(order.refunds.all()),
        "disputes": list(order.disputes.all()),
        "links": list(order.download_links.select_related("order_item")),
        "downloads": downloads,
        "timeline": order_timeline(order, payments=payments, downloads=downloads),
        "diagram": state_diagram_svg(order.status),
        "transitions": [
            (t, TransitionForm(initial={"version": order.version}))
            for t in transitions_by_hand_from(order.status)
        ]
        if can[permissions.CHANGE_STATUS]
        else [],
        "not_by_hand": [t for t in transitions_from(order.status) if not t.by_hand],
        "note_form": NoteForm() if can[permissions.ADD_NOTE] else None,
        "reissue_form": ReissueLinksForm(initial={"version": order.version})
        if can[permissions.REISSUE_LINKS] and order_is_entitled(order)
        else None,
        "can_refund": can[permissions.REFUND] and order.refundable_amount > 0,
    }

"""Link abuse alerts: the evidence from the download audit log, one action that
suspends the order's links and tells the customer why, and one that lifts a suspension."""

from django.contrib import admin, messages
from django.utils.html import format_html_join
from unfold.decorators import action

from backoffice import permissions
from backoffice.admin_base import ReadOnlyAdmin
from backoffice.display import actor_label
from delivery import errors
from delivery.abuse import (
    download_abuse_dismiss,
    download_abuse_suspend,
    download_abuse_unsuspend,
)
from delivery.models import DownloadAbuseAlert, DownloadEvent
from morpheus.errors import DomainError
from orders.actors import actor_for

EVIDENCE_ROWS = 200
# After the link of a probe's row: the link was used, not downloaded.
PROBE = " (its first bytes only, not counted as a download)"


@admin.register(DownloadAbuseAlert)
class DownloadAbuseAlertAdmin(ReadOnlyAdmin):
    list_display = ("order", "status", "networks", "downloads", "detected_at", "resolved_by_whom")
    list_filter = ("status",)
    list_select_related = ("order",)
    search_fields = ("=order__number",)
    actions = ("suspend_links", "lift_suspension", "dismiss")
    readonly_fields = (
        "order",
        "status",
        "networks",
        "downloads",
        "window_start",
        "window_end",
        "detected_at",
        "resolved_at",
        "resolved_by_whom",
        "downloads_in_window",
    )
    fields = readonly_fields

    has_suspend_links_permission = permissions.admin_check(permissions.REISSUE_LINKS)
    has_dismiss_permission = has_lift_suspension_permission = has_suspend_links_permission

    @admin.display(description="Resolved by")
    def resolved_by_whom(self, alert: DownloadAbuseAlert) -> str | None:
        return actor_label(alert.resolved_by) if alert.resolved_by else None

    @admin.display(description="Downloads in the window (the audit log)")
    def downloads_in_window(self, alert: DownloadAbuseAlert):
        events = DownloadEvent.objects.filter(
            link__order_id=alert.order_id,
            downloaded_at__gt=alert.window_start,
            downloaded_at__lte=alert.window_end,
        ).order_by("downloaded_at")[:EVIDENCE_ROWS]
        return format_html_join(
            "\n",
            "<div>{} &middot; link {}{} &middot; {} &middot; {}</div>",
            (
                (
                    f"{event.downloaded_at:%Y-%m-%d %H:%M:%S}",
                    event.link_id,
                    PROBE if event.probe else "",
                    event.ip_address or "unknown address",
                    event.user_agent or "no user agent",
                )
                for event in events
            ),
        )

    @action(
        description="Suspend the order's links and tell the customer why",
        permissions=["suspend_links"],
    )
    def suspend_links(self, request, queryset):
        actor = actor_for(request.user)
        self._each(
            request,
            queryset.select_related("order"),
            errors.AlertResolved,
            lambda alert: download_abuse_suspend(alert=alert, actor=actor),
            lambda alert, revoked: (
                f"Order {alert.order.number}: {_links_suspended(revoked)}, customer emailed."
            ),
        )

    @action(
        description="Lift the suspension and email the customer fresh links",
        permissions=["lift_suspension"],
    )
    def lift_suspension(self, request, queryset):
        actor = actor_for(request.user)
        reason = "Suspension lifted by staff: the customer's explanation was accepted"
        self._each(
            request,
            queryset.select_related("order"),
            DomainError,
            lambda alert: download_abuse_unsuspend(alert=alert, actor=actor, reason=reason),
            lambda alert, no_links: (
                f"Order {alert.order.number}: suspension lifted, "
                + (f"no fresh links: {no_links}" if no_links else "fresh links on their way.")
            ),
        )

    @action(description="Dismiss (a normal customer)", permissions=["dismiss"])
    def dismiss(self, request, queryset):
        actor = actor_for(request.user)
        self._each(
            request,
            queryset.select_related("order"),
            errors.AlertResolved,
            lambda alert: download_abuse_dismiss(alert=alert, actor=actor),
            lambda alert, _: f"Order {alert.order.number}: alert dismissed, its links stay.",
        )

    def _each(self, request, alerts, refusals: type[Exception], act, success=None) -> None:
        """`act(alert)` for each alert: a refusal is shown as a warning and the next one
        goes on; `success(alert, answer)` is the message for one that went through."""
        for alert in alerts:
            try:
                answer = act(alert)
            except refusals as refusal:
                self.message_user(request, str(refusal), messages.WARNING)
                continue
            if success is not None:
                self.message_user(request, success(alert, answer), messages.SUCCESS)


def _links_suspended(count: int) -> str:
    """The links suspended, counted in words: "1 link suspended", "2 links suspended"."""
    if not count:
        return "no active link to suspend"
    return f"{count} link{'' if count == 1 else 's'} suspended"

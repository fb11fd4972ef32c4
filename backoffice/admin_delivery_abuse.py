"""Link abuse alerts: the evidence from the download audit log, one action that
suspends the order's links and tells the customer why, and one that lifts a suspension."""

from django.contrib import admin, messages
from django.utils.html import format_html_join
from unfold.decorators import action

from backoffice.admin_base import ReadOnlyAdmin
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


@admin.register(DownloadAbuseAlert)
class DownloadAbuseAlertAdmin(ReadOnlyAdmin):
    list_display = ("order", "status", "networks", "downloads", "detected_at", "resolved_by")
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
        "resolved_by",
        "downloads_in_window",
    )
    fields = readonly_fields

    def has_suspend_links_permission(self, request) -> bool:
        return request.user.has_perm("orders.reissue_download_links")

    has_dismiss_permission = has_lift_suspension_permission = has_suspend_links_permission

    @admin.display(description="Downloads in the window (the audit log)")
    def downloads_in_window(self, alert: DownloadAbuseAlert):
        events = DownloadEvent.objects.filter(
            link__order_id=alert.order_id,
            downloaded_at__gt=alert.window_start,
            downloaded_at__lte=alert.window_end,
        ).order_by("downloaded_at")[:EVIDENCE_ROWS]
        return format_html_join(
            "\n",
            "<div>{} &middot; link {} &middot; {} &middot; {}</div>",
            (
                (
                    f"{event.downloaded_at:%Y-%m-%d %H:%M:%S}",
                    event.link_id,
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
        for alert in queryset.select_related("order"):
            try:
                revoked = download_abuse_suspend(alert=alert, actor=actor_for(request.user))
            except errors.AlertResolved as refusal:
                self.message_user(request, str(refusal), messages.WARNING)
                continue
            self.message_user(
                request,
                f"Order {alert.order.number}: {revoked} link(s) suspended, customer emailed.",
                messages.SUCCESS,
            )

    @action(
        description="Lift the suspension and email the customer fresh links",
        permissions=["lift_suspension"],
    )
    def lift_suspension(self, request, queryset):
        for alert in queryset.select_related("order"):
            try:
                download_abuse_unsuspend(
                    alert=alert,
                    actor=actor_for(request.user),
                    reason="Suspension lifted by staff: the customer's explanation was accepted",
                )
            except DomainError as refusal:
                self.message_user(request, str(refusal), messages.WARNING)
                continue
            self.message_user(
                request,
                f"Order {alert.order.number}: suspension lifted, fresh links on their way.",
                messages.SUCCESS,
            )

    @action(description="Dismiss (a normal customer)", permissions=["dismiss"])
    def dismiss(self, request, queryset):
        for alert in queryset:
            try:
                download_abuse_dismiss(alert=alert, actor=actor_for(request.user))
            except errors.AlertResolved as refusal:
                self.message_user(request, str(refusal), messages.WARNING)

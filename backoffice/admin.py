"""Every ModelAdmin is registered here, by the top layer: read-only pages of the payments
and delivery records, the theme's look for users and groups, and (imported below) the
order, catalog and API token pages."""

import json

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import pluralize
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.debug import sensitive_post_parameters
from procrastinate.contrib.django.admin import ProcrastinateJobAdmin
from procrastinate.contrib.django.models import ProcrastinateJob
from unfold.decorators import display
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm
from unfold.widgets import UnfoldAdminCheckboxSelectMultipleWidget

from accounts.forms import NameCharacters
from backoffice import (  # noqa: F401 - they register
    admin_accounts,
    admin_api,
    admin_catalog,
    admin_delivery_abuse,
    admin_euro_rates,
    admin_invoicing,
    admin_orders,
    admin_promotions,
    admin_stripe,
    admin_tax,
)
from backoffice.admin_base import DONE, ModelAdmin, ReadOnlyAdmin
from backoffice.display import actor_label
from backoffice.money_forms import AmountsShownAsMoney
from backoffice.permissions import permission_check
from backoffice.search import order_search
from delivery.models import DownloadLink
from delivery.selectors import link_digests_pasted
from morpheus.job_actions import JobAction, jobs_stop
from morpheus.money import format_money
from morpheus.tasks import change_jobs
from orders.models import Order
from payments.models import DuplicatePayment, Payment, Refund


@admin.register(Payment)
class PaymentAdmin(AmountsShownAsMoney, ReadOnlyAdmin):
    list_display = (
        "order",
        "attempt",
        "status",
        "amount_shown",
        "duplicate_shown",
        "failure_code",
        "created_at",
    )
    list_filter = ("status",)
    list_select_related = ("order", "duplicate")
    search_fields = ("=stripe_payment_intent_id", "=stripe_charge_id", "=order__number")
    show_full_result_count = False
    money_displays = {"amount": "amount_shown"}

    @display(description="Amount", ordering="amount")
    def amount_shown(self, payment: Payment) -> str:
        return format_money(payment.amount, payment.currency)

    @display(description="Duplicate charge")
    def duplicate_shown(self, payment: Payment) -> str:
        """A charge the order does not count: refunded from the order page's "Refund
        duplicate charge", never as a refund of the order."""
        duplicate = getattr(payment, "duplicate", None)
        return duplicate.get_status_display() if duplicate else "—"


@admin.register(DuplicatePayment)
class DuplicatePaymentAdmin(AmountsShownAsMoney, ReadOnlyAdmin):
    """Charges orders do not count; each is refunded from its order's page."""

    list_display = ("order", "payment", "amount_shown", "status", "stripe_refund_id", "created_at")
    list_filter = ("status",)
    list_select_related = ("order", "payment__order")
    search_fields = ("=order__number", "=payment__stripe_payment_intent_id", "=stripe_refund_id")
    money_displays = {"amount": "amount_shown"}

    @display(description="Amount", ordering="amount")
    def amount_shown(self, duplicate: DuplicatePayment) -> str:
        return format_money(duplicate.amount, duplicate.currency)


@admin.register(Refund)
class RefundAdmin(AmountsShownAsMoney, ReadOnlyAdmin):
    list_display = ("order", "amount_shown", "status", "asked_by", "created_at")
    list_filter = ("status",)
    list_select_related = ("order",)
    search_fields = ("=order__number", "=stripe_refund_id")
    money_displays = {"amount": "amount_shown"}

    @display(description="Amount", ordering="amount")
    def amount_shown(self, refund: Refund) -> str:
        return format_money(refund.amount, refund.currency)

    @display(description="Asked by")
    def asked_by(self, refund: Refund) -> str:
        return actor_label(refund.actor)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)  # "asked_by" last, as a read-only field
        return list(dict.fromkeys("asked_by" if name == "actor" else name for name in fields))

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "asked_by"]


@admin.register(DownloadLink)
class DownloadLinkAdmin(ReadOnlyAdmin):
    list_display = (
        "order",
        "order_item",
        "origin",
        "download_count",
        "max_downloads",
        "expires_at",
        "revoked_at",
    )
    list_select_related = ("order", "order_item")
    list_filter = ("origin",)
    search_fields = ("order__number",)  # shows the box; get_search_results does the matching
    search_help_text = (
        "The links a customer sent (or their tokens), order numbers, a customer's username or "
        "email address"
    )
    exclude = ("token_digest",)

    def get_search_results(self, request, queryset, search_term):
        """Pasted links are found by their tokens' digests (outside probe HF-5: support could
        find a link by its order number alone); order numbers and addresses as the order
        list reads them (HH-4), and the customer's username."""
        if not search_term.strip():
            return queryset, False
        orders = Order.objects.filter(order_search(search_term)).values("pk")
        found = queryset.filter(
            Q(order__in=orders)
            | Q(order__customer__username__iexact=search_term.strip())
            | Q(token_digest__in=link_digests_pasted(search_term))
        )
        return found, False


admin.site.index_title = "Dashboard"  # the home page's title, "Site administration" otherwise

admin.site.unregister(User)
admin.site.unregister(Group)


class StaffUserChangeForm(NameCharacters, UserChangeForm):
    pass


class StaffUserCreationForm(NameCharacters, UserCreationForm):
    pass


@admin.register(User)
class UserAdmin(BaseUserAdmin, ModelAdmin):
    """Staff get their rights from their groups (Support, Finance): the page offers the
    groups as checkboxes and no permission one by one (Django's two-list picker for those
    was wider than the page and failed the accessibility check)."""

    # A customer's name as sign-up takes it (a Hindi name's vowel signs: outside probe GZ-2).
    form = StaffUserChangeForm
    add_form = StaffUserCreationForm
    change_password_form = AdminPasswordChangeForm
    filter_horizontal = ()
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Rights", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )

    def add_view(self, request, form_url="", extra_context=None):
        """Django adds a user only for staff who may change users too (the password page
        follows): refused naming whichever of the two they lack, not bare."""
        self.require(request, "add")
        self.require(request, "change")
        return super().add_view(request, form_url, extra_context)

    @method_decorator(sensitive_post_parameters())
    def user_change_password(self, request, id, form_url=""):
        """Django's refusal of a user's password page to staff who may not change users (or
        of a user that does not exist) is bare: this one names the permission."""
        self.require(request, "change", self.get_object(request, unquote(id)))
        return super().user_change_password(request, id, form_url)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["widget"] = UnfoldAdminCheckboxSelectMultipleWidget
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin, ModelAdmin):
    pass


admin.site.unregister(ProcrastinateJob)


ARGS_SHOWN = 2000  # characters of a job's arguments in the list, as procrastinate's page
DONE_TO_JOBS = {JobAction.CANCEL: "cancelled", JobAction.ABORT: "aborted"}
JOB_REACHED = {
    "doing": "started",
    "succeeded": "run",
    "failed": "failed",
    "aborted": "been aborted",
    "cancelled": "been cancelled",
}


def _jobs(job_ids: list[int]) -> str:
    return f"job{pluralize(job_ids)} {', '.join(map(str, job_ids))}"


@admin.register(ProcrastinateJob)
class JobAdmin(ProcrastinateJobAdmin, ModelAdmin):
    """procrastinate's page of the job queue, on the back office's base: what its address
    and its actions are sent is checked as on every other list. A job's status and summary
    come before its arguments, which wrap (found by an outside probe: a job's proof widened
    the arguments so far that the status was off the screen at 1280 px)."""

    list_display = ["pk", "short_task_name", "pretty_status", "summary", "pretty_args"]

    def refusal(self, action: str, obj: ProcrastinateJob | None = None) -> str:
        """procrastinate's page refuses them all, before the back office's checks."""
        return (
            f"Jobs cannot be {DONE[action]}: the shop queues them and its workers carry them "
            "out; the list's actions ask a worker to retry, cancel or abort them."
        )

    def _selected(self, request: HttpRequest, queryset: QuerySet, action: JobAction) -> list:
        """The selected jobs whose status allows `action`, or a warning saying none does."""
        jobs = list(queryset.filter(status__in=action.statuses).order_by("pk"))
        if not jobs:
            self.message_user(
                request,
                f"None of the selected jobs can be asked to {action}: only "
                f"{' or '.join(action.statuses)} jobs can.",
                messages.WARNING,
            )
        return jobs

    @admin.action(description="Retry Job (only 'failed' jobs)", permissions=["change_queue"])
    def retry(self, request: HttpRequest, queryset: QuerySet) -> None:
        """The web's role may not change the queue: a worker's job retries the jobs
        (`morpheus.job_actions`), soon after, so the page says it was asked. Of the jobs of
        a task with a queueing lock (the periodic ones) only one may wait: the others are
        named, not retried (the worker would refuse them)."""
        failed = self._selected(request, queryset, JobAction.RETRY)
        waiting = dict(
            ProcrastinateJob.objects.filter(
                status="todo", queueing_lock__in={job.queueing_lock for job in failed}
            ).values_list("queueing_lock", "pk")
        )
        job_ids, kept = [], []
        for job in failed:
            if job.queueing_lock in waiting:
                kept.append(f"job {job.pk} (job {waiting[job.queueing_lock]} of its task waits)")
                continue
            if job.queueing_lock:
                waiting[job.queueing_lock] = job.pk
            job_ids.append(job.pk)
        if job_ids:
            with transaction.atomic():
                change_jobs.defer(action=JobAction.RETRY.value, job_ids=job_ids)
            self.message_user(
                request,
                f"A worker was asked to retry job{pluralize(job_ids)} "
                f"{', '.join(map(str, job_ids))}; the list shows it once done.",
            )
        if kept:
            self.message_user(
                request,
                f"Not retried, as only one run of a periodic task may wait: {'; '.join(kept)}.",
                messages.WARNING,
            )

    def _stop(self, request: HttpRequest, queryset: QuerySet, action: JobAction) -> None:
        """Stopped at once (`morpheus.job_actions.jobs_stop`), before a busy worker takes
        them; the page says what became of each job, one that had started or ended first
        included."""
        selected = self._selected(request, queryset, action)
        if not selected:
            return
        stopped = jobs_stop(job_ids=[job.pk for job in selected], abort=action is JobAction.ABORT)
        cancelled = [job.id for job in stopped if job.status == "cancelled"]
        running = [job.id for job in stopped if job.status == "doing" and job.abort_requested]
        if cancelled:
            self.message_user(request, f"Cancelled {_jobs(cancelled)}: never to run.")
        if running:
            self.message_user(
                request,
                f"Aborted {_jobs(running)}: a running job is not stopped, but if it fails it "
                "is not retried.",
            )
        for job in stopped:
            if job.id not in cancelled and job.id not in running:
                self.message_user(
                    request,
                    f"Job {job.id} was not {DONE_TO_JOBS[action]}: it had "
                    f"{JOB_REACHED[job.status]} first.",
                    messages.WARNING,
                )

    @admin.action(description="Cancel Job (only 'todo' jobs)", permissions=["change_queue"])
    def cancel(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._stop(request, queryset, JobAction.CANCEL)

    @admin.action(description="Abort Job ('todo' & 'doing' jobs)", permissions=["change_queue"])
    def abort(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._stop(request, queryset, JobAction.ABORT)

    # Changing jobs is the model's change permission: procrastinate's page refuses every
    # change (`has_change_permission`), so the actions hold their own check of it.
    has_change_queue_permission = permission_check("procrastinate.change_procrastinatejob")

    actions = ["retry", "cancel", "abort"]

    @admin.display(description="Args")
    def pretty_args(self, instance: ProcrastinateJob) -> str:
        shown = json.dumps(instance.args, indent=2)
        return format_html(
            '<pre style="margin: 0; white-space: pre-wrap; overflow-wrap: anywhere">{}</pre>',
            shown if len(shown) <= ARGS_SHOWN else shown[:ARGS_SHOWN] + "…",
        )

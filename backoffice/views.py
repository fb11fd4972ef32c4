"""The order page's actions. Each checks its permission on the server, refuses a page
that is out of date, and changes the order only through the domain services."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from backoffice import permissions
from backoffice.bulk import TWIN_WINDOW
from backoffice.forms import (
    CompForm,
    DuplicateRefundForm,
    NoteForm,
    RefundForm,
    ReissueLinksForm,
    SettleRefundFailuresForm,
    TransitionForm,
    VersionedForm,
)
from backoffice.order_page import (
    NOTE_DRAFT_MOST,
    duplicate_refund_refusal,
    item_refund_preview,
    items_left_to_refund,
    items_together_refund_more,
    note_draft_key,
    previewed,
    refund_confirmed_already,
    refund_made,
    refund_preview,
    refund_refusal,
    reissue_refusal,
    settle_refusal,
    transition_refusal,
)
from delivery.services import download_links_resend
from morpheus.errors import DomainError
from morpheus.money import format_money as money
from morpheus.money import to_major
from orders.actors import actor_for
from orders.errors import CompAlreadyGiven, NoteAlreadyAdded, StaleOrder, TransitionNotAllowed
from orders.events import LINKS_RESEND_ASKED
from orders.models import Order
from orders.selectors import order_just_changed_by
from orders.services import order_comp, order_note_add, order_transition
from orders.transitions import TRANSITIONS_BY_NAME, transitions_by_hand_from
from payments.models import Payment, Refund
from payments.selectors import (
    disputes_lost_total,
    refund_failures_flagged,
    refund_failures_settled,
    refund_flags_subject,
    refund_room,
)
from payments.services import (
    duplicate_payment_refund,
    refund_create,
    refund_create_for_items,
    refund_failures_settle,
)
from promotions.selectors import order_bundle_titles
from tax.models import EvidenceDecision
from tax.selectors import order_evidence


def order_url(order: Order) -> str:
    return reverse("admin:orders_order_change", args=[order.pk])


def _stale(request: HttpRequest, order: Order, form: VersionedForm) -> HttpResponse:
    messages.error(request, str(StaleOrder.about(order, status_shown=form.status_shown())))
    return redirect(order_url(order))


def _form_errors(request: HttpRequest, form) -> None:
    """Each error as a message, in the form's own words: a field's name ("reason: This field
    is required.") said nothing staff could act on, so each field's messages say it."""
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


def _opened_as_a_link(
    request: HttpRequest, refusal: Callable[[], str | None] = lambda: None
) -> HttpResponse | None:
    """The 405 of an order page's button (a POST) whose address was opened as a link. Each
    action asks it only after its permission (403) and what its address names (404): the
    back office's 405 page says to use the order's button and leads back to the order, so
    it must not be shown to whoever has no such button or for an order that does not exist
    (outside probe BR-5). `refusal`: why the order page shows no such button now, which the
    page says instead (`MethodNotAllowedPageMiddleware`): a delivered order's cancel."""
    if request.method == "POST":
        return None
    response = HttpResponseNotAllowed(["POST"])
    response.not_now = refusal() or ""
    return response


def _act_on_loaded_order(
    request: HttpRequest,
    order: Order,
    form: VersionedForm,
    act: Callable[[Order], object],
    done: Callable[[], str],
    twin: Callable[[], str] = lambda: "",
) -> HttpResponse:
    """An action of the order page: a stale page changes nothing, a refusal is shown. The
    same staff member's action sent twice (a double click) finds the change its twin made:
    `twin` says so ("" when another change made the page stale; outside probe HZ-3: staff
    were told to look again and retry what they had just done)."""
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(order_url(order))
    if form.is_stale(order):
        if said := twin():
            messages.info(request, said)
            return redirect(order_url(order))
        return _stale(request, order, form)
    try:
        act(form.order_as_loaded(order))
    except StaleOrder as exc:  # its twin, sent at once, changed it first
        said = twin()
        messages.add_message(request, messages.INFO if said else messages.ERROR, said or str(exc))
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done())
    return redirect(order_url(order))


def _made_a_moment_ago(request: HttpRequest, order: Order, form: VersionedForm, **change) -> bool:
    """Whether the staff member made this change of the order, with this form's reason,
    within `TWIN_WINDOW`, and no one changed it after."""
    return form.is_valid() and order_just_changed_by(
        order=order,
        actor=actor_for(request.user),
        reason=form.cleaned_data["reason"],
        since=timezone.now() - TWIN_WINDOW,
        **change,
    )


def order_transition_view(request: HttpRequest, order_id: int, name: str) -> HttpResponse:
    permissions.require(request.user, permissions.CHANGE_STATUS)
    order = get_object_or_404(Order, pk=order_id)
    if name not in TRANSITIONS_BY_NAME:
        raise Http404("No such change of status.")
    if refused := _opened_as_a_link(request, lambda: transition_refusal(order, name)):
        return refused
    form = TransitionForm(request.POST, transition=name)

    def act(loaded: Order) -> None:
        if name not in {t.name for t in transitions_by_hand_from(loaded.status)}:
            raise TransitionNotAllowed(
                f"Order {loaded.number} is {loaded.status}: that change is not allowed."
            )
        order_transition(
            order=loaded,
            name=name,
            actor=actor_for(request.user),
            reason=form.cleaned_data["reason"],
        )

    target = TRANSITIONS_BY_NAME[name].target

    def twin() -> str:
        if not _made_a_moment_ago(request, order, form, to_status=target):
            return ""
        return (
            f"Order {order.number} is {target.label.lower()}: changed by you a moment ago, "
            "nothing done again."
        )

    return _act_on_loaded_order(
        request,
        order,
        form,
        act,
        lambda: f"Order {order.number} is now {order.get_status_display().lower()}.",
        twin,
    )


def order_note_view(request: HttpRequest, order_id: int) -> HttpResponse:
    permissions.require(request.user, permissions.ADD_NOTE)
    order = get_object_or_404(Order, pk=order_id)
    if refused := _opened_as_a_link(request):
        return refused
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            order_note_add(
                order=order,
                actor=actor_for(request.user),
                text=form.cleaned_data["text"],
                form_key=form.cleaned_data["form_key"],
            )
        except NoteAlreadyAdded as exc:
            messages.info(request, str(exc))
        else:
            messages.success(request, "Note added.")
    else:
        _form_errors(request, form)
        # The typed words go back into the box, not lost with the refusal (the order page
        # takes them once, `order_page_context`).
        request.session[note_draft_key(order)] = request.POST.get("text", "")[:NOTE_DRAFT_MOST]
    return redirect(order_url(order))


def order_reissue_links_view(request: HttpRequest, order_id: int) -> HttpResponse:
    permissions.require(request.user, permissions.REISSUE_LINKS)
    order = get_object_or_404(Order, pk=order_id)
    if refused := _opened_as_a_link(request, lambda: reissue_refusal(order)):
        return refused
    form = ReissueLinksForm(request.POST)
    return _act_on_loaded_order(
        request,
        order,
        form,
        lambda loaded: download_links_resend(
            order=loaded, actor=actor_for(request.user), reason=form.cleaned_data["reason"]
        ),
        lambda: f"Fresh links are on their way to {order.email}; the old ones stop working.",
        lambda: (
            "Fresh links asked for by you a moment ago, nothing sent again."
            if _made_a_moment_ago(request, order, form, action=LINKS_RESEND_ASKED)
            else ""
        ),
    )


def order_settle_refund_failures_view(request: HttpRequest, order_id: int) -> HttpResponse:
    """Staff who refund orders settle, without refunding, refunds Stripe refused (or never
    sent: Stripe had paid an earlier one after all), what a lost dispute left paid, and the
    refunds Stripe paid after all: the order is no longer flagged for them, and the history
    says who decided so and why."""
    permissions.require(request.user, permissions.REFUND)
    order = get_object_or_404(Order, pk=order_id)
    if refused := _opened_as_a_link(request, lambda: settle_refusal(order)):
        return refused
    form = SettleRefundFailuresForm(request.POST)
    settled = form.is_valid() and form.is_stale(order) and refund_failures_settled(order=order)
    if settled:
        messages.error(request, settled)
        return redirect(order_url(order))
    lines: list[str] = []

    def act(loaded: Order) -> None:
        lines.extend(refund_failures_flagged(order=loaded))
        refund_failures_settle(
            order=loaded, actor=actor_for(request.user), reason=form.cleaned_data["reason"]
        )

    return _act_on_loaded_order(
        request,
        order,
        form,
        act,
        lambda: (
            f"Order {order.number} is no longer flagged for {refund_flags_subject(lines)}: "
            "nothing was refunded."
        ),
    )


def order_duplicate_refund_view(
    request: HttpRequest, order_id: int, payment_id: int
) -> HttpResponse:
    """Pay back a duplicate charge whole, at payment level: the order keeps its status,
    links, invoice and refunded total (same permission as the order's refunds)."""
    permissions.require(request.user, permissions.REFUND)
    order = get_object_or_404(Order, pk=order_id)
    payment = get_object_or_404(Payment, pk=payment_id, order=order)
    if refused := _opened_as_a_link(request, lambda: duplicate_refund_refusal(payment)):
        return refused
    form = DuplicateRefundForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(order_url(order))
    try:
        duplicate = duplicate_payment_refund(
            payment=payment, actor=actor_for(request.user), reason=form.cleaned_data["reason"]
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"Refund of the duplicate charge of {money(duplicate.amount, duplicate.currency)} "
            f"(payment attempt {payment.attempt}) recorded and being sent to Stripe; the order "
            "is not refunded.",
        )
    return redirect(order_url(order))


def order_refund_view(request: HttpRequest, order_id: int, *, admin_context: dict) -> HttpResponse:
    """Ask (items or an amount, reason), preview what it will do, then confirm: the
    payments service sends it to Stripe once the request commits."""
    permissions.require(request.user, permissions.REFUND)
    with transaction.atomic():
        order = get_object_or_404(Order.objects.select_for_update(), pk=order_id)
        refundable = refund_room(order=order)
        refusal = refund_refusal(order, remaining=refundable)
        if refusal:
            # A confirmation sent twice whose first refunded all there was is told as any
            # other twin (outside probe DV-4: "has nothing left to refund").
            if request.method == "POST" and (made := refund_confirmed_already(order, request.POST)):
                return _made_already(request, order, made)
            # A page older than what took the rest (a colleague's refund) is stale, naming
            # it (outside probe FF-1: "has nothing left to refund" alone).
            if request.method == "POST" and (
                posted := VersionedForm(request.POST)
            ).was_posted_stale(order):
                return _stale(request, order, posted)
            messages.error(request, refusal)
            return redirect(order_url(order))
        items_left = items_left_to_refund(order)
        items = [entry for entry in items_left if entry[2] <= refundable]
        # Named as the invoice names them (outside probe GU-7: a bundle's share of its price
        # read as a comic's price gone wrong).
        bundles = order_bundle_titles(order=order)
        choices = [
            (pk, f"{title}{_in_bundle(bundles.get(pk))} ({money(left, order.currency)})")
            for pk, title, left in items
        ]
        amounts = {pk: left for pk, _, left in items}
        together_more = items_together_refund_more(order, items)
        form = RefundForm(
            request.POST or None,
            refundable=refundable,
            currency=order.currency,
            item_choices=choices,
            item_amounts=amounts,
            item_titles=dict(order.items.values_list("pk", "title")),
            initial={"version": order.version, "amount": to_major(refundable, order.currency)},
        )
        preview = None
        if request.method == "POST" and form.was_posted_stale(order):
            if made := refund_confirmed_already(order, request.POST):
                return _made_already(request, order, made)
            return _stale(request, order, form)
        if request.method == "POST" and form.is_valid():
            if form.cleaned_data["items"]:
                preview = item_refund_preview(order, items, form.cleaned_data["items"])
            else:
                preview = refund_preview(
                    order, form.cleaned_data["amount"], form.cleaned_data["reason"]
                )
            shown = previewed(preview, form.cleaned_data["items"])
            if form.cleaned_data["confirmed"] and form.cleaned_data["previewed"] != shown:
                messages.warning(request, CHANGED_SINCE_PREVIEW)
            elif form.cleaned_data["confirmed"]:
                response = _refund_submit(request, order, form, amounts)
                if response:
                    return response
            form = _confirmation_form(form, refundable, order.currency, choices, amounts, shown)
    context = {
        **admin_context,
        "title": f"Refund order {order.number}",
        "order": order,
        "form": form,
        "preview": preview,
        "refundable": money(refundable, order.currency),
        "disputes_lost": disputes_lost_total(order=order),
        "items_together_more": money(together_more, order.currency) if together_more else "",
        # Items worth more than what pending refunds leave: said, so none seems forgotten.
        "items_beyond": [(title, rest) for _, title, rest in items_left if rest > refundable],
        "order_url": order_url(order),
        "duplicates": list(order.duplicate_payments.select_related("payment")),
        "held_undecided": _held_undecided(order),
    }
    return TemplateResponse(request, "backoffice/refund.html", context)


def _held_undecided(order: Order) -> str:
    """The VAT evidence list showing the order, when it is held there and Finance has not
    decided: only their "Decide on a refund" tells the customer why it was refunded (outside
    probes EE-2, EF-4); "" otherwise."""
    evidence = order_evidence(order_id=order.pk)
    if evidence is None or evidence.decision != EvidenceDecision.HELD:
        return ""
    return f"{reverse('admin:tax_ordertaxevidence_changelist')}?{urlencode({'q': order.number})}"


def _made_already(request: HttpRequest, order: Order, made: Refund) -> HttpResponse:
    amount = money(made.amount, made.currency)
    messages.info(
        request,
        f"This refund was made already {refund_made(made)} ({amount}, “{made.reason}”): "
        "nothing more was done.",
    )
    return redirect(order_url(order))


def _refund_submit(
    request: HttpRequest, order: Order, form: RefundForm, item_amounts: dict[int, int]
) -> HttpResponse | None:
    asked_at = timezone.now()
    try:
        if form.cleaned_data["items"]:
            refund = refund_create_for_items(
                order=order,
                item_ids=form.cleaned_data["items"],
                reason=form.cleaned_data["reason"],
                actor=actor_for(request.user),
                amounts=item_amounts,
            )
        else:
            refund = refund_create(
                order=order,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                actor=actor_for(request.user),
            )
    except DomainError as exc:
        form.add_error(None, str(exc))
        return None
    amount = money(refund.amount, refund.currency)
    if refund.created_at < asked_at:  # the same request, still pending: nothing new
        same = (
            f"The same refund ({amount}, same reason), asked for at {refund.created_at:%H:%M} UTC,"
        )
        done = (
            "is with Stripe, which has not settled it yet: nothing was sent or recorded."
            if refund.stripe_refund_id
            else "was still pending: it was sent to Stripe again, and nothing more was "
            "refunded; its outcome appears under Refunds."
        )
        messages.warning(
            request,
            f"{same} {done} To refund that amount again, give the refund a reason of its own.",
        )
    else:
        messages.success(
            request,
            f"Refund of {amount} recorded and being sent to Stripe; its outcome appears "
            "under Refunds.",
        )
    return redirect(order_url(order))


def _in_bundle(bundle: str | None) -> str:
    return f" (in {bundle})" if bundle else ""


CHANGED_SINCE_PREVIEW = (
    "What was confirmed is not what the preview showed: nothing was refunded. This is what "
    "the refund would do now; confirm it if it is right."
)


def _confirmation_form(
    form: RefundForm,
    refundable: int,
    currency: str,
    choices: list[tuple[int, str]],
    amounts: dict[int, int],
    shown: str,
) -> RefundForm:
    """The same answers, now marked confirmed with what the preview shows: the next POST
    refunds that, and only that."""
    if form.errors:
        return form
    data = form.data.copy()
    data["confirmed"] = "on"
    data["previewed"] = shown
    if form.cleaned_data["items"]:
        data["amount"] = ""
    return RefundForm(
        data, refundable=refundable, currency=currency, item_choices=choices, item_amounts=amounts
    )


def order_comp_view(request: HttpRequest, *, admin_context: dict) -> HttpResponse:
    """Give a customer comics: an order at no cost, fulfilled like a paid one, with the
    reason in its history."""
    permissions.require(request.user, permissions.COMP)
    form = CompForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            order = order_comp(
                customer=form.cleaned_data["customer"],
                comics=list(form.cleaned_data["comics"]),
                reason=form.cleaned_data["reason"],
                actor=actor_for(request.user),
                form_key=form.cleaned_data["form_key"],
            )
        except CompAlreadyGiven as repeat:
            messages.info(request, str(repeat))
            return redirect(order_url(repeat.order))
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Order {order.number} gives the comics; links follow.")
            return redirect(order_url(order))
    context = {**admin_context, "title": "Give comics to a customer", "form": form}
    return TemplateResponse(request, "backoffice/comp.html", context)

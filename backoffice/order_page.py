"""What the order page shows beside the order's own fields, read in a fixed number of
queries whatever the order's size."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, Prefetch, Q, prefetch_related_objects
from django.http import QueryDict
from django.utils import timezone

from backoffice import permissions
from backoffice.diagram import state_diagram_svg, state_list_html
from backoffice.display import ActorNames, actor_label
from backoffice.finance import VIEW_INVOICES
from backoffice.forms import (
    DuplicateRefundForm,
    NoteForm,
    RefundForm,
    ReissueLinksForm,
    SettleRefundFailuresForm,
    TransitionForm,
)
from backoffice.order_documents import no_invoice_why, order_documents
from backoffice.order_emails import order_emails
from backoffice.timeline import claimed_guests, order_timeline
from backoffice.worker_notice import worker_silent_notice
from delivery.models import DownloadEvent, DownloadLink, LinkOrigin
from delivery.selectors import download_links_usable, links_resend_refusal
from invoicing.selectors import items_left_to_credit
from morpheus.money import chargeable_floor, format_money
from orders.guests import is_erased
from orders.models import Order, OrderItem
from orders.selectors import (
    and_joined,
    comics_owned_in,
    order_free_items_kept,
    order_is_entitled,
    order_unpayable_words,
)
from orders.status_words import refunded_keeping_free_items
from orders.transitions import (
    TRANSITIONS_BY_NAME,
    OrderStatus,
    transitions_by_hand_from,
    transitions_from,
)
from payments.models import DuplicatePayment, DuplicateStatus, Payment, Refund
from payments.selectors import (
    dispute_refund_refusal,
    disputes_lost_total,
    item_refund_takes_the_rest,
    items_left_as_items,
    items_paid_back_split,
    payment_counted,
    refund_asked_from,
    refund_failures_flagged,
    refund_flags_subject,
    refund_pending_same,
    refund_recent_of_amount,
    refund_room,
    refund_settled_unrefunded,
    refunds_pending_total,
)
from promotions.selectors import order_bundle_titles
from tax.countries import ELSEWHERE, OUTSIDE_EVERY_SCHEME, country_shown
from tax.models import ItemTax, RateType, percent
from tax.selectors import item_vat_recorded, items_paid, order_evidence


@dataclass(frozen=True)
class RefundPreview:
    amount: int
    pending: int
    left_after: int
    links_revoked: int
    closed_titles: tuple[str, ...] = ()  # the items whose links close (an item refund)
    # Of those, the links of one download the library and the API give, alive minutes.
    links_single_revoked: int = 0
    # The active links that stay: none on an order never fulfilled (one held for its VAT
    # evidence), whose preview must not promise it keeps links.
    links_kept: int = 0
    # What lost disputes took back: refunding the rest leaves the order's status as it is.
    charged_back: int = 0
    # Free items a refund of every item paid for leaves the customer (the order keeps its
    # status for them), and those a refund of the order as a whole takes away with it.
    free_kept: tuple[str, ...] = ()
    free_taken: tuple[str, ...] = ()
    # The same refund (amount and reason) still pending: confirming sends it to Stripe
    # again when Stripe never answered it, and refunds nothing more.
    again: Refund | None = None
    # A refund of the same amount made minutes ago, whatever its reason: confirming
    # refunds the customer twice.
    recent: Refund | None = None
    # A failed refund settled without refunding since the last refund, in words: the
    # customer may have been paid back another way (`refund_settled_unrefunded`).
    settled: str = ""

    @property
    def recent_words(self) -> str:
        if self.recent is None:
            return ""
        return (
            f"A refund of {refund_named(self.recent)} was made {refund_made(self.recent)}. "
            "Confirm only if the customer is to be refunded again."
        )

    @property
    def is_full(self) -> bool:
        return self.left_after == 0 and not self.free_kept

    @property
    def links_words(self) -> str:
        """The links revoked, counted in words: "1 active download link", and apart the
        library's and the API's links of one download (outside probe HF-3: a customer's
        library clicks read "55 active download links" of a one-comic order)."""
        if not self.links_revoked:
            return "no active download link"
        plural = "" if self.links_revoked == 1 else "s"
        words = f"{self.links_revoked} active download link{plural}"
        single = self.links_single_revoked
        if single == self.links_revoked:
            return f"{words}, of one download each, from the library or the API"
        if single:
            return f"{words} ({single} of them of one download, from the library or the API)"
        return words


@dataclass(frozen=True)
class ItemRow:
    """An item as the order page's table shows it: what refunds paid back for it in all
    (its own refund and its shares of refunds of amounts: `items_paid_back_split`),
    of which as the item itself, and what a refund waiting for Stripe will add."""

    item: OrderItem
    paid: int  # VAT included: with net prices, its price less its discount plus the VAT added
    refunded: int
    as_item: int
    pending: int
    bundle: str = ""  # the title of the bundle it was bought in (its price is its share)
    vat: ItemTax | None = None  # its rate and VAT as recorded when the order was placed

    @property
    def shares(self) -> int:
        return self.refunded - self.as_item

    @property
    def vat_taken_off(self) -> int:
        """Sold by reverse charge at a price including VAT: the VAT a consumer would have
        paid, which the business did not (its price less its discount, less what it paid)."""
        if self.vat is None or self.vat.rate_type != RateType.REVERSE_CHARGE:
            return 0
        return max(0, self.item.paid_amount - self.paid)

    @property
    def vat_basis(self) -> str:
        """Beside its VAT: the rate and country, or why none is charged, in the words the
        customer's pages use for an order of Elsewhere ("0 % Elsewhere" read as a rate)."""
        if self.vat.rate_type == RateType.REVERSE_CHARGE:
            return "reverse charge"
        if self.vat.country == ELSEWHERE:
            return f"No VAT: {OUTSIDE_EVERY_SCHEME}"
        return f"{percent(self.vat.rate)} % {country_shown(self.vat.country)}"


@dataclass(frozen=True)
class ItemsTable:
    """The order page's items: a discount column when a code took something off, and a VAT
    column when VAT was recorded (each item's rate and VAT, added on top of net prices or
    included in them), with the order's VAT under it (outside probe BJ, BJ-13: an order
    with VAT included showed no rate nor VAT at all)."""

    rows: list[ItemRow]
    discounted: bool
    vat_added: bool  # the order's prices were net: its VAT came on top
    # What the last column's amounts are: "Paid" of an order never paid read as money taken
    # (outside probe HH-3).
    paid_heading: str

    @property
    def vat_shown(self) -> bool:
        return any(row.vat for row in self.rows)

    @property
    def vat_total(self) -> int:
        return sum(row.vat.tax for row in self.rows if row.vat)

    @property
    def before_vat(self) -> int:
        """The columns before the VAT column: the comic, its price, its discount."""
        return 2 + self.discounted

    @property
    def before_paid(self) -> int:
        return self.before_vat + self.vat_shown


def items_table(order: Order) -> ItemsTable:
    """The items' rows; what each got back as the refund screen, the API and the privacy
    export count it (`items_paid_back`): a refund that came back from the customer's bank
    counts for nothing (outside probe BO: the column read the credit notes, and still showed
    the bounced refund's share)."""
    prefetch_related_objects(
        [order], Prefetch("items", queryset=OrderItem.objects.select_related("tax"))
    )
    paid_back = items_paid_back_split(order)
    bundles = order_bundle_titles(order=order)
    paid = items_paid(order=order)
    rows = [
        ItemRow(
            item=item,
            paid=paid[item.pk],
            refunded=paid_back[item.pk].total,
            as_item=paid_back[item.pk].as_item,
            pending=item.refund_pending_amount,
            bundle=bundles.get(item.pk, ""),
            vat=item_vat_recorded(item),
        )
        for item in order.items.all()
    ]
    return ItemsTable(
        rows=rows,
        discounted=bool(order.discount_amount),
        vat_added=not order.prices_include_tax,
        paid_heading=_paid_heading(order),
    )


def _paid_heading(order: Order) -> str:
    if order.paid_at is not None:
        return "Paid"
    if order.status in (OrderStatus.PENDING, OrderStatus.PROCESSING):
        return "To pay"
    return "Not paid"


def refund_confirmed_already(order: Order, data: QueryDict) -> Refund | None:
    """The refund a confirmation made already, when `data` is that confirmation sent again
    (Back then Confirm, a second click while the first was slow): what its preview showed
    (`previewed`) and its reason, asked from the order version its page showed."""
    if not RefundForm.base_fields["confirmed"].clean(data.get("confirmed")):
        return None
    amount, _, rest = data.get("previewed", "").partition(":")
    items = rest.partition(":")[0]
    try:
        version, amount = int(data.get("version", "")), int(amount)
        item_ids = [int(item) for item in items.split(",") if item]
    except ValueError:
        return None
    reason = data.get("reason", "").strip()
    return refund_asked_from(
        order=order, version=version, amount=amount, reason=reason, item_ids=item_ids
    )


def refund_named(refund: Refund) -> str:
    """A refund by its amount and reason: "0.50 EUR (“dbl”)"."""
    return f"{format_money(refund.amount, refund.currency)} (“{refund.reason}”)"


def refund_made(refund: Refund) -> str:
    """When and by whom a refund was asked for: "at 08:42 UTC by finance"."""
    kind, _, name = refund.actor.partition(":")
    who = name if kind == "staff" and name else actor_label(refund.actor)
    return f"at {refund.created_at.astimezone(UTC):%H:%M} UTC by {who}"


def previewed(preview: RefundPreview, item_ids: list[int]) -> str:
    """What a preview shows, as its confirmation carries it back: the amount, the items,
    and the pending refund it asks for again."""
    again = f":again {preview.again.pk}" if preview.again else ""
    return f"{preview.amount}:{','.join(map(str, sorted(item_ids)))}{again}"


_EMAILED = Q(origin=LinkOrigin.EMAILED)
_SINGLE = Count("pk", filter=~_EMAILED)


def refund_preview(order: Order, amount: int, reason: str) -> RefundPreview:
    """What refunding `amount` will do: a full refund revokes every active download link
    (one that can still serve a download). The same refund still pending is sent again
    (`payments.services.refund_create`): nothing more is refunded. A refund of the same
    amount made in the last few minutes is named: confirming refunds the customer again."""
    pending = refunds_pending_total(order=order)
    links = download_links_usable(order=order).aggregate(every=Count("pk"), single=_SINGLE)
    active_links = links["every"]
    if again := refund_pending_same(order=order, amount=amount, reason=reason):
        return RefundPreview(
            amount, pending, refund_room(order=order), 0, links_kept=active_links, again=again
        )
    left_after = refund_room(order=order) - amount
    charged_back = disputes_lost_total(order=order)
    recent = refund_recent_of_amount(order=order, amount=amount)
    settled = refund_settled_unrefunded(order=order)
    if left_after == 0:
        return RefundPreview(
            amount,
            pending,
            left_after,
            active_links,
            links_single_revoked=links["single"],
            charged_back=charged_back,
            free_taken=_free_items_after(order, refunding=())[1],
            recent=recent,
            settled=settled,
        )
    return RefundPreview(
        amount, pending, left_after, 0, links_kept=active_links, recent=recent, settled=settled
    )


def _free_items_after(
    order: Order, *, refunding: Collection[int]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The titles of the free items a refund that leaves nothing to refund leaves the
    customer (it refunds every item paid for as an item: `order_free_items_kept`), and
    of those it takes away (it refunds the order as a whole)."""
    if kept := order_free_items_kept(order, refunding=refunding):
        return tuple(item.title for item in kept), ()
    taken = order.items.filter(unit_amount=F("discount_amount")).exclude(pk__in=list(refunding))
    return (), tuple(taken.order_by("pk").values_list("title", flat=True))


def refund_refusal(order: Order, *, remaining: int) -> str | None:
    """Why the order has nothing staff could refund, or None: only a payment that went
    through and is not disputed can be paid back, and only what no refund or lost dispute
    has taken or refunds are taking (`remaining`)."""
    if payment_counted(order=order) is None:  # a duplicate charge has its own refund
        return f"Order {order.number} has no successful payment to refund."
    if refusal := dispute_refund_refusal(order=order):
        return refusal
    if remaining <= 0:
        return f"Order {order.number} has nothing left to refund."
    return None


def transition_refusal(order: Order, name: str) -> str | None:
    """Why the order page offers no button for the change of status `name` now, or None
    when it does: staff make only the changes by hand its status allows."""
    if name in {t.name for t in transitions_by_hand_from(order.status)}:
        return None
    transition = TRANSITIONS_BY_NAME[name]
    if not transition.by_hand:
        return f"“{transition.label}” is not a change staff make by hand: {transition.made_by}"
    status, target = order.get_status_display().lower(), transition.target.label.lower()
    if order.status == transition.target:
        return f"Order {order.number} is {status} already."
    return f"Order {order.number} is {status}: it can no longer be {target}."


def reissue_refusal(order: Order) -> str | None:
    """Why the order page offers no re-send of links now, or None: the order gives no
    access, or no one would get them (an erased customer, an unconfirmed address: outside
    probe DJ-2, the button was offered and always refused), as the list's re-send says."""
    return links_resend_refusal(order) or None


def _reissue(order: Order, *, allowed: bool) -> dict[str, object]:
    """The re-send's form, or why an order that gives downloads gets no fresh links."""
    refusal = reissue_refusal(order) if allowed else None
    return {
        "reissue_form": ReissueLinksForm(initial={"version": order.version})
        if allowed and refusal is None
        else None,
        "reissue_refusal": refusal if order_is_entitled(order) else None,
    }


def settle_refusal(order: Order) -> str | None:
    """Why the order page offers nothing to settle without refunding now, or None."""
    if refund_failures_flagged(order=order):
        return None
    return f"Order {order.number} has nothing to settle without refunding."


def duplicate_refund_refusal(payment: Payment) -> str | None:
    """Why the order page offers no refund of the charge `payment` now, or None: only a
    charge the order does not count, not refunded nor being refunded, has that button."""
    if not _is_duplicate(payment):
        return (
            f"Payment attempt {payment.attempt} is not a duplicate charge: the order's "
            "refunds are made from its refund screen."
        )
    if payment.duplicate.is_refundable:
        return None
    if payment.duplicate.status == DuplicateStatus.REFUNDED:
        return f"The duplicate charge of payment attempt {payment.attempt} is refunded already."
    return f"The refund of the duplicate charge of payment attempt {payment.attempt} is under way."


def items_left_to_refund(order: Order) -> list[tuple[int, str, int]]:
    """(id, title, what is left to refund) of each item with something left to refund.
    What is left of an item is what it cost less what refunds took from it: refunds of
    items, and, when the order has an invoice, the share of refunds of amounts its invoice
    line was credited (so its refund credits that line alone), as the refunds that stayed
    paid share it (a refund that came back from the customer's bank took nothing). An item
    is refundable on its own when that fits in what the order has left after pending
    refunds. The last item still paid for refunds all the order has left
    (`item_refund_takes_the_rest`: the fils rounding kept of the others' refunds in KWD),
    and says so (outside probe CH-4: "Dinar Small (1.160 KWD)" refunded 1.170)."""
    left = items_left_as_items(order, shares=bool(items_left_to_credit(order=order)))
    items = [item for item in order.items.order_by("pk") if not item.refund_closed]
    paid = [item.pk for item in items if item.paid_amount]
    last_paid = paid[0] if len(paid) == 1 else None
    entries = []
    for item in items:
        amount = chargeable_floor(left[item.pk], order.currency)
        if amount > 0 and item.pk == last_paid:
            amount = max(amount, refund_room(order=order))
        if amount > 0:
            entries.append((item.pk, item.title, amount))
    return entries


def items_together_refund_more(order: Order, items: list[tuple[int, str, int]]) -> int:
    """How much more than their labels add up to ticking all of the refundable `items`
    refunds (0 when nothing): with several items left, each is labelled with what it
    refunds alone, and the last of them refunds what rounding kept of earlier refunds too
    (outside probe CJ-3: labels of 1.220 and 1.220 KWD, ticked together 2.450)."""
    if len(items) < 2 or not item_refund_takes_the_rest(
        order=order, item_ids=[pk for pk, _, _ in items]
    ):
        return 0
    return max(refund_room(order=order) - sum(left for _, _, left in items), 0)


def item_refund_preview(
    order: Order, items: list[tuple[int, str, int]], item_ids: list[int]
) -> RefundPreview:
    """What refunding these of the refundable `items_left_to_refund` will do: their active
    links close; when nothing is left afterwards, the order's other links too, unless the
    order keeps its free items."""
    pending = refunds_pending_total(order=order)
    chosen = [entry for entry in items if entry[0] in item_ids]
    amount = sum(left for _, _, left in chosen)
    room = refund_room(order=order)
    if item_refund_takes_the_rest(order=order, item_ids=item_ids):
        amount = max(amount, room)
    left_after = room - amount
    chosen_links = Q(order_item_id__in=item_ids)
    links = download_links_usable(order=order).aggregate(
        every=Count("pk"),
        single=_SINGLE,
        chosen=Count("pk", filter=chosen_links),
        chosen_single=Count("pk", filter=chosen_links & ~_EMAILED),
    )
    kept, taken = _free_items_after(order, refunding=item_ids) if left_after == 0 else ((), ())
    every = left_after == 0 and not kept
    revoked = links["every"] if every else links["chosen"]
    return RefundPreview(
        amount,
        pending,
        left_after,
        revoked,
        tuple(title for _, title, _ in chosen),
        links_single_revoked=links["single"] if every else links["chosen_single"],
        links_kept=links["every"] - revoked,
        charged_back=disputes_lost_total(order=order) if left_after == 0 else 0,
        free_kept=kept,
        free_taken=taken,
        settled=refund_settled_unrefunded(order=order),
    )


# A refused note's words kept for the next order page, at most this many characters.
NOTE_DRAFT_MOST = 20_000


def note_draft_key(order: Order) -> str:
    """The session key of a refused note's words, shown again in the order page's box."""
    return f"backoffice:note-draft:{order.pk}"


def _unpayable_words(order: Order) -> str:
    """Why the customer cannot pay this pending order now, in their pay page's words ("" when
    they can): a comic off sale, a price that no longer holds, comics they own already
    (outside probe HH-3: the page read as any unpaid order's)."""
    if order.status != OrderStatus.PENDING:
        return ""
    if words := order_unpayable_words(order=order):
        return words
    titles = dict(order.items.values_list("comic_id", "title"))
    owned = comics_owned_in(customer=order.customer, comic_ids=list(titles))
    if not owned:
        return ""
    gave = [f"{titles[pk]} (your order {number})" for pk, number in owned.items()]
    return f"You already own {and_joined(gave)}: this order cannot be paid."


def _links(order: Order) -> dict[str, list[DownloadLink]]:
    """The order's download links: the emailed ones and those still live, and apart the
    library's and the API's links of one download that no longer serve (outside probe
    HG-3: a customer's library clicks listed dozens of dead links as if they were live)."""
    now = timezone.now()
    listed, spent = [], []
    for link in order.download_links.select_related("order_item"):
        link.expired = link.expires_at <= now
        link.used_up = link.download_count >= link.max_downloads
        live = not (link.revoked_at or link.expired or link.used_up)
        (listed if live or link.origin == LinkOrigin.EMAILED else spent).append(link)
    return {"links": listed, "links_spent": spent, "links_count": len(listed) + len(spent)}


def order_page_context(order: Order, user: AbstractBaseUser, *, note_draft: str = "") -> dict:
    payments = list(order.payments.select_related("duplicate__duplicate_of"))
    duplicates = [payment.duplicate for payment in payments if _is_duplicate(payment)]
    downloads = list(
        DownloadEvent.objects.filter(link__order=order, probe=False).select_related(
            "link__order_item"
        )
    )
    events = list(order.events.all())
    refunds = list(order.refunds.all())
    evidence = order_evidence(order_id=order.pk)
    names = ActorNames(
        [
            f"customer:{order.customer_id}",
            *claimed_guests(events),
            *(e.actor for e in events),
            *(d.signed_in_as for d in downloads if d.signed_in_as),
            *(r.actor for r in refunds),
            *(d.refund_actor for d in duplicates if d.refund_actor),
            *([evidence.decided_by] if evidence and evidence.decided_by else []),
        ]
    )
    can = {
        codename: permissions.user_can(user, codename)
        for codename in permissions.CUSTOM_PERMISSIONS
    }
    settle_lines = refund_failures_flagged(order=order)
    return {
        "order": order,
        "refunded_keeping_free_items": refunded_keeping_free_items(order),
        "unpayable": _unpayable_words(order),
        "items": items_table(order),
        "payments": payments,
        "refunds": [(refund, names(refund.actor)) for refund in refunds],
        # Charges the order does not count, each refunded on its own ("Refund duplicate
        # charge"), never through the order's refund screen.
        "duplicates": [
            (
                duplicate,
                names(duplicate.refund_actor) if duplicate.refund_actor else None,
                DuplicateRefundForm()
                if can[permissions.REFUND] and duplicate.is_refundable
                else None,
            )
            for duplicate in duplicates
        ],
        "disputes": list(order.disputes.all()),
        **_documents(order, user),
        "emails": order_emails(order),
        "worker_silent": worker_silent_notice(),
        "vat_evidence": evidence,
        "vat_decided_by": names(evidence.decided_by) if evidence and evidence.decided_by else None,
        # Business details blanked by the customer's erasure were given, not left out
        # (outside probe HE-5: "none given").
        "customer_erased": is_erased(order.customer),
        **_links(order),
        "downloads": downloads,
        "timeline": order_timeline(
            order, events=events, payments=payments, downloads=downloads, names=names
        ),
        "diagram": state_diagram_svg(order.status),
        "state_list": state_list_html(order.status),
        "transitions": [
            (t, TransitionForm(initial={"version": order.version}, transition=t.name))
            for t in transitions_by_hand_from(order.status)
        ]
        if can[permissions.CHANGE_STATUS]
        else [],
        "not_by_hand": [t for t in transitions_from(order.status) if not t.by_hand],
        "note_form": NoteForm(initial={"text": note_draft}) if can[permissions.ADD_NOTE] else None,
        **_reissue(order, allowed=can[permissions.REISSUE_LINKS]),
        "settle_form": SettleRefundFailuresForm(initial={"version": order.version})
        if can[permissions.REFUND] and settle_lines
        else None,
        "settle_subject": refund_flags_subject(settle_lines),
        # The refund screen's button only where that screen would not refuse at once.
        "can_refund": can[permissions.REFUND]
        and refund_refusal(order, remaining=refund_room(order=order)) is None,
    }


def _documents(order: Order, user: AbstractBaseUser) -> dict:
    """The order's invoice and notes, for staff who may see invoices."""
    if not user.has_perm(VIEW_INVOICES):
        return {"documents": None}
    documents = order_documents(order)
    return {"documents": documents, "no_invoice_why": "" if documents else no_invoice_why(order)}


def _is_duplicate(payment: Payment) -> bool:
    """Whether the attempt is a charge the order does not count (its row read with it)."""
    try:
        return payment.duplicate is not None
    except DuplicatePayment.DoesNotExist:
        return False

"""What a customer reads when a payment does not go through, or a refund comes back: our
words, chosen by Stripe's error, decline or refund failure code. Stripe's own text stays
with staff (attempt and refund rows, logs)."""

DECLINED = "Your card was declined. Please try another card."
GENERIC = "The payment did not go through. Please try again or use another card."
UNAVAILABLE = "Payments are unavailable right now. Please try again in a few minutes."
AUTHENTICATION_FAILED = (
    "The card's authentication with your bank failed. Please try again or use another card."
)
# A newer attempt began (its card check) but never reached us: its outcome is unknown.
UNFINISHED = "Your last attempt to pay did not finish."
# The page confirmed with the bank an attempt that another card, sent from another window,
# had replaced (outside probe FN-1: it showed that other card's decline as this one's).
REPLACED_BY_ANOTHER_CARD = (
    "This card was not charged: another card was sent for this order from another window "
    "or tab meanwhile, and its payment did not go through. Pay with this card again, or "
    "another one."
)
REPLACED_WHILE_ANOTHER_PAYS = (
    "This card was not charged: another card was sent for this order from another window "
    "or tab meanwhile, and its payment is under way there. Finish it there, or pay with "
    "this card here instead."
)
# Another card sent while an attempt is on its way to the bank, before its answer (outside
# probe GC-1: this card was dropped, and its page showed the other card's outcome). Not
# "another card": each window saves its own copy of a card, the same number typed in both.
ANOTHER_CARD_UNDER_WAY = (
    "This card was not charged: a card was sent for this order from another window or tab "
    "a moment ago, and its payment is on its way to the bank. Wait for its answer there; "
    "if it does not go through, pay with this card here."
)
# The same, for an API client: it has no window, tab, "there" or "here" (outside probe HX-2).
ANOTHER_CARD_UNDER_WAY_API = (
    "This payment method was not charged: the order's payment {id}, sent a moment ago with "
    "another one, is on its way to the bank. Follow it (GET …/payments/{id}) until it "
    "succeeds or fails; if it fails, send this payment method again."
)

_BY_CODE = {
    "card_declined": DECLINED,
    "generic_decline": DECLINED,
    "do_not_honor": DECLINED,
    "insufficient_funds": "Your card was declined: insufficient funds. Please try another card.",
    "lost_card": DECLINED,
    "stolen_card": DECLINED,
    "fraudulent": DECLINED,
    "expired_card": "Your card has expired. Please use another card.",
    "incorrect_cvc": "The card's security code is incorrect. Please check it and try again.",
    "incorrect_number": "The card number is incorrect. Please check it and try again.",
    "invalid_expiry_month": "The card's expiry date is invalid. Please check it.",
    "invalid_expiry_year": "The card's expiry date is invalid. Please check it.",
    "authentication_required": "Your bank asks you to confirm this payment. Please try again.",
    "payment_intent_authentication_failure": AUTHENTICATION_FAILED,
    # The same at the card check before the payment (outside probe CO-3: "The payment did
    # not go through", though none was tried).
    "setup_intent_authentication_failure": AUTHENTICATION_FAILED,
    # Stripe no longer knows the PaymentIntent that waited for 3-D Secure.
    "authentication_lost": (
        "Confirming this payment with your bank is no longer possible. "
        "Please enter your card again to pay."
    ),
    "processing_error": "Your card could not be charged right now. Please try again.",
    "api_connection_error": UNAVAILABLE,
    "no_answer": "We could not confirm this payment with the payment provider. Please try again.",
    "not_configured": UNAVAILABLE,
    # The payment page's request reached the shop, or not, but its answer did not come back
    # (a network blip, a restart): the payment may have gone through (outside probe ET-1:
    # "The payment did not go through", of a charged card).
    "shop_unreachable": (
        "We could not reach the shop, so we cannot tell yet whether your payment went "
        "through. Please reload this page before trying again: a payment that went through "
        "shows there within a minute."
    ),
    # The same before anything was sent to the bank (the card's check).
    "shop_unreachable_before_payment": (
        "We could not reach the shop: nothing was paid. Please check your connection and try again."
    ),
    # Stripe charges no less (about 0.50 USD, in the currency the shop is paid out in) and
    # no more than its limits: another card would not help.
    "amount_too_small": (
        "This order comes to less than a card can be charged, so it cannot be paid by card. "
        "Please contact us."
    ),
    "amount_too_large": (
        "This order comes to more than a card can be charged at once. Please contact us."
    ),
}


def customer_message(code: str) -> str:
    """The sentence a customer sees for Stripe's `code` (a decline or error code)."""
    return _BY_CODE.get(code, GENERIC)


def customer_messages() -> dict[str, str]:
    """Every code's sentence and, under "", the sentence for any other code: the payment
    page's script words Stripe.js's own refusals with them."""
    return {**_BY_CODE, "": GENERIC}


# Why a refund Stripe had paid came back (its `failure_reason`), for the customer's email
# and order history: the card's bank would not take the money and sent it back to us.
_REFUND_CAME_BACK = {
    "expired_or_canceled_card": (
        "the card you paid with has expired or was canceled, and its bank sent the money back to us"
    ),
    "lost_or_stolen_card": (
        "the card you paid with was reported lost or stolen, and its bank sent the money back to us"
    ),
}
REFUND_CAME_BACK = "your bank did not accept it and sent the money back to us"


def refund_came_back_words(failure_reason: str) -> str:
    """Why the refund the customer was told of did not reach them, in their words."""
    return _REFUND_CAME_BACK.get(failure_reason, REFUND_CAME_BACK)

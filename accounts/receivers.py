from django.contrib import messages

from accounts.models import ErasureRequest
from morpheus.db_context import system_scope
from morpheus.throttles import sign_in_clears_failures
from orders.session_cart import merge_into_customer_cart


def clear_sign_in_failures(sender, request, user, **kwargs) -> None:
    """The account's sign-in limit counts wrong passwords since the last sign-in
    (storefront and admin)."""
    if request is not None:
        sign_in_clears_failures(request)


def keep_visitor_cart(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    merged = merge_into_customer_cart(request.session, user)
    for titles, why in (
        (merged.owned, "Already in your library"),
        (merged.unavailable, "No longer for sale"),
    ):
        if titles:
            messages.info(
                request,
                f"{why}, so left out of your cart: {', '.join(titles)}.",
                fail_silently=True,
            )


def erasure_asked(sender, user_ids: list[int], **kwargs) -> set[int]:
    with system_scope():
        return set(
            ErasureRequest.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True)
        )
